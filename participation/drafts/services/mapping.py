"""Reviewing a new version's mapping: the proposed pairs of units, and their confirmation
(corrections, a reason for every removed clause) that carries every comment of the earlier
versions to this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import carrying
from participation.drafts.models import (
    DraftUnit,
    DraftVersion,
    UnitMapping,
)
from participation.drafts.parsing import CONTAINER_KINDS
from participation.drafts.services.revision import bump_revision


def mapping_rows(session: Session, version: DraftVersion) -> list[UnitMapping]:
    from sqlalchemy.orm import joinedload

    return list(
        session.scalars(
            select(UnitMapping)
            .where(UnitMapping.version_id == version.id)
            .options(joinedload(UnitMapping.old_unit), joinedload(UnitMapping.new_unit))
            .order_by(UnitMapping.id)
        )
    )


def successor_changed(session: Session, version: DraftVersion) -> None:
    """The previous version, if this session holds it, reloads ``has_confirmed_successor``."""
    previous = session.get(DraftVersion, version.previous_id) if version.previous_id else None
    if previous is not None:
        session.expire(previous, ["has_confirmed_successor"])


def confirm_mapping(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    now: dt.datetime,
    corrections: dict[int, str | None] | None = None,
    reasons: dict[int, str] | None = None,
    default_reason: str | None = None,
    link: Callable[[Comment], str | None] | None = None,
    ip_hash: str | None = None,
) -> dict[str, int]:
    """Apply the drafters' corrections (old unit id → new key, or None for removed) and the reason
    for each removal (``reasons`` by old unit id, ``default_reason`` for the rest: one is required
    for every removed clause), then carry every comment of the earlier versions to this one and
    to any later confirmed version, marked unchanged / changed / removed (``carrying``)."""
    if version.previous_id is None:
        raise ValidationError(N_("Versi pertama tidak punya versi sebelumnya untuk dipetakan."))
    if version.mapping_confirmed_at is not None:
        raise ValidationError(N_("Pemetaan versi ini sudah dikonfirmasi."))
    new_units = {
        u.key: u for u in session.scalars(select(DraftUnit).where(DraftUnit.version_id == version.id))
    }
    rows = mapping_rows(session, version)
    changes = _apply_corrections(rows, new_units, corrections)
    session.flush()
    _record_reasons(rows, reasons, default_reason)
    version.mapping_confirmed_at = now
    session.flush()
    successor_changed(session, version)
    # every comment of the chain, own and carried, finds its place here and in later versions
    counts = carrying.carry_forward(session, version, now=now, link=link)
    bump_revision(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.mapping.confirm",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        after={"corrections": changes, "carried": counts},
        ip_hash=ip_hash,
    )
    session.flush()
    return counts


def _apply_corrections(
    rows: list[UnitMapping], new_units: dict[str, DraftUnit], corrections: dict[int, str | None] | None
) -> list[dict[str, str | None]]:
    """The drafters' corrections (old unit id → new key, or None for removed) applied to the
    proposed mapping; returns what changed, for the audit log."""
    by_old = {m.old_unit_id: m for m in rows if m.old_unit_id is not None}
    changes = []
    for old_id, new_key in (corrections or {}).items():
        mapping = by_old.get(old_id)
        if mapping is None:
            raise ValidationError(N_("Pemetaan yang dikoreksi tidak ditemukan."))
        key = (new_key or "").strip()
        if key and key not in new_units:
            raise ValidationError(
                N_("Kunci {key} tidak ada di versi baru (contoh kunci: pasal-5/ayat-2).").format(key=key),
                field=f"map-{old_id}",
            )
        target = new_units[key] if key else None
        if (target.id if target else None) == mapping.new_unit_id:
            continue
        changes.append(
            {
                "old": mapping.old_unit.key if mapping.old_unit else None,
                "from": mapping.new_unit.key if mapping.new_unit else None,
                "to": key or None,
            }
        )
        mapping.new_unit_id = target.id if target else None
        mapping.new_unit = target
        mapping.status = "changed" if target else "removed"
        mapping.corrected = True
    return changes


def _record_reasons(
    rows: list[UnitMapping], reasons: dict[int, str] | None, default_reason: str | None
) -> None:
    """The reason for each removed clause (by old unit id, or the default): refused when one is
    missing, since residents who commented on it will read it."""
    missing = [
        m
        for m in rows
        if m.status == "removed"
        and m.old_unit is not None
        and m.old_unit.kind not in CONTAINER_KINDS
        and not squash((reasons or {}).get(m.old_unit_id) or m.reason or default_reason)
    ]
    if missing:
        labels = ", ".join(m.old_unit.label for m in missing[:5] if m.old_unit)
        raise ValidationError(
            N_(
                "Tulis alasan penghapusan untuk setiap ketentuan yang dihapus ({labels}): warga "
                "yang memberi masukan padanya akan membacanya."
            ).format(labels=labels + (" …" if len(missing) > 5 else "")),
            field="reasons",
        )
    for m in rows:
        if m.status == "removed" and m.old_unit is not None:
            m.reason = squash((reasons or {}).get(m.old_unit_id) or m.reason or default_reason)[:2000] or None
