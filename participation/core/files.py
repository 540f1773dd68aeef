"""Uploaded files kept in the database (``StoredFile``): naskah akademik, a version's original
file, usulan photos, berita acara, import previews.

In the database, not on a machine's disk, so every app machine serves the same files and
``participation backup`` carries them with the rows that point at them. The areas check a file's
content before storing it (``drafts.papers``, ``musrenbang.files``); this module only keeps bytes
with their type, size and SHA-256, and never decides what a file may be.

The bytes are a deferred column that raises when touched without being asked for: listing pages
load the metadata only, and ``load_file`` is the one way to the content.

Must not import Flask or any area package. Services here never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
import unicodedata

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, undefer

from participation.core.db import Base, UTCDateTime

__all__ = [
    "EXPIRING_KINDS",
    "PREVIEW_LIFETIME",
    "REPORT_LIFETIME",
    "FileKind",
    "StoredFile",
    "clean_filename",
    "expire_files",
    "load_file",
    "sha256_hex",
    "store_file",
]


class FileKind(enum.StrEnum):
    """What a file is for. Stored as the (Indonesian) value."""

    ACADEMIC_PAPER = "naskah-akademik"
    VERSION_SOURCE = "berkas-versi"
    USULAN_PHOTO = "foto-usulan"
    BERITA_ACARA = "berita-acara"
    IMPORT_PREVIEW = "pratinjau-impor"
    REPORT = "laporan"  # a large report built by a job (issue 14), served until it expires


# Only machine-made working copies may expire: a preview is the uploaded sheet held until the
# coordinator confirms it, and the confirmation parses it again; a report a job built is made
# again from the data. Everything else is something a person handed in (participation data):
# never deleted, whatever its expires_at says.
EXPIRING_KINDS = frozenset({FileKind.IMPORT_PREVIEW, FileKind.REPORT})
PREVIEW_LIFETIME = dt.timedelta(hours=24)
REPORT_LIFETIME = dt.timedelta(hours=24)  # built again from the data when asked for after that

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


class StoredFile(Base):
    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # the name it was uploaded under, without folders or control characters; shown to staff and
    # used for download names (the views make it ASCII), never as a path
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)
    # bytea on PostgreSQL, BLOB on SQLite; raiseload: a query that forgets to ask for it (or a
    # template touching it) fails in the tests instead of quietly pulling megabytes. The last
    # column: SQLite reaches a column stored after a large blob only by walking its overflow
    # pages, so metadata queries stay cheap only with nothing behind it
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)

    @property
    def media_type(self) -> str:
        """The content type without parameters ('text/plain' of 'text/plain; charset=utf-8')."""
        return self.content_type.partition(";")[0].strip()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_filename(name: str | None, fallback: str = "berkas") -> str:
    """The last part of an uploaded name (browsers on Windows send whole paths), NFC, no control
    characters, collapsed spaces, at most 255 characters; ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFC", (name or "").replace("\\", "/")).rsplit("/", 1)[-1]
    text = " ".join(_UNSAFE.sub(" ", text).split()).strip(". ")
    return text[:255] or fallback


def store_file(
    session: Session,
    data: bytes,
    *,
    content_type: str,
    filename: str | None,
    kind: str,
    actor_id: int | None,
    now: dt.datetime,
    expires_at: dt.datetime | None = None,
) -> StoredFile:
    """Add ``data`` as a new file (flushed, so it has an id; never committed).

    ``expires_at`` is for previews only; giving it for a file a person handed in is a
    programming error, refused here so nothing is ever scheduled for deletion by mistake."""
    kind = FileKind(kind)
    if expires_at is not None and kind not in EXPIRING_KINDS:
        raise ValueError(f"files of kind {kind.value!r} never expire")
    if not content_type or len(content_type) > 100:
        raise ValueError("content_type must be 1-100 characters")
    stored = StoredFile(
        kind=kind.value,
        filename=clean_filename(filename),
        content_type=content_type,
        size=len(data),
        sha256=sha256_hex(data),
        content=bytes(data),
        created_at=now,
        created_by_id=actor_id,
        expires_at=expires_at,
    )
    session.add(stored)
    session.flush()
    return stored


def load_file(session: Session, file_id: int | None, *, kind: str | None = None) -> StoredFile | None:
    """The file with its content, or None (no such id, or not of ``kind`` when given)."""
    if file_id is None:
        return None
    stmt = select(StoredFile).where(StoredFile.id == file_id).options(undefer(StoredFile.content))
    if kind is not None:
        stmt = stmt.where(StoredFile.kind == FileKind(kind).value)
    # populate_existing: the row may already be in the session without its content
    return session.scalar(stmt.execution_options(populate_existing=True))


def expire_files(session: Session, *, now: dt.datetime) -> int:
    """Delete previews whose time has passed; return how many. Other kinds are never touched,
    even with an ``expires_at`` (see ``EXPIRING_KINDS``). Flushes, never commits."""
    result = session.execute(
        delete(StoredFile)
        .where(
            StoredFile.kind.in_([k.value for k in EXPIRING_KINDS]),
            StoredFile.expires_at.is_not(None),
            StoredFile.expires_at <= now,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
