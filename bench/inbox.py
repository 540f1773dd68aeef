"""Benchmark: the tim penyusun's inbox with 20,000 comments on one version (issue 15, point 1).

Seeds a synthetic perda (100 pasal x 4 ayat in 10 BAB) with 20,000 comments (stances, sources,
a quarter answered, a few hidden), then measures, in process through the Flask test client,
the page's size in bytes (uncompressed), its SQL statements and its server time (median and max
of ``--rounds`` requests after one warm-up) for: no filter, a pasal filter, a search, a search
combined with filters, a late page, and the one-by-one page. SQLite, and PostgreSQL when
reachable (a throwaway database, dropped after). Targets (reported, not asserted): under
200 KB and 300 ms. Writes bench/results/inbox.json.

Usage: .venv/bin/python bench/inbox.py [--comments 20000] [--rounds 7] [--db sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation import create_app  # noqa: E402
from participation.accounts import services as account_services  # noqa: E402
from participation.accounts.models import Role  # noqa: E402
from participation.accounts.passwords import configure_hasher  # noqa: E402
from participation.comments.models import Comment, Response  # noqa: E402
from participation.core.clock import WITA, utcnow  # noqa: E402
from participation.core.db import make_engine, make_sessionmaker  # noqa: E402
from participation.drafts import services  # noqa: E402
from participation.drafts.models import DraftUnit  # noqa: E402
from participation.schema import upgrade  # noqa: E402

PASSWORD = "bench-password-2026"  # noqa: S105 - throwaway database, deleted after the run
PG_ADMIN = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
STANCES = ("support", "object", "amend", "question")
SOURCES = ("platform", "surat", "email", "rdpu", "forum")
WORDS = (
    "jalan",
    "pasar",
    "sampah",
    "drainase",
    "banjir",
    "parkir",
    "trotoar",
    "pedagang",
    "lampu",
    "retribusi",
    "izin",
    "kebisingan",
    "taman",
    "sekolah",
    "puskesmas",
    "warga",
)
# words few comments use (about 1 in 60 each), as a search for a specific concern finds
RARE = ("angkot", "reklame", "genangan", "pengamen", "asap", "kabel", "gorong", "kuburan")


def perda(bab: int = 10, pasal: int = 100, ayat: int = 4) -> str:
    lines = [
        "RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN",
        "NOMOR ... TAHUN 2026",
        "TENTANG",
        "UJI KOTAK MASUK",
        "",
    ]
    per_bab = pasal // bab
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for n in range(1, pasal + 1):
        if (n - 1) % per_bab == 0:
            lines += [f"BAB {roman[(n - 1) // per_bab]}", f"KETENTUAN BAGIAN {(n - 1) // per_bab + 1}", ""]
        lines += [f"Pasal {n}", ""]
        lines += [
            f"({a}) Ketentuan nomor {n}.{a} mengatur kewajiban Setiap Orang untuk menjaga "
            f"ketertiban umum di wilayah kelurahan {a}."
            for a in range(1, ayat + 1)
        ]
        lines.append("")
    return "\n".join(lines)


def seed(url: str, comments: int) -> dict:
    upgrade(url)
    configure_hasher(time_cost=1, memory_cost=1024)
    engine = make_engine(url)
    rng = random.Random(15)
    with make_sessionmaker(engine)() as session:
        now = utcnow()
        drafter = account_services.create_user(
            session,
            email="penyusun@bench.id",
            name="Penyusun",
            password=PASSWORD,
            now=now,
            roles=[(Role.DRAFTER, None, None)],
        )
        draft = services.create_draft(
            session, actor=drafter, title="Raperda kotak masuk", initiator="X", now=now
        )
        version = services.add_version(session, draft=draft, actor=drafter, now=now, text=perda())
        services.publish_version(session, version=version, actor=drafter, now=now, acknowledge_warnings=True)
        local = now.astimezone(WITA).replace(tzinfo=None)
        services.set_window(
            session,
            version=version,
            actor=drafter,
            now=now,
            opens_local=local - dt.timedelta(days=1),
            closes_local=local + dt.timedelta(days=20),
        )
        session.commit()
        targets = list(
            session.execute(
                select(DraftUnit.comment_target_id).where(
                    DraftUnit.version_id == version.id, DraftUnit.comment_target_id.is_not(None)
                )
            ).scalars()
        )
        response_id = session.execute(
            insert(Response)
            .values(
                disposition="explained",
                reason="Sudah dipertimbangkan oleh tim penyusun.",
                author_id=drafter.id,
                created_at=now,
            )
            .returning(Response.id)
        ).scalar_one()
        rows = []
        for i in range(comments):
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            if rng.random() < 0.12:
                words += " " + rng.choice(RARE)
            rows.append(
                {
                    "target_id": rng.choice(targets),
                    "author_name": f"Warga {i % 700}",
                    "source": rng.choice(SOURCES),
                    "stance": rng.choice(STANCES),
                    "body": f"Masukan {i}: mohon perhatian soal {words}. " * 3,
                    "visibility": "hidden" if i % 97 == 0 else "visible",
                    "response_id": response_id if i % 4 == 0 else None,
                    "external_id": f"B-{i}",
                    "created_at": now + dt.timedelta(seconds=i),
                }
            )
        for start in range(0, len(rows), 2000):
            session.execute(insert(Comment), rows[start : start + 2000])
        session.commit()
        middle = session.scalar(select(Comment.id).order_by(Comment.id).offset(comments // 2).limit(1))
        info = {"draft_id": draft.id, "comment_id": middle}
    engine.dispose()
    return info


def login(client) -> None:
    html = client.get("/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    r = client.post("/masuk", data={"csrf_token": token, "email": "penyusun@bench.id", "password": PASSWORD})
    assert r.status_code == 302, r.status_code


def measure(url: str, info: dict, rounds: int) -> dict:
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 40,
            "INSTANCE_PATH": tempfile.mkdtemp(),
            "OUTBOX_DIR": tempfile.mkdtemp(),
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
        }
    )
    engine = app.extensions["participation.engine"]
    count = {"n": 0}

    def on(*_a) -> None:
        count["n"] += 1

    client = app.test_client()
    login(client)
    base = f"/raperda/{info['draft_id']}/versi/1/kotak-masuk"
    pages = {
        "no_filter": base,
        "pasal_filter": base + "?pasal=pasal-50",
        "bab_filter": base + "?bab=bab-5",
        "search_rare_word": base + "?q=angkot",
        "search_two_words": base + "?q=genangan+drainase",
        "search_common_word": base + "?q=pedagang",
        "search_and_filters": base + "?q=reklame&sikap=object&status=belum&sumber=surat",
        "page_200": base + "?hal=200",
        "one_by_one": f"{base}/{info['comment_id']}?sikap=object",
    }
    out = {}
    for name, path in pages.items():
        client.get(path)  # warm-up
        times, cpu, size, statements = [], [], 0, 0
        for _ in range(rounds):
            count["n"] = 0
            event.listen(engine, "before_cursor_execute", on)
            started, cpu_started = time.perf_counter(), time.process_time()
            r = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            event.remove(engine, "before_cursor_execute", on)
            assert r.status_code == 200, (name, r.status_code)
            size, statements = len(r.data), count["n"]
        out[name] = {
            "path": path,
            "bytes": size,
            "statements": statements,
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "median_cpu_ms": round(statistics.median(cpu), 1),
        }
        print(
            f"  {name:20s} {size:>8,d} B  {statements:>3d} statements  "
            f"median {out[name]['median_ms']:7.1f} ms  max {out[name]['max_ms']:7.1f} ms  "
            f"app CPU {out[name]['median_cpu_ms']:6.1f} ms"
        )
    engine.dispose()
    return out


def run_sqlite(comments: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'inbox.db'}"
        info = seed(url, comments)
        return measure(url, info, rounds)


def run_postgresql(comments: int, rounds: int) -> dict | None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"bench_inbox_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"PostgreSQL not reachable, skipped: {exc}")
        return None
    try:
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        info = seed(url, comments)
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        engine.dispose()
        return measure(url, info, rounds)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    results = {
        "comments": args.comments,
        "rounds": args.rounds,
        "targets": {"bytes": 200_000, "server_ms": 300},
        "measured_at": utcnow().isoformat(timespec="seconds"),
        "note": "in process (Flask test client): server time without network, wall clock "
        "(median_ms, on a shared 2-core VM) and this process's CPU "
        "(median_cpu_ms; PostgreSQL's own CPU not included); bytes uncompressed",
        "load_average": os.getloadavg(),
        "databases": {},
    }
    if args.db in ("sqlite", "both"):
        print(f"SQLite, {args.comments:,d} comments")
        results["databases"]["sqlite"] = run_sqlite(args.comments, args.rounds)
    if args.db in ("postgresql", "both"):
        print(f"PostgreSQL, {args.comments:,d} comments")
        pg = run_postgresql(args.comments, args.rounds)
        if pg is not None:
            results["databases"]["postgresql"] = pg
    for db_name, pages in results["databases"].items():
        results.setdefault("targets_met", {})[db_name] = all(
            p["bytes"] < 200_000 and p["median_ms"] < 300 for p in pages.values()
        )
    path = ROOT / "bench" / "results" / "inbox.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path}")


if __name__ == "__main__":
    main()
