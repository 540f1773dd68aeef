"""Comments import as offices send it (issue 15, point 4): the same file as UTF-8, UTF-8 with
BOM, UTF-16, Windows-1252 with ';', tab-separated and XLSX imports identically; Indonesian
headers, labels and unit citations; every bad row named by row, column and reason; nothing
saved when any row is bad; empty rows counted; a letter number imported once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import to_wita, utcnow
from participation.drafts import importing
from participation.drafts.models import DraftUnit

HEADERS = [
    "No.",
    "Pasal/Bagian",
    "Sikap",
    "Isi masukan",
    "Nama / Lembaga",
    "Saluran",
    "No. Surat",
    "Tanggal diterima",
]
ROWS = [
    [
        "1",
        "Pasal 20 ayat (2)",
        "keberatan",
        "Radius 100 meter terlalu jauh bagi pedagang café",
        "Paguyuban PKL Klandasan",
        "surat",
        "005/PKL/XI/2026",
        "17/11/2026",
    ],
    [
        "2",
        "Psl 5 (2) c",
        "Setuju",
        "Setuju; jam operasional jelas",
        "RDPU Komisi I",
        "RDPU",
        "",
        "18 November 2026",
    ],
    [
        "3",
        "pasal-22/ayat-2",
        "usul perubahan redaksi",
        "Ganti 14 hari menjadi 30 hari",
        "Forum RT 05",
        "forum / sosialisasi",
        "F-1",
        "",
    ],
    [
        "4",
        "pasal 5 ayat 1",
        "pertanyaan",
        "Apa yang dimaksud ketertiban?",
        "Bapak Rahmat",
        "e-mail",
        "E-7",
        "2026-11-19",
    ],
]
TITLE = ["DAFTAR MASUKAN RAPERDA KETERTIBAN UMUM"]


def _csv(rows: list[list[str]], delimiter: str = ",", title: bool = False) -> str:
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if title:
        writer.writerow(TITLE)
        writer.writerow([])
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def _xlsx(rows: list[list[object]], title: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(TITLE)
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_rows() -> list[list[object]]:
    """As Excel stores the same list: numbers and dates typed, an empty cell as None."""
    typed: list[list[object]] = [list(HEADERS)]
    for row in ROWS:
        cells: list[object] = [int(row[0]), *row[1:7], row[7] or None]
        if row[7] == "17/11/2026":
            cells[7] = dt.datetime(2026, 11, 17)
        typed.append(cells)
    return typed


VARIANTS = {
    "utf-8": ("masukan.csv", lambda: _csv([HEADERS, *ROWS]).encode("utf-8")),
    "utf-8-bom": ("masukan.csv", lambda: _csv([HEADERS, *ROWS]).encode("utf-8-sig")),
    "utf-16": ("masukan.csv", lambda: _csv([HEADERS, *ROWS], "\t").encode("utf-16")),
    "cp1252-semicolon": ("masukan.csv", lambda: _csv([HEADERS, *ROWS], ";", title=True).encode("cp1252")),
    "tab": ("masukan.txt", lambda: _csv([HEADERS, *ROWS], "\t").encode("utf-8")),
    "xlsx": ("masukan.xlsx", lambda: _xlsx(_xlsx_rows(), title=True)),
}


def _saved(session) -> list[tuple]:
    session.expire_all()
    comments = session.scalars(select(Comment).order_by(Comment.id)).all()
    return [
        (
            c.target_id,
            c.stance,
            c.body,
            c.author_name,
            c.source,
            c.external_id,
            c.suggested_wording,
            to_wita(c.created_at).date() if c.external_id != "F-1" else None,
        )
        for c in comments
    ]


def _import(session, published, drafter, data: bytes, filename: str = "masukan.csv"):
    return importing.import_comments_file(
        session, version=published, actor=drafter, filename=filename, data=data, now=utcnow()
    )


def _errors(session, published, drafter, data: bytes, filename: str = "masukan.csv"):
    with pytest.raises(importing.ImportFailed) as exc:
        _import(session, published, drafter, data, filename)
    assert session.scalar(select(func.count(Comment.id))) == 0  # all or nothing
    return exc.value.errors


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_same_list_imports_identically_in_every_form(session, published, drafter, variant):
    filename, make = VARIANTS[variant]
    report = _import(session, published, drafter, make(), filename)
    assert report.count == 4
    saved = _saved(session)
    units = dict(
        tuple(r)
        for r in session.execute(
            select(DraftUnit.comment_target_id, DraftUnit.key).where(DraftUnit.version_id == published.id)
        ).all()
    )
    assert [(units[s[0]], *s[1:]) for s in saved] == [
        (
            "pasal-20/ayat-2",
            "object",
            ROWS[0][3],
            "Paguyuban PKL Klandasan",
            "surat",
            "005/PKL/XI/2026",
            None,
            dt.date(2026, 11, 17),
        ),
        (
            "pasal-5/ayat-2/huruf-c",
            "support",
            ROWS[1][3],
            "RDPU Komisi I",
            "rdpu",
            None,
            None,
            dt.date(2026, 11, 18),
        ),
        ("pasal-22/ayat-2", "amend", ROWS[2][3], "Forum RT 05", "forum", "F-1", ROWS[2][3], None),
        (
            "pasal-5/ayat-1",
            "question",
            ROWS[3][3],
            "Bapak Rahmat",
            "email",
            "E-7",
            None,
            dt.date(2026, 11, 19),
        ),
    ]
    assert report.above_header == (1 if variant in {"cp1252-semicolon", "xlsx"} else 0)
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.import")).one()
    assert audit.after["rows"] == 4
    assert audit.actor_id == drafter.id


def test_headers_in_any_case_and_spacing_and_the_first_format_still_work(session, published, drafter):
    text = (
        "  BAGIAN YANG DIKOMENTARI ;sikap; Masukan ;LEMBAGA;Sumber;Nomor surat;Usulan rumusan\n"
        "Pasal 20 ayat (2) huruf c;usul perubahan;Hapus radius;LBH;Surat;S-9;"
        "Radius 50 meter\n"
    )
    assert _import(session, published, drafter, text.encode()).count == 1
    comment = session.scalars(select(Comment)).one()
    assert (comment.suggested_wording, comment.body) == ("Radius 50 meter", "Hapus radius")
    first = (
        "unit_key,stance,body,author_name,source,external_id\npasal-5,support,Setuju,RDPU Komisi I,rdpu,R-1\n"
    )
    assert _import(session, published, drafter, first.encode()).count == 1


def test_empty_rows_are_skipped_and_counted_and_unknown_columns_set_aside(session, published, drafter):
    rows = [HEADERS + ["Keterangan"], ROWS[0] + ["x"], [""] * 9, ROWS[1] + [""], [""] * 9, [""] * 9]
    report = _import(session, published, drafter, _csv(rows).encode())
    assert report.count == 2
    assert report.skipped == [3]  # trailing empty rows end the sheet, they are not counted
    assert report.ignored_columns == ["Keterangan"]


def _bad(row: int, column: str, errors) -> str:
    found = [e for e in errors if e.row == row and e.column == column]
    assert found, [e.text() for e in errors]
    return found[0].text()


def test_every_bad_row_is_named_by_row_column_and_reason(session, published, drafter):
    nik = "Saya warga dengan NIK 6471 0212 3456 0001 keberatan"
    rows = [
        HEADERS,
        ["1", "Pasal 99", "keberatan", "x", "A", "surat", "", ""],  # 2 unit
        ["2", "ayat (2) huruf c", "keberatan", "x", "A", "surat", "", ""],  # 3 ambiguous
        ["3", "BAB I", "keberatan", "x", "A", "surat", "", ""],  # 4 heading
        ["4", "Pasal 5", "netral", "x", "A", "surat", "", ""],  # 5 stance
        ["5", "Pasal 5", "setuju", "x", "A", "fax", "", ""],  # 6 source
        ["6", "Pasal 5", "setuju", "", "A", "surat", "", ""],  # 7 body
        ["7", "Pasal 5", "setuju", nik, "A", "surat", "", ""],  # 8 NIK
        ["8", "Pasal 5", "setuju", "x", "", "surat", "", ""],  # 9 author
        ["9", "Pasal 5", "setuju", "x", "A", "surat", "", "31/02/2026"],  # 10 date
        ["10", "Pasal 5", "setuju", "x", "A", "surat", "S-1", ""],
        ["11", "Pasal 5", "setuju", "x", "A", "surat", "S-1", ""],  # 12 dup
        ["12", "Pasal 5", "setuju", "x", "A", "surat", "", "", "lebih"],
    ]  # 13 width
    errors = _errors(session, published, drafter, _csv(rows).encode())
    assert "tidak ada di versi ini" in _bad(2, "Pasal/Bagian", errors)
    assert "tidak menyebut pasalnya" in _bad(3, "Pasal/Bagian", errors)
    assert "tidak dapat diberi masukan" in _bad(4, "Pasal/Bagian", errors)
    assert "sikap \u201cnetral\u201d tidak dikenal" in _bad(5, "Sikap", errors)
    assert "sumber \u201cfax\u201d tidak dikenal" in _bad(6, "Saluran", errors)
    assert "Isi masukan wajib diisi" in _bad(7, "Isi masukan", errors)
    assert "Jangan menuliskan NIK" in _bad(8, "Isi masukan", errors)
    assert "wajib diisi" in _bad(9, "Nama / Lembaga", errors)
    assert "tidak ada di kalender" in _bad(10, "Tanggal diterima", errors)
    assert "sudah ada di baris 11" in _bad(12, "No. Surat", errors)
    assert _bad(13, importing.WHOLE_ROW, errors) == (
        "Baris 13: baris ini berisi 9 kolom, judul 8: ada koma tanpa tanda kutip di dalam isian?"
    )
    assert {e.row for e in errors} == set(range(2, 11)) | {12, 13}  # row 11 is fine


def test_missing_columns_and_wording_without_amendment(session, published, drafter):
    errors = _errors(session, published, drafter, b"Pasal,Isi,Nama\nPasal 5,x,A\n")
    assert {e.column for e in errors} == {"Sikap", "Sumber"}
    assert all(e.row == 1 and "kolom wajib tidak ditemukan" in e.text() for e in errors)
    text = "Pasal,Sikap,Isi,Nama,Sumber,Usulan rumusan\nPasal 5,keberatan,x,A,surat,Rumusan baru\n"
    [error] = _errors(session, published, drafter, text.encode())
    assert error.column == "Usulan rumusan"
    assert "usul perubahan redaksi" in error.text()


def test_a_letter_number_is_imported_once(session, published, drafter):
    text = "Pasal,Sikap,Isi,Nama,Sumber,Nomor\nPasal 5,setuju,x,A,surat,S-1\nPasal 6,setuju,y,B,e-mail,S-1\n"
    assert _import(session, published, drafter, text.encode()).count == 2  # other source: fine
    again = text.replace("y,B", "z,C")
    errors = _errors_after(session, published, drafter, again.encode(), before=2)
    assert [(e.row, e.column) for e in errors] == [(2, "Nomor"), (3, "Nomor")]
    assert "sudah pernah diimpor" in errors[0].text()


def _errors_after(session, published, drafter, data: bytes, *, before: int):
    with pytest.raises(importing.ImportFailed) as exc:
        _import(session, published, drafter, data)
    assert session.scalar(select(func.count(Comment.id))) == before
    return exc.value.errors


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_in_indonesian(session, published, drafter):
    from participation.core.errors import ValidationError

    for data, name, words in [
        (b"\xd0\xcf\x11\xe0old", "m.xls", "Format Excel lama"),
        (b"PK\x03\x04broken", "m.xlsx", "bukan XLSX yang sah"),
        (b"%PDF-1.4", "m.pdf", "Jenis berkas tidak didukung"),
        (b"", "m.csv", "Berkas kosong"),
    ]:
        with pytest.raises(ValidationError) as exc:
            _import(session, published, drafter, data, name)
        assert words in exc.value.message


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_downloaded_example_imports_as_it_is(session, published, drafter, fmt):
    data = (
        importing.template_csv("Pasal 20 ayat (2)")
        if fmt == "csv"
        else importing.template_xlsx("Pasal 20 ayat (2)")
    )
    report = _import(session, published, drafter, data, f"contoh.{fmt}")
    assert report.count == 1
    assert report.skipped == []
    comment = session.scalars(select(Comment)).one()
    assert (comment.stance, comment.source, comment.external_id) == ("object", "surat", "005/PKL/XI/2026")
    assert to_wita(comment.created_at).date() == dt.date(2026, 11, 17)
