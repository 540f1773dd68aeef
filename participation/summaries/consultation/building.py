"""Building the laporan hasil uji publik from the database as it is now: the measured version,
the matriks tanggapan, the pasal changed because of public input (with word diffs), what was not
taken up and the comments left unanswered with the ketua tim penyusun's reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import DISPOSITION_LABELS, Comment, Disposition, Response, Visibility
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.drafts import final, lifecycle, outcomes, queries
from participation.drafts.anchoring import word_diff
from participation.drafts.models import AnchorStatus, Draft, DraftVersion, VersionStatus, unit_label
from participation.summaries.consultation.figures import consultation_windows, participation_figures
from participation.summaries.consultation.model import (
    ChangedClause,
    ChangedComment,
    ChangedPasal,
    ConsultationReport,
    Exempted,
    MatrixRow,
    NotTakenUp,
)

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
    windows = consultation_windows(session, draft, version)
    matrix = _matrix(session, version)
    figures, channels, by_kelurahan, by_stance = participation_figures(session, version)
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
