"""Comparing with an unpublished version, per role: the tim penyusun gets the page and the XLSX;
everyone else gets 404 (not the login page or 403, which would confirm that the version exists).
Without parameters everyone gets the page, offering only the versions they may see."""

from __future__ import annotations

import pytest

from tests.security.endpoints import ROLE_NAMES


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_compare_with_an_unpublished_version(demo_site, role):
    client = demo_site.client(role)
    draft_id = demo_site.objects["draft_id"]
    # the demo's version 2 is imported and mapped but waits to be published
    for tail in ("bandingkan?dari=1&ke=2", "bandingkan.xlsx?dari=1&ke=2", "bandingkan?ke=2"):
        response = client.get(f"/raperda/{draft_id}/{tail}")
        response.close()
        expected = 200 if role == "DRAFTER" else 404
        assert response.status_code == expected, (role, tail, response.status_code)
    html = client.get(f"/raperda/{draft_id}/bandingkan").get_data(as_text=True)
    assert ('<option value="2"' in html) == (role == "DRAFTER"), role
