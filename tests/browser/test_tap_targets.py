"""Every page at 360 px (issue 19 point 3): each visible control is a tap target of at least
44×44 px (the control itself or its label), and nothing scrolls sideways.

The pages come from the app's URL map, filled in with the demo's ids as the authorisation matrix
does (tests/security/endpoints.py: TABLE, URL_VALUES, CONSTANTS, QUERY), so a new page is checked
as soon as it is registered there. Each demo role visits the GET pages it is allowed to see,
in one browser context per role; file downloads (anything but HTML) are skipped.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from participation.accounts import tokens
from participation.accounts.models import User
from participation.core.db import session_scope
from participation.demo import DEMO_PASSWORD
from tests.security.conftest import ROLES, _collect
from tests.security.endpoints import TABLE, allowed_roles, app_endpoints, build_url

WIDTH = 360
MIN = 44
# public and any-account pages look the same to most roles; these see them with their own
# controls (the tim penyusun's buttons on a raperda, the moderator's on a comment, the admin's)
SEES_PUBLIC = ("ANON", "CITIZEN", "DRAFTER", "MODERATOR", "ADMIN")
SEES_LOGIN = ("CITIZEN", "ADMIN")

# the clickable boxes of each visible control (after opening every <details>): the control itself
# and its labels; a control passes when one of those boxes is at least MIN × MIN
MEASURE = """(min) => {
  // forms folded into a <details> count too: open them all first
  for (const d of document.querySelectorAll('details')) d.open = true;
  const out = [];
  const sel = 'button, input:not([type=hidden]), select, textarea, summary, a.button';
  for (const el of document.querySelectorAll(sel)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const boxes = [el.getBoundingClientRect()];
    for (const label of (el.labels || [])) boxes.push(label.getBoundingClientRect());
    const shown = boxes.filter(b => b.width > 1 && b.height > 1);
    if (!shown.length) continue;  // not rendered (a closed <details>, a hidden panel)
    if (shown.some(b => b.width >= min - 0.5 && b.height >= min - 0.5)) continue;
    const big = shown.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    const label = (el.labels && el.labels[0]) ? el.labels[0].innerText : '';
    const text = (el.innerText || el.value || label || el.name || el.id || '').trim();
    out.push(`${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} ` +
             `"${text.slice(0, 40)}" ${Math.round(big.width)}x${Math.round(big.height)}`);
  }
  return out;
}"""


def _pages(app) -> dict[str, list[str]]:
    """Role → the GET pages it may see, built from the URL map and the demo's ids."""
    objects = _collect(app)
    with session_scope(app.extensions["participation.sessionmaker"]) as s:
        citizen = s.get(User, objects["citizen_id"])
        secret = app.config["SECRET_KEY"]
        objects.values["confirm_token"] = tokens.make_confirm_token(secret, citizen.id, citizen.email or "")
        objects.values["reset_token"] = tokens.make_reset_token(secret, citizen.id, citizen.password_hash)
    pages: dict[str, list[str]] = {role: [] for role in ROLES}
    for rule, method in app_endpoints(app):
        # an endpoint missing from TABLE fails test_authorization_matrix; it is checked here
        # once it is listed there
        if method != "GET" or rule.endpoint not in TABLE:
            continue
        access = TABLE[rule.endpoint]["GET"]
        roles = allowed_roles(access)
        if access == "public":
            roles &= set(SEES_PUBLIC)
        elif access == "login":
            roles &= set(SEES_LOGIN)
        url = build_url(rule, objects.values)
        for role in sorted(roles):
            pages[role].append(url)
    return pages


@pytest.fixture(scope="module")
def role_pages(demo_server) -> dict[str, list[str]]:
    return _pages(demo_server.app)


def _visit(page, url: str) -> bool:
    """Load ``url``; False for a download or any non-HTML answer."""
    try:
        response = page.goto(url)
    except PlaywrightError as exc:  # a file download aborts the navigation
        if "Download is starting" in str(exc) or "net::ERR_ABORTED" in str(exc):
            return False
        raise
    return response is not None and "text/html" in response.headers.get("content-type", "")


@pytest.fixture(scope="module")
def findings(demo_server, browser, role_pages) -> dict[str, dict[str, object]]:
    """Per role and page: the small controls and the page's scroll width."""
    found: dict[str, dict[str, object]] = {}
    for role, urls in role_pages.items():
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 740},
            locale="id-ID",
            timezone_id="Asia/Makassar",
            accept_downloads=False,
        )
        page = context.new_page()
        email = ROLES[role]
        if email:
            page.goto(demo_server.url + "/masuk")
            page.get_by_label("E-mail").fill(email)
            page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(lambda u: "/masuk" not in u)
        for url in urls:
            if not _visit(page, demo_server.url + url):
                continue
            found[f"{role} {url}"] = {
                "small": page.evaluate(MEASURE, MIN),
                "width": page.evaluate("document.documentElement.scrollWidth"),
            }
        context.close()
    return found


def test_the_measure_sees_a_small_control_and_a_wide_page(demo_server, browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 740})
    page = context.new_page()
    page.goto(demo_server.url + "/masuk")
    page.evaluate("""() => {
      const form = document.querySelector('main form');
      const tiny = document.createElement('button');
      tiny.textContent = 'kecil';
      Object.assign(tiny.style, {minHeight: '0', minWidth: '0', padding: '0', border: '0'});
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'tanpa-label';
      const wide = document.createElement('div');
      wide.style.width = '500px';
      wide.textContent = 'lebar';
      form.append(tiny, radio, wide);
    }""")
    small = page.evaluate(MEASURE, MIN)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert [item.split(" ")[:2] for item in small] == [
        ["button[submit]", '"kecil"'],
        ["input[radio]", '"on"'],
    ]
    assert width > WIDTH


def test_every_page_was_visited(findings):
    # the check below must not pass by visiting nothing: every role saw its HTML pages
    visited_roles = {key.split(" ", 1)[0] for key in findings}
    assert visited_roles == set(ROLES)
    assert len(findings) >= 60, sorted(findings)


def test_every_control_is_a_44px_tap_target_at_360px(findings):
    small = {page: sorted(set(f["small"])) for page, f in findings.items() if f["small"]}
    report = "\n".join(f"{page}: {'; '.join(items)}" for page, items in sorted(small.items()))
    assert small == {}, "controls smaller than 44×44 px at 360 px:\n" + report


def test_no_page_scrolls_sideways_at_360px(findings):
    wide = {page: f["width"] for page, f in findings.items() if f["width"] > WIDTH}
    assert wide == {}
