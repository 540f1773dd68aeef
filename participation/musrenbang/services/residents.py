"""Resident proposals: a CITIZEN proposes an usulan for their kelurahan; the coordinator adopts
it (a new draf usulan), merges it into an existing usulan, or declines it — always with a reason
the resident sees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import NotFound, PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.musrenbang import policies, rules
from participation.musrenbang.models import (
    MusrenbangCycle,
    ProposalOutcome,
    ResidentProposal,
    Sumber,
    Usulan,
    UsulanEvent,
)
from participation.musrenbang.services.notifications import notify_proposal_decided
from participation.musrenbang.services.usulan import UsulanInput, create_usulan
from participation.musrenbang.workflow import MIN_REASON_LENGTH, Tier

__all__ = ["decide_proposal", "get_proposal", "propose_usulan"]


def get_proposal(session: Session, proposal_id: int) -> ResidentProposal:
    proposal = session.get(ResidentProposal, proposal_id)
    if proposal is None:
        raise NotFound(N_("Usulan warga tidak ditemukan."))
    return proposal


def propose_usulan(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    actor: User,
    title: str,
    permasalahan: str,
    alamat: str,
    rt: str | None,
    now: dt.datetime,
) -> ResidentProposal:
    if not policies.can_propose(actor):
        raise PermissionDenied(N_("Lengkapi kelurahan tempat tinggal di profil Anda untuk mengusulkan."))
    stage = cycle.stage(Tier.KELURAHAN)
    if stage is None or not stage.is_open(now):
        raise ValidationError(
            N_("Tahap musrenbang kelurahan tidak sedang dibuka; usulan warga belum bisa dikirim.")
        )
    # the same rules as the coordinator's form and the import (rules/): a proposal the
    # kelurahan adopts becomes an usulan, so it must already pass them
    errors: dict[str, str] = {}
    title, alamat = rules.one_line(rules.tidy(title)), rules.one_line(rules.tidy(alamat))
    permasalahan = rules.multi_line(rules.tidy(permasalahan))
    for name, value in (("title", title), ("permasalahan", permasalahan), ("alamat", alamat)):
        problem = rules.check_free_text(name, value)
        if problem:
            errors[name] = problem
    try:
        rt = rules.normalise_rt(rt or "", "RT")
    except rules.CellError as exc:
        errors["rt"] = exc.message
    if errors:
        from participation.musrenbang.services.usulan import UsulanInvalid

        raise UsulanInvalid(errors)
    proposal = ResidentProposal(
        cycle_id=cycle.id,
        kelurahan_code=actor.kelurahan_code,
        author_id=actor.id,
        title=title,
        permasalahan=permasalahan,
        alamat=alamat,
        rt=rt,
        created_at=now,
    )
    session.add(proposal)
    session.flush()
    return proposal


def decide_proposal(
    session: Session,
    *,
    proposal: ResidentProposal,
    outcome: ProposalOutcome,
    reason: str,
    actor: User | None,
    now: dt.datetime,
    merge_into: Usulan | None = None,
) -> ResidentProposal:
    if actor is not None and not policies.can_decide_proposal(actor, proposal):
        if proposal.outcome is not None:
            raise ValidationError(N_("Usulan warga ini sudah diputuskan."))
        raise PermissionDenied(N_("Anda hanya dapat menindaklanjuti usulan warga kelurahan Anda sendiri."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            N_("Alasan wajib diisi, minimal %(n)d karakter, agar warga tahu tindak lanjutnya.")
            % {"n": MIN_REASON_LENGTH},
            field="reason",
        )
    cycle = session.get(MusrenbangCycle, proposal.cycle_id)
    assert cycle is not None  # noqa: S101 - foreign key
    if outcome == ProposalOutcome.ADOPTED:
        _adopt(session, proposal, cycle=cycle, actor=actor, now=now)
    elif outcome == ProposalOutcome.MERGED:
        _merge(session, proposal, merge_into=merge_into, reason=reason, actor=actor, now=now)
    proposal.outcome = outcome.value
    proposal.outcome_reason = reason
    proposal.decided_by_id = actor.id if actor else None
    proposal.decided_at = now
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action=f"musrenbang.proposal.{outcome.value}",
        target_type="resident_proposal",
        target_id=proposal.id,
        now=now,
        after={"outcome": outcome.value, "usulan_id": proposal.usulan_id},
        reason=reason,
    )
    # the resident hears the outcome and its reason (in-app, and by e-mail when configured)
    notify_proposal_decided(
        session,
        proposal=proposal,
        merged_into=merge_into if outcome == ProposalOutcome.MERGED else None,
        actor=actor,
        now=now,
    )
    return proposal


def _adopt(
    session: Session,
    proposal: ResidentProposal,
    *,
    cycle: MusrenbangCycle,
    actor: User | None,
    now: dt.datetime,
) -> None:
    """The proposal becomes a draft usulan of its kelurahan (sumber warga)."""
    data = UsulanInput(
        title=proposal.title,
        permasalahan=proposal.permasalahan,
        alamat=proposal.alamat,
        rt=proposal.rt,
        volume=Decimal(1),
        satuan="paket",
    )
    usulan = create_usulan(
        session,
        cycle=cycle,
        kelurahan_code=proposal.kelurahan_code,
        data=data,
        actor=actor,
        now=now,
        sumber=Sumber.WARGA,
    )
    proposal.usulan_id = usulan.id


def _merge(
    session: Session,
    proposal: ResidentProposal,
    *,
    merge_into: Usulan | None,
    reason: str,
    actor: User | None,
    now: dt.datetime,
) -> None:
    """The proposal joins an usulan of the same kelurahan and cycle, which records why."""
    if (
        merge_into is None
        or merge_into.kelurahan_code != proposal.kelurahan_code
        or merge_into.cycle_id != proposal.cycle_id
    ):
        raise ValidationError(
            N_("Pilih usulan kelurahan ini (siklus yang sama) untuk digabung."), field="usulan_id"
        )
    proposal.usulan_id = merge_into.id
    session.add(
        UsulanEvent(
            usulan_id=merge_into.id,
            actor_id=actor.id if actor else None,
            at=now,
            action="merge",
            from_status=merge_into.status,
            to_status=merge_into.status,
            reason=N_("Usulan warga yang sama digabung ke usulan ini: %(r)s") % {"r": reason},
        )
    )
