"""The musrenbang recap of one cycle ("Rekap Musrenbang"), city-wide or for one kecamatan, as PDF
and XLSX.

A musrenbang summary dict in the shape of ``participation.summaries.schema.MusrenbangSummary``
in, bytes out: ``musrenbang_report_pdf`` (``pdf``, one function per section) and
``musrenbang_report_xlsx`` (``xlsx``, one function per sheet); what both derive from a summary
(title, scope, status counts) is in ``figures``. This ``__init__`` re-exports the public API
deliberately (``summaries.reports`` and its callers use it).

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` and ``participation.summaries``.
"""

from participation.summaries.reports.musrenbang_report.pdf import musrenbang_report_pdf
from participation.summaries.reports.musrenbang_report.xlsx import musrenbang_report_xlsx

__all__ = ["musrenbang_report_pdf", "musrenbang_report_xlsx"]
