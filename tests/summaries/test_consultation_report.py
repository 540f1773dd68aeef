"""The laporan hasil uji publik (issue 16): every figure against the data of the issue's scenario
(accepted, partly accepted, rejected and unanswered comments, letters and an RDPU entered by the
tim penyusun, commenters from two kelurahan, one comment hidden by a moderator), before the
naskah akhir ("sementara"), after it and after enactment; the page, the PDF and the XLSX never
quote the hidden comment; who may read it; the outcome line in the summaries."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments import moderation as comment_moderation
from participation.comments import services as comment_services
from participation.comments.models import Disposition
from participation.core.clock import utcnow
from participation.core.files import FileKind, StoredFile
from participation.drafts import final, services
from participation.drafts.models import Draft
from participation.jobs import Job, drain
from participation.summaries import consultation
from participation.summaries import services as summary_services
from participation.summaries.reports.consultation import SECTIONS, SHEETS
from participation.summaries.reports.executive import page_count
from tests.drafts.conftest import citizen, citizen2, drafter, published  # noqa: F401 - fixtures
from tests.drafts.lifecycle_helpers import PASAL_12_2, answer, close, comment, days_ago
from tests.drafts.test_lifecycle import ENACTED
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

KEL_A, KEL_A_NAME = "64.71.01.1001", "Manggar"
KEL_B, KEL_B_NAME = "64.71.01.1002", "Lamaru"
HIDDEN_TEXT = "Iklan obat kuat murah hubungi nomor ini"
LETTER_REASON = "Sudah diatur dalam peraturan wali kota tentang pasar."
REJECT_REASON = "Asas ini diwajibkan UU."
EXEMPT_OPEN = "Pertanyaan dijawab langsung dalam rapat dengar pendapat."
EXEMPT_RDPU = "Usul ini akan dibahas bersama DPRD dalam pembahasan tingkat I."


@pytest.fixture
def scenario(session, published, drafter, citizen, citizen2):  # noqa: F811
    """Version 1 with: Pasal 12 (2) accepted, Pasal 3 huruf e partly accepted, Pasal 2 rejected,
    Pasal 4 unanswered (residents of Manggar and Lamaru); a letter on Pasal 5 rejected and an
    RDPU input on Pasal 12 (2) unanswered; a reply, an endorsement, a hidden comment."""
    v = published
    citizen.kelurahan_code, citizen2.kelurahan_code = KEL_A, KEL_B
    c = {
        "accept": comment(session, v, citizen, PASAL_12_2, "Tambahkan tempat ibadah."),
        "partly": comment(session, v, citizen2, "pasal-3/huruf-e", "Sebut ramah anak dan lansia."),
        "reject": comment(session, v, citizen, "pasal-2/huruf-a", "Hapus asas ini.", "object"),
        "open": comment(session, v, citizen2, "pasal-4", "Apa maksud pasal ini?", "question"),
        "hidden": comment(session, v, citizen, "pasal-5", HIDDEN_TEXT, "support"),
    }
    now = utcnow()
    c["letter"] = services.add_external_comment(
        session,
        version=v,
        actor=drafter,
        unit_key="pasal-5",
        stance="support",
        body="Kami mendukung pengaturan pasar malam.",
        author_name="Yayasan Peduli Kota",
        source="surat",
        received_on=days_ago(1),
        now=now,
        external_id="S-01",
    )
    c["rdpu"] = services.add_external_comment(
        session,
        version=v,
        actor=drafter,
        unit_key=PASAL_12_2,
        stance="amend",
        body="Sebutkan juga kantor kelurahan.",
        author_name="Forum RT 05",
        source="rdpu",
        received_on=days_ago(1),
        now=now,
    )
    moderator = make_user(session, Role.MODERATOR, email="moderator@contoh.id")
    comment_moderation.set_visibility(
        session, comment=c["hidden"], actor=moderator, hidden=True, reason="Spam.", now=now
    )
    services.reply(
        session,
        version=v,
        parent=c["accept"],
        author=citizen2,
        body="Setuju, tambahkan juga gereja.",
        now=now,
    )
    comment_services.endorse(session, comment=c["accept"], user=citizen2, now=now)
    answer(session, v, drafter, [c["accept"]], Disposition.ACCEPTED)
    answer(session, v, drafter, [c["partly"]], Disposition.PARTIALLY_ACCEPTED)
    answer(session, v, drafter, [c["reject"]], Disposition.NOT_ACCEPTED, REJECT_REASON)
    answer(session, v, drafter, [c["letter"]], Disposition.NOT_ACCEPTED, LETTER_REASON)
    close(session, v, drafter)
    session.commit()
    return v, c


def _finalize_and_enact(session, v, c):
    lead = make_user(session, Role.DRAFTER, Role.DRAFT_LEAD, email="ketua@contoh.id", name="Ketua Tim")
    final.finalize(
        session,
        version=v,
        actor=lead,
        now=utcnow(),
        reasons={c["open"].id: EXEMPT_OPEN, c["rdpu"].id: EXEMPT_RDPU},
    )
    session.commit()
    final.enact(
        session,
        draft=v.draft,
        actor=lead,
        text=ENACTED,
        number="5 Tahun 2026",
        enacted_on=days_ago(0),
        now=utcnow(),
    )
    final.promulgate(
        session, draft=v.draft, actor=lead, gazette_number="88", promulgated_on=days_ago(0), now=utcnow()
    )
    session.commit()
    return lead


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode()


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_figures_before_the_naskah_akhir_are_provisional(session, scenario):
    v, c = scenario
    report = consultation.consultation_report(session, v.draft, now=utcnow())
    assert report.provisional
    assert report.version_number == 1
    assert report.changed is None
    assert report.stage == "uji_publik"
    assert report.perda_number is None
    assert [(w.number, w.comments, w.measured) for w in report.windows] == [(1, 6, True)]
    assert report.windows[0].opens_at == v.opens_at
    assert report.windows[0].closes_at == v.closes_at
    f = report.figures
    assert (f.comments, f.hidden, f.held, f.replies, f.endorsements, f.answered) == (6, 1, 0, 1, 1, 4)
    assert (f.commenters, f.registered_commenters, f.external_commenters) == (4, 2, 2)
    assert {ch.source: ch.comments for ch in report.channels} == {
        "platform": 4,
        "surat": 1,
        "email": 0,
        "rdpu": 1,
        "forum": 0,
        "other": 0,
    }
    assert dict(report.channel_groups) == {"daring": 4, "surat": 1, "rapat dan forum": 1, "lainnya": 0}
    assert [(k.code, k.name, k.comments, k.commenters) for k in report.by_kelurahan] == [
        (KEL_B, KEL_B_NAME, 2, 1),
        (KEL_A, KEL_A_NAME, 2, 1),
        (None, "tidak diketahui", 2, 2),
    ]
    assert {s.stance: s.comments for s in report.by_stance} == {
        "support": 1,
        "object": 1,
        "amend": 3,
        "question": 1,
    }
    # the matriks: the visible comments in document order, the hidden one not there
    assert [(r.label, r.comment_id, r.disposition) for r in report.matrix] == [
        ("Pasal 2 huruf a", c["reject"].id, "not_accepted"),
        ("Pasal 3 huruf e", c["partly"].id, "partially_accepted"),
        ("Pasal 4", c["open"].id, None),
        ("Pasal 5", c["letter"].id, "not_accepted"),
        ("Pasal 12 ayat (2)", c["accept"].id, "accepted"),
        ("Pasal 12 ayat (2)", c["rdpu"].id, None),
    ]
    assert [(r.source_label, r.stance_label) for r in report.matrix][3] == ("surat", "mendukung")
    assert [(n.comment_id, n.reason) for n in report.not_accepted] == [
        (c["reject"].id, REJECT_REASON),
        (c["letter"].id, LETTER_REASON),
    ]
    assert report.exempted == []
    assert dict(report.by_disposition)["diterima sebagian"] == 1


def test_after_enactment_the_report_lists_the_pasal_changed_and_the_reasons(session, scenario):
    v, c = scenario
    lead = _finalize_and_enact(session, v, c)
    draft = session.get(Draft, v.draft_id)
    report = consultation.consultation_report(session, draft, now=utcnow())
    assert not report.provisional
    assert report.version_number == 1
    assert (report.final_version_number, report.enacted_version_number) == (1, 2)
    assert (report.stage, report.perda_number, report.gazette_number) == ("diundangkan", "5 Tahun 2026", "88")
    assert report.outcomes_enacted
    # the enacted text is not a consultation window
    assert [w.number for w in report.windows] == [1]
    assert report.pasal_changed == ["Pasal 3", "Pasal 12"]
    assert report.outcome_figures.accepted == 2
    assert report.outcome_figures.changed_the_law == 2
    pasal_12 = report.changed[1]
    (clause,) = pasal_12.clauses
    assert clause.label == "Pasal 12 ayat (2)"
    assert not clause.removed
    assert ("insert", "sekolah, tempat ibadah") in clause.diff
    assert ("delete", "sekolah") in clause.diff
    assert [(x.comment_id, x.disposition_label) for x in clause.comments] == [(c["accept"].id, "diterima")]
    assert [x.comment_id for x in report.changed[0].clauses[0].comments] == [c["partly"].id]
    # unanswered with the ketua's reasons, rejected with the team's
    assert [(e.comment_id, e.reason, e.actor_name) for e in report.exempted] == [
        (c["open"].id, EXEMPT_OPEN, lead.name),
        (c["rdpu"].id, EXEMPT_RDPU, lead.name),
    ]
    assert [n.comment_id for n in report.not_accepted] == [c["reject"].id, c["letter"].id]
    assert (report.figures.answered, report.figures.comments) == (4, 6)


def test_page_pdf_and_xlsx_carry_the_figures_and_never_the_hidden_comment(client, session, scenario):
    v, c = scenario
    _finalize_and_enact(session, v, c)
    draft_id = v.draft_id
    page = client.get(f"/raperda/{draft_id}/laporan-uji-publik")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Pasal 3, Pasal 12" in html
    assert "2 masukan diterima (termasuk sebagian)" in html
    assert EXEMPT_RDPU in html
    assert LETTER_REASON in html
    assert KEL_A_NAME in html
    assert "sementara" not in html
    assert "Lembaran Daerah" in html
    assert "<ins>" in html  # the word diff
    assert HIDDEN_TEXT not in html  # no names either
    assert "Warga Satu" not in html

    pdf = client.get(f"/raperda/{draft_id}/laporan-uji-publik.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    text = _pdf_text(pdf.data)
    flat = " ".join(text.split())
    positions = [flat.find(title) for title in SECTIONS]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions), positions
    assert "Halaman 1 dari" in flat
    assert "5 Tahun 2026" in flat
    assert "Pasal berubah karena masukan publik" in flat or "pasal berubah karena masukan" in flat
    assert EXEMPT_OPEN in flat
    assert REJECT_REASON in flat
    assert "Iklan obat" not in flat
    assert "Warga Satu" not in flat

    xlsx = client.get(f"/raperda/{draft_id}/laporan-uji-publik.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.data[:2] == b"PK"
    sheets = _cells(xlsx.data)
    assert tuple(sheets) == SHEETS
    summary = {row[0]: row[1] for row in sheets["Ringkasan"][1:]}
    assert summary["Masukan (pokok, tampil untuk umum)"] == 6
    assert summary["Pemberi masukan"] == 4
    assert summary["Disembunyikan moderator (hanya dihitung)"] == 1
    assert summary["Daftar pasal berubah"] == "Pasal 3, Pasal 12"
    assert summary["Nomor perda"].startswith("5 Tahun 2026")
    channels = {row[0]: row[2] for row in sheets["Saluran"][1:]}
    assert channels["surat"] == 1
    assert channels["rapat dengar pendapat umum (RDPU)"] == 1
    assert {row[0]: row[2] for row in sheets["Kelurahan"][1:]} == {
        KEL_A_NAME: 2,
        KEL_B_NAME: 2,
        "tidak diketahui": 2,
    }
    assert len(sheets["Matriks tanggapan"]) == 1 + 6
    assert [row[0] for row in sheets["Pasal berubah"][1:]] == ["Pasal 3", "Pasal 12"]
    # the draft's story in its report: each stage once, in order, with the perda and LD numbers
    story = [row[1] for row in sheets["Linimasa"][1:]]
    stages = [s.split(" ")[0].rstrip(":") for s in story if not s.startswith("Versi")]
    assert stages == ["Penyusunan", "Uji", "Pembahasan", "Ditetapkan", "Diundangkan"], story
    assert any("Perda Nomor 5 Tahun 2026" in s for s in story)
    assert any("Lembaran Daerah Nomor 88" in s for s in story)
    assert "Linimasa rancangan" in html
    assert "Linimasa rancangan" in flat
    assert {(row[0], row[1]) for row in sheets["Tidak diakomodasi"][1:]} == {
        ("tidak diterima", c["reject"].id),
        ("tidak diterima", c["letter"].id),
        ("tidak ditanggapi", c["open"].id),
        ("tidak ditanggapi", c["rdpu"].id),
    }
    every = " ".join(str(v) for rows in sheets.values() for row in rows for v in row)
    assert "Iklan obat" not in every


def test_provisional_page_says_sementara(client, scenario):
    v, _c = scenario
    html = client.get(f"/raperda/{v.draft_id}/laporan-uji-publik").get_data(as_text=True)
    assert "sementara" in html
    assert "Belum ada naskah akhir" in html
    text = " ".join(_pdf_text(client.get(f"/raperda/{v.draft_id}/laporan-uji-publik.pdf").data).split())
    assert "Laporan Hasil Uji Publik (sementara)" in text


def test_who_may_read_it(app, client, session, drafter):  # noqa: F811
    now = utcnow()
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Belum Terbit", initiator="Bagian Hukum", now=now
    )
    from tests.drafts.conftest import V1

    services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    session.commit()
    for url in (
        f"/raperda/{draft.id}/laporan-uji-publik",
        f"/raperda/{draft.id}/laporan-uji-publik.pdf",
        f"/raperda/{draft.id}/laporan-uji-publik.xlsx",
        "/raperda/999999/laporan-uji-publik",
    ):
        assert client.get(url).status_code == 404, url
    client.login("penyusun@contoh.id", PW)
    assert client.get(f"/raperda/{draft.id}/laporan-uji-publik").status_code == 404
    assert client.get(f"/raperda/{draft.id}/laporan-uji-publik.csv").status_code == 404
    version = draft.versions[0]
    services.publish_version(session, version=version, actor=drafter, now=now, acknowledge_warnings=True)
    session.commit()
    assert client.get(f"/raperda/{draft.id}/laporan-uji-publik").status_code == 200
    anonymous = app.test_client()
    assert anonymous.get(f"/raperda/{draft.id}/laporan-uji-publik").status_code == 200
    assert anonymous.get(f"/raperda/{draft.id}/laporan-uji-publik.xlsx").status_code == 200


def test_a_large_report_is_built_by_a_job_once_per_revision(app, client, session, scenario, drafter):  # noqa: F811
    v, c = scenario
    app.config["REPORT_JOB_MIN_COMMENTS"] = 3

    def jobs() -> list[Job]:
        session.expire_all()
        return list(session.scalars(select(Job).where(Job.kind == "summaries.consultation_report")))

    url = f"/raperda/{v.draft_id}/laporan-uji-publik.pdf"
    first = client.get(url)
    assert first.status_code == 202
    assert "sedang disiapkan" in first.get_data(as_text=True)
    drain(app)
    built = client.get(url)
    assert built.status_code == 200
    assert built.data.startswith(b"%PDF")
    assert client.get(url).status_code == 200
    (job,) = jobs()  # built once, served from then on
    assert job.result["endpoint"] == "summaries.consultation_report_file"
    assert session.get(StoredFile, job.result["file_id"]).kind == FileKind.REPORT.value
    # a new answer (as the inbox saves it) is a new comments revision: the old file is never
    # served again
    services.answer_comments(
        session,
        version=v,
        comment_ids=[c["open"].id],
        actor=drafter,
        disposition=Disposition.EXPLAINED,
        reason="Dijelaskan.",
        now=utcnow(),
    )
    session.commit()
    client.get(url)
    assert len(jobs()) == 2
    # below the threshold the file is built in the request
    app.config["REPORT_JOB_MIN_COMMENTS"] = 2000
    assert client.get(f"/raperda/{v.draft_id}/laporan-uji-publik.xlsx").status_code == 200
    assert len(jobs()) == 2


def test_summaries_count_the_outcomes_once_a_final_text_exists(client, session, scenario):
    v, c = scenario
    summary_services.refresh_draft_summary(session, v.id, now=utcnow(), city="Kota Balikpapan")
    session.commit()
    data = client.get(f"/ringkasan/raperda/{v.id}/laporan.json").get_json()
    assert data["outcomes"] is None
    assert "totals" in data
    assert "matriks" in data
    html = client.get(f"/ringkasan/raperda/{v.id}").get_data(as_text=True)
    assert "pasal berubah karena masukan publik" not in html
    assert f"/raperda/{v.draft_id}/laporan-uji-publik" in html
    _finalize_and_enact(session, v, c)
    data = client.get(f"/ringkasan/raperda/{v.id}/laporan.json").get_json()
    assert data["outcomes"] == {
        "measured_on": "enacted",
        "version_number": 2,
        "perda_number": "5 Tahun 2026",
        "comments": 6,
        "answered": 4,
        "accepted": 2,
        "changed_the_law": 2,
        "pasal_changed": ["Pasal 3", "Pasal 12"],
    }
    json.dumps(data)
    for url in (f"/ringkasan/raperda/{v.id}", f"/ringkasan/raperda/{v.id}/ringkasan-eksekutif"):
        html = client.get(url).get_data(as_text=True)
        assert (
            "2 masukan diterima (termasuk sebagian), 2 pasal berubah karena masukan publik"
            "</strong>: Pasal 3, Pasal 12"
        ) in html, url
        assert f"/raperda/{v.draft_id}/laporan-uji-publik" in html
    pdf = client.get(f"/ringkasan/raperda/{v.id}/ringkasan-eksekutif.pdf").data
    assert page_count(pdf) <= 2
    flat = " ".join(_pdf_text(pdf).split())
    assert "2 pasal berubah karena masukan publik: Pasal 3, Pasal 12" in flat


def test_page_statements_do_not_grow_with_data_and_long_texts_fit_the_pdf(
    client,
    session,
    scenario,
    drafter,  # noqa: F811 - the fixture, imported for pytest
    count_queries,
):
    v, c = scenario
    _finalize_and_enact(session, v, c)
    url = f"/raperda/{v.draft_id}/laporan-uji-publik"
    with count_queries() as before:
        assert client.get(url).status_code == 200
    # more of everything on the naskah akhir: residents of other kelurahan, letters, a hidden
    # comment, a pasted essay with a long answer
    unit = services.get_unit(session, v, "pasal-6")
    for n in range(6):
        resident = make_user(session, email=f"warga-lain{n}@contoh.id", name=f"Warga Lain {n}")
        resident.kelurahan_code = ("64.71.01.1003", "64.71.01.1004", None)[n % 3]
        made = comment_services.add_comment(
            session,
            target=unit.comment_target_id,
            author=resident,
            stance="object",
            body=("Masukan panjang tentang ketertiban. " * 130) if n == 0 else f"Masukan {n}.",
            now=utcnow(),
        )
        comment_services.answer(
            session,
            comments=[made],
            actor=drafter,
            disposition=Disposition.NOT_ACCEPTED,
            reason="Alasan yang panjang. " * 80,
            now=utcnow(),
        )
    session.commit()
    with count_queries() as after:
        page = client.get(url)
    assert page.status_code == 200
    assert "64.71.01.1003" not in page.get_data(as_text=True)  # names, not codes
    assert before.count == after.count
    text = " ".join(_pdf_text(client.get(url + ".pdf").data).split())
    assert "Masukan panjang tentang ketertiban." in text
    assert "(lanjutan)" in text
