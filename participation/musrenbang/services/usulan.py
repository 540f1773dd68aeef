"""Usulan: enter (coordinator, admin, pokir), edit, rank, similar usulan. Transitions live in
``transitions``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import NotFound, PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.core.text import contains_nik, squash
from participation.musrenbang import policies
from participation.musrenbang.importing.cells import (
    VOLUME_NOT_POSITIVE,
    VOLUME_TOO_BIG,
    VOLUME_TOO_PRECISE,
    CellError,
    parse_decimal,
    parse_rupiah,
    volume_problem,
)
from participation.musrenbang.models import Jenis, MusrenbangCycle, Sumber, Usulan, UsulanEvent
from participation.musrenbang.similarity import Candidate, most_similar
from participation.musrenbang.workflow import (
    Tier,
    UsulanStatus,
)
from participation.regions.models import Kelurahan

__all__ = [
    "UsulanInput",
    "UsulanInvalid",
    "create_usulan",
    "get_usulan",
    "move_usulan",
    "parse_usulan_form",
    "similar_usulan",
    "update_usulan",
]

# Statuses whose order the kelurahan still decides (ranking a decided usulan means nothing).
RANKABLE = (UsulanStatus.DRAFT, UsulanStatus.SUBMITTED)


class UsulanInvalid(ValidationError):
    """Several fields wrong at once: ``errors`` maps field → Indonesian message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(errors[first], field=first)
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class UsulanInput:
    title: str
    permasalahan: str
    alamat: str
    volume: Decimal
    satuan: str
    rt: str | None = None
    rw: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    bidang: str | None = None
    opd: str | None = None
    jenis: str | None = None
    anggaran: int | None = None
    pengusul: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k in self.__slots__
            if (v := getattr(self, k)) is not None
        }


def _rt(text: str, field: str, errors: dict[str, str]) -> str | None:
    text = squash(text).upper().removeprefix("RT").removeprefix("RW").strip(" .")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 4:  # "²" is a digit to isdigit
        errors[field] = N_("Tulis nomor saja, misalnya 03.")
        return None
    return f"{int(text):03d}"


NIK_MESSAGE = N_("Jangan menuliskan NIK (nomor induk kependudukan, 16 angka) di sini: usulan "
                 "ditampilkan untuk umum. Hapus nomor itu, lalu simpan lagi.")


def parse_usulan_form(data: Mapping[str, str]) -> UsulanInput:
    """Typed input from form text. Collects every problem (Indonesian) before raising."""
    errors: dict[str, str] = {}
    title = squash(data.get("title"))
    permasalahan = (data.get("permasalahan") or "").strip()
    alamat = squash(data.get("alamat"))
    satuan = squash(data.get("satuan"))
    if not 5 <= len(title) <= 500:
        errors["title"] = N_("Tulis usulan singkat, 5–500 karakter (contoh: Semenisasi jalan lingkungan).")
    if not 10 <= len(permasalahan) <= 2000:
        errors["permasalahan"] = N_("Jelaskan masalahnya, 10–2000 karakter.")
    if not 3 <= len(alamat) <= 500:
        errors["alamat"] = N_("Tulis alamat atau lokasi (contoh: Jl. Mulawarman Gg. Kenanga).")
    for name, value in (("title", title), ("permasalahan", permasalahan), ("alamat", alamat)):
        if contains_nik(value):
            errors[name] = NIK_MESSAGE
    volume_text = squash(data.get("volume"))
    volume = parse_decimal(volume_text) if volume_text else None
    volume_error = volume_problem(volume) if volume is not None else None
    if volume is None or volume_error == VOLUME_NOT_POSITIVE:
        errors["volume"] = N_("Tulis volume berupa angka lebih dari 0 (contoh: 150 atau 2,5).")
    elif volume_error is not None:  # the same verdict as the import, in a sentence
        errors["volume"] = {
            VOLUME_TOO_BIG: N_("Volume terlalu besar (paling banyak 99.999.999.999)."),
            VOLUME_TOO_PRECISE: N_("Volume paling banyak 3 angka di belakang koma (terkecil 0,001)."),
        }[volume_error]
    if not 1 <= len(satuan) <= 64:
        errors["satuan"] = N_("Tulis satuan (contoh: m, m2, unit, paket, orang).")
    anggaran = None
    if anggaran_text := squash(data.get("anggaran")):
        try:
            anggaran = parse_rupiah(anggaran_text)
        except CellError as exc:
            errors["anggaran"] = N_("Perkiraan anggaran %(m)s.") % {"m": str(exc)}
    jenis = squash(data.get("jenis")).upper() or None
    if jenis and jenis not in Jenis.__members__:
        errors["jenis"] = N_("Pilih jenis SARPRAS, LK, atau PM.")
    rt = _rt(data.get("rt") or "", "rt", errors)
    rw = _rt(data.get("rw") or "", "rw", errors)
    lat = lon = None
    lat_text, lon_text = squash(data.get("latitude")), squash(data.get("longitude"))
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text.replace(",", ".")), float(lon_text.replace(",", "."))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            errors["latitude"] = N_(
                "Koordinat tidak sah; isi lintang dan bujur (contoh: -1.2290 dan 116.9790) "
                "atau kosongkan keduanya."
            )
            lat = lon = None
    if errors:
        raise UsulanInvalid(errors)
    assert volume is not None  # noqa: S101 - checked above
    return UsulanInput(
        title=title,
        permasalahan=permasalahan,
        alamat=alamat,
        volume=volume,
        satuan=satuan,
        rt=rt,
        rw=rw,
        latitude=lat,
        longitude=lon,
        bidang=squash(data.get("bidang"))[:255] or None,
        opd=squash(data.get("opd"))[:255] or None,
        jenis=jenis,
        anggaran=anggaran,
        pengusul=squash(data.get("pengusul"))[:255] or None,
    )


def get_usulan(session: Session, usulan_id: int) -> Usulan:
    usulan = session.get(Usulan, usulan_id)
    if usulan is None:
        raise NotFound(N_("Usulan tidak ditemukan."))
    return usulan


def _stage_open(cycle: MusrenbangCycle, tier: Tier, now: dt.datetime) -> bool:
    stage = cycle.stage(tier)
    return stage is not None and stage.is_open(now)


def _locked_message(tier: Tier) -> str:
    return N_(
        "Tahap musrenbang %(tier)s tidak sedang dibuka; usulan pada tahap ini terkunci "
        "(tidak bisa ditambah atau diubah). Hubungi admin bila tahap perlu dibuka kembali."
    ) % {"tier": tier.label}


def _event(
    session: Session,
    usulan: Usulan,
    *,
    actor: User | None,
    action: str,
    from_status: str | None,
    reason: str | None,
    now: dt.datetime,
) -> UsulanEvent:
    event = UsulanEvent(
        usulan=usulan,
        actor_id=actor.id if actor else None,
        at=now,
        action=action,
        from_status=from_status,
        to_status=usulan.status,
        reason=reason,
    )
    session.add(event)
    return event


def _next_prioritas(session: Session, cycle_id: int, kelurahan_code: str) -> int:
    top = session.scalar(
        select(func.max(Usulan.prioritas)).where(
            Usulan.cycle_id == cycle_id, Usulan.kelurahan_code == kelurahan_code
        )
    )
    return (top or 0) + 1


def create_usulan(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    kelurahan_code: str,
    data: UsulanInput,
    actor: User | None,
    now: dt.datetime,
    sumber: Sumber = Sumber.KOORDINATOR,
) -> Usulan:
    """A coordinator's (or admin's) usulan as draf while the kelurahan stage is open; a DPRD
    member's pokir goes straight to the kecamatan queue as diajukan (there is no kelurahan
    forum for reses results) while the kelurahan or kecamatan stage is open."""
    if session.get(Kelurahan, kelurahan_code) is None:
        raise ValidationError(N_("Kelurahan tidak dikenal."), field="kelurahan_code")
    if sumber == Sumber.POKIR:
        if actor is not None and not policies.can_enter_pokir(actor):
            raise PermissionDenied(N_("Hanya anggota DPRD yang memasukkan pokir."))
        if not (_stage_open(cycle, Tier.KELURAHAN, now) or _stage_open(cycle, Tier.KECAMATAN, now)):
            raise ValidationError(_locked_message(Tier.KECAMATAN))
        status = UsulanStatus.SUBMITTED
    else:
        if actor is not None and not policies.can_create_usulan(actor, kelurahan_code):
            raise PermissionDenied(N_("Anda hanya dapat memasukkan usulan untuk kelurahan Anda sendiri."))
        if not _stage_open(cycle, Tier.KELURAHAN, now):
            raise ValidationError(_locked_message(Tier.KELURAHAN))
        status = UsulanStatus.DRAFT
    usulan = Usulan(
        cycle_id=cycle.id,
        kelurahan_code=kelurahan_code,
        status=status.value,
        sumber=sumber.value,
        prioritas=_next_prioritas(session, cycle.id, kelurahan_code),
        created_by_id=actor.id if actor else None,
        created_at=now,
        updated_at=now,
        **{k: getattr(data, k) for k in _EDITABLE},
    )
    session.add(usulan)
    session.flush()
    if sumber == Sumber.POKIR:
        _event(
            session,
            usulan,
            actor=actor,
            action="pokir",
            from_status=None,
            reason=N_("Pokir DPRD hasil reses, langsung diajukan ke verifikasi kecamatan."),
            now=now,
        )
    else:
        _event(session, usulan, actor=actor, action="create", from_status=None, reason=None, now=now)
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.create",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        after={
            "kelurahan": kelurahan_code,
            "status": status.value,
            "sumber": sumber.value,
            "title": usulan.title,
        },
    )
    return usulan


_EDITABLE = (
    "title",
    "permasalahan",
    "alamat",
    "rt",
    "rw",
    "latitude",
    "longitude",
    "bidang",
    "opd",
    "jenis",
    "volume",
    "satuan",
    "anggaran",
    "pengusul",
)


def _check_editable(usulan: Usulan, actor: User | None, now: dt.datetime) -> None:
    if actor is not None and not policies.can_edit_usulan(actor, usulan):
        raise PermissionDenied(N_("Anda hanya dapat mengubah usulan kelurahan Anda sendiri."))
    if usulan.status != UsulanStatus.DRAFT:
        raise ValidationError(
            N_(
                "Usulan berstatus \u201c%(s)s\u201d tidak dapat diubah lagi; tarik kembali ke draf "
                "dulu (dengan alasan) bila tahap kelurahan masih dibuka."
            )
            % {"s": usulan.status_enum.label}
        )
    if not _stage_open(usulan.cycle, Tier.KELURAHAN, now):
        raise ValidationError(_locked_message(Tier.KELURAHAN))


def update_usulan(
    session: Session, *, usulan: Usulan, data: UsulanInput, actor: User | None, now: dt.datetime
) -> Usulan:
    _check_editable(usulan, actor, now)
    new = {k: getattr(data, k) for k in _EDITABLE}
    before = {
        k: _plain(getattr(usulan, k)) for k in _EDITABLE if _plain(getattr(usulan, k)) != _plain(new[k])
    }
    if not before:
        return usulan
    for key, value in new.items():
        setattr(usulan, key, value)
    usulan.updated_at = now
    _event(session, usulan, actor=actor, action="edit", from_status=usulan.status, reason=None, now=now)
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.edit",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        before=before,
        after={k: _plain(new[k]) for k in before},
    )
    session.flush()
    return usulan


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def move_usulan(
    session: Session, *, usulan: Usulan, direction: str, actor: User | None, now: dt.datetime
) -> None:
    """Swap prioritas with the neighbour above ("up") or below ("down") among the kelurahan's
    usulan still in its hands (draf and diajukan)."""
    if actor is not None and not policies.can_manage_kelurahan(actor, usulan.kelurahan_code):
        raise PermissionDenied(N_("Anda hanya dapat mengurutkan usulan kelurahan Anda sendiri."))
    if direction not in ("up", "down"):
        raise ValidationError(N_("Arah tidak dikenal."))
    if usulan.status not in RANKABLE:
        raise ValidationError(N_("Hanya usulan draf atau diajukan yang dapat diurutkan."))
    if not _stage_open(usulan.cycle, Tier.KELURAHAN, now):
        raise ValidationError(_locked_message(Tier.KELURAHAN))
    siblings = list(
        session.scalars(
            select(Usulan)
            .where(
                Usulan.cycle_id == usulan.cycle_id,
                Usulan.kelurahan_code == usulan.kelurahan_code,
                Usulan.status.in_([s.value for s in RANKABLE]),
            )
            .order_by(Usulan.prioritas, Usulan.id)
        )
    )
    # renumber 1..n first, so gaps or duplicates left by imports do not block a move
    for number, item in enumerate(siblings, start=1):
        item.prioritas = number
    index = siblings.index(usulan)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    neighbour = siblings[other]
    usulan.prioritas, neighbour.prioritas = neighbour.prioritas, usulan.prioritas
    _event(
        session,
        usulan,
        actor=actor,
        action="rank",
        from_status=usulan.status,
        reason=N_("Prioritas menjadi %(n)d.") % {"n": usulan.prioritas},
        now=now,
    )
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.rank",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        before={"prioritas": neighbour.prioritas},
        after={"prioritas": usulan.prioritas},
    )
    session.flush()


def similar_usulan(
    session: Session,
    *,
    cycle_id: int,
    kelurahan_code: str,
    title: str,
    permasalahan: str = "",
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[tuple[Usulan, float]]:
    """Usulan of the same kelurahan and cycle whose title resembles ``title`` (best first)."""
    rows = session.execute(
        select(Usulan.id, Usulan.title, Usulan.permasalahan).where(
            Usulan.cycle_id == cycle_id,
            Usulan.kelurahan_code == kelurahan_code,
            Usulan.status.notin_([UsulanStatus.CANCELLED.value]),
        )
    ).all()
    candidates = [Candidate(i, t, p or "") for i, t, p in rows if i != exclude_id]
    best = most_similar(title, candidates, permasalahan=permasalahan, limit=limit)
    if not best:
        return []
    by_id = {u.id: u for u in session.scalars(select(Usulan).where(Usulan.id.in_([c.id for c, _ in best])))}
    return [(by_id[c.id], s) for c, s in best]
