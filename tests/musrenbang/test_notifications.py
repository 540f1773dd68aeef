"""Issue 17 point 3: residents and coordinators are told at every step of their usulan — the
resident whose proposal was adopted, merged or declined, then every tier step of the usulan it
became — in-app and by e-mail when SMTP is configured; never the person who took the step."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments.models import Notification
from participation.comments.notification_mail import KINDS
from participation.musrenbang import services
from participation.musrenbang.models import ProposalOutcome
from participation.musrenbang.services.notifications import PROPOSAL_KINDS, USULAN_KINDS
from participation.musrenbang.workflow import Action, Tier
from tests import smtp
from tests.factories import make_user
from tests.musrenbang.conftest import KEL, KEL_OTHER

REASON = "Sesuai hasil musyawarah kelurahan."


@pytest.fixture
def second_coordinator(session, people):
    user = make_user(session, Role.COORDINATOR, kelurahan=KEL, email="koor-b@contoh.id", commit=False)
    session.commit()
    return user


def _notes(session, user) -> list[Notification]:
    session.expire_all()
    return list(
        session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    )


def _kinds(session, user) -> list[str]:
    return [n.kind for n in _notes(session, user)]


def _propose(session, cycle, people, now, title="Lampu jalan di Gang Mawar mati"):
    proposal = services.propose_usulan(
        session,
        cycle=cycle,
        actor=people.citizen,
        title=title,
        permasalahan="Gang gelap sejak tiga bulan, rawan kecelakaan.",
        alamat="Gg. Mawar",
        rt="4",
        now=now,
    )
    session.commit()
    return proposal


def test_adopted_proposal_then_every_tier_step_reaches_resident_and_coordinators(
    session, cycle, people, now, second_coordinator
):
    proposal = _propose(session, cycle, people, now)
    services.decide_proposal(
        session,
        proposal=proposal,
        outcome=ProposalOutcome.ADOPTED,
        reason=REASON,
        actor=people.coordinator,
        now=now,
    )
    session.commit()
    citizen_notes = _notes(session, people.citizen)
    assert [n.kind for n in citizen_notes] == ["usulan_warga_diterima"]
    note = citizen_notes[0]
    assert "Lampu jalan di Gang Mawar mati" in note.text
    assert REASON in note.text
    assert "dijadikan usulan kelurahan" in note.text
    # the usulan is the kelurahan's draf, which the resident cannot open yet: their own list
    assert note.url == "/musrenbang/usulan-saya"
    assert _kinds(session, people.coordinator) == []  # the actor is not told what he did
    assert _kinds(session, second_coordinator) == ["usulan_warga_diterima"]
    assert _kinds(session, people.other_coordinator) == []  # another kelurahan's

    usulan = proposal.usulan
    services.apply_action(
        session, usulan=usulan, action=Action.SUBMIT, reason=None, actor=people.coordinator, now=now
    )
    session.commit()
    services.apply_action(
        session, usulan=usulan, action=Action.VERIFY, reason=REASON, actor=people.verifier, now=now
    )
    services.apply_action(
        session, usulan=usulan, action=Action.FORWARD, reason=REASON, actor=people.verifier, now=now
    )
    session.commit()
    steps = ["usulan_diajukan", "usulan_diverifikasi", "usulan_diteruskan"]
    assert _kinds(session, people.citizen) == ["usulan_warga_diterima", *steps]
    assert _kinds(session, second_coordinator) == ["usulan_warga_diterima", *steps]
    assert _kinds(session, people.coordinator) == steps[1:]  # not his own submit
    assert _kinds(session, people.verifier) == []  # the verifier acted
    forwarded = _notes(session, people.citizen)[-1]
    assert "diteruskan dari kecamatan ke tingkat kota" in forwarded.text
    assert REASON in forwarded.text
    assert forwarded.url == f"/musrenbang/usulan/{usulan.id}"  # submitted: public now

    # the kota stage opens; Bappeda accepts it
    stage = cycle.stage(Tier.KOTA)
    stage.opens_at = now - dt.timedelta(hours=1)
    session.commit()
    services.apply_action(
        session,
        usulan=usulan,
        action=Action.ACCEPT,
        reason="Masuk rancangan RKPD 2027.",
        actor=people.city_verifier,
        now=now,
    )
    session.commit()
    accepted = _notes(session, people.citizen)[-1]
    assert accepted.kind == "usulan_diakomodir"
    assert "diakomodir pada tingkat kota" in accepted.text
    assert "Masuk rancangan RKPD 2027." in accepted.text
    assert _kinds(session, people.city_verifier) == []


def test_merged_and_declined_proposals(session, cycle, people, now, new_usulan):
    target = new_usulan(actor=people.coordinator, title="Perbaikan drainase Jl. Kenari")
    merged = _propose(session, cycle, people, now, title="Saluran air Jl. Kenari tersumbat")
    declined = _propose(session, cycle, people, now, title="Bangun lapangan golf di kelurahan")
    services.decide_proposal(
        session,
        proposal=merged,
        outcome=ProposalOutcome.MERGED,
        reason=REASON,
        actor=people.coordinator,
        now=now,
        merge_into=target,
    )
    services.decide_proposal(
        session,
        proposal=declined,
        outcome=ProposalOutcome.DECLINED,
        reason="Di luar kewenangan kelurahan dan anggaran.",
        actor=people.coordinator,
        now=now,
    )
    session.commit()
    merged_note, declined_note = _notes(session, people.citizen)
    assert merged_note.kind == "usulan_warga_digabung"
    assert "Perbaikan drainase Jl. Kenari" in merged_note.text
    assert declined_note.kind == "usulan_warga_ditolak"
    assert "tidak dilanjutkan" in declined_note.text
    assert "Di luar kewenangan kelurahan dan anggaran." in declined_note.text
    # the merged-into usulan now tells the resident of its steps too
    services.apply_action(
        session, usulan=target, action=Action.SUBMIT, reason=None, actor=people.coordinator, now=now
    )
    session.commit()
    assert _kinds(session, people.citizen)[-1] == "usulan_diajukan"


@pytest.mark.parametrize(
    ("path", "action", "actor_name"),
    [
        ((Action.SUBMIT,), Action.WITHDRAW, "coordinator"),
        ((Action.SUBMIT,), Action.REJECT, "verifier"),
        ((Action.SUBMIT, Action.VERIFY), Action.NOT_ACCEPT, "verifier"),
        ((Action.SUBMIT, Action.VERIFY), Action.REDIRECT, "verifier"),
        ((Action.SUBMIT, Action.VERIFY), Action.ACCEPT, "verifier"),
        ((), Action.CANCEL, "coordinator"),
        ((Action.SUBMIT, Action.REJECT), Action.REOPEN, "admin"),
    ],
)
def test_each_step_has_its_kind_and_a_mail_subject(
    session, people, new_usulan, now, path, action, actor_name
):
    usulan = new_usulan(actions=path, actor=people.coordinator)
    before = len(_notes(session, people.coordinator))
    actor = getattr(people, actor_name)
    services.apply_action(session, usulan=usulan, action=action, reason=REASON, actor=actor, now=now)
    session.commit()
    told = people.coordinator if actor_name != "coordinator" else None
    if told is not None:
        notes = _notes(session, told)
        assert len(notes) == before + 1
        assert notes[-1].kind == USULAN_KINDS[action]
        assert usulan.title in notes[-1].text
    else:
        assert len(_notes(session, people.coordinator)) == before  # the actor himself
    assert _kinds(session, actor) == [] or actor_name == "coordinator"


def test_every_kind_is_mailed_with_an_indonesian_subject():
    for kind in [*PROPOSAL_KINDS.values(), *USULAN_KINDS.values()]:
        assert len(kind) <= 32  # Notification.kind is String(32)
        assert kind in KINDS
        assert KINDS[kind].startswith(("Usulan", "Keputusan"))


def test_bulk_decision_tells_each_kelurahan_once_per_usulan(session, cycle, people, now, new_usulan):
    ours = [new_usulan(actions=(Action.SUBMIT, Action.VERIFY), title=f"Usulan kita {i}") for i in range(3)]
    theirs = new_usulan(KEL_OTHER, actions=(Action.SUBMIT, Action.VERIFY), title="Usulan Manggar")
    result = services.bulk_action(
        session,
        usulan_ids=[u.id for u in [*ours, theirs]],
        action=Action.FORWARD,
        reason=REASON,
        actor=people.city_verifier,
        now=now,
    )
    session.commit()
    assert not result.refused
    ours_notes = [n for n in _notes(session, people.coordinator) if n.kind == "usulan_diteruskan"]
    assert sorted(n.url for n in ours_notes) == sorted(f"/musrenbang/usulan/{u.id}" for u in ours)
    theirs_notes = [n for n in _notes(session, people.other_coordinator) if n.kind == "usulan_diteruskan"]
    assert [n.url for n in theirs_notes] == [f"/musrenbang/usulan/{theirs.id}"]


def test_refused_bulk_tells_nobody(session, people, now, new_usulan):
    draft = new_usulan(title="Masih draf")
    result = services.bulk_action(
        session,
        usulan_ids=[draft.id],
        action=Action.FORWARD,
        reason=REASON,
        actor=people.city_verifier,
        now=now,
    )
    session.rollback()
    assert result.refused
    assert _kinds(session, people.coordinator) == []


def test_step_is_mailed_after_commit_when_smtp_is_configured(app, session, cycle, people, now):
    with smtp.running() as server:
        app.config.update(server.config())
        proposal = _propose(session, cycle, people, now)
        services.decide_proposal(
            session,
            proposal=proposal,
            outcome=ProposalOutcome.DECLINED,
            reason="Sudah dianggarkan dinas tahun ini.",
            actor=people.coordinator,
            now=now,
        )
        session.flush()
        session.rollback()  # a rolled-back decision mails nobody
        assert server.messages == []
        proposal = services.get_proposal(session, proposal.id)
        services.decide_proposal(
            session,
            proposal=proposal,
            outcome=ProposalOutcome.DECLINED,
            reason="Sudah dianggarkan dinas tahun ini.",
            actor=people.coordinator,
            now=now,
        )
        session.commit()
        assert server.recipients() == ["warga@contoh.id"]
        message = server.messages[0]
        assert message["Subject"] == "Usulan Anda tidak dilanjutkan"
        body = message.get_payload(decode=True).decode("utf-8")
        assert "Sudah dianggarkan dinas tahun ini." in body
        assert "/musrenbang/usulan-saya" in body
        assert _notes(session, people.citizen)[0].mailed_at is not None
