"""Carry-over as a property of the data (issue 12): every comment made on any earlier version, at
any time, is on every later version at the unit the confirmed mappings lead to, or marked
removed; never lost, never twice."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from participation.comments.models import Comment, Notification
from participation.core.clock import utcnow
from participation.drafts import carrying, services
from participation.drafts.models import CommentAnchor, DraftUnit, DraftVersion, UnitMapping
from tests.drafts.conftest import V1, V2, open_window

REASON = "Dihapus setelah pembahasan dengan perangkat daerah."


def _comment(session, version, key, author, body):
    return services.comment_on_unit(
        session,
        unit=services.get_unit(session, version, key),
        author=author,
        body=body,
        stance="object",
        now=utcnow(),
    )


def _next(session, previous, drafter, text):
    version = services.add_version(session, draft=previous.draft, actor=drafter, text=text, now=utcnow())
    services.confirm_mapping(session, version=version, actor=drafter, now=utcnow(), default_reason=REASON)
    return version


def _anchors(session, version):
    return {
        a.comment_id: a
        for a in session.scalars(select(CommentAnchor).where(CommentAnchor.version_id == version.id))
    }


def test_a_comment_made_after_the_mapping_was_confirmed_still_reaches_the_new_version(
    session, drafter, citizen, published
):
    """Defect 1: the carry-over ran once, at confirmation; later comments on version 1 were
    never seen on version 2."""
    v2 = _next(session, published, drafter, V2)
    late = _comment(session, published, "pasal-18/ayat-1", citizen, "Masukan sesudah pemetaan.")
    session.commit()
    anchor = _anchors(session, v2)[late.id]
    assert anchor.unit.key == "pasal-19/ayat-1"
    assert anchor.status == "unchanged"
    assert anchor.from_unit.version_id == published.id  # "sejak versi 1"


def test_comments_travel_down_a_chain_of_versions(session, drafter, citizen, published):
    first = _comment(session, published, "pasal-28/ayat-1", citizen, "Jam terlalu pendek.")
    gone = _comment(session, published, "pasal-20/ayat-2/huruf-c", citizen, "Hapus radius.")
    v2 = _next(session, published, drafter, V2)
    v3 = _next(session, v2, drafter, V2)  # the same text again: nothing changes from v2 to v3
    services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    open_window(session, v2, drafter)
    on_v2 = _comment(session, v2, "pasal-29/ayat-1", citizen, "Masih terlalu pendek.")
    session.commit()
    a3 = _anchors(session, v3)
    assert set(a3) == {first.id, gone.id, on_v2.id}
    # "changed since the comment": compared with the text the resident commented on
    assert a3[first.id].unit.key == "pasal-29/ayat-1"
    assert a3[first.id].status == "changed"
    assert a3[on_v2.id].status == "unchanged"
    assert a3[gone.id].unit_id is None
    assert a3[gone.id].status == "removed"
    removed_unit = session.get(DraftUnit, a3[gone.id].from_unit_id)
    assert removed_unit.key == "pasal-20/ayat-2/huruf-c"
    assert (
        session.scalar(select(UnitMapping.reason).where(UnitMapping.old_unit_id == removed_unit.id)) == REASON
    )
    # told once for version 2, not again for version 3, where nothing changed
    told = session.execute(
        select(Notification.text, Notification.url).where(
            Notification.user_id == citizen.id, Notification.kind == "unit_changed"
        )
    ).all()
    assert len(told) == 2
    assert all("versi 2" in text for text, _ in told)
    # each with a link to the new text: the clause in version 2, or its list of removed clauses
    d = published.draft_id
    assert {url for _, url in told} == {
        f"/raperda/{d}/versi/2/pasal-29/ayat-1#masukan-{first.id}",
        f"/raperda/{d}/versi/2#dihapus-{removed_unit.id}",
    }


def test_rewriting_anchors_is_idempotent(session, drafter, citizen, published):
    _comment(session, published, "pasal-28/ayat-1", citizen, "Jam terlalu pendek.")
    v2 = _next(session, published, drafter, V2)
    services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    before = sorted((a.comment_id, a.unit_id, a.status) for a in _anchors(session, v2).values())
    carrying.carry_forward(session, v2, now=utcnow())
    carrying.carry_forward(session, v2, now=utcnow())
    after = sorted((a.comment_id, a.unit_id, a.status) for a in _anchors(session, v2).values())
    assert before == after
    assert (
        session.scalar(
            select(func.count()).select_from(Notification).where(Notification.kind == "unit_changed")
        )
        == 1
    )


def test_imported_comments_on_an_old_version_are_carried(session, drafter, published):
    v2 = _next(session, published, drafter, V2)
    n = services.import_external_comments(
        session,
        version=published,
        actor=drafter,
        now=utcnow(),
        csv_text="unit_key,stance,body,author_name,source,external_id\n"
        "pasal-18/ayat-1,object,Surat warga,Forum RT,surat,s-1\n"
        "pasal-20/ayat-2/huruf-c,object,Surat kedua,Forum RT,surat,s-2\n",
    )
    session.commit()
    assert n == 2
    statuses = sorted(a.status for a in _anchors(session, v2).values())
    assert statuses == ["removed", "unchanged"]


# --------------------------------------------------------------------------- property


def _expected_positions(session, version):
    """Compose the confirmed mappings by hand: comment id -> unit id on ``version`` (or None)."""
    chain = [version]
    while chain[0].previous_id is not None and chain[0].mapping_confirmed_at is not None:
        chain.insert(0, session.get(DraftVersion, chain[0].previous_id))
    steps = {
        v.id: dict(
            session.execute(
                select(UnitMapping.old_unit_id, UnitMapping.new_unit_id).where(UnitMapping.version_id == v.id)
            ).all()
        )
        for v in chain[1:]
    }
    expected = {}
    for v_index, v in enumerate(chain[:-1]):
        for comment, unit_id in session.execute(
            select(Comment, DraftUnit.id)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .where(DraftUnit.version_id == v.id, Comment.parent_id.is_(None))
        ):
            position = unit_id
            for step in chain[v_index + 1 :]:
                position = steps[step.id].get(position) if position is not None else None
            expected[comment.id] = position
    return expected


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_no_comment_lost_or_duplicated_whatever_the_order_of_events(
    session, drafter, citizen, published, seed
):
    """Random interleavings of comments on open versions, new versions (edited or not) and
    confirmations: on every version, each earlier comment appears exactly once, where the
    confirmed mappings lead it."""
    rng = random.Random(seed)
    versions = [published]
    pending = None  # a version added but not yet confirmed
    for step in range(rng.randint(6, 12)):
        roll = rng.random()
        if roll < 0.55:
            target = rng.choice(versions)
            units = list(
                session.scalars(
                    select(DraftUnit).where(
                        DraftUnit.version_id == target.id, DraftUnit.comment_target_id.is_not(None)
                    )
                )
            )
            unit = rng.choice(units)
            if not target.is_open(utcnow()):
                open_window(session, target, drafter)
            services.comment_on_unit(
                session, unit=unit, author=citizen, body=f"Masukan {step}.", stance="question", now=utcnow()
            )
        elif pending is None:
            pending = services.add_version(
                session, draft=published.draft, actor=drafter, text=rng.choice([V1, V2]), now=utcnow()
            )
        else:
            services.confirm_mapping(
                session, version=pending, actor=drafter, now=utcnow(), default_reason=REASON
            )
            services.publish_version(
                session, version=pending, actor=drafter, now=utcnow(), acknowledge_warnings=True
            )
            versions.append(pending)
            pending = None
    session.flush()
    for version in versions[1:]:
        anchors = session.execute(
            select(CommentAnchor.comment_id, CommentAnchor.unit_id).where(
                CommentAnchor.version_id == version.id
            )
        ).all()
        ids = [comment_id for comment_id, _ in anchors]
        assert len(ids) == len(set(ids))  # never twice
        assert dict(anchors) == _expected_positions(session, version)  # none lost, none astray
    session.rollback()


def test_a_removed_clause_and_its_comments_stay_in_view_on_the_new_version(
    client, session, drafter, citizen, published
):
    """Defect 2: comments on a clause version 2 removes vanished from version 2."""
    gone = _comment(session, published, "pasal-20/ayat-2/huruf-c", citizen, "Hapus radius pasar.")
    services.answer_comments(
        session,
        version=published,
        comment_ids=[gone.id],
        actor=drafter,
        disposition="accepted",
        reason="Disetujui: ketentuan ini dihapus.",
        now=utcnow(),
    )
    v2 = _next(session, published, drafter, V2)
    services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    session.commit()
    html = client.get(f"/raperda/{published.draft_id}/versi/2").get_data(as_text=True)
    section = html[html.index('id="dihapus"') :]
    assert "Ketentuan yang dihapus dari versi sebelumnya" in section
    assert "Pasal 20 ayat (2) huruf c" in section
    assert REASON in section
    assert "Hapus radius pasar." in section
    assert "Disetujui: ketentuan ini dihapus." in section
    [removed] = carrying.removed_here(session, v2)
    assert [a.comment_id for a in removed.anchors] == [gone.id]
    assert removed.removed_in == 2


def test_removed_comments_are_in_the_matriks_and_the_inbox(client, session, drafter, citizen, published):
    gone = _comment(session, published, "pasal-20/ayat-2/huruf-c", citizen, "Hapus radius pasar.")
    v2 = _next(session, published, drafter, V2)
    services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    session.commit()
    from participation.drafts import queries

    rows = {r.comment.id: r for r in queries.matrix(session, v2)}
    assert rows[gone.id].anchor_status == "removed"
    assert rows[gone.id].pasal == "dihapus"
    assert rows[gone.id].unit_key == "pasal-20/ayat-2/huruf-c"
    from participation.drafts import inbox

    ctx = inbox.context(session, v2)
    assert gone.id in {r.comment.id for r in inbox.page(session, ctx, inbox.Filter())[0]}
    assert inbox.overview(session, ctx).per_pasal["dihapus"].total == 1
    assert [r.comment.id for r in inbox.page(session, ctx, inbox.Filter(pasal="dihapus"))[0]] == [gone.id]
    html = client.get(f"/raperda/{published.draft_id}/versi/2/matriks").get_data(as_text=True)
    assert "Hapus radius pasar." in html
    assert f"/raperda/{published.draft_id}/versi/2#dihapus" in html
    import io

    from openpyxl import load_workbook

    xlsx = client.get(f"/raperda/{published.draft_id}/versi/2/matriks.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    labels = [
        row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[2] == "Hapus radius pasar."
    ]
    assert labels == ["Pasal 20 ayat (2) huruf c (dihapus dari versi sebelumnya)"]


def test_five_thousand_imported_comments_all_reach_version_two(session, drafter, published):
    """Issue 12, done when: 5,000 comments on version 1 (imported) and a version 2 that inserts,
    removes, renumbers and rewrites: version 2 lists all 5,000, each on its mapped unit or marked
    removed."""
    from participation.drafts import queries

    units = list(
        session.scalars(
            select(DraftUnit)
            .where(DraftUnit.version_id == published.id, DraftUnit.comment_target_id.is_not(None))
            .order_by(DraftUnit.ordinal)
        )
    )
    lines = ["unit_key,stance,body,author_name,source,external_id"]
    lines += [
        f"{units[n % len(units)].key},object,Masukan tertulis nomor {n},Forum Warga {n % 40},surat,m-{n}"
        for n in range(5000)
    ]
    assert (
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text="\n".join(lines) + "\n", now=utcnow()
        )
        == 5000
    )
    v2 = services.add_version(session, draft=published.draft, actor=drafter, text=V2, now=utcnow())
    rewritten = services.get_unit(session, published, "pasal-22/ayat-2")
    services.confirm_mapping(
        session,
        version=v2,
        actor=drafter,
        now=utcnow(),
        default_reason=REASON,
        corrections={rewritten.id: "pasal-23/ayat-2"},
    )
    session.commit()
    shown = queries.shown_comments(session, v2)
    assert len(shown) == 5000
    assert len({row["id"] for row in shown}) == 5000
    mapped = dict(
        session.execute(
            select(UnitMapping.old_unit_id, UnitMapping.new_unit_id).where(UnitMapping.version_id == v2.id)
        ).all()
    )
    new_keys = dict(
        session.execute(select(DraftUnit.id, DraftUnit.key).where(DraftUnit.version_id == v2.id)).all()
    )
    origin = {
        c.external_id: t
        for c, t in session.execute(
            select(Comment, DraftUnit.id)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .where(DraftUnit.version_id == published.id)
        )
    }
    statuses = set()
    for row in shown:
        target = mapped[origin[row["external_id"]]]
        assert row["unit_key"] == (new_keys[target] if target else None)
        assert (row["status"] == "removed") == (target is None)
        assert row["origin_version_id"] == published.id
        statuses.add(row["status"])
    assert {"same", "changed", "removed"} <= statuses


def test_imports_take_the_stance_labels_the_ui_shows(session, drafter, published):
    csv_text = (
        "unit_key,stance,body,author_name,source,external_id\n"
        "pasal-18/ayat-1,Mendukung,Setuju.,Warga A,surat,l-1\n"
        "pasal-18/ayat-1,keberatan,Keberatan.,Warga B,rdpu,l-2\n"
        "pasal-18/ayat-1,usul  perubahan redaksi,Mohon diperjelas.,Warga C,email,l-3\n"
        "pasal-18/ayat-1,pertanyaan,Apa maksudnya?,Warga D,surat,l-4\n"
        "pasal-18/ayat-1,question,Kode juga boleh.,Warga E,surat,l-5\n"
    )
    assert (
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text=csv_text, now=utcnow()
        )
        == 5
    )
    stances = sorted(session.scalars(select(Comment.stance).where(Comment.external_id.like("l-%"))))
    assert stances == ["amend", "object", "question", "question", "support"]
    with pytest.raises(services.ImportFailed) as exc:
        services.import_external_comments(
            session,
            version=published,
            actor=drafter,
            now=utcnow(),
            csv_text="unit_key,stance,body,author_name,source,external_id\n"
            "pasal-18/ayat-1,setuju sekali,Isi.,Warga F,surat,l-6\n",
        )
    assert "mendukung, keberatan" in exc.value.rows[0]
