"""CLI: ``participation musrenbang import`` (same validation as the web, all-or-nothing, non-zero
exit on any bad row) and ``export`` (.csv or .xlsx by extension)."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import func, select

from participation.cli import main
from participation.musrenbang.models import Usulan

FIXTURES = Path(__file__).parent.parent / "fixtures" / "musrenbang"
SAMPLE = FIXTURES / "musrenbang_kelurahan_kauman_kota_malang_usulan.csv"


def _env(app, tmp_path):
    return {
        "PARTICIPATION_DATABASE_URL": app.config["DATABASE_URL"],
        "PARTICIPATION_SECRET_KEY": app.config["SECRET_KEY"],
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path),
    }


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Usulan.id)))


def test_import_sipd_sample_with_kelurahan(app, session, cycle, tmp_path):
    result = CliRunner().invoke(
        main,
        ["musrenbang", "import", str(SAMPLE), "--cycle", "2026", "--kelurahan", "Gunungsamarinda"],
        env=_env(app, tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert "138 usulan diimpor" in result.output
    assert _count(session) == 138
    statuses = dict(session.execute(select(Usulan.status, func.count()).group_by(Usulan.status)).all())
    assert statuses == {"accepted": 29, "not_accepted": 109}  # the CLI keeps statuses (system/admin)


def test_import_without_kelurahan_reports_and_imports_nothing(app, session, cycle, tmp_path):
    result = CliRunner().invoke(
        main, ["musrenbang", "import", str(SAMPLE), "--cycle", "2026"], env=_env(app, tmp_path)
    )
    assert result.exit_code != 0
    assert "kolom Kelurahan" in result.output
    assert _count(session) == 0


def test_one_bad_row_imports_nothing_and_exits_non_zero(app, session, cycle, tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[17] = lines[17].replace(",LK,", ",XYZ,", 1) if ",LK," in lines[17] else lines[17] + "x"
    bad = tmp_path / "satu_baris_salah.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["musrenbang", "import", str(bad), "--cycle", "2026", "--kelurahan", "64.71.03.1002"],
        env=_env(app, tmp_path),
    )
    assert result.exit_code != 0
    assert "baris 18, kolom" in result.output
    assert "Tidak ada yang diimpor" in result.output
    assert _count(session) == 0


def test_import_unknown_cycle_or_kelurahan(app, session, cycle, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["musrenbang", "import", str(SAMPLE), "--cycle", "2031"], env=_env(app, tmp_path)
    )
    assert result.exit_code != 0
    assert "2031" in result.output
    result = runner.invoke(
        main,
        ["musrenbang", "import", str(SAMPLE), "--cycle", "2026", "--kelurahan", "Atlantis"],
        env=_env(app, tmp_path),
    )
    assert result.exit_code != 0
    assert "Atlantis" in result.output


def test_export_csv_and_xlsx(app, session, cycle, tmp_path):
    env = _env(app, tmp_path)
    runner = CliRunner()
    runner.invoke(
        main,
        ["musrenbang", "import", str(SAMPLE), "--cycle", "2026", "--kelurahan", "64.71.03.1002"],
        env=env,
    )
    out = tmp_path / "usulan.csv"
    result = runner.invoke(main, ["musrenbang", "export", "--cycle", "2026", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("No,Sumber,Usulan")
    assert "Lurah Kauman" not in text
    assert len(text.splitlines()) == 139
    xlsx = tmp_path / "usulan.xlsx"
    assert (
        runner.invoke(
            main, ["musrenbang", "export", "--cycle", "2026", "--out", str(xlsx)], env=env
        ).exit_code
        == 0
    )
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert sheet.max_row == 140  # title, header, 138 rows
    bad = runner.invoke(
        main, ["musrenbang", "export", "--cycle", "2026", "--out", str(tmp_path / "x.pdf")], env=env
    )
    assert bad.exit_code != 0
