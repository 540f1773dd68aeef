"""Backup and restore give back every row of every table, on SQLite and PostgreSQL, uploaded
files included (they live in the database since issue 14)."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from participation.accounts.models import Role
from participation.cli import main
from participation.core import audit
from participation.core.backup import BackupError, _pg_tool, backup, file_kind, is_empty, restore
from participation.core.clock import utcnow
from participation.core.db import make_engine, make_sessionmaker
from participation.core.files import FileKind, load_file, store_file
from participation.regions import services as region_services
from participation.schema import metadata, upgrade
from tests.conftest import SECRET
from tests.factories import make_user

# an uploaded file with every byte value (NUL, 0xFF, CR/LF) at a size that spans many pages
UPLOAD = b"%PDF-1.4\n" + bytes(range(256)) * 4096 + b"\n%%EOF\n"


def _populate(url: str) -> None:
    """Rows in every table the foundation owns, through the real services and factories, and
    one uploaded file."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            region_services.load_regions(
                session, region_services.parse_regions_csv(region_services.default_regions_csv())
            )
            session.commit()
            make_user(session, Role.CITIZEN, name="Siti Rahmawati", email="siti@contoh.id")
            make_user(session, Role.COORDINATOR, kelurahan="64.71.03.1002")
            make_user(session, Role.VERIFIER, kecamatan="64.71.03")
            admin = make_user(session, Role.ADMIN, Role.MODERATOR, Role.DRAFTER)
            audit.record(
                session,
                actor_id=admin.id,
                action="user.role_added",
                target_type="user",
                target_id=admin.id,
                now=utcnow(),
                before={"roles": []},
                after={"roles": ["ADMIN", "MODERATOR"]},
                reason="uji — cadangan",
                ip_hash=audit.hash_ip("10.0.0.1", SECRET),
            )
            store_file(
                session,
                UPLOAD,
                content_type="application/pdf",
                filename="Naskah.pdf",
                kind=FileKind.ACADEMIC_PAPER,
                actor_id=admin.id,
                now=utcnow(),
            )
            session.commit()
    finally:
        engine.dispose()


def _assert_upload(url: str) -> None:
    """The uploaded file, byte for byte, with the SHA-256 it was stored with."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            stored = load_file(session, 1)
            assert stored is not None
            assert stored.content == UPLOAD
            assert hashlib.sha256(stored.content).hexdigest() == stored.sha256
            assert stored.size == len(UPLOAD)
            assert stored.filename == "Naskah.pdf"
    finally:
        engine.dispose()


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every table in the metadata (whatever areas add later), all rows in primary-key order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = {
                t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in metadata.sorted_tables
            }
            rows["alembic_version"] = sorted(
                tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))
            )
            return rows
    finally:
        engine.dispose()


def _clobber(url: str) -> None:
    """Delete everything and add one row of a different life, as a mistaken edit would."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for t in reversed(metadata.sorted_tables):
                conn.execute(t.delete())
        with Session(engine) as session:
            make_user(session, Role.CITIZEN, email="lain@contoh.id")
    finally:
        engine.dispose()


def _round_trip(url: str, fresh_url: str, out: Path) -> None:
    upgrade(url)
    _populate(url)
    before = _snapshot(url)
    for name in ("user_account", "role_assignment", "kelurahan", "kecamatan", "audit_event", "stored_file"):
        assert before[name], f"{name} has no rows: the test would prove nothing for it"

    backup(url, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")] == []

    _clobber(url)
    assert _snapshot(url) != before
    with pytest.raises(BackupError, match="--force"):
        restore(url, out)
    restore(url, out, force=True)
    assert _snapshot(url) == before
    _assert_upload(url)

    # and into a brand-new database with no schema at all, as after losing the server
    assert is_empty(fresh_url)
    restore(fresh_url, out)
    assert _snapshot(fresh_url) == before
    _assert_upload(fresh_url)


def test_sqlite_backup_restore_round_trip(tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "cadangan.sqlite"
    _round_trip(f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'baru.db'}", out)
    assert file_kind(out) == "sqlite"
    # self-contained: readable without -wal/-shm companions
    assert not (tmp_path / "out" / "cadangan.sqlite-wal").exists()


def test_sqlite_backup_is_online_and_wal_aware(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    upgrade(url)
    writer = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")  # committed rows stay in the -wal file
        writer.execute("INSERT INTO kecamatan (code, name, city_code) VALUES ('01', 'Tetap', '64')")
        writer.execute("BEGIN IMMEDIATE")  # the app is mid-write while we back up
        writer.execute("INSERT INTO kecamatan (code, name, city_code) VALUES ('02', 'Belum', '64')")
        backup(url, tmp_path / "b.sqlite")
        writer.execute("COMMIT")
    finally:
        writer.close()
    copy = sqlite3.connect(tmp_path / "b.sqlite")
    try:
        assert copy.execute("SELECT code FROM kecamatan").fetchall() == [("01",)]
    finally:
        copy.close()


def test_restore_refuses_the_wrong_kind_of_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    upgrade(url)
    fake_pg = tmp_path / "cadangan.dump"
    fake_pg.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    with pytest.raises(BackupError, match="cadangan postgresql, sedangkan basis data tujuan sqlite"):
        restore(url, fake_pg, force=True)
    junk = tmp_path / "catatan.txt"
    junk.write_text("bukan cadangan")
    with pytest.raises(BackupError, match="bukan cadangan SQLite maupun pg_dump"):
        restore(url, junk, force=True)
    other = tmp_path / "lain.sqlite"
    sqlite3.connect(other).close()
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="bukan cadangan participation"):
        restore(url, other, force=True)
    with pytest.raises(BackupError, match="tidak ada"):
        backup(url, tmp_path / "tidak-ada" / "x.sqlite")


def test_cli_backup_and_restore(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    upgrade(url)
    _populate(url)
    env = {
        "PARTICIPATION_DATABASE_URL": url,
        "PARTICIPATION_SECRET_KEY": SECRET,
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    runner = CliRunner()
    result = runner.invoke(main, ["backup", "--out", str(tmp_path / "c.sqlite")], env=env)
    assert result.exit_code == 0, result.output
    refused = runner.invoke(main, ["restore", str(tmp_path / "c.sqlite")], env=env)
    assert refused.exit_code != 0
    assert "--force" in refused.output
    done = runner.invoke(main, ["restore", "--force", str(tmp_path / "c.sqlite")], env=env)
    assert done.exit_code == 0, done.output
    assert "dipulihkan" in done.output


def test_pg_tools_too_old_give_a_clear_message(tmp_path):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    with pytest.raises(BackupError, match="postgresql-client-99") as info:
        _pg_tool("pg_dump", 99, str(tmp_path))
    assert "9" in info.value.message
    assert "PARTICIPATION_PG_BINDIR" in info.value.message


def test_postgresql_backup_restore_round_trip(pg_databases, tmp_path):
    url, fresh_url = pg_databases.url("backup"), pg_databases.url("restore")
    out = tmp_path / "cadangan.dump"
    _round_trip(url, fresh_url, out)
    assert file_kind(out) == "postgresql"
    with pytest.raises(BackupError, match="cadangan postgresql, sedangkan basis data tujuan sqlite"):
        restore(f"sqlite:///{tmp_path / 'x.db'}", out)
    sqlite_backup = tmp_path / "s.sqlite"
    sqlite_url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(sqlite_url)
    backup(sqlite_url, sqlite_backup)
    with pytest.raises(BackupError, match="cadangan sqlite, sedangkan basis data tujuan postgresql"):
        restore(url, sqlite_backup, force=True)
