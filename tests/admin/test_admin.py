"""User administration: roles with scope, deactivation, audit log — and who may do it."""

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role, User
from participation.core.audit import AuditEvent
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

ADMIN_PAGES = ["/admin/", "/admin/pengguna", "/admin/audit"]


@pytest.fixture
def admin(session, regions):
    return make_user(session, Role.ADMIN, email="admin@contoh.id")


@pytest.fixture
def target(session, regions):
    return make_user(session, email="warga@contoh.id", name="Warga Satu")


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.DRAFTER, Role.MODERATOR, Role.DPRD_MEMBER])
def test_non_admins_are_refused(client, session, regions, role, target):
    make_user(session, role, email="x@contoh.id")
    client.login("x@contoh.id", PW)
    for page in [*ADMIN_PAGES, f"/admin/pengguna/{target.id}"]:
        assert client.get(page).status_code == 403, page
    token = client.csrf_token("/profil")
    response = client.post(
        f"/admin/pengguna/{target.id}/peran", data={"csrf_token": token, "assign-role": "ADMIN"}
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(User, target.id).roles == {Role.CITIZEN}


def test_anonymous_is_sent_to_login(client, regions):
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]


def test_admin_lists_and_searches_users(client, admin, target):
    client.login("admin@contoh.id", PW)
    html = client.get("/admin/pengguna?q=warga").get_data(as_text=True)
    assert "Warga Satu" in html
    assert "admin@contoh.id" not in html
    html = client.get("/admin/pengguna?peran=ADMIN").get_data(as_text=True)
    assert "admin@contoh.id" in html
    assert "Warga Satu" not in html
    assert client.get("/admin/pengguna?hal=abc").status_code == 400


def test_assign_scoped_role_writes_audit(client, session, admin, target):
    client.login("admin@contoh.id", PW)
    url = f"/admin/pengguna/{target.id}"
    response = client.submit(
        f"{url}/peran",
        {
            "assign-role": "COORDINATOR",
            "assign-kelurahan_code": "64.71.03.1002",
            "assign-reason": "hasil musyawarah",
        },
        page=url,
    )
    assert response.status_code == 302
    session.expire_all()
    user = session.get(User, target.id)
    coordinator = user.assignments(Role.COORDINATOR)
    assert len(coordinator) == 1
    assert coordinator[0].kelurahan_code == "64.71.03.1002"
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "role.assign", AuditEvent.target_id == str(target.id))
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.actor_id == admin.id
    assert event.before == {"roles": [{"role": "CITIZEN", "kelurahan": None, "kecamatan": None}]}
    assert {"role": "COORDINATOR", "kelurahan": "64.71.03.1002", "kecamatan": None} in event.after["roles"]
    assert event.reason == "hasil musyawarah"
    assert event.ip_hash
    assert "127.0.0.1" not in event.ip_hash
    # visible to admins in the audit log
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "role.assign" in html
    assert "hasil musyawarah" in html


def test_coordinator_without_kelurahan_is_refused_with_message(client, session, admin, target):
    client.login("admin@contoh.id", PW)
    url = f"/admin/pengguna/{target.id}"
    count = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "role.assign")
    before = session.scalar(count)
    response = client.submit(f"{url}/peran", {"assign-role": "COORDINATOR"}, page=url, follow_redirects=True)
    assert "harus terikat pada satu kelurahan" in response.get_data(as_text=True)
    assert session.scalar(count) == before


def test_revoke_role_writes_audit(client, session, admin, target):
    client.login("admin@contoh.id", PW)
    url = f"/admin/pengguna/{target.id}"
    client.submit(f"{url}/peran", {"assign-role": "DRAFTER"}, page=url)
    session.expire_all()
    assignment = session.get(User, target.id).assignments(Role.DRAFTER)[0]
    client.submit(
        f"{url}/cabut-peran",
        {"revoke-assignment_id": str(assignment.id), "revoke-reason": "selesai tugas"},
        page=url,
    )
    session.expire_all()
    assert session.get(User, target.id).roles == {Role.CITIZEN}
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "role.revoke"))
    assert event.reason == "selesai tugas"
    assert event.actor_id == admin.id


def test_deactivate_needs_reason_and_is_audited(client, session, admin, target):
    client.login("admin@contoh.id", PW)
    url = f"/admin/pengguna/{target.id}"
    client.submit(f"{url}/status", {"active-active": "0", "active-reason": ""}, page=url)
    session.expire_all()
    assert session.get(User, target.id).active is True
    client.submit(f"{url}/status", {"active-active": "0", "active-reason": "akun palsu"}, page=url)
    session.expire_all()
    assert session.get(User, target.id).active is False
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivate"))
    assert event.before == {"active": True}
    assert event.after == {"active": False}
    assert event.reason == "akun palsu"


def test_admin_cannot_deactivate_self(client, session, admin):
    client.login("admin@contoh.id", PW)
    url = f"/admin/pengguna/{admin.id}"
    response = client.submit(f"{url}/status", {"active-active": "0", "active-reason": "coba"}, page=url)
    assert response.status_code == 403
    session.expire_all()
    assert session.get(User, admin.id).active is True


def test_user_list_paginates(client, session, admin):
    for _ in range(30):
        make_user(session, commit=False)
    session.commit()
    client.login("admin@contoh.id", PW)
    first = client.get("/admin/pengguna")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "Berikutnya" in html
    assert "Halaman 1 dari 2" in html
    second = client.get("/admin/pengguna?hal=2").get_data(as_text=True)
    assert "Sebelumnya" in second
    assert "Halaman 2 dari 2" in second
