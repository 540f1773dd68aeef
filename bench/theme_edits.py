"""Cost of the drafting team's theme edits (issue 15): ``theme_edits.apply_edits`` on computed
themes of 20,000 and 100,000 comments (25 themes of uneven sizes), with 10 curated themes
(renames and a merge) and 500 moved comments, as a recomputation or an edit runs it; and the size
of the edited themes in a snapshot. Pure Python, no database: the database side of an edit is
one copy of the newest snapshot (see theme_services._restamp).

Prints and writes bench/results/theme_edits.json.
Usage: .venv/bin/python bench/theme_edits.py
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation.summaries.theme_edits import (  # noqa: E402
    CommentInfo,
    Curated,
    Pin,
    apply_edits,
)


def case(n: int, seed: int = 0) -> tuple[list, list, list, dict]:
    rng = random.Random(seed)
    weights = [800 / (k + 1) for k in range(25)]
    ids = list(range(1, n + 1))
    assign = rng.choices(range(25), weights=weights, k=n)
    comments = {
        i: CommentInfo(
            f"X{i}", rng.choice(["object", "support", "amend", None]), f"pasal-{rng.randint(1, 40)}"
        )
        for i in ids
    }
    members: list[list[int]] = [[] for _ in range(25)]
    for cid, k in zip(ids, assign, strict=True):
        members[k].append(cid)
    themes = [
        {
            "id": k + 1,
            "label": f"tema {k + 1}",
            "keywords": ["a", "b"],
            "phrases": ["a b"],
            "size": len(m),
            "stance_mix": {},
            "top_unit_keys": [],
            "representatives": [
                {"id": c, "external_id": f"X{c}", "excerpt": "teks", "unit_key": "pasal-1"} for c in m[:3]
            ],
            "comments": [{"id": c, "external_id": f"X{c}"} for c in m],
        }
        for k, m in enumerate(members)
    ]
    curated = [Curated(id=k + 1, name=f"Nama {k + 1}", anchor_ids=frozenset(members[k])) for k in range(8)]
    curated.append(Curated(id=9, name="Gabungan", anchor_ids=frozenset(members[8] + members[9])))
    curated.append(Curated(id=10, name="Pecahan", anchor_ids=frozenset(members[10][:5])))
    pins = [Pin(c, rng.randint(1, 10)) for c in rng.sample(ids, 500)]
    return themes, curated, pins, comments


def main() -> None:
    out = {}
    for n in (20_000, 100_000):
        themes, curated, pins, comments = case(n)
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            result = apply_edits(
                themes, curated, pins, comments=comments, excerpts=lambda ids: dict.fromkeys(ids, "teks")
            )
            best = min(best, time.perf_counter() - started)
        size = len(json.dumps(result).encode())
        out[str(n)] = {
            "apply_edits_ms": round(best * 1000, 1),
            "themes": len(result),
            "themes_json_bytes": size,
        }
        print(
            f"{n:>7} comments: apply_edits {best * 1000:.1f} ms, {len(result)} themes, "
            f"themes JSON {size / 1e6:.2f} MB"
        )
    (ROOT / "bench" / "results" / "theme_edits.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
