"""Read-only, page-shaped selects for musrenbang pages: a constant number of statements per page
whatever the data size (joins and selectinload, never lazy loads from templates).

Public reads never return personal data: no pengusul, no creator, no e-mail. Must not import
Flask. A package: the public tracker's reads are in ``tracker`` and re-exported here, so
``queries.UsulanFilter``, ``queries.usulan_page`` … read as before; the kelurahan, kecamatan and
cycle management pages' reads are below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

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
from participation.musrenbang.queries.tracker import (
    FilterChoices,
    UsulanFilter,
    filter_choices,
    public_row,
    recap_rows,
    usulan_after,
    usulan_detail,
    usulan_export_rows,
    usulan_page,
)
from participation.musrenbang.workflow import FINAL_STATUSES, UsulanStatus
from participation.regions.models import Kecamatan, Kelurahan

# what still competes for (or has won) the pagu: not declined, redirected, rejected or cancelled
ACTIVE_STATUSES = tuple(s.value for s in UsulanStatus if s not in FINAL_STATUSES - {UsulanStatus.ACCEPTED})


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


__all__ = [
    "ACTIVE_STATUSES",
    "Budget",
    "FilterChoices",
    "UsulanFilter",
    "active_opd_choices",
    "berita_acara_for_usulan",
    "berita_acara_list",
    "bidang_list",
    "cycle_by_year",
    "cycles_newest_first",
    "event_count_since",
    "filter_choices",
    "imported_usulan_ids",
    "kecamatan_usulan",
    "kelurahan_budget",
    "kelurahan_names",
    "kelurahan_usulan",
    "opd_list",
    "proposals_for_kelurahan",
    "proposals_of_user",
    "public_row",
    "recap_rows",
    "status_counts",
    "usulan_after",
    "usulan_detail",
    "usulan_export_rows",
    "usulan_page",
]
