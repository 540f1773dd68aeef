"""Issue 16 on the web: the naskah akhir page (the gate's refusal with the list, the ketua tim
penyusun's override with a reason per comment), enactment by upload, promulgation, an early end,
and the draft's stage and timeline in public (history, reading page, index, home)."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments.models import Disposition
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts import final, lifecycle, services
from participation.drafts.models import Draft, DraftStageEvent, Stage, UnansweredExemption
from tests.drafts.lifecycle_helpers import PASAL_12_2, V1, answer, close, comment, text_with
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

OLD_12_2 = "rumah sakit, sekolah dan pos pemadam kebakaran sehingga menghalangi"
NEW_12_2 = "rumah sakit, sekolah, tempat ibadah dan pos pemadam kebakaran sehingga menghalangi"
ENACTED = text_with(V1, OLD_12_2, NEW_12_2)
LEAD = "ketua@contoh.id"


@pytest.fixture
def closed(session, published, drafter, citizen, citizen2):
    """Version 1, window closed: Pasal 12 (2) accepted, Pasal 4 unanswered."""
    v = published
    c_accept = comment(session, v, citizen, PASAL_12_2, "Tambahkan tempat ibadah.")
    c_open = comment(session, v, citizen2, "pasal-4", "Apa maksud pasal ini sebenarnya?", "question")
    answer(session, v, drafter, [c_accept], Disposition.ACCEPTED)
    close(session, v, drafter)
    session.commit()
    return v, c_accept, c_open


@pytest.fixture
def lead(session, regions):
    return make_user(session, Role.DRAFTER, Role.DRAFT_LEAD, email=LEAD, name="Ketua Tim")


def _finalize_url(v) -> str:
    return f"/raperda/{v.draft_id}/versi/{v.number}/naskah-akhir"


def _today() -> str:
    return lifecycle.today_wita(utcnow()).isoformat()


def _stage(session, draft_id: int) -> str:
    session.expire_all()
    return session.get(Draft, draft_id).stage


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.DPRD_MEMBER])
def test_lifecycle_pages_are_refused_to_everyone_but_the_tim_penyusun(client, session, closed, role):
    v, _a, _o = closed
    if role is not None:
        make_user(session, role, email="orang@contoh.id")
        assert client.login("orang@contoh.id", PW).status_code == 302
    urls = [
        _finalize_url(v),
        f"/raperda/{v.draft_id}/penetapan",
        f"/raperda/{v.draft_id}/pengundangan",
        f"/raperda/{v.draft_id}/akhiri",
    ]
    token = client.csrf_token("/")
    for url in urls:
        got = client.get(url)
        posted = client.post(
            url,
            data={"csrf_token": token, "happened_on": _today(), "stage": "ditarik", "note": "Ditarik saja."},
        )
        for r in (got, posted):
            if role is None:
                assert r.status_code == 302, url
                assert "/masuk" in r.headers["Location"], url
            else:
                assert r.status_code == 403, url
    assert _stage(session, v.draft_id) == Stage.UJI_PUBLIK


def test_gate_refusal_lists_the_unanswered_comment_and_keeps_what_was_typed(client, session, closed, drafter):
    v, c_accept, c_open = closed
    client.login("penyusun@contoh.id", PW)
    page = client.get(_finalize_url(v)).get_data(as_text=True)
    assert "1 masukan belum ditanggapi" in page
    assert "Pasal 4" in page
    assert "Warga Dua" in page
    assert "Apa maksud pasal ini" in page
    assert f"/kotak-masuk/{c_open.id}" in page  # answer it one by one
    assert f"#{c_accept.id}" not in page  # the answered one is not listed
    assert "alasan-" not in page  # no override for a drafter without the lead role
    r = client.submit(_finalize_url(v), {"happened_on": _today(), "note": "Dikirim lewat surat 12."})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "1 masukan belum ditanggapi" in html
    assert "Pasal 4" in html
    assert "Dikirim lewat surat 12." in html  # the note kept
    # reasons posted by hand are refused clearly: only a ketua tim penyusun may give them
    r = client.submit(
        _finalize_url(v), {"happened_on": _today(), f"alasan-{c_open.id}": "Dijawab langsung dalam rapat."}
    )
    assert r.status_code == 403
    assert "Hanya ketua tim penyusun" in r.get_data(as_text=True)
    assert _stage(session, v.draft_id) == Stage.UJI_PUBLIK
    assert not session.scalars(select(UnansweredExemption)).all()


def test_gate_passes_for_a_drafter_once_everything_is_answered(client, session, closed, drafter):
    v, _a, c_open = closed
    answer(session, v, drafter, [c_open], Disposition.EXPLAINED, "Pasal ini mengatur izin.")
    session.commit()
    client.login("penyusun@contoh.id", PW)
    page = client.get(_finalize_url(v)).get_data(as_text=True)
    assert "Semua masukan pada versi ini sudah ditanggapi" in page
    r = client.submit(_finalize_url(v), {"happened_on": _today(), "note": "Surat nomor 7."})
    assert r.status_code == 302
    assert r.headers["Location"].endswith(f"/raperda/{v.draft_id}/kelola")
    assert _stage(session, v.draft_id) == Stage.PEMBAHASAN
    manage = client.get(f"/raperda/{v.draft_id}/kelola").get_data(as_text=True)
    assert "pembahasan di DPRD" in manage
    assert f"/raperda/{v.draft_id}/penetapan" in manage
    # no new consultation version is offered once the naskah akhir left (the domain refuses it)
    assert f"/raperda/{v.draft_id}/versi-baru" not in manage
    assert "Versi baru tidak dapat ditambahkan pada tahap pembahasan di DPRD" in manage


def test_lead_overrides_with_a_reason_per_comment_and_the_reasons_are_stored(client, session, closed, lead):
    v, _a, c_open = closed
    client.login(LEAD, PW)
    page = client.get(_finalize_url(v)).get_data(as_text=True)
    assert f'name="alasan-{c_open.id}"' in page
    assert "laporan hasil uji publik" in page
    # too short: refused, the typed reason kept and marked
    r = client.submit(_finalize_url(v), {"happened_on": _today(), f"alasan-{c_open.id}": "ok"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "paling sedikit" in html
    assert re.search(rf'name="alasan-{c_open.id}"[^>]*aria-invalid="true"[^>]*>ok</textarea>', html)
    reason = "Pertanyaan dijawab langsung dalam rapat dengar pendapat umum."
    r = client.submit(_finalize_url(v), {"happened_on": _today(), f"alasan-{c_open.id}": reason})
    assert r.status_code == 302
    kept = session.scalars(select(UnansweredExemption)).all()
    assert [(e.comment_id, e.reason, e.actor_id) for e in kept] == [(c_open.id, reason, lead.id)]
    assert _stage(session, v.draft_id) == Stage.PEMBAHASAN
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "draft.finalize"))


def _finalized(session, closed, drafter):
    v, _a, c_open = closed
    answer(session, v, drafter, [c_open], Disposition.EXPLAINED, "Dijelaskan.")
    final.finalize(session, version=v, actor=drafter, now=utcnow())
    session.commit()
    return v


def test_enact_by_upload_then_the_timeline_is_public(client, session, closed, drafter):
    v = _finalized(session, closed, drafter)
    client.login("penyusun@contoh.id", PW)
    url = f"/raperda/{v.draft_id}/penetapan"
    assert "Catat penetapan" in client.get(url).get_data(as_text=True)
    # a missing number keeps the rest of what was typed
    r = client.submit(
        url,
        {
            "number": "",
            "enacted_on": _today(),
            "note": "Rapat paripurna.",
            "file": (io.BytesIO(ENACTED.encode()), "perda.txt"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    assert "Rapat paripurna." in r.get_data(as_text=True)
    assert _stage(session, v.draft_id) == Stage.PEMBAHASAN
    r = client.submit(
        url,
        {
            "number": "5 Tahun 2026",
            "enacted_on": _today(),
            "note": "Rapat paripurna.",
            "file": (io.BytesIO(ENACTED.encode()), "perda.txt"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    assert r.headers["Location"].endswith(f"/raperda/{v.draft_id}/riwayat")
    session.expire_all()
    draft = session.get(Draft, v.draft_id)
    assert draft.stage == Stage.DITETAPKAN
    assert draft.perda_number == "5 Tahun 2026"
    enacted = session.get(type(v), draft.enacted_version_id)
    assert enacted.number == 2
    assert enacted.source_file.filename == "perda.txt"
    assert "tempat ibadah" in services.get_unit(session, enacted, PASAL_12_2).text
    client.submit("/keluar", {})
    # anonymous visitors read the timeline, the enacted text and the naskah akhir
    html = client.get(f"/raperda/{v.draft_id}/riwayat").get_data(as_text=True)
    assert "Linimasa rancangan" in html
    line = html[html.index('<ol class="timeline') :]
    line = line[: line.index("</ol>")]
    order = [
        line.index(f'<span class="badge">{label}</span>')
        for label in ("penyusunan", "uji publik", "pembahasan di DPRD", "ditetapkan")
    ]
    assert order == sorted(order)
    # all on one day: the version's window sits inside the uji publik, before the naskah akhir
    assert order[1] < line.index("Versi 1 diterbitkan") < order[2]
    assert "Perda Nomor 5 Tahun 2026" in line
    assert "Rapat paripurna." in line
    assert "Versi 1 diterbitkan untuk uji publik" in line
    assert "Versi 2" not in line
    assert "dicatat oleh Pengguna" in line
    assert f'/raperda/{v.draft_id}/versi/2"' in html
    assert f'/raperda/{v.draft_id}/versi/1"' in html
    assert re.search(r'class="empty">diundangkan', line)  # the stage still ahead, greyed
    read = client.get(f"/raperda/{v.draft_id}/versi/2").get_data(as_text=True)
    assert "Teks yang ditetapkan" in read
    assert "Perda Nomor 5 Tahun 2026" in read
    assert "Uji publik dibuka" not in read
    unit = client.get(f"/raperda/{v.draft_id}/versi/2/{PASAL_12_2}").get_data(as_text=True)
    assert 'name="body"' not in unit
    # promulgation, then the end of the story
    client.login("penyusun@contoh.id", PW)
    url = f"/raperda/{v.draft_id}/pengundangan"
    r = client.submit(url, {"gazette_number": "", "promulgated_on": _today()})
    assert r.status_code == 422
    assert "Nomor Lembaran Daerah wajib diisi" in r.get_data(as_text=True)
    r = client.submit(url, {"gazette_number": "12", "promulgated_on": _today()})
    assert r.status_code == 302
    assert _stage(session, v.draft_id) == Stage.DIUNDANGKAN
    html = client.get(f"/raperda/{v.draft_id}/riwayat").get_data(as_text=True)
    assert "Lembaran Daerah Nomor 12" in html
    assert 'class="empty"' not in html


def test_end_needs_a_reason_and_shows_in_public(client, session, published, drafter):
    client.login("penyusun@contoh.id", PW)
    url = f"/raperda/{published.draft_id}/akhiri"
    r = client.submit(url, {"stage": "ditarik", "happened_on": _today(), "note": ""})
    assert r.status_code == 422
    assert "Tulis catatannya" in r.get_data(as_text=True)
    r = client.submit(
        url, {"stage": "ditarik", "happened_on": _today(), "note": "Ditarik pemrakarsa untuk dikaji ulang."}
    )
    assert r.status_code == 302
    assert _stage(session, published.draft_id) == Stage.DITARIK
    event = session.scalars(select(DraftStageEvent).where(DraftStageEvent.stage == "ditarik")).one()
    assert event.actor_id == drafter.id
    client.submit("/keluar", {})
    html = client.get(f"/raperda/{published.draft_id}/riwayat").get_data(as_text=True)
    assert "Ditarik pemrakarsa untuk dikaji ulang." in html
    assert "ditarik" in html


def test_stage_on_reading_page_index_and_home(client, session, closed, drafter):
    v, _a, _o = closed
    read = client.get(f"/raperda/{v.draft_id}").get_data(as_text=True)
    assert "uji publik</span> sejak" in read
    assert f"/raperda/{v.draft_id}/riwayat#linimasa" in read
    assert "uji publik</span>" in client.get("/raperda").get_data(as_text=True)
    _finalized(session, closed, drafter)
    home = client.get("/").get_data(as_text=True)
    assert "Perjalanan raperda setelah uji publik" in home
    assert "Raperda Ketertiban Umum" in home
    assert "pembahasan di DPRD" in home
    read = client.get(f"/raperda/{v.draft_id}").get_data(as_text=True)
    assert "pembahasan di DPRD</span> sejak" in read
    assert "pembahasan di DPRD</span>" in client.get("/raperda").get_data(as_text=True)
