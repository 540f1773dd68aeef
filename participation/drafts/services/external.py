"""Input that arrived outside the platform (a letter, e-mail, RDPU), entered one by one by the tim
penyusun with its source; the file import of many is ``participation.drafts.importing``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.comments.models import Comment, Source, Stance
from participation.core import audit
from participation.core.clock import from_wita
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import carrying
from participation.drafts.models import (
    DraftUnit,
    DraftVersion,
)
from participation.drafts.services.revision import bump_revision

EXTERNAL_SOURCES = tuple(s.value for s in Source if s != Source.PLATFORM)


def add_external_comment(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    unit_key: str,
    stance: str,
    body: str,
    author_name: str,
    source: str,
    received_on: dt.date,
    now: dt.datetime,
    external_id: str | None = None,
    ip_hash: str | None = None,
) -> Comment:
    """One input that arrived outside the platform (a letter, e-mail, RDPU), entered by the tim
    penyusun with its source. Its time is the day it was received (WITA), not the day typed in."""
    unit, received, external_id = _checked_input(
        session,
        version=version,
        unit_key=unit_key,
        source=source,
        author_name=author_name,
        received_on=received_on,
        now=now,
        external_id=external_id,
    )
    stance_value = comment_services.parse_stance(stance).value
    comment = comment_services.add_comment(
        session,
        target=unit.comment_target,
        author=None,
        author_name=author_name,
        source=source,
        external_id=external_id,
        stance=stance_value,
        body=body,
        now=received,
        suggested_wording=body if stance_value == Stance.AMEND else None,
    )
    if version.has_confirmed_successor:
        session.flush()
        carrying.carry_comment(session, comment, version, now=now)
    bump_revision(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.external.add",
        target_type="comment",
        target_id=comment.id,
        now=now,
        after={
            "version": version.id,
            "unit": unit.key,
            "source": source,
            "external_id": external_id,
            "received_on": received_on.isoformat(),
        },
        ip_hash=ip_hash,
    )
    session.flush()
    return comment


def _checked_input(
    session: Session,
    *,
    version: DraftVersion,
    unit_key: str,
    source: str,
    author_name: str,
    received_on: dt.date,
    now: dt.datetime,
    external_id: str | None,
) -> tuple[DraftUnit, dt.datetime, str | None]:
    """Refuse an external input without a commentable unit, a known source, a name, a past
    date or a new number; its unit, the time it was received and its number tidied."""
    unit = session.scalar(
        select(DraftUnit).where(
            DraftUnit.version_id == version.id,
            DraftUnit.key == (unit_key or "").strip(),
            DraftUnit.comment_target_id.is_not(None),
        )
    )
    if unit is None:
        raise ValidationError(
            N_("Pilih pasal, ayat, atau huruf yang dimaksud dari daftar."), field="unit_key"
        )
    if source not in EXTERNAL_SOURCES:
        raise ValidationError(
            N_("Pilih sumber masukan: surat, e-mail, RDPU, forum, atau lainnya."), field="source"
        )
    if not squash(author_name):
        raise ValidationError(
            N_("Nama pemberi masukan wajib diisi (orang atau lembaga)."), field="author_name"
        )
    received = from_wita(dt.datetime.combine(received_on, dt.time()))
    if received > now:
        raise ValidationError(N_("Tanggal diterima tidak boleh di masa depan."), field="received_on")
    external_id = squash(external_id)[:100] or None
    if (
        external_id
        and session.scalar(
            select(Comment.id).where(Comment.source == source, Comment.external_id == external_id)
        )
        is not None
    ):
        raise ValidationError(
            N_("Nomor {ident} dari sumber ini sudah pernah dicatat.").format(ident=external_id),
            field="external_id",
        )
    return unit, received, external_id
