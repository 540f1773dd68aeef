"""Start-up time of the ``participation`` console script (issue 14, "Quick CLI").

Runs ``participation --help`` and a few light commands as real subprocesses, N times each, and
reports the median and maximum wall time against the 1 s target, and the CPU time (user +
system) of each run, the steadier figure on a shared, busy machine. Two settings:

- ``as_is``: the environment as given. Where PYTHONDONTWRITEBYTECODE=1 is set (as on the shared
  development machine) every project module is compiled from source on every run.
- ``bytecode``: the same with a warm bytecode cache (PYTHONPYCACHEPREFIX in a temporary folder,
  so nothing is written into the source tree), as after ``pip install`` in production.

The light commands run against a throwaway SQLite database in a temporary instance folder.
Writes ``bench/results/cli.json``. Nothing is asserted.

    .venv/bin/python bench/cli.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "cli.json"
SCRIPT = Path(sys.executable).parent / "participation"
TARGET_S = 1.0
COMMANDS = (
    ("--help",),
    ("summarize", "--help"),
    ("db", "current"),
    ("users", "list"),
)
HEAVY = ("sklearn", "scipy", "numpy", "reportlab", "openpyxl", "docx", "datasketch", "Sastrawi", "PIL")


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run. On a shared, busy machine the wall time
    swings with the load; the CPU time much less."""
    cpu = _cpu_children()
    start = time.perf_counter()
    done = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"participation {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return elapsed, _cpu_children() - cpu


def _heavy_after(code: str, env: dict[str, str]) -> list[str]:
    probe = f"import sys\n{code}\nprint('heavy:', *(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    return done.stdout.rsplit("heavy:", 1)[1].split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        base = dict(os.environ)
        base.update(
            {
                "PARTICIPATION_INSTANCE_PATH": str(Path(tmp) / "instance"),
                "PARTICIPATION_DATABASE_URL": f"sqlite:///{Path(tmp) / 'cli.db'}",
            }
        )
        _run(("db", "upgrade"), base)
        cached = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        settings = {"as_is": base, "bytecode": cached}
        out: dict[str, object] = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "runs": args.runs,
            "target_s": TARGET_S,
            "cpus": os.cpu_count(),
            "load_average_1m_at_start": round(os.getloadavg()[0], 2),
            "pythondontwritebytecode": base.get("PYTHONDONTWRITEBYTECODE", ""),
            "heavy_imported": {
                "cli_help": _heavy_after(
                    "from participation.cli import main\n"
                    "main.main(['--help'], prog_name='participation', standalone_mode=False)",
                    base,
                ),
                "create_app": _heavy_after("from participation import create_app\ncreate_app()", base),
            },
            "settings": {},
        }
        for setting, env in settings.items():
            _run(("--help",), env)  # warm the file cache (and, for "bytecode", the pyc files)
            _run(("db", "current"), env)
            _run(("users", "list"), env)
            rows = {}
            for command in COMMANDS:
                runs = [_run(command, env) for _ in range(args.runs)]
                times = [wall for wall, _ in runs]
                cpu = [used for _, used in runs]
                rows[" ".join(command)] = {
                    "median_s": round(statistics.median(times), 3),
                    "max_s": round(max(times), 3),
                    "min_s": round(min(times), 3),
                    "cpu_median_s": round(statistics.median(cpu), 3),
                    "cpu_max_s": round(max(cpu), 3),
                    "meets_target": max(times) <= TARGET_S,
                }
                print(
                    f"{setting:8} participation {' '.join(command):16} wall median "
                    f"{statistics.median(times):.2f} s max {max(times):.2f} s, CPU median "
                    f"{statistics.median(cpu):.2f} s max {max(cpu):.2f} s  "
                    f"{'ok' if max(times) <= TARGET_S else 'OVER'} (target {TARGET_S:.0f} s)"
                )
            out["settings"][setting] = rows  # type: ignore[index]
        out["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
        print(
            f"load average (1 min) {out['load_average_1m_at_start']} at start, "
            f"{out['load_average_1m_at_end']} at end, on {os.cpu_count()} CPUs"
        )
        print(
            "heavy libraries imported by --help:",
            out["heavy_imported"]["cli_help"] or "none",  # type: ignore[index]
            "| by create_app:",
            out["heavy_imported"]["create_app"] or "none",
        )  # type: ignore[index]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
