"""The comments import refuses a body exactly when the comment form refuses it (issue 15: the
same NIK guard; UU 27/2022): the same text gets the same verdict and the same message on both
paths, whatever the digits, spaces, dashes and invisible characters around it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from participation.comments.services import NIK_MESSAGE
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import services
from participation.drafts.importing import parse_comments_file
from participation.drafts.importing.values import UnitIndex

UNITS = UnitIndex(targets={"pasal-5": 1})


def _import_verdict(body: str) -> str | None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["Pasal/Bagian", "Sikap", "Isi masukan", "Nama", "Sumber"])
    writer.writerow(["Pasal 5", "keberatan", body, "Paguyuban", "surat"])
    parsed = parse_comments_file("m.csv", buffer.getvalue().encode(), units=UNITS, today=dt.date(2026, 12, 1))
    messages = [e.message for e in parsed.errors if e.column == "Isi masukan"]
    assert [e for e in parsed.errors if e.column != "Isi masukan"] == []
    return messages[0] if messages else None


def _form_verdict(session, unit, citizen, body: str) -> str | None:
    nested = session.begin_nested()
    try:
        services.comment_on_unit(session, unit=unit, author=citizen, body=body, stance="object", now=utcnow())
        return None
    except ValidationError as exc:
        return exc.message
    finally:
        nested.rollback()


_PIECES = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=18),
    st.sampled_from([" ", "-", "  ", "\u200b", ".", ",", "NIK ", "saya ", "\n", "+62 ", "08"]),
    st.text(alphabet="abcdefghij ", min_size=1, max_size=8),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.lists(_PIECES, min_size=1, max_size=8).map("".join))
@example(body="NIK saya 6471021234560001")
@example(body="6471 0212 3456 0001 keberatan")
@example(body="6471-0212-3456-0001")
@example(body="Rp 1.500.000.000.000.000")
@example(body="\u200b \u200b")
@example(body="nomor 08123456789")
def test_the_import_and_the_form_give_the_same_verdict(session, published, citizen, body):
    unit = services.get_unit(session, published, "pasal-5")
    assert _import_verdict(body) == _form_verdict(session, unit, citizen, body)


@pytest.mark.parametrize("body", ["NIK saya 6471021234560001", "6471 0212 3456 0001"])
def test_a_nik_is_refused_on_both_paths(session, published, citizen, body):
    unit = services.get_unit(session, published, "pasal-5")
    assert _import_verdict(body) == NIK_MESSAGE == _form_verdict(session, unit, citizen, body)
