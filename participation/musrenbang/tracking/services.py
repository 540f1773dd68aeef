"""Recording what happened to an accepted usulan: ``record_update`` appends the update (never
changes an old one), its photos and an audit event. Validate, add, flush; the caller commits.
What an update may hold, and how typed text becomes one (``parse_update``), is in
``participation.musrenbang.tracking.rules``.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.clock import today_wita
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.files import FileKind, store_file
from participation.core.i18n import N_
from participation.musrenbang import files
from participation.musrenbang.models import Usulan
from participation.musrenbang.tracking import policies
from participation.musrenbang.tracking.models import UsulanUpdate, UsulanUpdatePhoto
from participation.musrenbang.tracking.rules import UpdateInput, UpdateInvalid
from participation.musrenbang.workflow import UsulanStatus

__all__ = [
    "MAX_PHOTOS_PER_UPDATE",
    "check_can_record",
    "record_update",
    "today_wita",
]

MAX_PHOTOS_PER_UPDATE = 3


def check_can_record(actor: User | None, usulan: Usulan) -> None:
    if actor is not None and not policies.can_record_progress(actor):
        raise PermissionDenied(N_("Hanya Bappeda atau admin yang mencatat pelaksanaan usulan."))
    if usulan.status != UsulanStatus.ACCEPTED:
        raise ValidationError(
            N_(
                "Usulan ini berstatus \u201c%(s)s\u201d: pelaksanaan hanya dicatat untuk usulan yang "
                "diakomodir."
            )
            % {"s": usulan.status_enum.label},
            field="stage",
        )


def record_update(
    session: Session,
    *,
    usulan: Usulan,
    data: UpdateInput,
    actor: User | None,
    now: dt.datetime,
    photos: Sequence[bytes] = (),
    source: str = "form",
) -> UsulanUpdate:
    """Append one update (never changes an earlier one) with its photos; audit-logged."""
    check_can_record(actor, usulan)
    photos = [p for p in photos if p]
    if len(photos) > MAX_PHOTOS_PER_UPDATE:
        raise UpdateInvalid(
            {"photos": N_("Paling banyak %(n)d foto per pembaruan.") % {"n": MAX_PHOTOS_PER_UPDATE}}
        )
    kinds = []
    for data_bytes in photos:
        try:
            kinds.append(files.check_photo(data_bytes))
        except ValidationError as exc:
            raise UpdateInvalid({"photos": exc.message}) from exc
    update = UsulanUpdate(
        usulan_id=usulan.id,
        stage=data.stage.value,
        happened_on=data.happened_on,
        progress=data.progress,
        program_code=data.program_code,
        program_name=data.program_name,
        kegiatan_code=data.kegiatan_code,
        kegiatan_name=data.kegiatan_name,
        opd_id=data.opd_id,
        pagu_rkpd=data.pagu_rkpd,
        apbd_status=data.apbd_status.value if data.apbd_status else None,
        note=data.note,
        source=source,
        actor_id=actor.id if actor else None,
        recorded_at=now,
    )
    session.add(update)
    session.flush()
    stored_ids = []
    for data_bytes, kind in zip(photos, kinds, strict=True):
        stored = store_file(
            session,
            data_bytes,
            content_type=kind,
            filename=f"foto-pelaksanaan-{usulan.id}-{update.id}{files.EXTENSIONS[kind]}",
            kind=FileKind.USULAN_PHOTO,
            actor_id=actor.id if actor else None,
            now=now,
        )
        session.add(
            UsulanUpdatePhoto(
                update_id=update.id, file=stored, uploaded_by_id=actor.id if actor else None, uploaded_at=now
            )
        )
        stored_ids.append(stored.id)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.progress",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        after={**data.as_dict(), "update": update.id, "source": source, "photos": stored_ids},
        reason=data.note,
    )
    return update
