"""The public tracker's reads: its filters (``UsulanFilter``, the same on the page, the exports
and the API), the filtered and ordered pages, an usulan's public row and page, the filters'
choices and the recap rows. Public reads never return personal data: no pengusul, no creator,
no e-mail. Must not import Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from participation.accounts.queries import kecamatan_choices
from participation.core.text import LIKE_ESCAPE, escape_like
from participation.musrenbang.models import (
    Bidang,
    MusrenbangCycle,
    Opd,
    Usulan,
)
from participation.musrenbang.workflow import UsulanStatus, tier_of
from participation.regions.models import Kecamatan, Kelurahan


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


def usulan_select() -> Select[Any]:
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
    stmt = _filtered(usulan_select(), f).order_by(*orders.get(order, orders["terbaru"]))
    rows = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return rows, count or 0


def usulan_after(session: Session, f: UsulanFilter, *, after: int, limit: int) -> list[Usulan]:
    """Keyset reading (the API's pages): the filtered usulan with an id above ``after``, by id,
    at most ``limit``. One statement."""
    stmt = _filtered(usulan_select(), f).where(Usulan.id > after).order_by(Usulan.id).limit(limit)
    return list(session.scalars(stmt).unique())


def usulan_export_rows(session: Session, f: UsulanFilter, *, limit: int = 20_000) -> list[dict[str, Any]]:
    """Public fields only, keyed like exports.SIPD_COLUMNS (pengusul deliberately absent); the
    reason of the latest status change goes to "Alasan/Keterangan"."""
    rows = session.scalars(
        _filtered(usulan_select(), f)
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
        usulan_select()
        .where(Usulan.id == usulan_id)
        .options(
            selectinload(Usulan.events),
            selectinload(Usulan.photos),
            contains_eager(Usulan.cycle).selectinload(MusrenbangCycle.stages),
        )
    )
    return session.scalars(stmt).unique().first()


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
