"""A draft itself: creating it, editing its title, kind, initiator and summary, and attaching its
naskah akademik.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.files import FileKind, StoredFile, store_file
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import papers
from participation.drafts.models import (
    Draft,
    DraftKind,
)
from participation.drafts.services.revision import bump_revision


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
    bump_revision(session, draft.id)
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
