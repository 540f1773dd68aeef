"""Authorisation matrix: every endpoint of ``app.url_map`` × every role and the anonymous visitor,
checked against the hand-written table in ``tests/security/endpoints.py``.

GET: allowed roles get the page (200, or a redirect that is not the login page); refused roles get
the login page (visitors) or 403. POST: refused roles, sending a valid CSRF token so the request
reaches the policy, get the login page or 403 — never a 2xx, a redirect elsewhere, or a 500.
"""

from __future__ import annotations

import pytest

from tests.security.endpoints import (
    ABSENT_IN_DEMO,
    NOT_FOUND_WHEN_REFUSED,
    ROLE_NAMES,
    TABLE,
    allowed_roles,
    app_endpoints,
    build_url,
    token_only,
)


def test_every_endpoint_has_an_entry_in_the_table(demo_site):
    missing = []
    for rule, method in app_endpoints(demo_site.app):
        if method not in TABLE.get(rule.endpoint, {}):
            missing.append(f"{method} {rule.rule} (endpoint {rule.endpoint})")
    assert not missing, (
        "New endpoint(s) without an expected authorisation: add each to TABLE in "
        "tests/security/endpoints.py as 'public', 'login' or 'roles:A,B' (and its URL "
        "parameters to URL_VALUES/CONSTANTS/QUERY when needed):\n  " + "\n  ".join(missing)
    )
    known = {(rule.endpoint, method) for rule, method in app_endpoints(demo_site.app)}
    stale = [f"{e} {m}" for e, methods in TABLE.items() for m in methods if (e, m) not in known]
    assert not stale, f"TABLE names endpoints the app no longer has: {stale}"


def _to_login(response) -> bool:
    return response.status_code in (301, 302, 303) and "/masuk" in response.headers.get("Location", "")


def _call(client, method: str, url: str, token: str | None):
    try:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        response.close()  # send_file responses hold the file open until closed
        return response
    except Exception as exc:
        return exc


def _describe(response) -> str:
    if isinstance(response, Exception):
        return f"500 ({type(response).__name__}: {response})"
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_authorization_matrix(demo_site, role):
    client = demo_site.client(role)
    token = client.csrf_token("/")
    wrong = []
    for rule, method in app_endpoints(demo_site.app):
        expected = TABLE.get(rule.endpoint, {}).get(method)
        if expected is None:
            continue  # reported by test_every_endpoint_has_an_entry_in_the_table
        allowed = role in allowed_roles(expected)
        if method == "POST" and allowed:
            continue  # allowed writes are tested in their areas; here only refusals
        url = build_url(rule, demo_site.objects.values)
        response = _call(client, method, url, token)
        if isinstance(response, Exception) or response.status_code >= 500:
            wrong.append(f"{method} {url}: {_describe(response)} (expected {expected})")
            continue
        status = response.status_code
        if allowed:
            ok = (
                status == 200
                or (300 <= status < 400 and not _to_login(response))
                or (status == 404 and rule.endpoint in ABSENT_IN_DEMO)
            )
        elif status == 404 and rule.endpoint in NOT_FOUND_WHEN_REFUSED:
            ok = True
        elif role == "ANON" or token_only(expected):  # a token: API reads no cookie
            ok = _to_login(response) or status == 401
        else:
            ok = status == 403
        if not ok:
            verdict = "allowed" if allowed else "refused"
            wrong.append(
                f"{method} {url}: {_describe(response)}, but {role} should be {verdict} ({expected})"
            )
    assert not wrong, f"{role}:\n  " + "\n  ".join(wrong)
