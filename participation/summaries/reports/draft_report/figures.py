"""What both forms of the uji publik report derive from a draft summary: the report's constants,
the stance mix as text, the heatmap cells and BAB rows of the charts, unit labels as the naskah
writes them and the number a comment is cited by.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from participation.summaries.charts import format_number
from participation.summaries.schema import STANCE_LABELS, STANCES

REPORT_TITLE = "Laporan Hasil Uji Publik"
QUOTES_PER_THEME = 3
MATRIKS_BLOCK_ROWS = 40


def stance_text(counts: Mapping[str, int]) -> str:
    """'keberatan 12, mendukung 3' — non-zero stances, largest first, in Indonesian."""
    parts = sorted(
        ((int(counts.get(s, 0) or 0), i, s) for i, s in enumerate(STANCES)), key=lambda t: (-t[0], t[1])
    )
    text = ", ".join(f"{STANCE_LABELS[s]} {format_number(n)}" for n, _, s in parts if n)
    return text or "-"


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def heatmap_cells(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One cell per pasal, grouped by BAB, coloured by the share of objections."""
    babs = {b["key"]: b for b in summary["by_bab"]}
    cells = []
    for row in summary["by_pasal"]:
        bab = babs.get(row.get("bab_key") or "")
        group = f"{bab['label']} — {bab['heading']}" if bab else "Tanpa BAB"
        total = int(row["total"] or 0)
        cells.append(
            {
                "key": row["key"],
                "label": row["label"],
                "group_label": group,
                "value": total,
                "intensity": share(int(row["by_stance"].get("object", 0) or 0), total),
            }
        )
    return cells


def bab_of(labels: Mapping[str, str], key: str | None) -> str:
    """The BAB as the naskah writes it ("BAB III"), never its key ("bab-3")."""
    if not key:
        return ""
    return labels.get(key) or f"BAB {key.partition('-')[2]}"


def bab_rows(summary: Mapping[str, Any]) -> list[tuple[str, dict[str, int]]]:
    return [(f"{b['label']} {b['heading']}", dict(b["by_stance"])) for b in summary["by_bab"]]


def unit_labels(summary: Mapping[str, Any]) -> dict[str, str]:
    labels = {p["key"]: p["label"] for p in summary["by_pasal"]}
    for p in summary["by_pasal"]:
        labels.update({line["key"]: line["label"] for line in p["lines"]})
    labels.update({m["unit_key"]: m["label"] for m in summary["matriks"]})
    return labels


def ref(item: Mapping[str, Any], key: str = "id") -> str:
    return str(item.get("external_id") or f"#{item.get(key)}")
