"""Comments on a quoted part of a unit (typed or pasted, checked against the unit text), the
quote highlighted on the unit page, quotes re-located when a new version is confirmed, and old
comments showing what became of their clause in later versions (#4 §2, §4)."""

import pytest
from sqlalchemy import select

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import services
from participation.drafts.anchoring import locate_quote
from participation.drafts.models import CommentAnchor
from tests.drafts.conftest import V2, open_window
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

UNIT = "pasal-28/ayat-1"  # "Waktu berjualan PKL di Lokasi Sementara dimulai pukul 16.00 WITA ..."


def test_locate_quote_exact_then_loose():
    text = "Waktu berjualan PKL di Lokasi Sementara dimulai pukul 16.00 WITA"
    assert locate_quote("Lokasi Sementara", text) == (23, 39)
    assert locate_quote("  lokasi\n  SEMENTARA ", text) == (23, 39)
    assert locate_quote("Lokasi Binaan", text) is None
    assert locate_quote("   ", text) is None


def test_quote_stored_as_the_unit_has_it(session, published, citizen):
    unit = services.get_unit(session, published, UNIT)
    comment = services.comment_on_unit(
        session,
        unit=unit,
        author=citizen,
        body="Terlalu sore",
        stance="object",
        quote="pukul   16.00 wita",
        now=utcnow(),
    )
    assert comment.quote == "pukul 16.00 WITA"
    assert unit.text[comment.quote_start : comment.quote_end] == comment.quote
    plain = services.comment_on_unit(
        session, unit=unit, author=citizen, body="Tanpa kutipan", stance="support", quote="  ", now=utcnow()
    )
    assert plain.quote is None
    assert plain.quote_start is None


def test_quote_not_in_unit_refused(session, published, citizen):
    unit = services.get_unit(session, published, UNIT)
    with pytest.raises(ValidationError) as exc:
        services.comment_on_unit(
            session,
            unit=unit,
            author=citizen,
            body="x",
            stance="object",
            quote="pukul 15.00 WITA",
            now=utcnow(),
        )
    assert exc.value.field == "quote"
    assert "tidak ditemukan" in exc.value.message


def test_quote_form_keeps_typing_and_highlights(client, session, published, citizen):
    url = f"/raperda/{published.draft_id}/versi/1/{UNIT}"
    client.login("warga@contoh.id", PW)
    page = client.get(url).get_data(as_text=True)
    assert "Kutipan (bagian teks yang Anda maksud)" in page
    assert "data-quote-source" in page
    assert "js/drafts.js" in page
    assert "<script>" not in page
    r = client.submit(url, {"stance": "object", "body": "Jam terlalu sore", "quote": "pukul 15.00 WITA"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Kutipan tidak ditemukan dalam teks Pasal 28 ayat (1)" in html
    assert "pukul 15.00 WITA</textarea>" in html
    assert "Jam terlalu sore</textarea>" in html
    assert session.scalar(select(Comment.id)) is None
    r = client.submit(url, {"stance": "object", "body": "Jam terlalu sore", "quote": "PUKUL 16.00 WITA"})
    assert r.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "<mark>pukul 16.00 WITA</mark>" in html
    assert '<blockquote lang="id">pukul 16.00 WITA</blockquote>' in html


def _v2_confirmed(session, published, drafter, citizen):
    def on(key, body, quote):
        return services.comment_on_unit(
            session,
            unit=services.get_unit(session, published, key),
            author=citizen,
            body=body,
            stance="object",
            quote=quote,
            now=utcnow(),
        )

    kept = on(UNIT, "sore", "Lokasi Sementara")
    lost = on("pasal-22/ayat-2", "terlalu singkat", "diberi pemberitahuan tertulis")
    same = on("pasal-18/ayat-1", "tetap", "membuang Sampah rumah tangga")
    gone = on("pasal-20/ayat-2/huruf-c", "hapus radius", "radius 100 (seratus) meter")
    v2 = services.add_version(session, draft=published.draft, actor=drafter, text=V2, now=utcnow())
    old = services.get_unit(session, published, "pasal-22/ayat-2")
    services.confirm_mapping(
        session,
        version=v2,
        actor=drafter,
        now=utcnow(),
        default_reason="Dihapus.",
        corrections={old.id: "pasal-23/ayat-2"},
    )
    anchors = {
        a.comment_id: a
        for a in session.scalars(select(CommentAnchor).where(CommentAnchor.version_id == v2.id))
    }
    return v2, anchors, kept, lost, same, gone


def test_confirm_mapping_relocates_quotes(session, published, drafter, citizen):
    v2, anchors, kept, lost, same, gone = _v2_confirmed(session, published, drafter, citizen)
    a = anchors[kept.id]
    assert a.status == "changed"
    assert a.unit.text[a.quote_start : a.quote_end] == "Lokasi Sementara"
    assert a.note is None
    a = anchors[same.id]
    assert a.status == "unchanged"
    assert a.unit.key == "pasal-19/ayat-1"
    assert a.unit.text[a.quote_start : a.quote_end] == "membuang Sampah rumah tangga"
    a = anchors[lost.id]  # the phrase moved out of the ayat's own words into its new huruf
    assert a.status == "changed"
    assert a.quote_start is None
    assert "tidak ditemukan lagi pada teks versi 2" in a.note
    assert anchors[gone.id].status == "removed"
    assert anchors[gone.id].quote_start is None


def test_old_comments_show_later_versions(client, session, published, drafter, citizen):
    v2, anchors, kept, lost, same, gone = _v2_confirmed(session, published, drafter, citizen)
    session.commit()
    url = f"/raperda/{published.draft_id}/versi/1/{UNIT}"
    html = client.get(url).get_data(as_text=True)
    assert "Di versi 2" not in html  # v2 not yet published: nothing to point at
    services.publish_version(session, version=v2, actor=drafter, now=utcnow())
    open_window(session, v2, drafter)
    session.commit()
    html = client.get(url).get_data(as_text=True)
    assert "Di versi 2: berubah" in html
    assert "<ins>15.00</ins>" in html
    assert f'href="/raperda/{published.draft_id}/versi/2/pasal-29/ayat-1"' in html
    html = client.get(f"/raperda/{published.draft_id}/versi/1/pasal-18/ayat-1").get_data(as_text=True)
    assert "Di versi 2: tidak berubah" in html
    assert "/versi/2/pasal-19/ayat-1" in html
    html = client.get(f"/raperda/{published.draft_id}/versi/1/pasal-20/ayat-2/huruf-c").get_data(as_text=True)
    assert "Di versi 2: dihapus" in html
    client.login("warga@contoh.id", PW)
    mine = client.get("/masukan-saya").get_data(as_text=True)
    assert mine.count("Di versi 2:") == 4
    assert "tidak ditemukan lagi pada teks versi 2" in mine
    assert '<blockquote lang="id">Lokasi Sementara</blockquote>' in mine
    # the carried comment on the new clause has its quote highlighted there
    html = client.get(f"/raperda/{published.draft_id}/versi/2/pasal-29/ayat-1").get_data(as_text=True)
    assert "<mark>Lokasi Sementara</mark>" in html
