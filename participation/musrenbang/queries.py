"""Read-only, page-shaped selects for musrenbang pages: a constant number of statements per page
whatever the data size (joins and selectinload, never lazy loads from templates).

Public reads never return personal data: no pengusul, no creator, no e-mail. Must not import
Flask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from participation.accounts.queries import kecamatan_choices
from participation.core.text import LIKE_ESCAPE, escape_like
from participation.musrenbang.models import (
    BeritaAcara,
    Bidang,
    MusrenbangCycle,
    Opd,
    Pagu,
    ResidentProposal,
    Usulan,
    UsulanEvent,
)
from participation.musrenbang.workflow import FINAL_STATUSES, UsulanStatus, tier_of
from participation.regions.models import Kecamatan, Kelurahan

# what still competes for (or has won) the pagu: not declined, redirected, rejected or cancelled
ACTIVE_STATUSES = tuple(s.value for s in UsulanStatus if s not in FINAL_STATUSES - {UsulanStatus.ACCEPTED})


@dataclass
class UsulanFilter:
    year: int | None = None
    kecamatan: str = ""
    kelurahan: str = ""
    bidang: str = ""
    opd: str = ""
    jenis: str = ""
    status: str = ""
    sumber: str = ""
    q: str = ""
    # scope restrictions (verifier queue), not user-facing filters
    # None = whole city; otherwise the kecamatan codes of the verifier (possibly several)
    scope_kecamatan: tuple[str, ...] | None = None
    statuses: tuple[str, ...] = field(default_factory=tuple)
    exclude_draft: bool = True


def _filtered(stmt: Select[Any], f: UsulanFilter) -> Select[Any]:
    if f.year is not None:
        stmt = stmt.where(MusrenbangCycle.year == f.year)
    if f.kecamatan:
        stmt = stmt.where(Kelurahan.kecamatan_code == f.kecamatan)
    if f.scope_kecamatan is not None:
        stmt = stmt.where(Kelurahan.kecamatan_code.in_(f.scope_kecamatan))
    if f.kelurahan:
        stmt = stmt.where(Usulan.kelurahan_code == f.kelurahan)
    if f.bidang:
        stmt = stmt.where(Usulan.bidang == f.bidang)
    if f.opd:
        stmt = stmt.where(Usulan.opd == f.opd)
    if f.jenis:
        stmt = stmt.where(Usulan.jenis == f.jenis)
    if f.sumber:
        stmt = stmt.where(Usulan.sumber == f.sumber)
    if f.status:
        stmt = stmt.where(Usulan.status == f.status)
    elif f.statuses:
        stmt = stmt.where(Usulan.status.in_(f.statuses))
    if f.exclude_draft:
        # drafts are the kelurahan's work in progress, not yet a public proposal
        stmt = stmt.where(Usulan.status != UsulanStatus.DRAFT.value)
    if f.q:
        like = "%" + escape_like(f.q) + "%"
        stmt = stmt.where(
            or_(
                Usulan.title.ilike(like, escape=LIKE_ESCAPE),
                Usulan.permasalahan.ilike(like, escape=LIKE_ESCAPE),
                Usulan.alamat.ilike(like, escape=LIKE_ESCAPE),
            )
        )
    return stmt


def _base() -> Select[Any]:
    return (
        select(Usulan)
        .join(Usulan.cycle)
        .join(Usulan.kelurahan)
        .join(Kelurahan.kecamatan)
        .options(
            contains_eager(Usulan.cycle), contains_eager(Usulan.kelurahan).contains_eager(Kelurahan.kecamatan)
        )
    )


def usulan_page(
    session: Session, f: UsulanFilter, *, page: int = 1, per_page: int = 25, order: str = "terbaru"
) -> tuple[list[Usulan], int]:
    count = session.scalar(
        _filtered(
            select(func.count(Usulan.id)).select_from(Usulan).join(Usulan.cycle).join(Usulan.kelurahan), f
        )
    )
    orders = {
        "terbaru": (Usulan.id.desc(),),
        "prioritas": (Usulan.kelurahan_code, Usulan.prioritas, Usulan.id),
        "anggaran": (Usulan.anggaran.desc().nulls_last(), Usulan.id),
        # verifiers' ranks; unranked usulan follow in the kelurahan's own order
        "peringkat_kecamatan": (
            Usulan.rank_kecamatan.asc().nulls_last(),
            Usulan.kelurahan_code,
            Usulan.prioritas,
            Usulan.id,
        ),
        "peringkat_kota": (
            Usulan.rank_kota.asc().nulls_last(),
            Usulan.rank_kecamatan.asc().nulls_last(),
            Usulan.kelurahan_code,
            Usulan.prioritas,
            Usulan.id,
        ),
    }
    stmt = _filtered(_base(), f).order_by(*orders.get(order, orders["terbaru"]))
    rows = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return rows, count or 0


def usulan_after(session: Session, f: UsulanFilter, *, after: int, limit: int) -> list[Usulan]:
    """Keyset reading (the API's pages): the filtered usulan with an id above ``after``, by id,
    at most ``limit``. One statement."""
    stmt = _filtered(_base(), f).where(Usulan.id > after).order_by(Usulan.id).limit(limit)
    return list(session.scalars(stmt).unique())


def imported_usulan_ids(
    session: Session, *, cycle_id: int, user_id: int, created_at: dt.datetime
) -> list[int]:
    """The usulan one import made (its rows share the importer and the import's time), by id."""
    return list(
        session.scalars(
            select(Usulan.id)
            .where(
                Usulan.cycle_id == cycle_id, Usulan.created_by_id == user_id, Usulan.created_at == created_at
            )
            .order_by(Usulan.id)
        )
    )


def usulan_export_rows(session: Session, f: UsulanFilter, *, limit: int = 20_000) -> list[dict[str, Any]]:
    """Public fields only, keyed like exports.SIPD_COLUMNS (pengusul deliberately absent); the
    reason of the latest status change goes to "Alasan/Keterangan"."""
    rows = session.scalars(
        _filtered(_base(), f)
        .options(selectinload(Usulan.events))
        .order_by(Usulan.kelurahan_code, Usulan.prioritas, Usulan.id)
        .limit(limit)
    ).unique()
    out = []
    for u in rows:
        row = public_row(u)
        reasons = [e.reason for e in u.events if e.from_status and e.from_status != e.to_status]
        row["status_reason"] = reasons[-1] if reasons else None
        out.append(row)
    return out


def public_row(u: Usulan) -> dict[str, Any]:
    status = u.status_enum
    return {
        "sumber": u.sumber,
        "title": u.title,
        "permasalahan": u.permasalahan,
        "alamat": u.alamat,
        "rt": u.rt,
        "rw": u.rw,
        "kelurahan": u.kelurahan.name,
        "kecamatan": u.kelurahan.kecamatan.name,
        "bidang": u.bidang,
        "opd": u.opd,
        "jenis": u.jenis,
        "volume": u.volume,
        "satuan": u.satuan,
        "anggaran": u.anggaran,
        "prioritas": u.prioritas,
        "status": status,
        "tier": tier_of(status),
        "kelurahan_code": u.kelurahan_code,
        "latitude": u.latitude,
        "longitude": u.longitude,
        "external_id": u.external_id or str(u.id),
        "kode_program": u.kode_program,
        "kode_kegiatan": u.kode_kegiatan,
        "kode_sub_kegiatan": u.kode_sub_kegiatan,
    }


def usulan_detail(session: Session, usulan_id: int) -> Usulan | None:
    stmt = (
        _base()
        .where(Usulan.id == usulan_id)
        .options(
            selectinload(Usulan.events),
            selectinload(Usulan.photos),
            contains_eager(Usulan.cycle).selectinload(MusrenbangCycle.stages),
        )
    )
    return session.scalars(stmt).unique().first()


def berita_acara_for_usulan(session: Session, usulan_id: int) -> list[BeritaAcara]:
    from participation.musrenbang.models import berita_acara_usulan

    return list(
        session.scalars(
            select(BeritaAcara)
            .join(berita_acara_usulan, berita_acara_usulan.c.berita_acara_id == BeritaAcara.id)
            .where(berita_acara_usulan.c.usulan_id == usulan_id)
            .order_by(BeritaAcara.forum_date)
        )
    )


def opd_list(session: Session) -> list[Opd]:
    """Every OPD, active or not, by name (the lists page)."""
    return list(session.scalars(select(Opd).order_by(Opd.name)))


def bidang_list(session: Session) -> list[Bidang]:
    """Every bidang, active or not, by name (the lists page)."""
    return list(session.scalars(select(Bidang).order_by(Bidang.name)))


def active_opd_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the active OPD, by name."""
    return [
        (i, n)
        for i, n in session.execute(select(Opd.id, Opd.name).where(Opd.active.is_(True)).order_by(Opd.name))
    ]


def cycle_by_year(session: Session, year: int) -> MusrenbangCycle | None:
    return session.scalar(select(MusrenbangCycle).where(MusrenbangCycle.year == year))


def cycles_newest_first(session: Session) -> list[MusrenbangCycle]:
    return list(session.scalars(select(MusrenbangCycle).order_by(MusrenbangCycle.year.desc())))


@dataclass
class FilterChoices:
    years: list[int]
    kecamatan: list[tuple[str, str]]
    kelurahan: list[tuple[str, str, str]]  # code, name, kecamatan code
    opd: list[str]
    bidang: list[str]


def filter_choices(session: Session) -> FilterChoices:
    return FilterChoices(
        years=list(session.scalars(select(MusrenbangCycle.year).order_by(MusrenbangCycle.year.desc()))),
        kecamatan=kecamatan_choices(session),
        kelurahan=[
            (c, n, k)
            for c, n, k in session.execute(
                select(Kelurahan.code, Kelurahan.name, Kelurahan.kecamatan_code).order_by(Kelurahan.name)
            )
        ],
        opd=list(session.scalars(select(Opd.name).order_by(Opd.name))),
        bidang=list(session.scalars(select(Bidang.name).order_by(Bidang.name))),
    )


def kelurahan_usulan(session: Session, cycle_id: int, kelurahan_code: str) -> list[Usulan]:
    return list(
        session.scalars(
            select(Usulan)
            .where(Usulan.cycle_id == cycle_id, Usulan.kelurahan_code == kelurahan_code)
            .order_by(Usulan.prioritas.nulls_last(), Usulan.id)
        )
    )


def kecamatan_usulan(session: Session, cycle_id: int, kecamatan_code: str) -> list[Usulan]:
    """Usulan that reach a kecamatan forum: those its kelurahan submitted (not drafts)."""
    return list(
        session.scalars(
            select(Usulan)
            .join(Usulan.kelurahan)
            .options(contains_eager(Usulan.kelurahan))
            .where(
                Usulan.cycle_id == cycle_id,
                Kelurahan.kecamatan_code == kecamatan_code,
                Usulan.status != UsulanStatus.DRAFT.value,
            )
            .order_by(
                Usulan.rank_kecamatan.asc().nulls_last(),
                Kelurahan.name,
                Usulan.prioritas.nulls_last(),
                Usulan.id,
            )
        )
    )


@dataclass
class Budget:
    pagu: int | None
    active: int  # anggaran of usulan still in process or accepted
    accepted: int

    @property
    def remaining(self) -> int | None:
        return None if self.pagu is None else self.pagu - self.active

    @property
    def over(self) -> bool:
        return self.pagu is not None and self.active > self.pagu

    @property
    def percent(self) -> int:
        if not self.pagu:
            return 0
        return min(100, round(100 * self.active / self.pagu))


def kelurahan_budget(session: Session, cycle_id: int, kelurahan_code: str) -> Budget:
    pagu = session.scalar(
        select(Pagu.amount).where(Pagu.cycle_id == cycle_id, Pagu.kelurahan_code == kelurahan_code)
    )
    rows = session.execute(
        select(Usulan.status, func.coalesce(func.sum(Usulan.anggaran), 0))
        .where(Usulan.cycle_id == cycle_id, Usulan.kelurahan_code == kelurahan_code)
        .group_by(Usulan.status)
    ).all()
    sums = {s: int(v) for s, v in rows}
    return Budget(
        pagu=pagu,
        active=sum(v for s, v in sums.items() if s in ACTIVE_STATUSES),
        accepted=sums.get(UsulanStatus.ACCEPTED.value, 0),
    )


def recap_rows(session: Session, cycle_id: int, f: UsulanFilter | None = None) -> list[dict[str, Any]]:
    """One small row per usulan (status, anggaran, kelurahan names) for exports.recap_by_kelurahan."""
    stmt = (
        select(Usulan.kelurahan_code, Usulan.status, Usulan.anggaran, Kelurahan.name, Kecamatan.name)
        .join(Usulan.kelurahan)
        .join(Kelurahan.kecamatan)
        .where(Usulan.cycle_id == cycle_id)
    )
    if f is not None and f.kecamatan:
        stmt = stmt.where(Kelurahan.kecamatan_code == f.kecamatan)
    return [
        {"kelurahan_code": code, "status": status, "anggaran": anggaran, "kelurahan": kel, "kecamatan": kec}
        for code, status, anggaran, kel, kec in session.execute(stmt)
    ]


def kelurahan_names(session: Session) -> dict[str, tuple[str, str]]:
    return {
        code: (kel, kec)
        for code, kel, kec in session.execute(
            select(Kelurahan.code, Kelurahan.name, Kecamatan.name).join(Kelurahan.kecamatan)
        )
    }


def proposals_for_kelurahan(session: Session, cycle_id: int, kelurahan_code: str) -> list[ResidentProposal]:
    return list(
        session.scalars(
            select(ResidentProposal)
            .where(ResidentProposal.cycle_id == cycle_id, ResidentProposal.kelurahan_code == kelurahan_code)
            .options(selectinload(ResidentProposal.usulan))
            .order_by(ResidentProposal.outcome.is_not(None), ResidentProposal.id.desc())
        )
    )


def proposals_of_user(session: Session, user_id: int) -> list[ResidentProposal]:
    return list(
        session.scalars(
            select(ResidentProposal)
            .where(ResidentProposal.author_id == user_id)
            .options(selectinload(ResidentProposal.usulan), selectinload(ResidentProposal.kelurahan))
            .order_by(ResidentProposal.id.desc())
        )
    )


def berita_acara_list(
    session: Session, cycle_id: int, *, kelurahan_code: str | None = None
) -> list[BeritaAcara]:
    stmt = (
        select(BeritaAcara)
        .where(BeritaAcara.cycle_id == cycle_id)
        .options(
            selectinload(BeritaAcara.usulan_list),
            selectinload(BeritaAcara.kelurahan),
            selectinload(BeritaAcara.kecamatan),
        )
        .order_by(BeritaAcara.forum_date.desc(), BeritaAcara.id.desc())
    )
    if kelurahan_code:
        stmt = stmt.where(BeritaAcara.kelurahan_code == kelurahan_code)
    return list(session.scalars(stmt))


def status_counts(session: Session, cycle_id: int) -> dict[str, int]:
    return {
        s: n
        for s, n in session.execute(
            select(Usulan.status, func.count(Usulan.id))
            .where(Usulan.cycle_id == cycle_id)
            .group_by(Usulan.status)
        )
    }


def event_count_since(session: Session, since: dt.datetime) -> int:
    return session.scalar(select(func.count(UsulanEvent.id)).where(UsulanEvent.at >= since)) or 0
