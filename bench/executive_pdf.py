"""The ringkasan eksekutif PDF (issue 15, For the DPRD): build time and pages, and which level of
``summaries.executive.LEVELS`` fitted two A4 pages, for the 600-comment sample summary and for a
20,000-comment synthetic one (25 themes with long labels and quotes, 80 campaigns, 300 wordings).
The PDF is built in the request, so its time is what a visitor waits.

Prints a summary and writes bench/results/executive_pdf.json. Nothing is asserted.

    .venv/bin/python bench/executive_pdf.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from participation.summaries.executive import LEVELS  # noqa: E402
from participation.summaries.reports.executive import executive_pdf, page_count  # noqa: E402
from tests.summaries.sample_data import draft_summary  # noqa: E402
from tests.summaries.test_executive import large_summary  # noqa: E402

URL = "https://partisipasi.example/ringkasan/raperda/1/ringkasan-eksekutif"


def measure(name: str, summary: dict, repeat: int) -> dict:
    times = []
    pdf = b""
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = executive_pdf(summary, url=URL)
        times.append(time.perf_counter() - start)
    level = next(
        i
        for i in range(len(LEVELS))
        if page_count(executive_pdf(summary, url=URL, levels=LEVELS[i : i + 1])) <= 2
    )
    return {
        "name": name,
        "comments": summary["totals"]["comments"],
        "themes": len(summary["themes"]),
        "pages": page_count(pdf),
        "bytes": len(pdf),
        "level": level,
        "median_s": round(statistics.median(times), 4),
        "max_s": round(max(times), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    executive_pdf(draft_summary(), url=URL)  # fonts registered once per process
    rows = [measure("sample", draft_summary(), args.repeat), measure("large", large_summary(), args.repeat)]
    for r in rows:
        print(
            f"{r['name']:>6}: {r['comments']:>6} comments, {r['themes']:>2} themes -> "
            f"{r['pages']} pages, level {r['level']}, {r['bytes']:,} bytes, "
            f"median {r['median_s'] * 1000:.0f} ms, max {r['max_s'] * 1000:.0f} ms"
        )
    out = ROOT / "bench" / "results" / "executive_pdf.json"
    out.write_text(json.dumps({"runs": rows}, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
