"""Loading the plain rows that ``aggregation`` summarises, and the cheap input fingerprint that
says whether a stored snapshot still matches them.

Read-only; a constant number of statements per summary whatever the data size (comment rows are
column tuples streamed in batches, never ORM objects). Must not import Flask.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
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
    fingerprint_rows,
    unit_hash,
)
from participation.summaries.queries import STREAM_BATCH

__all__ = ["draft_input_fingerprint", "load_draft_inputs", "load_musrenbang_inputs"]

CONTAINERS = {"bab", "bagian", "paragraf"}


def _version_row(session: Session, version_id: int) -> Any:
    return session.execute(
        select(
            DraftVersion.id,
            DraftVersion.number,
            DraftVersion.opens_at,
            DraftVersion.closes_at,
            Draft.id.label("draft_id"),
            Draft.title,
        )
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .where(DraftVersion.id == version_id)
    ).first()


def _unit_rows(session: Session, version_id: int) -> tuple[list[UnitRow], dict[int, str]]:
    """The version's units as ``UnitRow`` in text order, and comment target id → unit key."""
    units = session.execute(
        select(
            DraftUnit.id,
            DraftUnit.parent_id,
            DraftUnit.kind,
            DraftUnit.number,
            DraftUnit.key,
            DraftUnit.heading,
            DraftUnit.text,
            DraftUnit.ordinal,
            DraftUnit.content_hash,
            DraftUnit.comment_target_id,
        )
        .where(DraftUnit.version_id == version_id)
        .order_by(DraftUnit.ordinal)
    ).all()
    by_id = {u.id: u for u in units}

    def ancestor(u: Any, kinds: set[str]) -> Any:
        node = u
        while node is not None:
            if node.kind in kinds:
                return node
            node = by_id.get(node.parent_id) if node.parent_id else None
        return None

    def top(u: Any) -> Any:
        node = u
        while (
            node.parent_id
            and by_id.get(node.parent_id) is not None
            and by_id[node.parent_id].kind not in CONTAINERS
        ):
            node = by_id[node.parent_id]
        return node

    unit_rows = []
    target_to_key: dict[int, str] = {}
    for u in units:
        bab = ancestor(u, {"bab"})
        pasal = ancestor(u, {"pasal"})
        group = pasal.key if pasal is not None else (u.key if u.kind in CONTAINERS else top(u).key)
        label = f"BAB {u.number}" if u.kind == "bab" and u.number else unit_label(u.key)
        unit_rows.append(
            UnitRow(
                key=u.key,
                kind=u.kind,
                label=label,
                heading=u.heading,
                text=u.text,
                ordinal=u.ordinal,
                bab_key=bab.key if bab else None,
                group_key=group,
                content_hash=u.content_hash,
            )
        )
        if u.comment_target_id is not None:
            target_to_key[u.comment_target_id] = u.key
    return unit_rows, target_to_key


def _version_comments(version_id: int, *columns: Any) -> Any:
    """``columns`` of every comment on the version's units (replies and hidden ones included),
    with the comment's response joined."""
    return (
        select(*columns)
        .select_from(Comment)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .outerjoin(Response, Response.id == Comment.response_id)
        .where(DraftUnit.version_id == version_id)
    )


def draft_input_fingerprint(session: Session, version_id: int) -> str | None:
    """``aggregation.draft_fingerprint`` of what ``load_draft_inputs`` would load, read without
    any comment text (lengths only) and without building rows: the cheap "has anything changed"
    check before a recomputation. ``None`` when the version does not exist. Three statements."""
    if _version_row(session, version_id) is None:
        return None
    units, target_to_key = _unit_rows(session, version_id)
    visible = Visibility.VISIBLE.value
    rows = session.execute(
        _version_comments(
            version_id,
            Comment.id,
            Comment.target_id,
            Comment.stance,
            Comment.parent_id,
            Comment.endorsement_count,
            Comment.visibility,
            Comment.response_id,
            Response.disposition,
            func.length(Comment.body),
            func.coalesce(func.length(Comment.suggested_wording), 0),
        ).execution_options(yield_per=STREAM_BATCH)
    )
    keys = [
        (
            cid,
            target_to_key[target],
            stance,
            parent,
            endorsements or 0,
            vis != visible,
            response_id,
            disposition,
            body_len,
            wording_len,
        )
        for (
            cid,
            target,
            stance,
            parent,
            endorsements,
            vis,
            response_id,
            disposition,
            body_len,
            wording_len,
        ) in rows
    ]
    return fingerprint_rows(((u.key, unit_hash(u)) for u in units), keys)


def load_draft_inputs(session: Session, version_id: int, *, city: str) -> DraftInputs | None:
    """Everything a draft summary reads, as plain rows: three statements whatever the number of
    comments, column tuples streamed in batches (no ORM objects: at 100,000 comments the identity
    map alone cost seconds and hundreds of MB)."""
    version = _version_row(session, version_id)
    if version is None:
        return None
    unit_rows, target_to_key = _unit_rows(session, version_id)
    comments = _comment_rows(session, version_id, target_to_key)
    return DraftInputs(
        draft_id=version.draft_id,
        draft_title=version.title,
        version_id=version.id,
        version_number=version.number,
        city=city,
        units=unit_rows,
        comments=comments,
        opens_at=version.opens_at,
        closes_at=version.closes_at,
    )


def _comment_rows(session: Session, version_id: int, target_to_key: dict[int, str]) -> list[CommentRow]:
    """The version's comments and replies as plain rows, with their answer and the name shown
    (one statement, streamed)."""
    rows = session.execute(
        _version_comments(
            version_id,
            Comment.id,
            Comment.target_id,
            Comment.stance,
            Comment.body,
            Comment.created_at,
            Comment.external_id,
            Comment.suggested_wording,
            Comment.author_id,
            Comment.author_name,
            Comment.parent_id,
            Comment.endorsement_count,
            Comment.visibility,
            Comment.response_id,
            Response.disposition,
            Response.reason,
            Response.resulting_wording,
            User.name,
            User.anonymised_at,
        )
        .outerjoin(User, User.id == Comment.author_id)
        .order_by(Comment.id)
        .execution_options(yield_per=STREAM_BATCH)
    )
    visible = Visibility.VISIBLE.value
    # one ResponseInfo per response: a group answer covers many comments
    responses: dict[int, ResponseInfo] = {}
    comments = []
    for (
        cid,
        target,
        stance,
        body,
        created_at,
        external_id,
        wording,
        author_id,
        author_name,
        parent_id,
        endorsements,
        vis,
        response_id,
        disposition,
        reason,
        resulting,
        user_name,
        anonymised_at,
    ) in rows:
        response = None
        if response_id is not None:
            response = responses.get(response_id)
            if response is None:
                response = responses[response_id] = ResponseInfo(response_id, disposition, reason, resulting)
        comments.append(
            CommentRow(
                id=cid,
                unit_key=target_to_key[target],
                stance=stance,
                body=body,
                created_at=created_at,
                external_id=external_id,
                suggested_wording=wording,
                author_id=author_id,
                author_display=author_name if author_id is None else (None if anonymised_at else user_name),
                parent_id=parent_id,
                endorsements=endorsements or 0,
                response=response,
                hidden=vis != visible,
            )
        )
    return comments


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
    event_stmt = (
        select(UsulanEvent.usulan_id, UsulanEvent.to_status)
        .distinct()
        .join(Usulan, Usulan.id == UsulanEvent.usulan_id)
        .where(Usulan.cycle_id == cycle.id)
    )
    if kecamatan_code:
        usulan_stmt = usulan_stmt.where(Usulan.kelurahan_code.in_(list(kelurahan)))
        event_stmt = event_stmt.where(Usulan.kelurahan_code.in_(list(kelurahan)))
    reached: dict[int, set[str]] = defaultdict(set)
    for usulan_id, status in session.execute(event_stmt):
        reached[usulan_id].add(status)
    rows = [
        UsulanRow(
            id=u.id,
            title=u.title,
            permasalahan=u.permasalahan,
            kelurahan_code=u.kelurahan_code,
            status=u.status,
            anggaran=u.anggaran,
            bidang=u.bidang,
            opd=u.opd,
            jenis=u.jenis,
            reached=frozenset(reached.get(u.id, set()) | {u.status}),
        )
        for u in session.scalars(usulan_stmt.order_by(Usulan.id))
    ]
    return MusrenbangInputs(
        year=cycle.year,
        rkpd_year=cycle.rkpd_year,
        city=city,
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        pagu_kelurahan=pagu_kel,
        pagu_kecamatan=pagu_kec,
        usulan=rows,
        kecamatan_code=kecamatan_code,
    )
