"""PDF uploads: the text layer exactly as poppler's ``pdftotext -layout`` prints it.

Drafting teams mostly have their regulation as a PDF saved from Word; the parser was built on
``pdftotext -layout`` output (page breaks as form feeds, centred headings, page numbers), so the
upload goes through the same program rather than a Python PDF library that lays text out
differently. ``pdftotext`` comes from Debian's ``poppler-utils``; it runs on a temporary copy of
the upload, never through a shell, with a time limit and a cap on what it may print.

Must not import Flask, the database layer, or any ``participation`` area other than
``participation.core``.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from participation.core.errors import ValidationError
from participation.drafts.sources.messages import (
    MSG_PDF_BROKEN,
    MSG_PDF_LOCKED,
    MSG_PDF_NO_POPPLER,
    MSG_PDF_SCAN,
    MSG_PDF_SLOW,
    MSG_TOO_LARGE,
    megabytes,
)

__all__ = ["MIN_LETTERS_PER_PAGE", "PDFTOTEXT_TIMEOUT", "is_pdf", "pdf_text"]

PDFTOTEXT_TIMEOUT = 60  # seconds
# A PDF's content streams are compressed: cap the text so a small upload cannot print gigabytes.
MAX_PDF_TEXT = 50 * 1024 * 1024
# A scan carries at most a stamped page number or a few OCR crumbs; a real page of a regulation
# has hundreds of letters. Below this average per page there is no text layer worth parsing.
MIN_LETTERS_PER_PAGE = 20
# pdftotext's documented exit codes: 1 = the PDF could not be opened (damaged, or a user password),
# 3 = the PDF's permissions forbid copying text (when poppler is built to enforce them).
_EXIT_OPEN_FAILED = 1
_EXIT_PERMISSION = 3


class _OutputTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def is_pdf(data: bytes) -> bool:
    # PDF readers (poppler included) accept the header anywhere in the first 1024 bytes.
    return b"%PDF-" in data[:1024]


def pdf_text(data: bytes) -> str:
    """The text ``pdftotext -layout -enc UTF-8`` prints for ``data``, or ``ValidationError``.

    Pages end with a form feed, as in ``pdftotext``'s own output file; nothing is normalised here.
    """
    program = shutil.which("pdftotext")
    if program is None:
        raise ValidationError(MSG_PDF_NO_POPPLER, field="file")
    with tempfile.TemporaryDirectory(prefix="participation-pdf-") as workdir:
        source = Path(workdir) / "naskah.pdf"
        source.write_bytes(data)
        try:
            code, out, err = _run(
                [program, "-layout", "-enc", "UTF-8", str(source), "-"],
                timeout=PDFTOTEXT_TIMEOUT,
                limit=MAX_PDF_TEXT,
            )
        except subprocess.TimeoutExpired:
            raise ValidationError(MSG_PDF_SLOW.format(seconds=PDFTOTEXT_TIMEOUT), field="file") from None
        except _OutputTooLarge as exc:
            raise ValidationError(
                MSG_TOO_LARGE.format(size=megabytes(exc.size), limit=megabytes(MAX_PDF_TEXT)), field="file"
            ) from None
    if code == _EXIT_PERMISSION or (code == _EXIT_OPEN_FAILED and b"password" in err.lower()):
        raise ValidationError(MSG_PDF_LOCKED, field="file")
    if code != 0:
        raise ValidationError(MSG_PDF_BROKEN, field="file")
    text = out.decode("utf-8", errors="replace")
    # pdftotext ends every page with a form feed, so this counts exactly the pages it read.
    pages = max(1, text.count("\f"))
    letters = sum(1 for char in text if char.isalpha())
    if letters < MIN_LETTERS_PER_PAGE * pages:
        raise ValidationError(MSG_PDF_SCAN, field="file")
    return text


def _run(args: list[str], *, timeout: float, limit: int) -> tuple[int, bytes, bytes]:
    """Run ``args`` (no shell) and return (exit code, stdout, first 4 KB of stderr).

    Reads stdout as it comes so the cap holds before the bytes pile up; stderr goes to a file
    because a damaged PDF can make poppler print enough warnings to fill a pipe and stall.
    """
    deadline = time.monotonic() + timeout
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors
        ) as process,
    ):
        stream = process.stdout.fileno()  # type: ignore[union-attr]  # stdout=PIPE above
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise subprocess.TimeoutExpired(args, timeout)
                ready, _, _ = select.select([stream], [], [], remaining)
                if not ready:
                    continue
                chunk = os.read(stream, 65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise _OutputTooLarge(size)
                chunks.append(chunk)
            code = process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except BaseException:
            process.kill()
            raise
        errors.seek(0)
        return code, b"".join(chunks), errors.read(4096)
