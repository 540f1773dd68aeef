"""Every policy, allowed and refused."""

import pytest

from participation.accounts import policies
from participation.accounts.models import Role
from tests.factories import make_user

KEL = "64.71.03.1002"  # Gunung Samarinda, Kecamatan Balikpapan Utara
OTHER_KEL_SAME_KEC = "64.71.03.1001"  # Batu Ampar
KEL_OTHER_KEC = "64.71.01.1001"  # Manggar, Balikpapan Timur


@pytest.fixture
def people(session, regions):
    return {
        "admin": make_user(session, Role.ADMIN),
        "citizen": make_user(session, Role.CITIZEN),
        "coordinator": make_user(session, Role.COORDINATOR, kelurahan=KEL),
        "verifier": make_user(session, Role.VERIFIER, kecamatan="64.71.03"),
        "city": make_user(session, Role.VERIFIER),
        "drafter": make_user(session, Role.DRAFTER),
        "inactive_admin": make_user(session, Role.ADMIN, commit=False),
    }


@pytest.fixture
def deactivated(people, session):
    people["inactive_admin"].active = False
    session.commit()
    return people


@pytest.mark.parametrize("policy", [policies.can_manage_users, policies.can_view_audit_log])
def test_admin_only_policies(deactivated, policy):
    p = deactivated
    assert policy(p["admin"])
    for who in ("citizen", "coordinator", "verifier", "drafter", "inactive_admin"):
        assert not policy(p[who]), who
    assert not policy(None)


def test_assign_role(people):
    target = people["citizen"]
    assert policies.can_assign_role(people["admin"], target, Role.DRAFTER)
    assert not policies.can_assign_role(people["drafter"], target, Role.DRAFTER)
    assert not policies.can_assign_role(None, target, Role.DRAFTER)


def test_deactivate_others_but_not_self(people):
    assert policies.can_deactivate(people["admin"], people["citizen"])
    assert not policies.can_deactivate(people["admin"], people["admin"])
    assert not policies.can_deactivate(people["citizen"], people["drafter"])
    assert not policies.can_deactivate(None, people["citizen"])


def test_edit_own_profile_only(people):
    assert policies.can_edit_profile(people["citizen"], people["citizen"])
    assert not policies.can_edit_profile(people["citizen"], people["drafter"])
    assert not policies.can_edit_profile(None, people["citizen"])


def test_coordinator_scope_is_one_kelurahan(people):
    assert policies.coordinates_kelurahan(people["coordinator"], KEL)
    assert not policies.coordinates_kelurahan(people["coordinator"], OTHER_KEL_SAME_KEC)
    assert not policies.coordinates_kelurahan(people["citizen"], KEL)
    assert not policies.coordinates_kelurahan(None, KEL)


def test_verifier_scope_kecamatan_or_city(people):
    assert policies.verifies_kelurahan(people["verifier"], KEL)
    assert policies.verifies_kelurahan(people["verifier"], OTHER_KEL_SAME_KEC)
    assert not policies.verifies_kelurahan(people["verifier"], KEL_OTHER_KEC)
    assert policies.verifies_kelurahan(people["city"], KEL_OTHER_KEC)
    assert not policies.verifies_kelurahan(people["coordinator"], KEL)
    assert policies.is_city_verifier(people["city"])
    assert not policies.is_city_verifier(people["verifier"])
