"""A summary refresh on the real path (database → stored snapshot): a constant number of
statements whatever the number of comments, progress for a background job, the cheap "anything
changed?" check, and snapshots that keep the matriks as references."""

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import func, insert, select, update

from participation.accounts.models import User
from participation.comments.models import Comment, Response
from participation.core.clock import utcnow
from participation.drafts.models import DraftUnit, DraftVersion
from participation.musrenbang import demo as musrenbang_demo
from participation.musrenbang.demo import demo_year
from participation.summaries import aggregation, input_queries, queries, services
from participation.summaries.models import SummarySnapshot
from participation.summaries.schema import validate_draft_summary
from tests.summaries.conftest import load_demo_draft

CITY = "Kota Balikpapan"


@pytest.fixture
def version(app, session, demo_snapshots) -> DraftVersion:
    return load_demo_draft(app, session, demo_snapshots)


def _add_comments(session, version_id: int, n: int) -> None:
    """``n`` more top-level comments on the version (bulk, as the bench does), a fifth of them
    answered, some hidden, some from letters, and one reply to each tenth."""
    now = utcnow()
    targets = list(
        session.scalars(
            select(DraftUnit.comment_target_id)
            .where(DraftUnit.version_id == version_id, DraftUnit.comment_target_id.is_not(None))
            .order_by(DraftUnit.ordinal)
        )
    )
    authors = list(session.scalars(select(User.id).order_by(User.id)))
    response_id = session.scalar(
        insert(Response)
        .values(
            disposition="explained",
            reason="Sudah dipertimbangkan tim penyusun.",
            resulting_wording=None,
            author_id=authors[0],
            created_at=now,
        )
        .returning(Response.id)
    )
    first = (session.scalar(select(func.max(Comment.id))) or 0) + 1
    rows = [
        {
            "target_id": targets[i % len(targets)],
            "author_id": None if i % 17 == 0 else authors[i % len(authors)],
            "author_name": f"Forum RT {i % 9}" if i % 17 == 0 else None,
            "source": "surat" if i % 17 == 0 else "platform",
            "stance": ("support", "object", "amend", "question")[i % 4],
            "body": f"Masukan tambahan nomor {i} tentang penertiban pedagang dan kebersihan pasar.",
            "suggested_wording": f"Rumusan usulan {i}." if i % 4 == 2 else None,
            "visibility": "hidden" if i % 23 == 0 else "visible",
            "response_id": response_id if i % 5 == 0 else None,
            "endorsement_count": i % 3,
            "flag_count": 0,
            "created_at": now - dt.timedelta(minutes=n - i),
        }
        for i in range(n)
    ]
    session.execute(insert(Comment), rows)
    parents = list(
        session.execute(select(Comment.id, Comment.target_id).where(Comment.id >= first).order_by(Comment.id))
    )[::10]
    session.execute(
        insert(Comment),
        [
            {
                "target_id": target,
                "author_id": authors[0],
                "source": "platform",
                "stance": None,
                "body": "Setuju dengan pendapat di atas.",
                "parent_id": pid,
                "visibility": "visible",
                "endorsement_count": 0,
                "flag_count": 0,
                "created_at": now,
            }
            for pid, target in parents
        ],
    )
    session.commit()


def _refresh(session, version_id: int, **kw):
    return services.refresh_draft_summary(session, version_id, now=utcnow(), city=CITY, **kw)


def test_loading_and_refreshing_run_the_same_statements_whatever_the_number_of_comments(
    session, version, count_queries
):
    vid = version.id

    def measure() -> tuple[int, list[int]]:
        session.expire_all()
        with count_queries() as load:
            inputs = input_queries.load_draft_inputs(session, vid, city=CITY)
        with count_queries() as check:
            input_queries.draft_input_fingerprint(session, vid)
        with count_queries() as refresh:
            _refresh(session, vid)
        session.rollback()  # the next measurement recomputes too
        return len(inputs.comments), [load.count, check.count, refresh.count]

    small_n, small = measure()
    _add_comments(session, vid, 240)
    large_n, large = measure()
    assert large_n > small_n + 240
    assert large == small
    assert small[0] <= 3
    assert small[1] <= 3


def test_progress_is_reported_in_increasing_order_and_ends_at_100(session, version):
    seen: list[tuple[int, str]] = []
    _snap, fresh = _refresh(session, version.id, progress=lambda p, s: seen.append((p, s)))
    session.commit()
    percents = [p for p, _s in seen]
    assert fresh
    assert percents[0] == 0
    assert percents[-1] == 100
    assert percents == sorted(set(percents)), "strictly increasing"
    assert all(isinstance(p, int) and isinstance(s, str) and s for p, s in seen)
    steps = [s for _p, s in seen]
    for step in ("Memuat masukan", "Mencari kampanye", "Mengelompokkan tema", "Menyimpan ringkasan"):
        assert step in steps

    unchanged: list[tuple[int, str]] = []
    _snap, fresh = _refresh(session, version.id, progress=lambda p, s: unchanged.append((p, s)))
    assert not fresh
    assert [p for p, _s in unchanged] == [0, 100]

    musrenbang_demo.demo_step(session, now=utcnow())
    session.commit()
    rekap: list[int] = []
    _snap, fresh = services.refresh_musrenbang_summary(
        session, demo_year(utcnow()), now=utcnow(), city=CITY, progress=lambda p, s: rekap.append(p)
    )
    assert fresh
    assert rekap == sorted(set(rekap))
    assert rekap[-1] == 100
    # without a callback nothing changes
    _snap, fresh = _refresh(session, version.id, force=True)
    assert fresh


def test_the_cheap_check_agrees_with_the_loaded_inputs_and_sees_every_change(session, version):
    _add_comments(session, version.id, 30)
    inputs = input_queries.load_draft_inputs(session, version.id, city=CITY)
    assert input_queries.draft_input_fingerprint(session, version.id) == aggregation.draft_fingerprint(inputs)
    snap, fresh = _refresh(session, version.id)
    session.commit()
    assert fresh
    assert snap.input_fingerprint == aggregation.draft_fingerprint(inputs)
    assert input_queries.draft_input_fingerprint(session, 10**6) is None

    some = session.scalar(
        select(Comment.id)
        .where(Comment.parent_id.is_(None), Comment.visibility == "visible")
        .order_by(Comment.id.desc())
    )
    response_id = session.scalar(select(Response.id))
    for change in (
        {"endorsement_count": Comment.endorsement_count + 1},
        {"response_id": response_id},
        {"visibility": "hidden"},
    ):
        session.execute(update(Comment).where(Comment.id == some).values(**change))
        session.commit()
        _snap, fresh = _refresh(session, version.id)
        session.commit()
        assert fresh, change
        _snap, fresh = _refresh(session, version.id)
        assert not fresh, change


def test_the_snapshot_keeps_references_and_a_report_gets_the_full_matriks(session, version):
    _add_comments(session, version.id, 60)
    now = utcnow()
    snap, _fresh = services.refresh_draft_summary(session, version.id, now=now, city=CITY)
    session.commit()
    session.expire_all()
    stored = session.get(SummarySnapshot, snap.id).result
    refs = [c for row in stored["matriks"] for c in row["comments"]]
    assert refs
    assert all(set(c) == {"id", "response_id"} for c in refs)
    assert not any("body" in c for c in refs)

    # the stored snapshot, completed, is exactly the summary built in full from the same input
    full = json.loads(
        json.dumps(
            aggregation.build_draft_summary(
                input_queries.load_draft_inputs(session, version.id, city=CITY), now=now
            )
        )
    )
    complete = queries.complete_draft_summary(session, stored)
    validate_draft_summary(complete)
    assert complete == full
    assert queries.complete_draft_summary(session, full) is full

    # what changed since protects people: an anonymised author, a comment hidden since
    named = next(
        c
        for row in complete["matriks"]
        for c in row["comments"]
        if c["author"] != "Anonim" and c["response"] is None
    )
    author_id = session.scalar(select(Comment.author_id).where(Comment.id == named["id"]))
    session.execute(update(User).where(User.id == author_id).values(anonymised_at=utcnow()))
    session.execute(update(Comment).where(Comment.id == named["id"]).values(visibility="hidden"))
    session.commit()
    later = {
        c["id"]: c
        for row in queries.complete_draft_summary(session, stored)["matriks"]
        for c in row["comments"]
    }
    assert later[named["id"]]["author"] == "Anonim"
    assert later[named["id"]]["body"] == queries.HIDDEN_SINCE


def test_a_refresh_runs_on_a_session_of_its_own_outside_any_request(app, session, version):
    maker = app.extensions["participation.sessionmaker"]
    out: dict = {"progress": []}

    def job() -> None:  # as the background job runner calls it: own thread, own session
        try:
            with maker() as own:
                snap, fresh = services.refresh_draft_summary(
                    own, version.id, now=utcnow(), city=CITY, progress=lambda p, s: out["progress"].append(p)
                )
                own.commit()
                out["snapshot"], out["fresh"] = snap.id, fresh
        except Exception as exc:
            out["error"] = exc

    thread = threading.Thread(target=job)
    thread.start()
    thread.join()
    assert "error" not in out, out.get("error")
    assert out["fresh"]
    assert out["progress"][-1] == 100
    stored = session.get(SummarySnapshot, out["snapshot"])
    assert stored is not None
    assert stored.result["totals"]["comments"] == 197


def test_the_index_reads_only_the_totals_of_the_newest_snapshot_of_each_scope(
    client, session, version, count_queries
):
    first = utcnow() - dt.timedelta(hours=2)
    old, _ = services.refresh_draft_summary(session, version.id, now=first, city=CITY)
    _add_comments(session, version.id, 5)
    new, _ = services.refresh_draft_summary(session, version.id, now=utcnow(), city=CITY)
    musrenbang_demo.demo_step(session, now=utcnow())
    rekap, _ = services.refresh_musrenbang_summary(session, demo_year(utcnow()), now=first, city=CITY)
    session.commit()
    with count_queries() as counter:
        rows = queries.snapshot_index(session)
    assert counter.count == 1
    assert [(r.id, r.kind) for r in rows] == [(new.id, "draft"), (rekap.id, "musrenbang")]
    assert rows[0].result == {"totals": new.result["totals"]}
    assert rows[0].result["totals"]["comments"] == 197 + 5 - 1  # one of the five is hidden
    assert old.id not in {r.id for r in rows}
    for url in ("/ringkasan", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "201 masukan" in html, url
