import datetime as dt

import pytest

from participation.accounts import services, tokens
from participation.accounts.models import Role
from participation.accounts.passwords import password_problem
from participation.core.errors import ValidationError
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

NOW = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)


def test_password_rules():
    assert password_problem("pendek") is not None
    assert password_problem("1111111111") is not None
    assert password_problem("budi-rahasia-sekali", email="budi@contoh.id") is not None
    assert password_problem("kopi-susu-pagi-hari") is None


def test_wrong_passwords_never_lock_the_account(session, regions):
    user = make_user(session, email="a@contoh.id")
    for _ in range(20):
        assert services.authenticate(session, email="a@contoh.id", password="x" * 12, now=NOW).user is None
    assert user.locked_until is None
    assert services.authenticate(session, email="a@contoh.id", password=PW, now=NOW).user is user


def test_coordinator_needs_a_kelurahan_and_duplicates_are_refused(session, regions):
    user = make_user(session)
    with pytest.raises(ValidationError, match="kelurahan"):
        services.assign_role(session, user=user, role=Role.COORDINATOR, actor=None, now=NOW)
    services.assign_role(
        session, user=user, role=Role.COORDINATOR, actor=None, now=NOW, kelurahan_code="64.71.03.1002"
    )
    with pytest.raises(ValidationError, match="sudah memegang"):
        services.assign_role(
            session, user=user, role=Role.COORDINATOR, actor=None, now=NOW, kelurahan_code="64.71.03.1002"
        )


def test_last_admin_cannot_be_removed(session, regions):
    admin = make_user(session, Role.ADMIN)
    other = make_user(session, Role.ADMIN)
    assignment = admin.assignments(Role.ADMIN)[0]
    with pytest.raises(ValidationError, match="sendiri"):
        services.revoke_role(session, user=admin, assignment_id=assignment.id, actor=admin, now=NOW)
    services.set_active(session, user=other, active=False, actor=admin, now=NOW, reason="pindah tugas")
    with pytest.raises(ValidationError, match="minimal satu admin"):
        services.revoke_role(session, user=admin, assignment_id=assignment.id, actor=None, now=NOW)


def test_reset_token_is_bound_to_the_current_password(session, regions):
    user = make_user(session)
    token = tokens.make_reset_token("s" * 40, user.id, user.password_hash)
    uid, fingerprint = tokens.read_reset_token("s" * 40, token, max_age=60)
    assert uid == user.id
    assert tokens.reset_fingerprint_matches(fingerprint, user.password_hash)
    services.set_password(session, user, "kata-sandi-baru-sekali", now=NOW)
    assert not tokens.reset_fingerprint_matches(fingerprint, user.password_hash)
    with pytest.raises(ValidationError, match="tidak sah"):
        tokens.read_reset_token("other" * 10, token, max_age=60)
