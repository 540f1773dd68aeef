"""Benchmark: uploaded files in the database (issue 14) — store (insert + commit), load, serve
through ``web.files.file_response`` (the download views' path), answer a conditional request
(304, the bytes never read) and list file metadata, for 1, 10 and 50 MB files, on a temporary
SQLite file and, when reachable, a temporary PostgreSQL database. Peak Python memory of a
download is measured with tracemalloc.

Writes bench/results/files.json; asserts nothing timed.
Usage: .venv/bin/python bench/files.py [--sizes 1 10 50] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation import create_app  # noqa: E402
from participation.core.clock import utcnow  # noqa: E402
from participation.core.files import FileKind, StoredFile, load_file, store_file  # noqa: E402
from participation.schema import upgrade  # noqa: E402
from participation.web.files import file_response  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MB = 1024 * 1024


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def run(url: str, sizes: list[int], runs: int, instance: Path) -> dict:
    upgrade(url)
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 40,
            "INSTANCE_PATH": str(instance),
            "RATELIMIT_ENABLED": False,
        }
    )
    factory = app.extensions["participation.sessionmaker"]
    rng = random.Random(14)
    rows = []
    for size in sizes:
        data = b"%PDF-1.7\n" + rng.randbytes(size * MB - 9)  # incompressible, as scans are
        store_s, load_s, serve_s, cond_s, peaks = [], [], [], [], []
        for _ in range(runs):
            with factory() as session:
                t0 = time.perf_counter()
                stored = store_file(
                    session,
                    data,
                    content_type="application/pdf",
                    filename="naskah.pdf",
                    kind=FileKind.ACADEMIC_PAPER,
                    actor_id=None,
                    now=utcnow(),
                )
                session.commit()
                store_s.append(time.perf_counter() - t0)
                file_id, sha = stored.id, stored.sha256
            with factory() as session:
                t0 = time.perf_counter()
                loaded = load_file(session, file_id)
                load_s.append(time.perf_counter() - t0)
                assert loaded is not None and loaded.sha256 == sha
            with factory() as session:
                meta = session.get(StoredFile, file_id)
                tracemalloc.start()
                t0 = time.perf_counter()
                with app.test_request_context("/"):
                    response = file_response(session, meta, download_name="naskah.pdf")
                    body = b"".join(response.iter_encoded())
                serve_s.append(time.perf_counter() - t0)
                peaks.append(tracemalloc.get_traced_memory()[1] / MB)
                tracemalloc.stop()
                assert len(body) == len(data)
                del body, response
            with factory() as session:
                meta = session.get(StoredFile, file_id)
                t0 = time.perf_counter()
                with app.test_request_context("/", headers={"If-None-Match": f'"{sha}"'}):
                    response = file_response(session, meta, download_name="naskah.pdf")
                cond_s.append(time.perf_counter() - t0)
                assert response.status_code == 304
        rows.append(
            {
                "size_mb": size,
                "store_seconds": _median(store_s),
                "load_seconds": _median(load_s),
                "serve_seconds": _median(serve_s),
                "conditional_304_seconds": _median(cond_s),
                "serve_peak_python_mb": round(max(peaks), 1),
            }
        )
    with factory() as session:
        t0 = time.perf_counter()
        listed = session.scalars(select(StoredFile)).all()
        list_seconds = time.perf_counter() - t0
        count = len(listed)
    app.extensions["participation.engine"].dispose()
    return {
        "backend": url.split(":", 1)[0],
        "files": rows,
        "list_metadata": {"files": count, "total_mb": sum(sizes) * runs, "seconds": round(list_seconds, 4)},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(
            run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.sizes, args.runs, Path(tmp) / "instance")
        )
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
                results.append(
                    run(
                        PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
                        args.sizes,
                        args.runs,
                        Path(tmp) / "instance-pg",
                    )
                )
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    for r in results:
        for f in r["files"]:
            print(
                f"{r['backend']:<12} {f['size_mb']:>3} MB: store {f['store_seconds']} s, "
                f"load {f['load_seconds']} s, serve {f['serve_seconds']} s "
                f"(peak {f['serve_peak_python_mb']} MB), 304 {f['conditional_304_seconds']} s"
            )
        lm = r["list_metadata"]
        print(f"{r['backend']:<12} list {lm['files']} files ({lm['total_mb']} MB): {lm['seconds']} s")
    out = ROOT / "bench" / "results" / "files.json"
    out.write_text(
        json.dumps(
            {
                "benchmark": "files",
                "python": platform.python_version(),
                "runs": args.runs,
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
