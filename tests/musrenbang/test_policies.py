"""Musrenbang permissions, each tested allowed and refused."""

from __future__ import annotations

import datetime as dt

import pytest

from participation.musrenbang import policies
from participation.musrenbang.models import BeritaAcara, ResidentProposal, Sumber, Usulan
from tests.musrenbang.conftest import KEC, KEC_OTHER, KEL, KEL_OTHER, KEL_SAME_KEC


def test_cycles_admin_or_city_verifier(people):
    assert policies.can_manage_cycles(people.admin)
    assert policies.can_manage_cycles(people.city_verifier)
    for refused in (people.verifier, people.coordinator, people.citizen, people.dprd, None):
        assert not policies.can_manage_cycles(refused)


def test_reopen_admin_only(people):
    assert policies.can_reopen_stage(people.admin)
    for refused in (people.city_verifier, people.verifier, people.coordinator, None):
        assert not policies.can_reopen_stage(refused)


def test_lists_admin_or_city_verifier(people):
    assert policies.can_manage_lists(people.admin)
    assert policies.can_manage_lists(people.city_verifier)
    assert not policies.can_manage_lists(people.verifier)
    assert not policies.can_manage_lists(None)


def test_coordinator_only_own_kelurahan(people):
    assert policies.can_create_usulan(people.coordinator, KEL)
    assert policies.can_import(people.coordinator, KEL)
    for other in (KEL_OTHER, KEL_SAME_KEC):
        assert not policies.can_create_usulan(people.coordinator, other)
        assert not policies.can_import(people.coordinator, other)
        assert not policies.can_manage_kelurahan(people.coordinator, other)
    assert policies.can_create_usulan(people.admin, KEL_OTHER)
    for refused in (people.verifier, people.city_verifier, people.citizen, people.dprd, None):
        assert not policies.can_create_usulan(refused, KEL)


def test_deactivated_coordinator_refused(session, people):
    people.coordinator.active = False
    assert not policies.can_create_usulan(people.coordinator, KEL)


def test_edit_usulan(people):
    own = Usulan(kelurahan_code=KEL, sumber=Sumber.KOORDINATOR.value, created_by_id=people.coordinator.id)
    other = Usulan(kelurahan_code=KEL_OTHER, sumber=Sumber.KOORDINATOR.value)
    assert policies.can_edit_usulan(people.coordinator, own)
    assert not policies.can_edit_usulan(people.coordinator, other)
    assert not policies.can_edit_usulan(people.verifier, own)
    assert not policies.can_edit_usulan(None, own)
    pokir = Usulan(kelurahan_code=KEL, sumber=Sumber.POKIR.value, created_by_id=people.dprd.id)
    assert policies.can_edit_usulan(people.dprd, pokir)
    pokir_of_another = Usulan(kelurahan_code=KEL, sumber=Sumber.POKIR.value, created_by_id=-1)
    assert not policies.can_edit_usulan(people.dprd, pokir_of_another)


def test_import_statuses_admin_only(people):
    assert policies.can_import_statuses(people.admin)
    assert not policies.can_import_statuses(people.coordinator)
    assert not policies.can_import_statuses(people.city_verifier)


def test_verifier_scope(people):
    assert policies.can_verify_in(people.verifier, KEL)
    assert policies.can_verify_in(people.verifier, KEL_SAME_KEC)
    assert not policies.can_verify_in(people.verifier, KEL_OTHER)
    assert policies.can_verify_in(people.city_verifier, KEL_OTHER)
    assert policies.can_verify_in(people.admin, KEL_OTHER)
    assert not policies.can_verify_in(people.coordinator, KEL)
    assert policies.can_view_queue(people.verifier)
    assert not policies.can_view_queue(people.coordinator)
    assert not policies.can_view_queue(None)


def test_pokir_dprd(people):
    assert policies.can_enter_pokir(people.dprd)
    assert policies.can_enter_pokir(people.admin)
    for refused in (people.coordinator, people.citizen, people.verifier, None):
        assert not policies.can_enter_pokir(refused)


def test_propose_needs_citizen_with_kelurahan(people):
    assert policies.can_propose(people.citizen)
    people.citizen.kelurahan_code = None
    assert not policies.can_propose(people.citizen)
    assert not policies.can_propose(people.drafter)
    assert not policies.can_propose(None)


def test_decide_proposal(people):
    proposal = ResidentProposal(kelurahan_code=KEL, outcome=None)
    assert policies.can_decide_proposal(people.coordinator, proposal)
    assert not policies.can_decide_proposal(people.other_coordinator, proposal)
    assert not policies.can_decide_proposal(people.citizen, proposal)
    proposal.outcome = "declined"
    assert not policies.can_decide_proposal(people.coordinator, proposal)


@pytest.mark.parametrize(
    ("who", "kel", "kec", "allowed"),
    [
        ("coordinator", KEL, None, True),
        ("coordinator", KEL_OTHER, None, False),
        ("verifier", None, KEC, True),
        ("verifier", None, KEC_OTHER, False),
        ("city_verifier", None, KEC_OTHER, True),
        ("citizen", KEL, None, False),
        ("admin", KEL_OTHER, None, True),
    ],
)
def test_berita_acara(people, who, kel, kec, allowed):
    actor = getattr(people, who)
    assert policies.can_record_berita_acara(actor, kelurahan_code=kel, kecamatan_code=kec) is allowed


def test_berita_acara_download_staff_only(people):
    ba = BeritaAcara(kelurahan_code=KEL, forum_date=dt.date(2026, 1, 5))
    assert policies.can_download_berita_acara(people.coordinator, ba)
    assert policies.can_download_berita_acara(people.verifier, ba)
    assert not policies.can_download_berita_acara(people.other_coordinator, ba)
    assert not policies.can_download_berita_acara(people.citizen, ba)
    assert not policies.can_download_berita_acara(None, ba)
