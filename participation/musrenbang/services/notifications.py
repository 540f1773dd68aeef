"""Who hears of each step of an usulan: the resident(s) whose proposal became or joined it, and
the coordinator(s) of its kelurahan — never the person who took the step.

In-app notifications through the comments engine (``comments.services.notify``); their e-mail
copies leave through the ``mail.notifications`` job when SMTP is configured (the kinds and their
subjects are in ``comments/notification_mail.py``). Texts are Indonesian and link to the usulan
(or, while it is still the kelurahan's draf, to the resident's own list). Must not import Flask;
the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import Role, RoleAssignment, User
from participation.comments import services as comment_services
from participation.core.i18n import N_, join
from participation.core.text import truncate
from participation.musrenbang.models import ProposalOutcome, ResidentProposal, Usulan
from participation.musrenbang.workflow import Action, UsulanStatus, transition_for

__all__ = [
    "PROPOSAL_KINDS",
    "PROPOSAL_TEXTS",
    "STEP_TEXTS",
    "USULAN_KINDS",
    "notify_proposal_decided",
    "notify_transitions",
    "usulan_url",
]

# one kind per step, so a resident can tell them apart (and the mail job gives each a subject)
PROPOSAL_KINDS: dict[ProposalOutcome, str] = {
    ProposalOutcome.ADOPTED: "usulan_warga_diterima",
    ProposalOutcome.MERGED: "usulan_warga_digabung",
    ProposalOutcome.DECLINED: "usulan_warga_ditolak",
}
USULAN_KINDS: dict[Action, str] = {
    Action.SUBMIT: "usulan_diajukan",
    Action.WITHDRAW: "usulan_dikembalikan",
    Action.VERIFY: "usulan_diverifikasi",
    Action.FORWARD: "usulan_diteruskan",
    Action.ACCEPT: "usulan_diakomodir",
    Action.NOT_ACCEPT: "usulan_tidak_diakomodir",
    Action.REDIRECT: "usulan_dialihkan",
    Action.REJECT: "usulan_ditolak",
    Action.CANCEL: "usulan_dibatalkan",
    Action.REOPEN: "usulan_dibuka_kembali",
}

MY_PROPOSALS_URL = "/musrenbang/usulan-saya"

# What each step says, keyed like the kinds above. Parameters: %(t)s the usulan's title, %(s)s its
# status after the step, %(tier)s the tier the step was taken at.
STEP_TEXTS: dict[Action, str] = {
    Action.SUBMIT: N_("Usulan \u201c%(t)s\u201d diajukan ke tingkat kecamatan untuk diverifikasi."),
    Action.WITHDRAW: N_("Usulan \u201c%(t)s\u201d dikembalikan ke draf kelurahan untuk diperbaiki."),
    Action.VERIFY: N_("Usulan \u201c%(t)s\u201d lolos verifikasi kecamatan."),
    Action.FORWARD: N_("Usulan \u201c%(t)s\u201d diteruskan dari kecamatan ke tingkat kota (Bappeda)."),
    Action.ACCEPT: N_("Usulan \u201c%(t)s\u201d diakomodir pada tingkat %(tier)s."),
    Action.NOT_ACCEPT: N_("Usulan \u201c%(t)s\u201d tidak diakomodir pada tingkat %(tier)s."),
    Action.REDIRECT: N_("Usulan \u201c%(t)s\u201d dialihkan pada tingkat %(tier)s."),
    Action.REJECT: N_("Usulan \u201c%(t)s\u201d ditolak pada tingkat %(tier)s."),
    Action.CANCEL: N_("Usulan \u201c%(t)s\u201d dibatalkan."),
    Action.REOPEN: N_(
        "Keputusan atas usulan \u201c%(t)s\u201d dibuka kembali; statusnya sekarang \u201c%(s)s\u201d."
    ),
}
# What the resident hears of their proposal: %(t)s its title, %(u)s the usulan it joined.
PROPOSAL_TEXTS: dict[ProposalOutcome, str] = {
    # a new draf: the resident cannot open it before the kelurahan submits it
    ProposalOutcome.ADOPTED: N_(
        "Usulan Anda \u201c%(t)s\u201d dijadikan usulan kelurahan dan akan "
        "dibahas dalam musrenbang kelurahan."
    ),
    ProposalOutcome.MERGED: N_(
        "Usulan Anda \u201c%(t)s\u201d digabung dengan usulan yang sudah ada: \u201c%(u)s\u201d."
    ),
    ProposalOutcome.DECLINED: N_(
        "Usulan Anda \u201c%(t)s\u201d tidak dilanjutkan oleh koordinator kelurahan."
    ),
}


def usulan_url(usulan_id: int) -> str:
    return f"/musrenbang/usulan/{usulan_id}"


def _title(text: str) -> str:
    return truncate(" ".join(text.split()), 80)


def _with_reason(text: str, reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        return text
    return join(" ", [text, N_("Alasan: %(r)s") % {"r": reason}])


def _coordinators(session: Session, kelurahan_codes: Iterable[str]) -> dict[str, set[int]]:
    """Active coordinators per kelurahan (one statement)."""
    codes = sorted(set(kelurahan_codes))
    found: dict[str, set[int]] = defaultdict(set)
    if not codes:
        return found
    rows = session.execute(
        select(RoleAssignment.kelurahan_code, RoleAssignment.user_id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.role == Role.COORDINATOR.value,
            RoleAssignment.kelurahan_code.in_(codes),
            User.active.is_(True),
            User.anonymised_at.is_(None),
        )
    )
    for code, user_id in rows:
        found[code].add(user_id)
    return found


def _proposers(session: Session, usulan_ids: Iterable[int]) -> dict[int, set[int]]:
    """Residents whose proposal became (adopted) or joined (merged) each usulan (one statement)."""
    ids = sorted(set(usulan_ids))
    found: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return found
    rows = session.execute(
        select(ResidentProposal.usulan_id, ResidentProposal.author_id)
        .join(User, User.id == ResidentProposal.author_id)
        .where(
            ResidentProposal.usulan_id.in_(ids),
            ResidentProposal.outcome.in_((ProposalOutcome.ADOPTED.value, ProposalOutcome.MERGED.value)),
            User.active.is_(True),
            User.anonymised_at.is_(None),
        )
    )
    for usulan_id, author_id in rows:
        found[usulan_id].add(author_id)
    return found


def notify_proposal_decided(
    session: Session,
    *,
    proposal: ResidentProposal,
    merged_into: Usulan | None,
    actor: User | None,
    now: dt.datetime,
) -> int:
    """The resident hears the outcome of their proposal with the coordinator's reason; the
    kelurahan's other coordinators hear it was decided. Returns the notifications made."""
    outcome = ProposalOutcome(proposal.outcome or "")
    kind = PROPOSAL_KINDS[outcome]
    title = _title(proposal.title)
    actor_id = actor.id if actor is not None else None
    other = _title(merged_into.title) if merged_into is not None else ""
    resident = PROPOSAL_TEXTS[outcome] % {"t": title, "u": other}
    # the usulan it joined, once the resident can open it; else their own list
    joined = outcome == ProposalOutcome.MERGED and merged_into is not None
    url = (
        usulan_url(merged_into.id)
        if joined and merged_into.status != UsulanStatus.DRAFT.value
        else MY_PROPOSALS_URL
    )
    staff = N_("Usulan warga \u201c%(t)s\u201d: %(o)s.") % {"t": title, "o": outcome.label}
    staff_url = (
        usulan_url(proposal.usulan_id)
        if proposal.usulan_id
        else f"/musrenbang/kelurahan/{proposal.kelurahan_code}/usulan-warga"
    )
    coordinators = _coordinators(session, [proposal.kelurahan_code]).get(proposal.kelurahan_code, set())
    # (recipient, text, url): the resident first, then every other coordinator of the kelurahan
    messages = [(proposal.author_id, resident, url)] if proposal.author_id != actor_id else []
    messages += [
        (user_id, staff, staff_url) for user_id in sorted(coordinators - {actor_id, proposal.author_id})
    ]
    for user_id, text, link in messages:
        comment_services.notify(
            session,
            user_id=user_id,
            kind=kind,
            now=now,
            url=link,
            text=_with_reason(text, proposal.outcome_reason),
        )
    return len(messages)


def _step_text(usulan: Usulan, action: Action, before: UsulanStatus) -> str:
    transition = transition_for(before, action)
    tier = transition.tier if transition is not None else None
    values = {
        "t": _title(usulan.title),
        "s": usulan.status_enum.label,
        "tier": tier.label if tier is not None else "",
    }
    return STEP_TEXTS[action] % values


def notify_transitions(
    session: Session,
    steps: Sequence[tuple[Usulan, Action, str, str | None]],
    *,
    actor: User | None,
    now: dt.datetime,
) -> int:
    """``steps``: (usulan after the step, action, status before, reason). Two statements for any
    number of usulan (their coordinators, their proposers). Returns the notifications made."""
    if not steps:
        return 0
    actor_id = actor.id if actor is not None else None
    coordinators = _coordinators(session, (u.kelurahan_code for u, *_rest in steps))
    proposers = _proposers(session, (u.id for u, *_rest in steps))
    made = 0
    for usulan, action, before, reason in steps:
        recipients = (coordinators.get(usulan.kelurahan_code, set()) | proposers.get(usulan.id, set())) - {
            actor_id
        }
        if not recipients:
            continue
        text = _with_reason(_step_text(usulan, action, UsulanStatus(before)), reason)
        # back to draf: only the kelurahan's editors can open it; the resident keeps their list
        public = usulan.status != UsulanStatus.DRAFT.value
        for user_id in sorted(recipients):
            is_coordinator = user_id in coordinators.get(usulan.kelurahan_code, set())
            url = usulan_url(usulan.id) if public or is_coordinator else MY_PROPOSALS_URL
            comment_services.notify(
                session, user_id=user_id, kind=USULAN_KINDS[action], text=text, url=url, now=now
            )
            made += 1
    return made
