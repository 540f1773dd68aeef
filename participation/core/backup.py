"""Backup and restore of the whole database (``participation backup`` / ``participation restore``).

SQLite: the sqlite3 online backup API copies a consistent snapshot (WAL content included) while
the app keeps running; the copy is switched to a self-contained rollback-journal file.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists``, with client
binaries whose major version is at least the server's (pg_dump refuses newer servers).

Backups are written atomically (temporary file in the target folder, fsync, rename) with mode 600:
they hold personal data (UU 27/2022). Restore refuses a file of the other backend (checked by its
magic bytes) and a non-empty database unless forced.

Must not import Flask or any area package.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import inspect, literal, select, table, text
from sqlalchemy.engine import URL, make_url

from participation.core.db import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# tables that say which schema revision a database has, not what it holds
BOOKKEEPING_TABLES = frozenset({"alembic_version"})


class BackupError(RuntimeError):
    """A backup or restore that must not go ahead; ``message`` says what to do (Indonesian)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def backend_of(database_url: str) -> str:
    name = make_url(database_url).get_backend_name()
    if name not in {"sqlite", "postgresql"}:
        raise BackupError(f"Basis data {name!r} tidak didukung: hanya SQLite dan PostgreSQL.")
    return name


def file_kind(path: Path) -> str | None:
    """'sqlite', 'postgresql' or None, from the file's first bytes (never from its name)."""
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    return None


def is_empty(database_url: str) -> bool:
    """True when no table (other than Alembic's bookkeeping) holds a row."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            for name in names:
                if name in BOOKKEEPING_TABLES:
                    continue
                # table names come from the database catalogue and are quoted by SQLAlchemy
                if conn.execute(select(literal(1)).select_from(table(name)).limit(1)).first():
                    return False
        return True
    finally:
        engine.dispose()


# --- atomic output ----------------------------------------------------------------------------


@contextmanager
def _atomic_target(out: Path) -> Iterator[Path]:
    """Yields a mode-600 temporary path beside ``out``; renames it over ``out`` on success."""
    out = out.resolve()
    if not out.parent.is_dir():
        raise BackupError(f"Folder {out.parent} tidak ada: buat dulu, lalu ulangi.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)  # mkstemp creates it with mode 600
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o600)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        dir_fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan: pakai berkas.")
    return Path(url.database)


def _backup_sqlite(url: URL, out: Path) -> None:
    source_path = _sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"Berkas basis data {source_path} tidak ada.")
    with _atomic_target(out) as tmp:
        src = sqlite3.connect(source_path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(tmp)
        try:
            src.execute("PRAGMA busy_timeout=30000")
            # pages=-1: one step, so the snapshot is consistent even while the app writes
            src.backup(dst, pages=-1)
            # a backup is one self-contained file: no -wal/-shm companions needed to read it
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise BackupError("Salinan SQLite gagal diperiksa (quick_check); ulangi cadangan.")
        finally:
            dst.close()
            src.close()


def _restore_sqlite(url: URL, source: Path) -> None:
    target_path = _sqlite_path(url)
    if not target_path.parent.is_dir():
        raise BackupError(f"Folder {target_path.parent} tidak ada: buat dulu, lalu ulangi.")
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        ok = src.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise BackupError(f"Berkas {source} rusak (quick_check gagal); pakai cadangan lain.")
        has_version = src.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_version:
            raise BackupError(f"Berkas {source} bukan cadangan participation (tanpa alembic_version).")
        dst = sqlite3.connect(target_path, timeout=30)
        try:
            dst.execute("PRAGMA busy_timeout=30000")
            # the backup API replaces every page of the target under its write lock, WAL included
            src.backup(dst, pages=-1)
        finally:
            dst.close()
    finally:
        src.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (which would show in ``ps``) and the environment."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _server_major(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    except BackupError:
        raise
    except Exception as exc:
        raise BackupError(
            f"Tidak dapat terhubung ke PostgreSQL ({type(exc).__name__}); periksa "
            "PARTICIPATION_DATABASE_URL dan apakah server berjalan."
        ) from exc
    finally:
        engine.dispose()


def _client_major(binary: str) -> int | None:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"\)\s*(\d+)", out.stdout) or re.search(r"(\d+)\.\d+", out.stdout)
    return int(match.group(1)) if match else None


def _pg_tool(name: str, server_major: int, bindir: str | None) -> str:
    """The client binary to use: ``bindir``, Debian's versioned folder, then PATH."""
    candidates: list[str] = []
    if bindir:
        candidates.append(str(Path(bindir) / name))
    candidates.append(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    found = shutil.which(name)
    if found:
        candidates.append(found)
    seen = []
    for candidate in candidates:
        if not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
            continue
        major = _client_major(candidate)
        seen.append(f"{candidate} ({major or '?'})")
        if major is not None and major >= server_major:
            return candidate
    found_text = ", ".join(seen) if seen else "tidak ada"
    raise BackupError(
        f"{name} versi {server_major} atau lebih baru diperlukan untuk server PostgreSQL "
        f"{server_major}; ditemukan: {found_text}. Pasang paket postgresql-client-{server_major} "
        "atau setel PARTICIPATION_PG_BINDIR ke folder bin-nya."
    )


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BackupError(f"{what} gagal (kode {result.returncode}): " + " | ".join(detail))


def _backup_postgresql(database_url: str, url: URL, out: Path, bindir: str | None) -> None:
    pg_dump = _pg_tool("pg_dump", _server_major(database_url), bindir)
    uri, env = _libpq(url)
    with _atomic_target(out) as tmp:
        _run([pg_dump, "--format=custom", "--file", str(tmp), "--dbname", uri], env, "pg_dump")


def _restore_postgresql(database_url: str, url: URL, source: Path, bindir: str | None) -> None:
    pg_restore = _pg_tool("pg_restore", _server_major(database_url), bindir)
    uri, env = _libpq(url)
    # one transaction: a failed restore leaves the database as it was
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            uri,
            str(source),
        ],
        env,
        "pg_restore",
    )


# --- entry points -----------------------------------------------------------------------------


def backup(database_url: str, out: Path, *, pg_bindir: str | None = None) -> Path:
    """Write a backup of the database to ``out`` (replaced atomically); returns ``out``."""
    url = make_url(database_url)
    if backend_of(database_url) == "sqlite":
        _backup_sqlite(url, out)
    else:
        _backup_postgresql(database_url, url, out, pg_bindir)
    return out


def restore(database_url: str, source: Path, *, force: bool = False, pg_bindir: str | None = None) -> None:
    """Replace the database's contents with the backup in ``source``."""
    backend = backend_of(database_url)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ada.")
    kind = file_kind(source)
    if kind is None:
        raise BackupError(f"Berkas {source} bukan cadangan SQLite maupun pg_dump (format custom).")
    if kind != backend:
        raise BackupError(
            f"Berkas {source} adalah cadangan {kind}, sedangkan basis data tujuan {backend}: "
            "pulihkan ke basis data jenis yang sama."
        )
    url = make_url(database_url)
    target_exists = backend != "sqlite" or _sqlite_path(url).exists()
    if target_exists and not force and not is_empty(database_url):
        raise BackupError(
            "Basis data tujuan sudah berisi data; pemulihan akan menimpanya. Buat cadangan dulu, "
            "lalu ulangi dengan --force bila memang ingin menimpa."
        )
    if backend == "sqlite":
        _restore_sqlite(url, source)
    else:
        _restore_postgresql(database_url, url, source, pg_bindir)
