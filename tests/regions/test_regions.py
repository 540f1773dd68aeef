import re

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from participation.cli import main
from participation.core.errors import ValidationError
from participation.regions import services
from participation.regions.models import Kecamatan, Kelurahan

CODE = re.compile(r"^64\.71\.0[1-6]\.1\d{3}$")


def _load(session):
    report = services.load_regions(session, services.parse_regions_csv(services.default_regions_csv()))
    session.commit()
    return report


def test_balikpapan_has_6_kecamatan_and_34_kelurahan_with_kemendagri_codes(session):
    report = _load(session)
    assert (report.kecamatan_added, report.kelurahan_added) == (6, 34)
    assert session.scalar(select(func.count()).select_from(Kecamatan)) == 6
    codes = list(session.scalars(select(Kelurahan.code)))
    assert len(codes) == 34
    assert all(CODE.match(c) for c in codes), codes
    kel = session.get(Kelurahan, "64.71.03.1002")
    assert kel.name == "Gunung Samarinda"
    assert kel.kecamatan.name == "Balikpapan Utara"


def test_loading_twice_changes_nothing(session):
    _load(session)
    before = [
        (k.code, k.name, k.kecamatan_code, k.postcode, k.rt_count)
        for k in session.scalars(select(Kelurahan).order_by(Kelurahan.code))
    ]
    again = _load(session)
    assert (again.kecamatan_added, again.kelurahan_added, again.updated) == (0, 0, 0)
    assert again.unchanged == 34
    after = [
        (k.code, k.name, k.kecamatan_code, k.postcode, k.rt_count)
        for k in session.scalars(select(Kelurahan).order_by(Kelurahan.code))
    ]
    assert before == after


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Gunungsamarinda", "Gunung Samarinda"),
        ("GUNUNG SAMARINDA", "Gunung Samarinda"),
        ("Kel. Gunung Samarinda", "Gunung Samarinda"),
        ("Muararapak", "Muara Rapak"),
        ("Gn. Sari Ilir", "Gunung Sari Ilir"),
        ("Gunungbahagia", "Gunung Bahagia"),
        ("Sungai Nangka", "Sungainangka"),
        ("Lemaru", "Lamaru"),
        ("Margomulyo", "Margo Mulyo"),
        ("Margasari", "Marga Sari"),
        ("64.71.01.1001", "Manggar"),
    ],
)
def test_name_variants_resolve(session, written, expected):
    _load(session)
    kel = services.resolve_kelurahan(session, written)
    assert kel is not None
    assert kel.name == expected


def test_unknown_names_do_not_resolve(session):
    _load(session)
    assert services.resolve_kelurahan(session, "Kauman") is None
    assert services.resolve_kelurahan(session, "") is None
    # a similar-looking but different kelurahan must not be confused
    assert services.resolve_kelurahan(session, "Gunung Samarinda Baru").name == "Gunung Samarinda Baru"


def test_kecamatan_abbreviations(session):
    _load(session)
    assert services.resolve_kecamatan(session, "Balut").code == "64.71.03"
    assert services.resolve_kecamatan(session, "Kecamatan Balikpapan Kota").name == "Balikpapan Kota"


def test_bad_file_reports_rows_in_indonesian():
    text = "kode_kecamatan,kecamatan,kode_kelurahan,kelurahan\n64.71.01,Timur,6471011001,Manggar\n"
    with pytest.raises(ValidationError, match="baris 2, kolom kode_kelurahan"):
        services.parse_regions_csv(text)
    with pytest.raises(ValidationError, match="Kolom wajib"):
        services.parse_regions_csv("a,b\n1,2\n")


def test_cli_loads_another_citys_file_idempotently(app, tmp_path, session):
    other = tmp_path / "kota_lain.csv"
    other.write_text(
        "kode_kecamatan,kecamatan,kode_kelurahan,kelurahan,kode_pos,kode_bps,jumlah_rt\n"
        "64.72.01,Palaran,64.72.01.1001,Rawa Makmur,75243,,12\n"
        "64.72.01,Palaran,64.72.01.1002,Handil Bakti,75243,,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    env = {
        "PARTICIPATION_DATABASE_URL": app.config["DATABASE_URL"],
        "PARTICIPATION_SECRET_KEY": app.config["SECRET_KEY"],
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path),
    }
    first = runner.invoke(main, ["regions", "load", str(other)], env=env)
    assert first.exit_code == 0, first.output
    assert "kelurahan baru: 2" in first.output
    second = runner.invoke(main, ["regions", "load", str(other)], env=env)
    assert "kelurahan baru: 0" in second.output
    assert "tidak berubah: 2" in second.output
    default = runner.invoke(main, ["regions", "load"], env=env)
    assert "kelurahan baru: 34" in default.output
    assert session.scalar(select(func.count()).select_from(Kelurahan)) == 36
