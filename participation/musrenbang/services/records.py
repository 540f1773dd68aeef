"""Photos of usulan and berita acara of forums: files checked by content, kept in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.files import FileKind, store_file
from participation.core.i18n import N_
from participation.core.text import squash
from participation.musrenbang import files, policies
from participation.musrenbang.models import BeritaAcara, MusrenbangCycle, Usulan, UsulanPhoto
from participation.regions.models import Kecamatan, Kelurahan

__all__ = ["MAX_PHOTOS", "add_photo", "record_berita_acara"]

MAX_PHOTOS = 5


def add_photo(
    session: Session,
    *,
    usulan: Usulan,
    data: bytes,
    actor: User | None,
    now: dt.datetime,
) -> UsulanPhoto:
    if actor is not None and not policies.can_edit_usulan(actor, usulan):
        raise PermissionDenied(N_("Anda hanya dapat menambah foto pada usulan kelurahan Anda sendiri."))
    if len(usulan.photos) >= MAX_PHOTOS:
        raise ValidationError(N_("Paling banyak %(n)d foto per usulan.") % {"n": MAX_PHOTOS}, field="photo")
    kind = files.check_photo(data)
    stored = store_file(
        session,
        data,
        content_type=kind,
        filename=f"foto-usulan-{usulan.id}{files.EXTENSIONS[kind]}",
        kind=FileKind.USULAN_PHOTO,
        actor_id=actor.id if actor else None,
        now=now,
    )
    photo = UsulanPhoto(
        usulan=usulan,
        file=stored,
        uploaded_by_id=actor.id if actor else None,
        uploaded_at=now,
    )
    session.add(photo)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.photo",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        after={
            "photo": photo.id,
            "file": stored.id,
            "type": kind,
            "size": stored.size,
            "sha256": stored.sha256,
        },
    )
    return photo


def record_berita_acara(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    forum_date: dt.date,
    attendance: int,
    data: bytes,
    filename: str,
    usulan_ids: Sequence[int],
    actor: User | None,
    now: dt.datetime,
    kelurahan_code: str | None = None,
    kecamatan_code: str | None = None,
) -> BeritaAcara:
    if (kelurahan_code is None) == (kecamatan_code is None):
        raise ValidationError(N_("Pilih forum kelurahan atau kecamatan."), field="region")
    if kelurahan_code and session.get(Kelurahan, kelurahan_code) is None:
        raise ValidationError(N_("Kelurahan tidak dikenal."), field="region")
    if kecamatan_code and session.get(Kecamatan, kecamatan_code) is None:
        raise ValidationError(N_("Kecamatan tidak dikenal."), field="region")
    if actor is not None and not policies.can_record_berita_acara(
        actor, kelurahan_code=kelurahan_code, kecamatan_code=kecamatan_code
    ):
        raise PermissionDenied(N_("Anda hanya dapat mencatat berita acara forum wilayah Anda."))
    if not 0 <= attendance <= 100_000:
        raise ValidationError(N_("Jumlah hadir harus bilangan 0–100000."), field="attendance")
    if not dt.date(cycle.year - 1, 1, 1) <= forum_date <= dt.date(cycle.year + 1, 12, 31):
        raise ValidationError(N_("Tanggal forum di luar tahun siklus."), field="forum_date")
    kind = files.check_pdf(data)
    stmt = select(Usulan).where(Usulan.id.in_(list(usulan_ids)), Usulan.cycle_id == cycle.id)
    if kelurahan_code:
        stmt = stmt.where(Usulan.kelurahan_code == kelurahan_code)
    else:
        stmt = stmt.where(Usulan.kelurahan_code.startswith(f"{kecamatan_code}."))
    linked = list(session.scalars(stmt))
    if len(linked) != len(set(usulan_ids)):
        raise ValidationError(N_("Sebagian usulan yang dipilih bukan usulan forum ini."), field="usulan_ids")
    stored = store_file(
        session,
        data,
        content_type=kind,
        filename=squash(filename)[:255] or "berita-acara.pdf",
        kind=FileKind.BERITA_ACARA,
        actor_id=actor.id if actor else None,
        now=now,
    )
    ba = BeritaAcara(
        cycle_id=cycle.id,
        kelurahan_code=kelurahan_code,
        kecamatan_code=kecamatan_code,
        forum_date=forum_date,
        attendance=attendance,
        file=stored,
        uploaded_by_id=actor.id if actor else None,
        created_at=now,
    )
    ba.usulan_list = linked
    session.add(ba)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.berita_acara.create",
        target_type="berita_acara",
        target_id=ba.id,
        now=now,
        after={
            "kelurahan": kelurahan_code,
            "kecamatan": kecamatan_code,
            "forum_date": forum_date.isoformat(),
            "attendance": attendance,
            "usulan": sorted(u.id for u in linked),
            "file": stored.id,
            "sha256": stored.sha256,
        },
    )
    return ba
