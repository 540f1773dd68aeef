"""Rate limits on participation writes: comments and replies, endorsements and flags, usulan
entry and resident proposals. Per user when logged in; POST only; the 429 page keeps the text."""

from __future__ import annotations

import re

import pytest

from participation import create_app
from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.drafts import services as draft_services
from tests.conftest import Client
from tests.drafts.conftest import V1, open_window
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL, open_cycle


@pytest.fixture
def limited(app, database_url, tmp_path):
    # depends on ``app`` so the database is wiped first; its own limiter storage (memory)
    lapp = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "r" * 40,
            "INSTANCE_PATH": str(tmp_path / "limited"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_ENABLED": True,
            "COMMENT_RATE_LIMIT": "2 per minute",
            "REACTION_RATE_LIMIT": "2 per minute",
            "USULAN_RATE_LIMIT": "2 per minute",
        }
    )
    lapp.test_client_class = Client
    yield lapp
    lapp.extensions["participation.engine"].dispose()


def _client(lapp, email: str) -> Client:
    client = lapp.test_client()
    assert client.login(email, PW).status_code == 302
    return client


def _assert_429(response, *, kept: str | None = None) -> None:
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Terlalu banyak permintaan" in html
    assert re.search(r"Coba lagi dalam \d+ detik", html)
    if kept is not None:
        assert "belum tersimpan" in html
        assert "salin" in html
        assert kept in html  # what was typed is shown back, ready to copy


@pytest.fixture
def version(session, regions):
    drafter = make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    now = utcnow()
    draft = draft_services.create_draft(session, actor=drafter, title="Raperda Uji", initiator="DLH", now=now)
    version = draft_services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    draft_services.publish_version(
        session, version=version, actor=drafter, now=now, acknowledge_warnings=True
    )  # the demo text, reviewed
    open_window(session, version, drafter)
    session.commit()
    return version


def test_comments_and_replies_share_a_per_user_limit(limited, session, version):
    make_user(session, email="warga@contoh.id")
    make_user(session, email="tetangga@contoh.id")
    url = f"/raperda/{version.draft_id}/versi/1/pasal-5"
    client = _client(limited, "warga@contoh.id")
    first = client.submit(url, {"stance": "object", "body": "Masukan pertama saya."})
    assert first.status_code == 302
    comment_id = int(first.headers["Location"].rsplit("masukan-", 1)[1])
    assert (
        client.submit(f"/masukan/{comment_id}/balas", {"reply-body": "Tambahan."}, page=url).status_code
        == 302
    )
    typed = "Teks panjang yang saya ketik dengan susah payah"
    _assert_429(client.submit(url, {"stance": "object", "body": typed}), kept=typed)
    _assert_429(
        client.submit(f"/masukan/{comment_id}/balas", {"reply-body": "Balasan lagi"}, page=url),
        kept="Balasan lagi",
    )
    assert client.get(url).status_code == 200  # reading is never limited
    # another resident (even from the same address) has their own allowance
    other = _client(limited, "tetangga@contoh.id")
    assert other.submit(url, {"stance": "support", "body": "Setuju."}).status_code == 302


def test_endorsements_and_flags_share_a_limit(limited, session, version):
    author = make_user(session, email="penulis@contoh.id")
    make_user(session, email="warga@contoh.id")
    unit = draft_services.get_unit(session, version, "pasal-5")
    ids = [
        draft_services.comment_on_unit(
            session, unit=unit, author=author, body=f"Masukan {i}", stance="object", now=utcnow()
        ).id
        for i in range(3)
    ]
    session.commit()
    page = f"/raperda/{version.draft_id}/versi/1/pasal-5"
    client = _client(limited, "warga@contoh.id")
    assert client.submit(f"/masukan/{ids[0]}/dukung", {}, page=page).status_code == 302
    assert (
        client.submit(
            f"/masukan/{ids[0]}/laporkan", {"flag-reason": "Isi tidak pantas"}, page=page
        ).status_code
        == 302
    )
    _assert_429(client.submit(f"/masukan/{ids[1]}/dukung", {}, page=page))
    _assert_429(
        client.submit(f"/masukan/{ids[2]}/laporkan", {"flag-reason": "Spam iklan"}, page=page),
        kept="Spam iklan",
    )


def test_usulan_entry_and_resident_proposals_are_limited(limited, session, regions):
    open_cycle(session, now=utcnow())
    citizen = make_user(session, email="warga@contoh.id", commit=False)
    citizen.kelurahan_code = KEL
    make_user(session, Role.COORDINATOR, kelurahan=KEL, email="koor@contoh.id")
    data = {"title": "Lampu jalan", "permasalahan": "Gelap di malam hari", "alamat": "Gg. Mawar", "rt": "003"}
    client = _client(limited, "warga@contoh.id")
    for _ in range(2):
        assert client.submit("/musrenbang/usul", data).status_code in {200, 302, 422}
    _assert_429(client.submit("/musrenbang/usul", data), kept="Gelap di malam hari")
    assert client.get("/musrenbang/usul").status_code == 200

    url = f"/musrenbang/usulan/baru?kelurahan={KEL}"
    coordinator = _client(limited, "koor@contoh.id")
    for _ in range(2):
        assert coordinator.submit(url, {"title": "Drainase"}).status_code != 429
    _assert_429(
        coordinator.submit(url, {"title": "Drainase", "permasalahan": "Banjir RT 3"}), kept="Banjir RT 3"
    )
