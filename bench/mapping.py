"""Benchmark: mapping units between two versions of a draft (``anchoring.compare_units``).

1. Speed: a regulation of 100+ pasal (Perda Sulut 1/2012 with the pasal of UU 24/2019 appended
   to its last BAB), laid out by the renderer of the property test, against an edited copy
   (one edit of each kind, then random ones) laid out differently: seconds per comparison over
   ``--runs`` scripts. Also an identical copy, and two unrelated regulations (the worst case:
   nothing matches, every unit is compared with many others).
2. Accuracy: ``--examples`` random edit scripts on the property test's real texts; the share of
   old units mapped where the script put them with the right status, and whether every comment
   (one per old unit) lands exactly once.

Writes bench/results/mapping.json; asserts nothing timed. Target (reported): a 100-pasal
regulation against its edited copy in well under a second (p95 < 1 s).
Usage: .venv/bin/python bench/mapping.py [--runs 30] [--examples 500] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation.drafts.anchoring import compare_units  # noqa: E402
from participation.drafts.parsing import CONTAINER_KINDS, iter_units, parse_perda  # noqa: E402
from tests.drafts.editing import (  # noqa: E402
    DONORS,
    OPS,
    TEXTS,
    Node,
    apply,
    donors,
    render,
    tree,
    truth,
    walk,
    wrong_units,
)

FIXTURES = ROOT / "tests" / "fixtures"
BIG = "regulations/perda_prov_sulut_2012_01_retribusi_daerah.txt"
APPENDED = "regulations/uu_2019_24_ekonomi_kreatif.txt"
UNRELATED = ("regulations/perda_prov_sulut_2019_03_pertambangan_mineral.txt", BIG)


def _parse(name: str):
    return parse_perda((FIXTURES / name).read_text(encoding="utf-8"))


def _timed(old, new) -> tuple[float, list]:
    start = time.perf_counter()
    mappings = compare_units(old, new)
    return time.perf_counter() - start, mappings


def _big_document() -> list[Node]:
    nodes = tree(_parse(BIG).units)
    last_bab = [n for n in nodes if n.kind in CONTAINER_KINDS][-1]
    extra = [n for n in walk(tree(_parse(APPENDED).units)) if n.kind == "pasal"]
    for pasal in extra:  # not in the first text: the edits treat them as its own
        for node in walk([pasal]):
            node.origin = None
    last_bab.children.extend(extra)
    return nodes


def speed(runs: int, seed: int, pool: list[Node]) -> dict:
    rng = random.Random(seed)
    base_text, _ = render(rng, _big_document())
    old = parse_perda(base_text)
    pasal = sum(1 for u in iter_units(old.units) if u.kind == "pasal")
    units = sum(1 for _ in iter_units(old.units))
    edited_seconds, statuses = [], {}
    for run in range(runs):
        run_rng = random.Random(seed * 1000 + run)
        nodes = tree(old.units)
        script = list(OPS) + [run_rng.choice(OPS) for _ in range(run_rng.randint(0, 8))]
        for op in script:
            apply(run_rng, nodes, op, pool)
        new = parse_perda(render(run_rng, nodes)[0])
        seconds, mappings = _timed(old, new)
        edited_seconds.append(seconds)
        for m in mappings:
            statuses[m.status] = statuses.get(m.status, 0) + 1
    same_seconds = [
        _timed(old, parse_perda(render(random.Random(run), tree(old.units))[0]))[0] for run in range(5)
    ]
    a, b = (_parse(name) for name in UNRELATED)
    unrelated_seconds = [_timed(a, b)[0] for _ in range(3)]
    edited_seconds.sort()
    p95 = edited_seconds[min(len(edited_seconds) - 1, round(0.95 * (len(edited_seconds) - 1)))]
    return {
        "document": {"pasal": pasal, "units": units, "source": [BIG, APPENDED]},
        "edited_copy": {
            "runs": runs,
            "edits_per_run": f"{len(OPS)}-{len(OPS) + 8}",
            "median_seconds": round(statistics.median(edited_seconds), 4),
            "p95_seconds": round(p95, 4),
            "max_seconds": round(max(edited_seconds), 4),
            "statuses": statuses,
        },
        "identical_copy_other_layout": {"median_seconds": round(statistics.median(same_seconds), 4)},
        "unrelated_regulations": {
            "pair": list(UNRELATED),
            "median_seconds": round(statistics.median(unrelated_seconds), 4),
        },
        "target": {"p95_under_seconds": 1.0, "met": p95 < 1.0},
    }


def accuracy(examples: int, seed: int, pool: list[Node]) -> dict:
    originals = {name: _parse(name) for name in TEXTS}
    rights, seconds = [], []
    below, comment_faults, wrong_total, units_total = 0, 0, 0, 0
    for example in range(examples):
        rng = random.Random(seed * 100_000 + example)
        name = TEXTS[example % len(TEXTS)]
        old = originals[name]
        nodes = tree(old.units)
        for _ in range(rng.randint(1, 8)):
            apply(rng, nodes, rng.choice(OPS), pool)
        text, keys = render(rng, nodes)
        new = parse_perda(text)
        took, mappings = _timed(old, new)
        seconds.append(took)
        went = truth(old, nodes, keys)
        wrong = wrong_units(old, new, mappings, went)
        wrong_total += len(wrong)
        units_total += len(went)
        rights.append(1 - len(wrong) / len(went))
        below += rights[-1] < 0.98
        landed: dict[str, int] = {}
        for m in mappings:
            if m.old_key in went:
                landed[m.old_key] = landed.get(m.old_key, 0) + 1
        comment_faults += sum(1 for key in went if landed.get(key) != 1)
    return {
        "examples": examples,
        "texts": list(TEXTS),
        "ops": list(OPS),
        "edits_per_script": "1-8",
        "units_right_share": round(1 - wrong_total / units_total, 6),
        "mean_example_right_share": round(statistics.mean(rights), 6),
        "worst_example_right_share": round(min(rights), 4),
        "examples_below_98_percent": below,
        "units_checked": units_total,
        "units_wrong": wrong_total,
        "comments_not_landing_exactly_once": comment_faults,
        "median_seconds": round(statistics.median(seconds), 4),
        "max_seconds": round(max(seconds), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pool = [pasal for name in DONORS for pasal in donors(_parse(name).units)]
    results = {
        "benchmark": "mapping",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "speed": speed(args.runs, args.seed, pool),
        "accuracy": accuracy(args.examples, args.seed, pool),
    }
    out = ROOT / "bench" / "results" / "mapping.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    speed_ = results["speed"]
    acc = results["accuracy"]
    print(
        f"{speed_['document']['pasal']} pasal, {speed_['document']['units']} units: edited copy "
        f"median {speed_['edited_copy']['median_seconds']} s, p95 "
        f"{speed_['edited_copy']['p95_seconds']} s (target < 1 s: "
        f"{'met' if speed_['target']['met'] else 'NOT met'}); unrelated regulations "
        f"{speed_['unrelated_regulations']['median_seconds']} s"
    )
    print(
        f"accuracy over {acc['examples']} scripts: {acc['units_right_share']:.4%} of "
        f"{acc['units_checked']} units right, worst script {acc['worst_example_right_share']:.2%}, "
        f"{acc['examples_below_98_percent']} below 98 %, "
        f"{acc['comments_not_landing_exactly_once']} comments not landing exactly once"
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
