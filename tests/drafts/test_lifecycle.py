"""Issue 16 in the domain: the stages, the naskah akhir gate both ways (and its override only for a
ketua tim penyusun with a reason per comment), enactment as the last version, and the "did my
comment change the law" verdict on a version pair with accepted, partly accepted and rejected
comments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments.models import Disposition, Notification
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import PermissionDenied, ValidationError
from participation.drafts import final, lifecycle, outcomes, services
from participation.drafts.models import DraftStageEvent, Stage, UnansweredExemption
from tests.drafts.lifecycle_helpers import (
    PASAL_12_2,
    V1,
    answer,
    close,
    comment,
    days_ago,
    text_with,
)
from tests.factories import make_user

OLD_12_2 = "rumah sakit, sekolah dan pos pemadam kebakaran sehingga menghalangi"
NEW_12_2 = "rumah sakit, sekolah, tempat ibadah dan pos pemadam kebakaran sehingga menghalangi"
OLD_3_E = "ruang publik yang aman dan mudah diakses."
NEW_3_E = "ruang publik yang aman, ramah anak dan mudah diakses."
ENACTED = text_with(text_with(V1, OLD_12_2, NEW_12_2), OLD_3_E, NEW_3_E)


@pytest.fixture
def scenario(session, published, drafter, citizen, citizen2):
    """Version 1 with four comments: Pasal 12 (2) accepted, Pasal 3 huruf e partly accepted,
    Pasal 2 rejected, Pasal 4 unanswered; its window then closed."""
    v = published
    c_accept = comment(session, v, citizen, PASAL_12_2, "Tambahkan tempat ibadah.")
    c_partly = comment(session, v, citizen2, "pasal-3/huruf-e", "Sebut ramah anak dan lansia.")
    c_reject = comment(session, v, citizen, "pasal-2/huruf-a", "Hapus asas ini.", "object")
    c_open = comment(session, v, citizen2, "pasal-4", "Apa maksud pasal ini?", "question")
    answer(session, v, drafter, [c_accept], Disposition.ACCEPTED)
    answer(session, v, drafter, [c_partly], Disposition.PARTIALLY_ACCEPTED)
    answer(session, v, drafter, [c_reject], Disposition.NOT_ACCEPTED, "Asas ini diwajibkan UU.")
    close(session, v, drafter)
    session.commit()
    return v, {"accept": c_accept, "partly": c_partly, "reject": c_reject, "open": c_open}


def test_publishing_opens_uji_publik_with_an_event(session, published):
    draft = published.draft
    assert draft.stage == Stage.UJI_PUBLIK
    events = session.scalars(select(DraftStageEvent).where(DraftStageEvent.draft_id == draft.id)).all()
    assert [e.stage for e in events] == [Stage.UJI_PUBLIK.value]
    line = lifecycle.timeline(session, draft)
    assert [s.stage for s in line.steps] == ["penyusunan", "uji_publik", None]
    assert line.ahead == [Stage.PEMBAHASAN, Stage.DITETAPKAN, Stage.DIUNDANGKAN]


def test_gate_refuses_while_a_comment_is_unanswered_and_lists_it(session, scenario, drafter):
    v, c = scenario
    with pytest.raises(final.UnansweredError) as refused:
        final.finalize(session, version=v, actor=drafter, now=utcnow())
    assert [m.comment_id for m in refused.value.missing] == [c["open"].id]
    assert refused.value.missing[0].unit_key == "pasal-4"
    assert "1 masukan belum ditanggapi" in refused.value.message
    session.rollback()
    assert v.draft.stage == Stage.UJI_PUBLIK
    assert v.draft.final_version_id is None


def test_gate_passes_once_everything_is_answered(session, scenario, drafter):
    v, c = scenario
    answer(session, v, drafter, [c["open"]], Disposition.EXPLAINED, "Pasal ini mengatur izin.")
    details = final.finalize(session, version=v, actor=drafter, now=utcnow())
    assert details == {"version": 1, "unanswered": 0, "exempted": 0}
    assert v.draft.stage == Stage.PEMBAHASAN
    assert v.draft.final_version_id == v.id
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "draft.finalize"))
    # no new consultation version once the naskah akhir left
    with pytest.raises(ValidationError):
        services.add_version(session, draft=v.draft, actor=drafter, text=V1, now=utcnow())


def test_gate_counts_carried_comments_of_earlier_versions(session, scenario, drafter):
    v1, c = scenario
    answer(session, v1, drafter, [c["open"]], Disposition.EXPLAINED, "Dijelaskan.")
    now = utcnow()
    v2 = services.add_version(session, draft=v1.draft, actor=drafter, text=ENACTED, now=now)
    services.confirm_mapping(session, version=v2, actor=drafter, now=now)
    services.publish_version(session, version=v2, actor=drafter, now=now, acknowledge_warnings=True)
    # a comment made on v1 after the answers, carried to v2, unanswered: v2 cannot be final
    from participation.comments.models import Comment

    late = Comment(
        target_id=services.get_unit(session, v1, "pasal-5").comment_target_id,
        author_id=c["open"].author_id,
        body="Masukan susulan.",
        stance="amend",
        created_at=now,
    )
    session.add(late)
    session.flush()
    from participation.drafts import carrying

    carrying.carry_comment(session, late, v1, now=now)
    with pytest.raises(final.UnansweredError) as refused:
        final.finalize(session, version=v2, actor=drafter, now=utcnow())
    assert [m.comment_id for m in refused.value.missing] == [late.id]
    assert refused.value.missing[0].origin_version == 1
    # and the older version is not the newest: refused for that reason
    with pytest.raises(ValidationError, match="bukan versi terbaru"):
        final.finalize(session, version=v1, actor=drafter, now=utcnow())


def test_override_needs_the_lead_role_and_a_reason_per_comment(session, scenario, drafter, regions):
    v, c = scenario
    reasons = {c["open"].id: "Pertanyaan dijawab langsung dalam rapat dengar pendapat."}
    with pytest.raises(PermissionDenied):
        final.finalize(session, version=v, actor=drafter, now=utcnow(), reasons=reasons)
    session.rollback()
    lead = make_user(session, Role.DRAFTER, Role.DRAFT_LEAD, email="ketua@contoh.id", name="Ketua Tim")
    with pytest.raises(final.UnansweredError, match="paling sedikit"):
        final.finalize(session, version=v, actor=lead, now=utcnow(), reasons={c["open"].id: "ok"})
    with pytest.raises(ValidationError, match="tidak menunggu"):
        final.finalize(
            session,
            version=v,
            actor=lead,
            now=utcnow(),
            reasons={**reasons, c["accept"].id: "Sudah dijawab sebenarnya."},
        )
    details = final.finalize(session, version=v, actor=lead, now=utcnow(), reasons=reasons)
    assert details["exempted"] == 1
    kept = session.scalars(select(UnansweredExemption)).all()
    assert [(e.comment_id, e.reason, e.actor_id) for e in kept] == [
        (c["open"].id, reasons[c["open"].id], lead.id)
    ]


def test_open_window_must_close_first(session, published, drafter):
    with pytest.raises(ValidationError, match="masih berlangsung"):
        final.finalize(session, version=published, actor=drafter, now=utcnow())


def _finalized(session, scenario, drafter):
    v, c = scenario
    answer(session, v, drafter, [c["open"]], Disposition.EXPLAINED, "Dijelaskan.")
    final.finalize(session, version=v, actor=drafter, now=utcnow())
    session.commit()
    return v, c


def test_enact_imports_the_last_version_and_gives_each_comment_its_verdict(
    session, scenario, drafter, citizen, citizen2
):
    v, c = _finalized(session, scenario, drafter)
    with pytest.raises(ValidationError, match="Nomor perda"):
        final.enact(
            session,
            draft=v.draft,
            actor=drafter,
            text=ENACTED,
            number=" ",
            enacted_on=days_ago(0),
            now=utcnow(),
        )
    session.rollback()
    enacted = final.enact(
        session,
        draft=v.draft,
        actor=drafter,
        text=ENACTED,
        number="5 Tahun 2026",
        enacted_on=days_ago(0),
        now=utcnow(),
    )
    draft = v.draft
    assert draft.stage == Stage.DITETAPKAN
    assert draft.enacted_version_id == enacted.id
    assert enacted.published
    assert not enacted.is_open(utcnow())
    assert enacted.number == 2
    got = outcomes.for_comments(session, [x.id for x in c.values()])
    accept, partly, reject, opened = (got[c[k].id] for k in ("accept", "partly", "reject", "open"))
    assert (accept.verdict, accept.final_key, accept.enacted) == (
        outcomes.Verdict.CHANGED_LAW,
        PASAL_12_2,
        True,
    )
    assert "tempat ibadah" in accept.new_text
    assert "tempat ibadah" not in accept.old_text
    assert partly.verdict == outcomes.Verdict.CHANGED_LAW
    assert reject.verdict == outcomes.Verdict.UNCHANGED
    assert not reject.clause_changed
    assert opened.verdict == outcomes.Verdict.UNCHANGED
    figures = outcomes.figures(outcomes.for_draft(session, draft))
    assert (figures.comments, figures.accepted, figures.changed_the_law) == (4, 2, 2)
    assert figures.pasal_changed == ["Pasal 3", "Pasal 12"]
    # each registered commenter told once, with the outcome
    notes = {
        n.user_id: n.text
        for n in session.scalars(select(Notification).where(Notification.kind == "perda_enacted"))
    }
    assert "Masukan Anda ikut mengubah Pasal 12 ayat (2)." in notes[citizen.id]
    assert "ikut mengubah Pasal 3 huruf e" in notes[citizen2.id]
    # no "your clause changed" notice on top of it
    assert not session.scalars(select(Notification).where(Notification.kind == "unit_changed")).all()


def test_rejected_comment_on_a_changed_clause_is_not_counted(session, scenario, drafter):
    v, c = scenario
    answer(session, v, drafter, [c["open"]], Disposition.NOT_ACCEPTED, "Tidak relevan.")
    final.finalize(session, version=v, actor=drafter, now=utcnow())
    # the DPRD changed Pasal 4 anyway: changed, but not because of this comment
    text = text_with(ENACTED, "a. tertib umum;", "a. ketertiban umum;")
    enacted = final.enact(
        session, draft=v.draft, actor=drafter, text=text, number="7", enacted_on=days_ago(0), now=utcnow()
    )
    assert enacted.number == 2
    got = outcomes.for_comments(session, [c["open"].id])[c["open"].id]
    assert (got.verdict, got.clause_changed, got.accepted) == (
        outcomes.Verdict.CHANGED_OTHERWISE,
        True,
        False,
    )
    figures = outcomes.figures(outcomes.for_draft(session, v.draft))
    assert (figures.changed_the_law, figures.pasal_changed) == (2, ["Pasal 3", "Pasal 12"])


def test_promulgate_and_end_states(session, scenario, drafter):
    v, _c = _finalized(session, scenario, drafter)
    with pytest.raises(ValidationError):
        final.promulgate(
            session,
            draft=v.draft,
            actor=drafter,
            gazette_number="12",
            promulgated_on=days_ago(0),
            now=utcnow(),
        )
    with pytest.raises(ValidationError, match="sebelum tanggal tahap sebelumnya"):
        final.enact(
            session,
            draft=v.draft,
            actor=drafter,
            text=ENACTED,
            number="5",
            enacted_on=days_ago(2),
            now=utcnow(),
        )
    session.rollback()
    final.enact(
        session, draft=v.draft, actor=drafter, text=ENACTED, number="5", enacted_on=days_ago(0), now=utcnow()
    )
    with pytest.raises(ValidationError, match="sebelum tanggal penetapan"):
        final.promulgate(
            session,
            draft=v.draft,
            actor=drafter,
            gazette_number="12",
            promulgated_on=days_ago(1),
            now=utcnow(),
        )
    final.promulgate(
        session, draft=v.draft, actor=drafter, gazette_number="12", promulgated_on=days_ago(0), now=utcnow()
    )
    assert v.draft.stage == Stage.DIUNDANGKAN
    assert v.draft.gazette_number == "12"
    line = lifecycle.timeline(session, v.draft)
    assert [s.stage for s in line.steps if s.stage] == [
        "penyusunan",
        "uji_publik",
        "pembahasan",
        "ditetapkan",
        "diundangkan",
    ]
    assert line.ahead == []
    with pytest.raises(ValidationError):  # cannot be withdrawn after enactment
        lifecycle.end_draft(
            session,
            draft=v.draft,
            stage=Stage.DITARIK,
            actor=drafter,
            happened_on=days_ago(0),
            note="Ditarik.",
            now=utcnow(),
        )
    lifecycle.end_draft(
        session,
        draft=v.draft,
        stage=Stage.DIBATALKAN,
        actor=drafter,
        happened_on=days_ago(0),
        note="Dibatalkan Mahkamah Agung.",
        now=utcnow(),
    )
    assert v.draft.stage == Stage.DIBATALKAN


def test_withdrawal_needs_a_reason_and_no_future_date(session, published, drafter):
    draft = published.draft
    with pytest.raises(ValidationError, match="alasannya"):
        lifecycle.end_draft(
            session,
            draft=draft,
            stage=Stage.DITARIK,
            actor=drafter,
            happened_on=days_ago(0),
            note=" ",
            now=utcnow(),
        )
    with pytest.raises(ValidationError, match="setelah hari ini"):
        lifecycle.end_draft(
            session,
            draft=draft,
            stage=Stage.DITARIK,
            actor=drafter,
            happened_on=days_ago(-3),
            note="Ditarik pemrakarsa.",
            now=utcnow(),
        )
    lifecycle.end_draft(
        session,
        draft=draft,
        stage=Stage.DITARIK,
        actor=drafter,
        happened_on=days_ago(0),
        note="Ditarik pemrakarsa.",
        now=utcnow(),
    )
    assert draft.stage == Stage.DITARIK


def test_timeline_starts_with_drafting_even_when_entered_after_the_uji_publik_began(session, drafter):
    """A draft put on the platform after its (backdated) first version was published: the story
    still begins with penyusunan, dated no later than what followed."""
    import datetime as dt

    now = utcnow()
    draft = services.create_draft(session, actor=drafter, title="Raperda", initiator="Bappeda", now=now)
    version = services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    earlier = now - dt.timedelta(days=7)
    services.publish_version(session, version=version, actor=drafter, now=earlier, acknowledge_warnings=True)
    steps = lifecycle.timeline(session, draft).steps
    assert [s.stage for s in steps if s.stage] == ["penyusunan", "uji_publik"]
    assert steps[0].stage == "penyusunan"
    assert steps[0].on <= steps[1].on
