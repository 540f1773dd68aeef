"""The drafting team's theme edits: rename, merge, split, move (issue 15). Never commits; must not
import Flask.

Each edit is a row of its own (``ThemeCurated``, ``ThemePin``, see ``theme_current`` for how edits
meet the computed themes) and, in the same transaction, a new snapshot: a copy of the newest one
with its themes rebuilt from the kept computed themes and all edits (no recomputation: an edit
costs a copy of the snapshot, not the clustering). Public pages, reports and JSON read the newest
snapshot, so they show an edit from the moment it is committed; there is no job to wait for.

Known gap: a refresh job running while an edit is committed may store a snapshot without it (it
read the edits at its ``curate``), or, since a job's snapshot is dated when the job started, the
edit's copy of the older snapshot may stay the newest one; the next refresh (a new comment, an
answer, the periodic reconcile) puts both right. The window is the job's run time (seconds).

A form names themes by ``theme_current.theme_ref`` and says which computation it was made from
(``basis``); an edit on an untouched theme of an older computation is refused as stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.audit import record
from participation.core.errors import NotFound, ValidationError
from participation.core.i18n import N_
from participation.summaries.models import SummarySnapshot, ThemeCurated, ThemePin
from participation.summaries.theme_current import (
    ThemeView,
    computed_themes,
    current_view,
    find_theme,
    theme_ref,
    visible_comments_ids,
    with_edits,
)

TARGET = "theme_curated"

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
    themes = with_edits(session, version_id, computed_themes(session, snap))
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
