"""The drafting team's theme edits: rename, merge, split, move (issue 15). Never commits; must not
import Flask.

Edits are rows of their own (``ThemeCurated``, ``ThemePin``) applied by ``theme_edits.apply_edits``
to the computed themes:

- at every recomputation: ``refresh_draft_summary`` calls ``curate`` before it stores the
  snapshot, so every new snapshot carries the edited themes; ``curate`` also keeps the computed
  themes (``ThemeComputed``) for the next edit; a version the team never edited keeps exactly
  the computed themes (none of the edit keys: ``label`` comes from the computation);
- at every edit: the edit's transaction also stores a new snapshot, a copy of the newest one with
  its themes rebuilt from the kept computed themes and all edits (no recomputation: an edit costs
  a copy of the snapshot, not the clustering). Public pages, reports and JSON read the newest
  snapshot, so they show an edit from the moment it is committed; there is no job to wait for.

The themes page reads the newest snapshot's themes, and rebuilds them from the kept computed
themes and the edits when an edit is newer than that snapshot. Known gap: a refresh job running
while an edit is committed may store a snapshot without it (it read the edits at its ``curate``),
or, since a job's snapshot is dated when the job started, the edit's copy of the older snapshot
may stay the newest one; the next refresh (a new comment, an answer, the periodic reconcile) puts
both right. The window is the job's run time (seconds).

Themes are referred to by ``theme_ref``: ``c<curated id>`` for a theme the team has touched
(stable), ``t<computed id>`` for an untouched one (valid while the same computation is current:
``basis`` says which one a form was made from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.comments.models import Comment, Visibility
from participation.core.audit import record
from participation.core.errors import NotFound, ValidationError
from participation.core.i18n import N_
from participation.drafts.models import DraftUnit
from participation.summaries import queries
from participation.summaries.aggregation import excerpt
from participation.summaries.models import (
    SummaryKind,
    SummarySnapshot,
    ThemeComputed,
    ThemeCurated,
    ThemePin,
)
from participation.summaries.theme_edits import CommentInfo, Curated, Pin, apply_edits

TARGET = "theme_curated"


def load_edits(session: Session, version_id: int) -> tuple[list[Curated], list[Pin]]:
    curated = [
        Curated(
            id=c.id,
            name=c.name,
            anchor_ids=frozenset(c.anchor_ids or ()),
            name_set=c.name_set,
            merged_into_id=c.merged_into_id,
            retired=c.retired,
        )
        for c in session.scalars(select(ThemeCurated).where(ThemeCurated.version_id == version_id))
    ]
    pins = [
        Pin(comment_id, theme_id)
        for comment_id, theme_id in session.execute(
            select(ThemePin.comment_id, ThemePin.theme_id).where(ThemePin.version_id == version_id)
        )
    ]
    return curated, pins


def visible_comments(session: Session, version_id: int) -> dict[int, CommentInfo]:
    """The version's visible top-level comments (what themes are made of), without texts."""
    rows = session.execute(
        select(Comment.id, Comment.external_id, Comment.stance, DraftUnit.key)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(
            DraftUnit.version_id == version_id,
            Comment.parent_id.is_(None),
            Comment.visibility == Visibility.VISIBLE.value,
        )
    )
    return {cid: CommentInfo(external_id, stance, key) for cid, external_id, stance, key in rows}


def excerpts(session: Session, ids: Sequence[int], length: int = 240) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        out.update(
            {
                cid: excerpt(body, length)
                for cid, body in session.execute(
                    select(Comment.id, Comment.body).where(Comment.id.in_(ids[start : start + 500]))
                )
            }
        )
    return out


def _apply(
    session: Session,
    version_id: int,
    themes: Iterable[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    curated, pins = load_edits(session, version_id)
    if not curated and not pins:  # nothing to apply: no comment rows to read
        return apply_edits(themes, [], [])
    return apply_edits(
        themes,
        curated,
        pins,
        comments=visible_comments(session, version_id),
        excerpts=lambda ids: excerpts(session, ids),
    )


def curate(
    session: Session, version_id: int, themes: list[dict[str, Any]], *, fingerprint: str, now: dt.datetime
) -> list[dict[str, Any]]:
    """Called by ``refresh_draft_summary`` with the freshly computed themes: keeps them for later
    edits and returns them with the drafting team's edits applied."""
    kept = session.get(ThemeComputed, version_id)
    if kept is None:
        kept = ThemeComputed(version_id=version_id)
        session.add(kept)
    kept.input_fingerprint, kept.themes, kept.computed_at = fingerprint, themes, now
    curated, pins = load_edits(session, version_id)
    if not curated and not pins:
        # untouched by the team: the snapshot stays exactly what aggregation built (no edit keys)
        return themes
    return apply_edits(
        themes,
        curated,
        pins,
        comments=visible_comments(session, version_id),
        excerpts=lambda ids: excerpts(session, ids),
    )


@dataclass
class ThemeView:
    snapshot: SummarySnapshot
    themes: list[dict[str, Any]]
    basis: str  # the computation the computed themes come from (its input fingerprint)


def theme_ref(theme: Mapping[str, Any]) -> str:
    if theme.get("curated_id") is not None:
        return f"c{theme['curated_id']}"
    return f"t{theme['computed_ids'][0]}"


def _computed_themes(session: Session, snapshot: SummarySnapshot) -> list[dict[str, Any]]:
    version_id = snapshot.result["scope"]["version_id"]
    kept = session.get(ThemeComputed, version_id)
    if kept is not None and kept.input_fingerprint == snapshot.input_fingerprint:
        return kept.themes
    # a snapshot made before edits were kept: its themes are the computed ones (applying the
    # edits again to edited themes gives the same themes: curated themes match their own anchors)
    return snapshot.result.get("themes", [])


def last_edit_at(session: Session, version_id: int) -> dt.datetime | None:
    times = [
        session.scalar(
            select(func.max(ThemeCurated.updated_at)).where(ThemeCurated.version_id == version_id)
        ),
        session.scalar(select(func.max(ThemePin.created_at)).where(ThemePin.version_id == version_id)),
    ]
    return max((t for t in times if t is not None), default=None)


def current_view(session: Session, version_id: int) -> ThemeView | None:
    """The newest snapshot's themes with every edit. The snapshot already carries them unless
    an edit is newer than it (a refresh that ran while the edit was made); then they are rebuilt
    from the kept computed themes."""
    snap = queries.latest_snapshot(session, SummaryKind.DRAFT, queries.draft_scope_key(version_id))
    if snap is None:
        return None
    themes = snap.result.get("themes", [])
    edited_at = last_edit_at(session, version_id)
    if all("computed_ids" in t for t in themes) and (edited_at is None or edited_at <= snap.created_at):
        return ThemeView(snap, themes, snap.input_fingerprint)
    return ThemeView(
        snap, _apply(session, version_id, _computed_themes(session, snap)), snap.input_fingerprint
    )


def find_theme(view: ThemeView, ref: str) -> dict[str, Any] | None:
    return next((t for t in view.themes if theme_ref(t) == ref), None)


_STALE = N_("Tema sudah dihitung ulang sejak halaman dibuka. Periksa lagi lalu kirim ulang.")


def _view(session: Session, version_id: int, basis: str | None, refs: Iterable[str]) -> ThemeView:
    view = current_view(session, version_id)
    if view is None:
        raise NotFound(N_("Ringkasan belum dihitung."))
    if basis is not None and basis != view.basis and any(r.startswith("t") for r in refs):
        raise ValidationError(_STALE)
    return view


def _theme(view: ThemeView, ref: str) -> dict[str, Any]:
    theme = find_theme(view, ref)
    if theme is None:
        raise NotFound(N_("Tema tidak ditemukan; mungkin sudah digabung atau dihitung ulang."))
    return theme


def _members(theme: Mapping[str, Any]) -> list[int]:
    return [c["id"] for c in theme["comments"]]


def _curated_row(
    session: Session, version_id: int, theme: Mapping[str, Any], *, actor_id: int | None, now: dt.datetime
) -> ThemeCurated:
    """The curated row of ``theme``; a new one anchored on its members when it has none (its
    name is the computed label, shown only until a computed theme no longer matches)."""
    if theme.get("curated_id") is not None:
        row = session.get(ThemeCurated, theme["curated_id"])
        if row is not None:
            return row
    row = ThemeCurated(
        version_id=version_id,
        name=theme["label"][:120],
        name_set=False,
        anchor_ids=_members(theme),
        retired=False,
        created_by_id=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _restamp(
    session: Session,
    view: ThemeView,
    version_id: int,
    now: dt.datetime,
) -> ThemeView:
    """Stores a snapshot carrying the edits (a copy of the newest one, new themes)."""
    session.flush()
    snap = view.snapshot
    themes = _apply(session, version_id, _computed_themes(session, snap))
    copy = SummarySnapshot(
        kind=snap.kind,
        scope_key=snap.scope_key,
        scope=snap.scope,
        input_fingerprint=snap.input_fingerprint,
        method=snap.method,
        parameters=snap.parameters,
        result={**snap.result, "themes": themes},
        created_at=max(now, snap.created_at),
        created_by_id=None,
        duration_ms=0,
    )
    session.add(copy)
    session.flush()
    return ThemeView(copy, themes, view.basis)


def _pin(
    session: Session,
    version_id: int,
    comment_id: int,
    theme_id: int,
    *,
    actor_id: int | None,
    now: dt.datetime,
    reason: str,
) -> int | None:
    """Places a comment in a curated theme; returns the theme it was pinned to before."""
    pin = session.scalar(
        select(ThemePin).where(ThemePin.version_id == version_id, ThemePin.comment_id == comment_id)
    )
    if pin is None:
        session.add(
            ThemePin(
                version_id=version_id,
                comment_id=comment_id,
                theme_id=theme_id,
                created_by_id=actor_id,
                created_at=now,
                reason=reason,
            )
        )
        return None
    before = pin.theme_id
    pin.theme_id, pin.created_by_id, pin.created_at, pin.reason = theme_id, actor_id, now, reason
    return before


def _summary(theme: Mapping[str, Any]) -> dict[str, Any]:
    return {"ref": theme_ref(theme), "label": theme["label"], "size": theme["size"]}


def rename_theme(
    session: Session,
    version_id: int,
    *,
    ref: str,
    name: str,
    reason: str,
    actor_id: int | None,
    now: dt.datetime,
    ip_hash: str | None = None,
    basis: str | None = None,
) -> ThemeView:
    view = _view(session, version_id, basis, [ref])
    theme = _theme(view, ref)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(N_("Nama tema wajib diisi."), field="name")
    row = _curated_row(session, version_id, theme, actor_id=actor_id, now=now)
    row.name, row.name_set, row.updated_at = name, True, now
    row.anchor_ids = _members(theme)
    record(
        session,
        actor_id=actor_id,
        action="theme.rename",
        target_type=TARGET,
        target_id=row.id,
        now=now,
        before=_summary(theme),
        after={"label": name},
        reason=reason,
        ip_hash=ip_hash,
    )
    return _restamp(session, view, version_id, now)


def merge_themes(
    session: Session,
    version_id: int,
    *,
    refs: Sequence[str],
    name: str | None,
    reason: str,
    actor_id: int | None,
    now: dt.datetime,
    ip_hash: str | None = None,
    basis: str | None = None,
) -> ThemeView:
    refs = list(dict.fromkeys(refs))
    if len(refs) < 2:
        raise ValidationError(N_("Pilih sedikitnya dua tema untuk digabung."), field="themes")
    view = _view(session, version_id, basis, refs)
    themes = sorted((_theme(view, r) for r in refs), key=lambda t: t["id"])
    name = " ".join((name or "").split())
    largest = themes[0]
    members = sorted({cid for t in themes for cid in _members(t)})
    row = ThemeCurated(
        version_id=version_id,
        name=(name or largest["label"])[:120],
        name_set=bool(name)
        or bool(
            largest.get("curated_id") is not None
            and session.get(ThemeCurated, largest["curated_id"]).name_set
        ),
        anchor_ids=members,
        retired=False,
        created_by_id=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    for t in themes:
        if t.get("curated_id") is not None:
            old = session.get(ThemeCurated, t["curated_id"])
            old.merged_into_id, old.updated_at = row.id, now
    record(
        session,
        actor_id=actor_id,
        action="theme.merge",
        target_type=TARGET,
        target_id=row.id,
        now=now,
        before={"themes": [_summary(t) for t in themes]},
        after={"label": row.name, "size": len(members)},
        reason=reason,
        ip_hash=ip_hash,
    )
    return _restamp(session, view, version_id, now)


def split_theme(
    session: Session,
    version_id: int,
    *,
    ref: str,
    comment_ids: Sequence[int],
    name: str,
    reason: str,
    actor_id: int | None,
    now: dt.datetime,
    ip_hash: str | None = None,
    basis: str | None = None,
) -> ThemeView:
    """The ticked ``comment_ids`` of a theme become a new theme named ``name``."""
    view = _view(session, version_id, basis, [ref])
    theme = _theme(view, ref)
    members = set(_members(theme))
    ticked = sorted(set(comment_ids))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(N_("Nama tema baru wajib diisi."), field="name")
    if not ticked or not set(ticked) <= members:
        raise ValidationError(
            N_("Centang masukan dari tema ini yang menjadi tema baru."), field="comment_ids"
        )
    if len(ticked) == len(members):
        raise ValidationError(
            N_(
                "Sisakan sedikitnya satu masukan di tema asal; untuk mengganti "
                "nama seluruh tema, gunakan Ganti nama."
            ),
            field="comment_ids",
        )
    row = ThemeCurated(
        version_id=version_id,
        name=name[:120],
        name_set=True,
        anchor_ids=ticked,
        retired=False,
        created_by_id=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    if theme.get("curated_id") is not None:
        source = session.get(ThemeCurated, theme["curated_id"])
        source.anchor_ids = sorted(members - set(ticked))
        source.updated_at = now
    for cid in ticked:
        _pin(session, version_id, cid, row.id, actor_id=actor_id, now=now, reason=reason)
    record(
        session,
        actor_id=actor_id,
        action="theme.split",
        target_type=TARGET,
        target_id=row.id,
        now=now,
        before=_summary(theme),
        after={"label": name, "comment_ids": ticked},
        reason=reason,
        ip_hash=ip_hash,
    )
    return _restamp(session, view, version_id, now)


def move_comment(
    session: Session,
    version_id: int,
    *,
    comment_id: int,
    target_ref: str,
    reason: str,
    actor_id: int | None,
    now: dt.datetime,
    ip_hash: str | None = None,
    basis: str | None = None,
) -> ThemeView:
    view = _view(session, version_id, basis, [target_ref])
    target = _theme(view, target_ref)
    if comment_id not in visible_comments_ids(session, version_id, [comment_id]):
        raise ValidationError(
            N_("Masukan itu tidak ada di versi ini atau disembunyikan."), field="comment_id"
        )
    if comment_id in _members(target):
        raise ValidationError(N_("Masukan ini sudah ada di tema tersebut."), field="comment_id")
    source = next((t for t in view.themes if comment_id in _members(t)), None)
    row = _curated_row(session, version_id, target, actor_id=actor_id, now=now)
    _pin(session, version_id, comment_id, row.id, actor_id=actor_id, now=now, reason=reason)
    record(
        session,
        actor_id=actor_id,
        action="theme.move",
        target_type=TARGET,
        target_id=row.id,
        now=now,
        before={"comment_id": comment_id, "theme": _summary(source) if source else None},
        after={"comment_id": comment_id, "theme": _summary(target)},
        reason=reason,
        ip_hash=ip_hash,
    )
    return _restamp(session, view, version_id, now)


def visible_comments_ids(session: Session, version_id: int, ids: Sequence[int]) -> set[int]:
    return set(
        session.scalars(
            select(Comment.id)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .where(
                DraftUnit.version_id == version_id,
                Comment.id.in_(ids),
                Comment.parent_id.is_(None),
                Comment.visibility == Visibility.VISIBLE.value,
            )
        )
    )
