"""uploaded files move from the upload folder into the database (stored_file), so every app
machine serves them and a backup holds them (issue 14)

Data move: each file the rows name (naskah akademik, a version's original, usulan photos, berita
acara) is read from the old upload folder into stored_file, and the row points at it by id. A file
already missing from the folder is reported here and its row keeps no file (the download was a
404 before and stays one); the migration never stops for it. Import previews waiting on disk are
working copies and are not moved: a coordinator uploads the sheet again.

The old folder: ``alembic_config.attributes["legacy_upload_dir"]`` (``participation db upgrade
--upload-dir``), else ``PARTICIPATION_UPLOAD_DIR``, else ``<PARTICIPATION_INSTANCE_PATH or
./instance>/uploads``, as the app used to decide. The files are left where they are: delete the
folder once the upgrade is checked. The downgrade writes the files back into that folder.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 10:00:00
"""

import datetime as dt
import hashlib
import os
import re
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

from participation.config import PROJECT_ROOT
from participation.core.db import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_TYPES = {".pdf": PDF, ".docx": DOCX, ".txt": "text/plain", ".jpg": "image/jpeg",
          ".png": "image/png", ".webp": "image/webp"}
_EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", "text/plain": ".txt", "image/jpeg": ".jpg",
               "image/png": ".png", "image/webp": ".webp"}
# the only names the app ever stored: a random hex token and a known extension, never a path
_STORED = re.compile(r"[0-9a-f]{32}\.(?:pdf|docx|txt|jpg|png|webp)")

# lightweight tables: what this revision knows, whatever the models say later
stored_file = sa.table(
    "stored_file",
    sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("filename", sa.String),
    sa.column("content_type", sa.String), sa.column("size", sa.Integer),
    sa.column("sha256", sa.String), sa.column("content", sa.LargeBinary),
    sa.column("created_at", UTCDateTime()), sa.column("created_by_id", sa.Integer),
    sa.column("expires_at", UTCDateTime()),
)


def legacy_upload_dir() -> Path:
    given = context.config.attributes.get("legacy_upload_dir")
    if given:
        return Path(given)
    if os.environ.get("PARTICIPATION_UPLOAD_DIR"):
        return Path(os.environ["PARTICIPATION_UPLOAD_DIR"])
    instance = os.environ.get("PARTICIPATION_INSTANCE_PATH") or PROJECT_ROOT / "instance"
    return Path(instance) / "uploads"


def _report(message: str) -> None:
    sys.stderr.write(f"[0011 berkas] {message}\n")
    sys.stderr.flush()


def _aware(value: object) -> dt.datetime:
    """created_at as stored (SQLite gives naive UTC, PostgreSQL aware); now when absent."""
    if isinstance(value, str):  # SQLite through text(): '2026-11-30 08:00:00.000000'
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


class _Mover:
    def __init__(self, conn: sa.Connection, root: Path) -> None:
        self.conn, self.root = conn, root
        self.moved = self.missing = 0

    def move(self, *, folder: str, name: str | None, kind: str, filename: str | None,
             content_type: str | None, created_at: object, created_by_id: int | None,
             expected_sha256: str | None = None, what: str) -> int | None:
        if not name or not _STORED.fullmatch(name):
            self.missing += 1
            _report(f"{what}: nama berkas tersimpan {name!r} tidak dikenal; baris dibiarkan tanpa "
                    "berkas")
            return None
        path = self.root / folder / name
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.missing += 1
            _report(f"{what}: berkas {path} tidak ada ({type(exc).__name__}); baris dibiarkan "
                    "tanpa berkas")
            return None
        digest = hashlib.sha256(data).hexdigest()
        if expected_sha256 and expected_sha256 != digest:
            _report(f"{what}: SHA-256 {path} berbeda dari yang tercatat ({expected_sha256[:12]}… "
                    f"≠ {digest[:12]}…); isi yang ada di disk yang dipindahkan")
        content_type = content_type or _TYPES.get(Path(name).suffix, "application/octet-stream")
        new_id = self.conn.execute(
            stored_file.insert().values(
                kind=kind, filename=(filename or name)[:255], content_type=content_type[:100],
                size=len(data), sha256=digest, content=data, created_at=_aware(created_at),
                created_by_id=created_by_id, expires_at=None)
            .returning(stored_file.c.id)).scalar_one()
        self.moved += 1
        return int(new_id)


def _move_files(conn: sa.Connection) -> None:
    root = legacy_upload_dir()
    mover = _Mover(conn, root)
    for row in conn.execute(sa.text(
            "SELECT id, academic_paper_name, academic_paper_path, created_at, created_by_id "
            "FROM draft WHERE academic_paper_path IS NOT NULL ORDER BY id")).mappings():
        file_id = mover.move(folder="drafts/naskah-akademik", name=row["academic_paper_path"],
                             kind="naskah-akademik", filename=row["academic_paper_name"],
                             content_type=None, created_at=row["created_at"],
                             created_by_id=row["created_by_id"],
                             what=f"naskah akademik raperda {row['id']}")
        conn.execute(sa.text("UPDATE draft SET academic_paper_id = :f WHERE id = :i"),
                     {"f": file_id, "i": row["id"]})
    for row in conn.execute(sa.text(
            "SELECT id, source_file, source_filename, source_content_type, source_sha256, "
            "created_at, created_by_id FROM draft_version WHERE source_file IS NOT NULL "
            "ORDER BY id")).mappings():
        file_id = mover.move(folder="drafts/berkas-versi", name=row["source_file"],
                             kind="berkas-versi", filename=row["source_filename"],
                             content_type=row["source_content_type"],
                             created_at=row["created_at"], created_by_id=row["created_by_id"],
                             expected_sha256=row["source_sha256"],
                             what=f"berkas asli versi {row['id']}")
        conn.execute(sa.text("UPDATE draft_version SET source_file_id = :f WHERE id = :i"),
                     {"f": file_id, "i": row["id"]})
    for row in conn.execute(sa.text(
            "SELECT id, stored_name, content_type, uploaded_at, uploaded_by_id "
            "FROM musrenbang_usulan_photo ORDER BY id")).mappings():
        file_id = mover.move(folder="musrenbang/foto", name=row["stored_name"],
                             kind="foto-usulan", filename=None,
                             content_type=row["content_type"], created_at=row["uploaded_at"],
                             created_by_id=row["uploaded_by_id"], what=f"foto usulan {row['id']}")
        conn.execute(sa.text("UPDATE musrenbang_usulan_photo SET file_id = :f WHERE id = :i"),
                     {"f": file_id, "i": row["id"]})
    for row in conn.execute(sa.text(
            "SELECT id, stored_name, original_name, created_at, uploaded_by_id "
            "FROM musrenbang_berita_acara ORDER BY id")).mappings():
        file_id = mover.move(folder="musrenbang/berita-acara", name=row["stored_name"],
                             kind="berita-acara", filename=row["original_name"],
                             content_type=PDF, created_at=row["created_at"],
                             created_by_id=row["uploaded_by_id"],
                             what=f"berita acara {row['id']}")
        conn.execute(sa.text("UPDATE musrenbang_berita_acara SET file_id = :f WHERE id = :i"),
                     {"f": file_id, "i": row["id"]})
    previews = root / "musrenbang" / "impor"
    waiting = len(list(previews.glob("*.bin"))) if previews.is_dir() else 0
    if mover.moved or mover.missing or waiting:
        _report(f"{mover.moved} berkas dipindahkan dari {root} ke basis data; {mover.missing} "
                f"tidak ditemukan; {waiting} pratinjau impor tidak dipindahkan (unggah ulang).")


def upgrade() -> None:
    op.create_table(
        "stored_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        # last: SQLite reads a column stored after a large blob by walking the blob's overflow
        # pages, so anything after it would make every metadata query read the whole file
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_stored_file_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_file")),
    )
    with op.batch_alter_table("stored_file") as batch:
        batch.create_index(batch.f("ix_stored_file_kind"), ["kind"], unique=False)
        batch.create_index(batch.f("ix_stored_file_sha256"), ["sha256"], unique=False)
        batch.create_index(batch.f("ix_stored_file_expires_at"), ["expires_at"], unique=False)

    # the new references first (nullable), then the data, then the old columns go
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("academic_paper_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_draft_academic_paper_id_stored_file"),
                                 "stored_file", ["academic_paper_id"], ["id"])
    with op.batch_alter_table("draft_version") as batch:
        batch.add_column(sa.Column("source_file_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_draft_version_source_file_id_stored_file"),
                                 "stored_file", ["source_file_id"], ["id"])
    for name in ("musrenbang_usulan_photo", "musrenbang_berita_acara"):
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("file_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(batch.f(f"fk_{name}_file_id_stored_file"),
                                     "stored_file", ["file_id"], ["id"])
            batch.create_unique_constraint(batch.f(f"uq_{name}_file_id"), ["file_id"])

    _move_files(op.get_bind())

    with op.batch_alter_table("draft") as batch:
        batch.drop_column("academic_paper_path")
        batch.drop_column("academic_paper_name")
    with op.batch_alter_table("draft_version") as batch:
        batch.drop_column("source_size")
        batch.drop_column("source_sha256")
        batch.drop_column("source_content_type")
        batch.drop_column("source_file")
    with op.batch_alter_table("musrenbang_usulan_photo") as batch:
        batch.drop_constraint("uq_musrenbang_usulan_photo_stored_name", type_="unique")
        batch.drop_column("size")
        batch.drop_column("content_type")
        batch.drop_column("stored_name")
    with op.batch_alter_table("musrenbang_berita_acara") as batch:
        batch.drop_constraint("uq_musrenbang_berita_acara_stored_name", type_="unique")
        batch.drop_column("size")
        batch.drop_column("original_name")
        batch.drop_column("stored_name")


# --- downgrade: the files go back to the folder ------------------------------------------------


def _write_back(conn: sa.Connection, root: Path, folder: str, file_id: int | None
                ) -> dict[str, object] | None:
    """Write one stored file into the old folder under a fresh random name; its metadata."""
    if file_id is None:
        return None
    row = conn.execute(sa.select(stored_file).where(stored_file.c.id == file_id)).mappings().one()
    media = str(row["content_type"]).partition(";")[0].strip()
    name = secrets.token_hex(16) + _EXTENSIONS.get(media, ".pdf")
    target = root / folder
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(row["content"])
    return {"name": name, "filename": row["filename"], "content_type": row["content_type"],
            "size": row["size"], "sha256": row["sha256"]}


def downgrade() -> None:
    conn = op.get_bind()
    root = legacy_upload_dir()
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("academic_paper_name", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("academic_paper_path", sa.String(length=500), nullable=True))
    with op.batch_alter_table("draft_version") as batch:
        batch.add_column(sa.Column("source_file", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("source_content_type", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("source_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("source_size", sa.Integer(), nullable=True))
    for name in ("musrenbang_usulan_photo", "musrenbang_berita_acara"):
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("stored_name", sa.String(length=64), nullable=True))
            batch.add_column(sa.Column("size", sa.Integer(), nullable=True))
            if name == "musrenbang_usulan_photo":
                batch.add_column(sa.Column("content_type", sa.String(length=32), nullable=True))
            else:
                batch.add_column(sa.Column("original_name", sa.String(length=255), nullable=True))

    for row in conn.execute(sa.text("SELECT id, academic_paper_id FROM draft "
                                    "WHERE academic_paper_id IS NOT NULL")).all():
        meta = _write_back(conn, root, "drafts/naskah-akademik", row[1])
        conn.execute(sa.text("UPDATE draft SET academic_paper_path = :n, academic_paper_name = :o "
                             "WHERE id = :i"), {"n": meta["name"], "o": meta["filename"], "i": row[0]})
    for row in conn.execute(sa.text("SELECT id, source_file_id FROM draft_version "
                                    "WHERE source_file_id IS NOT NULL")).all():
        meta = _write_back(conn, root, "drafts/berkas-versi", row[1])
        conn.execute(sa.text(
            "UPDATE draft_version SET source_file = :n, source_content_type = :t, "
            "source_sha256 = :h, source_size = :s WHERE id = :i"),
            {"n": meta["name"], "t": meta["content_type"], "h": meta["sha256"],
             "s": meta["size"], "i": row[0]})
    for row in conn.execute(sa.text("SELECT id, file_id FROM musrenbang_usulan_photo")).all():
        meta = _write_back(conn, root, "musrenbang/foto", row[1]) or {
            "name": secrets.token_hex(16) + ".jpg", "content_type": "image/jpeg", "size": 0}
        conn.execute(sa.text("UPDATE musrenbang_usulan_photo SET stored_name = :n, "
                             "content_type = :t, size = :s WHERE id = :i"),
                     {"n": meta["name"], "t": str(meta["content_type"])[:32], "s": meta["size"],
                      "i": row[0]})
    for row in conn.execute(sa.text("SELECT id, file_id FROM musrenbang_berita_acara")).all():
        meta = _write_back(conn, root, "musrenbang/berita-acara", row[1]) or {
            "name": secrets.token_hex(16) + ".pdf", "filename": "berita-acara.pdf", "size": 0}
        conn.execute(sa.text("UPDATE musrenbang_berita_acara SET stored_name = :n, "
                             "original_name = :o, size = :s WHERE id = :i"),
                     {"n": meta["name"], "o": meta["filename"], "s": meta["size"], "i": row[0]})

    with op.batch_alter_table("musrenbang_usulan_photo") as batch:
        batch.alter_column("stored_name", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("content_type", existing_type=sa.String(length=32), nullable=False)
        batch.alter_column("size", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_musrenbang_usulan_photo_stored_name", ["stored_name"])
        batch.drop_constraint("uq_musrenbang_usulan_photo_file_id", type_="unique")
        batch.drop_constraint("fk_musrenbang_usulan_photo_file_id_stored_file", type_="foreignkey")
        batch.drop_column("file_id")
    with op.batch_alter_table("musrenbang_berita_acara") as batch:
        batch.alter_column("stored_name", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("original_name", existing_type=sa.String(length=255), nullable=False)
        batch.alter_column("size", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_musrenbang_berita_acara_stored_name", ["stored_name"])
        batch.drop_constraint("uq_musrenbang_berita_acara_file_id", type_="unique")
        batch.drop_constraint("fk_musrenbang_berita_acara_file_id_stored_file", type_="foreignkey")
        batch.drop_column("file_id")
    with op.batch_alter_table("draft_version") as batch:
        batch.drop_constraint("fk_draft_version_source_file_id_stored_file", type_="foreignkey")
        batch.drop_column("source_file_id")
    with op.batch_alter_table("draft") as batch:
        batch.drop_constraint("fk_draft_academic_paper_id_stored_file", type_="foreignkey")
        batch.drop_column("academic_paper_id")
    with op.batch_alter_table("stored_file") as batch:
        batch.drop_index(batch.f("ix_stored_file_expires_at"))
        batch.drop_index(batch.f("ix_stored_file_sha256"))
        batch.drop_index(batch.f("ix_stored_file_kind"))
    op.drop_table("stored_file")
