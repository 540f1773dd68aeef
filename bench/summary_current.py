"""What "always current" costs a summary page (issue 15): the statements every draft summary view
adds to read the newest snapshot as it may be shown now (``summaries/current.py``).

Usage: ``.venv/bin/python bench/summary_current.py [--sizes 20000 100000] [--db sqlite postgresql]``

For each database (a throwaway SQLite file; a throwaway PostgreSQL database on 127.0.0.1:5432
through ``PARTICIPATION_TEST_PG_ADMIN_URL``, created and dropped here) and size, one published
version gets that many comments bulk-inserted (2 % hidden, 1 % held, a tenth answered) and the
tables are analysed (as autovacuum keeps them; without statistics PostgreSQL took 6x longer).
Then each check runs 15 times and the median is kept: the withdrawn comments (ids only) with the
live figures (``current.draft_state``, two statements), and the pending refresh (jobs table). No
snapshot is computed: these statements do not depend on it. Prints a table and writes
``bench/results/summary_current.json``. Times are recorded, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULT = ROOT / "bench" / "results" / "summary_current.json"
PG_ADMIN_URL = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _app(url: str, tmp: Path):
    from participation import create_app

    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "x" * 40,
            "INSTANCE_PATH": str(tmp / "instance"),
            "OUTBOX_DIR": str(tmp / "out"),
            "UPLOAD_DIR": str(tmp / "up"),
            "JOBS_MODE": "manual",
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
        }
    )


def _fill(session, version_id: int, n: int) -> None:
    from sqlalchemy import insert, select

    from participation.comments.models import Comment, Response
    from participation.core.clock import utcnow
    from participation.drafts.models import DraftUnit

    now = utcnow()
    targets = list(
        session.scalars(
            select(DraftUnit.comment_target_id).where(
                DraftUnit.version_id == version_id, DraftUnit.comment_target_id.is_not(None)
            )
        )
    )
    response_id = session.scalar(
        insert(Response)
        .values(
            disposition="explained",
            reason="Sudah dipertimbangkan.",
            resulting_wording=None,
            author_id=None,
            created_at=now,
        )
        .returning(Response.id)
    )
    for start in range(0, n, 5000):
        session.execute(
            insert(Comment),
            [
                {
                    "target_id": targets[i % len(targets)],
                    "author_name": f"Warga {i % 400}",
                    "source": "surat",
                    "stance": ("support", "object", "amend", "question")[i % 4],
                    "body": f"Masukan nomor {i} tentang trotoar, pedagang dan kebersihan pasar.",
                    "visibility": "hidden" if i % 50 == 0 else "pending" if i % 100 == 1 else "visible",
                    "response_id": response_id if i % 10 == 0 else None,
                    "parent_id": None,
                    "endorsement_count": i % 3,
                    "flag_count": 0,
                    "created_at": now,
                }
                for i in range(start, min(n, start + 5000))
            ],
        )
    session.commit()


def _median_ms(fn, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def measure(db: str, sizes: list[int]) -> list[dict[str, object]]:
    from sqlalchemy import create_engine, text

    from participation.schema import upgrade
    from participation.summaries import current
    from participation.summaries.jobs import draft_dedupe_key
    from tests.jobs.areas import load_regions, published_draft

    out = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            admin = None
            name = f"bench_current_{uuid.uuid4().hex[:8]}"
            if db == "sqlite":
                url = f"sqlite:///{tmp / 'bench.db'}"
            else:
                admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
            try:
                upgrade(url)
                app = _app(url, tmp)
                factory = app.extensions["participation.sessionmaker"]
                with factory() as session:
                    load_regions(session)
                    version = published_draft(session)
                    _fill(session, version.id, n)
                    vid = version.id
                # planner statistics, as autovacuum (or SQLite's optimize) keeps them in use
                with app.extensions["participation.engine"].connect() as conn:
                    conn.execute(text("ANALYZE"))
                    conn.commit()
                with factory() as session:
                    key = draft_dedupe_key(vid)
                    state = current.draft_state(session, vid)
                    row = {
                        "db": db,
                        "comments": n,
                        "draft_state_ms": _median_ms(lambda v=vid: current.draft_state(session, v)),
                        "pending_refresh_ms": _median_ms(
                            lambda k=key: current.pending_refresh_since(session, k)
                        ),
                        "withdrawn": len(state[0]),
                        "live": list(state[1]),
                    }
                app.extensions["participation.engine"].dispose()
            finally:
                if admin is not None:
                    with admin.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()
            print(
                f"{db:10} {n:>7} withdrawn + live figures {row['draft_state_ms']:>7} ms  "
                f"pending refresh {row['pending_refresh_ms']:>6} ms  "
                f"({row['withdrawn']} withdrawn)"
            )
            out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = [row for db in args.db for row in measure(db, args.sizes)]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    # the reference machine is shared: the load says how far to trust the figures
    RESULT.write_text(
        json.dumps(
            {
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
