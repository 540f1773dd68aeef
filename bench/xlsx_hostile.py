"""Reading an XLSX formatted down to row 1,048,576 (issue 13, item 1): seconds and peak memory of
the musrenbang importer's parse, for a sheet with one styled cell at the last row and one with
every row down to the end present as a styled empty cell. Target: under 2 s and 100 MB each.

    .venv/bin/python bench/xlsx_hostile.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.musrenbang.test_import_hostile import (  # noqa: E402
    _formatted_to_last_row,
    _styled_empty_rows_to_last_row,
)
from tests.musrenbang.test_importing import parse  # noqa: E402


def measure(data: bytes, runs: int) -> dict:
    seconds, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        parse(data, "usulan.xlsx")
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    parse(data, "usulan.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peaks.append(peak)
    return {
        "bytes": len(data),
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "peak_mb": round(max(peaks) / 2**20, 1),
        "target_met": max(seconds) < 2 and max(peaks) < 100 * 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = {
        name: measure(build(), args.runs)
        for name, build in (
            ("styled_cell_at_last_row", _formatted_to_last_row),
            ("every_row_styled_to_last_row", _styled_empty_rows_to_last_row),
        )
    }
    out = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "runs": args.runs,
        "results": results,
    }
    print(json.dumps(out, indent=2))
    path = ROOT / "bench" / "results" / "xlsx_hostile.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
