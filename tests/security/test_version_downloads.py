"""An unpublished version's downloads, per role: the tim penyusun gets them; everyone else gets
404 (not the login page or 403, which would confirm that an unpublished draft exists). The
published version's downloads are public (the matrix in test_authorization_matrix)."""

from __future__ import annotations

import pytest

from tests.security.endpoints import ROLE_NAMES


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_unpublished_version_downloads(demo_site, role):
    client = demo_site.client(role)
    draft_id = demo_site.objects["draft_id"]
    # the demo's version 2 is imported and mapped but waits to be published
    for tail in ("berkas-asli", "naskah.pdf"):
        response = client.get(f"/raperda/{draft_id}/versi/2/unduh/{tail}")
        response.close()
        expected = 200 if role == "DRAFTER" else 404
        assert response.status_code == expected, (role, tail, response.status_code)
