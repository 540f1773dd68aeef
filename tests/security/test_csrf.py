"""Every POST endpoint of the URL map refuses a missing and a wrong CSRF token with the
Indonesian 400 page, even for a signed-in account allowed to use it."""

from __future__ import annotations

import pytest

from tests.security.endpoints import TABLE, allowed_roles, app_endpoints, build_url, token_only

# whom to send as: the most privileged role the table allows (ADMIN when it may)
PREFERENCE = ("ADMIN", "DRAFTER", "COORDINATOR", "VERIFIER_CITY", "DPRD_MEMBER", "CITIZEN", "ANON")


def _post_endpoints(app):
    return [rule for rule, method in app_endpoints(app) if method == "POST"]


@pytest.mark.parametrize("token", [None, "palsu-bukan-token", ""])
def test_every_post_endpoint_refuses_a_missing_or_wrong_csrf_token(demo_site, token):
    rules = _post_endpoints(demo_site.app)
    assert len(rules) > 40
    wrong = []
    for rule in rules:
        expected = TABLE.get(rule.endpoint, {}).get("POST", "public")
        if token_only(expected):
            continue  # reads no cookie, so exempt: tests/api/test_tokens.py checks it is 401
        role = next(r for r in PREFERENCE if r in allowed_roles(expected))
        client = demo_site.client(role)
        url = build_url(rule, demo_site.objects.values)
        data = {"alasan": "alasan yang cukup panjang", "body": "isi"}
        if token is not None:
            data["csrf_token"] = token
        response = client.post(url, data=data)
        html = response.get_data(as_text=True)
        if response.status_code != 400 or "Formulir kedaluwarsa" not in html or 'lang="id"' not in html:
            wrong.append(f"POST {url} as {role}: {response.status_code}")
    assert not wrong, "accepted without a valid CSRF token:\n  " + "\n  ".join(wrong)


def test_a_token_from_another_session_is_refused(demo_site):
    other = demo_site.fresh_client("CITIZEN").csrf_token("/")
    admin = demo_site.client("ADMIN")
    response = admin.post(
        f"/admin/pengguna/{demo_site.objects['citizen_id']}/status",
        data={"csrf_token": other, "active-active": "0", "active-reason": "uji token sesi lain"},
    )
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)
