"""Loading the plain rows that ``aggregation.py`` summarises, and reading stored snapshots.

Read-only; a constant number of statements per summary whatever the data size. Must not import
Flask.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Comment, Response, Visibility
from participation.drafts.models import Draft, DraftUnit, DraftVersion, unit_label
from participation.musrenbang.models import MusrenbangCycle, Pagu, Usulan, UsulanEvent
from participation.regions.models import Kecamatan, Kelurahan
from participation.summaries.aggregation import (
    CommentRow,
    DraftInputs,
    MusrenbangInputs,
    ResponseInfo,
    UnitRow,
    UsulanRow,
)
from participation.summaries.models import SummaryKind, SummarySnapshot

CONTAINERS = {"bab", "bagian", "paragraf"}


def draft_scope_key(version_id: int) -> str:
    return f"version:{version_id}"


def musrenbang_scope_key(year: int, kecamatan_code: str | None = None) -> str:
    return f"musrenbang:{year}" + (f":{kecamatan_code}" if kecamatan_code else "")


def latest_snapshot(session: Session, kind: str, scope_key: str) -> SummarySnapshot | None:
    return session.scalars(
        select(SummarySnapshot)
        .where(SummarySnapshot.kind == kind, SummarySnapshot.scope_key == scope_key)
        .order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
        .limit(1)
    ).first()


def snapshot_index(session: Session) -> list[SummarySnapshot]:
    """The newest snapshot of every scope, newest first (for the summaries index page)."""
    rows = session.scalars(
        select(SummarySnapshot).order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
        .limit(500)
    )
    seen: set[tuple[str, str]] = set()
    out = []
    for snap in rows:
        if (snap.kind, snap.scope_key) not in seen:
            seen.add((snap.kind, snap.scope_key))
            out.append(snap)
    return out


def load_draft_inputs(session: Session, version_id: int, *, city: str) -> DraftInputs | None:
    version = session.get(DraftVersion, version_id)
    if version is None:
        return None
    draft = session.get(Draft, version.draft_id)
    if draft is None:  # a version always has its draft (foreign key); keeps type checkers quiet
        return None
    units = list(session.scalars(
        select(DraftUnit).where(DraftUnit.version_id == version_id).order_by(DraftUnit.ordinal)))
    by_id = {u.id: u for u in units}

    def ancestor(u: DraftUnit, kinds: set[str]) -> DraftUnit | None:
        node: DraftUnit | None = u
        while node is not None:
            if node.kind in kinds:
                return node
            node = by_id.get(node.parent_id) if node.parent_id else None
        return None

    def top(u: DraftUnit) -> DraftUnit:
        node = u
        while node.parent_id and by_id.get(node.parent_id) is not None \
                and by_id[node.parent_id].kind not in CONTAINERS:
            node = by_id[node.parent_id]
        return node

    unit_rows = []
    target_to_key: dict[int, str] = {}
    for u in units:
        bab = ancestor(u, {"bab"})
        pasal = ancestor(u, {"pasal"})
        group = pasal.key if pasal is not None else (u.key if u.kind in CONTAINERS else top(u).key)
        label = f"BAB {u.number}" if u.kind == "bab" and u.number else unit_label(u.key)
        unit_rows.append(UnitRow(key=u.key, kind=u.kind, label=label, heading=u.heading,
                                 text=u.text, ordinal=u.ordinal,
                                 bab_key=bab.key if bab else None, group_key=group,
                                 content_hash=u.content_hash))
        if u.comment_target_id is not None:
            target_to_key[u.comment_target_id] = u.key

    rows = session.execute(
        select(Comment, Response, User.name, User.anonymised_at)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .outerjoin(Response, Response.id == Comment.response_id)
        .outerjoin(User, User.id == Comment.author_id)
        .where(DraftUnit.version_id == version_id)
        .order_by(Comment.id)
    ).all()
    comments = []
    for comment, response, user_name, anonymised_at in rows:
        display = comment.author_name if comment.author_id is None else (
            None if anonymised_at else user_name)
        comments.append(CommentRow(
            id=comment.id, unit_key=target_to_key[comment.target_id], stance=comment.stance,
            body=comment.body, created_at=comment.created_at, external_id=comment.external_id,
            suggested_wording=comment.suggested_wording, author_id=comment.author_id,
            author_display=display, parent_id=comment.parent_id,
            endorsements=comment.endorsement_count or 0,
            response=None if response is None else ResponseInfo(
                response.id, response.disposition, response.reason, response.resulting_wording),
            hidden=comment.visibility != Visibility.VISIBLE.value,
        ))
    return DraftInputs(
        draft_id=draft.id, draft_title=draft.title, version_id=version.id,
        version_number=version.number, city=city, units=unit_rows, comments=comments,
        opens_at=version.opens_at, closes_at=version.closes_at,
    )


def load_musrenbang_inputs(
    session: Session, year: int, *, city: str, kecamatan_code: str | None = None
) -> MusrenbangInputs | None:
    cycle = session.scalar(select(MusrenbangCycle).where(MusrenbangCycle.year == year))
    if cycle is None:
        return None
    kec_stmt = select(Kecamatan.code, Kecamatan.name)
    kel_stmt = select(Kelurahan.code, Kelurahan.name, Kelurahan.kecamatan_code)
    if kecamatan_code:
        kec_stmt = kec_stmt.where(Kecamatan.code == kecamatan_code)
        kel_stmt = kel_stmt.where(Kelurahan.kecamatan_code == kecamatan_code)
    kecamatan = {code: name for code, name in session.execute(kec_stmt)}
    kelurahan = {code: (name, kec) for code, name, kec in session.execute(kel_stmt)}
    pagu_kel: dict[str, int] = {}
    pagu_kec: dict[str, int] = {}
    for p in session.scalars(select(Pagu).where(Pagu.cycle_id == cycle.id)):
        if p.kelurahan_code and p.kelurahan_code in kelurahan:
            pagu_kel[p.kelurahan_code] = int(p.amount)
        elif p.kecamatan_code and p.kecamatan_code in kecamatan:
            pagu_kec[p.kecamatan_code] = int(p.amount)
    usulan_stmt = select(Usulan).where(Usulan.cycle_id == cycle.id)
    event_stmt = (select(UsulanEvent.usulan_id, UsulanEvent.to_status).distinct()
                  .join(Usulan, Usulan.id == UsulanEvent.usulan_id)
                  .where(Usulan.cycle_id == cycle.id))
    if kecamatan_code:
        usulan_stmt = usulan_stmt.where(Usulan.kelurahan_code.in_(list(kelurahan)))
        event_stmt = event_stmt.where(Usulan.kelurahan_code.in_(list(kelurahan)))
    reached: dict[int, set[str]] = defaultdict(set)
    for usulan_id, status in session.execute(event_stmt):
        reached[usulan_id].add(status)
    rows = [
        UsulanRow(id=u.id, title=u.title, permasalahan=u.permasalahan,
                  kelurahan_code=u.kelurahan_code, status=u.status, anggaran=u.anggaran,
                  bidang=u.bidang, opd=u.opd, jenis=u.jenis,
                  reached=frozenset(reached.get(u.id, set()) | {u.status}))
        for u in session.scalars(usulan_stmt.order_by(Usulan.id))
    ]
    return MusrenbangInputs(
        year=cycle.year, rkpd_year=cycle.rkpd_year, city=city, kecamatan=kecamatan,
        kelurahan=kelurahan, pagu_kelurahan=pagu_kel, pagu_kecamatan=pagu_kec, usulan=rows,
        kecamatan_code=kecamatan_code,
    )


__all__ = ["SummaryKind", "draft_scope_key", "latest_snapshot", "load_draft_inputs",
           "load_musrenbang_inputs", "musrenbang_scope_key", "snapshot_index"]
