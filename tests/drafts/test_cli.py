"""CLI on the real fixtures: parse, compare, import a version, import external comments."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.cli import main
from participation.comments.models import Comment
from participation.drafts.anchoring import compare_units, mapping_to_json
from participation.drafts.models import DraftVersion
from participation.drafts.parsing import iter_units, parse_perda
from participation.drafts.sources import extract_text
from tests.drafts.pdf_samples import SCAN_MESSAGE, perda_pdf, require_pdftotext, scan_pdf
from tests.factories import make_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "perda"
DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_parse_json_is_exactly_to_json(runner, name):
    path = FIXTURES / name
    result = _run(runner, "drafts", "parse", str(path), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == parse_perda(path.read_text(encoding="utf-8")).to_json()


def test_parse_docx(runner):
    result = _run(runner, "drafts", "parse", str(FIXTURES / "raperda_balikpapan_rth.docx"), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["counts"]["pasal"] > 0


def test_compare_json(runner):
    old, new = DEMO / "raperda_v1.txt", DEMO / "raperda_v2.txt"
    result = _run(runner, "drafts", "compare", str(old), str(new), "--json")
    assert result.exit_code == 0
    expected = mapping_to_json(
        compare_units(
            parse_perda(old.read_text(encoding="utf-8")), parse_perda(new.read_text(encoding="utf-8"))
        )
    )
    assert json.loads(result.output) == expected


def test_import_version_and_comments(runner, session, regions, tmp_path):
    make_user(session, Role.DRAFTER)
    result = _run(runner, "drafts", "import", str(DEMO / "raperda_v1.txt"), "--title", "Raperda CLI")
    assert result.exit_code == 0
    version_id = int(result.output.strip())
    version = session.get(DraftVersion, version_id)
    assert version.number == 1
    assert version.draft.title == "Raperda CLI"
    result = _run(
        runner,
        "drafts",
        "import",
        str(DEMO / "raperda_v2.txt"),
        "--title",
        "x",
        "--draft",
        str(version.draft_id),
    )
    assert session.get(DraftVersion, int(result.output.strip())).number == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "unit_key,stance,body,author_name,source,external_id\n"
        "pasal-5,support,Setuju,RT 1,surat,A\npasal-404,x,,RT 2,surat,B\n"
        "pasal-6,none,ok,RT 3,fax,C\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["comments", "import", str(version_id), str(bad)])
    assert result.exit_code != 0
    assert "Baris 3, kolom" in result.output
    assert "Baris 4, kolom" in result.output
    assert session.scalar(select(func.count(Comment.id))) == 0
    good = tmp_path / "good.csv"
    good.write_text(
        "unit_key,stance,body,author_name,source,external_id\npasal-5,support,Setuju,RT 1,surat,A\n",
        encoding="utf-8",
    )
    result = _run(runner, "comments", "import", str(version_id), str(good))
    assert result.exit_code == 0
    assert "1 masukan" in result.output


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    require_pdftotext()
    folder = tmp_path_factory.mktemp("cli-pdf")
    (folder / "perda.pdf").write_bytes(perda_pdf())
    (folder / "pindaian.pdf").write_bytes(scan_pdf())
    return folder


def test_parse_pdf_json(runner, pdfs):
    path = pdfs / "perda.pdf"
    result = _run(runner, "drafts", "parse", str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"title", "counts", "warnings", "units", "accounting"} <= data.keys()
    assert data == parse_perda(extract_text(path.name, path.read_bytes())).to_json()
    assert data["counts"]["pasal"] == 44


def test_parse_scanned_pdf_is_refused(runner, pdfs):
    result = runner.invoke(main, ["drafts", "parse", str(pdfs / "pindaian.pdf"), "--json"])
    assert result.exit_code != 0
    assert SCAN_MESSAGE in result.stderr
    assert result.stdout == ""


def test_import_pdf_and_refuse_a_scan(runner, session, regions, pdfs):
    make_user(session, Role.DRAFTER)
    result = runner.invoke(main, ["drafts", "import", str(pdfs / "pindaian.pdf"), "--title", "Parkir"])
    assert result.exit_code != 0
    assert SCAN_MESSAGE in result.stderr
    assert session.scalar(select(func.count(DraftVersion.id))) == 0
    result = _run(runner, "drafts", "import", str(pdfs / "perda.pdf"), "--title", "Raperda Parkir")
    assert result.exit_code == 0, result.output
    version = session.get(DraftVersion, int(result.stdout.strip()))
    assert version.draft.title == "Raperda Parkir"
    pasal = [u.number for u in iter_units(parse_perda(version.source_text).units) if u.kind == "pasal"]
    assert len(pasal) == 44
