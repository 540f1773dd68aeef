"""Draft use cases: create, import a version, publish, consultation window, comment, answer,
plain explanation, external input, new-version mapping and carrying comments.

``verb_noun(session, ..., *, now)``: validate, change, flush; never commit. Every staff action
writes an audit event. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session, joinedload, lazyload

from participation.accounts.models import User
from participation.comments import confirmation as comment_confirmation
from participation.comments import services as comment_services
from participation.comments.models import Comment, CommentTarget, Source, Stance
from participation.core import audit
from participation.core.clock import from_wita
from participation.core.errors import NotFound, ValidationError
from participation.core.files import FileKind, StoredFile, store_file
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import carrying, lifecycle, papers
from participation.drafts.anchoring import compare_units, locate_quote
from participation.drafts.models import (
    CLOSED_STAGES,
    CommentAnchor,
    Draft,
    DraftKind,
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
MAX_QUOTE_CHARS = 2000


# ------------------------------------------------------------------ drafts and versions


def get_draft(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(N_("Rancangan tidak ditemukan."))
    return draft


# The lookups every page and comment of a version makes, built once (building a select costs
# about what running it does on SQLite).
# Every page of a version shows its draft (title, pre-moderation): one statement, not two.
_VERSION = (
    select(DraftVersion)
    .options(joinedload(DraftVersion.draft))
    .where(DraftVersion.draft_id == bindparam("draft_id"), DraftVersion.number == bindparam("number"))
)
_VERSION_NO_FILES = _VERSION.options(
    joinedload(DraftVersion.draft).lazyload(Draft.academic_paper), lazyload(DraftVersion.source_file)
)
_UNIT = select(DraftUnit).where(
    DraftUnit.version_id == bindparam("version_id"), DraftUnit.key == bindparam("key")
)


def get_version(session: Session, draft_id: int, number: int, *, with_files: bool = True) -> DraftVersion:
    """``with_files=False`` leaves the file rows (source file, naskah akademik) out of the join,
    for pages that show neither (unit pages); they load if touched."""
    version = session.scalar(
        _VERSION if with_files else _VERSION_NO_FILES, {"draft_id": draft_id, "number": number}
    )
    if version is None:
        raise NotFound(N_("Versi rancangan tidak ditemukan."))
    return version


_LATEST_PUBLISHED = (
    select(DraftVersion)
    .options(joinedload(DraftVersion.draft))
    .where(
        DraftVersion.draft_id == bindparam("draft_id"), DraftVersion.status == VersionStatus.PUBLISHED.value
    )
    .order_by(DraftVersion.number.desc())
    .limit(1)
)
# Without the file rows (source file, naskah akademik): their ids in these rows say which they are
# (a stored file never changes), for a reading page that renders nothing from them while its
# kept frame serves (bench/pages.py); they load when touched
_LATEST_PUBLISHED_NO_FILES = _LATEST_PUBLISHED.options(
    joinedload(DraftVersion.draft).lazyload(Draft.academic_paper), lazyload(DraftVersion.source_file)
)


def latest_published(session: Session, draft_id: int, *, with_files: bool = True) -> DraftVersion | None:
    return session.scalar(
        _LATEST_PUBLISHED if with_files else _LATEST_PUBLISHED_NO_FILES, {"draft_id": draft_id}
    )


def get_unit(session: Session, version: DraftVersion, key: str) -> DraftUnit:
    unit = session.scalar(_UNIT, {"version_id": version.id, "key": key})
    if unit is None:
        raise NotFound(N_("Bagian naskah tidak ditemukan."))
    return unit


def create_draft(
    session: Session,
    *,
    actor: User,
    title: str,
    initiator: str,
    now: dt.datetime,
    kind: str = DraftKind.RAPERDA.value,
    summary: str | None = None,
    ip_hash: str | None = None,
) -> Draft:
    title, initiator = squash(title), squash(initiator)
    if len(title) < 5:
        raise ValidationError(N_("Judul wajib diisi (minimal 5 karakter)."), field="title")
    if not initiator:
        raise ValidationError(N_("Pemrakarsa wajib diisi (OPD atau DPRD)."), field="initiator")
    if kind not in DraftKind.__members__.values():
        raise ValidationError(N_("Jenis rancangan tidak dikenal."), field="kind")
    draft = Draft(
        kind=kind,
        title=title[:300],
        initiator=initiator[:200],
        summary=(summary or "").strip() or None,
        status="active",
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(draft)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.create",
        target_type="draft",
        target_id=draft.id,
        now=now,
        after={"title": draft.title, "kind": kind},
        ip_hash=ip_hash,
    )
    return draft


def update_draft(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    title: str,
    initiator: str,
    now: dt.datetime,
    kind: str | None = None,
    summary: str | None = None,
    ip_hash: str | None = None,
) -> None:
    title, initiator = squash(title), squash(initiator)
    if len(title) < 5:
        raise ValidationError(N_("Judul wajib diisi (minimal 5 karakter)."), field="title")
    if not initiator:
        raise ValidationError(N_("Pemrakarsa wajib diisi (OPD atau DPRD)."), field="initiator")
    kind = kind or draft.kind
    if kind not in DraftKind.__members__.values():
        raise ValidationError(N_("Jenis rancangan tidak dikenal."), field="kind")
    before = {
        "title": draft.title,
        "kind": draft.kind,
        "initiator": draft.initiator,
        "summary": draft.summary,
    }
    draft.title, draft.kind, draft.initiator = title[:300], kind, initiator[:200]
    draft.summary = (summary or "").strip() or None
    _bump(session, draft.id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.update",
        target_type="draft",
        target_id=draft.id,
        now=now,
        before=before,
        after={
            "title": draft.title,
            "kind": draft.kind,
            "initiator": draft.initiator,
            "summary": draft.summary,
        },
        ip_hash=ip_hash,
    )
    session.flush()


def set_academic_paper(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    data: bytes,
    filename: str,
    now: dt.datetime,
    max_bytes: int = papers.MAX_PAPER_BYTES,
    ip_hash: str | None = None,
) -> StoredFile:
    """Attach (or replace) the naskah akademik. A replaced file stays in stored_file: nothing
    is lost, and the audit event names both."""
    kind = papers.check_paper(data, max_bytes=max_bytes)
    old = draft.academic_paper
    before = {"name": old.filename, "file": old.id, "sha256": old.sha256} if old else None
    stored = store_file(
        session,
        data,
        content_type=kind,
        filename=filename,
        kind=FileKind.ACADEMIC_PAPER,
        actor_id=actor.id,
        now=now,
    )
    draft.academic_paper = stored
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.paper.set",
        target_type="draft",
        target_id=draft.id,
        now=now,
        before=before,
        after={
            "name": stored.filename,
            "file": stored.id,
            "size": stored.size,
            "type": kind,
            "sha256": stored.sha256,
        },
        ip_hash=ip_hash,
    )
    session.flush()
    return stored


def _flat(units: Iterable[Unit]) -> list[dict]:
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
    result = parse_perda(text)
    previous = session.scalar(
        select(DraftVersion)
        .where(DraftVersion.draft_id == draft.id)
        .order_by(DraftVersion.number.desc())
        .limit(1)
    )
    number = (previous.number + 1) if previous else 1
    if original is not None:
        data, content_type = original, papers.original_type(original)
    else:  # pasted: text whatever it starts with
        data, content_type = text.encode("utf-8"), f"{papers.TEXT}; charset=utf-8"
    kept = store_file(
        session,
        data,
        content_type=content_type,
        filename=filename or f"naskah{papers.extension(content_type)}",
        kind=FileKind.VERSION_SOURCE,
        actor_id=actor.id,
        now=now,
    )
    version = DraftVersion(
        draft=draft,
        number=number,
        title=result.title or draft.title,
        source_filename=filename,
        source_text=text,
        source_file=kept,
        parse_report={
            "counts": dict(result.counts),
            "warnings": [i.to_json() for i in result.warnings],
            "errors": [i.to_json() for i in result.errors],
            "accounting": dict(result.accounting or {}),
        },
        frontmatter={
            "preamble": _flat(result.preamble),
            "penutup": _flat(result.penutup),
            "lampiran": _flat(result.lampiran),
            "penjelasan_umum": [u.text for u in result.penjelasan if u.kind == "umum"],
        },
        status=VersionStatus.DRAFT.value,
        previous_id=previous.id if previous else None,
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(version)
    session.flush()
    _store_units(session, version, result)
    if previous is not None:
        _store_mapping(session, previous, version, result)
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


def _store_units(session: Session, version: DraftVersion, result: ParseResult) -> None:
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


def _store_mapping(session: Session, old: DraftVersion, new: DraftVersion, new_result: ParseResult) -> None:
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


def warnings_pending(version: DraftVersion) -> bool:
    """Warnings the tim penyusun has not yet confirmed having read (they block publishing)."""
    return bool(version.warnings) and not (version.parse_report or {}).get("acknowledged")


def publish_version(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    now: dt.datetime,
    ip_hash: str | None = None,
    acknowledge_warnings: bool = False,
    keep_previous_open: bool = False,
    notify_changes: bool = True,
) -> None:
    """Publish a checked version. Errors block; so do warnings nobody has confirmed reading.
    Publishing closes the commenting window of every earlier version still open, unless the tim
    penyusun explicitly keeps it open until its own end date (``keep_previous_open``).

    ``acknowledge_warnings``: only for a caller that has genuinely reviewed the text's warnings
    itself (the demo's own texts, test set-ups); it records the acknowledgement like the page
    does, so the audit log still says who accepted them."""
    if version.published:
        raise ValidationError(N_("Versi ini sudah diterbitkan dan tidak dapat diubah."))
    if version.errors:
        raise ValidationError(
            N_(
                "Versi ini belum dapat diterbitkan: perbaiki kesalahan pada "
                "pemeriksaan naskah (Perbaiki naskah, lalu baca ulang)."
            )
        )
    if warnings_pending(version):
        if not acknowledge_warnings:
            raise ValidationError(
                N_(
                    "Versi ini belum dapat diterbitkan: periksa setiap peringatan "
                    "pada pemeriksaan naskah, lalu konfirmasi bahwa peringatan itu "
                    "sudah ditinjau."
                )
            )
        _acknowledge(session, version=version, actor=actor, now=now, ip_hash=ip_hash)
    if version.previous_id is not None and version.mapping_confirmed_at is None:
        has_mapping = session.scalar(
            select(UnitMapping.id).where(UnitMapping.version_id == version.id).limit(1)
        )
        if has_mapping is not None:
            raise ValidationError(
                N_(
                    "Tinjau dan konfirmasi pemetaan pasal dari versi sebelumnya "
                    "sebelum menerbitkan versi ini."
                )
            )
    version.status = VersionStatus.PUBLISHED.value
    version.published_at = now
    if version.mapping_confirmed_at is not None:
        # the same anchors again, now telling the residents whose clause changed or went
        carrying.carry(session, version, now=now, tell=notify_changes)
    lifecycle.enter_uji_publik(session, draft=version.draft, actor=actor, now=now, version=version)
    closed = []
    if not keep_previous_open:
        # one version open at a time: residents comment on the text being finalised
        for earlier in session.scalars(
            select(DraftVersion).where(
                DraftVersion.draft_id == version.draft_id,
                DraftVersion.id != version.id,
                DraftVersion.number < version.number,
                DraftVersion.status == VersionStatus.PUBLISHED.value,
            )
        ):
            if earlier.closes_at is not None and earlier.closes_at > now:
                closed.append({"version": earlier.number, "closes_at": _iso(earlier.closes_at)})
                earlier.closes_at = max(now, earlier.opens_at or now)
    _bump(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.publish",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before={"status": "draft"},
        after={"status": "published", "closed_earlier": closed, "kept_open": keep_previous_open},
        ip_hash=ip_hash,
    )
    session.flush()


def newer_version(session: Session, version: DraftVersion) -> DraftVersion | None:
    """The newest published version after ``version``, if one replaced it."""
    return session.scalar(
        select(DraftVersion)
        .where(
            DraftVersion.draft_id == version.draft_id,
            DraftVersion.number > version.number,
            DraftVersion.status == VersionStatus.PUBLISHED.value,
        )
        .order_by(DraftVersion.number.desc())
        .limit(1)
    )


def acknowledge_warnings(
    session: Session, *, version: DraftVersion, actor: User, now: dt.datetime, ip_hash: str | None = None
) -> None:
    """The tim penyusun confirms having read every warning of the parse check (who and when go
    into the parse report and the audit log). Re-parsing the text withdraws it."""
    if version.published:
        raise ValidationError(N_("Versi ini sudah diterbitkan dan tidak dapat diubah."))
    if not version.warnings:
        raise ValidationError(N_("Versi ini tidak punya peringatan yang perlu dikonfirmasi."))
    if warnings_pending(version):
        _acknowledge(session, version=version, actor=actor, now=now, ip_hash=ip_hash)


def _acknowledge(
    session: Session, *, version: DraftVersion, actor: User, now: dt.datetime, ip_hash: str | None
) -> None:
    warnings = version.warnings
    # a new dict, not an in-place change: the JSON column only notices reassignment
    version.parse_report = {
        **version.parse_report,
        "acknowledged": {"by": actor.id, "at": now.isoformat(), "warnings": len(warnings)},
    }
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.acknowledge_warnings",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        after={"warnings": len(warnings), "codes": sorted({w.get("code") or "" for w in warnings})},
        ip_hash=ip_hash,
    )
    session.flush()


def reparse_version(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    text: str,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> DraftVersion:
    """Replace the text of a version still being checked with the tim penyusun's corrected text:
    parse it again and rebuild its units and its mapping from the previous version.

    Only while nothing can point at the old units: not published, no comment on them, and no
    later version mapped against them. Comments carried here from the previous version are
    derived data (the comments themselves stay on their own version): they are dropped with the
    mapping, whose confirmation is withdrawn, as is any acknowledgement of warnings — the new
    text has its own."""
    if version.published:
        raise ValidationError(
            N_(
                "Versi ini sudah diterbitkan dan tidak dapat diubah; unggah "
                "naskah yang diperbaiki sebagai versi baru."
            )
        )
    text = (text or "").strip("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise ValidationError(N_("Naskah kosong: tempel teks atau unggah berkas rancangan."), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(N_("Naskah terlalu panjang."), field="text")
    later = session.scalar(select(DraftVersion.number).where(DraftVersion.previous_id == version.id).limit(1))
    if later is not None:
        raise ValidationError(
            N_("Versi {n} sudah dibandingkan dengan versi ini; perbaiki naskah di versi terbaru.").format(
                n=later
            )
        )
    targets = list(
        session.scalars(
            select(DraftUnit.comment_target_id).where(
                DraftUnit.version_id == version.id, DraftUnit.comment_target_id.is_not(None)
            )
        )
    )
    if (
        targets
        and session.scalar(select(Comment.id).where(Comment.target_id.in_(targets)).limit(1)) is not None
    ):
        raise ValidationError(
            N_(
                "Versi ini sudah punya masukan; naskahnya tidak dapat diganti. "
                "Unggah naskah yang diperbaiki sebagai versi baru."
            )
        )
    result = parse_perda(text)
    old_report = version.parse_report or {}
    before = {
        "counts": old_report.get("counts", {}),
        "errors": len(old_report.get("errors", [])),
        "warnings": len(old_report.get("warnings", [])),
        "mapping_confirmed": version.mapping_confirmed_at is not None,
    }
    session.flush()
    carried = session.execute(delete(CommentAnchor).where(CommentAnchor.version_id == version.id)).rowcount
    session.execute(delete(UnitMapping).where(UnitMapping.version_id == version.id))
    # children first would need an order; unlinking them lets one statement remove every unit
    session.execute(update(DraftUnit).where(DraftUnit.version_id == version.id).values(parent_id=None))
    session.execute(delete(DraftUnit).where(DraftUnit.version_id == version.id))
    if targets:  # checked above: no comment points at them
        session.execute(delete(CommentTarget).where(CommentTarget.id.in_(targets)))
    reparsed = dict(old_report.get("reparsed") or {})
    version.title = result.title or version.draft.title
    version.source_text = text
    version.parse_report = {
        "counts": dict(result.counts),
        "warnings": [i.to_json() for i in result.warnings],
        "errors": [i.to_json() for i in result.errors],
        "accounting": dict(result.accounting or {}),
        # the stored text is no longer exactly what was uploaded
        "reparsed": {"by": actor.id, "at": now.isoformat(), "times": int(reparsed.get("times", 0)) + 1},
    }
    version.frontmatter = {
        "preamble": _flat(result.preamble),
        "penutup": _flat(result.penutup),
        "lampiran": _flat(result.lampiran),
        "penjelasan_umum": [u.text for u in result.penjelasan if u.kind == "umum"],
    }
    version.mapping_confirmed_at = None
    session.flush()
    _successor_changed(session, version)
    _store_units(session, version, result)
    if version.previous_id is not None:
        previous = session.get(DraftVersion, version.previous_id)
        if previous is not None:
            _store_mapping(session, previous, version, result)
    _bump(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.version.reparse",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before=before,
        after={
            "counts": dict(result.counts),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "carried_comments_dropped": carried,
        },
        ip_hash=ip_hash,
    )
    session.flush()
    return version


def set_window(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    opens_local: dt.datetime,
    closes_local: dt.datetime,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> None:
    """Times are typed in WITA (naive) and stored as UTC."""
    opens, closes = from_wita(opens_local), from_wita(closes_local)
    if closes <= opens:
        raise ValidationError(N_("Waktu penutupan harus sesudah waktu pembukaan."), field="closes_at")
    before = {"opens_at": _iso(version.opens_at), "closes_at": _iso(version.closes_at)}
    version.opens_at, version.closes_at = opens, closes
    _bump(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.window.set",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before=before,
        after={"opens_at": _iso(opens), "closes_at": _iso(closes)},
        ip_hash=ip_hash,
    )
    session.flush()


def close_window(
    session: Session, *, version: DraftVersion, actor: User, now: dt.datetime, ip_hash: str | None = None
) -> None:
    if not version.is_open(now):
        raise ValidationError(N_("Masa uji publik versi ini tidak sedang dibuka."))
    before = {"closes_at": _iso(version.closes_at)}
    version.closes_at = now
    _bump(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.window.close",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        before=before,
        after={"closes_at": _iso(now)},
        ip_hash=ip_hash,
    )
    session.flush()


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


# Built once, and without looking for the Draft among the session's objects to update it there
# too (the ORM's default; three times the cost of the UPDATE itself): nothing reads the revision
# after bumping it in the same transaction.
_BUMP = (
    update(Draft)
    .where(Draft.id == bindparam("bump_draft_id"))
    .values(comments_revision=Draft.comments_revision + 1)
    .execution_options(synchronize_session=False)
)


def bump_draft(session: Session, draft_id: int) -> None:
    """Pages that show the draft's comments or stage are rendered anew."""
    _bump(session, draft_id)


def _bump(session: Session, draft_id: int) -> None:
    # comment counts and carried comments show on every version's page: invalidate them all
    session.execute(_BUMP, {"bump_draft_id": draft_id})


def _bump_released(connection: Any, target_ids: list[int]) -> None:
    """Comments released when their author confirmed the e-mail now count: bump their drafts."""
    drafts = (
        select(DraftVersion.draft_id)
        .join(DraftUnit, DraftUnit.version_id == DraftVersion.id)
        .where(DraftUnit.comment_target_id.in_(target_ids))
    )
    connection.execute(
        update(Draft.__table__)
        .where(Draft.__table__.c.id.in_(drafts))
        .values(comments_revision=Draft.__table__.c.comments_revision + 1)
    )


comment_confirmation.RELEASE_HOOKS.append(_bump_released)


def closing_text(version: DraftVersion, now: dt.datetime) -> str:
    """'ditutup 12 Desember 2026 23.59 WITA (tinggal 5 hari)' — server-rendered countdown: a
    core.i18n.Message whose dates are formatted in the reader's locale when shown."""
    from participation.core.formatting import countdown

    return countdown(version.opens_at, version.closes_at, now)


# ------------------------------------------------------------------ comments


def _require_open(version: DraftVersion, now: dt.datetime, session: Session | None = None) -> None:
    if version.is_open(now):
        return
    newer = newer_version(session, version) if session is not None else None
    if newer is not None:
        raise ValidationError(
            N_(
                "Versi {old} sudah digantikan oleh versi {new}; masukan untuk versi "
                "{old} sudah ditutup. Berikan masukan pada versi {new}: masukan "
                "Anda sebelumnya ikut tampil di sana."
            ).format(old=version.number, new=newer.number)
        )
    raise ValidationError(
        N_(
            "Masa uji publik untuk versi ini tidak sedang dibuka, sehingga "
            "masukan tidak dapat dikirim. Lihat jadwal di halaman rancangan."
        )
    )


def comment_on_unit(
    session: Session,
    *,
    unit: DraftUnit,
    author: User,
    body: str,
    stance: str | None,
    now: dt.datetime,
    suggested_wording: str | None = None,
    quote: str | None = None,
) -> Comment:
    version = unit.version
    _require_open(version, now, session)
    if unit.comment_target_id is None:
        raise ValidationError(N_("Bagian ini tidak dapat diberi masukan; pilih pasal atau ayatnya."))
    quote = squash(quote) or None
    start = end = None
    if quote:
        if len(quote) > MAX_QUOTE_CHARS:
            raise ValidationError(
                N_("Kutipan terlalu panjang (maksimal 2.000 karakter); kutip frasa yang Anda maksud saja."),
                field="quote",
            )
        span = locate_quote(quote, unit.text)
        if span is None:
            raise ValidationError(
                N_(
                    "Kutipan tidak ditemukan dalam teks {label}. Salin bagian teksnya (boleh beda "
                    "huruf besar/kecil atau spasi), atau kosongkan kolom Kutipan."
                ).format(label=unit.label),
                field="quote",
            )
        start, end = span
        # store the words as the unit has them, so the quote reads like the law it cites
        quote = unit.text[start:end]
    # by id: loading the CommentTarget row (it has no other column) would cost a statement
    comment = comment_services.add_comment(
        session,
        target=unit.comment_target_id,
        author=author,
        body=body,
        stance=stance,
        now=now,
        suggested_wording=suggested_wording,
        quote=quote,
        quote_start=start,
        quote_end=end,
        held=version.draft.premoderation,
    )
    if version.has_confirmed_successor:
        session.flush()
        carrying.carry_comment(session, comment, version, now=now)
    _bump(session, version.draft_id)
    return comment


def reply(
    session: Session,
    *,
    version: DraftVersion,
    parent: Comment,
    author: User,
    body: str,
    now: dt.datetime,
    staff: bool = False,
) -> Comment:
    if not staff:
        _require_open(version, now, session)
    # the tim penyusun's own clarifications are not held for pre-moderation
    comment = comment_services.add_reply(
        session,
        parent=parent,
        author=author,
        body=body,
        now=now,
        held=version.draft.premoderation and not staff,
    )
    _bump(session, version.draft_id)
    return comment


def version_comment_ids(session: Session, version: DraftVersion, ids: Iterable[int]) -> list[Comment]:
    """Comments among ``ids`` that belong to this version (directly or carried to it)."""
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    direct = (
        select(Comment)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version.id, Comment.id.in_(wanted))
    )
    carried = (
        select(Comment)
        .join(CommentAnchor, CommentAnchor.comment_id == Comment.id)
        .where(CommentAnchor.version_id == version.id, Comment.id.in_(wanted))
    )
    found = {c.id: c for c in session.scalars(direct)}
    found.update({c.id: c for c in session.scalars(carried)})
    if set(found) != wanted:
        raise ValidationError(N_("Sebagian masukan yang dipilih bukan milik versi ini."))
    return [found[i] for i in sorted(found)]


def answer_comments(
    session: Session,
    *,
    version: DraftVersion,
    comment_ids: Iterable[int],
    actor: User,
    disposition: str,
    reason: str,
    now: dt.datetime,
    resulting_wording: str | None = None,
    link: Callable[[Comment], str | None] | None = None,
    ip_hash: str | None = None,
) -> None:
    comments = version_comment_ids(session, version, comment_ids)
    comment_services.answer(
        session,
        comments=comments,
        actor=actor,
        disposition=disposition,
        reason=reason,
        resulting_wording=resulting_wording,
        now=now,
        link=link,
        ip_hash=ip_hash,
    )
    _bump(session, version.draft_id)


def set_plain_explanation(
    session: Session, *, unit: DraftUnit, actor: User, text: str, now: dt.datetime, ip_hash: str | None = None
) -> None:
    # the penjelasan sederhana is not part of the legal text, so it may change after publishing
    text = (text or "").strip()
    if len(text) > 5000:
        raise ValidationError(N_("Penjelasan sederhana maksimal 5.000 karakter."), field="text")
    before = {"plain_explanation": unit.plain_explanation}
    unit.plain_explanation = text or None
    _bump(session, unit.version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.unit.explain",
        target_type="draft_unit",
        target_id=unit.id,
        now=now,
        before=before,
        after={"plain_explanation": unit.plain_explanation},
        ip_hash=ip_hash,
    )
    session.flush()


def set_premoderation(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    enabled: bool,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> None:
    """Pre-moderation on: new comments wait for a moderator before anyone else sees them."""
    before = {"premoderation": draft.premoderation}
    draft.premoderation = bool(enabled)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.premoderation",
        target_type="draft",
        target_id=draft.id,
        now=now,
        before=before,
        after={"premoderation": draft.premoderation},
        ip_hash=ip_hash,
    )
    session.flush()


def bump_for_target(session: Session, target_id: int) -> None:
    """A comment on this target changed visibility: refresh the cached reading pages."""
    draft_id = session.scalar(
        select(DraftVersion.draft_id)
        .join(DraftUnit, DraftUnit.version_id == DraftVersion.id)
        .where(DraftUnit.comment_target_id == target_id)
    )
    if draft_id is not None:
        _bump(session, draft_id)


# ------------------------------------------------------------------ external input

# The file import (CSV or XLSX as offices send it) lives in ``drafts.importing`` (issue 15); its
# names stay reachable here for older callers. Looked up lazily: importing imports this module.
_MOVED_TO_IMPORTING = frozenset({"CSV_COLUMNS", "ImportFailed", "import_external_comments"})


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_IMPORTING:
        from participation.drafts import importing

        return getattr(importing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


EXTERNAL_SOURCES = tuple(s.value for s in Source if s != Source.PLATFORM)


def add_external_comment(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    unit_key: str,
    stance: str,
    body: str,
    author_name: str,
    source: str,
    received_on: dt.date,
    now: dt.datetime,
    external_id: str | None = None,
    ip_hash: str | None = None,
) -> Comment:
    """One input that arrived outside the platform (a letter, e-mail, RDPU), entered by the tim
    penyusun with its source. Its time is the day it was received (WITA), not the day typed in."""
    unit = session.scalar(
        select(DraftUnit).where(
            DraftUnit.version_id == version.id,
            DraftUnit.key == (unit_key or "").strip(),
            DraftUnit.comment_target_id.is_not(None),
        )
    )
    if unit is None:
        raise ValidationError(
            N_("Pilih pasal, ayat, atau huruf yang dimaksud dari daftar."), field="unit_key"
        )
    if source not in EXTERNAL_SOURCES:
        raise ValidationError(
            N_("Pilih sumber masukan: surat, e-mail, RDPU, forum, atau lainnya."), field="source"
        )
    if not squash(author_name):
        raise ValidationError(
            N_("Nama pemberi masukan wajib diisi (orang atau lembaga)."), field="author_name"
        )
    received = from_wita(dt.datetime.combine(received_on, dt.time()))
    if received > now:
        raise ValidationError(N_("Tanggal diterima tidak boleh di masa depan."), field="received_on")
    external_id = squash(external_id)[:100] or None
    if (
        external_id
        and session.scalar(
            select(Comment.id).where(Comment.source == source, Comment.external_id == external_id)
        )
        is not None
    ):
        raise ValidationError(
            N_("Nomor {ident} dari sumber ini sudah pernah dicatat.").format(ident=external_id),
            field="external_id",
        )
    stance_value = comment_services.parse_stance(stance).value
    comment = comment_services.add_comment(
        session,
        target=unit.comment_target,
        author=None,
        author_name=author_name,
        source=source,
        external_id=external_id,
        stance=stance_value,
        body=body,
        now=received,
        suggested_wording=body if stance_value == Stance.AMEND else None,
    )
    if version.has_confirmed_successor:
        session.flush()
        carrying.carry_comment(session, comment, version, now=now)
    _bump(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.external.add",
        target_type="comment",
        target_id=comment.id,
        now=now,
        after={
            "version": version.id,
            "unit": unit.key,
            "source": source,
            "external_id": external_id,
            "received_on": received_on.isoformat(),
        },
        ip_hash=ip_hash,
    )
    session.flush()
    return comment


# ------------------------------------------------------------------ new version: mapping review


def mapping_rows(session: Session, version: DraftVersion) -> list[UnitMapping]:
    from sqlalchemy.orm import joinedload

    return list(
        session.scalars(
            select(UnitMapping)
            .where(UnitMapping.version_id == version.id)
            .options(joinedload(UnitMapping.old_unit), joinedload(UnitMapping.new_unit))
            .order_by(UnitMapping.id)
        )
    )


def _successor_changed(session: Session, version: DraftVersion) -> None:
    """The previous version, if this session holds it, reloads ``has_confirmed_successor``."""
    previous = session.get(DraftVersion, version.previous_id) if version.previous_id else None
    if previous is not None:
        session.expire(previous, ["has_confirmed_successor"])


def confirm_mapping(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    now: dt.datetime,
    corrections: dict[int, str | None] | None = None,
    reasons: dict[int, str] | None = None,
    default_reason: str | None = None,
    link: Callable[[Comment], str | None] | None = None,
    ip_hash: str | None = None,
) -> dict[str, int]:
    """Apply the drafters' corrections (old unit id → new key, or None for removed) and the reason
    for each removal (``reasons`` by old unit id, ``default_reason`` for the rest: one is required
    for every removed clause), then carry every comment of the earlier versions to this one and
    to any later confirmed version, marked unchanged / changed / removed (``carrying``)."""
    if version.previous_id is None:
        raise ValidationError(N_("Versi pertama tidak punya versi sebelumnya untuk dipetakan."))
    if version.mapping_confirmed_at is not None:
        raise ValidationError(N_("Pemetaan versi ini sudah dikonfirmasi."))
    new_units = {
        u.key: u for u in session.scalars(select(DraftUnit).where(DraftUnit.version_id == version.id))
    }
    rows = mapping_rows(session, version)
    by_old = {m.old_unit_id: m for m in rows if m.old_unit_id is not None}
    changes = []
    for old_id, new_key in (corrections or {}).items():
        mapping = by_old.get(old_id)
        if mapping is None:
            raise ValidationError(N_("Pemetaan yang dikoreksi tidak ditemukan."))
        key = (new_key or "").strip()
        if key and key not in new_units:
            raise ValidationError(
                N_("Kunci {key} tidak ada di versi baru (contoh kunci: pasal-5/ayat-2).").format(key=key),
                field=f"map-{old_id}",
            )
        target = new_units[key] if key else None
        if (target.id if target else None) == mapping.new_unit_id:
            continue
        changes.append(
            {
                "old": mapping.old_unit.key if mapping.old_unit else None,
                "from": mapping.new_unit.key if mapping.new_unit else None,
                "to": key or None,
            }
        )
        mapping.new_unit_id = target.id if target else None
        mapping.new_unit = target
        mapping.status = "changed" if target else "removed"
        mapping.corrected = True
    session.flush()
    missing = [
        m
        for m in rows
        if m.status == "removed"
        and m.old_unit is not None
        and m.old_unit.kind not in CONTAINER_KINDS
        and not squash((reasons or {}).get(m.old_unit_id) or m.reason or default_reason)
    ]
    if missing:
        labels = ", ".join(m.old_unit.label for m in missing[:5] if m.old_unit)
        raise ValidationError(
            N_(
                "Tulis alasan penghapusan untuk setiap ketentuan yang dihapus ({labels}): warga "
                "yang memberi masukan padanya akan membacanya."
            ).format(labels=labels + (" …" if len(missing) > 5 else "")),
            field="reasons",
        )
    for m in rows:
        if m.status == "removed" and m.old_unit is not None:
            m.reason = squash((reasons or {}).get(m.old_unit_id) or m.reason or default_reason)[:2000] or None
    version.mapping_confirmed_at = now
    session.flush()
    _successor_changed(session, version)
    # every comment of the chain, own and carried, finds its place here and in later versions
    counts = carrying.carry_forward(session, version, now=now, link=link)
    _bump(session, version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.mapping.confirm",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        after={"corrections": changes, "carried": counts},
        ip_hash=ip_hash,
    )
    session.flush()
    return counts
