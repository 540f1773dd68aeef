"""The areas' jobs (issue 14): what a request pays now that the heavy work is queued.

On a SQLite file (PostgreSQL with ``--db postgresql`` when the local server answers):
- campaign answer: the tim penyusun answers N comments of N/10 residents in one inbox POST with
  SMTP configured (a local aiosmtpd server). The request's time and the SMTP messages it sent
  (now 0), then the mail job's time and connections; beside it, what sending the same messages
  one connection each (the old after-commit loop inside the request) costs;
- comment POST: statements and time of a resident's comment (the summary is only marked);
- burst: after B comments, how many summary refresh jobs one sweep queues (1).

Prints a summary and writes bench/results/area_jobs.json. Nothing is asserted.

    .venv/bin/python bench/area_jobs.py [--answers 500] [--comments 100] [--db sqlite postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402

from participation import create_app  # noqa: E402
from participation.accounts.mail import MailSettings, send_mail  # noqa: E402
from participation.accounts.passwords import configure_hasher  # noqa: E402
from participation.core.clock import utcnow  # noqa: E402
from participation.drafts import services as draft_services  # noqa: E402
from participation.jobs import Job, drain  # noqa: E402
from participation.jobs.triggers import run_due  # noqa: E402
from participation.schema import upgrade  # noqa: E402
from tests.factories import make_user  # noqa: E402
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW  # noqa: E402
from tests.jobs.areas import KEY, load_regions, published_draft, unit_url  # noqa: E402
from tests.smtp import running  # noqa: E402

PG_ADMIN = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SECRET = "bench-secret-key-that-is-long-enough-0123456789"  # noqa: S105 - throwaway databases


def make(url: str, tmp: Path, **extra: object):
    from tests.conftest import Client

    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp),
            "OUTBOX_DIR": str(tmp / "outbox"),
            "JOBS_MODE": "manual",
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": None,
            "BASE_URL": "http://localhost",
            "REQUEST_LOG": False,
            **extra,
        }
    )
    app.test_client_class = Client
    return app


def login(app, email: str):
    client = app.test_client()
    client.login(email, PW)
    return client


def campaign(url: str, tmp: Path, answers: int) -> dict:
    with running() as smtp:
        app = make(url, tmp, **smtp.config())
        factory = app.extensions["participation.sessionmaker"]
        with factory() as session:
            load_regions(session)
            version = published_draft(session)
            authors = [
                make_user(session, email=f"warga{n}@contoh.id", commit=False)
                for n in range(max(1, answers // 10))
            ]
            session.commit()
            unit = draft_services.get_unit(session, version, KEY)
            ids = [
                draft_services.comment_on_unit(
                    session,
                    unit=unit,
                    author=authors[n % len(authors)],
                    stance="object",
                    body=f"Masukan kampanye nomor {n}.",
                    now=utcnow(),
                ).id
                for n in range(answers)
            ]
            session.commit()
            draft_id = version.draft_id
        client = login(app, "penyusun@contoh.id")
        inbox = f"/raperda/{draft_id}/versi/1/kotak-masuk"
        token = client.csrf_token(inbox)
        started = time.perf_counter()
        response = client.post(
            inbox,
            data={
                "csrf_token": token,
                "comment_id": ids,
                "disposition": "explained",
                "reason": "Sudah dipertimbangkan oleh tim.",
            },
        )
        request_s = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        sent_in_request = len(smtp.messages)
        started = time.perf_counter()
        drain(app)
        job_s = time.perf_counter() - started
        sent, connections = len(smtp.messages), smtp.connections
        # what the request used to do after its commit: one connection per message
        settings = MailSettings.from_config(app.config)
        started = time.perf_counter()
        for n in range(answers):
            send_mail(
                settings,
                to=f"warga{n % len(authors)}@contoh.id",
                subject="Masukan Anda sudah ditanggapi",
                body="x",
            )
        old_loop_s = time.perf_counter() - started
        app.extensions["participation.engine"].dispose()
    return {
        "answers": answers,
        "request_s": round(request_s, 3),
        "smtp_messages_in_request": sent_in_request,
        "mail_job_s": round(job_s, 3),
        "mail_job_messages": sent,
        "mail_job_connections": connections,
        "old_inline_loop_s": round(old_loop_s, 3),
    }


def comments(url: str, tmp: Path, count: int) -> dict:
    app = make(url, tmp)
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        load_regions(session)
        version = published_draft(session)
        make_user(session, email="warga@contoh.id")
        page = unit_url(version)
    client = login(app, "warga@contoh.id")
    token = client.csrf_token(page)
    engine = app.extensions["participation.engine"]
    statements: list[int] = []
    times: list[float] = []
    counter = [0]

    def on(*_args: object) -> None:
        counter[0] += 1

    event.listen(engine, "before_cursor_execute", on)
    try:
        for n in range(count):
            counter[0] = 0
            started = time.perf_counter()
            response = client.post(
                page, data={"csrf_token": token, "stance": "object", "body": f"Masukan beruntun nomor {n}."}
            )
            times.append((time.perf_counter() - started) * 1000)
            statements.append(counter[0])
            assert response.status_code == 302
    finally:
        event.remove(engine, "before_cursor_execute", on)
    with factory() as session:
        jobs_before = session.scalar(select(func.count()).select_from(Job))
    run_due(app, force=True, only=["summaries.flush_marks"])
    with factory() as session:
        queued = session.scalar(
            select(func.count()).select_from(Job).where(Job.kind == "summaries.refresh_draft")
        )
    app.extensions["participation.engine"].dispose()
    return {
        "comments": count,
        "post_ms_p50": round(statistics.median(times), 2),
        "post_ms_p95": round(sorted(times)[int(0.95 * len(times)) - 1], 2),
        "statements_per_post_max": max(statements),
        "jobs_queued_by_posts": jobs_before,
        "refresh_jobs_after_one_sweep": queued,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--comments", type=int, default=100)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    configure_hasher(time_cost=1, memory_cost=1024)
    results: dict[str, dict] = {}
    for db in args.db:
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            created = None
            if db == "sqlite":
                urls = [f"sqlite:///{tmp / 'a.db'}", f"sqlite:///{tmp / 'b.db'}"]
            else:
                admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
                try:
                    with admin.connect() as conn:
                        created = [f"bench_area_jobs_{uuid.uuid4().hex[:8]}" for _ in range(2)]
                        for name in created:
                            conn.execute(text(f'CREATE DATABASE "{name}"'))
                except Exception as exc:
                    print(f"postgresql skipped: {exc}")
                    continue
                base = PG_ADMIN.rsplit("/", 1)[0]
                urls = [f"{base}/{name}" for name in created]
            try:
                for u in urls:
                    upgrade(u)
                results[db] = {
                    "campaign_answer": campaign(urls[0], tmp / "c", args.answers),
                    "comment_post": comments(urls[1], tmp / "p", args.comments),
                }
            finally:
                if created:
                    with admin.connect() as conn:
                        for name in created:
                            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        print(db, json.dumps(results[db], indent=2))
    out = ROOT / "bench" / "results" / "area_jobs.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
