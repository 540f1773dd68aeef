"""The tim penyusun's inbox at thousands of comments (issue 15): filters, counts, one page of
comments, the position of one comment among those matching, and every id matching (to answer
them all). Everything is counted and paged in SQL: a page reads a constant number of statements
and at most ``PER_PAGE`` comments, whatever the number of comments on the version.

A version's comments are those made on its units and those carried to it from earlier versions
(a ``CommentAnchor``; a removed clause's comments are listed under the key they had, grouped as
"dihapus"). Listed: visible and hidden ones (a hidden comment may still be answered; it is not
counted in the progress, which counts what the public sees). Not listed: comments held for
pre-moderation (counted apart) or waiting for their author's e-mail confirmation.

Full-text search: PostgreSQL ``to_tsvector('simple', body)`` (the GIN index of migration 0014)
and SQLite's FTS5 table ``comment_fts`` (kept in step by triggers); both match every word given,
without stemming. One comment among those matching (the one-by-one page) is in ``inbox_one``.
Must not import Flask.

A package (the old ``inbox.py`` grew past the ~400-line rule); this ``__init__`` re-exports its
public API on purpose: the inbox views, the bulk-answer job and the summaries' group loader call
``inbox.<name>``. ``filters`` (the ``Filter`` and its values), ``context`` (the unit tree, the
themes and campaigns), ``rows`` (the rows and conditions every statement reads), ``listing``
(progress, counts, a page, every matching id).
"""

from participation.drafts.inbox.context import Context, Group, GroupLoader, context, provide_groups
from participation.drafts.inbox.filters import (
    ANSWERED,
    ARGS,
    LISTED,
    MAX_QUERY,
    ORIGINS,
    PER_PAGE,
    REMOVED,
    Filter,
)
from participation.drafts.inbox.listing import (
    Counts,
    Overview,
    Progress,
    Row,
    counts,
    matching_ids,
    overview,
    page,
)

__all__ = [
    "ANSWERED",
    "ARGS",
    "LISTED",
    "MAX_QUERY",
    "ORIGINS",
    "PER_PAGE",
    "REMOVED",
    "Context",
    "Counts",
    "Filter",
    "Group",
    "GroupLoader",
    "Overview",
    "Progress",
    "Row",
    "context",
    "counts",
    "matching_ids",
    "overview",
    "page",
    "provide_groups",
]
