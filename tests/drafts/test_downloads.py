"""Each version's downloads (issue 11): the original file kept byte for byte, and a clean PDF
rendering of the parsed text; public once published, the tim penyusun's only before that."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import update

from participation.core.clock import utcnow
from participation.drafts import services
from participation.drafts.models import DraftVersion
from participation.drafts.rendering import version_pdf
from tests.drafts.conftest import V1, V2
from tests.drafts.test_query_count import synthetic_perda
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed")
DOCX_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "perda" / "raperda_balikpapan_rth.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pdf_text(pdf: bytes) -> str:
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    return out


def _words(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ web: upload and download


def _upload(client, draft_id: int, data: bytes, name: str) -> None:
    r = client.submit(
        f"/raperda/{draft_id}/versi-baru",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302, r.get_data(as_text=True)


def _publish(client, draft_id: int, number: int) -> None:
    r = client.submit(
        f"/raperda/{draft_id}/versi/{number}/terbitkan",
        {},
        page=f"/raperda/{draft_id}/versi/{number}/laporan",
    )
    assert r.status_code == 302


@pytest.fixture
def uploaded(app, client, session, drafter):
    """Version 1 uploaded as a file with a hostile name and published; version 2 pasted and not
    published. The client is signed out at the end."""
    client.login("penyusun@contoh.id", PW)
    r = client.submit("/raperda/baru", {"title": "Raperda Unduhan", "kind": "raperda", "initiator": "DLH"})
    draft_id = int(re.search(r"/raperda/(\d+)/", r.headers["Location"]).group(1))
    _upload(client, draft_id, V1.encode("utf-8"), "../../Raperda final ñ <b>;.txt")
    _publish(client, draft_id, 1)
    assert client.submit(f"/raperda/{draft_id}/versi-baru", {"text": V2}).status_code == 302
    client.submit("/keluar", {}, page="/")
    return draft_id


def test_resident_downloads_the_original_of_a_published_version(app, client, session, citizen, uploaded):
    version = services.get_version(session, uploaded, 1)
    assert version.source_file is not None
    client.login("warga@contoh.id", PW)
    r = client.get(f"/raperda/{uploaded}/versi/1/unduh/berkas-asli")
    assert r.status_code == 200
    assert r.data == V1.encode("utf-8")
    assert hashlib.sha256(r.data).hexdigest() == version.source_file.sha256
    assert r.headers["ETag"] == f'"{version.source_file.sha256}"'
    assert r.mimetype == "text/plain"
    assert r.mimetype_params.get("charset") == "utf-8"
    # the uploaded name never reaches the header: the download name is ours
    assert r.headers["Content-Disposition"] == f'attachment; filename="raperda-{uploaded}-versi-1.txt"'
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r.headers["Content-Security-Policy"]
    assert r.headers["Cache-Control"].startswith("public")
    again = client.get(
        f"/raperda/{uploaded}/versi/1/unduh/berkas-asli", headers={"If-None-Match": r.headers["ETag"]}
    )
    assert again.status_code == 304
    again.close()
    r.close()


def test_docx_original_keeps_its_type(app, client, session, drafter):
    client.login("penyusun@contoh.id", PW)
    r = client.submit("/raperda/baru", {"title": "Raperda Word", "kind": "raperda", "initiator": "DLH"})
    draft_id = int(re.search(r"/raperda/(\d+)/", r.headers["Location"]).group(1))
    data = DOCX_FIXTURE.read_bytes()
    _upload(client, draft_id, data, "Raperda RTH.docx")
    _publish(client, draft_id, 1)
    client.submit("/keluar", {}, page="/")
    r = client.get(f"/raperda/{draft_id}/versi/1/unduh/berkas-asli")
    assert r.status_code == 200
    assert r.data == data
    assert r.mimetype == DOCX
    assert r.headers["Content-Disposition"] == f'attachment; filename="raperda-{draft_id}-versi-1.docx"'
    r.close()
    page = client.get(f"/raperda/{draft_id}").get_data(as_text=True)
    assert "Word .docx" in page
    assert " kB)" in page


@needs_pdftotext
def test_resident_downloads_the_pdf_of_a_published_version(app, client, session, citizen, uploaded):
    client.login("warga@contoh.id", PW)
    r = client.get(f"/raperda/{uploaded}/versi/1/unduh/naskah.pdf")
    assert r.status_code == 200
    assert r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF-")
    assert r.headers["Content-Disposition"] == f'attachment; filename="raperda-{uploaded}-versi-1-naskah.pdf"'
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    text = _pdf_text(r.data)
    flat = _words(text)
    assert "Pasal 1" in text
    assert "BAB I" in text
    assert "KETENTUAN UMUM" in text
    # an ayat, labelled, with its text
    ayat = services.get_unit(session, services.get_version(session, uploaded, 1), "pasal-7/ayat-1")
    assert f"(1) {_words(ayat.text)}" in flat
    assert "Halaman 1 dari " in text
    assert re.search(r"Halaman (\d+) dari \1\b", text)
    assert "Raperda Unduhan" in text
    assert "Versi 1 · diterbitkan" in text
    assert "WITA" in text
    assert "PENJELASAN" in text
    assert "PASAL DEMI PASAL" in text
    # kept, and revalidated by its ETag
    again = client.get(
        f"/raperda/{uploaded}/versi/1/unduh/naskah.pdf", headers={"If-None-Match": r.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("who", [None, "warga@contoh.id"])
def test_unpublished_version_downloads_are_not_found(client, citizen, uploaded, who):
    if who:
        client.login(who, PW)
    for tail in ("berkas-asli", "naskah.pdf"):
        r = client.get(f"/raperda/{uploaded}/versi/2/unduh/{tail}")
        assert r.status_code == 404, (who, tail, r.status_code)
    assert client.get(f"/raperda/{uploaded}/versi/9/unduh/naskah.pdf").status_code == 404


def test_drafter_downloads_an_unpublished_version(client, uploaded):
    client.login("penyusun@contoh.id", PW)
    r = client.get(f"/raperda/{uploaded}/versi/2/unduh/berkas-asli")
    assert r.status_code == 200  # pasted: the text itself
    assert r.data == V2.encode("utf-8")
    assert r.headers["Cache-Control"] == "private, no-store"
    r.close()
    r = client.get(f"/raperda/{uploaded}/versi/2/unduh/naskah.pdf")
    assert r.status_code == 200
    assert r.data.startswith(b"%PDF-")
    assert r.headers["Cache-Control"] == "private, no-store"
    if PDFTOTEXT:
        assert "belum diterbitkan" in _pdf_text(r.data)


def test_version_from_before_files_were_kept_offers_its_text(client, session, published):
    session.execute(update(DraftVersion).where(DraftVersion.id == published.id).values(source_file_id=None))
    session.commit()
    r = client.get(f"/raperda/{published.draft_id}/versi/1/unduh/berkas-asli")
    assert r.status_code == 200
    assert r.data.decode("utf-8") == V1.strip("\ufeff")
    assert (
        r.headers["Content-Disposition"] == f'attachment; filename="raperda-{published.draft_id}-versi-1.txt"'
    )
    page = client.get(f"/raperda/{published.draft_id}").get_data(as_text=True)
    assert "teks .txt" in page


def test_original_comes_from_the_database_in_ranges(app, client, session, uploaded):
    """Issue 14: nothing on the app machine's disk; a resumed download gets the rest."""
    instance = Path(app.config["INSTANCE_PATH"])
    assert not instance.exists() or not [
        p for p in instance.rglob("*") if p.is_file() and p.name != "secret_key"
    ]
    url = f"/raperda/{uploaded}/versi/1/unduh/berkas-asli"
    r = client.get(url, headers={"Range": "bytes=10-19"})
    assert r.status_code == 206
    assert r.data == V1.encode("utf-8")[10:20]
    assert r.headers["Content-Range"] == f"bytes 10-19/{len(V1.encode('utf-8'))}"
    r.close()


def test_reading_and_history_pages_link_the_downloads(client, uploaded):
    page = client.get(f"/raperda/{uploaded}").get_data(as_text=True)
    assert f"/raperda/{uploaded}/versi/1/unduh/naskah.pdf" in page
    assert f"/raperda/{uploaded}/versi/1/unduh/berkas-asli" in page
    size = len(V1.encode("utf-8")) // 1024
    assert f"teks .txt, {size} kB" in page
    history = client.get(f"/raperda/{uploaded}/riwayat").get_data(as_text=True)
    assert f"/raperda/{uploaded}/versi/1/unduh/naskah.pdf" in history
    # the unpublished version is not listed for residents, nor its downloads
    assert f"/raperda/{uploaded}/versi/2/unduh/" not in history
    client.login("penyusun@contoh.id", PW)
    history = client.get(f"/raperda/{uploaded}/riwayat").get_data(as_text=True)
    assert f"/raperda/{uploaded}/versi/2/unduh/berkas-asli" in history


# ------------------------------------------------------------------ query count, rendering


def test_pdf_queries_constant(client, session, drafter, count_queries):
    counts = []
    for pasal in (10, 300):
        draft = services.create_draft(
            session, actor=drafter, title=f"Beban {pasal}", initiator="X", now=utcnow()
        )
        version = services.add_version(
            session, draft=draft, actor=drafter, now=utcnow(), text=synthetic_perda(pasal)
        )
        services.publish_version(session, version=version, actor=drafter, now=utcnow())
        session.commit()
        with count_queries() as counter:
            r = client.get(f"/raperda/{draft.id}/versi/1/unduh/naskah.pdf")
        assert r.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_published_pdf_is_built_once(client, published, count_queries):
    url = f"/raperda/{published.draft_id}/versi/1/unduh/naskah.pdf"
    with count_queries() as first:
        built = client.get(url)
    with count_queries() as second:
        kept = client.get(url)
    assert built.status_code == kept.status_code == 200
    assert built.data == kept.data
    assert any("draft_unit" in q for q in first.statements)
    assert not any("draft_unit" in q for q in second.statements)  # served from the app's copy


def test_rendering_escapes_and_labels():
    class Row:
        def __init__(self, kind, number, key, text, heading=None, penjelasan=None):
            self.kind, self.number, self.key, self.text = kind, number, key, text
            self.heading, self.penjelasan_text = heading, penjelasan

    units = [
        Row("bab", "I", "bab-1", "", heading="KETENTUAN <b>UMUM</b>"),
        Row("pasal", "1", "pasal-1", ""),
        Row(
            "ayat", "1", "pasal-1/ayat-1", "Setiap Orang wajib <script>x</script>;", penjelasan="Cukup jelas."
        ),
        Row("huruf", "a", "pasal-1/ayat-1/huruf-a", "menjaga kebersihan;"),
        Row("angka", "1", "pasal-1/ayat-1/huruf-a/angka-1", "di jalan 😀."),
    ]
    pdf = version_pdf(
        draft_title="Raperda & <Uji>",
        kind_label="rancangan peraturan daerah",
        initiator="DLH",
        number=3,
        version_title="UJI",
        published_at=None,
        frontmatter={"penjelasan_umum": ["Umum."]},
        units=units,
    )
    assert pdf == version_pdf(
        draft_title="Raperda & <Uji>",
        kind_label="rancangan peraturan daerah",
        initiator="DLH",
        number=3,
        version_title="UJI",
        published_at=None,
        frontmatter={"penjelasan_umum": ["Umum."]},
        units=units,
    )
    if PDFTOTEXT:
        flat = _words(_pdf_text(pdf))
        assert "KETENTUAN <b>UMUM</b>" in flat
        assert "(1) Setiap Orang wajib <script>x</script>;" in flat
        assert "a. menjaga kebersihan;" in flat
        assert "1. di jalan ?." in flat
        assert "Raperda & <Uji>" in flat
        assert "Versi 3 · belum diterbitkan" in flat
        assert "Pasal 1 ayat (1) Cukup jelas." in flat
        assert "I. UMUM Umum." in flat
