"""Open data (issue 18): /data lists every published CSV with its licence and schema,
/data/datapackage.json describes them as a Frictionless Data Package, and every file validates
against its Table Schema (the ``frictionless`` package, offline: the fetched bytes are written to
a temporary folder, never read from the network)."""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

import frictionless
import pytest
from sqlalchemy import func, select

from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.core.db import session_scope
from participation.demo import load_demo_accounts
from participation.drafts import exports as draft_exports
from participation.musrenbang import demo as musrenbang_demo
from participation.musrenbang import exports as musrenbang_exports
from participation.musrenbang.models import MusrenbangCycle
from participation.summaries import open_data
from participation.summaries.open_data import schemas as open_data_schemas
from tests.summaries.conftest import build_demo_draft, first_published_version


def _build_demo_data(app) -> None:
    build_demo_draft(app)
    factory = app.extensions["participation.sessionmaker"]
    with session_scope(factory) as session:
        load_demo_accounts(session)
    with app.app_context(), session_scope(factory) as session:
        musrenbang_demo.demo_step(session, now=utcnow())


@pytest.fixture
def demo_data(app, session, demo_snapshots):
    """The demo raperda (its comments and answers) and the demo musrenbang cycle (built once per
    session); the raperda's first published version."""
    demo_snapshots.load(app, "regions+drafts+accounts+musrenbang", _build_demo_data, session=session)
    return first_published_version(session)


def _local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http", url  # BASE_URL of the tests
    assert parts.netloc == "localhost", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _package(client) -> dict:
    response = client.get("/data/datapackage.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _validate(resource_descriptor: dict, data: bytes, folder: Path) -> frictionless.Report:
    descriptor = copy.deepcopy(resource_descriptor)
    (folder / f"{descriptor['name']}.csv").write_bytes(data)
    descriptor["path"] = f"{descriptor['name']}.csv"
    resource = frictionless.Resource.from_descriptor(descriptor, basepath=str(folder))
    return resource.validate()


def _errors(report: frictionless.Report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_listed_file_validates_against_its_schema(client, session, demo_data, tmp_path):
    package = _package(client)
    resources = package["resources"]
    years = list(session.scalars(select(MusrenbangCycle.year)))
    # per published version: masukan + matriks; per musrenbang year: usulan + rekap
    shapes = sorted(r["name"].split("-")[0] for r in resources)
    assert shapes == sorted(["masukan", "matriks"] * 1 + ["usulan", "rekap"] * len(years))
    for resource in resources:
        assert resource["format"] == "csv"
        assert resource["mediatype"] == "text/csv"
        assert resource["encoding"] == "utf-8"
        assert [lic["name"] for lic in resource["licenses"]] == ["CC-BY-4.0"]
        response = client.get(_local(resource["path"]))
        assert response.status_code == 200, resource["path"]
        assert response.data.count(b"\n") > 1, resource["name"]  # a header and some rows
        report = _validate(resource, response.data, tmp_path)
        assert report.valid, (resource["name"], _errors(report)[:10])
        # the header row is the schema's field list, in order: one source for both
        header = next(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_a_wrong_value_fails_validation(client, demo_data, tmp_path):
    """The schemas constrain: a stance outside the list, a word where a number belongs fail."""
    package = _package(client)
    masukan = next(r for r in package["resources"] if r["name"].startswith("masukan-"))
    data = client.get(_local(masukan["path"])).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    rows[1][rows[0].index("sikap")] = "setuju sekali"
    rows[1][rows[0].index("dukungan")] = "banyak"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = _validate(masukan, out.getvalue().encode("utf-8"), tmp_path)
    assert not report.valid
    assert {e[2] for e in _errors(report)} >= {"constraint-error", "type-error"}


def test_the_descriptor_is_a_valid_data_package(client, demo_data):
    package = _package(client)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["contributors"][0]["title"] == "Pemerintah Kota Balikpapan, participation"
    # the Data Package profile (tabular: every resource has a Table Schema), metadata only
    report = frictionless.Package.validate_descriptor(package)
    assert report.valid, [e.note for e in report.errors]
    loaded = frictionless.Package.from_descriptor(copy.deepcopy(package))
    assert len(loaded.resources) == len(package["resources"]) >= 4
    # the check bites: a resource without its schema or with an unknown field type fails
    no_schema = copy.deepcopy(package)
    del no_schema["resources"][0]["schema"]
    notes = [e.note for e in frictionless.Package.validate_descriptor(no_schema).errors]
    assert any("schema" in n for n in notes), notes
    unknown_type = copy.deepcopy(package)
    unknown_type["resources"][1]["schema"]["fields"][0]["type"] = "angka"
    notes = [e.note for e in frictionless.Package.validate_descriptor(unknown_type).errors]
    assert any("angka" in n for n in notes), notes


def test_the_page_lists_every_file_with_licence_and_schema(client, session, demo_data):
    package = _package(client)
    html = client.get("/data").get_data(as_text=True)
    assert "CC BY 4.0" in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    assert "Pemerintah Kota Balikpapan, participation" in html
    for resource in package["resources"]:
        assert f'id="{resource["name"]}"' in html
        assert _local(resource["path"]).replace("&", "&amp;") in html
    for shape in ("masukan", "matriks", "usulan", "rekap"):
        assert f"/data/skema/{shape}.json" in html
        schema = client.get(f"/data/skema/{shape}.json").get_json()
        assert schema == next(r["schema"] for r in package["resources"] if r["name"].startswith(shape))
    assert "WITA" in html
    assert client.get("/data/skema/lain.json").status_code == 404
    # linked from every page's footer
    assert 'href="/data"' in client.get("/").get_data(as_text=True)


def test_the_page_queries_do_not_grow_with_versions(client, demo_data, count_queries):
    with count_queries() as counter:
        assert client.get("/data").status_code == 200
    assert counter.count <= 8


def test_hidden_comments_never_appear(client, session, demo_data):
    visible = list(
        session.scalars(
            select(Comment).where(Comment.visibility == Visibility.VISIBLE.value).order_by(Comment.id)
        )
    )
    # an answered comment whose text no other comment shares (the demo has a mass campaign)
    hidden = next(
        c
        for c in visible
        if c.parent_id is None
        and c.response_id is not None
        and sum(o.body[:60] == c.body[:60] for o in visible) == 1
    )
    marker = hidden.body[:60]
    package = _package(client)
    urls = {
        r["name"].split("-")[0]: _local(r["path"])
        for r in package["resources"]
        if r["name"].startswith(("masukan-", "matriks-"))
    }
    assert all(marker in client.get(u).get_data(as_text=True) for u in urls.values())
    hidden.visibility = Visibility.HIDDEN.value
    session.commit()
    for url in urls.values():
        text = client.get(url).get_data(as_text=True)
        assert marker not in text, url
    masukan = list(
        csv.DictReader(io.StringIO(client.get(urls["masukan"]).get_data(as_text=True).lstrip("\ufeff")))
    )
    assert str(hidden.id) not in {row["id"] for row in masukan}
    assert len(masukan) == session.scalar(
        select(func.count()).select_from(Comment).where(Comment.visibility == Visibility.VISIBLE.value)
    )


def test_an_unpublished_or_missing_version_has_no_matrix(client, demo_data):
    assert client.get("/data/raperda/999999/matriks.csv").status_code == 404


def test_matrix_csv_has_the_xlsx_columns_and_values(client, session, demo_data):
    from openpyxl import load_workbook

    draft, version = demo_data.draft_id, demo_data.number
    xlsx = client.get(f"/raperda/{draft}/versi/{version}/matriks.xlsx").data
    sheet = load_workbook(io.BytesIO(xlsx)).active
    xlsx_rows = [
        [("" if v is None else v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    data = client.get(f"/data/raperda/{demo_data.id}/matriks.csv").data
    assert data.startswith(b"\xef\xbb\xbf")
    csv_rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert csv_rows[0] == list(draft_exports.HEADERS)
    assert [[str(v) for v in row] for row in xlsx_rows] == csv_rows
    assert len(csv_rows) > 2


def test_every_column_has_a_field_spec():
    """A column added to a writer without a description here fails, not a silently wrong schema."""
    schemas = open_data.table_schemas()
    assert [f["name"] for f in schemas["usulan"]["fields"]] == [
        h for _k, h in musrenbang_exports.PUBLIC_COLUMNS
    ]
    assert "Pengusul" not in {f["name"] for f in schemas["usulan"]["fields"]}
    assert [f["name"] for f in schemas["rekap"]["fields"]] == [
        h for _k, h in musrenbang_exports.RECAP_COLUMNS
    ]
    assert [f["name"] for f in schemas["masukan"]["fields"]] == [k for k, _t in open_data.COMMENT_COLUMNS]
    for schema in schemas.values():
        assert frictionless.Schema.validate_descriptor(schema).valid
        for f in schema["fields"]:
            assert f["description"]
            assert f["title"]
    with pytest.raises(open_data.MissingFieldSpec):
        open_data_schemas._fields([("kolom_baru", "Kolom baru")], {}.get, name_is_key=True)
