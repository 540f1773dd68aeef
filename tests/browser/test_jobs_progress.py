"""A job's status page at 360 px: with JavaScript the bar moves by polling, in place (no reload),
and the page turns into the result link when the job ends; without JavaScript it refreshes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

import tests.jobs.handlers  # noqa: F401 - registers the test handlers
from participation import create_app
from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.demo import DEMO_PASSWORD, load_demo
from participation.jobs import enqueue
from participation.jobs.transports import RUNTIME_KEY
from participation.schema import upgrade
from tests.browser.conftest import _closing, screenshot
from tests.jobs.handlers import MODULE

ADMIN = "admin@demo.partisipasi.id"


@pytest.fixture
def jobs_server(tmp_path: Path) -> Iterator:
    """The app with its embedded job thread (the default without Redis), served for real."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(url)
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": "b" * 40,
            "INSTANCE_PATH": str(tmp_path),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_ENABLED": False,
            "JOBS_MODE": "thread",
            "JOB_MODULES": MODULE,
        }
    )
    load_demo(app.extensions["participation.sessionmaker"], areas=False)
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.port}"
    try:
        yield app
    finally:
        server.shutdown()
        app.extensions[RUNTIME_KEY].transport.shutdown()
        app.extensions["participation.engine"].dispose()


def _login(page, base: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill(ADMIN)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_be_visible()


def _queue_gate(app, tmp_path: Path) -> tuple[int, Path, Path]:
    start, gate = tmp_path / "start", tmp_path / "gate"
    with app.extensions["participation.sessionmaker"]() as session:
        admin = session.query(User).filter_by(email=ADMIN).one()
        job = enqueue(
            session,
            "tests.gate",
            {"start_file": str(start), "gate_file": str(gate), "percent": 40},
            now=utcnow(),
            actor_id=admin.id,
        )
        session.commit()
    return job.id, start, gate


def test_the_bar_moves_by_polling_then_the_result_shows(jobs_server, phone, tmp_path) -> None:
    base = jobs_server.config["BASE_URL"]
    _login(phone, base)
    job_id, start, gate = _queue_gate(jobs_server, tmp_path)
    phone.goto(f"{base}/pekerjaan/{job_id}")
    bar = phone.locator("progress#job-progress")
    expect(bar).to_have_attribute("value", "0")
    expect(phone.locator("#job-progress-text")).to_have_attribute("aria-live", "polite")
    phone.evaluate("window.__samePage = true")  # gone if the page reloads
    start.touch()
    expect(bar).to_have_js_property("value", 40, timeout=20_000)
    expect(phone.locator(".job-percent")).to_have_text("40%")
    expect(phone.locator(".job-step")).to_have_text("Memuat masukan")
    expect(phone.locator(".job-state")).to_have_text("sedang berjalan")
    phone.wait_for_timeout(3500)  # longer than the no-JavaScript refresh: it must not fire here
    assert phone.evaluate("window.__samePage === true")  # moved in place, by polling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "job-running-360")
    gate.touch()
    link = phone.get_by_role("link", name="Lihat hasil")
    expect(link).to_be_visible(timeout=20_000)
    assert link.get_attribute("href") == "/tentang"
    expect(phone.locator(".job-state")).to_have_text("selesai")


def test_without_javascript_the_page_refreshes_itself(jobs_server, browser, tmp_path) -> None:
    base = jobs_server.config["BASE_URL"]
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    try:
        _login(page, base)
        job_id, start, gate = _queue_gate(jobs_server, tmp_path)
        page.goto(f"{base}/pekerjaan/{job_id}")
        start.touch()
        # the <noscript> meta refresh reloads the page every 3 s until the job is done
        expect(page.locator("progress#job-progress")).to_have_attribute("value", "40", timeout=20_000)
        gate.touch()
        expect(page.get_by_role("link", name="Lihat hasil")).to_be_visible(timeout=20_000)
    finally:
        context.close()
