"""Two app machines behind one proxy, on one PostgreSQL and one Redis (issue 14, "Two machines,
tested").

Two gunicorn instances (``A`` and ``B``: separate processes, separate instance folders, the same
``PARTICIPATION_SECRET_KEY`` as real machines behind one nginx share it) and one
``participation worker`` run as subprocesses in production mode against a throwaway PostgreSQL
database and Redis, with rate limits on. A real HTTP client (urllib) plays the browsers and the
proxy: it keeps each browser's cookies (one jar for both instances, as one site), reads CSRF
tokens from the forms, and sends ``X-Forwarded-For`` as nginx would (``TRUSTED_PROXIES=1``).

1. A resident logs in on B and comments on A; B shows the comment (and the session is valid on
   both).
2. The tim penyusun uploads a naskah akademik on A; B serves the same bytes; no instance folder
   holds a copy.
3. Wrong passwords, two on A and two on B, spend one shared login budget: the fifth is 429 with
   the Indonesian page (each instance alone has seen only two or three).
4. "Perbarui ringkasan" on A queues a job; B's status page follows it to "selesai"; the row's
   ``worker`` names a process of the worker, not of either web instance.

Every process is stopped in a finalizer (its whole process group); every wait is bounded; the
processes' logs are printed when anything fails. Redis: database ``REDIS_DB``, with a queue name
and client addresses of this run's own; the run's keys (queue, jobs, counters of its addresses and
users) are deleted afterwards. PostgreSQL must be there in CI (``pg_databases`` fails there and
skips elsewhere); so must Redis (.ci/run starts it).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.config import PROJECT_ROOT
from participation.core.clock import utcnow
from participation.core.db import make_engine, make_sessionmaker
from participation.core.files import FileKind, StoredFile, sha256_hex
from participation.drafts import services as draft_services
from participation.jobs.models import Job
from participation.regions import services as region_services
from participation.schema import upgrade
from tests.drafts.conftest import V1, open_window
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.redis_queues import BASE_REDIS_URL, delete_queue_keys, require_redis, worker_redis_url

pytestmark = pytest.mark.postgres

# A Redis database of this test's own (9, plus N in xdist worker gwN); the queue name and client
# addresses are unique per run, so runs sharing the server (other helpers, CI) never see each
# other's keys.
REDIS_DB = 9
REDIS_URL = worker_redis_url(BASE_REDIS_URL, REDIS_DB)
WAIT = 60.0  # seconds: a bound for a loaded machine, never a timing assertion
LOGIN_LIMIT = 4  # wrong passwords allowed per client address, over every instance together
VENV_BIN = Path(sys.executable).parent


# --- processes -------------------------------------------------------------------------------


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path


@dataclass
class Cluster:
    """The machines of this test: web instances and workers, one environment each."""

    tmp: Path
    database_url: str
    queue: str = field(default_factory=lambda: f"twoinst-{uuid.uuid4().hex[:10]}")
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    procs: list[Proc] = field(default_factory=list)
    web: dict[str, str] = field(default_factory=dict)  # instance name -> base URL

    def env(self, name: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
        instance = self.tmp / name
        instance.mkdir(parents=True, exist_ok=True)
        env.update(
            {
                # what deploy/env.example asks to keep the same on every machine ...
                "PARTICIPATION_ENV": "production",
                "PARTICIPATION_SECRET_KEY": self.secret,
                "PARTICIPATION_DATABASE_URL": self.database_url,
                "PARTICIPATION_REDIS_URL": REDIS_URL,
                "PARTICIPATION_BASE_URL": "https://partisipasi.example.go.id",
                "PARTICIPATION_TRUSTED_PROXIES": "1",
                "PARTICIPATION_JOBS_QUEUE": self.queue,
                "PARTICIPATION_RATELIMIT_ENABLED": "true",
                "PARTICIPATION_LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per hour",
                # ... and what is each machine's own
                "PARTICIPATION_INSTANCE_PATH": str(instance),
                "PARTICIPATION_LOG_LEVEL": "INFO",
                "PARTICIPATION_REQUEST_LOG": "true",
                "PYTHONPATH": str(PROJECT_ROOT),
            }
        )
        return env

    def _start(self, name: str, argv: list[str]) -> Proc:
        log = self.tmp / f"{name}.log"
        with log.open("wb") as out:
            # its own process group: the finalizer stops gunicorn's workers and RQ's work horse
            # and scheduler with it
            popen = subprocess.Popen(
                argv,
                env=self.env(name),
                cwd=PROJECT_ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def start_web(self, name: str) -> None:
        port = _free_port()
        self._start(
            name,
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                "2",
                "--threads",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "5",
                # two masters on one machine: the default socket (~/.gunicorn) is one
                "--no-control-socket",
                "participation:create_app()",
            ],
        )
        self.web[name] = f"http://127.0.0.1:{port}"

    def start_worker(self, name: str) -> None:
        self._start(name, [str(VENV_BIN / "participation"), "worker", "--name", f"{self.queue}-{name}"])

    def wait_ready(self) -> None:
        for name, base in self.web.items():
            deadline = time.monotonic() + WAIT
            while True:
                self.check_alive()
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2) as r:  # noqa: S310
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"{name} not healthy after {WAIT} s")
                time.sleep(0.1)

    def check_alive(self) -> None:
        dead = [p.name for p in self.procs if p.popen.poll() is not None]
        assert not dead, f"process(es) ended early: {dead}"

    def web_pids(self) -> set[int]:
        """Every process of the web instances: gunicorn masters and their workers."""
        masters = {p.popen.pid for p in self.procs if p.name in self.web}
        return masters | {pid for m in masters for pid in _descendants(m)}

    def logs(self) -> str:
        parts = []
        for proc in self.procs:
            text = proc.log.read_text(errors="replace") if proc.log.exists() else ""
            parts.append(f"----- {proc.name} (exit {proc.popen.poll()}) -----\n{text[-6000:]}")
        return "\n".join(parts)

    def stop_all(self) -> None:
        # RQ's work horse runs in a process group of its own (setpgrp): signalling the worker's
        # group misses it, so every descendant is noted before anything is stopped
        family = {pid: _started(pid) for p in self.procs for pid in _descendants(p.popen.pid)}
        for proc in self.procs:
            if proc.popen.poll() is None:
                _signal_group(proc.popen, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs:
            try:
                proc.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(proc.popen, signal.SIGKILL)
                proc.popen.wait(10)
            # a gunicorn worker or RQ scheduler left behind in the group
            _signal_group(proc.popen, signal.SIGKILL)
        for pid, started in family.items():  # a horse still running a job, orphaned
            if started is not None and _started(pid) == started:  # the same process, not a reuse
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    @contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            print(self.logs())
            raise


def _signal_group(popen: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(popen.pid, sig)
    except ProcessLookupError:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _started(pid: int) -> str | None:
    """The process's start time (clock ticks after boot), or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and brackets
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


# --- a browser behind the proxy --------------------------------------------------------------


class _AnyScheme(http.cookiejar.DefaultCookiePolicy):
    """Sends the Secure cookies back over plain HTTP: here the client stands where nginx would
    (TLS ends at the proxy), so production's Secure flag stays on."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class _KeepErrors(urllib.request.HTTPErrorProcessor):
    """4xx/5xx come back as responses (status and page checked by the test); 3xx still follow."""

    def http_response(self, request, response):
        if response.status in (301, 302, 303, 307, 308):
            return super().http_response(request, response)
        return response


@dataclass
class Page:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One person's browser: a cookie jar for the whole site and the address nginx reports."""

    addresses: ClassVar[list[str]] = []  # every address handed out, for the Redis clean-up

    def __init__(self, address: str) -> None:
        self.address = address
        self.cookies = http.cookiejar.CookieJar(policy=_AnyScheme())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepErrors()
        )

    def request(self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Page:
        req = urllib.request.Request(  # noqa: S310 - our own server
            url,
            data=data,
            headers={
                "X-Forwarded-For": self.address,
                "Accept-Language": "id",
                **(headers or {}),
            },
        )
        with self.opener.open(req, timeout=30) as r:
            return Page(r.status, r.geturl(), dict(r.headers.items()), r.read())

    def get(self, url: str) -> Page:
        return self.request(url)

    def token(self, url: str) -> str:
        page = self.get(url)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {url} ({page.status})"
        return match.group(1)

    def post(
        self,
        url: str,
        fields: dict[str, str],
        *,
        form_page: str | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Page:
        """Posts like the form on ``form_page`` (default ``url``) would, with its CSRF token."""
        fields = {**fields, "csrf_token": self.token(form_page or url)}
        if not files:
            return self.request(
                url,
                urllib.parse.urlencode(fields).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content, ctype) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            url, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )

    def login(self, base: str, email: str, password: str) -> Page:
        return self.post(base + "/masuk", {"email": email, "password": password})


def _address() -> str:
    """A client address of this run only (its rate-limit keys are nobody else's)."""
    raw = secrets.token_bytes(3)
    return f"10.{raw[0]}.{raw[1]}.{max(1, raw[2])}"


# --- fixtures ----------------------------------------------------------------------------------


@dataclass
class World:
    draft_id: int
    version_id: int
    drafter: str
    resident: str
    user_ids: tuple[int, ...]


def _seed(database_url: str) -> World:
    """The minimum: regions, a published raperda with an open window, a resident, a drafter."""
    engine = make_engine(database_url, pooled=False)
    try:
        with make_sessionmaker(engine)() as session:
            region_services.load_regions(
                session, region_services.parse_regions_csv(region_services.default_regions_csv())
            )
            drafter = make_user(session, Role.DRAFTER, email="penyusun@contoh.id", name="Tim Penyusun")
            resident = make_user(session, email="warga@contoh.id", name="Warga Dua Mesin")
            now = utcnow()
            draft = draft_services.create_draft(
                session, actor=drafter, now=now, title="Raperda Ketertiban Umum", initiator="Satpol PP"
            )
            version = draft_services.add_version(
                session, draft=draft, actor=drafter, text=V1, now=now, filename="v1.txt"
            )
            draft_services.publish_version(
                session, version=version, actor=drafter, now=now, acknowledge_warnings=True
            )
            open_window(session, version, drafter)
            session.commit()
            return World(
                draft.id, version.id, "penyusun@contoh.id", "warga@contoh.id", (drafter.id, resident.id)
            )
    finally:
        engine.dispose()


def _delete_own_keys(machines: Cluster, world: World, addresses: list[str]) -> None:
    """This run's keys only: its queue's, its jobs', and the counters of its client addresses
    and users (the login throttle's are digests made with this run's secret key)."""
    from redis import Redis

    from participation.accounts.throttle import LoginThrottle

    client = Redis.from_url(REDIS_URL)
    try:
        own = []
        for pattern in [*addresses, *(f"LIMITER/user:{uid}/" for uid in world.user_ids)]:
            own += client.scan_iter(f"*{pattern}*", count=1000)
    finally:
        client.close()
    throttle = LoginThrottle(None, secret=machines.secret)  # type: ignore[arg-type]
    for address in addresses:
        for email in (world.resident, world.drafter):
            own += [f"LIMITS:{key}" for key in throttle._keys(address, email)]
    delete_queue_keys(REDIS_URL, machines.queue, extra=own)


@pytest.fixture
def cluster(pg_databases) -> Iterator[tuple[Cluster, World]]:
    require_redis(REDIS_URL)
    database_url = pg_databases.url("twoinst")
    upgrade(database_url)
    world = _seed(database_url)
    # not tmp_path: a pytest session started meanwhile on this machine (another helper's) may
    # prune older sessions' temporary folders, and with them these machines' instance folders
    machines = Cluster(Path(tempfile.mkdtemp(prefix="participation-twoinst-")), database_url)
    try:
        machines.start_web("A")
        machines.start_web("B")
        machines.start_worker("worker")
        with machines.logs_on_failure():
            machines.wait_ready()
        yield machines, world
    finally:
        machines.stop_all()
        _delete_own_keys(machines, world, Browser.addresses)
        shutil.rmtree(machines.tmp, ignore_errors=True)


def _browser() -> Browser:
    browser = Browser(_address())
    Browser.addresses.append(browser.address)
    return browser


# --- the test ----------------------------------------------------------------------------------


def test_two_instances_share_comments_files_limits_and_jobs(cluster) -> None:
    machines, world = cluster
    a, b = machines.web["A"], machines.web["B"]
    with machines.logs_on_failure():
        _comment_on_a_shows_on_b(a, b, world)
        _file_uploaded_on_a_downloads_from_b(machines, a, b, world)
        _login_limit_is_shared(a, b, world)
        _job_queued_on_a_runs_on_the_worker(machines, a, b, world)
        machines.check_alive()


def _comment_on_a_shows_on_b(a: str, b: str, world: World) -> None:
    resident = _browser()
    page = resident.login(b, world.resident, PW)
    assert page.status == 200, page.text[:2000]
    assert "Selamat datang" in page.text, page.text[:2000]
    unit = f"/raperda/{world.draft_id}/versi/1/pasal-5"
    body = f"Mohon lokasi pengganti bagi PKL ({uuid.uuid4().hex[:8]})"
    # the session and CSRF token made by B are valid on A: same secret key
    page = resident.post(a + unit, {"stance": "object", "body": body}, form_page=b + unit)
    assert page.status == 200, (page.status, page.url)
    assert page.url.startswith(a), (page.status, page.url)
    assert body in resident.get(b + "/masukan-saya").text
    # and a visitor of B, who never touched A, reads it on the clause's page
    assert body in _browser().get(b + unit).text


def _file_uploaded_on_a_downloads_from_b(machines: Cluster, a: str, b: str, world: World) -> None:
    drafter = _browser()
    assert "Selamat datang" in drafter.login(a, world.drafter, PW).text
    content = b"%PDF-1.4\n% naskah akademik uji dua mesin\n" + secrets.token_bytes(20_000) + b"\n%%EOF\n"
    edit = f"/raperda/{world.draft_id}/ubah"
    page = drafter.post(
        a + edit,
        {
            "title": "Raperda Ketertiban Umum",
            "kind": "raperda",
            "initiator": "Satpol PP",
            "summary": "Dengan naskah akademik.",
        },
        files={"paper": ("naskah akademik.pdf", content, "application/pdf")},
    )
    assert page.status == 200, page.text[:2000]
    assert "Data rancangan disimpan" in page.text, page.text[:2000]
    download = _browser().get(b + f"/raperda/{world.draft_id}/naskah-akademik")
    assert download.status == 200
    assert download.body == content
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["ETag"].strip('"') == sha256_hex(content)
    # kept in the database (participation.core.files), not on the disk of the machine that
    # took the upload
    engine = make_engine(machines.database_url, pooled=False)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                select(StoredFile.kind, StoredFile.size, StoredFile.filename).where(
                    StoredFile.sha256 == sha256_hex(content)
                )
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in stored] == [
        (FileKind.ACADEMIC_PAPER.value, len(content), "naskah akademik.pdf")
    ]
    for path in (machines.tmp / "A").rglob("*"):
        assert not path.is_file() or content[:4096] not in path.read_bytes(), path


def _login_limit_is_shared(a: str, b: str, world: World) -> None:
    guesser = _browser()
    for base in (a, b, a, b)[:LOGIN_LIMIT]:
        page = guesser.login(base, world.resident, "bukan-kata-sandinya")
        assert page.status != 429, (base, page.status)
        assert "Selamat datang" not in page.text, (base, page.status)
    # two on each: either instance alone would still allow this one
    page = guesser.login(b, world.resident, "bukan-kata-sandinya")
    assert page.status == 429, (page.status, page.text[:2000])
    assert "Terlalu banyak permintaan" in page.text
    assert "Anda mengirim terlalu banyak permintaan dalam waktu singkat." in page.text
    # someone else behind another address is not affected
    assert "Selamat datang" in _browser().login(a, world.resident, PW).text


def _job_queued_on_a_runs_on_the_worker(machines: Cluster, a: str, b: str, world: World) -> None:
    drafter = _browser()
    assert "Selamat datang" in drafter.login(b, world.drafter, PW).text
    summary = f"/ringkasan/raperda/{world.version_id}"
    page = drafter.post(a + summary + "/perbarui", {}, form_page=a + summary)
    match = re.fullmatch(re.escape(a) + r"/pekerjaan/(\d+)", page.url)
    assert page.status == 200, (page.status, page.url)
    assert match, (page.status, page.url)
    job_id = int(match.group(1))
    deadline = time.monotonic() + WAIT
    state: dict = {}
    while time.monotonic() < deadline:
        machines.check_alive()
        status = drafter.get(b + f"/pekerjaan/{job_id}.json")
        assert status.status == 200, status.status
        state = json.loads(status.body)
        if state["finished"]:
            break
        time.sleep(0.2)
    assert (state.get("status"), state.get("error")) == ("done", None), state
    assert "selesai" in drafter.get(b + f"/pekerjaan/{job_id}").text
    engine = make_engine(machines.database_url, pooled=False)
    try:
        with engine.connect() as conn:
            run_by = conn.execute(select(Job.worker).where(Job.id == job_id)).scalar_one()
    finally:
        engine.dispose()
    host, pid, _token = run_by.split(":")
    assert host == socket.gethostname()[:80]
    assert int(pid) not in machines.web_pids()
    worker_log = next(p.log for p in machines.procs if p.name == "worker").read_text()
    assert f"participation job {job_id} (summaries.refresh_draft)" in worker_log
