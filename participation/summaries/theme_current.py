"""The themes as they stand: the computed themes of a version with the drafting team's edits
applied (issue 15). Never commits; must not import Flask.

Edits are rows of their own (``ThemeCurated``, ``ThemePin``) applied by ``theme_edits.apply_edits``
to the computed themes:

- at every recomputation: ``refresh_draft_summary`` calls ``curate`` before it stores the
  snapshot, so every new snapshot carries the edited themes; ``curate`` also keeps the computed
  themes (``ThemeComputed``) for the next edit; a version the team never edited keeps exactly
  the computed themes (none of the edit keys: ``label`` comes from the computation);
- at every edit (``theme_services``): the edit's transaction also stores a new snapshot, a copy of
  the newest one with its themes rebuilt here from the kept computed themes and all edits.

The themes page reads the newest snapshot's themes (``current_view``), and rebuilds them from the
kept computed themes and the edits when an edit is newer than that snapshot.

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
from participation.drafts.models import DraftUnit
from participation.summaries import queries
from participation.summaries.aggregation import excerpt
from participation.summaries.models import SummaryKind, SummarySnapshot, ThemeComputed, ThemeCurated, ThemePin
from participation.summaries.theme_edits import CommentInfo, Curated, Pin, apply_edits


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


def with_edits(
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


def computed_themes(session: Session, snapshot: SummarySnapshot) -> list[dict[str, Any]]:
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
        snap, with_edits(session, version_id, computed_themes(session, snap)), snap.input_fingerprint
    )


def find_theme(view: ThemeView, ref: str) -> dict[str, Any] | None:
    return next((t for t in view.themes if theme_ref(t) == ref), None)


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
