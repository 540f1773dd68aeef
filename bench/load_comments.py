"""Benchmark: 50 residents reading the demo raperda and posting comments at the same time, served
by gunicorn (2 workers x 4 threads, 127.0.0.1 only), on SQLite and on PostgreSQL; optionally with
faults (a worker killed with SIGKILL, PostgreSQL restarted) in the middle of the load.

Each client logs in once, then loops: GET the reading page, GET a unit page (for the CSRF token),
POST a comment whose body carries a unique marker. Between actions each client pauses for a random
"think time" (``--think-ms MIN,MAX``, default 500,1500: a resident reading a clause before the next
click); ``--think-ms 0,0`` is the saturation profile (closed loop, no pause), where latency is
roughly clients / throughput whatever a request costs. ``--think-ms`` may be given twice to run
both profiles. Every request's latency and status is kept;
the marker of every acknowledged comment (302 to the unit page, "#masukan-<id>") is kept. After the
run the comment table is checked: lost (acknowledged, missing), duplicates (marker twice),
half-written rows (no target, empty body).

Rate limiting is switched off in the server (PARTICIPATION_RATELIMIT_ENABLED=false): 50 clients
share one address (127.0.0.1) and would otherwise hit the per-address login limit. Passwords are
hashed cheaply in the setup process only; the server keeps the normal Argon2 parameters.

PostgreSQL runs in a throwaway cluster of its own (initdb into a temporary folder, port 5433 by
default, as the ``postgres`` system user when run as root) so the restart fault never touches
a shared server; the cluster is stopped and deleted at the end.

Writes bench/results/load_comments.json (entries are merged per database, mode and client
profile, so a partial rerun keeps the others); asserts nothing timed. Every loop is bounded;
gunicorn and PostgreSQL are stopped by the script.
Usage: .venv/bin/python bench/load_comments.py [--db sqlite|postgresql|both] [--seconds 60]
       [--clients 50] [--think-ms 500,1500] [--think-ms 0,0] [--faults] [--steady]
       [--pg-port 5433] [--client-procs 5] [--threads 4] [--no-gc-freeze]

The clients run as threads in ``--client-procs`` forked processes (default 5 x 10 threads): in a
single process, 50 client threads share one GIL on the same cores as the server, and a response
that has arrived waits for that GIL before its timer stops.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation.accounts import services as account_services  # noqa: E402
from participation.accounts.models import Role  # noqa: E402
from participation.accounts.passwords import configure_hasher  # noqa: E402
from participation.comments.models import Comment  # noqa: E402
from participation.core.clock import utcnow  # noqa: E402
from participation.core.db import make_engine, make_sessionmaker  # noqa: E402
from participation.drafts import services as draft_services  # noqa: E402
from participation.drafts.demo import DEMO_TITLE, demo_step  # noqa: E402
from participation.drafts.models import Draft, DraftUnit  # noqa: E402
from participation.regions import services as region_services  # noqa: E402
from participation.schema import upgrade  # noqa: E402

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - throwaway database, deleted after the run
RESULTS = ROOT / "bench" / "results" / "load_comments.json"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
# letters between the numbers: "<run>-12-1000001" could read as a 16-digit NIK (digits joined by
# dashes), which the app rightly refuses with 422 (a run at 11:59 on 2026-11-30 lost 260 POSTs so)
MARKER = re.compile(r"\[uji-beban ([0-9a-f]+-k\d+-s\d+)\]")
STANCES = ("support", "object", "question")
# gunicorn closes a keep-alive connection after 2 s idle; a client idle that long reconnects first
# (as a browser would) instead of racing the server's close and counting a spurious error
KEEPALIVE_IDLE_S = 1.5
TARGETS = {"errors": 0, "lost": 0, "read_p99_ms": 100.0, "post_share_of_healthz": 0.15}


# ------------------------------------------------------------------ PostgreSQL (own cluster)


class PgCluster:
    """A throwaway PostgreSQL 15 cluster in a temporary folder; only this one is ever restarted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg_ctl(self, *args: str, timeout: float = 90) -> None:
        subprocess.run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> str:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(f"port {self.port} is in use: pick another with --pg-port")
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            [
                *self.as_postgres,
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-instructions",
            ],
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._pg_ctl("-o", options, "-l", str(self.log), "-w", "-t", "60", "start")
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE bench")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/bench"

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "-t", "60", "restart")

    def processes(self) -> list[int]:
        try:
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return [postmaster, *_children(postmaster)]

    def errors(self) -> dict:
        """PostgreSQL's own ERROR lines by message (a deadlock, a cancelled statement ...), with the
        first DETAIL of each kind: the server's account of what a 503 was."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        counts: collections.Counter = collections.Counter()
        details: dict[str, str] = {}
        lines = text.splitlines()
        for n, line in enumerate(lines):
            if " ERROR:  " in line:
                message = line.split(" ERROR:  ", 1)[1]
                counts[message] += 1
                if message not in details and n + 1 < len(lines) and " DETAIL:  " in lines[n + 1]:
                    details[message] = "\n".join(lines[n + 1 : n + 4])[:1000]
        return {"counts": dict(counts), "details": details}

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._pg_ctl("-m", "immediate", "-w", "-t", "30", "stop", timeout=40)
            except (subprocess.SubprocessError, OSError) as exc:
                print(f"warning: could not stop the bench cluster: {exc}", file=sys.stderr)
        shutil.rmtree(self.dir, ignore_errors=True)


# ------------------------------------------------------------------ setup


def build(url: str, clients: int) -> dict:
    """Migrated database with regions, the demo raperda (open window) and ``clients`` residents."""
    upgrade(url)
    configure_hasher(time_cost=1, memory_cost=1024)  # this process only; gunicorn hashes normally
    engine = make_engine(url, pooled=False)
    try:
        with make_sessionmaker(engine)() as session:
            now = utcnow()
            region_services.load_regions(
                session, region_services.parse_regions_csv(region_services.default_regions_csv())
            )
            demo_step(session, now=now)
            session.commit()
            draft = session.scalars(select(Draft).where(Draft.title == DEMO_TITLE)).one()
            version = draft_services.latest_published(session, draft.id)
            assert version is not None and version.is_open(now), "demo version is not open"
            keys = list(
                session.scalars(
                    select(DraftUnit.key)
                    .where(
                        DraftUnit.version_id == version.id,
                        DraftUnit.comment_target_id.is_not(None),
                        DraftUnit.key.startswith("pasal-"),
                    )
                    .order_by(DraftUnit.ordinal)
                )
            )
            for n in range(clients):
                account_services.create_user(
                    session,
                    email=f"warga{n}@beban.partisipasi.id",
                    name=f"Warga Beban {n}",
                    password=BENCH_PASSWORD,
                    roles=[(Role.CITIZEN, None, None)],
                    now=now,
                )
            session.commit()
            pasal = sum(1 for k in keys if "/" not in k)
            comments = session.scalar(select(func.count(Comment.id)))
            return {
                "draft_id": draft.id,
                "number": version.number,
                "unit_keys": keys,
                "pasal": pasal,
                "comments_before": comments,
            }
    finally:
        engine.dispose()


# ------------------------------------------------------------------ server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, tmp: str, *, threads: int = 4, gc_freeze: bool = False) -> None:
        self.port = free_port()
        config = Path(tmp) / "gunicorn_bench.py"
        # --gc-freeze: once a worker has loaded the app, move everything it allocated so far
        # (modules, templates, SQLAlchemy metadata) out of the collector's reach, so a full
        # collection only walks what requests allocate
        config.write_text(
            "import gc\n\n\ndef post_worker_init(worker):\n"
            + ("    gc.collect()\n    gc.freeze()\n" if gc_freeze else "    pass\n"),
            encoding="utf-8",
        )
        self.log_path = Path(tmp) / "gunicorn.log"
        env = dict(
            os.environ,
            PARTICIPATION_DATABASE_URL=url,
            PARTICIPATION_ENV="production",
            PARTICIPATION_SECRET_KEY="bench-" + uuid.uuid4().hex + uuid.uuid4().hex,
            PARTICIPATION_INSTANCE_PATH=tmp,
            PARTICIPATION_RATELIMIT_ENABLED="false",
            PARTICIPATION_REQUEST_LOG="false",
            PARTICIPATION_LOG_LEVEL="WARNING",
        )
        env.pop("PARTICIPATION_REDIS_URL", None)
        self.log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-c",
                str(config),
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "10",
                "--log-level",
                "warning",
                "participation:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def workers(self) -> list[int]:
        return _children(self.proc.pid)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("gunicorn exited:\n" + self.log_path.read_text()[-3000:])
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200 and len(self.workers()) == 2:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not start in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    def log_summary(self) -> dict:
        text = self.log_path.read_text(errors="replace")
        causes: collections.Counter = collections.Counter()
        for line in text.splitlines():
            if "db_unavailable" in line and line.startswith("{"):
                event = json.loads(line)
                causes[f"{event.get('error')}/{event.get('cause')}"] += 1
        return {
            "tracebacks": text.count("Traceback"),
            "db_unavailable": text.count("db_unavailable"),
            "db_unavailable_causes": dict(causes),
            "worker_sigkill": text.count("SIGKILL") + text.count("signal 9"),
            "tail": text[-1500:] if "Traceback" in text else "",
        }


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


class CpuMeter:
    """CPU used during a phase by the gunicorn workers, the client processes and PostgreSQL, per
    request served: steadier than requests/s on a shared machine, and it shows what a request
    costs the server itself."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]]) -> None:
        self.pids = {name: find() for name, find in groups.items()}
        self.before = {name: cpu_seconds(pids) for name, pids in self.pids.items()}
        self.started = time.perf_counter()

    def done(self, requests: int) -> dict:
        wall = time.perf_counter() - self.started
        used = {name: cpu_seconds(pids) - self.before[name] for name, pids in self.pids.items()}
        return {
            "wall_s": round(wall, 1),
            **{f"{name}_cores": round(sec / wall, 2) for name, sec in used.items()},
            **{
                f"{name}_cpu_ms_per_request": round(sec * 1000 / max(requests, 1), 3)
                for name, sec in used.items()
            },
        }


# ------------------------------------------------------------------ clients


class Client:
    """One resident: a keep-alive connection and a cookie jar (Secure cookies kept over http)."""

    def __init__(self, port: int, n: int) -> None:
        self.port, self.n = port, n
        self.cookies: dict[str, str] = {}
        self.conn = self._connect()
        self.last_used = time.perf_counter()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def reset(self) -> None:
        self.conn.close()
        self.conn = self._connect()

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, bytes]:
        if time.perf_counter() - self.last_used > KEEPALIVE_IDLE_S:
            self.reset()
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _sep, value = cookie.split(";", 1)[0].partition("=")
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name.strip()] = value.strip()
            else:
                self.cookies.pop(name.strip(), None)
        if response.getheader("Connection", "").lower() == "close":
            self.reset()
        self.last_used = time.perf_counter()
        return response.status, response.getheader("Location", ""), data

    def login(self) -> bool:
        for _attempt in range(3):
            try:
                _s, _l, page = self.request("GET", "/masuk")
                token = csrf(page)
                status, _l, _d = self.request(
                    "POST",
                    "/masuk",
                    {
                        "csrf_token": token,
                        "email": f"warga{self.n}@beban.partisipasi.id",
                        "password": BENCH_PASSWORD,
                    },
                )
                if status == 302:
                    return True
            except (OSError, http.client.HTTPException, ValueError):
                self.reset()
            time.sleep(0.5)
        return False


def csrf(page: bytes) -> str:
    match = CSRF.search(page.decode("utf-8", "replace"))
    if not match:
        raise ValueError("no CSRF token")
    return match.group(1) or match.group(2)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: list[tuple[float, str, float, bool, str]] = []  # t, kind, latency, ok, why
        self.acked: list[tuple[str, int]] = []  # marker, comment id
        self.attempted: list[str] = []


def think(rng: random.Random, think_s: tuple[float, float], stop: float) -> None:
    """A resident's pause between actions (never past the end of the phase)."""
    if think_s[1] > 0:
        time.sleep(max(0.0, min(rng.uniform(*think_s), stop - time.perf_counter())))


def client_loop(
    client: Client,
    *,
    t0: float,
    stop: float,
    run_id: str,
    draft_id: int,
    number: int,
    keys: list[str],
    think_s: tuple[float, float] = (0.0, 0.0),
) -> tuple:
    """One resident's load phase; returns (samples, acknowledged, attempted) for the parent."""
    rng = random.Random(client.n)
    client.reset()
    samples, acked, attempted = [], [], []
    seq = 0
    if think_s[1] > 0:
        # residents do not all click at the same instant: stagger the first action
        time.sleep(rng.uniform(0, think_s[1]))
    while time.perf_counter() < stop:
        key = rng.choice(keys)
        unit_path = f"/raperda/{draft_id}/versi/{number}/{key}"
        token = None
        for kind, method, path in (
            ("reading_page", "GET", f"/raperda/{draft_id}"),
            ("unit_page", "GET", unit_path),
            ("comment_post", "POST", None),
        ):
            if time.perf_counter() >= stop:
                break
            form = None
            marker = None
            if method == "POST":
                if token is None:
                    break
                seq += 1
                marker = f"{run_id}-k{client.n}-s{seq}"
                form = {
                    "csrf_token": token,
                    "stance": rng.choice(STANCES),
                    "body": f"Masukan uji beban [uji-beban {marker}]: trotoar di depan "
                    f"sekolah perlu diperbaiki sebelum musim hujan.",
                }
                attempted.append(marker)
                path = unit_path
            started = time.perf_counter()
            why = ""
            try:
                status, location, data = client.request(method, path, form)
                if method == "GET":
                    ok = status == 200
                    if ok and kind == "unit_page":
                        token = csrf(data)
                else:
                    ok = status == 302 and "#masukan-" in location and key in location
                    if ok:
                        acked.append((marker, int(location.rsplit("#masukan-", 1)[1])))
                if not ok:
                    why = f"http {status}"
            except (OSError, http.client.HTTPException, ValueError) as exc:
                ok, why = False, type(exc).__name__
                client.reset()
            latency = time.perf_counter() - started
            samples.append((started - t0, kind, latency, ok, why))
            if not ok:
                time.sleep(0.05)  # a failing server is not hammered in a tight loop
                break
            think(rng, think_s, stop)
    return samples, acked, attempted


def warm_up(client: Client, setup: dict) -> None:
    for path in (
        f"/raperda/{setup['draft_id']}",
        f"/raperda/{setup['draft_id']}/versi/{setup['number']}/{setup['unit_keys'][0]}",
    ):
        try:
            client.request("GET", path)
        except (OSError, http.client.HTTPException):
            client.reset()


def wait_until(at: float) -> None:
    delay = at - time.perf_counter()
    if delay > 0:
        time.sleep(delay)


def healthz_client(client: Client, *, start: float, stop: float) -> tuple:
    """Closed loop of GET /healthz; returns (latencies, error reasons)."""
    client.reset()  # an idle keep-alive connection may have been closed by gunicorn (2 s)
    mine, bad = [], collections.Counter()
    wait_until(start)
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            status, _l, _d = client.request("GET", "/healthz")
            if status != 200:
                bad[f"http {status}"] += 1
        except (OSError, http.client.HTTPException) as exc:
            bad[type(exc).__name__] += 1
            client.reset()
            time.sleep(0.05)
            continue
        mine.append(time.perf_counter() - started)
    return mine, dict(bad)


def post_only_client(client: Client, *, start: float, stop: float, run_id: str, setup: dict) -> tuple:
    """Comment POSTs alone, like-for-like with /healthz: the client fetches one form for its CSRF
    token (valid for the whole session) and then only posts. Returns (latencies, error reasons,
    acknowledged, attempted)."""
    rng = random.Random(10_000 + client.n)
    base = f"/raperda/{setup['draft_id']}/versi/{setup['number']}/"
    client.reset()
    mine, bad, acked, attempted = [], collections.Counter(), [], []
    token = None
    seq = 1_000_000  # markers distinct from the mixed phase's
    wait_until(start)
    while time.perf_counter() < stop:
        key = rng.choice(setup["unit_keys"])
        try:
            if token is None:
                _s, _l, page = client.request("GET", base + key)
                token = csrf(page)
                continue
            seq += 1
            marker = f"{run_id}-k{client.n}-s{seq}"
            attempted.append(marker)
            started = time.perf_counter()
            status, location, _d = client.request(
                "POST",
                base + key,
                {
                    "csrf_token": token,
                    "stance": rng.choice(STANCES),
                    "body": f"Masukan uji beban [uji-beban {marker}]: lampu jalan padam.",
                },
            )
            if status == 302 and "#masukan-" in location and key in location:
                mine.append(time.perf_counter() - started)
                acked.append((marker, int(location.rsplit("#masukan-", 1)[1])))
            else:
                bad[f"http {status}"] += 1
        except (OSError, http.client.HTTPException, ValueError) as exc:
            bad[type(exc).__name__] += 1
            client.reset()
            time.sleep(0.05)
    return mine, dict(bad), acked, attempted


def closed_loop_summary(results: list, seconds: float) -> dict:
    latencies = [x for r in results if r for x in r[0]]
    reasons: collections.Counter = collections.Counter()
    for r in results:
        if r:
            reasons.update(r[1])
        else:
            reasons["client did not report"] += 1
    return {
        "requests": len(latencies),
        "errors": sum(reasons.values()),
        "error_reasons": dict(reasons),
        "rps": round(len(latencies) / seconds, 1),
        **percentiles(latencies),
    }


# ------------------------------------------------------------------ client processes


def _login(client: Client) -> bool:
    return client.login()


PHASES = {
    "login": _login,
    "warm_up": lambda c, setup: warm_up(c, setup),
    "healthz": healthz_client,
    "load": client_loop,
    "post_only": post_only_client,
}


def client_process(pipe: Any, port: int, numbers: list[int]) -> None:
    """A client process: its share of the residents, one thread each, driven phase by phase by
    the bench process through ``pipe``. Several such processes keep the clients' own Python work
    (one GIL per process) from queueing in front of the timers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the bench process stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    clients = [Client(port, n) for n in numbers]
    try:
        while True:
            message = pipe.recv()
            if message is None:
                break
            phase, timeout, kwargs = message
            fn = PHASES[phase]
            pipe.send(run_threads([functools.partial(fn, c, **kwargs) for c in clients], timeout=timeout))
    finally:
        for c in clients:
            c.conn.close()
        pipe.close()


class ClientPool:
    """``clients`` residents spread over ``procs`` processes (client n in process n % procs)."""

    def __init__(self, port: int, clients: int, procs: int) -> None:
        ctx = multiprocessing.get_context("fork")
        self.pipes, self.procs = [], []
        for i in range(procs):
            numbers = list(range(i, clients, procs))
            if not numbers:
                continue
            ours, theirs = ctx.Pipe()
            proc = ctx.Process(target=client_process, args=(theirs, port, numbers), daemon=True)
            proc.start()
            theirs.close()
            self.pipes.append((ours, numbers))
            self.procs.append(proc)

    def run(self, phase: str, timeout: float, **kwargs: Any) -> list:
        """Run ``phase`` on every client at once; the per-client results, in client order."""
        for pipe, _numbers in self.pipes:
            pipe.send((phase, timeout, kwargs))
        results: dict[int, Any] = {}
        for pipe, numbers in self.pipes:
            if not pipe.poll(timeout + 60):
                raise SystemExit(f"client process did not finish phase {phase}")
            results.update(zip(numbers, pipe.recv(), strict=True))
        return [results[n] for n in sorted(results)]

    def close(self) -> None:
        for pipe, _numbers in self.pipes:
            try:
                pipe.send(None)
            except OSError:
                pass
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)


def percentiles(latencies: list[float]) -> dict:
    if len(latencies) < 2:
        return {"p50_ms": None, "p99_ms": None}
    q = statistics.quantiles(latencies, n=100)
    return {"p50_ms": round(q[49] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}


# ------------------------------------------------------------------ faults


def fault_driver(
    faults: list[tuple[float, str]], *, server: Server, pg: PgCluster | None, t0: float, log: list[dict]
) -> None:
    for at, kind in faults:
        while time.perf_counter() - t0 < at:
            time.sleep(0.05)
        entry = {"fault": kind, "start_s": round(time.perf_counter() - t0, 2)}
        try:
            if kind == "kill_worker":
                before = server.workers()
                victim = before[0]
                os.kill(victim, signal.SIGKILL)
                deadline = time.time() + 30
                while time.time() < deadline:
                    now = server.workers()
                    if len(now) == 2 and victim not in now:
                        break
                    time.sleep(0.05)
                entry["killed_pid"] = victim
                entry["respawned"] = sorted(set(server.workers()) - set(before))
            elif kind == "restart_postgresql":
                assert pg is not None
                pg.restart()
        except (OSError, subprocess.SubprocessError, IndexError) as exc:
            entry["failed"] = repr(exc)
        entry["end_s"] = round(time.perf_counter() - t0, 2)
        log.append(entry)


# ------------------------------------------------------------------ integrity


def verify(url: str, run_id: str, rec: Recorder) -> dict:
    engine = make_engine(url, pooled=False)
    try:
        with make_sessionmaker(engine)() as session:
            rows = session.execute(
                select(Comment.id, Comment.body).where(Comment.body.contains(f"[uji-beban {run_id}-"))
            ).all()
            half = session.scalar(
                select(func.count(Comment.id)).where(
                    or_(Comment.target_id.is_(None), Comment.body.is_(None), func.trim(Comment.body) == "")
                )
            )
    finally:
        engine.dispose()
    stored = collections.Counter()
    stored_ids: dict[str, int] = {}
    for cid, body in rows:
        match = MARKER.search(body or "")
        if match:
            stored[match.group(1)] += 1
            stored_ids[match.group(1)] = cid
    acked = dict(rec.acked)
    lost = [m for m in acked if m not in stored]
    wrong_id = [m for m, cid in acked.items() if m in stored_ids and stored_ids[m] != cid]
    return {
        "acknowledged": len(acked),
        "stored": sum(stored.values()),
        "lost": len(lost),
        "lost_markers": lost[:10],
        "duplicates": sum(1 for n in stored.values() if n > 1),
        "half_written": half,
        "acknowledged_with_other_id": len(wrong_id),
        "stored_but_not_acknowledged": sum(1 for m in stored if m not in acked),
    }


# ------------------------------------------------------------------ one run


def summarise(rec: Recorder, seconds: float, windows: list[tuple[float, float]]) -> dict:
    def in_window(start: float, latency: float) -> bool:
        # a request in flight when the fault struck counts as the fault's, however early it began
        return any(start <= b and start + latency >= a for a, b in windows)

    by_kind: dict[str, list[float]] = collections.defaultdict(list)
    errors = collections.Counter()
    fault_errors = collections.Counter()
    reasons = collections.Counter()
    for t, kind, latency, ok, why in rec.samples:
        if ok:
            # latencies are steady-state figures: requests inside a fault window are left out
            if not in_window(t, latency):
                by_kind[kind].append(latency)
        else:
            (fault_errors if in_window(t, latency) else errors)[kind] += 1
            reasons[why] += 1
    reads = by_kind["reading_page"] + by_kind["unit_page"]
    posts = by_kind["comment_post"]
    steady_seconds = seconds - sum(b - a for a, b in windows)
    total_ok = sum(len(v) for v in by_kind.values())
    return {
        "requests_ok": total_ok,
        "rps": round(total_ok / steady_seconds, 1),
        "reads": {"requests": len(reads), "rps": round(len(reads) / steady_seconds, 1), **percentiles(reads)},
        "reading_page": {"requests": len(by_kind["reading_page"]), **percentiles(by_kind["reading_page"])},
        "unit_page": {"requests": len(by_kind["unit_page"]), **percentiles(by_kind["unit_page"])},
        "comment_posts": {
            "requests": len(posts),
            "rps": round(len(posts) / steady_seconds, 1),
            **percentiles(posts),
        },
        "errors_steady": sum(errors.values()),
        "errors_steady_by_kind": dict(errors),
        "errors_in_fault_windows": sum(fault_errors.values()),
        "errors_in_fault_windows_by_kind": dict(fault_errors),
        "error_reasons": dict(reasons),
        "steady_seconds": round(steady_seconds, 1),
    }


def profile_name(think_ms: tuple[int, int]) -> str:
    return "saturation" if think_ms[1] <= 0 else "realistic"


def run_once(database: str, *, faults: bool, think_ms: tuple[int, int], args: argparse.Namespace) -> dict:
    pg = PgCluster(args.pg_port) if database == "postgresql" else None
    try:
        result = _run_once(database, pg, faults=faults, think_ms=think_ms, args=args)
        if pg:
            result["postgres_errors"] = pg.errors()
        return result
    finally:
        if pg:
            pg.destroy()


def _run_once(
    database: str, pg: PgCluster | None, *, faults: bool, think_ms: tuple[int, int], args: argparse.Namespace
) -> dict:
    think_s = (think_ms[0] / 1000, think_ms[1] / 1000)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        server = None
        pool = None
        try:
            url = pg.start() if pg else f"sqlite:///{tmp}/bench.db"
            started = time.time()
            setup = build(url, args.clients)
            build_s = round(time.time() - started, 1)
            server = Server(url, tmp, threads=args.threads, gc_freeze=args.gc_freeze)
            server.wait_ready()
            pool = ClientPool(server.port, args.clients, args.client_procs)
            started = time.time()
            logged_in = pool.run("login", timeout=300)
            login_s = round(time.time() - started, 1)
            if not all(logged_in):
                raise SystemExit(
                    f"only {sum(map(bool, logged_in))} of {args.clients} clients "
                    "could log in:\n" + server.log_path.read_text()[-3000:]
                )
            # warm-up, not measured: each worker compiles its templates and fills its caches on
            # first use (~100 ms per template), which a long-running server has long done
            pool.run("warm_up", timeout=120, setup=setup)
            groups = {
                "server": lambda: server.workers(),
                "clients": lambda: [p.pid for p in pool.procs],
                "postgresql": lambda: pg.processes() if pg else [],
            }
            start = time.perf_counter() + 0.5  # every process starts the phase at once
            meter = CpuMeter(groups)
            healthz = closed_loop_summary(
                pool.run(
                    "healthz",
                    timeout=args.healthz_seconds + 60,
                    start=start,
                    stop=start + args.healthz_seconds,
                ),
                args.healthz_seconds,
            )
            healthz["cpu"] = meter.done(healthz["requests"])

            rec = Recorder()
            run_id = uuid.uuid4().hex[:8]
            plan = []
            if faults:
                plan.append((args.seconds * 0.25, "kill_worker"))
                if pg:
                    plan.append((args.seconds * 0.6, "restart_postgresql"))
            fault_log: list[dict] = []
            t0 = time.perf_counter() + 0.5
            stop = t0 + args.seconds
            driver = threading.Thread(
                target=fault_driver,
                args=(plan,),
                kwargs={"server": server, "pg": pg, "t0": t0, "log": fault_log},
            )
            driver.start()
            for result in pool.run(
                "load",
                timeout=args.seconds + 120,
                t0=t0,
                stop=stop,
                run_id=run_id,
                draft_id=setup["draft_id"],
                number=setup["number"],
                keys=setup["unit_keys"],
                think_s=think_s,
            ):
                if result:
                    rec.samples.extend(result[0])
                    rec.acked.extend(result[1])
                    rec.attempted.extend(result[2])
            driver.join(timeout=120)
            elapsed = time.perf_counter() - t0
            post_only = None
            if not faults:
                start = time.perf_counter() + 0.5
                meter = CpuMeter(groups)
                results = pool.run(
                    "post_only",
                    timeout=args.healthz_seconds + 60,
                    start=start,
                    stop=start + args.healthz_seconds,
                    run_id=run_id,
                    setup=setup,
                )
                post_only = closed_loop_summary(results, args.healthz_seconds)
                post_only["cpu"] = meter.done(post_only["requests"])
                for result in results:
                    if result:
                        rec.acked.extend(result[2])
                        rec.attempted.extend(result[3])
        finally:
            if pool:
                pool.close()
            if server:
                server.stop()
        windows = [(f["start_s"], f["end_s"] + args.fault_grace) for f in fault_log]
        if args.dump_samples:
            # raw (start s, kind, latency s, ok, why) per request, to look at when tails happen
            Path(f"{args.dump_samples}.{database}.{profile_name(think_ms)}.json").write_text(
                json.dumps(
                    {
                        "database": database,
                        "profile": profile_name(think_ms),
                        "faults": fault_log,
                        "samples": sorted(rec.samples),
                    }
                )
                + "\n",
                encoding="utf-8",
            )
        summary = summarise(rec, elapsed, windows)
        integrity = verify(url, run_id, rec)
        server_log = server.log_summary()
    share = summary["comment_posts"]["rps"] / max(healthz["rps"], 1e-9)
    post_only_share = post_only["rps"] / max(healthz["rps"], 1e-9) if post_only else None
    read_p99 = summary["reads"]["p99_ms"]
    profile = profile_name(think_ms)
    errors_total = summary["errors_steady"] + summary["errors_in_fault_windows"]
    targets = {
        "zero_errors": summary["errors_steady"] == 0
        and (faults or errors_total == 0)
        and healthz["errors"] == 0
        and not (post_only and post_only["errors"]),
        "zero_lost": integrity["lost"] == 0,
        "no_duplicates_or_half_written": integrity["duplicates"] == 0 and integrity["half_written"] == 0,
        # None = not judged in this run: read latency on the realistic profile only (saturation
        # measures queueing), the POST share on the POSTs-alone phase (fault runs have none)
        "read_p99_le_100ms": (read_p99 is not None and read_p99 <= TARGETS["read_p99_ms"])
        if profile == "realistic"
        else None,
        "post_share_ge_15pct": post_only_share >= TARGETS["post_share_of_healthz"]
        if post_only_share is not None
        else None,
    }
    return {
        "database": database,
        "mode": "faults" if faults else "steady",
        "profile": profile,
        "think_ms": list(think_ms),
        # the read-latency target is judged on the realistic profile only: with no think time the
        # clients saturate the server and latency ~ clients / throughput (Little's law). The POST
        # share is judged on the closed-loop "POSTs alone" phase, which every steady run measures.
        "read_p99_target_applies": profile == "realistic",
        "clients": args.clients,
        "client_procs": args.client_procs,
        "gunicorn": {"workers": 2, "threads": args.threads, "gc_freeze": args.gc_freeze},
        "seconds": round(elapsed, 1),
        "healthz_seconds": args.healthz_seconds,
        "draft": {
            "pasal": setup["pasal"],
            "commentable_units": len(setup["unit_keys"]),
            "comments_before": setup["comments_before"],
        },
        "build_seconds": build_s,
        "login_seconds": login_s,
        "healthz": healthz,
        **summary,
        "comment_post_share_of_healthz": round(share, 3),
        "post_only": post_only,
        "post_only_share_of_healthz": round(post_only_share, 3) if post_only else None,
        "faults": fault_log,
        "fault_window_grace_s": args.fault_grace if faults else None,
        "integrity": integrity,
        "targets": targets,
        "server_log": server_log,
        "measured_at": utcnow().isoformat(timespec="seconds"),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def run_threads(functions: list, timeout: float) -> list:
    results: list = [None] * len(functions)

    def call(i: int) -> None:
        results[i] = functions[i]()

    threads = [threading.Thread(target=call, args=(i,), daemon=True) for i in range(len(functions))]
    for t in threads:
        t.start()
    deadline = time.time() + timeout
    for t in threads:
        t.join(timeout=max(0.1, deadline - time.time()))
    return results


def print_run(r: dict) -> None:
    print(
        f"\n== {r['database']} / {r['mode']} / {r['profile']} (think {r['think_ms']} ms): "
        f"{r['clients']} clients, {r['seconds']} s "
        f"(draft: {r['draft']['pasal']} pasal, {r['draft']['comments_before']} comments before)"
    )
    print(
        f"  healthz      {r['healthz']['rps']:>7} req/s  p50 {r['healthz']['p50_ms']} ms  "
        f"p99 {r['healthz']['p99_ms']} ms  errors {r['healthz']['errors']}"
    )
    for name in ("reads", "reading_page", "unit_page", "comment_posts"):
        part = r[name]
        rps = f"{part['rps']:>7} req/s" if "rps" in part else f"{part['requests']:>7} reqs "
        print(f"  {name:<12} {rps}  p50 {part['p50_ms']} ms  p99 {part['p99_ms']} ms")
    print(
        f"  all          {r['rps']:>7} req/s; comment POSTs = "
        f"{r['comment_post_share_of_healthz']:.1%} of healthz"
    )
    if r.get("post_only"):
        po = r["post_only"]
        print(
            f"  posts only   {po['rps']:>7} req/s  p50 {po['p50_ms']} ms  p99 {po['p99_ms']} ms  "
            f"errors {po['errors']}{' ' + str(po['error_reasons']) if po['errors'] else ''}; "
            f"= {r['post_only_share_of_healthz']:.1%} of healthz"
        )
    print(
        f"  errors: steady {r['errors_steady']} {r['errors_steady_by_kind']}, in fault windows "
        f"{r['errors_in_fault_windows']} {r['errors_in_fault_windows_by_kind']}; "
        f"reasons {r['error_reasons']}"
    )
    for f in r["faults"]:
        print(f"  fault {f}")
    i = r["integrity"]
    print(
        f"  integrity: acknowledged {i['acknowledged']}, stored {i['stored']}, lost {i['lost']}, "
        f"duplicates {i['duplicates']}, half-written {i['half_written']}, stored but not "
        f"acknowledged {i['stored_but_not_acknowledged']}"
    )
    print(f"  targets: {r['targets']}")
    for name, phase in (("healthz", r["healthz"]), ("posts only", r.get("post_only"))):
        if phase and phase.get("cpu"):
            c = phase["cpu"]
            print(
                f"  cpu {name:<10} cores: server {c['server_cores']}, clients {c['clients_cores']}, "
                f"PostgreSQL {c['postgresql_cores']}; ms/request: server "
                f"{c['server_cpu_ms_per_request']}, clients {c['clients_cpu_ms_per_request']}, "
                f"PostgreSQL {c['postgresql_cpu_ms_per_request']}"
            )
    if r.get("postgres_errors", {}).get("counts"):
        print(f"  PostgreSQL errors: {r['postgres_errors']['counts']}")
    if r["server_log"].get("db_unavailable_causes"):
        print(f"  server 503s: {r['server_log']['db_unavailable_causes']}")
    if r["server_log"]["tracebacks"]:
        print(f"  server tracebacks: {r['server_log']['tracebacks']}\n{r['server_log']['tail']}")


def think_arg(value: str) -> tuple[int, int]:
    try:
        low, high = (int(x) for x in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected MIN,MAX in milliseconds, e.g. 500,1500") from None
    if low < 0 or high < low:
        raise argparse.ArgumentTypeError("need 0 <= MIN <= MAX")
    return low, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--healthz-seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--think-ms",
        action="append",
        type=think_arg,
        metavar="MIN,MAX",
        help="pause between a client's actions, uniform in [MIN, MAX] ms "
        "(default 500,1500; 0,0 = saturation); repeat to run both profiles",
    )
    parser.add_argument("--faults", action="store_true", help="run the fault runs")
    parser.add_argument(
        "--steady", action="store_true", help="with --faults, also run the steady runs (default: steady only)"
    )
    parser.add_argument(
        "--fault-grace",
        type=float,
        default=5.0,
        help="seconds after a fault ends still counted as its window",
    )
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument(
        "--client-procs",
        type=int,
        default=5,
        help="client processes the clients are spread over (default 5: one "
        "Python process, one GIL, for 50 client threads adds its own queueing "
        "to the measured latencies)",
    )
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument(
        "--gc-freeze",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="gc.freeze() in each worker after the app is loaded (default on)",
    )
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--dump-samples",
        metavar="PATH",
        help="write every request of each load phase to PATH.<db>.<profile>.json",
    )
    args = parser.parse_args()

    def interrupted(signum: int, _frame: object) -> None:
        # also when started in the background (SIGINT ignored): unwind so gunicorn and the bench
        # cluster are stopped by the finally blocks
        raise KeyboardInterrupt(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    modes = ([False, True] if args.steady else [True]) if args.faults else [False]
    profiles = args.think_ms or [(500, 1500)]
    runs = []
    for think_ms in profiles:
        for database in databases:
            for faults in modes:
                result = run_once(database, faults=faults, think_ms=think_ms, args=args)
                print_run(result)
                runs.append(result)
    if args.no_save:
        return
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}

    def key(r: dict) -> tuple[str, str, str]:
        # entries written before client profiles existed were closed-loop (saturation) runs
        return r["database"], r["mode"], r.get("profile", "saturation")

    merged = {key(r): r for r in previous.get("runs", [])}
    merged.update({key(r): r for r in runs})
    order = {
        (d, m, p): i
        for i, (p, d, m) in enumerate(
            (p, d, m)
            for p in ("realistic", "saturation")
            for d in ("sqlite", "postgresql")
            for m in ("steady", "faults")
        )
    }
    out = {
        "benchmark": "load_comments: concurrent reading and commenting under gunicorn",
        "scenario": "demo raperda (open window); each client: GET reading page, GET unit page, "
        "POST comment, pausing think_ms between actions (realistic profile) or not at "
        "all (saturation profile); gunicorn -w 2 --threads 4, production mode, rate "
        "limiting off (one client address); healthz and POSTs alone measured in "
        "separate closed-loop phases",
        "profiles": {
            "realistic": "think time between actions (default 500-1500 ms); the read "
            "p99 target is judged here",
            "saturation": "think 0: closed loop at full load, latency ~ clients / "
            "throughput; shown for capacity, read p99 not judged",
        },
        "targets": TARGETS,
        "cpu_count": os.cpu_count(),
        "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "runs": sorted(merged.values(), key=lambda r: order.get(key(r), 99)),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
