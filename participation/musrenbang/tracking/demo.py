"""Demo pelaksanaan: a few accepted usulan of the demo cycle followed past "diakomodir", so a new
user sees the trail to the end on an usulan's page, the stage on the tracker and the funnel in
the musrenbang summary. Must not import Flask."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core.clock import to_wita
from participation.musrenbang.models import MusrenbangCycle, Opd, Usulan
from participation.musrenbang.tracking.rules import parse_update
from participation.musrenbang.tracking.services import record_update
from participation.musrenbang.workflow import UsulanStatus

# (stage, progress, days ago, note) per followed usulan, oldest report first
STORIES: list[list[tuple[str, str, int, str]]] = [
    [
        ("direncanakan", "0", 4, "Masuk rancangan awal RKPD pada program pembangunan jalan lingkungan."),
        ("dianggarkan", "0", 2, "Ditetapkan dalam APBD; lelang dijadwalkan triwulan pertama."),
        ("dilaksanakan", "40", 1, "Pekerjaan dimulai: galian dan pemasangan bekisting."),
    ],
    [
        ("direncanakan", "0", 3, "Masuk rancangan awal RKPD."),
        ("selesai", "100", 1, "Pekerjaan selesai dan diserahterimakan kepada kelurahan."),
    ],
    [("direncanakan", "0", 2, "Masuk rancangan awal RKPD; pagu menunggu pembahasan KUA-PPAS.")],
    [("batal", "0", 1, "Lokasi sudah ditangani program tahun berjalan; anggaran dialihkan.")],
]


def demo_tracking(session: Session, *, cycle: MusrenbangCycle, actor: User | None, now: dt.datetime) -> int:
    accepted = list(
        session.scalars(
            select(Usulan)
            .where(Usulan.cycle_id == cycle.id, Usulan.status == UsulanStatus.ACCEPTED.value)
            .order_by(Usulan.kelurahan_code, Usulan.id)
            .limit(len(STORIES))
        )
    )
    opds = {o.name: o.id for o in session.scalars(select(Opd))}
    count = 0
    for usulan, story in zip(accepted, STORIES, strict=False):
        previous = None
        for stage, progress, days_ago, note in story:
            values = {
                "stage": stage,
                "progress": progress,
                "note": note,
                "happened_on": to_wita(now - dt.timedelta(days=days_ago)).date(),
            }
            if previous is None:
                values.update(
                    pagu_rkpd=str(usulan.anggaran or ""),
                    opd_id=str(opds[usulan.opd]) if usulan.opd in opds else "",
                    apbd_status="rapbd" if stage == "direncanakan" else "",
                )
            elif stage in ("dianggarkan", "dilaksanakan", "selesai"):
                values["apbd_status"] = "apbd"
            previous = parse_update(
                session, values, previous=previous, today=to_wita(now).date(), opd_by="id"
            )
            record_update(session, usulan=usulan, data=previous, actor=actor, now=now)
            count += 1
    return count
