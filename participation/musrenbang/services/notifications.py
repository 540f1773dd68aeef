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
from participation.core.i18n import N_
from participation.core.text import truncate
from participation.musrenbang.models import ProposalOutcome, ResidentProposal, Usulan
from participation.musrenbang.workflow import Action, UsulanStatus, transition_for

__all__ = ["PROPOSAL_KINDS", "USULAN_KINDS", "notify_proposal_decided", "notify_transitions", "usulan_url"]

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


def usulan_url(usulan_id: int) -> str:
    return f"/musrenbang/usulan/{usulan_id}"


def _title(text: str) -> str:
    return truncate(" ".join(text.split()), 80)


def _with_reason(text: str, reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        return text
    return text + " " + N_("Alasan: %(r)s") % {"r": reason}


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
    if outcome == ProposalOutcome.ADOPTED:
        # a new draf: the resident cannot open it before the kelurahan submits it
        resident = N_(
            "Usulan Anda \u201c%(t)s\u201d dijadikan usulan kelurahan dan akan "
            "dibahas dalam musrenbang kelurahan."
        ) % {"t": title}
        url = MY_PROPOSALS_URL
    elif outcome == ProposalOutcome.MERGED:
        other = _title(merged_into.title) if merged_into is not None else ""
        resident = N_(
            "Usulan Anda \u201c%(t)s\u201d digabung dengan usulan yang sudah ada: \u201c%(u)s\u201d."
        ) % {"t": title, "u": other}
        visible = merged_into is not None and merged_into.status != UsulanStatus.DRAFT.value
        url = usulan_url(merged_into.id) if visible and merged_into else MY_PROPOSALS_URL
    else:
        resident = N_("Usulan Anda \u201c%(t)s\u201d tidak dilanjutkan oleh koordinator kelurahan.") % {
            "t": title
        }
        url = MY_PROPOSALS_URL
    made = 0
    if proposal.author_id != actor_id:
        comment_services.notify(
            session,
            user_id=proposal.author_id,
            kind=kind,
            now=now,
            url=url,
            text=_with_reason(resident, proposal.outcome_reason),
        )
        made += 1
    staff = N_("Usulan warga \u201c%(t)s\u201d: %(o)s.") % {"t": title, "o": outcome.label}
    staff_url = (
        usulan_url(proposal.usulan_id)
        if proposal.usulan_id
        else f"/musrenbang/kelurahan/{proposal.kelurahan_code}/usulan-warga"
    )
    for user_id in sorted(
        _coordinators(session, [proposal.kelurahan_code]).get(proposal.kelurahan_code, set())
    ):
        if user_id in (actor_id, proposal.author_id):
            continue
        comment_services.notify(
            session,
            user_id=user_id,
            kind=kind,
            now=now,
            url=staff_url,
            text=_with_reason(staff, proposal.outcome_reason),
        )
        made += 1
    return made


def _step_text(usulan: Usulan, action: Action, before: UsulanStatus) -> str:
    title = _title(usulan.title)
    transition = transition_for(before, action)
    tier = transition.tier if transition is not None else None
    values = {"t": title, "s": usulan.status_enum.label, "tier": tier.label if tier is not None else ""}
    if action == Action.SUBMIT:
        return N_("Usulan \u201c%(t)s\u201d diajukan ke tingkat kecamatan untuk diverifikasi.") % values
    if action == Action.WITHDRAW:
        return N_("Usulan \u201c%(t)s\u201d dikembalikan ke draf kelurahan untuk diperbaiki.") % values
    if action == Action.VERIFY:
        return N_("Usulan \u201c%(t)s\u201d lolos verifikasi kecamatan.") % values
    if action == Action.FORWARD:
        return N_("Usulan \u201c%(t)s\u201d diteruskan dari kecamatan ke tingkat kota (Bappeda).") % values
    if action == Action.ACCEPT:
        return N_("Usulan \u201c%(t)s\u201d diakomodir pada tingkat %(tier)s.") % values
    if action == Action.NOT_ACCEPT:
        return N_("Usulan \u201c%(t)s\u201d tidak diakomodir pada tingkat %(tier)s.") % values
    if action == Action.REDIRECT:
        return N_("Usulan \u201c%(t)s\u201d dialihkan pada tingkat %(tier)s.") % values
    if action == Action.REJECT:
        return N_("Usulan \u201c%(t)s\u201d ditolak pada tingkat %(tier)s.") % values
    if action == Action.CANCEL:
        return N_("Usulan \u201c%(t)s\u201d dibatalkan.") % values
    return (
        N_("Keputusan atas usulan \u201c%(t)s\u201d dibuka kembali; statusnya sekarang \u201c%(s)s\u201d.")
        % values
    )


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
