"""The uji publik report of a draft version: "Laporan Hasil Uji Publik" as PDF and XLSX.

A draft summary dict in the shape of ``participation.summaries.schema.DraftSummary`` in, bytes
out: ``draft_report_pdf`` (``pdf``, one function per section) and ``draft_report_xlsx``
(``xlsx``, one function per sheet), and the figures both derive from a summary (``figures``:
``heatmap_cells``, ``bab_rows``, ``stance_text``). This ``__init__`` re-exports that public API
deliberately, so ``reports.draft_report.heatmap_cells`` (docs/summary-json.md) keeps its name.

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` and ``participation.summaries``.
"""

from participation.summaries.reports.draft_report.figures import bab_rows, heatmap_cells, stance_text
from participation.summaries.reports.draft_report.pdf import draft_report_pdf
from participation.summaries.reports.draft_report.xlsx import draft_report_xlsx

__all__ = ["bab_rows", "draft_report_pdf", "draft_report_xlsx", "heatmap_cells", "stance_text"]
