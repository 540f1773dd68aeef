"""Versions in the API: an unpublished version is not there at all; once published, the comments
carried to it from version 1 are listed as the site lists them (drafts.queries.shown_comments),
with their status (same, changed, removed), origin version and key. Publishes the demo's waiting
version 2: kept in its own module so the other API tests read the demo as loaded."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts.models import User
from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.drafts import queries as draft_queries
from participation.drafts import services as draft_services
from participation.drafts.models import DraftVersion

API = "/api/v1"


def _all(client, url: str) -> list[dict]:
    rows = []
    while url:
        body = client.get(url).get_json()
        rows += body["data"]
        url = body["next"]
    return rows


def test_published_versions_only_then_carried_comments(demo_site):
    client = demo_site.app.test_client()
    values = demo_site.objects.values
    with demo_site.session() as s:
        v2_id = s.scalar(
            select(DraftVersion.id).where(
                DraftVersion.draft_id == values["draft_id"], DraftVersion.number == 2
            )
        )
    assert v2_id is not None, "the demo keeps a version 2 waiting to be published"
    for url in (
        f"{API}/versions/{v2_id}",
        f"{API}/versions/{v2_id}/comments",
        f"{API}/versions/{v2_id}/units/pasal-1",
        f"{API}/versions/{v2_id}/summary",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.mimetype == "application/problem+json", url
    listed = client.get(f"{API}/drafts/{values['draft_id']}/versions").get_json()["data"]
    assert v2_id not in [v["id"] for v in listed]

    with demo_site.session() as s:
        drafter = s.scalar(select(User).where(User.email == "penyusun@demo.partisipasi.id"))
        draft_services.publish_version(
            s, version=s.get(DraftVersion, v2_id), actor=drafter, now=utcnow(), acknowledge_warnings=True
        )
    listed = client.get(f"{API}/drafts/{values['draft_id']}/versions").get_json()["data"]
    assert [v["number"] for v in listed] == [1, 2]

    rows = _all(client, f"{API}/versions/{v2_id}/comments?limit=13")
    assert {r["status"] for r in rows} == {"same", "changed", "removed"}
    assert {(r["origin_version"], r["origin_version_id"]) for r in rows} == {(1, values["version_id"])}
    removed = [r for r in rows if r["status"] == "removed"]
    assert removed
    assert all(r["unit_key"] is None and r["from_unit_key"] for r in removed)

    # the site's own list of what is shown on the version, less what is not public
    with demo_site.session() as s:
        shown = draft_queries.shown_comments(s, s.get(DraftVersion, v2_id))
        visible = set(
            s.scalars(
                select(Comment.id).where(
                    Comment.id.in_([r["id"] for r in shown]), Comment.visibility == Visibility.VISIBLE.value
                )
            )
        )
    expected = {
        r["id"]: (r["unit_key"], r["status"], r["origin_version_id"]) for r in shown if r["id"] in visible
    }
    assert {r["id"]: (r["unit_key"], r["status"], r["origin_version_id"]) for r in rows} == expected

    # the filters of the matriks page
    assert {r["id"] for r in _all(client, f"{API}/versions/{v2_id}/comments?pasal=dihapus")} == {
        r["id"] for r in removed
    }
    assert _all(client, f"{API}/versions/{v2_id}/comments?asal=ini") == []
    assert len(_all(client, f"{API}/versions/{v2_id}/comments?asal=sebelumnya&limit=100")) == len(rows)
    matriks = _all(client, f"{API}/versions/{v2_id}/matriks?pasal=dihapus")
    assert matriks
    assert all(m["unit_text"] and m["unit_label"] for m in matriks)
