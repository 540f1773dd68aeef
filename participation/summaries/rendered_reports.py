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
import threading
from collections import OrderedDict
from typing import Any

MAX_BYTES = 64 * 1024 * 1024  # all kept files together: a few dozen demo-sized PDFs
MAX_ONE = 16 * 1024 * 1024  # a file larger than this is rendered each time, never kept


class RenderedFiles:
    """Bytes by key, least recently used first out once their total passes ``max_bytes``."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_one: int = MAX_ONE) -> None:
        self.max_bytes = max_bytes
        self.max_one = max_one
        self._files: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            data = self._files.get(key)
            if data is None:
                self.misses += 1
                return None
            self._files.move_to_end(key)
            self.hits += 1
            return data

    def put(self, key: str, data: bytes) -> None:
        if len(data) > self.max_one:
            return
        with self._lock:
            old = self._files.pop(key, None)
            self._size -= len(old) if old is not None else 0
            self._files[key] = data
            self._size += len(data)
            while self._size > self.max_bytes and self._files:
                _key, dropped = self._files.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._files.clear()
            self._size = 0


FILES = RenderedFiles()


def content_key(result: dict[str, Any], fmt: str) -> str:
    """The digest of what a report shows: the whole summary dict (key order aside) and the
    format. ``default=str`` covers a stray date; the stored dicts are plain JSON."""
    payload = json.dumps(result, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"{fmt}:{hashlib.sha256(payload.encode()).hexdigest()}"


def render_summary(result: dict[str, Any], fmt: str, *, files: RenderedFiles = FILES) -> bytes:
    """The summary dict as the bytes of a JSON, XLSX or PDF file; the XLSX and PDF are kept (see
    the module's docstring) and served again while the dict is the same."""
    if fmt == "json":
        return (json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    key = content_key(result, fmt)
    data = files.get(key)
    if data is None:
        data = render_file(result, fmt)
        files.put(key, data)
    return data


def render_file(result: dict[str, Any], fmt: str) -> bytes:
    """The XLSX or PDF of a summary dict, rendered now (a job building a large report keeps it
    as a report file instead)."""
    from participation.summaries import reports  # reportlab and openpyxl: on demand

    if result["kind"] == "draft":
        return reports.draft_report_xlsx(result) if fmt == "xlsx" else reports.draft_report_pdf(result)
    return reports.musrenbang_report_xlsx(result) if fmt == "xlsx" else reports.musrenbang_report_pdf(result)
