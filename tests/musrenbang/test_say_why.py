"""Issue 17 point 4, "say why": Bappeda opened a "diteruskan" usulan before the kota stage opened
and saw no actions and no reason. Every page that hides an action now says why — the stage is
not open yet (with its date) or closed (with its date), the usulan is outside the viewer's scope
or waits for another tier, or it was already decided — and shows the actions when allowed."""

from __future__ import annotations

import datetime as dt

from participation.core.clock import format_wita
from participation.musrenbang import policies, services
from participation.musrenbang.workflow import Action, Tier
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL

FORWARDED = (Action.SUBMIT, Action.VERIFY, Action.FORWARD)


def _open_kota(session, cycle, now):
    cycle.stage(Tier.KOTA).opens_at = now - dt.timedelta(hours=1)
    session.commit()


def test_bappeda_before_the_kota_stage_reads_when_it_opens(session, cycle, people, now, new_usulan):
    usulan = new_usulan(actions=FORWARDED)
    opens = cycle.stage(Tier.KOTA).opens_at
    assert services.actions_for(usulan, people.city_verifier, now) == []
    why = policies.why_no_action(people.city_verifier, usulan, now=now)
    assert why == f"Tahap musrenbang kota belum dibuka; dibuka {format_wita(opens)}."
    _open_kota(session, cycle, now)
    assert Action.ACCEPT in services.actions_for(usulan, people.city_verifier, now)
    assert policies.why_no_action(people.city_verifier, usulan, now=now) is None


def test_reasons_for_scope_other_tier_and_decided(session, people, now, new_usulan):
    forwarded = new_usulan(actions=FORWARDED)
    # a kecamatan verifier never decides at kota level, whatever the date
    assert "keputusannya diambil Bappeda" in policies.why_no_action(people.verifier, forwarded, now=now)
    verified = new_usulan(actions=(Action.SUBMIT, Action.VERIFY))
    assert "tingkat kecamatan" in policies.why_no_action(people.coordinator, verified, now=now)
    draft = new_usulan()
    assert "masih draf kelurahan" in policies.why_no_action(people.verifier, draft, now=now)
    submitted = new_usulan(actions=(Action.SUBMIT,))
    outside = policies.why_no_action(people.other_verifier, submitted, now=now)
    assert outside.startswith("Usulan ini berada di luar wilayah atau peran Anda.")
    accepted = new_usulan(actions=(Action.SUBMIT, Action.VERIFY, Action.ACCEPT))
    assert "sudah diputuskan" in policies.why_no_action(people.verifier, accepted, now=now)
    assert "diakomodir" in policies.why_no_action(people.verifier, accepted, now=now)
    # residents and visitors act on no usulan: nothing to explain
    assert policies.why_no_action(people.citizen, submitted, now=now) is None
    assert policies.why_no_action(None, submitted, now=now) is None
    # allowed: the verifier of the kecamatan verifies now, nothing hidden
    assert Action.VERIFY in services.actions_for(submitted, people.verifier, now)
    assert policies.why_no_action(people.verifier, submitted, now=now) is None


def test_closed_stage_names_the_hidden_actions_and_its_closing_date(session, cycle, people, now, new_usulan):
    submitted = new_usulan(actions=(Action.SUBMIT,))
    stage = cycle.stage(Tier.KELURAHAN)
    stage.closes_at = now - dt.timedelta(hours=2)
    session.commit()
    closed = format_wita(stage.closes_at)
    why = policies.why_no_action(people.coordinator, submitted, now=now)
    assert why.startswith(f"Tahap musrenbang kelurahan sudah ditutup pada {closed}")
    # the admin still verifies, and reads which of his actions the closed stage hides
    why = policies.why_no_action(people.admin, submitted, now=now)
    assert "Tidak tersedia sekarang: tarik kembali ke draf, batalkan." in why
    assert closed in why
    assert policies.stage_reason(cycle, "kelurahan", now=now).startswith(
        "Tahap musrenbang kelurahan sudah ditutup"
    )
    assert policies.stage_reason(cycle, Tier.KECAMATAN, now=now) is None  # open


def test_detail_page_shows_reason_or_actions(client, session, cycle, people, now, new_usulan):
    usulan = new_usulan(actions=FORWARDED)
    client.login(people.city_verifier.email, PW)
    html = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert 'id="alasan-tindakan"' in html
    assert "Tidak ada tindakan untuk Anda saat ini." in html
    assert format_wita(cycle.stage(Tier.KOTA).opens_at) in html
    assert 'value="accept"' not in html
    _open_kota(session, cycle, now)
    html = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert 'value="accept"' in html
    assert 'id="alasan-tindakan"' not in html
    # a visitor reads the public page without staff explanations
    client.post("/keluar", data={"csrf_token": client.csrf_token("/")})
    html = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert 'id="alasan-tindakan"' not in html


def test_workspace_and_queue_say_when_the_stage_opens_or_closed(
    client, session, cycle, people, now, new_usulan
):
    new_usulan(actions=FORWARDED)
    client.login(people.coordinator.email, PW)
    html = client.get(f"/musrenbang/kelurahan/{KEL}").get_data(as_text=True)
    assert 'id="alasan-terkunci"' not in html  # open: the buttons are there
    stage = cycle.stage(Tier.KELURAHAN)
    stage.closes_at = now - dt.timedelta(hours=2)
    session.commit()
    html = client.get(f"/musrenbang/kelurahan/{KEL}").get_data(as_text=True)
    assert 'id="alasan-terkunci"' in html
    assert format_wita(stage.closes_at) in html
    assert "Tambah usulan" not in html

    client.post("/keluar", data={"csrf_token": client.csrf_token("/")})
    client.login(people.city_verifier.email, PW)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert 'id="alasan-tahap"' in html
    opens = format_wita(cycle.stage(Tier.KOTA).opens_at)
    assert f"Tahap musrenbang kota belum dibuka; dibuka {opens}" in html
    _open_kota(session, cycle, now)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert 'id="alasan-tahap"' not in html
