"""Browser tests: the real app served by werkzeug in a thread, driven by Playwright through
Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from participation import create_app
from participation.demo import load_demo
from participation.schema import upgrade

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _closing(app):
    """werkzeug's development server skips closing a response when the browser drops the
    connection mid-request (a click during a page load), so a static file stays open and
    surfaces later as an unraisable ResourceWarning in whichever test runs next. Buffer each
    response and close it at once: nothing stays open whatever the browser does."""

    def wsgi(environ, start_response):
        result = app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return [body]

    return wsgi


class LiveServer:
    def __init__(self, app, url: str) -> None:
        self.app = app
        self.url = url


def _serve(tmp: Path, *, full_demo: bool) -> Iterator[LiveServer]:
    url = f"sqlite:///{tmp / 'live.db'}"
    upgrade(url)
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 40,
            "INSTANCE_PATH": str(tmp),
            "OUTBOX_DIR": str(tmp / "outbox"),
            "RATELIMIT_ENABLED": False,
        }
    )
    # what `participation demo` loads: regions, accounts and (full_demo) every area's demo
    load_demo(app.extensions["participation.sessionmaker"], areas=full_demo)
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.port}"
    try:
        yield LiveServer(app, app.config["BASE_URL"])
    finally:
        server.shutdown()
        app.extensions["participation.engine"].dispose()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Regions and one demo account per role."""
    yield from _serve(tmp_path_factory.mktemp("live"), full_demo=False)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The whole demo: raperda with comments and answers, musrenbang cycle, summaries."""
    yield from _serve(tmp_path_factory.mktemp("demo"), full_demo=True)


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[LiveServer]:
    """Like live_server, but new for each test: for journeys run once per viewport."""
    yield from _serve(tmp_path, full_demo=False)


VIEWPORTS = [(360, 740), (1280, 800)]


def new_page(browser, viewport: tuple[int, int], **kw):
    """A page in its own context at ``viewport``; close it with ``page.context.close()``."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        locale="id-ID",
        timezone_id="Asia/Makassar",
        **kw,
    )
    return context.new_page()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", timezone_id="Asia/Makassar"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="id-ID", timezone_id="Asia/Makassar"
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
