"""The pages of bench/pages.py measured inside one process: CPU microseconds per request of the
app's WSGI callable (and of a hello-world Flask app), without gunicorn, sockets or a load
generator. Thread CPU time, best of several rounds: on a machine shared with other jobs this
moves far less than requests/s, so it is the figure to compare two versions of the code with.
``--profile`` adds cProfile's heaviest calls per page.

Same data as bench/pages.py (demo raperda, a unit page with 20 comments), production settings,
anonymous requests, the reading page with Accept-Encoding: gzip. Prints; writes nothing.
Usage: .venv/bin/python bench/pages_cpu.py [--rounds 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

COUNTS = {"hello": 4000, "healthz": 3000, "reading": 1000, "unit": 300}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/pages.db"
        setup = pages.build(url)
        os.environ.update(
            PARTICIPATION_DATABASE_URL=url,
            PARTICIPATION_ENV="production",
            PARTICIPATION_SECRET_KEY="bench-" + "x" * 40,
            PARTICIPATION_INSTANCE_PATH=tmp,
            PARTICIPATION_RATELIMIT_ENABLED="false",
            PARTICIPATION_REQUEST_LOG="false",
            PARTICIPATION_LOG_LEVEL="WARNING",
        )
        from flask import Flask

        from participation import create_app

        app = create_app()
        hello = Flask("hello")
        hello.add_url_rule("/", "index", lambda: "ok")
        cases = {
            "hello": (hello, "/", {}),
            "healthz": (app, "/healthz", {}),
            "reading": (app, f"/raperda/{setup['draft_id']}", pages.GZIP),
            "unit": (app, f"/raperda/{setup['draft_id']}/versi/{setup['number']}/{setup['unit_key']}", {}),
        }
        status = []

        def start_response(code: str, _headers: list, _exc: object = None) -> None:
            status.append(code)

        def run(wsgi, path: str, headers: dict, n: int) -> float:
            environs = [
                EnvironBuilder(path=path, headers=headers, base_url="http://127.0.0.1:8000").get_environ()
                for _ in range(n)
            ]
            status.clear()
            started = time.thread_time()
            for environ in environs:
                body = wsgi(environ, start_response)
                b"".join(body)
                body.close()
            spent = time.thread_time() - started
            assert all(code.startswith("200") for code in status), status[:3]
            return spent / n * 1e6

        results = {}
        for name, (wsgi, path, headers) in cases.items():
            run(wsgi, path, headers, 50)  # templates compiled, caches warm
            results[name] = min(run(wsgi, path, headers, COUNTS[name]) for _ in range(args.rounds))
            line = f"{name:8} {results[name]:8.1f} us CPU per request"
            if name != "hello":
                line += f"   hello/this {results['hello'] / results[name]:6.1%}"
            print(line)
            if args.profile and name != "hello":
                profile = cProfile.Profile()
                profile.enable()
                run(wsgi, path, headers, COUNTS[name] // 2)
                profile.disable()
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
                print(out.getvalue())


if __name__ == "__main__":
    main()
