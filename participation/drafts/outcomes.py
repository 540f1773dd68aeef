"""Did my comment change the law? For every comment, once the naskah akhir or the enacted text
exists: whether the clause it was on changed after the comment, whether the answer accepted it,
and the text commented on beside the final text (for a word diff).

The facts come from what carrying already stores: the comment's ``CommentAnchor`` on the final
version (status unchanged / changed / removed, the subtree text when commented on and in the
final version). A comment made on the final version itself stands on unchanged text.

"Changed because of public input" (the laporan's list, the summaries' count) means: the answer
is diterima or diterima sebagian AND the clause's text changed (or the clause was removed)
between the commented version and the final one.

Flask-free; flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from participation.comments import services as comment_services
from participation.comments.models import (
    DISPOSITION_LABELS,
    Comment,
    Disposition,
    Response,
    Visibility,
)
from participation.core.i18n import N_, join
from participation.core.text import truncate
from participation.drafts.models import (
    AnchorStatus,
    CommentAnchor,
    Draft,
    DraftUnit,
    DraftVersion,
    unit_label,
)

ACCEPTING = frozenset({Disposition.ACCEPTED.value, Disposition.PARTIALLY_ACCEPTED.value})


class Verdict(enum.StrEnum):
    CHANGED_LAW = "changed_law"  # accepted, and the clause changed
    REMOVED_LAW = "removed_law"  # accepted, and the clause was removed
    ACCEPTED_UNCHANGED = "accepted_unchanged"  # accepted, the text did not change
    CHANGED_OTHERWISE = "changed_otherwise"  # the clause changed or went; the answer did not accept
    UNCHANGED = "unchanged"  # not accepted, the text stayed


@dataclass(frozen=True)
class Outcome:
    comment_id: int
    draft_id: int
    final_version_id: int
    final_version_number: int
    enacted: bool  # measured against the enacted text (else the naskah akhir)
    perda_number: str | None
    origin_version_number: int
    origin_key: str
    final_key: str | None  # where the clause is in the final text (None: removed)
    clause: str  # AnchorStatus value
    disposition: str | None  # the answer's, None when unanswered
    old_text: str
    new_text: str | None

    @property
    def accepted(self) -> bool:
        return self.disposition in ACCEPTING

    @property
    def disposition_label(self) -> str | None:
        """The answer as worded (to translate when shown); None when unanswered."""
        return DISPOSITION_LABELS[Disposition(self.disposition)] if self.disposition else None

    @property
    def clause_changed(self) -> bool:
        return self.clause != AnchorStatus.UNCHANGED.value

    @property
    def changed_the_law(self) -> bool:
        return self.accepted and self.clause_changed

    @property
    def verdict(self) -> Verdict:
        if self.accepted:
            if self.clause == AnchorStatus.REMOVED.value:
                return Verdict.REMOVED_LAW
            return Verdict.CHANGED_LAW if self.clause_changed else Verdict.ACCEPTED_UNCHANGED
        return Verdict.CHANGED_OTHERWISE if self.clause_changed else Verdict.UNCHANGED

    @property
    def label(self) -> str:
        """The clause as people cite it: where it is in the final text, else where it was."""
        return unit_label(self.final_key or self.origin_key)


def _query(where: Iterable) -> object:  # a select
    origin, here = aliased(DraftUnit), aliased(DraftUnit)
    origin_version, final = aliased(DraftVersion), aliased(DraftVersion)
    target = func.coalesce(Draft.enacted_version_id, Draft.final_version_id)
    return (
        select(
            Comment.id,
            Draft.id,
            Draft.enacted_version_id,
            Draft.perda_number,
            final.id,
            final.number,
            origin_version.id,
            origin_version.number,
            origin.key,
            origin.text,
            Response.disposition,
            CommentAnchor.status,
            CommentAnchor.old_text,
            CommentAnchor.new_text,
            here.key,
        )
        .join(origin, origin.comment_target_id == Comment.target_id)
        .join(origin_version, origin_version.id == origin.version_id)
        .join(Draft, Draft.id == origin_version.draft_id)
        .join(final, final.id == target)
        .outerjoin(Response, Response.id == Comment.response_id)
        .outerjoin(
            CommentAnchor, and_(CommentAnchor.comment_id == Comment.id, CommentAnchor.version_id == final.id)
        )
        .outerjoin(here, here.id == CommentAnchor.unit_id)
        .where(Comment.parent_id.is_(None), *where)
        .order_by(Comment.id)
    )


def _outcomes(session: Session, where: Iterable) -> dict[int, Outcome]:
    out: dict[int, Outcome] = {}
    for (
        cid,
        draft_id,
        enacted_id,
        perda_number,
        final_id,
        final_number,
        origin_vid,
        origin_number,
        origin_key,
        origin_text,
        disposition,
        status,
        old_text,
        new_text,
        here_key,
    ) in session.execute(_query(where)):
        if origin_vid == final_id:  # made on the final text itself: nothing changed after it
            status, old_text, new_text, here_key = (
                AnchorStatus.UNCHANGED.value,
                origin_text,
                origin_text,
                origin_key,
            )
        elif status is None:
            continue  # not carried (a later version made elsewhere): no verdict to give
        out[cid] = Outcome(
            comment_id=cid,
            draft_id=draft_id,
            final_version_id=final_id,
            final_version_number=final_number,
            enacted=enacted_id is not None and enacted_id == final_id,
            perda_number=perda_number,
            origin_version_number=origin_number,
            origin_key=origin_key,
            final_key=here_key,
            clause=status,
            disposition=disposition,
            old_text=old_text or "",
            new_text=new_text,
        )
    return out


def for_comments(session: Session, comment_ids: Iterable[int]) -> dict[int, Outcome]:
    """The outcome of each of these comments whose draft has a final or enacted text (the
    others are simply absent). One statement."""
    ids = sorted({int(i) for i in comment_ids})
    if not ids:
        return {}
    return _outcomes(session, [Comment.id.in_(ids)])


def for_draft(session: Session, draft: Draft, *, visible_only: bool = True) -> dict[int, Outcome]:
    """Every top-level comment of the draft, measured against its final or enacted text."""
    where = [Draft.id == draft.id]
    if visible_only:
        where.append(Comment.visibility == Visibility.VISIBLE.value)
    return _outcomes(session, where)


@dataclass(frozen=True)
class Figures:
    """ "n masukan diterima, m pasal berubah karena masukan publik"."""

    comments: int
    answered: int
    accepted: int  # diterima or diterima sebagian
    changed_the_law: int  # comments accepted whose clause changed
    pasal_changed: list[str]  # the pasal (as cited) changed because of public input, in order


def figures(outcomes: dict[int, Outcome]) -> Figures:
    pasal: dict[str, None] = {}
    for o in sorted(outcomes.values(), key=lambda o: o.comment_id):
        if o.changed_the_law:
            pasal.setdefault(unit_label((o.final_key or o.origin_key).split("/")[0]), None)
    return Figures(
        comments=len(outcomes),
        answered=sum(o.disposition is not None for o in outcomes.values()),
        accepted=sum(o.accepted for o in outcomes.values()),
        changed_the_law=sum(o.changed_the_law for o in outcomes.values()),
        pasal_changed=sorted(pasal, key=_pasal_order),
    )


def _pasal_order(label: str) -> tuple[int, str]:
    number = label.split(" ")[-1]
    return (int(number) if number.isdigit() else 10**6, label)


def notify_enacted(session: Session, *, draft: Draft, version: DraftVersion, now: dt.datetime) -> int:
    """Tell every registered commenter of the draft, once, what became of their comments in the
    enacted text. Returns how many were told."""
    by_author: dict[int, list[Outcome]] = defaultdict(list)
    authors = dict(
        session.execute(
            select(Comment.id, Comment.author_id)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .join(DraftVersion, DraftVersion.id == DraftUnit.version_id)
            .where(
                DraftVersion.draft_id == draft.id,
                Comment.parent_id.is_(None),
                Comment.author_id.is_not(None),
                Comment.visibility == Visibility.VISIBLE.value,
            )
        ).all()
    )
    for cid, outcome in for_draft(session, draft).items():
        if cid in authors:
            by_author[authors[cid]].append(outcome)
    title = truncate(draft.title, 80)
    for author_id, outcomes in by_author.items():
        changed = sorted({o.label for o in outcomes if o.changed_the_law}, key=_key_order)
        head = N_("\u201c%(title)s\u201d ditetapkan sebagai Perda Nomor %(number)s.") % {
            "title": title,
            "number": draft.perda_number,
        }
        if changed:
            tail = N_("Masukan Anda ikut mengubah %(units)s.") % {"units": _join(changed)}
        else:
            tail = N_("Masukan Anda tidak mengubah bunyi pasal dalam teks yang ditetapkan.")
        comment_services.notify(
            session,
            user_id=author_id,
            kind="perda_enacted",
            now=now,
            url="/masukan-saya",
            text=join(" ", [head, tail, N_("Lihat rinciannya di Masukan saya.")]),
        )
    return len(by_author)


def _key_order(label: str) -> tuple:
    return tuple(
        int(p) if p.isdigit() else 0 for p in label.replace("(", " ").replace(")", " ").split() if p.isdigit()
    )


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return N_("%(first)s dan %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
