"""Migration 0011 moves the uploaded files from the old upload folder into stored_file (issue 14):
every referenced file becomes a row with its bytes, type and SHA-256, the rows point at it by id,
a missing file is reported and leaves its row without a file; the downgrade writes them back."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sqlalchemy import text

from participation.core.db import make_engine
from participation.schema import downgrade, upgrade
from tests.test_migrations import _diff

NOW = "2026-12-01 08:00:00"
PDF = b"%PDF-1.4\n" + bytes(range(256)) + b"\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 40 + b"word/document.xml"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TXT = "Pasal 1\nDalam Peraturan Daerah ini — ketentuan umum".encode()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _name(ext: str, n: int) -> str:
    return f"{n:032x}.{ext}"


def _old_database(url: str, folder: Path) -> None:
    """A database at 0010 with files on disk as the app kept them, one of them already lost."""
    upgrade(url, "0010")
    files = {
        "drafts/naskah-akademik/" + _name("docx", 1): DOCX,
        "drafts/berkas-versi/" + _name("txt", 2): TXT,
        "musrenbang/foto/" + _name("png", 3): PNG,
        "musrenbang/berita-acara/" + _name("pdf", 4): PDF,
        # 5: the second photo's file is missing from the folder
        "musrenbang/impor/" + "f" * 32 + ".bin": b"a;b\n",  # a waiting import preview
    }
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    engine = make_engine(url)
    with engine.begin() as conn:
        run = conn.execute
        run(text("INSERT INTO kecamatan (code, name, city_code) VALUES ('64.71.03', 'Utara', '64.71')"))
        run(
            text(
                "INSERT INTO kelurahan (code, name, kecamatan_code) "
                "VALUES ('64.71.03.1002', 'Gunung Samarinda', '64.71.03')"
            )
        )
        run(
            text(
                "INSERT INTO draft (id, kind, title, initiator, status, created_at, "
                "academic_paper_name, academic_paper_path) VALUES (1, 'raperda', 'Raperda', "
                "'Pemkot', 'active', :now, 'Naskah Akademik RTH.docx', :paper)"
            ),
            {"now": NOW, "paper": _name("docx", 1)},
        )
        run(
            text(
                "INSERT INTO draft_version (id, draft_id, number, title, source_text, "
                "parse_report, frontmatter, status, created_at, source_filename, source_file, "
                "source_content_type, source_sha256, source_size) VALUES (1, 1, 1, 'v', 'x', "
                "'{}', '{}', 'draft', :now, 'tempel.txt', :f, 'text/plain; charset=utf-8', :h, :s)"
            ),
            {"now": NOW, "f": _name("txt", 2), "h": hashlib.sha256(TXT).hexdigest(), "s": len(TXT)},
        )
        # a version from before originals were kept: no file, none expected
        run(
            text(
                "INSERT INTO draft_version (id, draft_id, number, title, source_text, "
                "parse_report, frontmatter, status, created_at) VALUES (2, 1, 2, 'v2', 'y', '{}', "
                "'{}', 'draft', :now)"
            ),
            {"now": NOW},
        )
        run(
            text(
                "INSERT INTO musrenbang_cycle (id, year, rkpd_year, name, created_at) "
                "VALUES (1, 2026, 2027, 'RKPD 2027', :now)"
            ),
            {"now": NOW},
        )
        run(
            text(
                "INSERT INTO musrenbang_usulan (id, cycle_id, kelurahan_code, title, "
                "permasalahan, alamat, volume, satuan, sumber, status, created_at, updated_at) "
                "VALUES (1, 1, '64.71.03.1002', 'Drainase', 'Banjir', 'RT 3', 1, 'unit', "
                "'koordinator', 'submitted', :now, :now)"
            ),
            {"now": NOW},
        )
        for photo_id, n in ((1, 3), (2, 5)):
            run(
                text(
                    "INSERT INTO musrenbang_usulan_photo (id, usulan_id, stored_name, "
                    "content_type, size, uploaded_at) VALUES (:i, 1, :n, 'image/png', :s, :now)"
                ),
                {"i": photo_id, "n": _name("png", n), "s": len(PNG), "now": NOW},
            )
        run(
            text(
                "INSERT INTO musrenbang_berita_acara (id, cycle_id, kelurahan_code, forum_date, "
                "attendance, stored_name, original_name, size, created_at) VALUES (1, 1, "
                "'64.71.03.1002', '2026-01-06', 87, :n, 'BA Gunung Samarinda.pdf', :s, :now)"
            ),
            {"n": _name("pdf", 4), "s": len(PDF), "now": NOW},
        )
    engine.dispose()


def _stored(conn, file_id: int) -> dict:
    row = (
        conn.execute(
            text(
                "SELECT kind, filename, content_type, size, sha256, content, "
                "expires_at FROM stored_file WHERE id = :i"
            ),
            {"i": file_id},
        )
        .mappings()
        .one()
    )
    row = dict(row)
    row["content"] = bytes(row["content"])
    assert hashlib.sha256(row["content"]).hexdigest() == row["sha256"]  # verified on read
    assert row["size"] == len(row["content"])
    assert row["expires_at"] is None
    return row


def _assert_files_move(url: str, folder: Path, capfd) -> None:
    _old_database(url, folder)
    upgrade(url, legacy_upload_dir=folder)
    report = capfd.readouterr().err
    assert "foto usulan 2" in report  # the lost file, named
    assert "tidak ada" in report
    assert re.search(r"4 berkas dipindahkan .* 1 tidak ditemukan; 1 pratinjau impor", report)
    assert _diff(url) == []
    engine = make_engine(url)
    with engine.connect() as conn:
        paper = conn.scalar(text("SELECT academic_paper_id FROM draft WHERE id = 1"))
        assert _stored(conn, paper) | {"content": None} == {
            "kind": "naskah-akademik",
            "filename": "Naskah Akademik RTH.docx",
            "content_type": DOCX_TYPE,
            "size": len(DOCX),
            "sha256": hashlib.sha256(DOCX).hexdigest(),
            "content": None,
            "expires_at": None,
        }
        assert _stored(conn, paper)["content"] == DOCX
        sources = dict(conn.execute(text("SELECT id, source_file_id FROM draft_version")).all())
        assert sources[2] is None
        source = _stored(conn, sources[1])
        assert (source["kind"], source["content"], source["content_type"], source["filename"]) == (
            "berkas-versi",
            TXT,
            "text/plain; charset=utf-8",
            "tempel.txt",
        )
        photos = dict(conn.execute(text("SELECT id, file_id FROM musrenbang_usulan_photo")).all())
        assert photos[2] is None  # its file was lost before: the row stays, without a file
        photo = _stored(conn, photos[1])
        assert (photo["kind"], photo["content"], photo["content_type"]) == ("foto-usulan", PNG, "image/png")
        ba = _stored(conn, conn.scalar(text("SELECT file_id FROM musrenbang_berita_acara")))
        assert (ba["kind"], ba["content"], ba["filename"]) == ("berita-acara", PDF, "BA Gunung Samarinda.pdf")
        assert conn.scalar(text("SELECT count(*) FROM stored_file")) == 4
    # the downgrade writes the files back into a folder, and the rows name them again
    back = folder.parent / "kembali"
    downgrade(url, "0010", legacy_upload_dir=back)
    with engine.connect() as conn:
        name, original = conn.execute(
            text("SELECT academic_paper_path, academic_paper_name FROM draft")
        ).one()
        assert (back / "drafts/naskah-akademik" / name).read_bytes() == DOCX
        assert original == "Naskah Akademik RTH.docx"
        stored, sha = conn.execute(
            text("SELECT source_file, source_sha256 FROM draft_version WHERE id = 1")
        ).one()
        assert (back / "drafts/berkas-versi" / stored).read_bytes() == TXT
        assert sha == hashlib.sha256(TXT).hexdigest()
        name = conn.scalar(text("SELECT stored_name FROM musrenbang_usulan_photo WHERE id = 1"))
        assert (back / "musrenbang/foto" / name).read_bytes() == PNG
        name = conn.scalar(text("SELECT stored_name FROM musrenbang_berita_acara"))
        assert (back / "musrenbang/berita-acara" / name).read_bytes() == PDF
    engine.dispose()
    upgrade(url, legacy_upload_dir=back)
    assert _diff(url) == []


def test_sqlite_files_move_into_the_database(tmp_path, capfd):
    _assert_files_move(f"sqlite:///{tmp_path / 'files.db'}", tmp_path / "uploads", capfd)


def test_postgresql_files_move_into_the_database(pg_databases, tmp_path, capfd):
    _assert_files_move(pg_databases.url("files"), tmp_path / "uploads", capfd)
