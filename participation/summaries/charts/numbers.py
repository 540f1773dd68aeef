"""Numbers, Indonesian style, as charts, their data tables and the reports write them
("1.234.567", "Rp1.234.567", "45,7%"), through ``participation.core.formatting``.
"""

from __future__ import annotations

import math

from participation.core import formatting


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 12.5 with decimals=1 → '12,5' (Indonesian separators)."""
    return formatting.format_number(value, "id", decimals)


def format_rupiah(value: float | int | None) -> str:
    """1234567 → 'Rp1.234.567' (no space, as in PUEBI); negatives as '-Rp1.234'."""
    return formatting.format_rupiah(value, "id")


def format_percent(share: float | None, decimals: int = 0) -> str:
    """0.457 → '46%'; with decimals=1 → '45,7%'."""
    if share is None or math.isnan(share):
        return "-"
    return format_number(share * 100, decimals) + "%"
