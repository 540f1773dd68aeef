"""Cell values of the comments import as offices write them (issue 15, Import as offices send
it): stance and source labels, dates, and the unit cited as people cite it. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from participation.comments.models import Source, Stance
from participation.drafts.importing.values import (
    CellError,
    UnitIndex,
    parse_date,
    parse_source,
    parse_stance,
    unit_path,
)

TODAY = dt.date(2026, 12, 20)


@pytest.mark.parametrize(
    ("typed", "stance"),
    [
        ("mendukung", Stance.SUPPORT),
        ("Setuju", Stance.SUPPORT),
        ("support", Stance.SUPPORT),
        ("KEBERATAN", Stance.OBJECT),
        ("tidak setuju", Stance.OBJECT),
        ("Tidak  Setuju.", Stance.OBJECT),
        ("usul perubahan redaksi", Stance.AMEND),
        ("Usul perubahan", Stance.AMEND),
        ("amend", Stance.AMEND),
        ("pertanyaan", Stance.QUESTION),
        ("question", Stance.QUESTION),
    ],
)
def test_stance_as_the_ui_labels_it_or_its_code(typed, stance):
    assert parse_stance(typed) == stance


@pytest.mark.parametrize("typed", ["setuju dengan catatan", "netral", "maybe", "s"])
def test_a_stance_that_is_not_clear_is_refused_with_the_words_to_use(typed):
    with pytest.raises(CellError) as exc:
        parse_stance(typed)
    assert "mendukung, keberatan, usul perubahan redaksi" in exc.value.message
    assert exc.value.params == {"v": typed}


@pytest.mark.parametrize(
    ("typed", "source"),
    [
        ("Surat", Source.SURAT),
        ("e-mail", Source.EMAIL),
        ("E-Mail", Source.EMAIL),
        ("surel", Source.EMAIL),
        ("RDPU", Source.RDPU),
        ("Rapat Dengar Pendapat Umum (RDPU)", Source.RDPU),
        ("forum / sosialisasi", Source.FORUM),
        ("Forum", Source.FORUM),
        ("lainnya", Source.OTHER),
        ("other", Source.OTHER),
    ],
)
def test_source_as_labelled_or_coded(typed, source):
    assert parse_source(typed) == source


def test_platform_and_unknown_sources_are_refused():
    for typed in ("platform", "fax"):
        with pytest.raises(CellError):
            parse_source(typed)


@pytest.mark.parametrize(
    "value",
    [
        "17/12/2026",
        "17-12-2026",
        "17.12.2026",
        "17/12/26",
        "17 Desember 2026",
        "17 Des 2026",
        "17 desember 2026",
        "Kamis, 17 Desember 2026",
        "2026-12-17",
        "2026-12-17 00:00:00",
        dt.datetime(2026, 12, 17),
        dt.date(2026, 12, 17),
        "46373",
    ],
)
def test_dates_as_offices_write_them_and_as_excel_stores_them(value):
    assert parse_date(value, today=TODAY) == dt.date(2026, 12, 17)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("12/17/2026", "bulan 17 tidak ada"),
        ("31/02/2026", "tidak ada di kalender"),
        ("kemarin", "tidak dikenali"),
        ("21/12/2026", "belum tiba"),
        ("17 Desembar 2026", "tidak dikenali"),
    ],
)
def test_bad_dates_say_why(value, words):
    with pytest.raises(CellError) as exc:
        parse_date(value, today=TODAY)
    assert words in exc.value.message % exc.value.params


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("Pasal 5 ayat (2) huruf c", ["pasal-5", "ayat-2", "huruf-c"]),
        ("pasal 5 ayat 2", ["pasal-5", "ayat-2"]),
        ("Psl 5 (2) c", ["pasal-5", "ayat-2", "huruf-c"]),
        ("Ps. 5 ay. 2 hrf. c", ["pasal-5", "ayat-2", "huruf-c"]),
        ("Pasal 5A", ["pasal-5a"]),
        ("pasal-5/ayat-2/huruf-c", ["pasal-5", "ayat-2", "huruf-c"]),
        ("Pasal 1 angka 12", ["pasal-1", "angka-12"]),
        ("BAB II", ["bab-2"]),
        ("Pasal 5 dan Pasal 6", None),
        ("ketentuan parkir", None),
    ],
)
def test_unit_citations_read_into_key_segments(typed, path):
    assert unit_path(typed) == path


UNITS = UnitIndex(
    targets={
        "bab-1": None,
        "pasal-5": 1,
        "pasal-5/ayat-2": 2,
        "pasal-5/ayat-2/huruf-c": 3,
        "pasal-6": 4,
        "pasal-6/ayat-2": 5,
        "pasal-6/ayat-2/huruf-c": 6,
        "pasal-5a": 7,
    }
)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("pasal-5/ayat-2/huruf-c", "pasal-5/ayat-2/huruf-c"),
        ("Pasal-5/Ayat-2", "pasal-5/ayat-2"),
        ("Pasal 5 ayat (2) huruf c", "pasal-5/ayat-2/huruf-c"),
        ("pasal 5 ayat 2", "pasal-5/ayat-2"),
        ("Psl 5 (2) c", "pasal-5/ayat-2/huruf-c"),
        ("Pasal 5A", "pasal-5a"),
    ],
)
def test_units_resolve_by_key_or_by_citation(typed, key):
    assert UNITS.resolve(typed) == key


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("ayat (2) huruf c", "tidak menyebut pasalnya"),  # two fit: never guessed
        ("Pasal 9", "tidak ada di versi ini"),
        ("Pasal 5 ayat (2) huruf z", "tidak ada di versi ini"),
        ("BAB I", "tidak dapat diberi masukan"),
        ("Pasal 5 dan 6", "tidak dapat dibaca"),
    ],
)
def test_units_that_do_not_resolve_say_why(typed, words):
    with pytest.raises(CellError) as exc:
        UNITS.resolve(typed)
    assert words in exc.value.message
    assert exc.value.params["v"] == typed
