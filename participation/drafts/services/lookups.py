"""Finding a draft, a version (with or without its file rows), the newest published version, a
unit by key, and the version that replaced one: the lookups every page and comment of a version
makes, their statements built once.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, lazyload

from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.drafts.models import (
    Draft,
    DraftUnit,
    DraftVersion,
    VersionStatus,
)


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
