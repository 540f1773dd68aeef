"""Musrenbang fixtures: a cycle whose kelurahan and kecamatan stages are open, one user per
role and scope, and a ``new_usulan`` factory that goes through the real services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from participation.accounts.models import Role, User
from participation.core.clock import utcnow
from participation.musrenbang import services
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.musrenbang.services import UsulanInput
from participation.musrenbang.workflow import Action, Tier
from tests.factories import make_user

KEL = "64.71.03.1002"  # Gunung Samarinda, Kecamatan Balikpapan Utara
KEL_SAME_KEC = "64.71.03.1001"  # another kelurahan of Balikpapan Utara
KEL_OTHER = "64.71.01.1001"  # a kelurahan of Balikpapan Timur
KEC = "64.71.03"
KEC_OTHER = "64.71.01"


@dataclass
class People:
    coordinator: User
    other_coordinator: User
    verifier: User
    other_verifier: User
    city_verifier: User
    admin: User
    citizen: User
    dprd: User
    drafter: User


@pytest.fixture
def people(session, regions) -> People:
    citizen = make_user(session, Role.CITIZEN, email="warga@contoh.id", commit=False)
    citizen.kelurahan_code = KEL
    result = People(
        coordinator=make_user(session, Role.COORDINATOR, kelurahan=KEL, email="koor@contoh.id", commit=False),
        other_coordinator=make_user(
            session, Role.COORDINATOR, kelurahan=KEL_OTHER, email="koor2@contoh.id", commit=False
        ),
        verifier=make_user(session, Role.VERIFIER, kecamatan=KEC, email="ver@contoh.id", commit=False),
        other_verifier=make_user(
            session, Role.VERIFIER, kecamatan=KEC_OTHER, email="ver2@contoh.id", commit=False
        ),
        city_verifier=make_user(session, Role.VERIFIER, email="bappeda@contoh.id", commit=False),
        admin=make_user(session, Role.ADMIN, email="admin@contoh.id", commit=False),
        citizen=citizen,
        dprd=make_user(session, Role.DPRD_MEMBER, email="dprd@contoh.id", commit=False),
        drafter=make_user(session, Role.DRAFTER, email="penyusun@contoh.id", commit=False),
    )
    session.commit()
    return result


def open_cycle(session, *, now: dt.datetime, year: int = 2026, kota_open: bool = False) -> MusrenbangCycle:
    cycle = services.create_cycle(session, year=year, rkpd_year=year + 1, name="", actor=None, now=now)
    day = dt.timedelta(days=1)
    services.set_stages(
        session,
        cycle=cycle,
        windows={
            Tier.KELURAHAN: (now - 5 * day, now + 10 * day),
            Tier.KECAMATAN: (now - 2 * day, now + 20 * day),
            Tier.KOTA: (now - day if kota_open else now + 30 * day, now + 60 * day),
        },
        actor=None,
        now=now,
    )
    services.seed_lists(session)
    session.commit()
    session.refresh(cycle)
    return cycle


@pytest.fixture
def now() -> dt.datetime:
    return utcnow()


@pytest.fixture
def cycle(session, regions, now) -> MusrenbangCycle:
    return open_cycle(session, now=now)


def usulan_input(title: str = "Semenisasi jalan lingkungan RT 03", **kw) -> UsulanInput:
    values = {
        "title": title,
        "permasalahan": "Jalan becek dan berlubang saat hujan.",
        "alamat": "Gg. Kenanga",
        "volume": Decimal(150),
        "satuan": "m",
        "rt": "003",
        "anggaran": 75_000_000,
        "jenis": "SARPRAS",
        "opd": "Dinas Pekerjaan Umum",
        "pengusul": "Ketua RT 03 Pak Rahasia",
    }
    values.update(kw)
    return UsulanInput(**values)


@pytest.fixture
def new_usulan(session, cycle, people, now):
    def make(
        kelurahan: str = KEL,
        *,
        actions: tuple[Action, ...] = (),
        title: str | None = None,
        actor: User | None = None,
        **kw,
    ) -> Usulan:
        data = usulan_input(title or "Semenisasi jalan lingkungan RT 03", **kw)
        usulan = services.create_usulan(
            session, cycle=cycle, kelurahan_code=kelurahan, data=data, actor=actor, now=now
        )
        for action in actions:
            services.apply_action(
                session,
                usulan=usulan,
                action=action,
                reason="Alasan yang cukup panjang untuk uji.",
                actor=None,
                now=now,
            )
        session.commit()
        return usulan

    return make
