"""Saving a checked comments file: all rows or none (DESIGN §7.8), each with its unit, stance,
source, letter number and the day it was received; an audit event for the import.

``verb_noun(session, ..., *, now)``: validate, change, flush; never commit. Must not import
Flask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core import audit
from participation.core.clock import from_wita, to_wita
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.drafts import carrying, services
from participation.drafts.importing.columns import BY_KEY
from participation.drafts.importing.parse import ParsedFile, RowError, parse_comments_file
from participation.drafts.importing.values import UnitIndex
from participation.drafts.models import DraftUnit, DraftVersion
from participation.drafts.models import unit_label as _unit_label


class ImportFailed(ValidationError):
    """One bad row or more: nothing was saved. ``errors`` names each (row, column, reason);
    ``rows`` is the same as Indonesian lines, for a job's report and the CLI."""

    errors: list[RowError]

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            N_("Impor dibatalkan: tidak ada baris yang disimpan. Perbaiki baris berikut, lalu unggah lagi.")
        )
        self.errors = errors

    @property
    def rows(self) -> list[str]:
        return [e.text() for e in self.errors]


@dataclass
class ImportReport:
    """What an import saved and what it set aside."""

    count: int
    skipped: list[int] = field(default_factory=list)  # empty rows, by number
    ignored_columns: list[str] = field(default_factory=list)
    above_header: int = 0  # title rows above the header
    header_row: int = 1
    source_format: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "skipped": self.skipped[:200],
            "skipped_count": len(self.skipped),
            "ignored_columns": self.ignored_columns,
            "above_header": self.above_header,
            "format": self.source_format,
        }


def unit_index(session: Session, version: DraftVersion) -> UnitIndex:
    rows = session.execute(
        select(DraftUnit.key, DraftUnit.comment_target_id).where(DraftUnit.version_id == version.id)
    ).all()
    return UnitIndex(
        targets={key: target for key, target in rows}, labels={key: _unit_label(key) for key, _target in rows}
    )


def _already_imported(session: Session, parsed: ParsedFile) -> list[RowError]:
    """Rows whose (source, number) a comment already has: the database would refuse them too
    (unique source + external_id), after every other row had been written."""
    pairs = {(r.source, r.external_id): r.row for r in parsed.rows if r.external_id}
    found: set[tuple[str, str]] = set()
    keys = list(pairs)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(Comment.source, Comment.external_id).where(
            tuple_(Comment.source, Comment.external_id).in_(chunk)
        )
        found.update((source, ident) for source, ident in session.execute(query))
    column = parsed.columns.get("external_id") or BY_KEY["external_id"].header
    return [
        RowError(
            pairs[pair],
            column,
            N_("nomor \u201c%(v)s\u201d dari sumber ini sudah pernah diimpor"),
            {"v": pair[1]},
        )
        for pair in sorted(found, key=lambda p: pairs[p])
    ]


def import_comments_file(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    filename: str,
    data: bytes,
    now: dt.datetime,
    ip_hash: str | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> ImportReport:
    """All or nothing: every row is checked first; one bad row imports none (``ImportFailed``
    names each problem). ``progress(percent, step)`` (a job's progress bar) hears when checking
    starts (10 %) and, every 200 rows, how many were saved (50-90 %)."""
    if progress is not None:
        progress(10, N_("Memeriksa setiap baris"))
    units = unit_index(session, version)
    parsed = parse_comments_file(filename, data, units=units, today=to_wita(now).date())
    errors = parsed.errors or _already_imported(session, parsed)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    good = parsed.rows
    for done, row in enumerate(good):
        if progress is not None and done % 200 == 0:
            progress(50 + 40 * done // len(good), N_("Menyimpan masukan"))
        created = from_wita(dt.datetime.combine(row.received_on, dt.time())) if row.received_on else now
        comment_services.add_comment(
            session,
            target=units.targets[row.unit_key] or 0,
            author=None,
            author_name=row.author_name,
            source=row.source,
            external_id=row.external_id,
            stance=row.stance.value,
            body=row.body,
            now=created,
            suggested_wording=row.suggested_wording,
        )
    if version.has_confirmed_successor:
        session.flush()
        for later in carrying.later_confirmed(session, version):
            carrying.carry(session, later, now=now)
    services.bump_draft(session, version.draft_id)
    report = ImportReport(
        count=len(good),
        skipped=parsed.skipped,
        ignored_columns=parsed.ignored_columns,
        above_header=parsed.above_header,
        header_row=parsed.header_row,
        source_format=parsed.source_format,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
    )
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.import",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        ip_hash=ip_hash,
        after={
            "rows": len(good),
            "file": filename[:200],
            "format": parsed.source_format,
            "skipped_rows": len(parsed.skipped),
            "ignored_columns": parsed.ignored_columns[:20],
        },
    )
    session.flush()
    return report


def import_external_comments(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    csv_text: str,
    now: dt.datetime,
    ip_hash: str | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> int:
    """The first form of the import (CSV text); how many comments were saved."""
    return import_comments_file(
        session,
        version=version,
        actor=actor,
        filename="masukan.csv",
        data=csv_text.encode("utf-8"),
        now=now,
        ip_hash=ip_hash,
        progress=progress,
    ).count
