"""What both forms of the musrenbang recap derive from a summary: the report's constants, the
scope as text, and the count of usulan of one status in a row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from participation.summaries.schema import MusrenbangSummary

REPORT_TITLE = "Rekap Musrenbang"
# The outcome columns shown per area; the rest are in the workbook's per-status columns.
OUTCOMES = ("accepted", "not_accepted", "redirected", "rejected")
JENIS_LABELS = {
    "SARPRAS": "SARPRAS — sarana dan prasarana",
    "LK": "LK — lembaga kemasyarakatan",
    "PM": "PM — pemberdayaan masyarakat",
}


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def scope_name(data: MusrenbangSummary) -> str:
    scope = data["scope"]
    if scope.get("kecamatan_code"):
        return f"Kecamatan {scope.get('kecamatan_name') or scope['kecamatan_code']}"
    return "seluruh kecamatan"


def subtitle(data: MusrenbangSummary) -> str:
    scope = data["scope"]
    return f"RKPD {scope['rkpd_year']} · musrenbang tahun {scope['year']} · {scope_name(data)}"


def status_count(row: Mapping[str, Any], status: str) -> int:
    return int((row.get("by_status") or {}).get(status, {}).get("count", 0) or 0)
