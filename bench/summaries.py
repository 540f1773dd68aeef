"""Benchmark of the summaries analysis (themes and campaign groups) on synthetic comments.

Usage: ``.venv/bin/python bench/summaries.py [--sizes 10000 100000] [--seed 42]``

Each (task, size) runs in a fresh subprocess so peak memory (ru_maxrss) of one run does not
mix with another's. Prints a table and writes ``bench/results/summaries.json``. Times are
recorded, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

RESULT = ROOT / "bench" / "results" / "summaries.json"
# Targets at 100k comments on the 2-core reference machine (applied to every size).
TARGET_SECONDS = {"themes": 10.0, "campaigns": 30.0}
TARGET_PEAK_MIB = 1024.0


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _pairs(counter: Counter[object]) -> int:
    return sum(v * (v - 1) // 2 for v in counter.values())


def worker(task: str, n: int, seed: int) -> dict[str, object]:
    """One measurement; runs inside the subprocess."""
    from tests.summaries.synthetic import generate

    # Themes run on organic comments only (campaign_share=0), as in production where campaign
    # members are excluded first; with campaigns left in, a campaign takes a theme by mass and
    # purity says little. 100k organic comments are also the harder case (more distinct words).
    labelled = generate(n, seed=seed, campaign_share=0.0 if task == "themes" else 0.4)
    docs = [x.doc for x in labelled]
    # Import after generating so module import time is outside the timed call either way.
    from participation.summaries.campaigns import find_campaigns
    from participation.summaries.themes import find_themes

    before = _rss_mib()
    start = time.perf_counter()
    out: dict[str, object] = {}
    if task == "themes":
        result = find_themes(docs)
        seconds = time.perf_counter() - start
        topic = {x.doc.id: x.topic for x in labelled}
        total = sum(t.size for t in result.themes) or 1
        majority = sum(
            Counter(topic[i] for i in t.doc_ids).most_common(1)[0][1] for t in result.themes
        )
        out = {"themes": len(result.themes), "purity": round(majority / total, 4),
               "unassigned": len(result.unassigned_ids)}
    else:
        campaigns = find_campaigns(docs)
        seconds = time.perf_counter() - start
        truth = {x.doc.id: x.campaign for x in labelled}
        pred = {i: c.id for c in campaigns for i in c.doc_ids}
        tp = _pairs(Counter((pred[i], truth[i]) for i in pred if truth[i] is not None))
        predicted = _pairs(Counter(pred.values())) or 1
        actual = _pairs(Counter(c for c in truth.values() if c is not None)) or 1
        organic = [i for i, c in truth.items() if c is None]
        out = {"campaigns": len(campaigns), "precision": round(tp / predicted, 4),
               "recall": round(tp / actual, 4),
               "organic_grouped_share": round(sum(i in pred for i in organic)
                                              / max(len(organic), 1), 4)}
    return {"task": task, "size": n, "seconds": round(seconds, 3),
            "peak_mib": round(_rss_mib(), 1), "rss_before_call_mib": round(before, 1), **out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]), args.seed)))
        return

    rows = []
    for n in args.sizes:
        for task in ("themes", "campaigns"):
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--worker", task, str(n),
                 "--seed", str(args.seed)],
                check=True, capture_output=True, text=True, cwd=ROOT,
            )
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["target_seconds"] = TARGET_SECONDS[task]
            row["target_peak_mib"] = TARGET_PEAK_MIB
            row["pass"] = bool(row["seconds"] <= TARGET_SECONDS[task]
                               and row["peak_mib"] < TARGET_PEAK_MIB)
            rows.append(row)
            quality = {k: v for k, v in row.items()
                       if k in ("purity", "themes", "precision", "recall", "campaigns",
                                "organic_grouped_share", "unassigned")}
            print(f"{task:10} {n:>7}  {row['seconds']:8.2f} s (≤{TARGET_SECONDS[task]:.0f})  "
                  f"peak {row['peak_mib']:7.1f} MiB (<{TARGET_PEAK_MIB:.0f})  "
                  f"{'PASS' if row['pass'] else 'FAIL'}  {quality}", flush=True)

    import numpy
    import sklearn

    report = {
        "benchmark": "summaries (themes, campaigns) on tests.summaries.synthetic.generate",
        "seed": args.seed,
        "sizes": args.sizes,
        "results": rows,
        "all_pass": all(r["pass"] for r in rows),
        "note": "peak_mib is the subprocess's ru_maxrss, including the generated input data",
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "numpy": numpy.__version__,
            "scikit_learn": sklearn.__version__,
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            # The machine is shared with other work; a high load average inflates the times.
            "loadavg_at_end": os.getloadavg(),
        },
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
