"""Hostile comments CSV (issue 13 item 6): a NUL byte and a field over the csv module's
131,072-character limit are per-row Indonesian errors, all or nothing, never a 500."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.drafts import services
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

HEADER = "unit_key,stance,body,author_name,source,external_id\n"
GOOD = "pasal-5,support,Setuju,RDPU Komisi I,rdpu,R-1\n"
NUL = "pasal-5,object,Keberatan\x00biner,Paguyuban,surat,S-2\n"
LONG = "pasal-5,question," + "x" * 140_000 + ",Warga,surat,S-3\n"
AFTER = "pasal-5,support,Setuju juga,Forum RT,forum,F-4\n"


def _count(session) -> int:
    return session.scalar(select(func.count(Comment.id)))


@pytest.mark.parametrize(
    ("text", "row", "words"),
    [
        (HEADER + GOOD + NUL + AFTER, "Baris 3:", "karakter NUL"),
        (HEADER + GOOD + LONG + AFTER, "Baris 3:", "lebih dari 131.072 karakter"),
        ("unit_key,stance,body,author_name,source,external_id\x00\n" + GOOD, "Baris 1:", "karakter NUL"),
    ],
)
def test_hostile_rows_are_per_row_errors(session, drafter, published, text, row, words):
    with pytest.raises(services.ImportFailed) as exc:
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text=text, now=utcnow()
        )
    [error] = exc.value.rows
    assert error.startswith(row)
    assert words in error
    assert _count(session) == 0


def test_every_bad_row_is_reported(session, drafter, published):
    text = HEADER + NUL + LONG + GOOD + NUL.replace("S-2", "S-5")
    with pytest.raises(services.ImportFailed) as exc:
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text=text, now=utcnow()
        )
    assert [r.split(":")[0] for r in exc.value.rows] == ["Baris 2", "Baris 3", "Baris 5"]
    assert _count(session) == 0


@pytest.mark.parametrize(("line", "words"), [(NUL, "karakter NUL"), (LONG, "131.072 karakter")])
def test_web_upload_shows_the_row_error(client, session, published, line, words):
    url = f"/raperda/{published.draft_id}/versi/1/masukan-luar"
    client.login("penyusun@contoh.id", PW)
    token = client.csrf_token(url)
    response = client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO((HEADER + GOOD + line).encode()), "masukan.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert "Impor dibatalkan" in html
    assert re.search(rf"<tr><td>3</td><td>\(seluruh baris\)</td><td>[^<]*{words}", html)
    assert _count(session) == 0


def test_the_cell_limit_holds_whatever_another_library_set(session, drafter, published):
    """The csv module's limit is process-wide; frictionless raises it when imported. The importer
    sets its own on every read, so an over-long cell is still that row's error."""
    import csv
    import sys

    before = csv.field_size_limit(sys.maxsize)
    try:
        with pytest.raises(services.ImportFailed) as exc:
            services.import_external_comments(
                session, version=published, actor=drafter, csv_text=HEADER + GOOD + LONG + AFTER, now=utcnow()
            )
        [error] = exc.value.rows
        assert error.startswith("Baris 3:")
        assert "131.072 karakter" in error
    finally:
        csv.field_size_limit(before)
