"""The drafts demo step: idempotent, open consultation, answers, version 2 with changed marks."""

from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.drafts.demo import demo_step
from participation.drafts.models import CommentAnchor, DraftVersion


def test_demo_step_idempotent(session, regions):
    report = demo_step(session, now=utcnow())
    session.commit()
    assert "197 masukan" in report
    assert demo_step(session, now=utcnow()) == "raperda demo sudah ada."
    v1, v2 = session.scalars(select(DraftVersion).order_by(DraftVersion.number)).all()
    assert v1.is_open(utcnow())
    assert not v2.published
    assert v2.mapping_confirmed_at
    assert session.scalar(select(func.count(Comment.id)).where(Comment.response_id.is_not(None))) == 79
    statuses = dict(
        session.execute(select(CommentAnchor.status, func.count()).group_by(CommentAnchor.status)).all()
    )
    assert statuses["removed"] == 5
    assert statuses["changed"] > 40
