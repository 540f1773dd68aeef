"""Summaries always current (issue 15): a comment hidden by a moderator after the snapshot was
computed, or held for pre-moderation, is in no public page, JSON, CSV, PDF or XLSX from that
request on, and the figures say so; pages cost the same number of statements whatever the data."""

import csv
import io
import json
import subprocess

from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from participation.accounts.models import Role
from participation.comments import moderation as comment_moderation
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.drafts.models import DraftUnit
from participation.summaries import services
from participation.summaries.models import SummarySnapshot
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

CITY = "Kota Balikpapan"
SECRET = "ZEBRAKUNING"  # in the body of the comment the moderator hides
WORDING = "ZEBRAHIJAU"  # in its proposed wording
HELD = "KUDAUNGU"  # in a comment held for pre-moderation


def _target(session, version_id: int) -> int:
    return session.scalar(
        select(DraftUnit.comment_target_id).where(
            DraftUnit.version_id == version_id, DraftUnit.key == "pasal-20/ayat-2"
        )
    )


def _add(
    session,
    version_id: int,
    body: str,
    *,
    visibility: str = "visible",
    wording: str | None = None,
    stance: str = "object",
) -> int:
    return session.scalar(
        insert(Comment)
        .values(
            target_id=_target(session, version_id),
            author_name="Forum Warga",
            source="surat",
            stance=stance,
            body=body,
            suggested_wording=wording,
            visibility=visibility,
            endorsement_count=2,
            flag_count=0,
            created_at=utcnow().replace(year=2000),
        )
        .returning(Comment.id)
    )  # the oldest unanswered


def _refresh(session, version_id: int):
    snap, _ = services.refresh_draft_summary(session, version_id, now=utcnow(), city=CITY)
    session.commit()
    return snap


def _hide(session, comment_id: int) -> None:
    moderator = make_user(session, Role.MODERATOR, email="moderator@contoh.id")
    comment_moderation.set_visibility(
        session,
        comment=session.get(Comment, comment_id),
        actor=moderator,
        hidden=True,
        reason="Memuat data pribadi",
        category="personal_data",
        now=utcnow(),
    )
    session.commit()


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "laporan.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


def _outputs(client, version, tmp_path) -> dict[str, str]:
    vid = version.id
    page = client.get(f"/ringkasan/raperda/{vid}")
    assert page.status_code == 200
    out = {
        "page": page.get_data(as_text=True),
        "json": client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_data(as_text=True),
        "csv": client.get(f"/data/raperda/{vid}/masukan.csv").get_data(as_text=True),
    }
    pdf = client.get(f"/ringkasan/raperda/{vid}/laporan.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    out["pdf"] = _pdf_text(pdf.data, tmp_path)
    xlsx = client.get(f"/ringkasan/raperda/{vid}/laporan.xlsx")
    assert xlsx.status_code == 200
    out["xlsx"] = _xlsx_text(xlsx.data)
    # the matriks tanggapan of the drafts area (page and XLSX) and the executive summary
    matriks = f"/raperda/{version.draft_id}/versi/{version.number}/matriks"
    out["matriks"] = client.get(matriks).get_data(as_text=True)
    out["matriks_xlsx"] = _xlsx_text(client.get(f"{matriks}.xlsx").data)
    executive = client.get(f"/ringkasan/raperda/{vid}/ringkasan-eksekutif")
    if executive.status_code != 404:  # the DPRD's two pages (issue 15, another part)
        out["eksekutif"] = executive.get_data(as_text=True)
    return out


def test_a_comment_hidden_after_the_snapshot_leaves_every_output_at_once(
    client, session, demo_draft, tmp_path
):
    vid = demo_draft.id
    secret_id = _add(
        session,
        vid,
        f"Jam operasional PKL {SECRET} harus dibatasi.",
        wording=f"Pedagang berjualan sampai pukul 21.00 {WORDING}.",
    )
    _add(session, vid, f"Masukan yang masih ditahan {HELD}.", visibility="pending")
    session.commit()
    snap = _refresh(session, vid)
    before = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert before["newer_input_waiting"] is False
    # the PDF and XLSX are built now and kept (summaries.rendered_reports): the hide must still
    # reach them, never the file kept from before
    shown_before = _outputs(client, demo_draft, tmp_path)
    assert SECRET in shown_before["pdf"]
    assert SECRET in shown_before["xlsx"]
    assert before["computed_at"] == snap.created_at.isoformat()
    text = json.dumps(before, ensure_ascii=False)
    assert SECRET in text  # matriks, oldest, wording
    assert WORDING in text
    assert HELD not in text

    _hide(session, secret_id)  # no refresh runs: the snapshot is the one from before
    assert session.scalar(select(func.count()).select_from(SummarySnapshot)) == 1
    outputs = _outputs(client, demo_draft, tmp_path)
    for name, body in outputs.items():
        assert SECRET not in body, name
        assert WORDING not in body, name
        assert HELD not in body, name
    after = json.loads(outputs["json"])
    assert after["totals"]["comments"] == before["totals"]["comments"] - 1
    assert after["totals"]["by_stance"]["object"] == before["totals"]["by_stance"]["object"] - 1
    assert after["answered"]["unanswered"] == before["answered"]["unanswered"] - 1
    assert after["answered"]["answered"] == before["answered"]["answered"]
    row = next(r for r in after["by_pasal"] if r["key"] == "pasal-20")
    row_before = next(r for r in before["by_pasal"] if r["key"] == "pasal-20")
    assert row["total"] == row_before["total"] - 1
    assert secret_id not in {c["id"] for r in after["matriks"] for c in r["comments"]}
    # the number of commenters cannot be adjusted exactly: the summary says it is being updated
    assert after["newer_input_waiting"] is True
    assert "Ada masukan baru sejak itu" in outputs["page"]
    assert "Dihitung pada" in outputs["page"]
    # the open data lists no held or hidden comment either
    rows = list(csv.reader(io.StringIO(outputs["csv"].lstrip("\ufeff"))))
    assert str(secret_id) not in {r[0] for r in rows[1:]}

    # staff views strip it too (figures agree with the public ones)
    make_user(session, Role.DPRD_MEMBER, email="dprd@contoh.id")
    client.login("dprd@contoh.id", PW)
    full = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_data(as_text=True)
    assert SECRET not in full
    assert json.loads(full)["totals"] == after["totals"]

    # the refresh puts everything right and the warning goes
    _refresh(session, vid)
    fresh = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert fresh["newer_input_waiting"] is False
    assert fresh["totals"]["by_stance"] == after["totals"]["by_stance"]
    assert fresh["answered"]["answered"] == after["answered"]["answered"]


def test_a_built_report_file_is_not_served_after_a_hide(app, client, session, demo_draft, tmp_path):
    """Large reports are built once per snapshot and audience (issue 14) as stored files; the
    file built before the hide must not be the one served after it."""
    app.config["REPORT_JOB_MIN_COMMENTS"] = 1
    vid = demo_draft.id
    secret_id = _add(session, vid, f"Jam operasional PKL {SECRET} harus dibatasi.")
    session.commit()
    _refresh(session, vid)
    url = f"/ringkasan/raperda/{vid}/laporan.pdf"
    first = client.get(url)  # a visitor: the job is queued (and run, in sync mode)
    if first.status_code == 202:
        first = client.get(url)
    assert first.status_code == 200
    assert SECRET in _pdf_text(first.data, tmp_path)
    _hide(session, secret_id)
    again = client.get(url)
    if again.status_code == 202:
        again = client.get(url)
    assert again.status_code == 200
    assert SECRET not in _pdf_text(again.data, tmp_path)


def test_a_held_comment_never_appears_and_counts_once_approved(client, session, demo_draft):
    vid = demo_draft.id
    held_id = _add(session, vid, f"Masukan yang masih ditahan {HELD}.", visibility="pending")
    session.commit()
    snap = _refresh(session, vid)
    page = client.get(f"/ringkasan/raperda/{vid}").get_data(as_text=True)
    data = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert HELD not in page
    assert HELD not in json.dumps(data, ensure_ascii=False)
    assert data["newer_input_waiting"] is False
    moderator = make_user(session, Role.MODERATOR, email="moderator@contoh.id")
    comment_moderation.approve(session, comment=session.get(Comment, held_id), actor=moderator, now=utcnow())
    session.commit()
    # approved after the snapshot: not in it, but the page says newer input waits
    data = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert data["totals"]["comments"] == snap.result["totals"]["comments"]
    assert data["newer_input_waiting"] is True
    assert data["refresh_queued"] is False


def test_summary_pages_cost_the_same_statements_whatever_the_data(client, session, demo_draft, count_queries):
    vid = demo_draft.id
    _refresh(session, vid)

    def measure() -> list[int]:
        counts = []
        for url in (f"/ringkasan/raperda/{vid}", f"/ringkasan/raperda/{vid}/laporan.json", "/ringkasan", "/"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    small = measure()
    for n in range(40):
        cid = _add(session, vid, f"Masukan tambahan {n} tentang kebersihan pasar malam.")
        if n % 4 == 0:
            _add(session, vid, f"Masukan tertahan {n}.", visibility="pending")
        if n % 5 == 0:
            session.execute(Comment.__table__.update().where(Comment.id == cid).values(visibility="hidden"))
    session.commit()
    grown_stale = measure()  # the snapshot is behind and counts withdrawn comments
    _refresh(session, vid)
    grown = measure()
    assert small == grown_stale == grown
