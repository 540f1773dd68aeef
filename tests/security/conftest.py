"""Security suite fixtures: one app on the full demo data (`participation demo`'s steps), loaded
once for the whole package (built once per session: ``demo_snapshots`` in tests/conftest.py),
plus one logged-in test client per role.

The data lives in the session's test database (SQLite, or PostgreSQL in CI's second pass); it is
wiped before and after the package. Tests here must not use the function-scoped ``app`` fixture,
which wipes every table between tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlalchemy import select

from participation import create_app
from participation.accounts import tokens
from participation.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, EXTRA_ROLES
from participation.accounts.models import User
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.core.db import session_scope
from participation.drafts.models import Draft, DraftUnit, DraftVersion, VersionStatus
from participation.jobs import Job, JobStatus
from participation.musrenbang import services as musrenbang_services
from participation.musrenbang.models import (
    BeritaAcara,
    MusrenbangCycle,
    Opd,
    ResidentProposal,
    Stage,
    Usulan,
)
from participation.summaries import queries as summary_queries
from participation.summaries.models import SummaryKind
from tests.conftest import SECRET, Client, DemoSnapshots, _wipe
from tests.helpers import release_app

KEL = "64.71.03.1002"  # the demo coordinator's kelurahan (Gunung Samarinda)
KEC = "64.71.03"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)

# role name used in the tables → demo account e-mail (None: anonymous visitor)
ROLES: dict[str, str | None] = {
    "ANON": None,
    "CITIZEN": "warga@demo.partisipasi.id",
    "COORDINATOR": "koordinator@demo.partisipasi.id",
    "VERIFIER_KEC": "verifikator@demo.partisipasi.id",
    "VERIFIER_CITY": "bappeda@demo.partisipasi.id",
    "DRAFTER": "penyusun@demo.partisipasi.id",
    "DPRD_MEMBER": "dprd@demo.partisipasi.id",
    "MODERATOR": "moderator@demo.partisipasi.id",
    "ADMIN": "admin@demo.partisipasi.id",
}
# accounts with a second role (the ketua tim penyusun: DRAFTER + DRAFT_LEAD) are not a role of
# the matrix: DRAFTER is checked with the plain tim penyusun account
assert {e for e in ROLES.values() if e} == {a[0] for a in DEMO_ACCOUNTS} - set(EXTRA_ROLES)


@dataclass
class DemoObjects:
    """Ids of real demo rows, used to fill URL parameters."""

    values: dict[str, object] = field(default_factory=dict)
    unit_path: str = ""

    def __getitem__(self, key: str) -> object:
        return self.values[key]


@dataclass
class DemoSite:
    app: Flask
    objects: DemoObjects
    clients: dict[str, Client]

    def client(self, role: str) -> Client:
        """A logged-in client per role, made on first use and kept for the package."""
        if role not in self.clients:
            self.app.test_client_class = Client
            client: Client = self.app.test_client()  # type: ignore[assignment]
            email = ROLES[role]
            if email is not None:
                response = client.login(email, DEMO_PASSWORD)
                assert response.status_code == 302, (role, response.status_code)
            self.clients[role] = client
        return self.clients[role]

    def fresh_client(self, role: str) -> Client:
        self.app.test_client_class = Client
        client: Client = self.app.test_client()  # type: ignore[assignment]
        if ROLES[role]:
            assert client.login(ROLES[role], DEMO_PASSWORD).status_code == 302
        return client

    def session(self):
        return session_scope(self.app.extensions["participation.sessionmaker"])


def _collect(app: Flask) -> DemoObjects:
    objects = DemoObjects()
    v = objects.values
    with session_scope(app.extensions["participation.sessionmaker"]) as s:
        version = s.scalar(
            select(DraftVersion)
            .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
            .order_by(DraftVersion.id)
        )
        draft = s.get(Draft, version.draft_id)
        unit = s.scalar(
            select(DraftUnit).where(DraftUnit.version_id == version.id, DraftUnit.key == "pasal-20/ayat-2")
        )
        comment = s.scalar(
            select(Comment)
            .where(Comment.target_id == unit.comment_target_id, Comment.parent_id.is_(None))
            .order_by(Comment.id)
        )
        cycle = s.scalar(select(MusrenbangCycle).order_by(MusrenbangCycle.year.desc()))
        # a public (non-draft) usulan of the coordinator's kelurahan, and a draft one to edit
        public_usulan = s.scalar(
            select(Usulan).where(Usulan.kelurahan_code == KEL, Usulan.status != "draft").order_by(Usulan.id)
        )
        draft_usulan = s.scalar(
            select(Usulan).where(Usulan.kelurahan_code == KEL, Usulan.status == "draft").order_by(Usulan.id)
        )
        if draft_usulan is None:  # the demo always has one; be explicit if it ever stops
            raise AssertionError("demo has no draf usulan in the coordinator's kelurahan")
        coordinator = s.scalar(select(User).where(User.email == ROLES["COORDINATOR"]))
        photo = musrenbang_services.add_photo(
            s, usulan=draft_usulan, data=PNG, actor=coordinator, now=utcnow()
        )
        s.flush()
        citizen = s.scalar(select(User).where(User.email == ROLES["CITIZEN"]))
        # a failed job the tim penyusun started (a row only: nothing runs it here)
        drafter = s.scalar(select(User).where(User.email == ROLES["DRAFTER"]))
        job = Job(
            kind="summaries.refresh_draft",
            title="Menghitung ulang ringkasan uji publik",  # its handler's title, in the catalog
            params={"version_id": version.id},
            status=JobStatus.FAILED.value,
            progress=0,
            error="Rancangan tidak ditemukan.",  # a domain error's message, in the catalog
            attempts=3,
            max_attempts=3,
            not_before=utcnow(),
            created_at=utcnow(),
            finished_at=utcnow(),
            started_by_id=drafter.id,
        )
        s.add(job)
        s.flush()
        snap = summary_queries.latest_snapshot(
            s, SummaryKind.DRAFT, summary_queries.draft_scope_key(version.id)
        )
        campaigns = (snap.result.get("campaigns") or []) if snap else []
        v.update(
            draft_id=draft.id,
            number=version.number,
            version_id=version.id,
            unit_path=unit.key,
            comment_id=comment.id,
            year=cycle.year,
            usulan_id=public_usulan.id,
            draft_usulan_id=draft_usulan.id,
            photo_id=photo.id,
            proposal_id=s.scalar(
                select(ResidentProposal.id)
                .where(ResidentProposal.outcome.is_(None))
                .order_by(ResidentProposal.id)
            ),
            ba_id=s.scalar(select(BeritaAcara.id).order_by(BeritaAcara.id)),
            stage_id=s.scalar(select(Stage.id).where(Stage.cycle_id == cycle.id).order_by(Stage.id)),
            opd_id=s.scalar(select(Opd.id).order_by(Opd.id)),
            user_id=citizen.id,
            citizen_id=citizen.id,
            job_id=job.id,
            campaign_id=campaigns[0]["id"] if campaigns else 1,
            confirm_token=tokens.make_confirm_token(SECRET, citizen.id, citizen.email or ""),
            reset_token=tokens.make_reset_token(SECRET, citizen.id, citizen.password_hash),
            kelurahan=KEL,
            kecamatan=KEC,
        )
        objects.unit_path = unit.key
    return objects


@pytest.fixture(scope="package")
def demo_site(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, demo_snapshots: DemoSnapshots
) -> Iterator[DemoSite]:
    tmp = tmp_path_factory.mktemp("security")
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp / "instance"),
            "OUTBOX_DIR": str(tmp / "outbox"),
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    engine = app.extensions["participation.engine"]
    demo_snapshots.load(app)  # the full demo, built once per session
    objects = _collect(app)
    try:
        yield DemoSite(app=app, objects=objects, clients={})
    finally:
        _wipe(engine)
        engine.dispose()
        release_app(app)
