"""Correcting a version still being checked: its text replaced and parsed again, its units and
its mapping from the previous version rebuilt, while nothing can point at the old units yet.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Comment, CommentTarget
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.drafts.models import (
    CommentAnchor,
    DraftUnit,
    DraftVersion,
    UnitMapping,
)
from participation.drafts.parsing import parse_perda
from participation.drafts.services.mapping import successor_changed
from participation.drafts.services.revision import bump_revision
from participation.drafts.services.versions import (
    MAX_TEXT_CHARS,
    frontmatter,
    parse_report,
    store_mapping,
    store_units,
)


def reparse_version(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    text: str,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> DraftVersion:
    """Replace the text of a version still being checked with the tim penyusun's corrected text:
    parse it again and rebuild its units and its mapping from the previous version.

    Only while nothing can point at the old units: not published, no comment on them, and no
    later version mapped against them. Comments carried here from the previous version are
    derived data (the comments themselves stay on their own version): they are dropped with the
    mapping, whose confirmation is withdrawn, as is any acknowledgement of warnings — the new
    text has its own."""
    text, targets = _checked_correction(session, version, text)
    result = parse_perda(text)
    old_report = version.parse_report or {}
    before = {
        "counts": old_report.get("counts", {}),
        "errors": len(old_report.get("errors", [])),
        "warnings": len(old_report.get("warnings", [])),
        "mapping_confirmed": version.mapping_confirmed_at is not None,
    }
    session.flush()
    carried = _drop_units(session, version, targets)
    reparsed = dict(old_report.get("reparsed") or {})
    version.title = result.title or version.draft.title
    version.source_text = text
    version.parse_report = {
        **parse_report(result),
        # the stored text is no longer exactly what was uploaded
        "reparsed": {"by": actor.id, "at": now.isoformat(), "times": int(reparsed.get("times", 0)) + 1},
    }
    version.frontmatter = frontmatter(result)
    version.mapping_confirmed_at = None
    session.flush()
    successor_changed(session, version)
    store_units(session, version, result)
    if version.previous_id is not None:
        previous = session.get(DraftVersion, version.previous_id)
        if previous is not None:
            store_mapping(session, previous, version, result)
    bump_revision(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.reparse",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before=before,
        after={
            "counts": dict(result.counts),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "carried_comments_dropped": carried,
        },
        ip_hash=ip_hash,
    )
    session.flush()
    return version


def _checked_correction(session: Session, version: DraftVersion, text: str) -> tuple[str, list[int]]:
    """The corrected text (without a byte-order mark, with Unix line ends) and the comment targets
    of the version's units; refused once anything can point at those units: the version is
    published, a later version was mapped against it, or a comment was made on it."""
    if version.published:
        raise ValidationError(
            N_(
                "Versi ini sudah diterbitkan dan tidak dapat diubah; unggah "
                "naskah yang diperbaiki sebagai versi baru."
            )
        )
    text = (text or "").strip("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise ValidationError(N_("Naskah kosong: tempel teks atau unggah berkas rancangan."), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(N_("Naskah terlalu panjang."), field="text")
    later = session.scalar(select(DraftVersion.number).where(DraftVersion.previous_id == version.id).limit(1))
    if later is not None:
        raise ValidationError(
            N_("Versi {n} sudah dibandingkan dengan versi ini; perbaiki naskah di versi terbaru.").format(
                n=later
            )
        )
    targets = list(
        session.scalars(
            select(DraftUnit.comment_target_id).where(
                DraftUnit.version_id == version.id, DraftUnit.comment_target_id.is_not(None)
            )
        )
    )
    if (
        targets
        and session.scalar(select(Comment.id).where(Comment.target_id.in_(targets)).limit(1)) is not None
    ):
        raise ValidationError(
            N_(
                "Versi ini sudah punya masukan; naskahnya tidak dapat diganti. "
                "Unggah naskah yang diperbaiki sebagai versi baru."
            )
        )
    return text, targets


def _drop_units(session: Session, version: DraftVersion, targets: list[int]) -> int:
    """The version's units, their comment targets, its mapping and the comments carried to it,
    deleted; returns how many carried comments were dropped."""
    carried = session.execute(delete(CommentAnchor).where(CommentAnchor.version_id == version.id)).rowcount
    session.execute(delete(UnitMapping).where(UnitMapping.version_id == version.id))
    # children first would need an order; unlinking them lets one statement remove every unit
    session.execute(update(DraftUnit).where(DraftUnit.version_id == version.id).values(parent_id=None))
    session.execute(delete(DraftUnit).where(DraftUnit.version_id == version.id))
    if targets:  # checked above: no comment points at them
        session.execute(delete(CommentTarget).where(CommentTarget.id.in_(targets)))
    return carried
