"""The laporan hasil uji publik of a draft: the document a DPRD secretariat files with the raperda
(issue 16).

``consultation_report(session, draft, now=...)`` gathers, from the database as it is now:

- who and what: the draft, its stage, perda and Lembaran Daerah numbers when known, and the
  version the figures are measured on: the naskah akhir (``Draft.final_version_id``) or, before
  it exists, the newest published version (the report is then ``provisional``: "sementara");
- how the consultation ran (a fixed paragraph) and its windows: each published version with its
  dates (the pages and files show them in WITA) and the comments received on it;
- channels (``Comment.source``), participation figures (comments, commenters, by kelurahan, by
  stance, replies, endorsements), the matriks tanggapan of the measured version;
- the pasal changed because of public input (``drafts.outcomes``: answer diterima or diterima
  sebagian and the clause's text changed between the commented version and the final one), with
  the word diff of each clause — only once a final or enacted text exists;
- what was not taken up: comments answered "tidak diterima" with the reasons, and comments left
  unanswered with the ketua tim penyusun's recorded reason (``final.exemptions``);
- answer progress.

The report is public. As on every public summary (``redaction.strip_withdrawn``, the summary
pages), a comment hidden by a moderator or not public yet (held for pre-moderation, an
unconfirmed e-mail) is only counted, never quoted; no commenter's name is printed.

``outcome_summary`` is the short form the summaries show ("n masukan diterima (termasuk
sebagian), m pasal berubah karena masukan publik"). ``consultation_report_file`` is the job
that builds the PDF or XLSX of a draft with thousands of comments.

Flask-free; reads only (the job stores a report file and flushes, never commits).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import (
    DISPOSITION_LABELS,
    SOURCE_LABELS,
    STANCE_LABELS,
    Comment,
    Disposition,
    Response,
    Source,
    Stance,
    Visibility,
)
from participation.core.errors import NotFound
from participation.core.files import REPORT_LIFETIME, FileKind, store_file
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import final, lifecycle, outcomes, queries
from participation.drafts.anchoring import word_diff
from participation.drafts.jobs import matrix_size
from participation.drafts.models import (
    AnchorStatus,
    CommentAnchor,
    Draft,
    DraftUnit,
    DraftVersion,
    VersionStatus,
    unit_label,
)
from participation.jobs import JobContext, job_handler
from participation.regions.models import Kelurahan

__all__ = [
    "ConsultationReport",
    "consultation_report",
    "measured_version",
    "outcome_summary",
    "report_key",
]

METHOD = N_(
    "Uji publik dilaksanakan secara daring melalui platform partisipasi publik pemerintah "
    "kota. Naskah rancangan diterbitkan utuh dan dapat dibaca per pasal, ayat dan huruf; warga "
    "memberi masukan langsung pada baris naskah yang dimaksud, dengan sikap (mendukung, "
    "keberatan, usul perubahan redaksi atau pertanyaan) dan, bila perlu, usul rumusan. Masukan "
    "yang diterima di luar platform (surat, e-mail, rapat dengar pendapat umum, forum "
    "sosialisasi) dicatat oleh tim penyusun pada pasal yang dimaksud beserta sumbernya. Setiap "
    "masukan dijawab tim penyusun dengan keputusan (diterima, diterima sebagian, tidak diterima "
    "atau dijelaskan) dan alasannya, yang dapat dibaca umum di samping masukan itu. Masukan "
    "pada versi sebelumnya dibawa ke versi berikutnya pada pasal yang sama."
)
UNKNOWN_KELURAHAN = N_("tidak diketahui")

# channels as a DPRD secretariat groups them: online, letters, hearings
CHANNEL_GROUPS: dict[str, str] = {
    Source.PLATFORM.value: N_("daring"),
    Source.SURAT.value: N_("surat"),
    Source.EMAIL.value: N_("surat"),
    Source.RDPU.value: N_("rapat dan forum"),
    Source.FORUM.value: N_("rapat dan forum"),
    Source.OTHER.value: N_("lainnya"),
}
SOURCES = tuple(s.value for s in Source)
STANCES = tuple(s.value for s in Stance)
HELD = (Visibility.PENDING.value, Visibility.UNCONFIRMED.value, Visibility.UNCONFIRMED_HELD.value)


@dataclass(frozen=True)
class Window:
    """One published consultation version."""

    number: int
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    published_at: dt.datetime | None
    comments: int  # visible top-level comments made on this version
    measured: bool  # the version the report's figures are measured on


@dataclass(frozen=True)
class Channel:
    source: str
    label: str
    group: str
    comments: int


@dataclass(frozen=True)
class KelurahanRow:
    code: str | None
    name: str
    comments: int
    commenters: int


@dataclass(frozen=True)
class StanceRow:
    stance: str
    label: str
    comments: int


@dataclass(frozen=True)
class MatrixRow:
    """One comment of the matriks tanggapan (public: no name)."""

    number: int
    comment_id: int
    unit_key: str
    label: str
    removed: bool  # its clause was removed from the measured version
    stance: str | None
    stance_label: str
    source_label: str
    body: str
    suggested_wording: str | None
    disposition: str | None
    disposition_label: str  # "belum ditanggapi" when unanswered
    reason: str
    resulting_wording: str


@dataclass(frozen=True)
class ChangedComment:
    comment_id: int
    body: str
    disposition_label: str
    reason: str


@dataclass(frozen=True)
class ChangedClause:
    label: str
    old_text: str
    new_text: str | None  # None: the clause was removed
    diff: list[tuple[str, str]]  # (equal|delete|insert, words)
    comments: list[ChangedComment]

    @property
    def removed(self) -> bool:
        return self.new_text is None


@dataclass(frozen=True)
class ChangedPasal:
    label: str
    clauses: list[ChangedClause]


@dataclass(frozen=True)
class NotTakenUp:
    comment_id: int
    label: str
    stance_label: str
    source_label: str
    body: str
    reason: str


@dataclass(frozen=True)
class Exempted:
    """A comment left unanswered, with the ketua tim penyusun's reason."""

    comment_id: int
    label: str
    body: str
    reason: str
    actor_name: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class Figures:
    comments: int  # visible top-level comments shown on the measured version
    hidden: int  # disembunyikan moderator (counted only)
    held: int  # not public yet: held for pre-moderation or an unconfirmed e-mail (counted only)
    commenters: int
    registered_commenters: int
    external_commenters: int
    replies: int
    endorsements: int
    answered: int

    @property
    def unanswered(self) -> int:
        return self.comments - self.answered

    @property
    def share_answered(self) -> float | None:
        return self.answered / self.comments if self.comments else None


@dataclass
class ConsultationReport:
    draft_id: int
    title: str
    kind_label: str
    initiator: str
    stage: str
    stage_label: str
    stage_on: dt.date | None
    perda_number: str | None
    enacted_on: dt.date | None
    gazette_number: str | None
    promulgated_on: dt.date | None
    version_id: int
    version_number: int
    version_title: str
    provisional: bool  # no naskah akhir yet: the figures are those of the newest version
    final_version_number: int | None
    enacted_version_number: int | None
    generated_at: dt.datetime
    method: str
    windows: list[Window]
    channels: list[Channel]
    figures: Figures
    by_kelurahan: list[KelurahanRow]
    by_stance: list[StanceRow]
    matrix: list[MatrixRow]
    # pasal changed because of public input (None: no final or enacted text yet)
    changed: list[ChangedPasal] | None
    outcome_figures: outcomes.Figures | None
    outcomes_enacted: bool  # measured against the enacted text (else the naskah akhir)
    not_accepted: list[NotTakenUp]
    exempted: list[Exempted]
    exempted_withheld: int  # exemptions of comments not public now (counted only)
    comments_revision: int = 0
    channel_groups: list[tuple[str, int]] = field(default_factory=list)
    # the draft's story (stages and versions), as on its public history page
    timeline: list[lifecycle.Step] = field(default_factory=list)

    @property
    def pasal_changed(self) -> list[str]:
        return [p.label for p in self.changed or []]

    @property
    def by_disposition(self) -> list[tuple[str, int]]:
        counts = Counter(r.disposition for r in self.matrix)
        return [(DISPOSITION_LABELS[d], counts.get(d.value, 0)) for d in Disposition]


# ----------------------------------------------------------------------------- building


def measured_version(session: Session, draft: Draft) -> DraftVersion | None:
    """The naskah akhir, else the newest published version (never the enacted text: that is
    the measure of outcomes, not a consultation version)."""
    if draft.final_version_id is not None:
        return session.get(DraftVersion, draft.final_version_id)
    stmt = select(DraftVersion).where(
        DraftVersion.draft_id == draft.id, DraftVersion.status == VersionStatus.PUBLISHED.value
    )
    if draft.enacted_version_id is not None:
        stmt = stmt.where(DraftVersion.id != draft.enacted_version_id)
    return session.scalar(stmt.order_by(DraftVersion.number.desc()).limit(1))


def _on_version(version: DraftVersion) -> Any:
    """Top-level comments shown on ``version``: made on it or carried to it (a removed
    clause's too), any visibility."""
    own = (
        select(Comment.id)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version.id, Comment.parent_id.is_(None))
    )
    carried = select(CommentAnchor.comment_id).where(CommentAnchor.version_id == version.id)
    return or_(Comment.id.in_(own), Comment.id.in_(carried))


def _windows(session: Session, draft: Draft, measured: DraftVersion) -> list[Window]:
    versions = list(
        session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft.id, DraftVersion.status == VersionStatus.PUBLISHED.value)
            .order_by(DraftVersion.number)
        )
    )
    counts = dict(
        session.execute(
            select(DraftUnit.version_id, func.count(Comment.id))
            .join(Comment, Comment.target_id == DraftUnit.comment_target_id)
            .join(DraftVersion, DraftVersion.id == DraftUnit.version_id)
            .where(
                DraftVersion.draft_id == draft.id,
                Comment.parent_id.is_(None),
                Comment.visibility == Visibility.VISIBLE.value,
            )
            .group_by(DraftUnit.version_id)
        ).all()
    )
    return [
        Window(
            number=v.number,
            opens_at=v.opens_at,
            closes_at=v.closes_at,
            published_at=v.published_at,
            comments=int(counts.get(v.id, 0)),
            measured=v.id == measured.id,
        )
        for v in versions
        if v.id != draft.enacted_version_id
    ]


def _matrix(session: Session, version: DraftVersion) -> list[MatrixRow]:
    out = []
    for n, row in enumerate(queries.matrix(session, version), start=1):
        c, r = row.comment, row.comment.response
        removed = row.anchor_status == AnchorStatus.REMOVED.value
        out.append(
            MatrixRow(
                number=n,
                comment_id=c.id,
                unit_key=row.unit_key,
                label=unit_label(row.unit_key),
                removed=removed,
                stance=c.stance,
                stance_label=c.stance_label,
                source_label=c.source_label,
                body=c.body,
                suggested_wording=c.suggested_wording,
                disposition=r.disposition if r else None,
                disposition_label=r.disposition_label if r else N_("belum ditanggapi"),
                reason=r.reason if r else "",
                resulting_wording=(r.resulting_wording or "") if r else "",
            )
        )
    return out


def _commenter(author_id: int | None, author_name: str | None) -> tuple[str, str]:
    if author_id is not None:
        return ("user", str(author_id))
    return ("name", squash(author_name).casefold() or "-")


def _participation(
    session: Session,
    version: DraftVersion,
) -> tuple[Figures, list[Channel], list[KelurahanRow], list[StanceRow]]:
    rows = session.execute(
        select(
            Comment.id,
            Comment.author_id,
            Comment.author_name,
            Comment.source,
            Comment.stance,
            Comment.visibility,
            Comment.endorsement_count,
            Comment.response_id,
            User.kelurahan_code,
        )
        .outerjoin(User, User.id == Comment.author_id)
        .where(_on_version(version), Comment.parent_id.is_(None))
    ).all()
    visible = [r for r in rows if r.visibility == Visibility.VISIBLE.value]
    hidden = sum(r.visibility == Visibility.HIDDEN.value for r in rows)
    held = sum(r.visibility in HELD for r in rows)
    replies = 0
    if visible:
        replies = int(
            session.scalar(
                select(func.count(Comment.id)).where(
                    Comment.visibility == Visibility.VISIBLE.value,
                    Comment.parent_id.in_(
                        select(Comment.id).where(
                            _on_version(version),
                            Comment.parent_id.is_(None),
                            Comment.visibility == Visibility.VISIBLE.value,
                        )
                    ),
                )
            )
            or 0
        )
    people = {_commenter(r.author_id, r.author_name) for r in visible}
    figures = Figures(
        comments=len(visible),
        hidden=hidden,
        held=held,
        commenters=len(people),
        registered_commenters=sum(kind == "user" for kind, _ in people),
        external_commenters=sum(kind == "name" for kind, _ in people),
        replies=replies,
        endorsements=sum(int(r.endorsement_count or 0) for r in visible),
        answered=sum(r.response_id is not None for r in visible),
    )

    by_source = Counter(r.source for r in visible)
    channels = [
        Channel(
            source=s, label=SOURCE_LABELS[Source(s)], group=CHANNEL_GROUPS[s], comments=by_source.get(s, 0)
        )
        for s in SOURCES
    ]

    codes = {r.kelurahan_code for r in visible if r.author_id is not None and r.kelurahan_code}
    names = (
        dict(
            session.execute(
                select(Kelurahan.code, Kelurahan.name).where(Kelurahan.code.in_(sorted(codes)))
            ).all()
        )
        if codes
        else {}
    )
    per_comments: Counter[str | None] = Counter()
    per_people: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for r in visible:
        code = r.kelurahan_code if r.author_id is not None and r.kelurahan_code in names else None
        per_comments[code] += 1
        per_people[code].add(_commenter(r.author_id, r.author_name))
    by_kelurahan = sorted(
        (
            KelurahanRow(
                code=code,
                name=names[code] if code else UNKNOWN_KELURAHAN,
                comments=n,
                commenters=len(per_people[code]),
            )
            for code, n in per_comments.items()
        ),
        key=lambda k: (k.code is None, -k.comments, k.name),
    )

    stances = Counter(r.stance for r in visible)
    by_stance = [
        StanceRow(stance=s, label=STANCE_LABELS[Stance(s)], comments=stances.get(s, 0)) for s in STANCES
    ]
    return figures, channels, by_kelurahan, by_stance


def _bodies(session: Session, ids: set[int], known: dict[int, MatrixRow]) -> dict[int, str]:
    out = {cid: known[cid].body for cid in ids if cid in known}
    missing = sorted(ids - out.keys())
    for start in range(0, len(missing), 500):
        out.update(
            session.execute(
                select(Comment.id, Comment.body).where(
                    Comment.id.in_(missing[start : start + 500]),
                    Comment.visibility == Visibility.VISIBLE.value,
                )
            ).all()
        )
    return out


def _changed(
    session: Session,
    draft: Draft,
    matrix: list[MatrixRow],
) -> tuple[list[ChangedPasal], outcomes.Figures, bool]:
    found = outcomes.for_draft(session, draft)
    figures = outcomes.figures(found)
    changing = sorted((o for o in found.values() if o.changed_the_law), key=lambda o: o.comment_id)
    by_id = {r.comment_id: r for r in matrix}
    bodies = _bodies(session, {o.comment_id for o in changing}, by_id)
    reasons = (
        dict(
            session.execute(
                select(Comment.id, Response.reason)
                .join(Response, Response.id == Comment.response_id)
                .where(Comment.id.in_([o.comment_id for o in changing if o.comment_id not in by_id]))
            ).all()
        )
        if any(o.comment_id not in by_id for o in changing)
        else {}
    )
    grouped: dict[str, dict[tuple[str, str, str | None], list[outcomes.Outcome]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for o in changing:
        key = o.final_key or o.origin_key
        pasal = unit_label(key.split("/")[0])
        new = None if o.clause == AnchorStatus.REMOVED.value else (o.new_text or "")
        grouped[pasal][(o.label, o.old_text, new)].append(o)
    pasal_rows = []
    for pasal in figures.pasal_changed:
        clauses = []
        for (label, old, new), items in grouped.get(pasal, {}).items():
            clauses.append(
                ChangedClause(
                    label=label,
                    old_text=old,
                    new_text=new,
                    diff=word_diff(old, new) if new is not None else [("delete", old)],
                    comments=[
                        ChangedComment(
                            comment_id=o.comment_id,
                            body=bodies.get(o.comment_id, ""),
                            disposition_label=DISPOSITION_LABELS[Disposition(o.disposition)],
                            reason=(
                                by_id[o.comment_id].reason
                                if o.comment_id in by_id
                                else reasons.get(o.comment_id, "")
                            ),
                        )
                        for o in items
                    ],
                )
            )
        pasal_rows.append(ChangedPasal(label=pasal, clauses=clauses))
    enacted = any(o.enacted for o in found.values()) or draft.enacted_version_id is not None
    return pasal_rows, figures, enacted


def _exempted(
    session: Session,
    draft: Draft,
    matrix: list[MatrixRow],
) -> tuple[list[Exempted], int]:
    if draft.final_version_id is None:
        return [], 0
    version = session.get(DraftVersion, draft.final_version_id)
    kept = final.exemptions(session, version)
    if not kept:
        return [], 0
    by_id = {r.comment_id: r for r in matrix}  # visible comments only
    actors = dict(
        session.execute(
            select(User.id, User.name).where(
                User.id.in_({e.actor_id for e in kept if e.actor_id is not None})
            )
        ).all()
    )
    out, withheld = [], 0
    for e in kept:
        row = by_id.get(e.comment_id)
        if row is None:
            withheld += 1  # hidden or not public now: counted, never quoted
            continue
        out.append(
            Exempted(
                comment_id=e.comment_id,
                label=row.label,
                body=row.body,
                reason=e.reason,
                actor_name=actors.get(e.actor_id, "-"),
                recorded_at=e.created_at,
            )
        )
    return out, withheld


def consultation_report(
    session: Session,
    draft: Draft,
    *,
    now: dt.datetime,
) -> ConsultationReport:
    """The report of ``draft``'s consultation as the data stands now. Raises NotFound when no
    version was ever published (there was no consultation to report)."""
    version = measured_version(session, draft)
    if version is None:
        raise NotFound(N_("Raperda ini belum pernah diterbitkan untuk uji publik."))
    windows = _windows(session, draft, version)
    matrix = _matrix(session, version)
    figures, channels, by_kelurahan, by_stance = _participation(session, version)
    changed: list[ChangedPasal] | None = None
    outcome_figures: outcomes.Figures | None = None
    enacted = False
    if draft.final_version_id is not None or draft.enacted_version_id is not None:
        changed, outcome_figures, enacted = _changed(session, draft, matrix)
    exempted, withheld = _exempted(session, draft, matrix)
    groups: dict[str, int] = {}
    for c in channels:
        groups[c.group] = groups.get(c.group, 0) + c.comments
    numbers = {v.id: v.number for v in draft.versions}
    return ConsultationReport(
        draft_id=draft.id,
        title=draft.title,
        kind_label=draft.kind_label,
        initiator=draft.initiator,
        stage=draft.stage,
        stage_label=draft.stage_label,
        stage_on=draft.stage_on,
        perda_number=draft.perda_number,
        enacted_on=draft.enacted_on,
        gazette_number=draft.gazette_number,
        promulgated_on=draft.promulgated_on,
        version_id=version.id,
        version_number=version.number,
        version_title=version.title,
        provisional=draft.final_version_id is None,
        final_version_number=numbers.get(draft.final_version_id),
        enacted_version_number=numbers.get(draft.enacted_version_id),
        generated_at=now,
        method=METHOD,
        windows=windows,
        channels=channels,
        figures=figures,
        by_kelurahan=by_kelurahan,
        by_stance=by_stance,
        matrix=matrix,
        changed=changed,
        outcome_figures=outcome_figures,
        outcomes_enacted=enacted,
        not_accepted=[
            NotTakenUp(
                comment_id=r.comment_id,
                label=r.label,
                stance_label=r.stance_label,
                source_label=r.source_label,
                body=r.body,
                reason=r.reason,
            )
            for r in matrix
            if r.disposition == Disposition.NOT_ACCEPTED.value
        ],
        exempted=exempted,
        exempted_withheld=withheld,
        comments_revision=draft.comments_revision or 0,
        timeline=lifecycle.timeline(session, draft).steps,
        channel_groups=list(groups.items()),
    )


# ----------------------------------------------------------------------------- the summaries


def outcome_summary(session: Session, draft: Draft) -> dict[str, Any] | None:
    """ "n masukan diterima (termasuk sebagian), m pasal berubah karena masukan publik" as plain
    JSON values, once a final or enacted text exists (else None). One statement."""
    target = final.final_version(session, draft)
    if target is None:
        return None
    figures = outcomes.figures(outcomes.for_draft(session, draft))
    return {
        "measured_on": "enacted" if target.id == draft.enacted_version_id else "final",
        "version_number": target.number,
        "perda_number": draft.perda_number,
        "comments": figures.comments,
        "answered": figures.answered,
        "accepted": figures.accepted,
        "changed_the_law": figures.changed_the_law,
        "pasal_changed": list(figures.pasal_changed),
    }


def outcome_summary_of_version(session: Session, version_id: int) -> dict[str, Any] | None:
    version = session.get(DraftVersion, version_id)
    if version is None:
        return None
    draft = session.get(Draft, version.draft_id)
    return outcome_summary(session, draft) if draft is not None else None


# ----------------------------------------------------------------------------- large drafts

REPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_size(session: Session, draft: Draft) -> int:
    """About how many comments the report lists (those on the measured version, any
    visibility): two counts, no rows loaded."""
    version = measured_version(session, draft)
    return matrix_size(session, version) if version is not None else 0


def report_key(draft: Draft, fmt: str) -> str:
    """A built file's identity: every comment, answer, moderation and stage change bumps
    ``comments_revision`` (``drafts.services.bump_draft``), so a file built before one is
    never served after it. The report is the same for every reader."""
    return (
        f"consultation-report:{draft.id}:{draft.comments_revision or 0}:{draft.stage}:"
        f"{draft.final_version_id or 0}:{draft.enacted_version_id or 0}:{fmt}"
    )


def report_filename(draft: Draft) -> str:
    return f"laporan-hasil-uji-publik-raperda-{draft.id}"


def render(report: ConsultationReport, fmt: str, *, url: str, city: str) -> bytes:
    from participation.summaries.reports import consultation as files  # reportlab: on demand

    if fmt == "pdf":
        return files.consultation_pdf(report, url=url, city=city)
    return files.consultation_xlsx(report, url=url, city=city)


@job_handler("summaries.consultation_report", title=N_("Menyusun laporan hasil uji publik"), max_attempts=2)
def consultation_report_file(
    ctx: JobContext,
    *,
    draft_id: int,
    fmt: str,
    url: str,
    city: str,
) -> dict[str, Any]:
    """The PDF or XLSX of a large draft's report, kept as a report file (it expires, then is
    built again when asked for); the status page links to the download itself."""
    if fmt not in REPORT_TYPES:
        raise ValueError(f"report format {fmt!r}")
    draft = ctx.session.get(Draft, int(draft_id))
    if draft is None:
        raise NotFound(N_("Raperda tidak ditemukan."))
    ctx.progress(10, N_("Memuat masukan"))
    report = consultation_report(ctx.session, draft, now=ctx.now)
    ctx.progress(50, N_("Menyusun berkas laporan"))
    data = render(report, fmt, url=url, city=city)
    ctx.progress(90, N_("Menyimpan berkas laporan"))
    stored = store_file(
        ctx.session,
        data,
        content_type=REPORT_TYPES[fmt],
        filename=f"{report_filename(draft)}.{fmt}",
        kind=FileKind.REPORT,
        actor_id=ctx.actor_id,
        now=ctx.now,
        expires_at=ctx.now + REPORT_LIFETIME,
    )
    return {
        "file_id": stored.id,
        "endpoint": "summaries.consultation_report_file",
        "values": {"draft_id": draft.id, "fmt": fmt},
        "size": stored.size,
    }
