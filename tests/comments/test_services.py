"""The comment engine on a bare target: validation, replies, endorse once, flag, answer, hide."""

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments import moderation, policies, services
from participation.comments.models import Notification
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from tests.factories import make_user


@pytest.fixture
def people(session, regions):
    return (
        make_user(session, email="a@contoh.id"),
        make_user(session, email="b@contoh.id"),
        make_user(session, Role.DRAFTER, email="p@contoh.id"),
        make_user(session, Role.MODERATOR, email="m@contoh.id"),
    )


def _comment(session, author, **kw):
    target = services.new_target(session)
    data = {"body": "Setuju, tetapi perlu batas waktu.", "stance": "support"} | kw
    return services.add_comment(session, target=target, author=author, now=utcnow(), **data)


def test_comment_validation(session, people):
    a, *_ = people
    with pytest.raises(ValidationError) as exc:
        _comment(session, a, body="   ")
    assert exc.value.field == "body"
    with pytest.raises(ValidationError) as exc:
        _comment(session, a, body="x" * (services.MAX_BODY + 1))
    assert "5.000" in exc.value.message
    with pytest.raises(ValidationError):
        _comment(session, a, stance="sangat setuju")
    with pytest.raises(ValidationError):
        _comment(session, None)  # external input needs a name
    ok = _comment(session, None, author_name="Forum RT 05", source="surat")
    assert ok.display_name == "Forum RT 05"
    assert ok.source_label == "surat"


def test_suggested_wording_kept_only_for_amend(session, people):
    a, *_ = people
    assert _comment(session, a, suggested_wording="baru").suggested_wording is None
    amend = _comment(session, a, stance="amend", suggested_wording="Rumusan baru.")
    assert amend.suggested_wording == "Rumusan baru."
    assert amend.stance_label == "usul perubahan redaksi"


def test_reply_threads_one_level(session, people):
    a, b, *_ = people
    root = _comment(session, a)
    r1 = services.add_reply(session, parent=root, author=b, body="Saya juga", now=utcnow())
    r2 = services.add_reply(session, parent=r1, author=a, body="Terima kasih", now=utcnow())
    assert r1.parent_id == root.id
    assert r2.parent_id == root.id
    assert r2.stance is None


def test_endorse_once_and_not_own(session, people):
    a, b, *_ = people
    c = _comment(session, a)
    services.endorse(session, comment=c, user=b, now=utcnow())
    assert c.endorsement_count == 1
    with pytest.raises(ValidationError):
        services.endorse(session, comment=c, user=b, now=utcnow())
    with pytest.raises(ValidationError):
        services.endorse(session, comment=c, user=a, now=utcnow())
    assert policies.can_endorse(b, c)
    assert not policies.can_endorse(a, c)
    assert not policies.can_endorse(None, c)


def test_flag_needs_reason_and_once(session, people):
    a, b, *_ = people
    c = _comment(session, a)
    with pytest.raises(ValidationError):
        services.flag(session, comment=c, user=b, reason="x", now=utcnow())
    services.flag(session, comment=c, user=b, reason="berisi data pribadi", now=utcnow())
    with pytest.raises(ValidationError):
        services.flag(session, comment=c, user=b, reason="berisi data pribadi", now=utcnow())
    assert policies.can_flag(b, c)
    assert not policies.can_flag(a, c)
    assert not policies.can_flag(None, c)


def test_answer_group_notifies_and_audits(session, people):
    a, b, drafter, _ = people
    c1, c2 = _comment(session, a), _comment(session, b)
    with pytest.raises(ValidationError) as exc:
        services.answer(
            session, comments=[c1], actor=drafter, disposition="accepted", reason="ok", now=utcnow()
        )
    assert exc.value.field == "reason"
    with pytest.raises(ValidationError):
        services.answer(
            session,
            comments=[],
            actor=drafter,
            disposition="accepted",
            reason="alasan yang cukup panjang",
            now=utcnow(),
        )
    with pytest.raises(ValidationError):
        services.answer(
            session,
            comments=[c1],
            actor=drafter,
            disposition="mungkin",
            reason="alasan yang cukup panjang",
            now=utcnow(),
        )
    response = services.answer(
        session,
        comments=[c1, c2],
        actor=drafter,
        disposition="partially_accepted",
        reason="Sebagian kami terima.",
        resulting_wording="Rumusan akhir.",
        now=utcnow(),
        link=lambda c: f"/x#{c.id}",
    )
    assert c1.response_id == c2.response_id == response.id
    assert response.disposition_label == "diterima sebagian"
    notes = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert {n.user_id for n in notes} == {a.id, b.id}
    assert notes[0].url == f"/x#{c1.id}"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.answer")).one()
    assert event.actor_id == drafter.id
    assert event.after["comments"] == [c1.id, c2.id]
    assert services.mark_notifications_read(session, user=a, now=utcnow()) == 1


def test_hide_with_reason_never_deletes(session, people):
    a, _b, _d, moderator = people
    c = _comment(session, a)
    assert policies.can_moderate(moderator)
    assert not policies.can_moderate(a)
    with pytest.raises(ValidationError):
        moderation.set_visibility(session, comment=c, actor=moderator, hidden=True, reason="", now=utcnow())
    moderation.set_visibility(
        session, comment=c, actor=moderator, hidden=True, reason="data pribadi", now=utcnow()
    )
    assert c.hidden
    assert c.hidden_reason == "data pribadi"
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.hide")).one()


@pytest.mark.parametrize(
    "reason",
    [
        "Spam iklan, hubungi 0812-3456-7890",
        "promosi, WA +62 812 3456 7890",
        "penulis budi.santoso@contoh.id minta dihapus",
        "memuat NIK 6471 0512 3456 7890",
        "nomor kantor (0542) 123456",
    ],
)
def test_a_public_moderation_reason_may_not_carry_contact_details(session, people, reason):
    a, _b, _d, moderator = people
    c = _comment(session, a)
    with pytest.raises(ValidationError) as refused:
        moderation.set_visibility(
            session, comment=c, actor=moderator, hidden=True, reason=reason, now=utcnow()
        )
    assert refused.value.field == "reason"
    assert "tampil untuk umum" in str(refused.value.message)
    assert not c.hidden
    assert c.hidden_reason is None


@pytest.mark.parametrize(
    "reason",
    [
        "Ujaran kebencian terhadap suku tertentu",
        "Iklan pinjaman Rp1.500.000.000 berulang",
        "Mengulang masukan 12-11-2026 pada Pasal 12 ayat (3) huruf b",
        "Spam, 30 kali sejak 2026",
    ],
)
def test_ordinary_reasons_with_numbers_are_accepted(session, people, reason):
    a, _b, _d, moderator = people
    c = _comment(session, a)
    moderation.set_visibility(session, comment=c, actor=moderator, hidden=True, reason=reason, now=utcnow())
    assert c.hidden
    assert c.hidden_reason == reason
