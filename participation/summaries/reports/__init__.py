"""Official reports built from summary dicts: the uji publik report of a draft version and the
musrenbang recap, each as PDF (reportlab) and XLSX (openpyxl) bytes.

Pure: plain dicts in the shapes of ``participation.summaries.schema`` in, bytes out. Must not
import Flask, SQLAlchemy or any ``participation`` package other than ``participation.core`` and
``participation.summaries``.
"""

from participation.summaries.reports.draft_report import draft_report_pdf, draft_report_xlsx
from participation.summaries.reports.musrenbang_report import musrenbang_report_pdf, musrenbang_report_xlsx

__all__ = ["draft_report_pdf", "draft_report_xlsx", "musrenbang_report_pdf", "musrenbang_report_xlsx"]
