"""Summary pages, downloads, open data and the CLI on the demo raperda and musrenbang data."""

import csv
import io
import json

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.cli import main
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.musrenbang import demo as musrenbang_demo
from participation.summaries import services
from participation.summaries.models import SummarySnapshot
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

CITY = "Kota Balikpapan"


def _env(app, tmp_path):
    return {
        "PARTICIPATION_DATABASE_URL": app.config["DATABASE_URL"],
        "PARTICIPATION_SECRET_KEY": app.config["SECRET_KEY"],
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path),
    }


def test_draft_summary_pages_downloads_and_permissions(
    app, client, session, demo_draft, tmp_path, count_queries
):
    vid = demo_draft.id
    # no snapshot yet: the page says so and does not compute one on a view
    html = client.get(f"/ringkasan/raperda/{vid}").get_data(as_text=True)
    assert "Ringkasan belum dihitung" in html
    assert session.scalar(select(func.count()).select_from(SummarySnapshot)) == 0
    assert client.get(f"/ringkasan/raperda/{vid}/laporan.pdf").status_code == 404

    # the CLI computes and prints the documented JSON
    result = CliRunner().invoke(
        main, ["summarize", "draft", str(vid), "--format", "json"], env=_env(app, tmp_path)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    comments = session.scalar(select(func.count()).select_from(Comment).where(Comment.parent_id.is_(None)))
    assert data["totals"]["comments"] == comments == 197
    for key in (
        "by_pasal",
        "by_bab",
        "themes",
        "campaigns",
        "answered",
        "matriks",
        "proposed_wordings",
        "input_fingerprint",
    ):
        assert key in data
    assert data["campaigns"]
    assert all("external_id" in c for camp in data["campaigns"] for c in camp["comments"])
    # the documented interface (issue 15): comments inside themes and campaigns are exactly
    # {"id", "external_id"}, and the answered block keeps its counts
    groups = [*data["themes"], *data["campaigns"]]
    assert data["themes"]
    assert all(set(c) == {"id", "external_id"} for g in groups for c in g["comments"])
    assert data["answered"]["answered"] + data["answered"]["unanswered"] == 197
    # the PKL campaign of the demo (24 near-identical objections) is one group
    assert data["campaigns"][0]["size"] >= 20
    out = tmp_path / "laporan.xlsx"
    result = CliRunner().invoke(
        main, ["summarize", "draft", str(vid), "--format", "xlsx", "--out", str(out)], env=_env(app, tmp_path)
    )
    assert result.exit_code == 0
    assert "memakai snapshot" in result.output
    assert load_workbook(out).sheetnames

    # the public page shows figures but no names; the DPRD member sees names in downloads
    with count_queries() as counter:
        page = client.get(f"/ringkasan/raperda/{vid}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "197" in html
    assert "Kampanye massal" in html
    assert "<svg" in html
    assert "Hitung ulang sekarang" not in html
    assert counter.count <= 12
    public_json = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert {c["author"] for r in public_json["matriks"] for c in r["comments"]} == {"Anonim"}
    make_user(session, Role.DPRD_MEMBER, email="dprd@contoh.id")
    client.login("dprd@contoh.id", PW)
    full_json = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert {c["author"] for r in full_json["matriks"] for c in r["comments"]} - {"Anonim"}
    pdf = client.get(f"/ringkasan/raperda/{vid}/laporan.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    xlsx = client.get(f"/ringkasan/raperda/{vid}/laporan.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.data[:2] == b"PK"
    # DPRD may not recompute or answer
    token = client.csrf_token(f"/ringkasan/raperda/{vid}")
    assert client.post(f"/ringkasan/raperda/{vid}/perbarui", data={"csrf_token": token}).status_code == 403
    assert (
        client.post(f"/ringkasan/raperda/{vid}/kampanye/1/tanggapi", data={"csrf_token": token}).status_code
        == 403
    )


def test_open_data_csv_has_no_personal_data(client, session, demo_draft):
    response = client.get(f"/data/raperda/{demo_draft.id}/masukan.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["id", "id_eksternal", "balasan_untuk", "kunci_unit"]
    assert len(rows) - 1 == session.scalar(select(func.count()).select_from(Comment))
    assert "@demo.partisipasi.id" not in text
    assert "warga1" not in text.lower()


def test_drafter_answers_a_campaign_in_one_action(client, session, demo_draft):
    snap, _ = services.refresh_draft_summary(session, demo_draft.id, now=utcnow(), city=CITY)
    session.commit()
    campaign = snap.result["campaigns"][0]
    ids = [c["id"] for c in campaign["comments"]]
    make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    client.login("penyusun@contoh.id", PW)
    url = f"/ringkasan/raperda/{demo_draft.id}"
    short = client.submit(
        f"{url}/kampanye/{campaign['id']}/tanggapi",
        {"grup-disposition": "explained", "grup-reason": "pendek"},
        page=url,
        follow_redirects=True,
    )
    # the form's length check speaks Indonesian (it used to let WTForms' English through)
    assert "Isian harus 10 sampai 5000 karakter." in short.get_data(as_text=True)
    unanswered_before = session.scalar(
        select(func.count()).select_from(Comment).where(Comment.id.in_(ids), Comment.response_id.is_(None))
    )
    assert unanswered_before > 0
    response = client.submit(
        f"{url}/kampanye/{campaign['id']}/tanggapi",
        {
            "grup-disposition": "partially_accepted",
            "grup-reason": "Relokasi dilakukan bertahap setelah musyawarah.",
        },
        page=url,
        follow_redirects=True,
    )
    assert f"{unanswered_before} masukan dalam kelompok ini sudah ditanggapi" in response.get_data(
        as_text=True
    )
    session.expire_all()
    answered = session.scalars(select(Comment).where(Comment.id.in_(ids))).all()
    assert all(c.response_id is not None for c in answered)
    # each comment keeps its own answer: earlier answers were not overwritten
    assert len({c.response_id for c in answered}) >= 1
    # recompute on demand picks up the change
    client.submit(f"{url}/perbarui", page=url)
    assert session.scalar(select(func.count()).select_from(SummarySnapshot)) == 2


def test_musrenbang_summary_page_and_reports(app, client, session, regions, tmp_path):
    musrenbang_demo.demo_step(session, now=utcnow())
    session.commit()
    year = utcnow().year
    assert "belum dihitung" in client.get(f"/ringkasan/musrenbang/{year}").get_data(as_text=True)
    for args in (
        ["summarize", "musrenbang", str(year)],
        ["summarize", "musrenbang", str(year), "--kecamatan", "64.71.03"],
    ):
        result = CliRunner().invoke(main, args, env=_env(app, tmp_path))
        assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scope"]["kecamatan_name"] == "Balikpapan Utara"
    assert {r["kecamatan_code"] for r in data["by_kelurahan"]} == {"64.71.03"}
    html = client.get(f"/ringkasan/musrenbang/{year}").get_data(as_text=True)
    assert "Rekap musrenbang" in html
    assert "<svg" in html
    assert "Sisa pagu" in html
    html = client.get(f"/ringkasan/musrenbang/{year}?kecamatan=64.71.03").get_data(as_text=True)
    assert "Kecamatan Balikpapan Utara" in html
    assert client.get(f"/ringkasan/musrenbang/{year}?kecamatan=%3Cx%3E").status_code == 400
    assert client.get(f"/ringkasan/musrenbang/{year}/rekap.pdf").data.startswith(b"%PDF")
    assert client.get(f"/ringkasan/musrenbang/{year}/rekap.xlsx").data[:2] == b"PK"
    assert client.get(f"/ringkasan/musrenbang/{year}/rekap.exe").status_code == 404
    assert client.get("/ringkasan/musrenbang/1999").status_code == 404
    index = client.get("/ringkasan").get_data(as_text=True)
    assert f"Rekap musrenbang {year}" in index
    # citizens may not trigger a recomputation; verifiers may
    make_user(session, Role.CITIZEN, email="w@contoh.id")
    client.login("w@contoh.id", PW)
    token = client.csrf_token(f"/ringkasan/musrenbang/{year}")
    assert (
        client.post(f"/ringkasan/musrenbang/{year}/perbarui", data={"csrf_token": token}).status_code == 403
    )
