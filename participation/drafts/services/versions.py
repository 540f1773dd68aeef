"""A new version: its text parsed and stored as units (with each unit's penjelasan and its front
matter), its original file kept, and its units mapped against the previous version's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.files import FileKind, StoredFile, store_file
from participation.core.i18n import N_
from participation.drafts import papers
from participation.drafts.anchoring import compare_units
from participation.drafts.models import (
    CLOSED_STAGES,
    Draft,
    DraftUnit,
    DraftVersion,
    Stage,
    UnitMapping,
    VersionStatus,
)
from participation.drafts.parsing import CONTAINER_KINDS, ParseResult, Unit, iter_units, parse_perda

MAX_TEXT_CHARS = 2_000_000
# the CLI import's limit; the web upload is held to MAX_CONTENT_LENGTH before it gets here
MAX_ORIGINAL_BYTES = 50 * 1024 * 1024


def flat_rows(units: Iterable[Unit]) -> list[dict]:
    return [{"key": u.key, "kind": u.kind, "heading": u.heading, "text": u.text} for u in iter_units(units)]


def _penjelasan_map(result: ParseResult) -> dict[str, str]:
    found: dict[str, str] = {}
    for unit in iter_units(result.penjelasan):
        if unit.target_key:
            text = unit.text.strip() or ("Cukup jelas." if not unit.children else "")
            if text:
                found[unit.target_key] = text
    return found


def full_text(unit: Unit) -> str:
    """A unit with its whole subtree, for deciding whether a commented clause changed."""
    parts = [unit.text]
    for child in unit.children:
        parts.append(f"{child.number or ''} {full_text(child)}")
    return " ".join(" ".join(parts).split())


def add_version(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    text: str,
    now: dt.datetime,
    filename: str | None = None,
    ip_hash: str | None = None,
    original: bytes | None = None,
    allow_closed: bool = False,
) -> DraftVersion:
    """Parse and store a new version (not yet published); map it against the previous one.

    ``original``: the uploaded file ``text`` was read from, kept (``source_file``) so residents
    can download exactly what was received. Without it (pasted text) the original is the text
    itself, kept as a UTF-8 .txt: ``source_text`` may still be corrected before publishing, the
    original never is."""
    text = _checked_text(draft, text, original, allow_closed=allow_closed)
    result = parse_perda(text)
    previous = session.scalar(
        select(DraftVersion)
        .where(DraftVersion.draft_id == draft.id)
        .order_by(DraftVersion.number.desc())
        .limit(1)
    )
    number = (previous.number + 1) if previous else 1
    kept = _keep_original(session, text=text, original=original, filename=filename, actor=actor, now=now)
    version = DraftVersion(
        draft=draft,
        number=number,
        title=result.title or draft.title,
        source_filename=filename,
        source_text=text,
        source_file=kept,
        parse_report=parse_report(result),
        frontmatter=frontmatter(result),
        status=VersionStatus.DRAFT.value,
        previous_id=previous.id if previous else None,
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(version)
    session.flush()
    store_units(session, version, result)
    if previous is not None:
        store_mapping(session, previous, version, result)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.add",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        after={
            "draft": draft.id,
            "number": number,
            "counts": dict(result.counts),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "original": {
                "file": kept.id,
                "type": kept.content_type,
                "size": kept.size,
                "sha256": kept.sha256,
            },
        },
        ip_hash=ip_hash,
    )
    return version


def _checked_text(draft: Draft, text: str, original: bytes | None, *, allow_closed: bool) -> str:
    """The text a new version is parsed from (without a byte-order mark); refused when the draft
    takes no new version, or the text or its original file is empty or too large."""
    if Stage(draft.stage) in CLOSED_STAGES and not allow_closed:
        # after the naskah akhir left, the only text still to come is the enacted one (final.enact)
        raise ValidationError(
            N_("Rancangan ini sudah pada tahap {stage}: versi baru tidak dapat ditambahkan lagi.").format(
                stage=draft.stage_label
            )
        )
    text = (text or "").strip("\ufeff")
    if not text.strip():
        raise ValidationError(N_("Naskah kosong: tempel teks atau unggah berkas rancangan."), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(N_("Naskah terlalu panjang."), field="text")
    if original is not None:
        if not original or len(original) > MAX_ORIGINAL_BYTES:
            raise ValidationError(
                N_("Berkas naskah kosong atau terlalu besar (maksimal {mb} MB).").format(
                    mb=MAX_ORIGINAL_BYTES // (1024 * 1024)
                ),
                field="file",
            )
    return text


def _keep_original(
    session: Session,
    *,
    text: str,
    original: bytes | None,
    filename: str | None,
    actor: User,
    now: dt.datetime,
) -> StoredFile:
    """The version's original as a stored file: the uploaded file, or the pasted text as .txt."""
    if original is not None:
        data, content_type = original, papers.original_type(original)
    else:  # pasted: text whatever it starts with
        data, content_type = text.encode("utf-8"), f"{papers.TEXT}; charset=utf-8"
    return store_file(
        session,
        data,
        content_type=content_type,
        filename=filename or f"naskah{papers.extension(content_type)}",
        kind=FileKind.VERSION_SOURCE,
        actor_id=actor.id,
        now=now,
    )


def parse_report(result: ParseResult) -> dict[str, Any]:
    """A version's ``parse_report``: the parse check's counts, warnings, errors and accounting."""
    return {
        "counts": dict(result.counts),
        "warnings": [i.to_json() for i in result.warnings],
        "errors": [i.to_json() for i in result.errors],
        "accounting": dict(result.accounting or {}),
    }


def frontmatter(result: ParseResult) -> dict[str, Any]:
    """A version's ``frontmatter``: what is not a unit (preamble, penutup, lampiran, penjelasan
    umum), as rows."""
    return {
        "preamble": flat_rows(result.preamble),
        "penutup": flat_rows(result.penutup),
        "lampiran": flat_rows(result.lampiran),
        "penjelasan_umum": [u.text for u in result.penjelasan if u.kind == "umum"],
    }


def store_units(session: Session, version: DraftVersion, result: ParseResult) -> None:
    penjelasan = _penjelasan_map(result)
    ordinal = 0
    rows: list[tuple[DraftUnit, Unit, DraftUnit | None]] = []

    def walk(units: list[Unit], parent: DraftUnit | None, depth: int) -> None:
        nonlocal ordinal
        for unit in units:
            ordinal += 1
            target = None
            if unit.kind not in CONTAINER_KINDS:
                target = comment_services.new_target(session)
            row = DraftUnit(
                version_id=version.id,
                kind=unit.kind,
                number=unit.number,
                key=unit.key,
                heading=unit.heading,
                text=unit.text,
                ordinal=ordinal,
                depth=depth,
                content_hash=unit.content_hash,
                comment_target=target,
                penjelasan_text=penjelasan.get(unit.key),
            )
            rows.append((row, unit, parent))
            session.add(row)
            walk(unit.children, row, depth + 1)

    walk(result.units, None, 0)
    session.flush()
    for row, _unit, parent in rows:
        if parent is not None:
            row.parent_id = parent.id
    session.flush()


def _version_result(version: DraftVersion) -> ParseResult:
    return parse_perda(version.source_text)


def store_mapping(session: Session, old: DraftVersion, new: DraftVersion, new_result: ParseResult) -> None:
    old_result = _version_result(old)
    old_ids = dict(
        session.execute(select(DraftUnit.key, DraftUnit.id).where(DraftUnit.version_id == old.id)).all()
    )
    new_ids = dict(
        session.execute(select(DraftUnit.key, DraftUnit.id).where(DraftUnit.version_id == new.id)).all()
    )
    for m in compare_units(old_result, new_result):
        old_id = old_ids.get(m.old_key) if m.old_key else None
        new_id = new_ids.get(m.new_key) if m.new_key else None
        if old_id is None and new_id is None:
            continue  # preamble or penjelasan units: not stored as commentable units
        session.add(
            UnitMapping(
                version_id=new.id,
                old_unit_id=old_id,
                new_unit_id=new_id,
                status=m.status,
                similarity=m.similarity,
                corrected=False,
            )
        )
    session.flush()
