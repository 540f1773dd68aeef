"""Issue 19 points 1 and 5 on the pages: dates and numbers in the reader's locale (Babel), and
domain messages translated when shown — formatted with their parameters only after the msgid
was translated, flashed in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import render_template_string
from flask_babel import force_locale

from participation.accounts.models import Role
from participation.core.clock import format_wita, utcnow
from participation.core.formatting import format_datetime_wita
from participation.core.i18n import N_
from participation.drafts import services as draft_services
from participation.musrenbang import policies
from participation.musrenbang.workflow import Tier
from participation.web import filters
from participation.web.i18n import gettext, translate_message
from tests.drafts.conftest import V1, open_window
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import open_cycle

# msgids with an English translation in the catalogue (participation/translations/en)
ENDORSED_TWICE = N_("Anda sudah mendukung masukan ini.")
ENDORSED_TWICE_EN = "You have already endorsed this comment."


@pytest.fixture
def version(session, regions):
    drafter = make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    now = utcnow()
    draft = draft_services.create_draft(session, actor=drafter, title="Raperda Uji", initiator="DLH", now=now)
    version = draft_services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    draft_services.publish_version(
        session, version=version, actor=drafter, now=now, acknowledge_warnings=True
    )
    open_window(session, version, drafter)
    session.commit()
    return version


def _in(client, lang: str) -> None:
    assert client.submit("/bahasa", {"lang": lang, "next": "/"}).status_code == 302


@pytest.fixture
def english(app):
    with app.test_request_context("/"), force_locale("en"):
        yield


@pytest.fixture
def indonesian(app):
    with app.test_request_context("/"), force_locale("id"):
        yield


NOV_30 = dt.datetime(2026, 11, 30, 7, 4, tzinfo=dt.UTC)


def test_wita_filter_in_english(english):
    assert filters.wita(NOV_30) == "November 30, 2026, 15:04 WITA"


def test_wita_filter_in_indonesian(indonesian):
    assert filters.wita(NOV_30) == "30 November 2026 15.04 WITA"


def test_day_filter_in_english(english):
    assert filters.day(dt.date(2026, 12, 7)) == "December 7, 2026"


def test_day_filter_in_indonesian(indonesian):
    assert filters.day(dt.date(2026, 12, 7)) == "7 Desember 2026"


def test_number_filter_in_english(english):
    assert filters.number(1234) == "1,234"


def test_number_filter_in_indonesian(indonesian):
    assert filters.number(12.5) == "12,5"


def test_rupiah_filter_in_english(english):
    assert filters.rupiah(1234000) == "Rp1,234,000"


def test_rupiah_filter_in_indonesian(indonesian):
    assert filters.rupiah(1234000) == "Rp1.234.000"


def test_a_message_reaching_a_template_is_translated(english):
    assert render_template_string("{{ m }}", m=ENDORSED_TWICE) == ENDORSED_TWICE_EN


def test_the_t_filter_translates_a_message(english):
    assert render_template_string("{{ m|t }}", m=ENDORSED_TWICE) == ENDORSED_TWICE_EN


def test_a_message_in_a_template_is_escaped(english):
    message = N_("Alasan: %(r)s") % {"r": "<b>x</b>"}
    assert "<b>" not in render_template_string("{{ m }}", m=message)


def test_gettext_translates_a_message_variable(english):
    assert gettext("%(m)s", m=ENDORSED_TWICE) == ENDORSED_TWICE_EN


def test_translate_message_leaves_user_text_alone(english):
    assert translate_message("Anda sudah mendukung masukan ini.") == "Anda sudah mendukung masukan ini."


def test_formatted_message_is_translated_with_an_english_date(app, session, regions, english):
    now = utcnow()
    cycle = open_cycle(session, now=now)
    opens = cycle.stage(Tier.KOTA).opens_at
    expected = f"The city musrenbang stage is not open yet; it opens {format_datetime_wita(opens, 'en')}."
    assert translate_message(policies.stage_reason(cycle, Tier.KOTA, now=now)) == expected


def test_endorsing_twice_is_refused_in_english(client, session, version):
    author = make_user(session, email="penulis@contoh.id")
    make_user(session, email="warga@contoh.id")
    unit = draft_services.get_unit(session, version, "pasal-5")
    comment = draft_services.comment_on_unit(
        session, unit=unit, author=author, body="Masukan saya", stance="object", now=utcnow()
    )
    session.commit()
    page = f"/raperda/{version.draft_id}/versi/1/pasal-5"
    assert client.login("warga@contoh.id", PW).status_code == 302
    _in(client, "en")
    assert client.submit(f"/masukan/{comment.id}/dukung", {}, page=page).status_code == 302
    response = client.submit(f"/masukan/{comment.id}/dukung", {}, page=page, follow_redirects=True)
    assert ENDORSED_TWICE_EN in response.get_data(as_text=True)


def test_the_countdown_date_is_english_on_an_english_page(client, session, version):
    _in(client, "en")
    html = client.get(f"/raperda/{version.draft_id}/versi/1").get_data(as_text=True)
    assert format_datetime_wita(version.closes_at, "en") in html


def test_the_countdown_is_english_on_an_english_page(client, session, version):
    _in(client, "en")
    html = client.get(f"/raperda/{version.draft_id}/versi/1").get_data(as_text=True)
    assert f"closes {format_datetime_wita(version.closes_at, 'en')} (10 days left)" in html


def test_the_countdown_is_indonesian_on_an_indonesian_page(client, session, version):
    html = client.get(f"/raperda/{version.draft_id}/versi/1").get_data(as_text=True)
    assert f"ditutup {format_wita(version.closes_at)} (tinggal 10 hari)" in html


def test_the_countdown_date_is_indonesian_on_an_indonesian_page(client, session, version):
    html = client.get(f"/raperda/{version.draft_id}/versi/1").get_data(as_text=True)
    assert format_wita(version.closes_at) in html


def test_the_verification_queue_says_when_the_stage_opens_in_english(client, session, regions):
    now = utcnow()
    cycle = open_cycle(session, now=now)
    make_user(session, Role.VERIFIER, email="bappeda@contoh.id")
    assert client.login("bappeda@contoh.id", PW).status_code == 302
    _in(client, "en")
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    opens = format_datetime_wita(cycle.stage(Tier.KOTA).opens_at, "en")
    assert f"The city musrenbang stage is not open yet; it opens {opens}." in html
