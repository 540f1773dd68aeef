"""The tim penyusun's mapping review page: the confidence of each pair, "perlu dicek" below the
threshold, and any pair (an unchanged one too) can be corrected before confirming."""

import re

from participation.core.clock import utcnow
from participation.drafts import services
from participation.drafts.anchoring import REVIEW_THRESHOLD
from participation.drafts.models import UnitMapping, unit_label
from tests.drafts.conftest import V1
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

OLD_AYAT = (
    "        (2) Relokasi sebagaimana dimaksud pada ayat (1) dilaksanakan setelah PKL\n"
    "            diberi pemberitahuan tertulis paling lambat 14 (empat belas) hari\n"
    "            sebelum pelaksanaan relokasi.\n"
)
# pasal 22 ayat (2) rewritten in most of its words; everything else only re-wrapped
NEW_AYAT = (
    "        (2) Relokasi sebagaimana dimaksud pada ayat (1) didahului musyawarah dengan\n"
    "            paguyuban PKL dan lurah setempat serta sosialisasi paling singkat 30 (tiga\n"
    "            puluh) hari.\n"
)


def _row(html: str, old_key: str) -> str:
    """The pair row of an old unit, which names it as people cite it ("Pasal 22 ayat (2)")."""
    found = re.search(r"<tr><td>" + re.escape(unit_label(old_key)) + r"</td>.*?</tr>", html, re.S)
    assert found, old_key
    return found.group(0)


def _version_2(session, published, drafter):
    assert OLD_AYAT in V1
    text = V1.replace(OLD_AYAT, NEW_AYAT).replace(
        "peraturan perundang-undangan", "peraturan perundang-\nundangan"
    )
    version = services.add_version(
        session, draft=published.draft, actor=drafter, text=text, now=utcnow(), filename="v2.txt"
    )
    session.commit()
    return version


def test_pairs_show_their_confidence_and_the_doubtful_ones_are_marked(client, session, published, drafter):
    _version_2(session, published, drafter)
    client.login("penyusun@contoh.id", PW)
    html = client.get(f"/raperda/{published.draft_id}/versi/2/pemetaan").get_data(as_text=True)
    assert "Keyakinan" in html
    rewritten = _row(html, "pasal-22/ayat-2")
    percent = int(re.search(r"(\d+)%", rewritten).group(1))
    assert percent < REVIEW_THRESHOLD * 100
    assert "perlu dicek" in rewritten
    assert "diubah" in rewritten  # the status in words, not its code
    pasal = _row(html, "pasal-22")  # the pasal itself: most of it carried over
    assert int(re.search(r"(\d+)%", pasal).group(1)) >= REVIEW_THRESHOLD * 100
    assert "perlu dicek" not in pasal
    assert "1 pasangan perlu dicek." in html
    # re-wrapped and re-hyphenated text is the same text: unchanged, 100 %, behind a disclosure
    unchanged = _row(html, "pasal-1")
    assert "100%" in unchanged
    assert "tidak berubah" in unchanged
    assert html.index("<details>") < html.index("<tr><td>Pasal 1</td>")


def test_any_pair_can_be_corrected_even_an_unchanged_one(client, session, published, drafter):
    version = _version_2(session, published, drafter)
    old = services.get_unit(session, published, "pasal-1")
    client.login("penyusun@contoh.id", PW)
    url = f"/raperda/{published.draft_id}/versi/2/pemetaan"
    assert f'name="map-{old.id}" value="pasal-1"' in client.get(url).get_data(as_text=True)
    r = client.submit(url, {f"map-{old.id}": "pasal-2"})
    assert r.status_code == 302
    session.expire_all()
    row = session.query(UnitMapping).filter_by(version_id=version.id, old_unit_id=old.id).one()
    assert row.corrected
    assert row.new_unit.key == "pasal-2"
    html = client.get(url).get_data(as_text=True)
    corrected = _row(html, "pasal-1")
    assert "dikoreksi" in corrected  # the drafter's word, not a score
    assert "%" not in corrected
