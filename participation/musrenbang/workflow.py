"""The usulan workflow: statuses, tiers, actions and the pure transition table.

Holds ``UsulanStatus``, ``Tier``, ``Action``, ``ActorScope``, ``check_transition`` and
``allowed_actions``. It decides *whether* a status change is allowed and what the new status is;
services record the change (UsulanEvent) and the caller commits.

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum

from participation.core.errors import DomainError
from participation.core.i18n import N_

__all__ = [
    "FINAL_STATUSES",
    "MIN_REASON_LENGTH",
    "TRANSITIONS",
    "Action",
    "ActorScope",
    "Tier",
    "Transition",
    "TransitionRefused",
    "UsulanStatus",
    "allowed_actions",
    "check_transition",
    "kecamatan_code_of",
    "status_from_text",
    "tier_of",
    "transition_for",
]

# Meaningful participation (UU 13/2022 Pasal 96) gives proposers the right to an explanation,
# so every decision after submission carries a reason long enough to be one.
MIN_REASON_LENGTH = 10
MAX_REASON_LENGTH = 2000

# Kemendagri region codes nest by prefix: kelurahan 64.71.01.1001 lies in kecamatan 64.71.01.
_KELURAHAN_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


class UsulanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    FORWARDED = "forwarded"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    REDIRECTED = "redirected"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


_STATUS_LABELS: dict[UsulanStatus, str] = {
    UsulanStatus.DRAFT: N_("draf"),
    UsulanStatus.SUBMITTED: N_("diajukan"),
    UsulanStatus.VERIFIED: N_("diverifikasi"),
    UsulanStatus.FORWARDED: N_("diteruskan"),
    UsulanStatus.ACCEPTED: N_("diakomodir"),
    UsulanStatus.NOT_ACCEPTED: N_("tidak diakomodir"),
    UsulanStatus.REDIRECTED: N_("dialihkan"),
    UsulanStatus.REJECTED: N_("ditolak"),
    UsulanStatus.CANCELLED: N_("batal"),
}

FINAL_STATUSES: frozenset[UsulanStatus] = frozenset(
    {
        UsulanStatus.ACCEPTED,
        UsulanStatus.NOT_ACCEPTED,
        UsulanStatus.REDIRECTED,
        UsulanStatus.REJECTED,
        UsulanStatus.CANCELLED,
    }
)


class Tier(StrEnum):
    KELURAHAN = "kelurahan"
    KECAMATAN = "kecamatan"
    KOTA = "kota"

    @property
    def label(self) -> str:
        return _TIER_LABELS[self]


_TIER_LABELS: dict[Tier, str] = {
    Tier.KELURAHAN: N_("kelurahan"),
    Tier.KECAMATAN: N_("kecamatan"),
    Tier.KOTA: N_("kota"),
}


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    VERIFY = "verify"
    FORWARD = "forward"
    ACCEPT = "accept"
    NOT_ACCEPT = "not_accept"
    REDIRECT = "redirect"
    REJECT = "reject"
    CANCEL = "cancel"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS: dict[Action, str] = {
    Action.SUBMIT: N_("ajukan"),
    Action.WITHDRAW: N_("tarik kembali ke draf"),
    Action.VERIFY: N_("verifikasi"),
    Action.FORWARD: N_("teruskan ke kota"),
    Action.ACCEPT: N_("akomodir"),
    Action.NOT_ACCEPT: N_("nyatakan tidak diakomodir"),
    Action.REDIRECT: N_("alihkan"),
    Action.REJECT: N_("tolak"),
    Action.CANCEL: N_("batalkan"),
    Action.REOPEN: N_("buka kembali"),
}


# Who may act, as capabilities rather than raw roles, so the table reads like the rules:
#   COORDINATOR      koordinator of the usulan's own kelurahan
#   KEC_VERIFIER     verifier of the usulan's kecamatan, or a city-wide (Bappeda) verifier
#   CITY_VERIFIER    city-wide verifier only (kota-tier decisions are not a kecamatan's to make)
#   ADMIN            admin, the audited escape hatch
_COORDINATOR = "coordinator"
_KEC_VERIFIER = "kecamatan_verifier"
_CITY_VERIFIER = "city_verifier"
_ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Transition:
    source: UsulanStatus
    action: Action
    target: UsulanStatus
    # The tier whose stage must be open for this transition (see ``check_transition``).
    tier: Tier
    actors: frozenset[str]
    reason_required: bool


def _t(
    source: UsulanStatus,
    action: Action,
    target: UsulanStatus,
    tier: Tier,
    *actors: str,
    reason: bool = True,
) -> Transition:
    return Transition(source, action, target, tier, frozenset((*actors, _ADMIN)), reason)


S, A, T = UsulanStatus, Action, Tier
_CO, _KV, _CV = _COORDINATOR, _KEC_VERIFIER, _CITY_VERIFIER

# The whole workflow. Anything not listed is an illegal transition.
TRANSITIONS: tuple[Transition, ...] = (
    # Kelurahan tier: the coordinator enters usulan agreed at the musrenbang kelurahan.
    _t(S.DRAFT, A.SUBMIT, S.SUBMITTED, T.KELURAHAN, _CO, reason=False),
    # A citizen's draft discarded still deserves an explanation, so cancel needs a reason too.
    _t(S.DRAFT, A.CANCEL, S.CANCELLED, T.KELURAHAN, _CO),
    # Until the kecamatan verifies it, the kelurahan may take its usulan back (while its own
    # stage is open: after the kelurahan forum closes its list is fixed).
    _t(S.SUBMITTED, A.WITHDRAW, S.DRAFT, T.KELURAHAN, _CO),
    _t(S.SUBMITTED, A.CANCEL, S.CANCELLED, T.KELURAHAN, _CO),
    # Kecamatan tier: verification, then a decision.
    _t(S.SUBMITTED, A.VERIFY, S.VERIFIED, T.KECAMATAN, _KV),
    _t(S.SUBMITTED, A.REJECT, S.REJECTED, T.KECAMATAN, _KV),
    _t(S.VERIFIED, A.FORWARD, S.FORWARDED, T.KECAMATAN, _KV),
    # Kewilayahan usulan funded from the kecamatan/kelurahan's own envelope are decided at
    # the kecamatan (the SIPD sample shows "Diakomodir" with the kecamatan as OPD tujuan).
    _t(S.VERIFIED, A.ACCEPT, S.ACCEPTED, T.KECAMATAN, _KV),
    _t(S.VERIFIED, A.NOT_ACCEPT, S.NOT_ACCEPTED, T.KECAMATAN, _KV),
    _t(S.VERIFIED, A.REDIRECT, S.REDIRECTED, T.KECAMATAN, _KV),
    _t(S.VERIFIED, A.CANCEL, S.CANCELLED, T.KECAMATAN),
    # Kota tier: Bappeda (city-wide verifier) decides what was forwarded.
    _t(S.FORWARDED, A.ACCEPT, S.ACCEPTED, T.KOTA, _CV),
    _t(S.FORWARDED, A.NOT_ACCEPT, S.NOT_ACCEPTED, T.KOTA, _CV),
    _t(S.FORWARDED, A.REDIRECT, S.REDIRECTED, T.KOTA, _CV),
    _t(S.FORWARDED, A.REJECT, S.REJECTED, T.KOTA, _CV),
    _t(S.FORWARDED, A.CANCEL, S.CANCELLED, T.KOTA),
    # Admin only: undo a final decision made in error. The usulan goes back to the decision
    # point of the tier that can redo it; the stage of that tier must be open.
    _t(S.REJECTED, A.REOPEN, S.SUBMITTED, T.KECAMATAN),
    _t(S.NOT_ACCEPTED, A.REOPEN, S.VERIFIED, T.KECAMATAN),
    _t(S.REDIRECTED, A.REOPEN, S.VERIFIED, T.KECAMATAN),
    _t(S.ACCEPTED, A.REOPEN, S.VERIFIED, T.KECAMATAN),
    _t(S.CANCELLED, A.REOPEN, S.DRAFT, T.KELURAHAN),
)
del S, A, T, _CO, _KV, _CV

_BY_KEY: dict[tuple[UsulanStatus, Action], Transition] = {(t.source, t.action): t for t in TRANSITIONS}

_TIER_OF_STATUS: dict[UsulanStatus, Tier] = {
    UsulanStatus.DRAFT: Tier.KELURAHAN,
    UsulanStatus.SUBMITTED: Tier.KECAMATAN,
    UsulanStatus.VERIFIED: Tier.KECAMATAN,
    UsulanStatus.FORWARDED: Tier.KOTA,
}


def tier_of(status: UsulanStatus) -> Tier | None:
    """The tier whose decision an usulan awaits; None once final.

    A submitted usulan sits in the kecamatan's inbox. A final status does not say at which
    tier it was decided (kecamatan or kota may both decline); the event history does.
    """
    return _TIER_OF_STATUS.get(status)


def transition_for(status: UsulanStatus, action: Action) -> Transition | None:
    return _BY_KEY.get((status, action))


def kecamatan_code_of(kelurahan_code: str) -> str:
    """Parent kecamatan code of a Kemendagri kelurahan code ("64.71.01.1001" → "64.71.01")."""
    if not _KELURAHAN_CODE.fullmatch(kelurahan_code):
        raise ValueError(f"not a Kemendagri kelurahan code: {kelurahan_code!r}")
    return kelurahan_code[:8]


@dataclass(frozen=True, slots=True)
class ActorScope:
    """What an acting user may touch. Role codes follow DESIGN §5 (CITIZEN … ADMIN)."""

    roles: AbstractSet[str] = field(default_factory=frozenset)
    kelurahan_code: str | None = None  # COORDINATOR: their kelurahan
    kecamatan_code: str | None = None  # VERIFIER: their kecamatan; None = city-wide (Bappeda)

    def capabilities(self, usulan_kelurahan_code: str) -> frozenset[str]:
        caps: set[str] = set()
        if "ADMIN" in self.roles:
            caps.add(_ADMIN)
        if "COORDINATOR" in self.roles and self.kelurahan_code == usulan_kelurahan_code:
            caps.add(_COORDINATOR)
        if "VERIFIER" in self.roles:
            if self.kecamatan_code is None:
                caps.update((_CITY_VERIFIER, _KEC_VERIFIER))
            elif self.kecamatan_code == kecamatan_code_of(usulan_kelurahan_code):
                caps.add(_KEC_VERIFIER)
        return frozenset(caps)


class TransitionRefused(DomainError):
    """A status change was refused. ``code``: illegal, scope, stage_closed or reason."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, field="reason" if code == "reason" else None)
        self.code = code


StageOpen = bool | Mapping[Tier, bool]


def _stage_is_open(stage_open: StageOpen, tier: Tier) -> bool:
    # A bool is the common case (one stage on screen); a mapping lets a UI ask for every
    # action of an usulan whose actions belong to different tiers (withdraw vs verify).
    if isinstance(stage_open, bool):
        return stage_open
    return bool(stage_open.get(tier, False))


def _legal(status: UsulanStatus, action: Action) -> Transition:
    transition = _BY_KEY.get((status, action))
    if transition is None:
        raise TransitionRefused(
            N_("Tindakan \u201c%(action)s\u201d tidak berlaku untuk usulan berstatus \u201c%(status)s\u201d.")
            % {"status": status.label, "action": action.label},
            code="illegal",
        )
    return transition


def _refusal(
    transition: Transition,
    *,
    actor: ActorScope,
    usulan_kelurahan_code: str,
    stage_open: StageOpen,
) -> TransitionRefused | None:
    action = transition.action
    if not transition.actors & actor.capabilities(usulan_kelurahan_code):
        return TransitionRefused(
            N_(
                "Anda tidak berwenang untuk \u201c%(action)s\u201d usulan ini: usulan berada di "
                "luar wilayah atau peran Anda."
            )
            % {"action": action.label},
            code="scope",
        )
    if not _stage_is_open(stage_open, transition.tier):
        return TransitionRefused(
            N_(
                "Tahap musrenbang %(tier)s sudah ditutup; usulan pada tahap ini terkunci. "
                "Hubungi admin bila tahap perlu dibuka kembali."
            )
            % {"tier": transition.tier.label},
            code="stage_closed",
        )
    return None


def check_transition(
    status: UsulanStatus,
    action: Action,
    *,
    actor: ActorScope,
    usulan_kelurahan_code: str,
    reason: str | None,
    stage_open: StageOpen,
) -> UsulanStatus:
    """Return the status after ``action`` or raise ``TransitionRefused``.

    ``stage_open`` is whether the stage of the transition's tier (``transition_for(...).tier``)
    is open now, or a mapping tier → open. Checks run in the order a person can fix them:
    legality, scope, stage, then the reason (required for every action except submit,
    stripped length ≥ ``MIN_REASON_LENGTH``).
    """
    transition = _legal(status, action)
    refusal = _refusal(
        transition,
        actor=actor,
        usulan_kelurahan_code=usulan_kelurahan_code,
        stage_open=stage_open,
    )
    if refusal is not None:
        raise refusal
    if transition.reason_required:
        text = (reason or "").strip()
        if len(text) < MIN_REASON_LENGTH:
            raise TransitionRefused(
                N_("Alasan wajib diisi, minimal %(n)d karakter, agar pengusul tahu sebabnya.")
                % {"n": MIN_REASON_LENGTH},
                code="reason",
            )
        if len(text) > MAX_REASON_LENGTH:
            raise TransitionRefused(
                N_("Alasan terlalu panjang (maksimal %(n)d karakter).") % {"n": MAX_REASON_LENGTH},
                code="reason",
            )
    return transition.target


def allowed_actions(
    status: UsulanStatus,
    actor: ActorScope,
    kelurahan_code: str,
    stage_open: StageOpen,
) -> list[Action]:
    """Actions this actor may take now (the reason is asked for afterwards), in enum order."""
    return [
        action
        for action in Action
        if (transition := _BY_KEY.get((status, action))) is not None
        and _refusal(
            transition,
            actor=actor,
            usulan_kelurahan_code=kelurahan_code,
            stage_open=stage_open,
        )
        is None
    ]


# Words that name a status in SIPD exports and in people's spreadsheets, normalised
# (lower case, single spaces). Enum values and our own labels are added below.
_STATUS_WORDS: dict[str, UsulanStatus] = {
    "draf": UsulanStatus.DRAFT,
    "draft": UsulanStatus.DRAFT,
    "baru": UsulanStatus.DRAFT,
    "diajukan": UsulanStatus.SUBMITTED,
    "diusulkan": UsulanStatus.SUBMITTED,
    "terverifikasi": UsulanStatus.VERIFIED,
    "diverifikasi": UsulanStatus.VERIFIED,
    "lolos verifikasi": UsulanStatus.VERIFIED,
    "diteruskan": UsulanStatus.FORWARDED,
    "diakomodir": UsulanStatus.ACCEPTED,
    "diakomodasi": UsulanStatus.ACCEPTED,
    "diterima": UsulanStatus.ACCEPTED,
    "disetujui": UsulanStatus.ACCEPTED,
    "tidak diakomodir": UsulanStatus.NOT_ACCEPTED,
    "tidak diakomodasi": UsulanStatus.NOT_ACCEPTED,
    "tidak diterima": UsulanStatus.NOT_ACCEPTED,
    "belum diakomodir": UsulanStatus.NOT_ACCEPTED,
    "dialihkan": UsulanStatus.REDIRECTED,
    "ditolak": UsulanStatus.REJECTED,
    "tidak lolos verifikasi": UsulanStatus.REJECTED,
    "batal": UsulanStatus.CANCELLED,
    "dibatalkan": UsulanStatus.CANCELLED,
}
for _status in UsulanStatus:
    _STATUS_WORDS.setdefault(_status.value, _status)
    _STATUS_WORDS.setdefault(_status.value.replace("_", " "), _status)
    _STATUS_WORDS.setdefault(_status.label, _status)
del _status


def status_from_text(text: str) -> UsulanStatus | None:
    """Status named by ``text`` (SIPD word, our label or enum value), ignoring case and spaces."""
    return _STATUS_WORDS.get(" ".join(text.replace("_", " ").split()).casefold())
