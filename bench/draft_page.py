"""Benchmark: the public reading page of a draft with 300 pasal x 5 lines and 20,000 comments,
served by gunicorn (2 workers, 127.0.0.1 only), against the trivial /healthz in the same run.

Writes bench/results/draft_page.json; asserts nothing timed. Stops gunicorn by itself.
Usage: .venv/bin/python bench/draft_page.py [--seconds 8] [--threads 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation.accounts import services as account_services  # noqa: E402
from participation.accounts.models import Role  # noqa: E402
from participation.accounts.passwords import configure_hasher  # noqa: E402
from participation.comments.models import Comment  # noqa: E402
from participation.core.clock import WITA, utcnow  # noqa: E402
from participation.core.db import make_engine, make_sessionmaker  # noqa: E402
from participation.drafts import services  # noqa: E402
from participation.drafts.models import DraftUnit  # noqa: E402
from participation.schema import upgrade  # noqa: E402

PASAL, AYAT, COMMENTS = 300, 4, 20_000
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - throwaway database, deleted after the run
STANCES = ("support", "object", "amend", "question")
GZIP = {"Accept-Encoding": "gzip"}
ROUNDS = 4


def synthetic_perda(pasal: int, ayat: int) -> str:
    lines = [
        "RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN",
        "NOMOR ... TAHUN 2026",
        "TENTANG",
        "UJI BEBAN",
        "",
        "BAB I",
        "KETENTUAN UMUM",
        "",
    ]
    for n in range(1, pasal + 1):
        lines += [f"Pasal {n}", ""]
        for a in range(1, ayat + 1):
            lines.append(
                f"({a}) Ketentuan nomor {n}.{a} mengatur kewajiban Setiap Orang untuk "
                f"menjaga ketertiban umum di wilayah kelurahan {a}."
            )
        lines.append("")
    return "\n".join(lines)


def build(url: str) -> int:
    upgrade(url)
    configure_hasher(time_cost=1, memory_cost=1024)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        now = utcnow()
        drafter = account_services.create_user(
            session,
            email="penyusun@bench.id",
            name="Penyusun",
            password=BENCH_PASSWORD,
            roles=[(Role.DRAFTER, None, None)],
            now=now,
        )
        citizen = account_services.create_user(
            session,
            email="warga@bench.id",
            name="Warga",
            password=BENCH_PASSWORD,
            roles=[(Role.CITIZEN, None, None)],
            now=now,
        )
        draft = services.create_draft(session, actor=drafter, title="Raperda beban", initiator="X", now=now)
        version = services.add_version(
            session, draft=draft, actor=drafter, now=now, text=synthetic_perda(PASAL, AYAT)
        )
        services.publish_version(
            session, version=version, actor=drafter, now=now, acknowledge_warnings=True
        )  # generated, well-formed text
        local = now.astimezone(WITA).replace(tzinfo=None)
        services.set_window(
            session,
            version=version,
            actor=drafter,
            now=now,
            opens_local=local - dt.timedelta(days=1),
            closes_local=local + dt.timedelta(days=20),
        )
        targets = list(
            session.scalars(
                select(DraftUnit.comment_target_id).where(
                    DraftUnit.version_id == version.id, DraftUnit.comment_target_id.is_not(None)
                )
            )
        )
        rng = random.Random(7)
        rows = [
            {
                "target_id": rng.choice(targets),
                "author_id": citizen.id,
                "source": "platform",
                "stance": rng.choice(STANCES),
                "body": f"Masukan beban nomor {i}.",
                "visibility": "visible",
                "created_at": now,
                "endorsement_count": 0,
                "flag_count": 0,
            }
            for i in range(COMMENTS)
        ]
        for start in range(0, len(rows), 2000):
            session.execute(insert(Comment), rows[start : start + 2000])
        services.bump_draft(session, draft.id)
        session.commit()
        draft_id = draft.id
    engine.dispose()
    return draft_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, deadline: float) -> None:
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start in time")


def hammer(
    port: int, path: str, seconds: float, threads: int, headers: dict | None = None, expect: int = 200
) -> dict:
    latencies: list[float] = []
    errors = [0]
    sizes: list[int] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                body = response.read()
                if response.status != expect:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
            sizes.append(len(body))
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors[0],
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(q[49] * 1000, 2),
        "p99_ms": round(q[98] * 1000, 2),
        "headers": headers or {},
        "bytes_per_response": round(statistics.mean(sizes)) if sizes else 0,
    }


def merge(parts: list[dict]) -> dict:
    """One endpoint's rounds as one figure: total requests over total time, median latencies."""
    seconds = sum(p["requests"] / max(p["rps"], 1e-9) for p in parts)
    requests = sum(p["requests"] for p in parts)
    return {
        **parts[0],
        "requests": requests,
        "errors": sum(p["errors"] for p in parts),
        "rps": round(requests / max(seconds, 1e-9), 1),
        "p50_ms": round(statistics.median(p["p50_ms"] for p in parts), 2),
        "p99_ms": round(max(p["p99_ms"] for p in parts), 2),
        "rounds": len(parts),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
        t0 = time.time()
        draft_id = build(url)
        build_s = round(time.time() - t0, 1)
        port = free_port()
        env = dict(
            os.environ,
            PARTICIPATION_DATABASE_URL=url,
            PARTICIPATION_ENV="development",
            PARTICIPATION_SECRET_KEY="bench-" + "x" * 40,
            PARTICIPATION_INSTANCE_PATH=tmp,
            PARTICIPATION_RATELIMIT_ENABLED="false",
            PARTICIPATION_REQUEST_LOG="false",
            PARTICIPATION_LOG_LEVEL="WARNING",
        )
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
                "participation:create_app()",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_ready(port, time.time() + 60)
            page = f"/raperda/{draft_id}"
            # warm both workers' page caches and connections
            hammer(port, page, 2.0, args.threads, GZIP)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", page, headers=GZIP)
            first = conn.getresponse()
            first.read()
            etag = first.getheader("ETag") or ""
            # the endpoints take turns in short rounds, so a busy machine (other jobs, CPU
            # frequency) weighs on all of them alike instead of on whichever ran last
            cases = {
                "healthz": ("/healthz", None, 200),
                # as browsers ask: gzip accepted (the page is served compressed)
                "reading": (page, GZIP, 200),
                "plain": (page, None, 200),
                # a returning anonymous reader without a session cookie: revalidation answers 304
                "revalidated": (page, {**GZIP, "If-None-Match": etag}, 304),
            }
            runs: dict[str, list[dict]] = {name: [] for name in cases}
            for _round in range(ROUNDS):
                for name, (path, headers, expect) in cases.items():
                    runs[name].append(
                        hammer(port, path, args.seconds / ROUNDS, args.threads, headers, expect=expect)
                    )
            health, reading, plain, revalidated = (merge(runs[n]) for n in cases)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    result = {
        "scenario": f"{PASAL} pasal x {AYAT + 1} lines, {COMMENTS} comments; gunicorn 2 workers; "
        f"{args.threads} client threads; {args.seconds}s per endpoint",
        "database": url.split(":")[0],
        "build_seconds": build_s,
        "healthz": health,
        "reading_page": reading,
        "ratio_to_healthz": round(reading["rps"] / max(health["rps"], 1e-9), 3),
        "reading_page_uncompressed": plain,
        "ratio_uncompressed_to_healthz": round(plain["rps"] / max(health["rps"], 1e-9), 3),
        "reading_page_304": revalidated,
        "ratio_304_to_healthz": round(revalidated["rps"] / max(health["rps"], 1e-9), 3),
        "cpu_count": os.cpu_count(),
        "measured_at": utcnow().isoformat(timespec="seconds"),
    }
    out = ROOT / "bench" / "results" / "draft_page.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
