"""Word (.docx) uploads: paragraphs and table cells in document order.

Must not import Flask, the database layer, or any ``participation`` area other than
``participation.core``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from participation.core.errors import ValidationError
from participation.drafts.sources.messages import MSG_TOO_LARGE, MSG_UNKNOWN, megabytes

__all__ = ["MAX_DOCX_UNCOMPRESSED", "docx_text"]

# A .docx is a zip: cap what it may inflate to, so a small upload cannot expand into gigabytes.
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024


def docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValidationError(MSG_UNKNOWN, field="file") from exc
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ValidationError(MSG_UNKNOWN, field="file")
        inflated = sum(info.file_size for info in archive.infolist())
        if inflated > MAX_DOCX_UNCOMPRESSED:
            raise ValidationError(
                MSG_TOO_LARGE.format(size=megabytes(inflated),
                                     limit=megabytes(MAX_DOCX_UNCOMPRESSED)),
                field="file",
            )
    import docx  # python-docx; imported here so plain-text uploads do not pay for lxml

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many exception types for broken files
        raise ValidationError(MSG_UNKNOWN, field="file") from exc
    return "\n".join(_block_lines(document))


def _block_lines(container: object) -> Iterator[str]:
    """Paragraphs and table cells in document order (tables are often used for lampiran)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # Merged cells are returned once per grid column; read each only once.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _block_lines(cell)
