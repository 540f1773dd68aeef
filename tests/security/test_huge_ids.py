"""Ids beyond PostgreSQL's ``integer`` (2,147,483,647) in a URL or a form: a 404, a form error or
nothing done, never a 500 (issue 13, item 2; "integer out of range" showed only on PostgreSQL, so
CI runs this package on both databases).

Every ``<int:…>`` argument of every rule of the URL map gets each huge value in turn (the other
arguments keep real demo ids), by GET and by POST with a valid CSRF token, as a visitor and as the
most privileged role the endpoint allows; then the forms that post ids in their fields.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from participation.musrenbang.workflow import Action
from tests.security.endpoints import (
    SHARED,
    TABLE,
    URL_VALUES,
    allowed_roles,
    app_endpoints,
    build_url,
)

HUGE = ("2147483648", "99999999999999999999")
TOO_SMALL = ("0", "00000000001")
PREFERENCE = (
    "ADMIN",
    "DRAFTER",
    "COORDINATOR",
    "VERIFIER_CITY",
    "VERIFIER_KEC",
    "DPRD_MEMBER",
    "MODERATOR",
    "CITIZEN",
    "ANON",
)


def _int_arguments(rule) -> list[str]:
    return sorted(a for a, conv in rule._converters.items() if isinstance(conv, IntegerConverter))


def _url_with(rule, values: dict, arg: str, raw: str) -> str:
    """The rule's URL from demo ids, ``arg`` replaced by the raw text ``raw``."""
    marker = 1234567  # a value no demo id has, swapped for the raw text after building
    name = URL_VALUES.get(rule.endpoint, {}).get(arg) or SHARED[arg]
    url = build_url(rule, {**values, name: marker})
    assert str(marker) in url, (rule.rule, arg)
    return url.replace(str(marker), raw, 1)


def _role_for(endpoint: str, method: str) -> str:
    expected = TABLE.get(endpoint, {}).get(method, "public")
    return next(r for r in PREFERENCE if r in allowed_roles(expected))


def _request(client, method: str, url: str, token: str):
    try:
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        response.close()
        return response.status_code
    except Exception as exc:
        return f"500 ({type(exc).__name__}: {str(exc)[:160]})"


def test_the_url_map_has_int_arguments(demo_site):
    rules = {rule.endpoint for rule, _m in app_endpoints(demo_site.app) if _int_arguments(rule)}
    assert len(rules) > 40


@pytest.mark.parametrize("who", ["ANON", "allowed"])
def test_huge_ids_in_urls_are_never_a_500(demo_site, who):
    problems: list[str] = []
    tried = 0
    tokens: dict[str, str] = {}
    for rule, method in app_endpoints(demo_site.app):
        args = _int_arguments(rule)
        if not args:
            continue
        role = "ANON" if who == "ANON" else _role_for(rule.endpoint, method)
        client = demo_site.client(role)
        token = tokens.get(role) or tokens.setdefault(role, client.csrf_token("/"))
        for arg in args:
            for raw in (*HUGE, *TOO_SMALL):
                url = _url_with(rule, demo_site.objects.values, arg, raw)
                status = _request(client, method, url, token)
                tried += 1
                if not isinstance(status, int) or status >= 500:
                    problems.append(f"{method} {url} as {role}: {status}")
                elif raw in HUGE and who == "allowed" and status not in (404, 405):
                    # the converter refuses the id before the view runs
                    problems.append(f"{method} {url} as {role}: {status}, expected 404")
    assert tried > 200
    assert not problems, "huge ids not refused cleanly:\n  " + "\n  ".join(problems)


def test_the_converter_still_accepts_every_real_id(demo_site):
    app = demo_site.app
    adapter = app.url_map.bind("localhost")
    draft = demo_site.objects["draft_id"]
    assert adapter.match(f"/raperda/{draft}")[1] == {"draft_id": draft}
    assert adapter.match("/raperda/2147483647")[1] == {"draft_id": 2147483647}
    for raw in ("2147483648", "0", "01", "-1", "+1", "１", "²", "9" * 40):
        with pytest.raises(Exception) as caught:
            adapter.match(f"/raperda/{raw}")
        assert getattr(caught.value, "code", None) in (404, 308), raw


# --- ids in form fields ------------------------------------------------------------------


def _version_url(demo_site, tail: str) -> str:
    o = demo_site.objects
    return f"/raperda/{o['draft_id']}/versi/{o['number']}/{tail}"


def test_huge_comment_ids_in_the_inbox_bulk_answer(demo_site):
    drafter = demo_site.client("DRAFTER")
    url = _version_url(demo_site, "kotak-masuk")
    for raw in HUGE:
        response = drafter.submit(
            url,
            {
                "comment_id": [raw, "-3", "abc"],
                "disposition": "accepted",
                "reason": "alasan yang cukup panjang untuk diuji",
            },
        )
        assert response.status_code < 500, (raw, response.status_code)
        assert response.status_code in (200, 302, 422), response.status_code


def test_huge_unit_ids_on_the_mapping_page(demo_site):
    drafter = demo_site.client("DRAFTER")
    url = _version_url(demo_site, "pemetaan")
    for raw in HUGE:
        response = drafter.submit(
            url, {f"map-{raw}": "pasal-1", f"reason-{raw}": "dihapus", "reason_default": "alasan umum"}
        )
        assert response.status_code < 500, (raw, response.status_code)


def test_huge_usulan_ids_in_musrenbang_bulk_actions_and_ranking(demo_site):
    verifier = demo_site.client("VERIFIER_CITY")
    for raw in HUGE:
        response = verifier.submit(
            "/musrenbang/verifikasi",
            {"aksi": Action.VERIFY.value, "usulan_ids": [raw], "alasan": "alasan yang cukup panjang"},
            page="/musrenbang/verifikasi",
        )
        assert response.status_code < 500, (raw, response.status_code)
        response = verifier.submit(
            "/musrenbang/verifikasi/peringkat", {f"peringkat-{raw}": "1"}, page="/musrenbang/verifikasi"
        )
        assert response.status_code < 500, (raw, response.status_code)


def test_huge_usulan_id_when_deciding_a_resident_proposal(demo_site):
    coordinator = demo_site.client("COORDINATOR")
    proposal = demo_site.objects["proposal_id"]
    rule = next(
        r for r, m in app_endpoints(demo_site.app) if r.endpoint == "musrenbang.decide" and m == "POST"
    )
    url = build_url(rule, {**demo_site.objects.values, "proposal_id": proposal})
    for raw in HUGE:
        response = coordinator.submit(
            url, {"hasil": "merged", "usulan_id": raw, "alasan": "digabung dengan usulan lain"}, page="/"
        )
        assert response.status_code < 500, (raw, response.status_code)


def test_huge_assignment_id_when_revoking_a_role(demo_site):
    admin = demo_site.client("ADMIN")
    url = f"/admin/pengguna/{demo_site.objects['user_id']}/cabut-peran"
    for raw in HUGE:
        response = admin.submit(url, {"revoke-assignment_id": raw, "revoke-reason": "uji"}, page="/")
        assert response.status_code < 500, (raw, response.status_code)


# --- numbers in query strings ------------------------------------------------------------


@pytest.mark.parametrize("raw", [*HUGE, "²", "١٢", "²²²²", "-1", "1_0"])
def test_numbers_in_query_strings(demo_site, raw):
    """Page numbers, years, version numbers and ids read from ``?…=``: a 4xx or a page, never a 500
    (``"²".isdigit()`` is True but ``int("²")`` raises)."""
    o = demo_site.objects
    pages = [
        f"/musrenbang/usulan?hal={raw}",
        f"/musrenbang/usulan?tahun={raw}",
        f"/musrenbang/rekap?tahun={raw}",
        f"/raperda/{o['draft_id']}/bandingkan?dari={raw}&ke=1",
        f"/raperda/{o['draft_id']}/riwayat?dari={raw}",
        f"/admin/pengguna?hal={raw}",
        f"/musrenbang/kelola?tahun={raw}",
        f"/musrenbang/verifikasi?hal={raw}",
        f"/musrenbang/kemiripan?kelurahan={o['kelurahan']}&judul=jalan&kecuali={raw}",
    ]
    admin = demo_site.client("ADMIN")
    problems = []
    for url in pages:
        try:
            response = admin.get(url, follow_redirects=True)
            status = response.status_code
        except Exception as exc:
            status = f"500 ({type(exc).__name__}: {exc})"
        if not isinstance(status, int) or status >= 500:
            problems.append(f"{url}: {status}")
    assert not problems, "\n".join(problems)
