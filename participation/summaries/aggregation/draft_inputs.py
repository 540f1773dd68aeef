"""The rows a draft summary is built from, and its input fingerprint.

``queries.py`` loads a version's units and comments into these plain rows; the fingerprint says
whether a stored snapshot still matches them, and ``input_queries.draft_input_fingerprint`` computes
the same value straight from the database through ``comment_key``/``fingerprint_rows``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from participation.summaries.aggregation.method import CAMPAIGN_PARAMS, FINGERPRINT_VERSION, THEME_PARAMS


@dataclass(frozen=True)
class UnitRow:
    key: str
    kind: str
    label: str
    heading: str | None
    text: str
    ordinal: int
    bab_key: str | None  # nearest BAB ancestor
    group_key: str  # nearest pasal ancestor (or itself); top-level key outside pasal
    content_hash: str = ""


@dataclass(frozen=True)
class ResponseInfo:
    id: int
    disposition: str
    reason: str
    resulting_wording: str | None


@dataclass(frozen=True)
class CommentRow:
    id: int
    unit_key: str
    stance: str | None
    body: str
    created_at: dt.datetime
    external_id: str | None = None
    suggested_wording: str | None = None
    author_id: int | None = None
    author_display: str | None = None
    parent_id: int | None = None
    endorsements: int = 0
    response: ResponseInfo | None = None
    hidden: bool = False


@dataclass
class DraftInputs:
    draft_id: int
    draft_title: str
    version_id: int
    version_number: int
    city: str
    units: list[UnitRow]
    comments: list[CommentRow]
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    extra_scope: dict[str, Any] = field(default_factory=dict)


def matriks_ref(c: CommentRow) -> dict[str, Any]:
    """A matriks comment as a snapshot stores it: which comment, and which answer was counted."""
    return {"id": c.id, "response_id": c.response.id if c.response else None}


# (id, unit_key, stance, parent_id, endorsements, hidden, response_id, disposition, body length,
# suggested wording length): what a draft summary depends on, per comment
CommentKey = tuple[int, str, str | None, int | None, int, bool, int | None, str | None, int, int]


def comment_key(c: CommentRow) -> CommentKey:
    response = c.response
    return (
        c.id,
        c.unit_key,
        c.stance,
        c.parent_id,
        c.endorsements,
        c.hidden,
        response.id if response else None,
        response.disposition if response else None,
        len(c.body),
        len(c.suggested_wording or ""),
    )


def fingerprint_rows(units: Iterable[tuple[str, str]], comments: Iterable[CommentKey]) -> str:
    """The input fingerprint from (unit key, content hash) pairs in text order and one
    ``CommentKey`` per comment (any order).

    Bodies and suggested wordings enter by length: no service edits them after posting (a comment
    is hidden, never rewritten), so the length is a guard, and the fingerprint can be computed by
    ``input_queries.draft_input_fingerprint`` without reading any text. A response enters by id and
    disposition (responses are never edited either).
    """
    h = hashlib.sha256()
    h.update(json.dumps([FINGERPRINT_VERSION, THEME_PARAMS, CAMPAIGN_PARAMS], sort_keys=True).encode())
    h.update("".join(f"u|{key}|{content_hash}\n" for key, content_hash in units).encode())
    h.update(
        "".join(
            "c|" + "|".join(map(str, row)) + "\n" for row in sorted(comments, key=lambda r: r[0])
        ).encode()
    )
    return h.hexdigest()


def unit_hash(u: UnitRow) -> str:
    return u.content_hash or hashlib.sha256(u.text.encode()).hexdigest()


def draft_fingerprint(inputs: DraftInputs) -> str:
    """Changes whenever anything a summary figure depends on changes (and only then)."""
    return fingerprint_rows(
        ((u.key, unit_hash(u)) for u in sorted(inputs.units, key=lambda u: u.ordinal)),
        (comment_key(c) for c in inputs.comments),
    )
