"""Benchmark of theme discovery (and campaign detection) on the hard labelled corpus.

Usage: ``.venv/bin/python bench/themes.py [--sizes 3000 20000] [--seeds 404 505]``

Corpus: ``tests.summaries.hard_corpus.generate(n, seed)``: 15 organic themes of uneven size (7
look-alike pairs), slang, typos, code-mixing, two-theme comments, stock one-liners and ~12 %
mass-campaign comments. The method was tuned on seed ``TUNE_SEED`` (and looked at on
``DEV_SEEDS``); the figures here are on ``HELDOUT_SEEDS``, which were not looked at while tuning.
The second version of the method (two over-clusterings, distinctive-profile merge; H1b) was
tuned on the pipeline figures of ``TUNING_SEEDS_V2`` only; 404 and 505 were measured once it was
fixed, and 707 had never been generated before. The third version (the merge's
shared-vocabulary check; H2) was tuned on ``TUNING_SEEDS_V3`` (all below 400) only, then run
once on 404, 505, 707 and on ``FRESH_SEEDS``, never generated before.

Each (size, seed) runs in a fresh subprocess (peak memory = its ``ru_maxrss``) and measures:

* ``organic``: ``find_themes`` on the organic comments only (the campaigns taken out by their
  true labels), with the production parameters (``aggregation.THEME_PARAMS``). Over the organic
  comments, with "unassigned" counted as one more predicted cluster:
  purity = Σ over themes of its largest true-theme count / assigned comments;
  inverse purity = Σ over true themes of its largest predicted-theme count / all comments;
  NMI = ``sklearn.metrics.normalized_mutual_info_score`` (arithmetic mean).
  ``k`` = themes found, ``k_true`` = true themes.
* ``pipeline``: what a summary does: ``find_campaigns`` (``aggregation.CAMPAIGN_PARAMS``) first,
  its members excluded, ``find_themes`` on the rest; the same figures over the organic comments,
  with an organic comment wrongly taken as a campaign counted as one more predicted cluster, and
  the share of campaign comments that reached a theme.
* ``campaigns``: detection against the true campaign labels. Pairwise: precision = pairs of
  comments put in one campaign that truly belong to one campaign / pairs put together; recall
  = those pairs / pairs that truly belong together. Per comment: precision = detected comments
  that are campaign comments / detected; recall = campaign comments detected / campaign comments.

Prints a table and writes ``bench/results/themes.json``. Targets (issue 15): purity ≥ 0.9 and
NMI ≥ 0.85; campaign precision and recall ≥ 0.98. Figures are recorded, never asserted.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Hashable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

RESULT = ROOT / "bench" / "results" / "themes.json"
TARGETS = {"purity": 0.9, "nmi": 0.85, "campaign_precision": 0.98, "campaign_recall": 0.98}
# Seeds the second version of the theme method was tuned on (all below 400), and a held-out
# seed never run before it was fixed.
TUNING_SEEDS_V2 = (101, 202, 303, 111, 222, 333, 150, 250)
# The third version's tuning seeds per size (all below 400), its earlier held-out seeds and the
# fresh seeds it was measured on once, never generated before.
TUNING_SEEDS_V3 = {
    3000: (101, 202, 303, 111, 222, 333, 150, 250, 121, 343, 242, 388, 131, 277, 365, 199),
    20000: (101, 202, 303, 111, 222, 333),
}
EARLIER_HELD_OUT = (707,)
FRESH_SEEDS = (1212, 1313, 1414)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _pairs(counter: Counter[Any]) -> int:
    return sum(v * (v - 1) // 2 for v in counter.values())


def scores(truth: dict[int, str], pred: dict[int, Hashable]) -> dict[str, float]:
    """Purity (over assigned comments), inverse purity and NMI; ``pred`` maps every id in
    ``truth`` to a theme id or to a marker such as "unassigned"."""
    from sklearn.metrics import normalized_mutual_info_score

    ids = sorted(truth)
    themes: dict[Hashable, Counter[str]] = {}
    for i in ids:
        themes.setdefault(pred[i], Counter())[truth[i]] += 1
    assigned = {p: c for p, c in themes.items() if isinstance(p, int)}
    total = sum(sum(c.values()) for c in assigned.values()) or 1
    purity = sum(c.most_common(1)[0][1] for c in assigned.values()) / total
    by_true: dict[str, Counter[Hashable]] = {}
    for i in ids:
        by_true.setdefault(truth[i], Counter())[pred[i]] += 1
    inverse = sum(c.most_common(1)[0][1] for c in by_true.values()) / len(ids)
    nmi = normalized_mutual_info_score([truth[i] for i in ids], [str(pred[i]) for i in ids])
    return {"purity": round(purity, 4), "inverse_purity": round(inverse, 4), "nmi": round(nmi, 4)}


def worker(n: int, seed: int) -> dict[str, Any]:
    """One measurement; runs inside the subprocess."""
    from participation.summaries.aggregation import CAMPAIGN_PARAMS, THEME_PARAMS
    from participation.summaries.campaigns import campaign_doc_ids, find_campaigns
    from participation.summaries.themes import find_themes
    from tests.summaries.hard_corpus import generate

    labelled = generate(n, seed)
    docs = [x.doc for x in labelled]
    truth = {x.doc.id: x.topic for x in labelled if x.campaign is None}
    campaign_of = {x.doc.id: x.campaign for x in labelled}
    organic = [x.doc for x in labelled if x.campaign is None]
    before = _rss_mib()

    start = time.perf_counter()
    result = find_themes(organic, **THEME_PARAMS)
    seconds = time.perf_counter() - start
    peak = _rss_mib()
    pred: dict[int, Hashable] = dict.fromkeys(truth, "unassigned")
    for t in result.themes:
        pred.update(dict.fromkeys(t.doc_ids, t.id))
    row: dict[str, Any] = {
        "size": n,
        "seed": seed,
        "organic_docs": len(organic),
        "campaign_docs": len(docs) - len(organic),
        "organic": {
            **scores(truth, pred),
            "k": len(result.themes),  # type: ignore[arg-type]
            "k_true": len(set(truth.values())),
            "unassigned": len(result.unassigned_ids),
            "labels": [t.label for t in result.themes],
            "seconds": round(seconds, 3),
            "peak_mib": round(peak, 1),
            "rss_before_call_mib": round(before, 1),
        },
    }

    # Only the parameters find_campaigns takes (its parameters are being reworked, issue 15).
    accepted = inspect.signature(find_campaigns).parameters
    start = time.perf_counter()
    campaigns = find_campaigns(docs, **{k: v for k, v in CAMPAIGN_PARAMS.items() if k in accepted})
    camp_seconds = time.perf_counter() - start
    detected = {i: c.id for c in campaigns for i in c.doc_ids}
    tp = _pairs(Counter((detected[i], campaign_of[i]) for i in detected if campaign_of[i] is not None))
    put = _pairs(Counter(detected.values()))
    true = _pairs(Counter(c for c in campaign_of.values() if c is not None))
    hits = sum(campaign_of[i] is not None for i in detected)
    row["campaigns"] = {
        "found": len(campaigns),
        "true": len({c for c in campaign_of.values() if c}),
        "pairwise_precision": round(tp / put, 4) if put else 1.0,
        "pairwise_recall": round(tp / true, 4) if true else 1.0,
        "doc_precision": round(hits / len(detected), 4) if detected else 1.0,
        "doc_recall": round(hits / (len(docs) - len(organic)), 4) if len(docs) > len(organic) else 1.0,
        "seconds": round(camp_seconds, 3),
    }

    excluded = campaign_doc_ids(campaigns)
    piped = find_themes(docs, exclude_ids=excluded, **THEME_PARAMS)
    pred = {i: ("campaign" if i in excluded else "unassigned") for i in truth}
    leaked = 0
    for t in piped.themes:
        for i in t.doc_ids:
            if i in truth:
                pred[i] = t.id
            else:
                leaked += 1
    row["pipeline"] = {
        **scores(truth, pred),
        "k": len(piped.themes),  # type: ignore[arg-type]
        "campaign_docs_in_themes": leaked,
    }
    row["peak_mib"] = round(_rss_mib(), 1)
    return row


def main() -> None:
    from tests.summaries.hard_corpus import DEV_SEEDS, HELDOUT_SEEDS, TUNE_SEED

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 20_000])
    held_out = [*HELDOUT_SEEDS, *EARLIER_HELD_OUT, *FRESH_SEEDS]
    parser.add_argument("--seeds", type=int, nargs="+", default=held_out)
    parser.add_argument("--worker", nargs=2, type=int, metavar=("N", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    print(
        f"tuned on seed {TUNE_SEED} (looked at {list(DEV_SEEDS)}); measured on seeds "
        f"{args.seeds}" + (" (held out)" if set(args.seeds) <= set(held_out) else "")
    )
    rows = []
    for n in args.sizes:
        for seed in args.seeds:
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--worker", str(n), str(seed)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            o, p, c = row["organic"], row["pipeline"], row["campaigns"]
            row["pass"] = bool(
                o["purity"] >= TARGETS["purity"]
                and o["nmi"] >= TARGETS["nmi"]
                and p["purity"] >= TARGETS["purity"]
                and p["nmi"] >= TARGETS["nmi"]
                and min(c["pairwise_precision"], c["doc_precision"]) >= TARGETS["campaign_precision"]
                and min(c["pairwise_recall"], c["doc_recall"]) >= TARGETS["campaign_recall"]
            )
            rows.append(row)
            print(
                f"n={n:>6} seed={seed}  organic: purity {o['purity']:.3f} inv {o['inverse_purity']:.3f} "
                f"NMI {o['nmi']:.3f} k {o['k']}/{o['k_true']} {o['seconds']:.2f} s "
                f"peak {row['peak_mib']:.0f} MiB | pipeline: purity {p['purity']:.3f} "
                f"NMI {p['nmi']:.3f} k {p['k']} | campaigns P {c['pairwise_precision']:.3f}/"
                f"{c['doc_precision']:.3f} R {c['pairwise_recall']:.3f}/{c['doc_recall']:.3f} "
                f"(pairwise/per doc)  {'PASS' if row['pass'] else 'FAIL'}",
                flush=True,
            )
    import numpy
    import sklearn

    from participation.summaries.themes import METHOD

    report = {
        "benchmark": "themes and campaigns on tests.summaries.hard_corpus.generate",
        "tune_seed": TUNE_SEED,
        "dev_seeds": list(DEV_SEEDS),
        "tuning_seeds_v2": list(TUNING_SEEDS_V2),
        "tuning_seeds_v3": {str(k): list(v) for k, v in TUNING_SEEDS_V3.items()},
        "method": METHOD,
        "seeds": args.seeds,
        "held_out": set(args.seeds) <= set(held_out),
        "fresh_seeds": list(FRESH_SEEDS),
        "pass_means": "organic and pipeline purity and NMI, campaign P and R, all at target",
        "definitions": "see the docstring of bench/themes.py and bench/README.md",
        "targets": TARGETS,
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "numpy": numpy.__version__,
            "scikit_learn": sklearn.__version__,
        },
        "results": rows,
        "all_pass": all(r["pass"] for r in rows),
    }
    RESULT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
