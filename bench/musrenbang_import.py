"""Benchmark: import 5,000 usulan rows (CSV) through the real services — parse and check
(``preview_import``), then one bulk insert (``commit_import``) — on a temporary SQLite file and,
when reachable, on a temporary PostgreSQL database.

Writes bench/results/musrenbang_import.json; asserts nothing timed.
Usage: .venv/bin/python bench/musrenbang_import.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation.core.clock import utcnow  # noqa: E402
from participation.core.db import make_engine, make_sessionmaker  # noqa: E402
from participation.musrenbang import services  # noqa: E402
from participation.musrenbang.models import Usulan  # noqa: E402
from participation.musrenbang.workflow import Tier  # noqa: E402
from participation.regions import services as region_services  # noqa: E402
from participation.regions.models import Kelurahan  # noqa: E402
from participation.schema import upgrade  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ITEMS = [
    ("Semenisasi jalan lingkungan", "m", 450_000),
    ("Drainase lingkungan", "m", 1_250_000),
    ("Lampu PJU", "titik", 6_500_000),
    ("Pelatihan UMKM", "orang", 750_000),
    ("Bank sampah", "paket", 45_000_000),
    ("Rehabilitasi posyandu", "unit", 85_000_000),
]


def make_csv(rows: int, kelurahan_names: list[str]) -> bytes:
    rng = random.Random(5000)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Usulan",
            "Permasalahan",
            "Alamat",
            "RT",
            "Kelurahan",
            "OPD Tujuan",
            "Jenis",
            "Volume",
            "Satuan",
            "Perkiraan Anggaran",
            "Prioritas",
        ]
    )
    for i in range(rows):
        title, satuan, unit = ITEMS[i % len(ITEMS)]
        volume = rng.randint(1, 200)
        rt = rng.randint(1, 60)
        writer.writerow(
            [
                f"{title} RT {rt:02d} #{i}",
                "Masalah warga yang perlu ditangani segera.",
                f"Jl. Mulawarman Gg. {rng.randint(1, 40)}",
                f"{rt:02d}",
                kelurahan_names[i % len(kelurahan_names)],
                "Dinas Pekerjaan Umum",
                "SARPRAS",
                volume,
                satuan,
                f"Rp {volume * unit:,}".replace(",", "."),
                i // 34 + 1,
            ]
        )
    return out.getvalue().encode("utf-8")


def run(url: str, rows: int) -> dict:
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    now = utcnow()
    with factory() as session:
        region_services.load_regions(
            session, region_services.parse_regions_csv(region_services.default_regions_csv())
        )
        cycle = services.create_cycle(session, year=2026, rkpd_year=2027, name="", actor=None, now=now)
        from datetime import timedelta

        services.set_stage(
            session,
            cycle=cycle,
            tier=Tier.KELURAHAN,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
            actor=None,
            now=now,
        )
        services.seed_lists(session)
        session.commit()
        names = list(session.scalars(select(Kelurahan.name).order_by(Kelurahan.code)))
    data = make_csv(rows, names)
    with factory() as session:
        cycle = services.get_cycle_by_year(session, 2026)
        t0 = time.perf_counter()
        preview = services.preview_import(
            session,
            cycle=cycle,
            filename="bench.csv",
            data=data,
            actor=None,
            kelurahan_code=None,
            override_kelurahan=False,
            now=now,
        )
        t1 = time.perf_counter()
        assert preview.importable, preview.result.errors[:5]
        count = services.commit_import(
            session, cycle=cycle, preview=preview, source_name="bench.csv", actor=None, now=now
        )
        session.commit()
        t2 = time.perf_counter()
        stored = session.scalar(select(func.count(Usulan.id)))
    engine.dispose()
    return {
        "backend": url.split(":", 1)[0],
        "rows": count,
        "stored": stored,
        "bytes": len(data),
        "parse_seconds": round(t1 - t0, 3),
        "insert_seconds": round(t2 - t1, 3),
        "total_seconds": round(t2 - t0, 3),
        "rows_per_second": round(count / (t2 - t0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.rows))
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        print(f"PostgreSQL not reachable, skipped: {exc.__class__.__name__}")
    else:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            results.append(run(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", args.rows))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    for r in results:
        print(
            f"{r['backend']:<12} {r['rows']} rows: parse {r['parse_seconds']} s, "
            f"insert {r['insert_seconds']} s, {r['rows_per_second']} rows/s"
        )
    out = ROOT / "bench" / "results" / "musrenbang_import.json"
    out.write_text(
        json.dumps(
            {"benchmark": "musrenbang_import", "python": platform.python_version(), "results": results},
            indent=2,
        )
        + "\n"
    )
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
