"""The usulan state machine: every (status × action) pair, scope both ways, reason, stage."""

from __future__ import annotations

import pytest

from participation.musrenbang.workflow import (
    Action,
    ActorScope,
    Tier,
    TransitionRefused,
    UsulanStatus,
    allowed_actions,
    check_transition,
    kecamatan_code_of,
    status_from_text,
    tier_of,
    transition_for,
)

S, A = UsulanStatus, Action
MANGGAR = "64.71.01.1001"  # Balikpapan Timur
LAMARU = "64.71.01.1002"  # Balikpapan Timur
PRAPATAN = "64.71.06.1001"  # Balikpapan Kota
TIMUR = "64.71.01"
REASON = "Sesuai hasil forum musrenbang kecamatan."

ADMIN = ActorScope(roles=frozenset({"ADMIN"}))
COORD_MANGGAR = ActorScope(roles=frozenset({"COORDINATOR"}), kelurahan_code=MANGGAR)
COORD_LAMARU = ActorScope(roles=frozenset({"COORDINATOR"}), kelurahan_code=LAMARU)
VERIFIER_TIMUR = ActorScope(roles=frozenset({"VERIFIER"}), kecamatan_code=TIMUR)
VERIFIER_KOTA_KEC = ActorScope(roles=frozenset({"VERIFIER"}), kecamatan_code="64.71.06")
VERIFIER_CITY = ActorScope(roles=frozenset({"VERIFIER"}))
CITIZEN = ActorScope(roles=frozenset({"CITIZEN"}))
OTHERS = [
    ActorScope(roles=frozenset({role}), kelurahan_code=MANGGAR, kecamatan_code=TIMUR)
    for role in ("CITIZEN", "DRAFTER", "DPRD_MEMBER", "MODERATOR")
]

# The whole expected table, written out by hand: (status, action) → new status.
# Every pair not listed must be refused as illegal.
EXPECTED: dict[tuple[UsulanStatus, Action], UsulanStatus] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.DRAFT, A.CANCEL): S.CANCELLED,
    (S.SUBMITTED, A.WITHDRAW): S.DRAFT,
    (S.SUBMITTED, A.VERIFY): S.VERIFIED,
    (S.SUBMITTED, A.REJECT): S.REJECTED,
    (S.SUBMITTED, A.CANCEL): S.CANCELLED,
    (S.VERIFIED, A.FORWARD): S.FORWARDED,
    (S.VERIFIED, A.ACCEPT): S.ACCEPTED,
    (S.VERIFIED, A.NOT_ACCEPT): S.NOT_ACCEPTED,
    (S.VERIFIED, A.REDIRECT): S.REDIRECTED,
    (S.VERIFIED, A.CANCEL): S.CANCELLED,
    (S.FORWARDED, A.ACCEPT): S.ACCEPTED,
    (S.FORWARDED, A.NOT_ACCEPT): S.NOT_ACCEPTED,
    (S.FORWARDED, A.REDIRECT): S.REDIRECTED,
    (S.FORWARDED, A.REJECT): S.REJECTED,
    (S.FORWARDED, A.CANCEL): S.CANCELLED,
    (S.REJECTED, A.REOPEN): S.SUBMITTED,
    (S.NOT_ACCEPTED, A.REOPEN): S.VERIFIED,
    (S.REDIRECTED, A.REOPEN): S.VERIFIED,
    (S.ACCEPTED, A.REOPEN): S.VERIFIED,
    (S.CANCELLED, A.REOPEN): S.DRAFT,
}

# Who besides admin may make each legal move on an usulan of Manggar (Balikpapan Timur).
EXPECTED_ACTORS: dict[tuple[UsulanStatus, Action], set[str]] = {
    (S.DRAFT, A.SUBMIT): {"coord"},
    (S.DRAFT, A.CANCEL): {"coord"},
    (S.SUBMITTED, A.WITHDRAW): {"coord"},
    (S.SUBMITTED, A.CANCEL): {"coord"},
    (S.SUBMITTED, A.VERIFY): {"kec", "city"},
    (S.SUBMITTED, A.REJECT): {"kec", "city"},
    (S.VERIFIED, A.FORWARD): {"kec", "city"},
    (S.VERIFIED, A.ACCEPT): {"kec", "city"},
    (S.VERIFIED, A.NOT_ACCEPT): {"kec", "city"},
    (S.VERIFIED, A.REDIRECT): {"kec", "city"},
    (S.VERIFIED, A.CANCEL): set(),
    (S.FORWARDED, A.ACCEPT): {"city"},
    (S.FORWARDED, A.NOT_ACCEPT): {"city"},
    (S.FORWARDED, A.REDIRECT): {"city"},
    (S.FORWARDED, A.REJECT): {"city"},
    (S.FORWARDED, A.CANCEL): set(),
    (S.REJECTED, A.REOPEN): set(),
    (S.NOT_ACCEPTED, A.REOPEN): set(),
    (S.REDIRECTED, A.REOPEN): set(),
    (S.ACCEPTED, A.REOPEN): set(),
    (S.CANCELLED, A.REOPEN): set(),
}
NAMED_ACTORS = {"coord": COORD_MANGGAR, "kec": VERIFIER_TIMUR, "city": VERIFIER_CITY}


def _check(
    status: UsulanStatus,
    action: Action,
    actor: ActorScope,
    *,
    kelurahan: str = MANGGAR,
    reason: str | None = REASON,
    stage_open: bool | dict[Tier, bool] = True,
) -> UsulanStatus:
    return check_transition(
        status,
        action,
        actor=actor,
        usulan_kelurahan_code=kelurahan,
        reason=reason,
        stage_open=stage_open,
    )


def test_expected_tables_cover_the_same_pairs() -> None:
    assert EXPECTED.keys() == EXPECTED_ACTORS.keys()


@pytest.mark.parametrize("status", list(UsulanStatus))
@pytest.mark.parametrize("action", list(Action))
def test_every_status_action_pair(status: UsulanStatus, action: Action) -> None:
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(TransitionRefused) as refused:
            _check(status, action, ADMIN)
        assert refused.value.code == "illegal"
        assert "tidak berlaku" in refused.value.message
        assert transition_for(status, action) is None
    else:
        assert _check(status, action, ADMIN) == expected


@pytest.mark.parametrize(("pair", "allowed"), list(EXPECTED_ACTORS.items()))
def test_who_may_make_each_move(pair: tuple[UsulanStatus, Action], allowed: set[str]) -> None:
    status, action = pair
    for name, actor in NAMED_ACTORS.items():
        if name in allowed:
            assert _check(status, action, actor) == EXPECTED[pair], name
        else:
            with pytest.raises(TransitionRefused) as refused:
                _check(status, action, actor)
            assert refused.value.code == "scope", name
    for actor in OTHERS:
        with pytest.raises(TransitionRefused) as refused:
            _check(status, action, actor)
        assert refused.value.code == "scope"


def test_coordinator_of_another_kelurahan_is_refused() -> None:
    assert _check(S.DRAFT, A.SUBMIT, COORD_MANGGAR, kelurahan=MANGGAR) == S.SUBMITTED
    with pytest.raises(TransitionRefused) as refused:
        _check(S.DRAFT, A.SUBMIT, COORD_LAMARU, kelurahan=MANGGAR)
    assert refused.value.code == "scope"
    assert "tidak berwenang" in refused.value.message


def test_kecamatan_verifier_only_in_own_kecamatan() -> None:
    assert _check(S.SUBMITTED, A.VERIFY, VERIFIER_TIMUR, kelurahan=LAMARU) == S.VERIFIED
    with pytest.raises(TransitionRefused) as refused:
        _check(S.SUBMITTED, A.VERIFY, VERIFIER_TIMUR, kelurahan=PRAPATAN)
    assert refused.value.code == "scope"
    assert _check(S.SUBMITTED, A.VERIFY, VERIFIER_KOTA_KEC, kelurahan=PRAPATAN) == S.VERIFIED
    with pytest.raises(TransitionRefused):
        _check(S.SUBMITTED, A.VERIFY, VERIFIER_KOTA_KEC, kelurahan=MANGGAR)


def test_kecamatan_verifier_cannot_decide_at_kota_tier() -> None:
    with pytest.raises(TransitionRefused) as refused:
        _check(S.FORWARDED, A.ACCEPT, VERIFIER_TIMUR)
    assert refused.value.code == "scope"


@pytest.mark.parametrize("kelurahan", [MANGGAR, LAMARU, PRAPATAN, "64.71.05.1005"])
def test_city_verifier_allowed_everywhere(kelurahan: str) -> None:
    assert _check(S.SUBMITTED, A.VERIFY, VERIFIER_CITY, kelurahan=kelurahan) == S.VERIFIED
    assert _check(S.FORWARDED, A.REDIRECT, VERIFIER_CITY, kelurahan=kelurahan) == S.REDIRECTED


def test_roles_combine() -> None:
    both = ActorScope(
        roles=frozenset({"COORDINATOR", "VERIFIER"}), kelurahan_code=MANGGAR, kecamatan_code=TIMUR
    )
    assert _check(S.DRAFT, A.SUBMIT, both) == S.SUBMITTED
    assert _check(S.SUBMITTED, A.VERIFY, both) == S.VERIFIED


@pytest.mark.parametrize("reason", [None, "", "   ", "singkat", "  123456789  "])
@pytest.mark.parametrize("pair", [p for p in EXPECTED if p != (S.DRAFT, A.SUBMIT)])
def test_reason_required_after_submission(pair: tuple[UsulanStatus, Action], reason: str | None) -> None:
    with pytest.raises(TransitionRefused) as refused:
        _check(*pair, ADMIN, reason=reason)
    assert refused.value.code == "reason"
    assert refused.value.field == "reason"
    assert "minimal 10 karakter" in refused.value.message


def test_reason_of_ten_characters_is_enough_and_submit_needs_none() -> None:
    assert _check(S.SUBMITTED, A.VERIFY, ADMIN, reason=" 1234567890 ") == S.VERIFIED
    assert _check(S.DRAFT, A.SUBMIT, COORD_MANGGAR, reason=None) == S.SUBMITTED
    with pytest.raises(TransitionRefused) as refused:
        _check(S.SUBMITTED, A.VERIFY, ADMIN, reason="x" * 2001)
    assert refused.value.code == "reason"


@pytest.mark.parametrize("pair", list(EXPECTED))
def test_stage_closed_locks_everyone(pair: tuple[UsulanStatus, Action]) -> None:
    with pytest.raises(TransitionRefused) as refused:
        _check(*pair, ADMIN, stage_open=False)
    assert refused.value.code == "stage_closed"
    tier = transition_for(*pair).tier  # type: ignore[union-attr]
    assert f"Tahap musrenbang {tier.label} sudah ditutup" in refused.value.message


def test_stage_mapping_checks_the_tier_of_the_transition() -> None:
    only_kecamatan = {Tier.KECAMATAN: True}
    assert _check(S.SUBMITTED, A.VERIFY, ADMIN, stage_open=only_kecamatan) == S.VERIFIED
    with pytest.raises(TransitionRefused) as refused:
        _check(S.SUBMITTED, A.WITHDRAW, ADMIN, stage_open=only_kecamatan)
    assert "Tahap musrenbang kelurahan sudah ditutup" in refused.value.message


def test_refusal_order_scope_before_stage_before_reason() -> None:
    with pytest.raises(TransitionRefused) as refused:
        _check(S.SUBMITTED, A.VERIFY, CITIZEN, reason=None, stage_open=False)
    assert refused.value.code == "scope"
    with pytest.raises(TransitionRefused) as refused:
        _check(S.SUBMITTED, A.VERIFY, ADMIN, reason=None, stage_open=False)
    assert refused.value.code == "stage_closed"


def test_allowed_actions() -> None:
    assert allowed_actions(S.DRAFT, COORD_MANGGAR, MANGGAR, True) == [A.SUBMIT, A.CANCEL]
    assert allowed_actions(S.DRAFT, COORD_LAMARU, MANGGAR, True) == []
    assert allowed_actions(S.SUBMITTED, VERIFIER_TIMUR, MANGGAR, True) == [A.VERIFY, A.REJECT]
    assert allowed_actions(S.SUBMITTED, VERIFIER_TIMUR, MANGGAR, False) == []
    assert allowed_actions(S.SUBMITTED, COORD_MANGGAR, MANGGAR, {Tier.KELURAHAN: True}) == [
        A.WITHDRAW,
        A.CANCEL,
    ]
    assert allowed_actions(S.ACCEPTED, VERIFIER_CITY, MANGGAR, True) == []
    assert allowed_actions(S.ACCEPTED, ADMIN, MANGGAR, True) == [A.REOPEN]
    for status in UsulanStatus:
        expected = [a for a in Action if (status, a) in EXPECTED]
        assert allowed_actions(status, ADMIN, MANGGAR, True) == expected


def test_labels_and_tiers() -> None:
    assert S.ACCEPTED.label == "diakomodir"
    assert S.NOT_ACCEPTED.label == "tidak diakomodir"
    assert S.REDIRECTED.label == "dialihkan"
    assert S.CANCELLED.label == "batal"
    assert {s.label for s in S} >= {"draf", "diajukan", "diverifikasi", "diteruskan", "ditolak"}
    assert Tier.KOTA.label == "kota"
    assert tier_of(S.DRAFT) is Tier.KELURAHAN
    assert tier_of(S.SUBMITTED) is Tier.KECAMATAN
    assert tier_of(S.VERIFIED) is Tier.KECAMATAN
    assert tier_of(S.FORWARDED) is Tier.KOTA
    assert all(tier_of(s) is None for s in S if s.is_final)
    assert all(isinstance(a.label, str) and a.label for a in A)


def test_kecamatan_code_derives_from_the_code_itself() -> None:
    assert kecamatan_code_of("64.71.01.1001") == "64.71.01"
    assert kecamatan_code_of("64.71.04.1006") == "64.71.04"
    with pytest.raises(ValueError):
        kecamatan_code_of("Manggar")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diakomodir", S.ACCEPTED),
        ("  tidak   DIAKOMODIR ", S.NOT_ACCEPTED),
        ("Dialihkan", S.REDIRECTED),
        ("Ditolak", S.REJECTED),
        ("Batal", S.CANCELLED),
        ("Diajukan", S.SUBMITTED),
        ("not_accepted", S.NOT_ACCEPTED),
        ("draf", S.DRAFT),
        ("diakomodir sebagian", None),
        ("", None),
    ],
)
def test_status_from_text(text: str, expected: UsulanStatus | None) -> None:
    assert status_from_text(text) is expected
