"""The ringkasan eksekutif page and PDF on the demo raperda: public, without names, at most two
pages, linked from the summary pages, a constant number of statements, and a comment hidden after
the computation gone from both at once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.drafts import demo as drafts_demo
from participation.drafts.models import DraftVersion, VersionStatus
from participation.summaries import services
from participation.summaries.executive import executive_content, theme_label
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.summaries.conftest import load_demo_draft
from tests.summaries.test_executive import needs_poppler, pdf_pages, pdf_text

CITY = "Kota Balikpapan"


@pytest.fixture
def demo(app, session, demo_snapshots):
    version = load_demo_draft(app, session, demo_snapshots)
    snap, _ = services.refresh_draft_summary(session, version.id, now=utcnow(), city=CITY)
    session.commit()
    return version, snap.result


def _names(session) -> set[str]:
    """Every commenter's shown name (long enough not to match ordinary words)."""
    names = {c.display_name for c in session.scalars(select(Comment))}
    return {n for n in names if n and n not in ("Anonim", "-") and len(n) > 4}


@needs_poppler
def test_public_page_and_pdf_show_the_key_rows_without_names(client, session, demo):
    version, result = demo
    url = f"/ringkasan/raperda/{version.id}/ringkasan-eksekutif"
    content = executive_content(result)
    names = _names(session)
    assert names

    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ringkasan eksekutif hasil uji publik" in html
    assert content["objections"][0]["label"] in html
    for theme in content["themes"]:
        assert theme["label"] in html
    assert "Dihitung pada" in html
    assert f'href="{url}.pdf"' in html
    assert not [n for n in names if n in html]

    pdf = client.get(url + ".pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert pdf_pages(pdf.data) <= 2
    text = pdf_text(pdf.data)
    top = content["objections"][0]
    assert f"{top['label']} {top['object']}" in text
    for theme in result["themes"][:3]:
        assert " ".join(theme_label(theme).split())[:40] in text
    assert f"http://localhost{url}" in text
    assert not [n for n in names if n in text]

    # a DPRD member reads the same public summary: no names there either
    make_user(session, Role.DPRD_MEMBER, email="dprd@contoh.id")
    client.login("dprd@contoh.id", PW)
    html = client.get(url).get_data(as_text=True)
    assert not [n for n in names if n in html]
    assert not [n for n in names if n in pdf_text(client.get(url + ".pdf").data)]


def test_linked_from_the_summary_page_and_index(client, demo):
    version, _result = demo
    url = f"/ringkasan/raperda/{version.id}/ringkasan-eksekutif"
    assert f'href="{url}"' in client.get(f"/ringkasan/raperda/{version.id}").get_data(as_text=True)
    assert f'href="{url}"' in client.get("/ringkasan").get_data(as_text=True)


def test_not_computed_or_not_published(client, session, regions):
    drafts_demo.demo_step(session, now=utcnow())
    session.commit()
    version = session.scalar(
        select(DraftVersion)
        .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(DraftVersion.id)
    )
    url = f"/ringkasan/raperda/{version.id}/ringkasan-eksekutif"
    page = client.get(url)
    assert page.status_code == 200
    assert "Ringkasan belum dihitung" in page.get_data(as_text=True)
    assert client.get(url + ".pdf").status_code == 404
    version.status = VersionStatus.DRAFT.value
    session.commit()
    assert client.get(url).status_code == 404
    assert client.get(url + ".pdf").status_code == 404
    assert client.get("/ringkasan/raperda/999999/ringkasan-eksekutif.pdf").status_code == 404


def test_page_statements_do_not_grow_with_data(client, session, demo, count_queries):
    version, _result = demo
    url = f"/ringkasan/raperda/{version.id}/ringkasan-eksekutif"
    client.get(url)  # warm caches that a first request fills once per process
    with count_queries() as before:
        assert client.get(url).status_code == 200
    template = session.scalar(select(Comment).where(Comment.parent_id.is_(None)).order_by(Comment.id))
    now = utcnow()
    for i in range(120):
        session.add(
            Comment(
                target_id=template.target_id,
                author_name=f"Warga Tambahan {i}",
                source=template.source,
                stance="object",
                body=f"Keberatan tambahan nomor {i} tentang ketentuan ini.",
                created_at=now - dt.timedelta(minutes=i),
            )
        )
    session.commit()
    services.refresh_draft_summary(session, version.id, now=utcnow(), city=CITY)
    session.commit()
    with count_queries() as after:
        html = client.get(url).get_data(as_text=True)
    assert "Warga Tambahan" not in html
    assert after.count == before.count, after.statements


@needs_poppler
def test_a_comment_hidden_after_the_computation_is_gone_from_page_and_pdf(client, session, demo):
    version, result = demo
    url = f"/ringkasan/raperda/{version.id}/ringkasan-eksekutif"
    theme = max(result["themes"], key=lambda t: t["size"])
    quote = theme["representatives"][0]
    excerpt = " ".join(quote["excerpt"].split())[:50]
    assert excerpt in pdf_text(client.get(url + ".pdf").data)
    assert excerpt in " ".join(client.get(url).get_data(as_text=True).split())
    comment = session.get(Comment, quote["id"])
    comment.visibility = Visibility.HIDDEN.value
    comment.hidden_reason = "uji: menyerang pribadi"
    session.commit()
    assert excerpt not in pdf_text(client.get(url + ".pdf").data)
    assert excerpt not in " ".join(client.get(url).get_data(as_text=True).split())


def test_summary_page_shows_themes_as_people_read_them(client, session, demo):
    version, _result = demo
    snap = services.refresh_draft_summary(session, version.id, now=utcnow(), city=CITY)[0]
    result = dict(snap.result)
    themes = [dict(t) for t in result["themes"]]
    assert len(themes) >= 2
    themes[0].update({"label": "Nama dari tim penyusun", "edited": True})
    themes[1].pop("label", None)  # a snapshot from before labels: its keywords stand in
    result["themes"] = themes
    snap.result = result
    session.commit()
    html = " ".join(client.get(f"/ringkasan/raperda/{version.id}").get_data(as_text=True).split())
    assert 'Nama dari tim penyusun</span> <span class="badge">disunting tim penyusun</span>' in html
    assert html.count("disunting tim penyusun") == 1
    assert ", ".join(themes[1]["keywords"][:3]) in html
    for theme in themes[:2]:
        assert f"{theme['size']} masukan" in html
        for quote in theme["representatives"][:3]:
            assert " ".join(quote["excerpt"].split())[:50].replace("'", "&#39;").replace('"', "&#34;") in html
    assert "Kata kunci: " in html
