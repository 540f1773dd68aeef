"""Benchmark (issue 14, "Faster pages"): the app's pages against a hello-world Flask app under the
same gunicorn settings, in the same run, with the same load generator.

Setup: a throwaway database (SQLite in a temporary folder; ``--db postgresql`` uses a database
of its own on the local PostgreSQL, created and dropped by the script) with the regions and the
demo raperda (``participation.drafts.demo.demo_step``: 48 pasal, 197 comments, open window), and
one unit page topped up to exactly 20 visible comments (Pasal 12 ayat (1), which has 17 demo
comments with their tanggapan; three more by demo residents).

Servers: ``participation:create_app()`` with PARTICIPATION_ENV=production, request log off, rate
limits off, and a hello-world Flask module written to a temporary folder (``@app.get("/")`` →
"ok"), both under ``gunicorn --workers 2`` with the same worker class and threads, both running
for the whole run and bound to 127.0.0.1 only.

Load: ``wrk`` (Debian package; installed with ``apt-get install wrk`` when absent and apt-get is
usable, else a Python keep-alive client, recorded in the JSON as ``load_generator``), one
connection per gunicorn worker thread and a closed loop. The four URLs take turns in short
rounds, so a busy machine weighs on all of them alike:

- ``hello``: ``/`` of the hello-world app (the yardstick);
- ``healthz``: ``/healthz`` (one ``SELECT 1``);
- ``reading``: ``/raperda/<id>`` with ``Accept-Encoding: gzip`` (the cached reading page);
- ``unit``: the unit page with its 20 comments.

Prints requests/s and the ratios to hello-world and writes ``bench/results/pages.json`` with
pass/fail against the targets (60 %, 25 %, 10 %). Asserts nothing. Stops its own processes.
Usage: .venv/bin/python bench/pages.py [--seconds 15] [--rounds 3] [--db sqlite|postgresql]
       [--worker-class sync|gthread] [--threads 1] [--connections N] [--load wrk|python]
       [--profile DIR]

``--profile DIR`` runs the app's workers under cProfile (one ``.prof`` per worker and URL,
written by a gunicorn config hook) so "where the time goes" can be read with ``pstats``; the
figures of such a run are not comparable and are not written to results/pages.json.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation.accounts.models import User  # noqa: E402
from participation.accounts.passwords import configure_hasher  # noqa: E402
from participation.comments.models import Comment, Visibility  # noqa: E402
from participation.core.clock import utcnow  # noqa: E402
from participation.core.db import make_engine, make_sessionmaker  # noqa: E402
from participation.drafts import services as draft_services  # noqa: E402
from participation.drafts.demo import DEMO_TITLE, demo_step  # noqa: E402
from participation.drafts.models import Draft  # noqa: E402
from participation.regions import services as region_services  # noqa: E402
from participation.schema import upgrade  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "pages.json"
UNIT_KEY = "pasal-12/ayat-1"
UNIT_COMMENTS = 20
GZIP = {"Accept-Encoding": "gzip"}
TARGETS = {"healthz": 0.60, "reading": 0.25, "unit": 0.10}
PG_ADMIN = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

HELLO = """\
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "ok"
"""

# Written next to the hello module; used by both servers. With --profile, the app's workers run
# each request under cProfile and dump one file per worker and endpoint when they exit.
GUNICORN_CONF = """\
import os

PROFILE_DIR = os.environ.get("BENCH_PROFILE_DIR")


def post_worker_init(worker):
    if not PROFILE_DIR or worker.app.app_uri == "hello:app":
        return
    import atexit
    import cProfile

    app = worker.wsgi
    profiles = {}
    wsgi_app = app.wsgi_app

    def profiled(environ, start_response):
        path = environ.get("PATH_INFO", "")
        name = "healthz" if path == "/healthz" else "unit" if path.count("/") > 2 else "reading"
        profile = profiles.setdefault(name, cProfile.Profile())
        profile.enable()
        try:
            return wsgi_app(environ, start_response)
        finally:
            profile.disable()

    app.wsgi_app = profiled

    def dump():
        for name, profile in profiles.items():
            profile.dump_stats(os.path.join(PROFILE_DIR, f"{name}-{os.getpid()}.prof"))

    atexit.register(dump)


def worker_exit(server, worker):
    import atexit

    atexit._run_exitfuncs()
"""


# ------------------------------------------------------------------ data


@contextlib.contextmanager
def database(kind: str, tmp: str) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp}/pages.db"
        return
    name = f"bench_pages_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN, pooled=False).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build(url: str) -> dict:
    """Migrated database, regions, the demo raperda, and UNIT_KEY with exactly 20 comments."""
    upgrade(url)
    configure_hasher(time_cost=1, memory_cost=1024)  # this process only
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
            unit = draft_services.get_unit(session, version, UNIT_KEY)

            def shown() -> int:
                return (
                    session.scalar(
                        select(func.count(Comment.id)).where(
                            Comment.target_id == unit.comment_target_id,
                            Comment.parent_id.is_(None),
                            Comment.visibility == Visibility.VISIBLE.value,
                        )
                    )
                    or 0
                )

            residents = list(
                session.scalars(
                    select(User).where(User.email.like("warga%@demo.partisipasi.id")).order_by(User.id)
                )
            )
            n = 0
            while shown() < UNIT_COMMENTS:
                draft_services.comment_on_unit(
                    session,
                    unit=unit,
                    author=residents[n % len(residents)],
                    stance="amend",
                    body=f"Masukan tambahan {n + 1}: jam operasional perlu disesuaikan dengan "
                    "kebutuhan warga yang bekerja pagi.",
                    now=now,
                )
                n += 1
            session.commit()
            count = shown()
            assert count == UNIT_COMMENTS, count
            return {
                "draft_id": draft.id,
                "number": version.number,
                "unit_key": UNIT_KEY,
                "unit_comments": count,
                "comments_total": session.scalar(select(func.count(Comment.id))),
            }
    finally:
        engine.dispose()


# ------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(
        self, name: str, target: str, *, tmp: str, env: dict, args: argparse.Namespace, chdir: str
    ) -> None:
        self.name, self.port = name, free_port()
        self.log_path = Path(tmp) / f"gunicorn-{name}.log"
        self.log = self.log_path.open("wb")
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(Path(tmp) / "gconf.py"),
            "--workers",
            "2",
            "--worker-class",
            args.worker_class,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--chdir",
            chdir,
        ]
        if args.worker_class == "gthread":
            command += ["--threads", str(args.threads)]
        self.proc = subprocess.Popen(command + [target], env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn ({self.name}) exited:\n" + self.log_path.read_text()[-3000:])
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"gunicorn ({self.name}) did not start in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    def workers(self) -> list[int]:
        try:
            return [
                int(p)
                for p in Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
            ]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU time the workers have used so far (Linux /proc): steadier than
        requests/s on a shared machine, where other jobs take the cores away from all alike."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def tracebacks(self) -> int:
        return self.log_path.read_text(errors="replace").count("Traceback")


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


# ------------------------------------------------------------------ load generators


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "wrk"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return shutil.which("wrk")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * _UNITS[unit]


def run_wrk(wrk: str, port: int, path: str, seconds: float, connections: int, headers: dict | None) -> dict:
    command = [
        wrk,
        "-t",
        "1",
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    elapsed = re.search(r"requests in ([\d.]+)(us|ms|s),", out)
    elapsed_s = _ms(elapsed.group(1) + elapsed.group(2)) / 1000
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return {
        "requests": requests,
        "seconds": round(elapsed_s, 3),
        "errors": (int(bad.group(1)) if bad else 0)
        + (sum(int(x) for x in socket_errors.groups()) if socket_errors else 0),
        "p50_ms": _ms(p50.group(1)) if p50 else None,
        "p99_ms": _ms(p99.group(1)) if p99 else None,
    }


def run_python(port: int, path: str, seconds: float, connections: int, headers: dict | None) -> dict:
    """Fallback load generator: ``connections`` threads with keep-alive http.client connections
    (reconnecting when the server closes, as gunicorn's sync worker does after each response)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(connections)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "errors": errors[0],
        "p50_ms": round(q[49] * 1000, 2),
        "p99_ms": round(q[98] * 1000, 2),
    }


def merge(parts: list[dict]) -> dict:
    requests = sum(p["requests"] for p in parts)
    seconds = sum(p["seconds"] for p in parts)
    rounds = [round(p["requests"] / p["seconds"], 1) for p in parts]
    cpu = sum(p["cpu_s"] for p in parts)
    return {
        "rps": round(requests / seconds, 1),
        "requests": requests,
        "errors": sum(p["errors"] for p in parts),
        "rps_per_round": rounds,
        "server_cpu_us_per_request": round(cpu / max(requests, 1) * 1e6, 1),
        "p50_ms": round(statistics.median(p["p50_ms"] for p in parts), 2),
        "p99_ms": round(max(p["p99_ms"] for p in parts), 2),
    }


# ------------------------------------------------------------------ main


def check_pages(app_port: int, hello_port: int, urls: dict[str, str]) -> dict:
    """Every URL answers 200 before the timed rounds; the reading page comes gzipped and the
    unit page shows its 20 comments."""
    status, _h, body = fetch(hello_port, "/")
    assert status == 200 and body == b"ok", (status, body)
    sizes = {}
    for name, path in urls.items():
        status, headers, body = fetch(app_port, path, GZIP if name == "reading" else None)
        assert status == 200, (name, status, body[:500])
        sizes[name] = len(body)
        if name == "reading":
            assert headers.get("content-encoding") == "gzip", headers
        if name == "unit":
            shown = body.count(b'<article class="comment"')
            assert shown >= UNIT_COMMENTS, shown
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="per URL, over all rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads (gthread only)")
    parser.add_argument(
        "--connections",
        type=int,
        default=0,
        help="concurrent client connections (default: 2 x workers x threads)",
    )
    parser.add_argument(
        "--load",
        choices=("wrk", "python"),
        default="wrk",
        help="wrk when available (default), else the Python client",
    )
    parser.add_argument("--profile", metavar="DIR", help="cProfile the app's workers into DIR")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    threads = args.threads if args.worker_class == "gthread" else 1
    connections = args.connections or 2 * 2 * threads
    wrk = ensure_wrk() if args.load == "wrk" else None
    load_generator = f"wrk ({wrk}), 1 thread" if wrk else "python (http.client threads)"
    with tempfile.TemporaryDirectory() as tmp, database(args.db, tmp) as url:
        t0 = time.time()
        setup = build(url)
        build_s = round(time.time() - t0, 1)
        Path(tmp, "hello.py").write_text(HELLO, encoding="utf-8")
        Path(tmp, "gconf.py").write_text(GUNICORN_CONF, encoding="utf-8")
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
        if args.profile:
            Path(args.profile).mkdir(parents=True, exist_ok=True)
            env["BENCH_PROFILE_DIR"] = str(Path(args.profile).resolve())
        urls = {
            "healthz": "/healthz",
            "reading": f"/raperda/{setup['draft_id']}",
            "unit": f"/raperda/{setup['draft_id']}/versi/{setup['number']}/{UNIT_KEY}",
        }
        app_server = Server("app", "participation:create_app()", tmp=tmp, env=env, args=args, chdir=str(ROOT))
        hello_server = Server("hello", "hello:app", tmp=tmp, env=env, args=args, chdir=tmp)
        try:
            app_server.wait_ready("/healthz")
            hello_server.wait_ready("/")
            sizes = check_pages(app_server.port, hello_server.port, urls)
            cases = {
                "hello": (hello_server.port, "/", None),
                **{
                    name: (app_server.port, path, GZIP if name == "reading" else None)
                    for name, path in urls.items()
                },
            }

            servers = {hello_server.port: hello_server, app_server.port: app_server}

            def drive(port: int, path: str, seconds: float, headers: dict | None) -> dict:
                cpu_before = servers[port].cpu_seconds()
                if wrk:
                    figures = run_wrk(wrk, port, path, seconds, connections, headers)
                else:
                    figures = run_python(port, path, seconds, connections, headers)
                return {**figures, "cpu_s": servers[port].cpu_seconds() - cpu_before}

            # warm-up: each worker renders its templates and the reading document once
            for port, path, headers in cases.values():
                drive(port, path, 1.0, headers)
            runs: dict[str, list[dict]] = {name: [] for name in cases}
            for _round in range(args.rounds):
                for name, (port, path, headers) in cases.items():
                    runs[name].append(drive(port, path, args.seconds / args.rounds, headers))
        finally:
            app_server.stop()
            hello_server.stop()
        tracebacks = app_server.tracebacks() + hello_server.tracebacks()
    figures = {name: merge(parts) for name, parts in runs.items()}
    hello_rps = figures["hello"]["rps"]
    ratios = {name: round(figures[name]["rps"] / hello_rps, 3) for name in TARGETS}
    # the same comparison in server CPU per request (hello's over the page's): what the ratios
    # would be if the load generator and the kernel cost nothing and nothing else ran
    hello_cpu = figures["hello"]["server_cpu_us_per_request"]
    cpu_ratios = {
        name: round(hello_cpu / max(figures[name]["server_cpu_us_per_request"], 1e-9), 3) for name in TARGETS
    }
    result = {
        "benchmark": "pages: app pages as a share of hello-world Flask requests/s, same gunicorn",
        "scenario": (
            f"demo raperda ({setup['comments_total']} comments); unit page "
            f"{UNIT_KEY} with {setup['unit_comments']} visible comments; reading page "
            "with Accept-Encoding: gzip; anonymous clients"
        ),
        "database": url.split(":")[0].split("+")[0],
        "gunicorn": {
            "workers": 2,
            "worker_class": args.worker_class,
            "threads": threads,
            "env": "production, request log off, rate limits off",
        },
        "load_generator": load_generator,
        "connections": connections,
        "seconds_per_url": args.seconds,
        "rounds": args.rounds,
        "build_seconds": build_s,
        "response_bytes": sizes,
        "figures": figures,
        "ratios_to_hello": ratios,
        "targets": {
            name: {"target": TARGETS[name], "ratio": ratios[name], "pass": ratios[name] >= TARGETS[name]}
            for name in TARGETS
        },
        "all_pass": all(ratios[n] >= TARGETS[n] for n in TARGETS),
        "cpu_ratios_to_hello": cpu_ratios,
        "errors": sum(f["errors"] for f in figures.values()),
        "server_tracebacks": tracebacks,
        "profiled": bool(args.profile),
        "cpu_count": os.cpu_count(),
        "measured_at": utcnow().isoformat(timespec="seconds"),
    }
    print(
        f"load: {load_generator}, {connections} connections; gunicorn -w 2 "
        f"-k {args.worker_class} --threads {threads}; database {result['database']}"
    )
    for name, figure in figures.items():
        line = (
            f"{name:8} {figure['rps']:9.1f} req/s  p50 {figure['p50_ms']:7.2f} ms  "
            f"cpu {figure['server_cpu_us_per_request']:7.1f} us/req"
        )
        if name in TARGETS:
            verdict = "pass" if ratios[name] >= TARGETS[name] else "FAIL"
            line += f"  {ratios[name]:6.1%} of hello (target {TARGETS[name]:.0%}: {verdict})"
        print(line + f"  errors {figure['errors']}")
    if args.profile:
        print_profile(Path(args.profile))
    if args.no_save or args.profile:
        return
    # one entry per database and worker class, so a PostgreSQL run keeps the SQLite one
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    runs = previous.get("runs", {}) if isinstance(previous.get("runs"), dict) else {}
    runs[f"{result['database']}/{args.worker_class}"] = result
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps({"benchmark": result["benchmark"], "targets": TARGETS, "runs": runs}, indent=2) + "\n",
        encoding="utf-8",
    )
    print(f"written {RESULTS.relative_to(ROOT)}")


def print_profile(folder: Path, top: int = 25) -> None:
    """The heaviest calls of each page in the workers' profiles (cumulative time per request,
    cProfile's own overhead included: read the shares, not the absolute figures)."""
    import pstats

    for name in ("healthz", "reading", "unit"):
        files = sorted(str(p) for p in folder.glob(f"{name}-*.prof"))
        if not files:
            continue
        stats = pstats.Stats(*files)
        entries = stats.stats  # type: ignore[attr-defined]
        requests = sum(
            cc
            for (path, _line, func), (cc, *_rest) in entries.items()
            if func == "wsgi_app" and path.endswith("flask/app.py")
        )
        total = max(
            (
                ct
                for (path, _l, func), (_cc, _nc, _tt, ct, _callers) in entries.items()
                if func == "wsgi_app" and path.endswith("flask/app.py")
            ),
            default=0.0,
        )
        print(f"\n{name}: {requests} requests, {total / max(requests, 1) * 1e6:.0f} us each under cProfile")
        rows = sorted(
            (
                (ct, f"{Path(path).name}:{line}({func})")
                for (path, line, func), (_cc, _nc, _tt, ct, _callers) in entries.items()
                if "participation" in path
                or "templates" in path
                or func
                in {
                    "render_template",
                    "save_session",
                    "generate_csrf",
                    "scalar",
                    "execute",
                    "full_dispatch_request",
                    "finalize_request",
                }
            ),
            reverse=True,
        )
        for ct, label in rows[:top]:
            print(f"  {ct / max(total, 1e-9):6.1%}  {ct / max(requests, 1) * 1e6:8.0f} us  {label}")


if __name__ == "__main__":
    main()
