"""API tokens and the token-only batch imports (issue 18, write access for integrations).

On the package's demo data (``tests/api/conftest.py``). The accounts these tests use are made
here, so revoking their roles leaves the demo's own accounts alone; what the imports add stays
(this module runs after the read-only ones of the package).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import itertools
import json
import re

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.accounts import services as account_services
from participation.accounts.api_tokens import services as token_services
from participation.accounts.api_tokens.models import ApiToken
from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import to_wita, utcnow
from participation.drafts import importing
from participation.drafts.models import DraftVersion
from participation.musrenbang import importing as usulan_importing
from participation.musrenbang import services as musrenbang_services
from participation.musrenbang.models import Usulan
from participation.schema import metadata
from tests.conftest import SECRET, Client

API = "/api/v1"
PROBLEM = "application/problem+json"
KEL = "64.71.03.1002"  # the demo coordinator's kelurahan
OTHER_KEL = "64.71.01.1001"
TOKEN = re.compile(r"ppt_[A-Za-z0-9_-]{43}")
_numbers = itertools.count(1)


# ----------------------------------------------------------------------------- helpers


def _staff(demo_site, role: Role, kelurahan: str | None = None) -> User:
    n = next(_numbers)
    with demo_site.session() as s:
        user = account_services.create_user(
            s,
            email=f"token{n}-{role.value.lower()}@uji.partisipasi.id",
            name=f"Uji Token {n}",
            password=DEMO_PASSWORD,
            roles=[(role, kelurahan, None)],
            now=utcnow(),
        )
        s.flush()
        s.expunge(user)
    return user


def _client(demo_site, user: User) -> Client:
    demo_site.app.test_client_class = Client
    client: Client = demo_site.app.test_client()  # type: ignore[assignment]
    assert client.login(user.email, DEMO_PASSWORD).status_code == 302
    return client


def _token(demo_site, user: User, *scopes: str, expires_at: dt.datetime | None = None) -> str:
    with demo_site.session() as s:
        _row, raw = token_services.create_token(
            s, user=s.get(User, user.id), name="uji", scopes=scopes, now=utcnow(), expires_at=expires_at
        )
    return raw


def _bearer(raw: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}", **headers}


def _version(demo_site) -> DraftVersion:
    with demo_site.session() as s:
        version = s.get(DraftVersion, demo_site.objects["version_id"])
        s.expunge(version)
    return version


def _comments_csv(*rows: tuple[str, str, str]) -> bytes:
    """(unit label, sikap, nomor surat) rows in the web importer's own format."""
    lines = ["Pasal/Bagian,Sikap,Isi masukan,Nama pemberi masukan,Sumber,Nomor surat"]
    lines += [
        f"{unit},{stance},Masukan uji impor lewat API nomor {number}.,Paguyuban Uji,surat,{number}"
        for unit, stance, number in rows
    ]
    return ("\n".join(lines) + "\n").encode()


def _usulan_csv(*volumes: str) -> bytes:
    header = "Usulan,Permasalahan,Alamat,RT,RW,Kelurahan,Volume,Satuan,Jenis"
    rows = [
        f"Semenisasi gang uji {i},Jalan becek saat hujan,Jl. Uji Gg. {i},3,1,Gunung Samarinda,{v},m,SARPRAS"
        for i, v in enumerate(volumes, start=1)
    ]
    return ("\n".join([header, *rows]) + "\n").encode()


def _post_comments(
    client,
    version_id: int,
    raw: str | None,
    data: bytes,
    content_type: str = "text/csv",
    **headers: str,
):
    if raw is not None:
        headers = _bearer(raw, **headers)
    return client.post(
        f"{API}/versions/{version_id}/comments/import", data=data, content_type=content_type, headers=headers
    )


def _post_usulan(
    client,
    year: int,
    raw: str,
    data: bytes,
    query: str = "",
    **headers: str,
):
    return client.post(
        f"{API}/musrenbang/{year}/usulan/import{query}",
        data=data,
        content_type="text/csv",
        headers=_bearer(raw, **headers),
    )


def _count(demo_site, model) -> int:
    with demo_site.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture(scope="module")
def api(demo_site):
    return demo_site.app.test_client()


# ----------------------------------------------------------------------------- the token page


def test_token_is_shown_once_and_only_its_hash_is_stored(demo_site):
    user = _staff(demo_site, Role.DRAFTER)
    client = _client(demo_site, user)
    assert 'href="/profil/token"' in client.get("/profil").get_data(as_text=True)
    page = client.get("/profil/token")
    assert page.status_code == 200
    assert "Buat token baru" in page.get_data(as_text=True)
    created = client.submit(
        "/profil/token", {"name": "SIPD Bappeda", "scopes": ["comments_import"], "lifetime": "30"}
    )
    text = created.get_data(as_text=True)
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    raw = TOKEN.search(text).group(0)
    assert "hanya ditampilkan sekali" in text
    # shown once: the list names it by its prefix only
    again = client.get("/profil/token").get_data(as_text=True)
    assert raw not in again
    assert raw[:12] in again
    assert "SIPD Bappeda" in again
    with demo_site.session() as s:
        token = s.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
        assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        assert token.prefix == raw[:12]
        assert token.scope_list == ["comments_import"]
        assert token.expires_at is not None
        assert token.created_by_id == user.id
        event = s.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "api_token.create", AuditEvent.target_id == str(token.id)
            )
        )
        assert event.actor_id == user.id
        assert event.after["prefix"] == raw[:12]
    # used once so last_used_at and the audit of use are written too, then searched
    assert (
        _post_comments(demo_site.app.test_client(), demo_site.objects["version_id"], raw, b"").status_code
        == 422
    )
    with demo_site.session() as s:
        for table in metadata.sorted_tables:
            for row in s.execute(select(table)):
                assert raw not in repr(tuple(row)), table.name
                assert raw.encode() not in b"".join(v for v in row if isinstance(v, bytes)), table.name
        events = s.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)).all()
        assert all(raw not in json.dumps([e.before, e.after, e.reason]) for e in events)
        assert s.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).last_used_at


def test_only_staff_see_the_token_page(demo_site):
    citizen = demo_site.client("CITIZEN")
    assert "/profil/token" not in citizen.get("/profil").get_data(as_text=True)
    assert citizen.get("/profil/token").status_code == 403
    token = citizen.csrf_token("/profil")
    assert (
        citizen.post(
            "/profil/token", data={"csrf_token": token, "name": "x", "scopes": "comments_import"}
        ).status_code
        == 403
    )
    assert demo_site.client("ANON").get("/profil/token").status_code == 302  # to the login page
    for role in ("DRAFTER", "COORDINATOR", "ADMIN", "MODERATOR"):
        assert demo_site.client(role).get("/profil/token").status_code == 200, role


def test_creating_a_token_checks_the_scopes_and_the_csrf_token(demo_site):
    user = _staff(demo_site, Role.DRAFTER)
    client = _client(demo_site, user)
    refused = client.submit("/profil/token", {"name": "Usulan", "scopes": ["usulan_import"]})
    assert refused.status_code == 422
    assert "tidak mengizinkan izin ini" in refused.get_data(as_text=True)
    assert 'value="Usulan"' in refused.get_data(as_text=True)  # what was typed stays
    empty = client.submit("/profil/token", {"name": "Tanpa izin"})
    assert empty.status_code == 422
    assert "Pilih sedikitnya satu izin" in empty.get_data(as_text=True)
    # the web forms keep CSRF: without a token, or another session's, nothing is created
    assert client.post("/profil/token", data={"name": "x", "scopes": "comments_import"}).status_code == 400
    other = demo_site.fresh_client("DRAFTER").csrf_token("/profil/token")
    assert (
        client.post(
            "/profil/token", data={"csrf_token": other, "name": "x", "scopes": "comments_import"}
        ).status_code
        == 400
    )
    with demo_site.session() as s:
        assert s.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id)) == 0
        token, _raw = token_services.create_token(
            s, user=s.get(User, user.id), name="x", scopes=["comments_import"], now=utcnow()
        )
        token_id = token.id
    assert client.post(f"/profil/token/{token_id}/cabut", data={}).status_code == 400


def test_only_the_exact_token_views_are_exempt_from_csrf(demo_site):
    csrf = demo_site.app.extensions["csrf"]
    assert csrf._exempt_views == {
        "participation.api.views.imports.import_comments",
        "participation.api.views.imports.import_usulan",
    }
    assert not csrf._exempt_blueprints


# ----------------------------------------------------------------------------- authentication


def test_missing_wrong_and_cookie_credentials_are_401(demo_site, api):
    version_id = demo_site.objects["version_id"]
    none = _post_comments(api, version_id, None, _comments_csv())
    assert none.status_code == 401
    assert none.mimetype == PROBLEM
    assert none.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert none.get_json()["title"] == "Perlu token API"
    wrong = _post_comments(api, version_id, "ppt_" + "x" * 43, _comments_csv(), **{"Accept-Language": "en"})
    assert wrong.status_code == 401
    assert 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    assert wrong.headers["Content-Language"] == "en"  # its English comes with the catalog
    basic = api.post(
        f"{API}/versions/{version_id}/comments/import",
        data=_comments_csv(),
        content_type="text/csv",
        headers={"Authorization": "Basic YTpi"},
    )
    assert basic.status_code == 401
    # a signed-in tim penyusun's session cookie is not a credential here (so no CSRF either)
    drafter = demo_site.client("DRAFTER")
    assert _post_comments(drafter, version_id, None, _comments_csv()).status_code == 401
    assert (
        drafter.post(
            f"{API}/musrenbang/{demo_site.objects['year']}/usulan/import",
            data={"csrf_token": drafter.csrf_token("/")},
        ).status_code
        == 401
    )


def test_revoking_on_the_page_stops_the_token_at_once(demo_site, api):
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import")
    version_id = demo_site.objects["version_id"]
    assert _post_comments(api, version_id, raw, b"").status_code == 422  # authenticated
    client = _client(demo_site, user)
    with demo_site.session() as s:
        token_id = s.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    # someone else cannot revoke it
    other = _client(demo_site, _staff(demo_site, Role.DRAFTER))
    assert (
        other.submit(
            f"/profil/token/{token_id}/cabut", {"cabut-reason": "bukan milik saya"}, page="/profil/token"
        ).status_code
        == 404
    )
    assert _post_comments(api, version_id, raw, b"").status_code == 422
    done = client.submit(
        f"/profil/token/{token_id}/cabut", {"cabut-reason": "laptop hilang"}, page="/profil/token"
    )
    assert done.status_code == 302
    refused = _post_comments(api, version_id, raw, b"")
    assert refused.status_code == 401
    assert refused.mimetype == PROBLEM
    page = client.get("/profil/token").get_data(as_text=True)
    assert "dicabut" in page
    assert "laptop hilang" in page
    with demo_site.session() as s:
        event = s.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "api_token.revoke", AuditEvent.target_id == str(token_id)
            )
        )
        assert event.actor_id == user.id
        assert event.reason == "laptop hilang"
        assert s.get(ApiToken, token_id).revoked_at is not None


def test_an_expired_token_is_401(demo_site, api):
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import", expires_at=utcnow() + dt.timedelta(seconds=1))
    with demo_site.session() as s:
        s.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).expires_at = utcnow() - dt.timedelta(
            seconds=1
        )
    assert _post_comments(api, demo_site.objects["version_id"], raw, b"").status_code == 401


def test_scopes_both_ways(demo_site, api):
    admin = _staff(demo_site, Role.ADMIN)
    with demo_site.session() as s:
        account_services.assign_role(
            s, user=s.get(User, admin.id), role=Role.DRAFTER, actor=None, now=utcnow()
        )
    comments_only = _token(demo_site, admin, "comments_import")
    usulan_only = _token(demo_site, admin, "usulan_import")
    version_id, year = demo_site.objects["version_id"], demo_site.objects["year"]
    refused = _post_usulan(api, year, comments_only, _usulan_csv("10"))
    assert refused.status_code == 403
    assert refused.mimetype == PROBLEM
    assert 'error="insufficient_scope", scope="usulan_import"' in refused.headers["WWW-Authenticate"]
    refused = _post_comments(api, version_id, usulan_only, _comments_csv())
    assert refused.status_code == 403
    assert "comments_import" in refused.get_json()["detail"]
    # the same tokens with their own scope get past authorisation (an empty file: 422)
    assert _post_usulan(api, year, usulan_only, b"").status_code == 422
    assert _post_comments(api, version_id, comments_only, b"").status_code == 422


def test_role_loss_or_deactivation_makes_the_token_useless(demo_site, api):
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import")
    version_id = demo_site.objects["version_id"]
    assert _post_comments(api, version_id, raw, b"").status_code == 422
    with demo_site.session() as s:
        owner = s.get(User, user.id)
        account_services.revoke_role(
            s,
            user=owner,
            assignment_id=owner.role_assignments[0].id,
            actor=None,
            now=utcnow(),
            reason="pindah tugas",
        )
    lost = _post_comments(api, version_id, raw, _comments_csv(("Pasal 20 ayat (2)", "mendukung", "RL/1")))
    assert lost.status_code == 403
    assert "peran" in lost.get_json()["detail"]
    with demo_site.session() as s:
        owner = s.get(User, user.id)
        account_services.assign_role(s, user=owner, role=Role.DRAFTER, actor=None, now=utcnow())
    assert _post_comments(api, version_id, raw, b"").status_code == 422  # the role is back
    with demo_site.session() as s:
        account_services.set_active(
            s,
            user=s.get(User, user.id),
            active=False,
            actor=None,
            now=utcnow(),
            reason="akun dinonaktifkan untuk uji",
        )
    assert _post_comments(api, version_id, raw, b"").status_code == 401


def test_a_coordinator_token_is_bound_to_the_coordinators_kelurahan(demo_site, api):
    coordinator = _staff(demo_site, Role.COORDINATOR, KEL)
    raw = _token(demo_site, coordinator, "usulan_import")
    year = demo_site.objects["year"]
    before = _count(demo_site, Usulan)
    other = _post_usulan(api, year, raw, _usulan_csv("10"), f"?kelurahan={OTHER_KEL}")
    assert other.status_code == 403
    assert other.mimetype == PROBLEM
    unnamed = _post_usulan(api, year, raw, _usulan_csv("10"))
    assert unnamed.status_code == 422
    assert unnamed.get_json()["errors"][0]["message"] == "Pilih kelurahan tujuan impor."
    assert _post_usulan(api, year, raw, _usulan_csv("10"), "?kelurahan=abc").status_code == 400
    assert _post_usulan(api, 1999, raw, _usulan_csv("10"), f"?kelurahan={KEL}").status_code == 404
    assert _count(demo_site, Usulan) == before


def test_an_import_refusal_is_explained_in_the_requests_language(demo_site, api):
    coordinator = _staff(demo_site, Role.COORDINATOR, KEL)
    raw = _token(demo_site, coordinator, "usulan_import")
    year = demo_site.objects["year"]
    unnamed = _post_usulan(api, year, raw, _usulan_csv("10"), **{"Accept-Language": "en"})
    assert unnamed.status_code == 422
    assert unnamed.get_json()["errors"][0]["message"] == "Choose the kelurahan to import into."


# ----------------------------------------------------------------------------- the imports


def _web_comment_errors(demo_site, version: DraftVersion, data: bytes) -> list[tuple]:
    """The verdict of the importer the web page and CLI call (a transaction rolled back)."""
    with demo_site.session() as s:
        v = s.get(DraftVersion, version.id)
        drafter = s.scalar(select(User).where(User.email == "penyusun@demo.partisipasi.id"))
        with pytest.raises(importing.ImportFailed) as failed:
            importing.import_comments_file(
                s, version=v, actor=drafter, filename="m.csv", data=data, now=utcnow()
            )
        s.rollback()
    return [
        (
            e.row,
            None if e.column == importing.WHOLE_ROW else e.column,
            e.message % e.params if e.params else e.message,
        )
        for e in failed.value.errors
    ]


def test_comments_import_is_all_or_nothing_with_the_web_importers_report(demo_site, api):
    version = _version(demo_site)
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import")
    bad = _comments_csv(
        ("Pasal 20 ayat (2)", "mendukung", "API/1"),
        ("Pasal 999", "keberatan", "API/2"),
        ("Pasal 20 ayat (2)", "entahlah", "API/3"),
    )
    before = _count(demo_site, Comment)
    refused = _post_comments(api, version.id, raw, bad)
    assert refused.status_code == 422
    assert refused.mimetype == PROBLEM
    body = refused.get_json()
    got = [(e["row"], e["column"], e["message"]) for e in body["errors"]]
    assert got == _web_comment_errors(demo_site, version, bad)
    assert [e["row"] for e in body["errors"]] == [3, 4]
    assert _count(demo_site, Comment) == before  # the good row was not kept either
    # the web page refuses the same file with the same problems
    drafter = demo_site.client("DRAFTER")
    web = drafter.post(
        f"/raperda/{version.draft_id}/versi/{version.number}/masukan-luar",
        data={"csrf_token": drafter.csrf_token("/"), "file": (io.BytesIO(bad), "masukan.csv")},
        content_type="multipart/form-data",
    )
    page = html.unescape(web.get_data(as_text=True))
    assert web.status_code == 422
    assert all(message in page for _row, _column, message in got)
    assert _count(demo_site, Comment) == before

    good = _comments_csv(
        ("Pasal 20 ayat (2)", "mendukung", "API/4"), ("Pasal 20 ayat (2)", "keberatan", "API/5")
    )
    created = _post_comments(api, version.id, raw, good)
    assert created.status_code == 201, created.get_data(as_text=True)
    data = created.get_json()
    assert data["count"] == 2
    assert len(data["ids"]) == 2
    assert data["version_id"] == version.id
    assert created.headers["Location"] == data["comments_url"]
    with demo_site.session() as s:
        rows = [s.get(Comment, i) for i in data["ids"]]
        assert [c.external_id for c in rows] == ["API/4", "API/5"]
        assert all(c.source == "surat" for c in rows)
        used = s.scalar(
            select(AuditEvent).where(AuditEvent.action == "api_token.use", AuditEvent.actor_id == user.id)
        )
        assert used.after["rows"] == 2
        assert used.after["import"] == "comments"
        assert s.scalar(
            select(AuditEvent).where(AuditEvent.action == "comment.import", AuditEvent.actor_id == user.id)
        )
    # the same letters again: refused, as the web importer refuses them
    again = _post_comments(api, version.id, raw, good)
    assert again.status_code == 422
    assert len(again.get_json()["errors"]) == 2
    # multipart works too, and English when asked
    multipart = api.post(
        f"{API}/versions/{version.id}/comments/import",
        data={"file": (io.BytesIO(_comments_csv(("Pasal 20 ayat (2)", "setuju", "API/6"))), "surat.csv")},
        content_type="multipart/form-data",
        headers=_bearer(raw),
    )
    assert multipart.status_code == 201
    assert multipart.get_json()["count"] == 1


def test_comments_import_refuses_an_unpublished_or_missing_version(demo_site, api):
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import")
    assert _post_comments(api, 2_000_000_000, raw, _comments_csv()).status_code == 404
    with demo_site.session() as s:
        hidden = s.scalar(select(DraftVersion.id).where(DraftVersion.published_at.is_(None)))
    if hidden is not None:
        assert _post_comments(api, hidden, raw, _comments_csv()).status_code == 404


def test_usulan_import_is_all_or_nothing_with_the_web_importers_report(demo_site, api):
    coordinator = _staff(demo_site, Role.COORDINATOR, KEL)
    raw = _token(demo_site, coordinator, "usulan_import")
    year = demo_site.objects["year"]
    bad = _usulan_csv("10", "banyak", "-3")
    before = _count(demo_site, Usulan)
    refused = _post_usulan(api, year, raw, bad, f"?kelurahan={KEL}")
    assert refused.status_code == 422
    assert refused.mimetype == PROBLEM
    got = [(e["row"], e["column"], e["message"]) for e in refused.get_json()["errors"]]
    with demo_site.session() as s:  # what the web import's preview says about the same file
        preview = musrenbang_services.preview_import(
            s,
            cycle=musrenbang_services.get_cycle_by_year(s, year),
            filename="impor-api.csv",
            data=bad,
            actor=s.get(User, coordinator.id),
            kelurahan_code=KEL,
            override_kelurahan=False,
            now=utcnow(),
        )
        expected = [(e.row, e.column or None, e.message) for e in preview.result.errors]
        s.rollback()
    assert got == expected
    assert {row for row, _c, _m in got} == {3, 4}
    assert _count(demo_site, Usulan) == before
    # the web import page shows the same problems
    web = demo_site.client("COORDINATOR")
    page = web.post(
        "/musrenbang/impor",
        data={
            "csrf_token": web.csrf_token("/musrenbang/impor"),
            "kelurahan_code": KEL,
            "file": (io.BytesIO(bad), "usulan.csv"),
        },
        content_type="multipart/form-data",
    )
    assert page.status_code == 422
    text = html.unescape(page.get_data(as_text=True))
    assert all(message in text for _row, _column, message in got)

    created = _post_usulan(api, year, raw, _usulan_csv("10", '"2,5"'), f"?kelurahan={KEL}&semua_baris=true")
    assert created.status_code == 201, created.get_data(as_text=True)
    data = created.get_json()
    assert data["count"] == 2
    assert data["kelurahan"] == KEL
    assert data["statuses_kept"] is False
    with demo_site.session() as s:
        rows = [s.get(Usulan, i) for i in data["ids"]]
        assert all(u.created_by_id == coordinator.id and u.status == "draft" for u in rows)
        assert all(u.kelurahan_code == KEL for u in rows)
        assert s.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "musrenbang.usulan.import", AuditEvent.actor_id == coordinator.id
            )
        )
    assert _count(demo_site, Usulan) == before + 2


def test_the_template_file_of_the_web_import_is_accepted(demo_site, api):
    admin = _staff(demo_site, Role.ADMIN)
    raw = _token(demo_site, admin, "usulan_import")
    response = api.post(
        f"{API}/musrenbang/{demo_site.objects['year']}/usulan/import",
        data=usulan_importing.template_xlsx(),
        content_type=importing.XLSX,
        headers=_bearer(raw),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["statuses_kept"] is True
    assert response.get_json()["count"] == 1


def test_body_type_and_size(demo_site, api):
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import")
    version_id = demo_site.objects["version_id"]
    wrong = _post_comments(api, version_id, raw, b'{"rows": []}', "application/json")
    assert wrong.status_code == 415
    assert wrong.mimetype == PROBLEM
    limit = demo_site.app.config["IMPORT_JOB_MIN_ROWS"]
    many = _comments_csv(*[("Pasal 20 ayat (2)", "mendukung", f"BIG/{i}") for i in range(limit + 1)])
    before = _count(demo_site, Comment)
    big = _post_comments(api, version_id, raw, many)
    assert big.status_code == 413
    assert str(limit) in big.get_json()["detail"]
    assert _count(demo_site, Comment) == before
    assert api.get(f"{API}/versions/{version_id}/comments/import").status_code == 405


def test_the_document_describes_the_writes(api):
    doc = api.get(f"{API}/openapi.json").get_json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    for path in ("/api/v1/versions/{version_id}/comments/import", "/api/v1/musrenbang/{year}/usulan/import"):
        op = doc["paths"][path]["post"]
        assert op["security"] == [{"bearer": []}]
        assert {"text/csv", importing.XLSX, "multipart/form-data"} == set(op["requestBody"]["content"])
        assert {"201", "401", "403", "413", "415", "422", "429"} <= set(op["responses"])
        assert op["responses"]["422"]["content"][PROBLEM]["schema"] == {
            "$ref": "#/components/schemas/ImportProblem"
        }
    # the reads stay open: no security on them
    assert all("security" not in item["get"] for item in doc["paths"].values() if "get" in item)


def test_the_writes_are_rate_limited_per_token(database_url, tmp_path, demo_site):
    user = _staff(demo_site, Role.DRAFTER)
    raw = _token(demo_site, user, "comments_import")
    other = _token(demo_site, user, "comments_import")
    limited = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_ENABLED": True,
            "API_IMPORT_RATE_LIMIT": "2 per minute",
        }
    )
    try:
        c = limited.test_client()
        version_id = demo_site.objects["version_id"]
        assert [_post_comments(c, version_id, raw, b"").status_code for _ in range(2)] == [422, 422]
        r = _post_comments(c, version_id, raw, b"")
        assert r.status_code == 429
        assert r.mimetype == PROBLEM
        assert _post_comments(c, version_id, other, b"").status_code == 422  # its own budget
        assert c.get(f"{API}/drafts").status_code == 200  # reading keeps its budget
    finally:
        limited.extensions["participation.engine"].dispose()


def test_token_times_are_shown_in_wita(demo_site):
    user = _staff(demo_site, Role.DRAFTER)
    _token(demo_site, user, "comments_import")
    with demo_site.session() as s:
        created = s.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).created_at
    page = _client(demo_site, user).get("/profil/token").get_data(as_text=True)
    assert to_wita(created).strftime("%H.%M") in page or to_wita(created).strftime("%H:%M") in page
