"""Files in the database (issue 14): store, load (SHA-256 verified on read), expiry of previews
only, content kept out of ordinary queries, and one upload served by every app machine."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import InvalidRequestError

from participation import create_app
from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.core.files import (
    EXPIRING_KINDS,
    PREVIEW_LIFETIME,
    FileKind,
    StoredFile,
    clean_filename,
    expire_files,
    load_file,
    store_file,
)
from participation.drafts.models import Draft
from participation.musrenbang.models import Usulan
from tests.conftest import SECRET, Client
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _verified(stored: StoredFile) -> bytes:
    assert hashlib.sha256(stored.content).hexdigest() == stored.sha256
    assert len(stored.content) == stored.size
    return stored.content


def test_store_and_load(session):
    now = utcnow()
    data = bytes(range(256)) * 100  # every byte value, NUL included
    stored = store_file(
        session,
        data,
        content_type="application/pdf",
        filename="C:\\Users\\rt\\Berita Acara\u200b  RT 03.pdf",
        kind=FileKind.BERITA_ACARA,
        actor_id=None,
        now=now,
    )
    session.commit()
    assert stored.id
    assert stored.kind == "berita-acara"
    assert stored.expires_at is None
    assert stored.filename == "Berita Acara\u200b RT 03.pdf"
    session.expire_all()
    loaded = load_file(session, stored.id)
    assert _verified(loaded) == data
    assert loaded.created_at == now
    assert load_file(session, stored.id, kind=FileKind.USULAN_PHOTO) is None
    assert load_file(session, stored.id + 1) is None
    assert load_file(session, None) is None
    with pytest.raises(ValueError):
        load_file(session, stored.id, kind="../etc")


def test_content_stays_out_of_ordinary_queries(session):
    stored = store_file(
        session,
        PDF,
        content_type="application/pdf",
        filename="a.pdf",
        kind=FileKind.ACADEMIC_PAPER,
        actor_id=None,
        now=utcnow(),
    )
    session.commit()
    session.expunge_all()
    listed = session.scalars(select(StoredFile)).one()
    assert listed.size == len(PDF)
    # touching the bytes without asking for them fails loudly instead of loading megabytes
    with pytest.raises(InvalidRequestError):
        _ = listed.content
    # load_file fills the content in even for a row already in the session without it
    assert _verified(load_file(session, stored.id)) == PDF


def test_expire_removes_previews_only(session):
    now = utcnow()
    past = now - dt.timedelta(seconds=1)
    old_preview = store_file(
        session,
        b"a;b\n",
        content_type="text/csv",
        filename="u.csv",
        kind=FileKind.IMPORT_PREVIEW,
        actor_id=None,
        now=now - PREVIEW_LIFETIME,
        expires_at=past,
    )
    fresh_preview = store_file(
        session,
        b"c;d\n",
        content_type="text/csv",
        filename="v.csv",
        kind=FileKind.IMPORT_PREVIEW,
        actor_id=None,
        now=now,
        expires_at=now + PREVIEW_LIFETIME,
    )
    people_files = [
        store_file(
            session, PDF, content_type="application/pdf", filename="x.pdf", kind=kind, actor_id=None, now=now
        )
        for kind in FileKind
        if kind not in EXPIRING_KINDS
    ]
    # a person's file with an expiry is refused at the door ...
    with pytest.raises(ValueError, match="never expire"):
        store_file(
            session,
            PDF,
            content_type="application/pdf",
            filename="x.pdf",
            kind=FileKind.BERITA_ACARA,
            actor_id=None,
            now=now,
            expires_at=past,
        )
    # ... and, set by mistake anyway (a hand-written UPDATE), is still never deleted
    session.execute(
        update(StoredFile).where(StoredFile.id.in_([f.id for f in people_files])).values(expires_at=past)
    )
    session.commit()
    assert expire_files(session, now=now) == 1
    session.commit()
    left = set(session.scalars(select(StoredFile.id)))
    assert left == {fresh_preview.id, *(f.id for f in people_files)}
    assert old_preview.id not in left
    assert expire_files(session, now=now) == 0
    assert expire_files(session, now=now + PREVIEW_LIFETIME) == 1


def test_clean_filename():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\\b\\c.pdf") == "c.pdf"
    assert clean_filename("x\r\ny\x00z.pdf") == "x y z.pdf"
    assert clean_filename("") == "berkas"
    assert clean_filename(None, "foto") == "foto"
    assert clean_filename("..") == "berkas"
    assert len(clean_filename("a" * 400 + ".pdf")) == 255


def test_expire_command(app, session):
    now = utcnow()
    store_file(
        session,
        b"x",
        content_type="text/csv",
        filename="u.csv",
        kind=FileKind.IMPORT_PREVIEW,
        actor_id=None,
        now=now - dt.timedelta(days=2),
        expires_at=now - dt.timedelta(days=1),
    )
    store_file(
        session,
        PDF,
        content_type="application/pdf",
        filename="x.pdf",
        kind=FileKind.BERITA_ACARA,
        actor_id=None,
        now=now,
    )
    session.commit()
    from participation.cli import main

    result = app.test_cli_runner().invoke(main, ["files", "expire"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "1 pratinjau impor kedaluwarsa dihapus" in result.output
    session.expire_all()
    assert session.scalars(select(StoredFile.kind)).all() == ["berita-acara"]


# --------------------------------------------------------------- two app machines, one database


def _machine(database_url: str, folder: Path):
    """An app as on another machine: its own instance folder (and a stale UPLOAD_DIR that
    nothing may read any more)."""
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(folder / "instance"),
            "OUTBOX_DIR": str(folder / "outbox"),
            "UPLOAD_DIR": str(folder / "uploads"),
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = Client
    return app


def test_an_upload_on_one_machine_downloads_on_another(app, client, session, regions, database_url, tmp_path):
    """Machine A is the ``app`` fixture; machine B has another instance folder."""
    from tests.musrenbang.conftest import KEL, open_cycle

    make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    make_user(session, Role.COORDINATOR, kelurahan=KEL, email="koor@contoh.id")
    open_cycle(session, now=utcnow())
    other = _machine(database_url, tmp_path / "b")
    try:
        # naskah akademik uploaded on A ...
        client.login("penyusun@contoh.id", PW)
        r = client.submit(
            "/raperda/baru",
            {
                "title": "Raperda Dua Mesin",
                "kind": "raperda",
                "initiator": "DLH",
                "paper": (io.BytesIO(PDF), "naskah.pdf"),
            },
            content_type="multipart/form-data",
        )
        assert r.status_code == 302
        draft = session.scalars(select(Draft)).one()
        # ... downloads on B
        b = other.test_client()
        b.login("penyusun@contoh.id", PW)
        with b.get(f"/raperda/{draft.id}/naskah-akademik") as response:
            assert response.status_code == 200
            assert response.data == PDF
            assert response.headers["ETag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'
        # an import previewed on A is confirmed on B
        client.login("koor@contoh.id", PW)
        sheet = (
            Path(__file__).parent / "fixtures" / "musrenbang" / "usulan_balikpapan_contoh.csv"
        ).read_bytes()
        html = client.submit(
            "/musrenbang/impor",
            {"kelurahan_code": KEL, "override": "y", "file": (io.BytesIO(sheet), "usulan.csv")},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        b.login("koor@contoh.id", PW)
        r = b.submit("/musrenbang/impor/simpan", {"token": token}, page="/musrenbang/impor")
        assert r.status_code == 302
        session.expire_all()
        assert len(session.scalars(select(Usulan)).all()) == 4
        # neither machine wrote an upload to its disk
        for root in (Path(app.config["INSTANCE_PATH"]).parent, tmp_path / "b"):
            written = [p for p in root.rglob("*") if p.is_file() and "uploads" in p.parts]
            assert written == []
    finally:
        other.extensions["participation.engine"].dispose()
