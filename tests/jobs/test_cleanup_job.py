"""The hourly clean-up job: queued by the sweep once (dedupe key), it deletes expired import
previews and nothing a person handed in, and empties the bodies of mail jobs that gave up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from participation.core.clock import utcnow
from participation.core.files import FileKind, StoredFile, store_file
from participation.jobs import Job, drain, enqueue
from participation.jobs.triggers import run_due


def test_the_sweep_queues_one_cleanup_that_deletes_expired_previews_only(make_app) -> None:
    app = make_app("manual")
    factory = app.extensions["participation.sessionmaker"]
    now = utcnow()
    with factory() as session:
        old = store_file(
            session,
            b"a;b\n",
            content_type="text/csv",
            filename="lama.csv",
            kind=FileKind.IMPORT_PREVIEW,
            actor_id=None,
            now=now,
            expires_at=now - dt.timedelta(minutes=1),
        ).id
        fresh = store_file(
            session,
            b"a;b\n",
            content_type="text/csv",
            filename="baru.csv",
            kind=FileKind.IMPORT_PREVIEW,
            actor_id=None,
            now=now,
            expires_at=now + dt.timedelta(hours=1),
        ).id
        photo = store_file(
            session,
            b"\xff\xd8foto",
            content_type="image/jpeg",
            filename="foto.jpg",
            kind=FileKind.USULAN_PHOTO,
            actor_id=None,
            now=now,
        ).id
        mail = enqueue(
            session,
            "mail.send",
            {"messages": [{"to": "a@contoh.id", "subject": "x", "body": "tautan rahasia"}]},
            now=now,
        )
        session.flush()
        session.execute(
            update(Job)
            .where(Job.id == mail.id)
            .values(status="failed", finished_at=now - dt.timedelta(days=3))
        )
        session.commit()
    assert "maintenance.cleanup" in run_due(app)  # due at once in a fresh process ...
    assert "maintenance.cleanup" not in run_due(app)  # ... then not for an hour
    run_due(app, force=True, only=["maintenance.cleanup"])  # a second process: coalesced
    with factory() as session:
        (job,) = session.scalars(select(Job).where(Job.kind == "maintenance.cleanup")).all()
        assert job.dedupe_key == "maintenance.cleanup"
    drain(app)
    with factory() as session:
        job = session.scalars(select(Job).where(Job.kind == "maintenance.cleanup")).one()
        assert (job.status, job.result) == (
            "done",
            {"files": 1, "mail_jobs_emptied": 1, "snapshots_pruned": 0},
        )
        assert set(session.scalars(select(StoredFile.id))) == {fresh, photo}
        assert old not in set(session.scalars(select(StoredFile.id)))
        assert session.get(Job, mail.id).params == {"messages": []}
