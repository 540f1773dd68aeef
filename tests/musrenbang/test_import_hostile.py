"""Hostile and accidental XLSX uploads to the usulan import (issue 13 items 1 and 7): a sheet
formatted down to row 1,048,576 is read in bounded time and memory, and a truncated,
damaged or entity-laden workbook gets the clean Indonesian refusal, never a 500."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from participation.core.errors import ValidationError
from participation.musrenbang import services
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL
from tests.musrenbang.test_importing import GOOD, HEADER, parse

ROWS = [HEADER.split(","), GOOD.split(","), GOOD.replace("Mawar", "Melati").split(",")]
REFUSAL = "Berkas bukan XLSX yang sah"
LAST_ROW = 1_048_576


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain() -> bytes:
    workbook = Workbook()
    for row in ROWS:
        workbook.active.append(row)
    return _save(workbook)


def _formatted_to_last_row() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet.cell(row=LAST_ROW, column=1).font = Font(bold=True)
    sheet.cell(row=LAST_ROW, column=14).number_format = "0.00"
    return _save(workbook)


def _replace_part(data: bytes, name: str, edit) -> bytes:
    """The same workbook with one part rewritten (``edit`` gets and returns its bytes)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, edit(content) if info.filename == name else content)
    return out.getvalue()


def _styled_empty_rows_to_last_row() -> bytes:
    """Every row down to 1,048,576 present in the sheet XML as a styled, value-less cell, as
    Excel writes a column formatted to the end; the dimension says A1:N1048576."""
    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet.cell(row=4, column=1).font = Font(bold=True)  # so a style index 1 exists
    data = _save(workbook)

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:N{LAST_ROW}"/>', text)
        filler = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(5, LAST_ROW + 1))
        return text.replace("</sheetData>", filler + "</sheetData>").encode()

    return _replace_part(data, "xl/worksheets/sheet1.xml", edit)


def _bounded_parse(data: bytes):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = parse(data, "usulan.xlsx")
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    # Generous guards (the figures belong in bench/); before the fix these took 1-150 s.
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert peak < 100 * 1024 * 1024, f"{peak / 2**20:.0f} MB"
    return result


def _summary(result) -> list[tuple]:
    return [(r.row_number, r.title, r.alamat, r.volume, r.satuan) for r in result.rows]


@pytest.mark.parametrize("build", [_formatted_to_last_row, _styled_empty_rows_to_last_row])
def test_sheet_formatted_to_the_last_row_reads_fast_and_gives_the_same_rows(build) -> None:
    data = build()
    assert len(data) < 10 * 1024 * 1024
    expected = parse(_plain(), "usulan.xlsx")
    assert expected.importable
    assert len(expected.rows) == 2
    result = _bounded_parse(data)
    assert result.errors == []
    assert _summary(result) == _summary(expected)


def test_declared_width_is_not_trusted() -> None:
    workbook = Workbook()
    for row in ROWS:
        workbook.active.append(row)
    workbook.active.cell(row=2, column=16384).font = Font(bold=True)  # column XFD
    result = _bounded_parse(_save(workbook))
    assert _summary(result) == _summary(parse(_plain(), "usulan.xlsx"))


def test_reading_stops_after_a_run_of_empty_rows() -> None:
    workbook = Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    for column, value in enumerate(GOOD.replace("Mawar", "Kenanga").split(","), start=1):
        sheet.cell(row=500_000, column=column, value=value)
    result = _bounded_parse(_save(workbook))
    assert [r.row_number for r in result.rows] == [2, 3]


def _truncated() -> bytes:
    data = _plain()
    return data[: len(data) // 2]


def _sheet_xml_cut() -> bytes:
    return _replace_part(_plain(), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])


def _compressed_data_damaged() -> bytes:
    data = bytearray(_plain())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 5, start + 5 + min(40, info.compress_size - 10)):
        data[offset] ^= 0x5A
    return bytes(data)


BOMB = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
    b'<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&g;</t></si></sst>'
)


def _entity_laden() -> bytes:
    """A workbook whose shared strings carry a DTD with nested entities (an XML bomb),
    crafted by hand: openpyxl itself writes inline strings."""
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    data = _replace_part(_plain(), "[Content_Types].xml", lambda xml: xml.replace(b"</Types>", override))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/sharedStrings.xml", BOMB)
    return out.getvalue()


def _entity_in_utf16_sheet() -> bytes:
    def edit(xml: bytes) -> bytes:
        text = xml.decode().replace('<?xml version="1.0" encoding="utf-8"?>', "")
        text = (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + text
        )
        return text.encode("utf-16")

    return _replace_part(_plain(), "xl/worksheets/sheet1.xml", edit)


HOSTILE = [_truncated, _sheet_xml_cut, _compressed_data_damaged, _entity_laden, _entity_in_utf16_sheet]


@pytest.mark.parametrize("build", HOSTILE)
def test_damaged_or_entity_laden_xlsx_is_refused_cleanly(build) -> None:
    with pytest.raises(ValidationError, match=REFUSAL):
        parse(build(), "usulan.xlsx")


@pytest.mark.parametrize("build", HOSTILE)
def test_service_refuses_damaged_xlsx(session, cycle, people, now, build) -> None:
    with pytest.raises(ValidationError, match=REFUSAL):
        services.preview_import(
            session,
            cycle=cycle,
            filename="usulan.xlsx",
            data=build(),
            actor=people.coordinator,
            kelurahan_code=KEL,
            override_kelurahan=True,
            now=now,
        )


@pytest.mark.parametrize("build", [*HOSTILE, _formatted_to_last_row])
def test_web_upload_of_hostile_xlsx_answers_in_indonesian(client, session, people, cycle, build):
    client.login("koor@contoh.id", PW)
    token = client.csrf_token("/musrenbang/impor")
    started = time.perf_counter()
    response = client.post(
        "/musrenbang/impor",
        data={
            "csrf_token": token,
            "kelurahan_code": KEL,
            "override": "y",
            "file": (io.BytesIO(build()), "usulan.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert time.perf_counter() - started < 30
    html = response.get_data(as_text=True)
    if build is _formatted_to_last_row:
        assert response.status_code == 200
        assert "Pratinjau: 2 usulan" in html
    else:
        # the refusal is shown on the form, as for any other unreadable file
        assert response.status_code < 500, response.status_code
        assert REFUSAL in html
        assert "Pratinjau" not in html


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Jalan,Becek\x00,Jl. Mawar,Manggar,60 m,,15000000", "bukan CSV atau XLSX"),
        (
            "Jalan," + "x" * 140_000 + ",Jl. Mawar,Manggar,60 m,,15000000",
            "Berkas CSV rusak di sekitar baris 2",
        ),
    ],
)
def test_csv_with_nul_or_huge_field_is_refused_cleanly(line: str, message: str) -> None:
    """The same two inputs that crashed the comments import: a clean refusal here."""
    with pytest.raises(ValidationError, match=message):
        parse(f"{HEADER}\n{line}\n".encode())
