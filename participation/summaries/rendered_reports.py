"""A summary's report file, rendered once per content.

A report is a pure function of the summary dict it is given (``test_draft_pdf_is_deterministic``):
no clock, no locale, no configuration. Rendering the demo draft's PDF takes ~3 s of CPU, and every
reader of a published summary downloads the same file (the DPRD members before a sitting, the
tim penyusun, the public), so the bytes are kept in a small in-process LRU keyed by a digest of the
dict and the format. The key is the content itself, so a hide, an answer or a newer snapshot
(each a different dict) can never be served an older file, and two databases in one process (the
tests) cannot mix. Large reports are built by a job and kept as report files instead
(``summaries.views.large_report``); this covers the ones built in the request.

Must not import Flask.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from participation.core.kept_files import KeptFiles

FILES = KeptFiles()


def content_key(result: dict[str, Any], fmt: str) -> str:
    """The digest of what a report shows: the whole summary dict (key order aside) and the
    format. ``default=str`` covers a stray date; the stored dicts are plain JSON."""
    payload = json.dumps(result, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"{fmt}:{hashlib.sha256(payload.encode()).hexdigest()}"


def render_summary(result: dict[str, Any], fmt: str, *, files: KeptFiles = FILES) -> bytes:
    """The summary dict as the bytes of a JSON, XLSX or PDF file; the XLSX and PDF are kept (see
    the module's docstring) and served again while the dict is the same."""
    if fmt == "json":
        return (json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    return files.get_or_make(content_key(result, fmt), lambda: render_file(result, fmt))


def render_file(result: dict[str, Any], fmt: str) -> bytes:
    """The XLSX or PDF of a summary dict, rendered now (a job building a large report keeps it
    as a report file instead)."""
    from participation.summaries import reports  # reportlab and openpyxl: on demand

    if result["kind"] == "draft":
        return reports.draft_report_xlsx(result) if fmt == "xlsx" else reports.draft_report_pdf(result)
    return reports.musrenbang_report_xlsx(result) if fmt == "xlsx" else reports.musrenbang_report_pdf(result)
