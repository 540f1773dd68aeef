"""With Redis: a comment posted on the site marks its summary in Redis, and a real
``participation worker`` (a subprocess) takes the mark on its sweep, queues the refresh and runs
it. Its own queue name and keys, deleted afterwards; a missing Redis skips outside CI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.config import PROJECT_ROOT
from participation.jobs import Job
from participation.summaries.models import SummarySnapshot
from tests.conftest import SECRET
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.jobs.test_summary_jobs import _post_comment, _site
from tests.redis_queues import REDIS_URL, delete_queue_keys, require_redis

WAIT = 90.0  # seconds: a bound for a loaded machine, never a timing assertion


@pytest.fixture
def queue_name(database_url: str) -> Iterator[str]:
    require_redis()
    name = f"ptest-sum-{uuid.uuid4().hex[:10]}"
    try:
        yield name
    finally:
        delete_queue_keys(REDIS_URL, name, workers=[f"{name}-w"])


def test_a_worker_takes_the_mark_and_refreshes_the_summary(
    make_app, database_url: str, queue_name: str, tmp_path: Path
) -> None:
    app, factory, version_id, draft_id = _site(
        make_app, "rq", REDIS_URL=REDIS_URL, JOBS_QUEUE=queue_name, JOBS_MAX_INLINE_WAIT_SECONDS=0.5
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
    env.update(
        {
            "PARTICIPATION_ENV": "testing",
            "PARTICIPATION_SECRET_KEY": SECRET,
            "PARTICIPATION_DATABASE_URL": database_url,
            "PARTICIPATION_INSTANCE_PATH": str(tmp_path / "instance"),
            "PARTICIPATION_REDIS_URL": REDIS_URL,
            "PARTICIPATION_JOBS_QUEUE": queue_name,
            "PARTICIPATION_JOBS_SWEEP_SECONDS": "1",
            "PARTICIPATION_JOBS_HEARTBEAT_SECONDS": "0.5",
            "PARTICIPATION_SUMMARY_REFRESH_DELAY_SECONDS": "0",
            "PARTICIPATION_REQUEST_LOG": "0",
            "PYTHONPATH": str(PROJECT_ROOT),
        }
    )
    # the comment first, with no worker yet: what the request left is a mark in Redis
    client = app.test_client()
    client.login("warga@contoh.id", PW)
    response = _post_comment(client, app, version_id, draft_id, "Drainase sering meluap.")
    assert response.status_code == 302
    refresh = select(Job).where(Job.kind == "summaries.refresh_draft")
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(refresh.subquery())) == 0
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "participation"), "worker", "--name", f"{queue_name}-w"],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + WAIT
        job = None
        while time.monotonic() < deadline:
            with factory() as session:
                job = session.scalars(refresh).first()
                if job is not None and job.status in ("done", "failed"):
                    break
            time.sleep(0.2)
        assert job is not None, log_path.read_text(errors="replace")
        assert job.status == "done", log_path.read_text(errors="replace")
        assert (job.kind, job.params) == ("summaries.refresh_draft", {"version_id": version_id})
        with factory() as session:
            snap = session.scalars(select(SummarySnapshot)).one()
            assert snap.result["totals"]["comments"] == 1
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
