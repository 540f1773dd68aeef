"""The uploaded sheet between preview and confirmation (issue 14): kept in the database for 24
hours; an expired or removed preview is refused with a clear message and imports nothing; the
confirmation names its preview with a signed token; someone else's preview is refused."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from participation.core.clock import utcnow
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.files import FileKind, StoredFile, expire_files
from participation.musrenbang import services
from participation.musrenbang.models import Usulan
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "musrenbang"
EXPIRED = "Pratinjau impor sudah kedaluwarsa (lebih dari 24 jam). Unggah berkasnya lagi."


def _usulan_count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Usulan.id)))


def _preview(client) -> str:
    """Upload the sample sheet as the signed-in coordinator; the confirmation token."""
    good = (FIXTURES / "usulan_balikpapan_contoh.csv").read_bytes()
    response = client.submit(
        "/musrenbang/impor",
        {"kelurahan_code": KEL, "override": "y", "file": (io.BytesIO(good), "usulan.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pratinjau: 4 usulan" in html
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _confirm(client, token: str):
    return client.submit(
        "/musrenbang/impor/simpan", {"token": token}, page="/musrenbang/impor", follow_redirects=True
    )


def test_expired_preview_is_refused_clearly_and_imports_nothing(client, session, people, cycle):
    client.login("koor@contoh.id", PW)
    token = _preview(client)
    # 24 hours and a minute later (the clean-up job has not run yet)
    session.execute(update(StoredFile).values(expires_at=utcnow() - dt.timedelta(minutes=1)))
    session.commit()
    response = _confirm(client, token)
    assert response.status_code == 200
    assert EXPIRED in response.get_data(as_text=True)
    assert _usulan_count(session) == 0
    # the clean-up removes it; confirming then says the same
    assert expire_files(session, now=utcnow()) == 1
    session.commit()
    response = _confirm(client, token)
    assert EXPIRED in response.get_data(as_text=True)
    assert _usulan_count(session) == 0
    # uploading again works as the message says
    assert _confirm(client, _preview(client)).status_code == 200
    assert _usulan_count(session) == 4


def test_preview_token_is_signed_and_personal(app, client, session, people, cycle):
    client.login("koor@contoh.id", PW)
    token = _preview(client)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        client.submit("/musrenbang/impor/simpan", {"token": forged}, page="/musrenbang/impor").status_code
        == 400
    )
    assert (
        client.submit("/musrenbang/impor/simpan", {"token": "../../x"}, page="/musrenbang/impor").status_code
        == 400
    )
    other = app.test_client()
    other.login("admin@contoh.id", PW)
    assert (
        other.submit("/musrenbang/impor/simpan", {"token": token}, page="/musrenbang/impor").status_code
        == 403
    )
    assert _usulan_count(session) == 0
    assert _confirm(client, token).status_code == 200
    assert _usulan_count(session) == 4


def test_preview_services(session, people):
    now = utcnow()
    stored = services.keep_import_upload(
        session, data=b"a,b\n1,2\n", filename="C:\\x\\u.csv", actor=people.coordinator, now=now
    )
    assert (stored.kind, stored.filename, stored.content_type) == (
        FileKind.IMPORT_PREVIEW,
        "u.csv",
        "text/csv",
    )
    assert stored.expires_at == now + dt.timedelta(hours=24)
    session.commit()
    assert (
        services.load_import_upload(session, stored.id, actor=people.coordinator, now=now).content
        == b"a,b\n1,2\n"
    )
    with pytest.raises(PermissionDenied):
        services.load_import_upload(session, stored.id, actor=people.other_coordinator, now=now)
    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.load_import_upload(
            session, stored.id, actor=people.coordinator, now=now + dt.timedelta(hours=24)
        )
    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.load_import_upload(session, stored.id + 1, actor=people.coordinator, now=now)
