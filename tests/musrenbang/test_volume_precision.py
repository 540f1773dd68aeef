"""Volumes keep their decimals (issue 17): the column is Numeric(20, 6), so 0,0001 is stored as
typed; what it cannot hold exactly is refused, never rounded (0,0001 was stored as 0, issue 13
item 7). The single-usulan form and the import give the same verdict."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from participation.musrenbang import services
from participation.musrenbang.models import Usulan
from tests.musrenbang.conftest import KEL, usulan_input
from tests.musrenbang.test_importing import GOOD, csv_bytes, parse

FORM = {
    "title": "Semenisasi jalan",
    "permasalahan": "Jalan rusak parah sekali",
    "alamat": "Gg. Mawar",
    "satuan": "m",
}


def _form_error(volume: str) -> str | None:
    try:
        services.parse_usulan_form({**FORM, "volume": volume})
    except services.UsulanInvalid as exc:
        return exc.errors.get("volume")
    return None


def _import_error(volume: str) -> str | None:
    result = parse(csv_bytes(GOOD.replace("60 m", f'"{volume} m"')))
    messages = [e.message for e in result.errors if e.column == "Volume"]
    return messages[0] if messages else None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0,0000001", "6 angka di belakang koma (terkecil 0,000001)"),
        ("0.0000004", "6 angka di belakang koma (terkecil 0,000001)"),
        ("2,5000001", "6 angka di belakang koma (terkecil 0,000001)"),
        ("100000000000", "terlalu besar"),
    ],
)
def test_form_and_import_refuse_what_cannot_be_stored_exactly(typed: str, words: str) -> None:
    form, imported = _form_error(typed), _import_error(typed)
    assert form is not None
    assert words in form
    assert imported is not None
    assert words in imported


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0,001", Decimal("0.001")),
        ("0,0001", Decimal("0.0001")),
        ("2,500001", Decimal("2.500001")),
        ("2,500", Decimal("2.5")),
        ("2,5000", Decimal("2.5")),
        ("99999999999", Decimal("99999999999")),
    ],
)
def test_form_and_import_accept_six_decimals(typed: str, expected: Decimal) -> None:
    assert services.parse_usulan_form({**FORM, "volume": typed}).volume == expected
    [row] = parse(csv_bytes(GOOD.replace("60 m", f'"{typed} m"'))).rows
    assert row.volume == expected


def test_smallest_volume_round_trips_through_the_database(session, cycle, people, now) -> None:
    usulan = services.create_usulan(
        session,
        cycle=cycle,
        kelurahan_code=KEL,
        data=usulan_input(volume=Decimal("0.0001")),
        actor=people.coordinator,
        now=now,
    )
    session.commit()
    session.expire_all()
    assert session.scalar(select(Usulan.volume).where(Usulan.id == usulan.id)) == Decimal("0.0001")
