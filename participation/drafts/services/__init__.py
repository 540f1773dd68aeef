"""Draft use cases: create, import a version, publish, consultation window, comment, answer,
plain explanation, external input, new-version mapping and carrying comments.

``verb_noun(session, ..., *, now)``: validate, change, flush; never commit. Every staff action
writes an audit event. Must not import Flask.

A package (the old ``services.py`` grew past the ~400-line rule, issue 19 point 10); this
``__init__`` re-exports the use cases on purpose: views, the CLI, jobs, the demo and other areas
call ``services.<name>``. By subject: ``lookups`` (a draft, a version, a unit), ``drafts`` (the
draft itself, its naskah akademik), ``versions`` (a new version parsed, stored and mapped),
``reparsing`` (a version's text corrected), ``publishing`` (publishing and the consultation
window), ``comments`` (comments, replies, answers, plain explanations, pre-moderation),
``external`` (input from outside the platform), ``mapping`` (a new version's mapping confirmed
and comments carried), ``revision`` (cached pages refreshed).
"""

from __future__ import annotations

from typing import Any

from participation.drafts.services.comments import (
    MAX_QUOTE_CHARS,
    answer_comments,
    comment_on_unit,
    reply,
    set_plain_explanation,
    set_premoderation,
    version_comment_ids,
)
from participation.drafts.services.drafts import create_draft, set_academic_paper, update_draft
from participation.drafts.services.external import EXTERNAL_SOURCES, add_external_comment
from participation.drafts.services.lookups import (
    get_draft,
    get_unit,
    get_version,
    latest_published,
    newer_version,
)
from participation.drafts.services.mapping import confirm_mapping, mapping_rows
from participation.drafts.services.publishing import (
    acknowledge_warnings,
    close_window,
    closing_text,
    publish_version,
    set_window,
    warnings_pending,
)
from participation.drafts.services.reparsing import reparse_version
from participation.drafts.services.revision import bump_draft, bump_for_target
from participation.drafts.services.versions import (
    MAX_ORIGINAL_BYTES,
    MAX_TEXT_CHARS,
    add_version,
    full_text,
)

__all__ = [
    "EXTERNAL_SOURCES",
    "MAX_ORIGINAL_BYTES",
    "MAX_QUOTE_CHARS",
    "MAX_TEXT_CHARS",
    "acknowledge_warnings",
    "add_external_comment",
    "add_version",
    "answer_comments",
    "bump_draft",
    "bump_for_target",
    "close_window",
    "closing_text",
    "comment_on_unit",
    "confirm_mapping",
    "create_draft",
    "full_text",
    "get_draft",
    "get_unit",
    "get_version",
    "latest_published",
    "mapping_rows",
    "newer_version",
    "publish_version",
    "reparse_version",
    "reply",
    "set_academic_paper",
    "set_plain_explanation",
    "set_premoderation",
    "set_window",
    "update_draft",
    "version_comment_ids",
    "warnings_pending",
]

# The file import (CSV or XLSX as offices send it) lives in ``drafts.importing`` (issue 15); its
# names stay reachable here for older callers. Looked up lazily: importing imports this module.
_MOVED_TO_IMPORTING = frozenset({"CSV_COLUMNS", "ImportFailed", "import_external_comments"})


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_IMPORTING:
        from participation.drafts import importing

        return getattr(importing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
