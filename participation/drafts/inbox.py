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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

from sqlalchemy import (
    Integer,
    String,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, aliased, joinedload, load_only

from participation.comments.models import Comment, Source, Stance, Visibility
from participation.drafts.models import CommentAnchor, DraftUnit, DraftVersion, unit_label

PER_PAGE = 50
REMOVED = "dihapus"  # the pasal filter's value for comments whose clause was removed
LISTED = (Visibility.VISIBLE.value, Visibility.HIDDEN.value)
ANSWERED = ("sudah", "belum")
ORIGINS = ("ini", "sebelumnya")  # made on this version / carried from an earlier one
MAX_QUERY = 200
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Filter:
    """What the inbox is narrowed to; each field is a GET parameter (``ARGS``) of the page."""

    bab: str = ""
    pasal: str = ""
    stance: str = ""
    answered: str = ""
    source: str = ""
    theme: str = ""
    campaign: str = ""
    origin: str = ""
    q: str = ""

    @classmethod
    def parse(cls, get) -> Filter:
        """Tolerant of anything a URL may hold: an unknown value is no filter."""

        def one(name: str, allowed: tuple[str, ...] | None = None, size: int = 60) -> str:
            value = (get(ARGS[name]) or "").strip()[:size]
            return value if allowed is None or value in allowed else ""

        return cls(
            bab=one("bab"),
            pasal=one("pasal"),
            stance=one("stance", tuple(Stance)),
            answered=one("answered", ANSWERED),
            source=one("source", tuple(Source)),
            theme=one("theme"),
            campaign=one("campaign"),
            origin=one("origin", ORIGINS),
            q=" ".join(one("q", size=MAX_QUERY).split()),
        )

    def args(self) -> dict[str, str]:
        """The non-empty filters as URL arguments."""
        return {ARGS[f.name]: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def without(self, name: str) -> dict[str, str]:
        return replace(self, **{name: ""}).args()

    @property
    def active(self) -> bool:
        return bool(self.args())

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.q.lower())[:20]


# the page's parameter for each filter (Indonesian, as the rest of the site's URLs)
ARGS = {
    "bab": "bab",
    "pasal": "pasal",
    "stance": "sikap",
    "answered": "status",
    "source": "sumber",
    "theme": "tema",
    "campaign": "kampanye",
    "origin": "asal",
    "q": "q",
}


@dataclass
class Group:
    """A theme or a campaign of the newest summary of the version."""

    id: str
    label: str
    comment_ids: list[int]

    @property
    def size(self) -> int:
        return len(self.comment_ids)


@dataclass
class Context:
    """What every inbox page needs besides its comments: the version's unit tree (for the BAB
    and pasal filters) and the themes and campaigns of its newest summary. Two statements."""

    version: DraftVersion
    units: list[DraftUnit]
    themes: list[Group]
    campaigns: list[Group]
    _children: dict[int | None, list[DraftUnit]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units:
            self._children.setdefault(unit.parent_id, []).append(unit)

    def options(self, kind: str) -> list[tuple[str, str]]:
        return [(u.key, _unit_title(u)) for u in self.units if u.kind == kind]

    def subtree(self, key: str) -> list[int]:
        """The ids of the unit ``key`` and of every unit below it (none for an unknown key)."""
        found = [u for u in self.units if u.key == key]
        out: list[int] = []
        while found:
            unit = found.pop()
            out.append(unit.id)
            found.extend(self._children.get(unit.id, ()))
        return out

    def pasal_of(self, unit_id: int | None) -> str:
        key = self._keys.get(unit_id) if unit_id is not None else None
        return key.split("/")[0] if key else REMOVED

    @property
    def _keys(self) -> dict[int, str]:
        if "_k" not in self.__dict__:
            self.__dict__["_k"] = {u.id: u.key for u in self.units}
        return self.__dict__["_k"]

    def group(self, kind: str, group_id: str) -> Group | None:
        groups = self.themes if kind == "theme" else self.campaigns
        return next((g for g in groups if g.id == group_id), None)


def _unit_title(unit: DraftUnit) -> str:
    label = unit_label(unit.key)
    return f"{label} \u2014 {unit.heading}" if unit.heading else label


def context(session: Session, version: DraftVersion) -> Context:
    units = list(
        session.scalars(
            select(DraftUnit)
            .where(DraftUnit.version_id == version.id)
            .order_by(DraftUnit.ordinal)
            .options(
                load_only(
                    DraftUnit.id,
                    DraftUnit.key,
                    DraftUnit.kind,
                    DraftUnit.heading,
                    DraftUnit.parent_id,
                    DraftUnit.ordinal,
                )
            )
        )
    )
    themes, campaigns = _groups(session, version)
    return Context(version, units, themes, campaigns)


# The themes and campaign groups come from the summaries, an area above this one: it gives a
# loader (``participation.summaries.inbox_groups``) rather than drafts importing it.
GroupLoader = Callable[[Session, DraftVersion], tuple[list[Group], list[Group]]]
_group_loaders: list[GroupLoader] = []


def provide_groups(loader: GroupLoader) -> GroupLoader:
    if loader not in _group_loaders:
        _group_loaders.append(loader)
    return loader


def _groups(session: Session, version: DraftVersion) -> tuple[list[Group], list[Group]]:
    themes: list[Group] = []
    campaigns: list[Group] = []
    for loader in _group_loaders:
        more_themes, more_campaigns = loader(session, version)
        themes += more_themes
        campaigns += more_campaigns
    return themes, campaigns


# ------------------------------------------------------------------------------- the rows

_COMMENT_COLUMNS = (Comment.visibility, Comment.response_id, Comment.stance, Comment.source)


def _rows(version_id: int):
    """One row per comment of the version: (comment_id, unit_id, unit_key, ordinal, removed,
    anchor_status, visibility, response_id, stance, source). ``removed`` sorts a removed
    clause's comments last; ``anchor_status`` is NULL for a comment made on this version. The
    comment's own columns the filters and counts need are read here, where each branch meets
    the comment anyway (index-only with ``ix_comment_inbox``), so counting and filtering never
    go back to the comment table."""
    direct = (
        select(
            Comment.id.label("comment_id"),
            DraftUnit.id.label("unit_id"),
            DraftUnit.key.label("unit_key"),
            DraftUnit.ordinal.label("ordinal"),
            literal(0, Integer).label("removed"),
            cast(null(), String(16)).label("anchor_status"),
            *_COMMENT_COLUMNS,
        )
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version_id, Comment.parent_id.is_(None))
    )
    here, before = aliased(DraftUnit), aliased(DraftUnit)
    carried = (
        select(
            CommentAnchor.comment_id,
            here.id,
            func.coalesce(here.key, before.key),
            func.coalesce(here.ordinal, before.ordinal),
            case((CommentAnchor.status == "removed", 1), else_=0),
            CommentAnchor.status,
            *_COMMENT_COLUMNS,
        )
        .select_from(CommentAnchor)
        .join(Comment, Comment.id == CommentAnchor.comment_id)
        .outerjoin(here, here.id == CommentAnchor.unit_id)
        .join(before, before.id == CommentAnchor.from_unit_id)
        .where(CommentAnchor.version_id == version_id)
    )
    return union_all(direct, carried).subquery("inbox_rows")


def _search(session: Session, words: list[str], r):
    if session.get_bind().dialect.name == "postgresql":
        # a semi-join on the GIN expression index (migration 0014): as a filter on each joined
        # row, the planner recomputed to_tsvector for every comment of the version
        simple = literal_column("'simple'::regconfig")
        return r.c.comment_id.in_(
            select(Comment.id).where(
                func.to_tsvector(simple, Comment.body).op("@@")(func.plainto_tsquery(simple, " ".join(words)))
            )
        )
    fts = " ".join(f'"{w}"' for w in words)  # every word, each quoted: no FTS5 syntax from users
    return r.c.comment_id.in_(
        text("SELECT rowid FROM comment_fts WHERE comment_fts MATCH :fts")
        .bindparams(fts=fts)
        .columns(column("rowid", Integer))
    )


def _conditions(session: Session, ctx: Context, f: Filter, r) -> list:
    conds = [r.c.visibility.in_(LISTED)]
    for key in (f.bab, f.pasal):
        if key == REMOVED:
            conds.append(r.c.removed == 1)
        elif key:
            conds += [r.c.removed == 0, r.c.unit_id.in_(ctx.subtree(key))]
    if f.stance:
        conds.append(r.c.stance == f.stance)
    if f.answered:
        conds.append(r.c.response_id.is_not(None) if f.answered == "sudah" else r.c.response_id.is_(None))
    if f.source:
        conds.append(r.c.source == f.source)
    for kind, value in (("theme", f.theme), ("campaign", f.campaign)):
        if value:
            group = ctx.group(kind, value)
            conds.append(r.c.comment_id.in_(group.comment_ids if group else []))
    if f.origin:
        conds.append(
            r.c.anchor_status.is_not(None) if f.origin == "sebelumnya" else r.c.anchor_status.is_(None)
        )
    if f.words:
        conds.append(_search(session, f.words, r))
    return conds


def _matching(session: Session, ctx: Context, f: Filter, columns):
    """The comments matching ``f``, as ``columns(rows)``, and the rows subquery to order by."""
    r = _rows(ctx.version.id)
    stmt = select(*columns(r)).select_from(r)
    return stmt.where(*_conditions(session, ctx, f, r)), r


def _order(r):
    return (r.c.removed, r.c.ordinal, r.c.comment_id)


@dataclass
class Progress:
    answered: int = 0
    total: int = 0

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


@dataclass
class Counts:
    matching: int = 0  # listed comments matching the filter, hidden ones included
    answered: int = 0
    hidden: int = 0

    @property
    def unanswered(self) -> int:
        return self.matching - self.answered


@dataclass
class Overview:
    overall: Progress
    per_pasal: dict[str, Progress]  # document order, "dihapus" last
    pending: int  # held for pre-moderation: not listed until a moderator approves them


def overview(session: Session, ctx: Context) -> Overview:
    """Progress overall and per pasal (what the public sees: hidden comments are not counted)
    and the number held for moderation: one statement grouped by unit."""
    r = _rows(ctx.version.id)
    rows = session.execute(
        select(r.c.unit_id, r.c.removed, r.c.visibility, func.count(), func.count(r.c.response_id)).group_by(
            r.c.unit_id, r.c.removed, r.c.visibility
        )
    ).all()
    order = {u.key: u.ordinal for u in ctx.units}
    overall, per_pasal, pending = Progress(), {}, 0
    for unit_id, removed, visibility, n, answered in rows:
        if visibility == Visibility.PENDING.value:
            pending += n
            continue
        if visibility not in LISTED:
            continue
        p = per_pasal.setdefault(REMOVED if removed else ctx.pasal_of(unit_id), Progress())
        if visibility == Visibility.VISIBLE.value:
            p.total += n
            p.answered += answered
            overall.total += n
            overall.answered += answered
    ordered = dict(
        sorted(per_pasal.items(), key=lambda kv: (kv[0] == REMOVED, order.get(kv[0], 10**9), kv[0]))
    )
    return Overview(overall, ordered, pending)


def counts(session: Session, ctx: Context, f: Filter) -> Counts:
    stmt, _r = _matching(session, ctx, f, _totals)
    n, answered, hidden = session.execute(stmt).one()
    return Counts(int(n), int(answered), int(hidden))


@dataclass
class Row:
    comment: Comment
    unit_key: str
    anchor_status: str | None = None

    @property
    def pasal(self) -> str:
        return REMOVED if self.anchor_status == "removed" else self.unit_key.split("/")[0]


def _totals(r, *, window: bool = False):
    """How many match, how many of them are answered, how many hidden (as window aggregates
    beside a page's rows with ``window``)."""
    hidden = case((r.c.visibility == Visibility.HIDDEN.value, 1), else_=0)
    aggregates = (func.count(), func.count(r.c.response_id), func.sum(hidden))
    if window:
        aggregates = tuple(a.over() for a in aggregates)
    return (*aggregates[:2], func.coalesce(aggregates[2], 0))


def page(
    session: Session, ctx: Context, f: Filter, number: int = 1, per_page: int = PER_PAGE
) -> tuple[list[Row], Counts, int]:
    """One page of the matching comments in document order (removed clauses last), with their
    authors and tanggapan, and the counts of all that match (window aggregates over the same
    scan): one statement, two when ``number`` is past the last page (the last page is shown).
    Returns the rows, the counts and the page number shown."""
    # the page's ids and the totals from the narrow rows; the comments' full rows (their
    # bodies) are read for this page only
    stmt, r = _matching(
        session,
        ctx,
        f,
        lambda r: (
            r.c.comment_id,
            r.c.unit_key,
            r.c.anchor_status,
            r.c.removed,
            r.c.ordinal,
            *_totals(r, window=True),
        ),
    )
    stmt = stmt.order_by(*_order(r)).limit(per_page)

    def read(number: int) -> list:
        ids = stmt.offset((number - 1) * per_page).subquery("page_ids")
        return (
            session.execute(
                select(Comment, ids.c.unit_key, ids.c.anchor_status, *list(ids.c)[-3:])
                .join(ids, ids.c.comment_id == Comment.id)
                .options(joinedload(Comment.author), joinedload(Comment.response))
                .order_by(ids.c.removed, ids.c.ordinal, ids.c.comment_id)
            )
            .unique()
            .all()
        )

    found = read(number)
    if found:
        totals = Counts(*(int(v) for v in found[0][3:]))
    else:
        totals = counts(session, ctx, f)
        last = max(1, -(-totals.matching // per_page))
        if number > last:
            number = last
            found = read(number)
    return [Row(c, key, status) for c, key, status, *_t in found], totals, number


def matching_ids(session: Session, ctx: Context, f: Filter) -> list[int]:
    """Every comment id matching ``f`` (for answering them all), in the inbox's order."""
    stmt, r = _matching(session, ctx, f, lambda r: (r.c.comment_id,))
    return list(session.scalars(stmt.order_by(*_order(r))))
