"""The drafting team edits themes on the demo raperda, and the edits hold through a recomputation
(issue 15): page, permissions both ways, audit, public summary, refresh_draft_summary."""

import re

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts.models import DraftUnit
from participation.summaries import queries, services, theme_current, theme_services
from participation.summaries.models import SummaryKind, SummarySnapshot
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

CITY = "Kota Balikpapan"


def _latest(session, vid):
    session.expire_all()
    return queries.latest_snapshot(session, SummaryKind.DRAFT, queries.draft_scope_key(vid))


def _themes(session, vid):
    return _latest(session, vid).result["themes"]


def _members(theme):
    return [c["id"] for c in theme["comments"]]


def _with(themes, cid):
    return next(t for t in themes if cid in _members(t))


def test_only_the_drafting_team_and_admins_edit_themes(client, session, demo_draft):
    url = f"/ringkasan/raperda/{demo_draft.id}/tema"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/masuk" in anonymous.headers["Location"]
    assert client.post(f"{url}/ganti-nama", data={}).status_code in (302, 400)
    for role, email in ((Role.DPRD_MEMBER, "dprd@contoh.id"), (Role.CITIZEN, "w@contoh.id")):
        make_user(session, role, email=email)
        client.login(email, PW)
        assert client.get(url).status_code == 403
        token = client.csrf_token(f"/ringkasan/raperda/{demo_draft.id}")
        assert (
            client.post(
                f"{url}/ganti-nama",
                data={
                    "csrf_token": token,
                    "theme": "t1",
                    "name": "Nama baru",
                    "reason": "alasan saja",
                },
            ).status_code
            == 403
        )
        # the summary page offers no link to it either
        assert "Kelola tema" not in client.get(f"/ringkasan/raperda/{demo_draft.id}").get_data(as_text=True)
        client.post("/keluar", data={"csrf_token": token})
    assert (
        session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("theme.%")))
        == 0
    )
    for role, email in ((Role.DRAFTER, "p@contoh.id"), (Role.ADMIN, "a@contoh.id")):
        make_user(session, role, email=email)
        client.login(email, PW)
        page = client.get(url)
        assert page.status_code == 200
        assert "belum dihitung" in page.get_data(as_text=True)


def test_edits_show_at_once_and_survive_a_recomputation(client, session, demo_draft):
    vid = demo_draft.id
    services.refresh_draft_summary(session, vid, now=utcnow(), city=CITY)
    session.commit()
    computed = _themes(session, vid)
    assert len(computed) >= 4, "the demo raperda should give several themes"
    drafter = make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    client.login("penyusun@contoh.id", PW)
    url = f"/ringkasan/raperda/{vid}/tema"
    html = client.get(url).get_data(as_text=True)
    assert client.get(url).status_code == 200
    basis = re.search(r'name="basis" type="hidden" value="([0-9a-f]+)"', html) or re.search(
        r'name="basis" value="([0-9a-f]+)"', html
    )
    basis = basis.group(1)
    assert "Kelola tema" in client.get(f"/ringkasan/raperda/{vid}").get_data(as_text=True)
    first, second, third, fourth = computed[:4]

    # rename: a reason is required, and what was typed stays on the page
    refused = client.submit(
        f"{url}/ganti-nama",
        {"theme": f"t{first['id']}", "basis": basis, "name": "Penataan pedagang kaki lima", "reason": ""},
        page=url,
    )
    assert refused.status_code == 422
    assert "Penataan pedagang kaki lima" in refused.get_data(as_text=True)
    assert "Alasan wajib diisi." in refused.get_data(as_text=True)
    snapshots = session.scalar(select(func.count()).select_from(SummarySnapshot))
    done = client.submit(
        f"{url}/ganti-nama",
        {
            "theme": f"t{first['id']}",
            "basis": basis,
            "name": "Penataan pedagang kaki lima",
            "reason": "Label hasil hitungan kurang jelas",
        },
        page=url,
        follow_redirects=True,
    )
    assert "Nama tema diganti" in done.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(SummarySnapshot)) == snapshots + 1
    themes = _themes(session, vid)
    renamed = _with(themes, _members(first)[0])
    assert renamed["label"] == "Penataan pedagang kaki lima"
    assert renamed["edited"] is True
    # the public summary shows the edited label at once
    client.post("/keluar", data={"csrf_token": client.csrf_token(url)})
    assert "Penataan pedagang kaki lima" in client.get(f"/ringkasan/raperda/{vid}").get_data(as_text=True)
    client.login("penyusun@contoh.id", PW)

    # merge the second and third themes
    merged = client.submit(
        f"{url}/gabung",
        {
            "gabung-themes": [f"t{second['id']}", f"t{third['id']}"],
            "gabung-basis": basis,
            "gabung-name": "Ketertiban dan kebersihan",
            "gabung-reason": "Dua tema membahas hal sama",
        },
        page=url,
        follow_redirects=True,
    )
    assert "2 tema digabung" in merged.get_data(as_text=True)
    joined = _with(_themes(session, vid), _members(second)[0])
    assert joined["label"] == "Ketertiban dan kebersihan"
    assert set(_members(second)) | set(_members(third)) <= set(_members(joined))

    # split: tick two comments of the fourth theme on its page
    ref = f"t{fourth['id']}"
    ticked = _members(fourth)[:2]
    detail = client.get(f"{url}/{ref}")
    assert detail.status_code == 200
    assert f'value="{ticked[0]}"' in detail.get_data(as_text=True)
    client.submit(
        f"{url}/{ref}/pisah",
        {
            "theme": ref,
            "basis": basis,
            "comment_ids": ticked,
            "name": "Jam operasional",
            "reason": "Isu terpisah",
        },
        page=f"{url}/{ref}",
    )
    part = _with(_themes(session, vid), ticked[0])
    assert part["label"] == "Jam operasional"
    assert sorted(_members(part)) == ticked
    rest = _with(_themes(session, vid), _members(fourth)[2])
    assert rest["label"] != "Jam operasional"
    assert ticked[0] not in _members(rest)

    # move a comment of the fourth theme into the renamed one
    moved = _members(fourth)[2]
    target = theme_current.theme_ref(renamed)
    client.submit(
        f"{url}/pindah",
        {
            "pindah-comment_id": moved,
            "pindah-target": target,
            "pindah-basis": basis,
            "pindah-reason": "Salah kelompok",
        },
        page=url,
    )
    assert _with(_themes(session, vid), moved)["label"] == "Penataan pedagang kaki lima"
    # a move to where it already is is refused, with the typed values kept
    again = client.submit(
        f"{url}/pindah",
        {
            "pindah-comment_id": moved,
            "pindah-target": target,
            "pindah-basis": basis,
            "pindah-reason": "Coba lagi",
        },
        page=url,
    )
    assert again.status_code == 422
    assert "sudah ada di tema tersebut" in again.get_data(as_text=True)

    # every edit is audited: who, why
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("theme.%")).order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["theme.rename", "theme.merge", "theme.split", "theme.move"]
    assert {e.actor_id for e in events} == {drafter.id}
    assert events[0].reason == "Label hasil hitungan kurang jelas"
    assert events[3].after["comment_id"] == moved

    # new comments arrive and the summary is recomputed from scratch
    unit = session.scalar(
        select(DraftUnit)
        .where(DraftUnit.version_id == vid, DraftUnit.comment_target_id.is_not(None))
        .order_by(DraftUnit.ordinal)
    )
    for i in range(3):
        comment_services.add_comment(
            session,
            target=unit.comment_target_id,
            author=None,
            author_name=f"Warga {i}",
            stance="object",
            now=utcnow(),
            body=f"Pedagang kaki lima di pasar perlu ditata ulang {i}.",
        )
    session.commit()
    snap, recomputed = services.refresh_draft_summary(session, vid, now=utcnow(), city=CITY)
    session.commit()
    assert recomputed
    themes = _themes(session, vid)
    assert _with(themes, _members(first)[0])["label"] == "Penataan pedagang kaki lima"
    assert _with(themes, moved)["label"] == "Penataan pedagang kaki lima"
    assert _with(themes, _members(second)[0])["label"] == "Ketertiban dan kebersihan"
    assert _with(themes, _members(third)[0])["label"] == "Ketertiban dan kebersihan"
    assert sorted(_members(_with(themes, ticked[0]))) == ticked
    total = session.scalar(select(func.count()).select_from(Comment))
    placed = [cid for t in themes for cid in _members(t)]
    assert len(placed) == len(set(placed))
    assert len(placed) <= total


def test_views_rebuild_when_an_edit_is_newer_and_refuse_stale_references(session, demo_draft, count_queries):
    import datetime as dt

    from participation.core.errors import ValidationError
    from participation.summaries.models import ThemeCurated

    vid = demo_draft.id
    t0 = utcnow()
    services.refresh_draft_summary(session, vid, now=t0, city=CITY)
    session.commit()
    view = theme_current.current_view(session, vid)
    first = view.themes[0]
    # an edit newer than the newest snapshot (a refresh ran meanwhile): the view rebuilds it
    session.add(
        ThemeCurated(
            version_id=vid,
            name="Nama dari tim",
            name_set=True,
            anchor_ids=_members(first),
            retired=False,
            created_by_id=None,
            created_at=t0 + dt.timedelta(seconds=5),
            updated_at=t0 + dt.timedelta(seconds=5),
        )
    )
    session.commit()
    assert _latest(session, vid).result["themes"][0]["label"] != "Nama dari tim"
    view = theme_current.current_view(session, vid)
    assert _with(view.themes, _members(first)[0])["label"] == "Nama dari tim"
    # a computed theme's reference from another computation is refused; a curated one holds
    with pytest.raises(ValidationError):
        theme_services.rename_theme(
            session,
            vid,
            ref=f"t{view.themes[1]['computed_ids'][0]}",
            name="Lain",
            reason="alasan",
            actor_id=None,
            now=utcnow(),
            basis="0" * 64,
        )
    ref = theme_current.theme_ref(_with(view.themes, _members(first)[0]))
    theme_services.rename_theme(
        session, vid, ref=ref, name="Nama akhir", reason="alasan", actor_id=None, now=utcnow(), basis="0" * 64
    )
    session.commit()
    assert _with(_themes(session, vid), _members(first)[0])["label"] == "Nama akhir"
    # in the usual case (the snapshot carries every edit) a view reads no comment rows
    with count_queries() as counter:
        theme_current.current_view(session, vid)
    assert counter.count <= 3
