"""Background jobs (issue 14): what queuing costs a request, and how fast jobs get done.

Per database (SQLite file; PostgreSQL when PARTICIPATION_TEST_PG_ADMIN_URL's server answers):
- enqueue: one ``enqueue`` + commit per transaction, as a request does it (ms, p50/p95);
- thread: the embedded transport (no Redis): latency from commit to done for one job at a time,
  and throughput of a burst of trivial jobs queued in one commit;
- rq: the same with 1 and 2 ``participation worker`` subprocesses on the local Redis (a queue
  name of its own; its keys deleted afterwards); RQ forks a work horse per job, so a job costs a
  fork plus the claim and the final commit.

Prints a summary and writes bench/results/jobs.json. Nothing is asserted.

    .venv/bin/python bench/jobs.py [--burst 200] [--singles 30] [--db sqlite postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

import tests.jobs.handlers  # noqa: E402,F401 - the trivial handlers (tests.echo)
from participation import create_app  # noqa: E402
from participation.core.clock import utcnow  # noqa: E402
from participation.jobs import Job, enqueue  # noqa: E402
from participation.jobs.transports import RUNTIME_KEY  # noqa: E402
from participation.schema import upgrade  # noqa: E402

PG_ADMIN = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = "bench-secret-key-that-is-long-enough-0123456789"  # noqa: S105 - throwaway databases


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def make(url: str, tmp: Path, mode: str, **extra: object):
    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp),
            "JOBS_MODE": mode,
            "JOB_MODULES": "tests.jobs.handlers",
            **extra,
        }
    )


def wipe_jobs(app) -> None:
    with app.extensions["participation.engine"].begin() as conn:
        conn.execute(text("DELETE FROM job"))


def queue_one(app) -> int:
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, "tests.echo", {"value": 1}, now=utcnow())
        session.commit()
        return job.id


def wait_done(app, ids: list[int], timeout: float = 300) -> None:
    engine = app.extensions["participation.engine"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            left = conn.execute(
                select(func.count())
                .select_from(Job)
                .where(Job.id.in_(ids), Job.status.not_in(["done", "failed"]))
            ).scalar()
        if not left:
            return
        time.sleep(0.005)
    raise RuntimeError(f"{left} jobs not done after {timeout} s")


def measure(app, singles: int, burst: int) -> dict:
    latencies = []
    for _ in range(singles):
        start = time.perf_counter()
        wait_done(app, [queue_one(app)])
        latencies.append((time.perf_counter() - start) * 1000)
    with app.extensions["participation.sessionmaker"]() as session:
        start = time.perf_counter()
        ids = [enqueue(session, "tests.echo", {"value": n}, now=utcnow()).id for n in range(burst)]
        session.commit()
    wait_done(app, ids)
    seconds = time.perf_counter() - start
    return {
        "latency_ms_p50": pct(latencies, 0.5),
        "latency_ms_p95": pct(latencies, 0.95),
        "burst": burst,
        "burst_seconds": round(seconds, 2),
        "jobs_per_second": round(burst / seconds, 1),
    }


def bench_enqueue(url: str, tmp: Path, n: int) -> dict:
    app = make(url, tmp, "manual")
    wipe_jobs(app)
    costs = []
    for _ in range(n):
        start = time.perf_counter()
        queue_one(app)
        costs.append((time.perf_counter() - start) * 1000)
    wipe_jobs(app)
    app.extensions["participation.engine"].dispose()
    return {"n": n, "ms_p50": pct(costs, 0.5), "ms_p95": pct(costs, 0.95)}


def bench_thread(url: str, tmp: Path, singles: int, burst: int) -> dict:
    app = make(url, tmp, "thread")
    wipe_jobs(app)
    try:
        return measure(app, singles, burst)
    finally:
        app.extensions[RUNTIME_KEY].transport.shutdown()
        wipe_jobs(app)
        app.extensions["participation.engine"].dispose()


def bench_rq(url: str, tmp: Path, singles: int, burst: int, workers: int) -> dict:
    from redis import Redis

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app = make(url, tmp, "rq", REDIS_URL=REDIS_URL, JOBS_QUEUE=queue)
    wipe_jobs(app)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
    env.update(
        {
            "PARTICIPATION_ENV": "testing",
            "PARTICIPATION_SECRET_KEY": SECRET,
            "PARTICIPATION_DATABASE_URL": url,
            "PARTICIPATION_INSTANCE_PATH": str(tmp),
            "PARTICIPATION_REDIS_URL": REDIS_URL,
            "PARTICIPATION_JOBS_QUEUE": queue,
            "PARTICIPATION_JOB_MODULES": "tests.jobs.handlers",
            "PYTHONPATH": str(ROOT),
            "PARTICIPATION_LOG_LEVEL": "WARNING",
        }
    )
    script = Path(sys.executable).parent / "participation"
    procs = [
        subprocess.Popen(
            [str(script), "worker", "--name", f"{queue}-{n}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for n in range(workers)
    ]
    try:
        wait_done(app, [queue_one(app)], timeout=120)  # the workers are up
        return measure(app, singles, burst) | {"workers": workers}
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            p.wait(60)
        client = Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"*{queue}*"))
        if keys:
            client.delete(*keys)
        client.srem("rq:queues", f"rq:queue:{queue}")
        client.srem("rq:workers", *[f"rq:worker:{queue}-{n}" for n in range(workers)])
        client.close()
        wipe_jobs(app)
        app.extensions["participation.engine"].dispose()


def databases(wanted: list[str], tmp: Path) -> list[tuple[str, str, object]]:
    found = []
    if "sqlite" in wanted:
        found.append(("sqlite", f"sqlite:///{tmp / 'bench.db'}", None))
    if "postgresql" in wanted:
        try:
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            name = f"bench_jobs_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            found.append(("postgresql", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", (admin, name)))
        except Exception as exc:
            print(f"PostgreSQL skipped: {exc}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--singles", type=int, default=30)
    parser.add_argument("--enqueues", type=int, default=300)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    out: dict = {
        "when": utcnow().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "results": {},
    }
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for name, url, cleanup in databases(args.db, tmp):
            upgrade(url)
            try:
                res = {
                    "enqueue": bench_enqueue(url, tmp, args.enqueues),
                    "thread": bench_thread(url, tmp, args.singles, args.burst),
                    "rq_1_worker": bench_rq(url, tmp, args.singles, args.burst, 1),
                    "rq_2_workers": bench_rq(url, tmp, args.singles, args.burst, 2),
                }
            finally:
                if cleanup is not None:
                    admin, dbname = cleanup
                    with admin.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
                    admin.dispose()
            out["results"][name] = res
            print(f"\n{name}")
            print(f"  enqueue + commit: p50 {res['enqueue']['ms_p50']} ms, p95 {res['enqueue']['ms_p95']} ms")
            for mode in ("thread", "rq_1_worker", "rq_2_workers"):
                r = res[mode]
                print(
                    f"  {mode:13} one job commit→done p50 {r['latency_ms_p50']} ms "
                    f"p95 {r['latency_ms_p95']} ms; burst of {r['burst']}: "
                    f"{r['burst_seconds']} s ({r['jobs_per_second']} jobs/s)"
                )
    target = ROOT / "bench" / "results" / "jobs.json"
    target.write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwritten {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
