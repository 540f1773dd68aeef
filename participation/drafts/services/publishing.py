"""Publishing a version (errors block; so do warnings nobody confirmed reading) and its
consultation window: opening and closing times typed in WITA, closing early, and the countdown
shown on the draft's pages (``closing_text``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.clock import from_wita
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.drafts import carrying, lifecycle
from participation.drafts.models import (
    DraftVersion,
    UnitMapping,
    VersionStatus,
)
from participation.drafts.services.revision import bump_revision


def warnings_pending(version: DraftVersion) -> bool:
    """Warnings the tim penyusun has not yet confirmed having read (they block publishing)."""
    return bool(version.warnings) and not (version.parse_report or {}).get("acknowledged")


def publish_version(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    now: dt.datetime,
    ip_hash: str | None = None,
    acknowledge_warnings: bool = False,
    keep_previous_open: bool = False,
    notify_changes: bool = True,
) -> None:
    """Publish a checked version. Errors block; so do warnings nobody has confirmed reading.
    Publishing closes the commenting window of every earlier version still open, unless the tim
    penyusun explicitly keeps it open until its own end date (``keep_previous_open``).

    ``acknowledge_warnings``: only for a caller that has genuinely reviewed the text's warnings
    itself (the demo's own texts, test set-ups); it records the acknowledgement like the page
    does, so the audit log still says who accepted them."""
    if version.published:
        raise ValidationError(N_("Versi ini sudah diterbitkan dan tidak dapat diubah."))
    if version.errors:
        raise ValidationError(
            N_(
                "Versi ini belum dapat diterbitkan: perbaiki kesalahan pada "
                "pemeriksaan naskah (Perbaiki naskah, lalu baca ulang)."
            )
        )
    if warnings_pending(version):
        if not acknowledge_warnings:
            raise ValidationError(
                N_(
                    "Versi ini belum dapat diterbitkan: periksa setiap peringatan "
                    "pada pemeriksaan naskah, lalu konfirmasi bahwa peringatan itu "
                    "sudah ditinjau."
                )
            )
        _acknowledge(session, version=version, actor=actor, now=now, ip_hash=ip_hash)
    if version.previous_id is not None and version.mapping_confirmed_at is None:
        has_mapping = session.scalar(
            select(UnitMapping.id).where(UnitMapping.version_id == version.id).limit(1)
        )
        if has_mapping is not None:
            raise ValidationError(
                N_(
                    "Tinjau dan konfirmasi pemetaan pasal dari versi sebelumnya "
                    "sebelum menerbitkan versi ini."
                )
            )
    version.status = VersionStatus.PUBLISHED.value
    version.published_at = now
    if version.mapping_confirmed_at is not None:
        # the same anchors again, now telling the residents whose clause changed or went
        carrying.carry(session, version, now=now, tell=notify_changes)
    lifecycle.enter_uji_publik(session, draft=version.draft, actor=actor, now=now, version=version)
    closed = []
    if not keep_previous_open:
        # one version open at a time: residents comment on the text being finalised
        for earlier in session.scalars(
            select(DraftVersion).where(
                DraftVersion.draft_id == version.draft_id,
                DraftVersion.id != version.id,
                DraftVersion.number < version.number,
                DraftVersion.status == VersionStatus.PUBLISHED.value,
            )
        ):
            if earlier.closes_at is not None and earlier.closes_at > now:
                closed.append({"version": earlier.number, "closes_at": _iso(earlier.closes_at)})
                earlier.closes_at = max(now, earlier.opens_at or now)
    bump_revision(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.publish",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before={"status": "draft"},
        after={"status": "published", "closed_earlier": closed, "kept_open": keep_previous_open},
        ip_hash=ip_hash,
    )
    session.flush()


def acknowledge_warnings(
    session: Session, *, version: DraftVersion, actor: User, now: dt.datetime, ip_hash: str | None = None
) -> None:
    """The tim penyusun confirms having read every warning of the parse check (who and when go
    into the parse report and the audit log). Re-parsing the text withdraws it."""
    if version.published:
        raise ValidationError(N_("Versi ini sudah diterbitkan dan tidak dapat diubah."))
    if not version.warnings:
        raise ValidationError(N_("Versi ini tidak punya peringatan yang perlu dikonfirmasi."))
    if warnings_pending(version):
        _acknowledge(session, version=version, actor=actor, now=now, ip_hash=ip_hash)


def _acknowledge(
    session: Session, *, version: DraftVersion, actor: User, now: dt.datetime, ip_hash: str | None
) -> None:
    warnings = version.warnings
    # a new dict, not an in-place change: the JSON column only notices reassignment
    version.parse_report = {
        **version.parse_report,
        "acknowledged": {"by": actor.id, "at": now.isoformat(), "warnings": len(warnings)},
    }
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.acknowledge_warnings",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        after={"warnings": len(warnings), "codes": sorted({w.get("code") or "" for w in warnings})},
        ip_hash=ip_hash,
    )
    session.flush()


def set_window(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    opens_local: dt.datetime,
    closes_local: dt.datetime,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> None:
    """Times are typed in WITA (naive) and stored as UTC."""
    opens, closes = from_wita(opens_local), from_wita(closes_local)
    if closes <= opens:
        raise ValidationError(N_("Waktu penutupan harus sesudah waktu pembukaan."), field="closes_at")
    before = {"opens_at": _iso(version.opens_at), "closes_at": _iso(version.closes_at)}
    version.opens_at, version.closes_at = opens, closes
    bump_revision(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.window.set",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before=before,
        after={"opens_at": _iso(opens), "closes_at": _iso(closes)},
        ip_hash=ip_hash,
    )
    session.flush()


def close_window(
    session: Session, *, version: DraftVersion, actor: User, now: dt.datetime, ip_hash: str | None = None
) -> None:
    if not version.is_open(now):
        raise ValidationError(N_("Masa uji publik versi ini tidak sedang dibuka."))
    before = {"closes_at": _iso(version.closes_at)}
    version.closes_at = now
    bump_revision(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.window.close",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before=before,
        after={"closes_at": _iso(now)},
        ip_hash=ip_hash,
    )
    session.flush()


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def closing_text(version: DraftVersion, now: dt.datetime) -> str:
    """'ditutup 12 Desember 2026 23.59 WITA (tinggal 5 hari)' — server-rendered countdown: a
    core.i18n.Message whose dates are formatted in the reader's locale when shown."""
    from participation.core.formatting import countdown

    return countdown(version.opens_at, version.closes_at, now)
