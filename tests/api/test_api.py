"""The public API /api/v1 on the full demo data: shapes, cursor pagination, ETag, CORS, errors as
problem+json in Indonesian and English, the rate limit, hidden and held comments, personal data,
and the statements a page costs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from participation import create_app
from participation.accounts.demo import DEMO_ACCOUNTS
from participation.accounts.models import User
from participation.comments import moderation as comment_moderation
from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.drafts.models import DraftUnit
from participation.musrenbang.models import Usulan
from tests.conftest import SECRET

API = "/api/v1"
PROBLEM = "application/problem+json"
# what no API answer may carry, anywhere (UU 27/2022): contact data, identity numbers, account ids
PERSONAL_KEYS = {
    "email",
    "e_mail",
    "nik",
    "phone",
    "telepon",
    "no_hp",
    "hp",
    "user_id",
    "author_id",
    "created_by_id",
    "actor_id",
    "pengusul",
    "password",
    "password_hash",
    "ip",
    "ip_hash",
    "author_email",
    "author_phone",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(scope="module")
def client(demo_site):
    return demo_site.app.test_client()


@pytest.fixture(scope="module")
def ids(demo_site) -> dict[str, Any]:
    return demo_site.objects.values


def _get(client, url: str, **headers: str):
    return client.get(url, headers=headers)


def _walk_pages(client, url: str) -> Iterator[dict[str, Any]]:
    while url:
        r = client.get(url)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[:300])
        body = r.get_json()
        link = r.headers.get("Link")
        if body["next"]:
            assert link == f'<{body["next"]}>; rel="next"'
        else:
            assert link is None
        yield body
        url = body["next"]


def _all(client, url: str) -> list[dict[str, Any]]:
    return [row for body in _walk_pages(client, url) for row in body["data"]]


# ----------------------------------------------------------------------------- shapes


def test_drafts_versions_and_units(client, ids):
    body = _get(client, f"{API}/drafts").get_json()
    assert [d["id"] for d in body["data"]] == [ids["draft_id"]]
    assert body["next"] is None
    draft = _get(client, f"{API}/drafts/{ids['draft_id']}").get_json()
    assert draft == body["data"][0]
    assert draft["versions"][0]["id"] == ids["version_id"]
    assert draft["web_url"].endswith(f"/raperda/{ids['draft_id']}")

    versions = _get(client, f"{API}/drafts/{ids['draft_id']}/versions").get_json()["data"]
    assert [v["number"] for v in versions] == [v["number"] for v in draft["versions"]]

    version = _get(client, draft["versions"][0]["url"]).get_json()
    assert version["draft_id"] == ids["draft_id"]
    first = version["units"][0]
    assert set(first) == {"key", "label", "kind", "number", "heading", "text", "content_hash", "children"}

    def keys(nodes):
        for n in nodes:
            yield n["key"]
            yield from keys(n["children"])

    listed = list(keys(version["units"]))
    assert "pasal-20/ayat-2" in listed
    assert len(listed) == len(set(listed))
    unit = _get(client, f"{API}/versions/{ids['version_id']}/units/pasal-20").get_json()
    assert unit["key"] == "pasal-20"
    assert unit["label"] == "Pasal 20"
    assert "pasal-20/ayat-2" in [c["key"] for c in unit["children"]]
    assert all(c["key"].startswith("pasal-20/") for c in unit["children"])


def test_comments_and_matriks_carry_answers(client, ids):
    rows = _all(client, f"{API}/versions/{ids['version_id']}/comments?limit=100")
    assert rows, "the demo has comments"
    answered = [r for r in rows if r["answer"]]
    assert answered, "the demo has answered comments"
    assert set(answered[0]["answer"]) == {
        "disposition",
        "disposition_label",
        "reason",
        "resulting_wording",
        "created_at",
    }
    assert {r["status"] for r in rows} <= {"own", "same", "changed", "removed"}
    sikap = _all(client, f"{API}/versions/{ids['version_id']}/comments?sikap=object&limit=100")
    assert sikap
    assert {r["stance"] for r in sikap} == {"object"}
    assert len(sikap) == sum(r["stance"] == "object" for r in rows)
    pasal = _all(client, f"{API}/versions/{ids['version_id']}/comments?pasal=pasal-20&limit=100")
    assert pasal
    assert all(r["unit_key"].split("/")[0] == "pasal-20" for r in pasal)
    belum = _all(client, f"{API}/versions/{ids['version_id']}/comments?status=belum&limit=100")
    assert len(belum) == sum(r["answer"] is None for r in rows)

    matriks = _all(client, f"{API}/versions/{ids['version_id']}/matriks?limit=100")
    assert [m["id"] for m in matriks] == [r["id"] for r in rows]
    m = next(m for m in matriks if m["unit_key"] == "pasal-20/ayat-2")
    assert m["unit_label"] == "Pasal 20 ayat (2)"
    assert m["unit_text"]


def test_summary_cycles_and_usulan(client, demo_site, ids):
    summary = _get(client, f"{API}/versions/{ids['version_id']}/summary").get_json()
    assert summary["kind"] == "draft"
    assert "computed_at" in summary
    assert "totals" in summary
    cycles = _get(client, f"{API}/musrenbang/cycles").get_json()["data"]
    assert ids["year"] in [c["year"] for c in cycles]
    usulan = _all(client, f"{API}/musrenbang/usulan?limit=100")
    with demo_site.session() as s:
        public = set(s.scalars(select(Usulan.id).where(Usulan.status != "draft")))
        drafts = set(s.scalars(select(Usulan.id).where(Usulan.status == "draft")))
    assert {u["id"] for u in usulan} == public
    assert not drafts & {u["id"] for u in usulan}
    kel = _all(client, f"{API}/musrenbang/usulan?kelurahan=64.71.03.1002&limit=100")
    assert kel
    assert {u["kelurahan_code"] for u in kel} == {"64.71.03.1002"}


def test_unknown_rows_are_404_problems(client, ids):
    for url in (
        f"{API}/drafts/999999",
        f"{API}/versions/999999",
        f"{API}/versions/999999/comments",
        f"{API}/versions/{ids['version_id']}/units/pasal-999",
        f"{API}/tidak-ada",
        f"{API}/drafts/0",
    ):
        r = _get(client, url)
        assert r.status_code == 404, url
        assert r.mimetype == PROBLEM, url
        body = r.get_json()
        assert set(body) == {"type", "title", "status", "detail"}
        assert body["status"] == 404
        assert body["title"] == "Halaman tidak ditemukan"
    assert _get(client, f"{API}/drafts/999999").get_json()["detail"] == "Raperda tidak ditemukan."


# ----------------------------------------------------------------------------- pagination


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_comment_pages_round_trip_without_gaps_or_duplicates(client, demo_site, ids, limit):
    url = f"{API}/versions/{ids['version_id']}/comments?limit={limit}"
    pages = list(_walk_pages(client, url))
    seen = [r["id"] for body in pages for r in body["data"]]
    assert all(len(body["data"]) == limit for body in pages[:-1])
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen)
    with demo_site.session() as s:
        expected = sorted(
            s.scalars(
                select(Comment.id)
                .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
                .where(
                    DraftUnit.version_id == ids["version_id"],
                    Comment.parent_id.is_(None),
                    Comment.visibility == Visibility.VISIBLE.value,
                )
            )
        )
    assert seen == expected


def test_usulan_pages_keep_the_filters(client):
    first = _get(client, f"{API}/musrenbang/usulan?limit=2&jenis=SARPRAS").get_json()
    assert first["next"]
    assert "jenis=SARPRAS" in first["next"]
    assert "limit=2" in first["next"]
    rows = _all(client, f"{API}/musrenbang/usulan?limit=2&jenis=SARPRAS")
    assert {r["jenis"] for r in rows} == {"SARPRAS"}
    assert rows == _all(client, f"{API}/musrenbang/usulan?limit=100&jenis=SARPRAS")


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=abc",
        "cursor=%%%",
        "cursor=YWJj",
        "cursor=MA",
        "sikap=marah",
        "status=mungkin",
        "pasal=../x",
    ],
)
def test_bad_parameters_are_400_problems(client, ids, query):
    r = _get(client, f"{API}/versions/{ids['version_id']}/comments?{query}")
    assert r.status_code == 400
    assert r.mimetype == PROBLEM
    name = query.split("=")[0]
    assert r.get_json() == {
        "type": "about:blank",
        "title": "Permintaan tidak valid",
        "status": 400,
        "detail": f"Parameter tidak valid: {name}.",
    }


# ----------------------------------------------------------------------------- HTTP


def test_etag_answers_304_when_unchanged(client, ids):
    url = f"{API}/versions/{ids['version_id']}/comments?limit=5"
    first = _get(client, url)
    etag = first.headers["ETag"]
    assert etag
    assert first.headers["Cache-Control"] == "no-cache"
    again = _get(client, url, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert _get(client, url, **{"If-None-Match": '"other"'}).status_code == 200
    # another page is another representation
    assert _get(client, url.replace("limit=5", "limit=6")).headers["ETag"] != etag


def test_cors_is_open_for_get_and_errors(client, ids):
    for url in (f"{API}/drafts", f"{API}/drafts/999999", f"{API}/openapi.json"):
        r = _get(client, url, Origin="https://data.example.org")
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in r.headers["Access-Control-Expose-Headers"]
    pre = client.options(
        f"{API}/drafts",
        headers={"Origin": "https://data.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in pre.headers["Access-Control-Allow-Methods"]
    # the site's own pages stay closed to other origins
    assert "Access-Control-Allow-Origin" not in _get(client, "/raperda").headers


def test_problems_follow_accept_language(client, ids):
    cases = [
        (f"{API}/drafts/999999", 404, "Page not found"),
        (f"{API}/tidak-ada", 404, "Page not found"),
        (f"{API}/drafts?limit=500", 400, "Invalid request"),
    ]
    for url, code, english in cases:
        en = _get(client, url, **{"Accept-Language": "en-US,en;q=0.9,id;q=0.5"})
        assert en.status_code == code
        assert en.mimetype == PROBLEM
        assert en.get_json()["title"] == english
        assert en.headers["Content-Language"] == "en"
        assert "Accept-Language" in en.headers["Vary"]
        indonesian = _get(client, url, **{"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"})
        assert indonesian.get_json()["title"] != english
        assert indonesian.headers["Content-Language"] == "id"
        assert _get(client, url).get_json()["title"] == indonesian.get_json()["title"]


def test_a_domain_refusal_is_explained_in_the_requests_language(client):
    url = f"{API}/drafts/999999"
    assert (
        _get(client, url, **{"Accept-Language": "en"}).get_json()["detail"] == "Draft regulation not found."
    )
    assert _get(client, url).get_json()["detail"] == "Raperda tidak ditemukan."


def test_only_get_is_answered(client):
    r = client.post(f"{API}/drafts")
    assert r.status_code == 405
    assert r.mimetype == PROBLEM
    assert r.get_json()["detail"] == "API ini hanya-baca: gunakan GET."
    assert client.delete(f"{API}/drafts/1").status_code == 405


def test_rate_limit_is_a_429_problem(database_url, tmp_path, demo_site):
    limited = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_ENABLED": True,
            "API_RATE_LIMIT": "2 per minute",
        }
    )
    try:
        c = limited.test_client()
        assert [c.get(f"{API}/drafts").status_code for _ in range(2)] == [200, 200]
        r = c.get(f"{API}/drafts", headers={"Accept-Language": "en"})
        assert r.status_code == 429
        assert r.mimetype == PROBLEM
        assert r.get_json()["title"] == "Too many requests"
        assert int(r.headers["Retry-After"]) > 0
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        # the site's pages keep their own budget
        assert c.get("/raperda").status_code == 200
    finally:
        limited.extensions["participation.engine"].dispose()


def test_docs_page_and_document(client):
    doc = _get(client, f"{API}/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    assert doc["paths"]
    assert "Problem" in doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert method in ("get", "post"), path  # post: the token-only imports (test_tokens)
            ok = "200" if method == "get" else "201"
            assert op["responses"][ok]["content"]["application/json"]["schema"], path
            assert op["responses"]["500"]["content"][PROBLEM]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }, path
    page = _get(client, f"{API}/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # vendored assets only: every script and stylesheet is the site's own (no CDN)
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert assets, assets
    assert all(a.startswith("/static/") for a in assets), assets
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for path, item in doc["paths"].items():
        for op in item.values():
            assert f'id="op-{op["operationId"]}"' in html
        assert path.replace("/", "/<wbr>") in html  # breakable on a narrow screen


# ----------------------------------------------------------------------------- public rules


def test_hidden_and_held_comments_never_appear(client, demo_site, ids):
    base = f"{API}/versions/{ids['version_id']}"
    rows = _all(client, f"{base}/comments?limit=100")
    hide_id, hold_id = rows[0]["id"], rows[1]["id"]
    with demo_site.session() as s:
        moderator = s.scalar(select(User).where(User.email == "moderator@demo.partisipasi.id"))
        comment_moderation.set_visibility(
            s,
            comment=s.get(Comment, hide_id),
            actor=moderator,
            hidden=True,
            reason="Spam.",
            category="spam",
            now=utcnow(),
        )
        s.get(Comment, hold_id).visibility = Visibility.PENDING.value
    try:
        for url in (
            f"{base}/comments?limit=100",
            f"{base}/matriks?limit=100",
            f"{base}/comments?limit=100&sikap={rows[0]['stance']}",
        ):
            listed = {r["id"] for r in _all(client, url)}
            assert hide_id not in listed, url
            assert hold_id not in listed, url
        summary = _get(client, f"{base}/summary").get_json()
        in_matriks = {c["id"] for row in summary.get("matriks", []) for c in row["comments"]}
        assert hide_id not in in_matriks
        assert hold_id not in in_matriks
        assert summary["newer_input_waiting"] is True
    finally:
        with demo_site.session() as s:
            comment_moderation.set_visibility(
                s,
                comment=s.get(Comment, hide_id),
                actor=s.scalar(select(User).where(User.email == "moderator@demo.partisipasi.id")),
                hidden=False,
                reason="Dipulihkan untuk uji.",
                now=utcnow(),
            )
            s.get(Comment, hold_id).visibility = Visibility.VISIBLE.value
    assert {hide_id, hold_id} <= {r["id"] for r in _all(client, f"{base}/comments?limit=100")}


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, str | None, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", k, v
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, None, value


def test_no_personal_data_anywhere(client, demo_site, ids):
    base = f"{API}/versions/{ids['version_id']}"
    bodies = [
        _get(client, f"{API}/drafts/{ids['draft_id']}").get_json(),
        _get(client, base).get_json(),
        _get(client, f"{base}/summary").get_json(),
    ]
    for url in (
        f"{API}/drafts",
        f"{API}/drafts/{ids['draft_id']}/versions",
        f"{base}/comments",
        f"{base}/matriks",
        f"{API}/musrenbang/cycles",
        f"{API}/musrenbang/usulan",
    ):
        bodies += list(_walk_pages(client, url + "?limit=100"))
    emails = {a[0] for a in DEMO_ACCOUNTS}
    with demo_site.session() as s:
        emails |= {e for e in s.scalars(select(User.email)) if e}
        pengusul = {p for p in s.scalars(select(Usulan.pengusul)) if p and len(p) > 3}
    problems = []
    for body in bodies:
        for where, key, value in _walk(body):
            if key is not None and key.lower() in PERSONAL_KEYS:
                problems.append(f"{where}: personal key")
            if key == "author" and value != "Anonim":  # the public summary names nobody
                problems.append(f"{where}: {value!r}")
            if isinstance(value, str) and (
                value in emails or value in pengusul or any(e in value for e in emails)
            ):
                problems.append(f"{where}: {value[:60]!r}")
    assert not problems, problems[:20]
    names = {r["display_name"] for r in _all(client, f"{base}/comments?limit=100")}
    assert names
    assert not any(EMAIL.search(n) for n in names)


# ----------------------------------------------------------------------------- cost


def _statements(demo_site, client, url: str) -> int:
    engine = demo_site.app.extensions["participation.engine"]
    seen: list[str] = []

    def on(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", on)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", on)
    return len(seen)


@pytest.mark.parametrize(
    "path",
    [
        "drafts",
        "versions/{v}/comments",
        "versions/{v}/matriks",
        "musrenbang/usulan",
        "musrenbang/cycles",
        "drafts/{d}/versions",
    ],
)
def test_statements_do_not_grow_with_the_page_size(client, demo_site, ids, path):
    url = f"{API}/" + path.format(v=ids["version_id"], d=ids["draft_id"])
    counts = {limit: _statements(demo_site, client, f"{url}?limit={limit}") for limit in (1, 5, 100)}
    assert len(set(counts.values())) == 1, counts
    # a later page costs what the first does
    second = client.get(f"{url}?limit=1").get_json()["next"]
    if second:
        assert _statements(demo_site, client, second) == counts[1]


def test_an_usulan_has_the_public_rows_fields_and_the_apis_links(client, demo_site):
    """One shape: the API's usulan is musrenbang.queries.public_row (what the tracker and its CSV
    show) plus its id, year and web address; the OpenAPI schema names exactly those fields."""
    from participation.api.schemas import UsulanSchema
    from participation.musrenbang.queries import public_row

    (row,) = _get(client, f"{API}/musrenbang/usulan?limit=1").get_json()["data"]
    with demo_site.session() as s:
        usulan = s.get(Usulan, row["id"])
        public = set(public_row(usulan))
    assert set(row) == public | {"id", "year", "web_url"}
    assert set(UsulanSchema().fields) == set(row)
