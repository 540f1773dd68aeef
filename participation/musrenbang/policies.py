"""Who may do what in musrenbang. ``actor`` is a User or None (anonymous visitor).

Scope rules (DESIGN §5): a COORDINATOR acts for their own kelurahan only; a VERIFIER within
their kecamatan or, without one, the whole city (Bappeda); ADMIN or a city VERIFIER sets up
cycles, stages and pagu; only ADMIN reopens a closed stage; DPRD_MEMBER enters pokir.
Whether a stage is open is a rule of the service (it raises with an explanation), not of the
policy: a coordinator is *allowed* to edit, but a closed stage *locks* the usulan.

Must not import Flask. Every function is tested allowed and refused (tests/musrenbang).
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import (
    coordinates_kelurahan,
    has_role,
    is_city_verifier,
    verifies_kelurahan,
)
from participation.core.clock import utcnow
from participation.core.i18n import N_, join
from participation.musrenbang.models import (
    BeritaAcara,
    MusrenbangCycle,
    ResidentProposal,
    Sumber,
    Usulan,
)
from participation.musrenbang.workflow import (
    TRANSITIONS,
    ActorScope,
    Tier,
    UsulanStatus,
    kecamatan_code_of,
    tier_of,
)

Now = dt.datetime | None


def actor_scopes(actor: User | None) -> list[ActorScope]:
    """Workflow scopes of a user: one per scoped role assignment (a user may hold several)."""
    if actor is None or not actor.is_active:
        return []
    scopes: list[ActorScope] = []
    if actor.has_role(Role.ADMIN):
        scopes.append(ActorScope(roles=frozenset({"ADMIN"})))
    for a in actor.assignments(Role.COORDINATOR):
        scopes.append(ActorScope(roles=frozenset({"COORDINATOR"}), kelurahan_code=a.kelurahan_code))
    for a in actor.assignments(Role.VERIFIER):
        scopes.append(ActorScope(roles=frozenset({"VERIFIER"}), kecamatan_code=a.kecamatan_code))
    return scopes


def can_manage_cycles(actor: User | None, *, now: Now = None) -> bool:
    return has_role(actor, Role.ADMIN) or is_city_verifier(actor)


def can_reopen_stage(actor: User | None, *, now: Now = None) -> bool:
    return has_role(actor, Role.ADMIN)


def can_manage_lists(actor: User | None, *, now: Now = None) -> bool:
    """OPD and bidang lists."""
    return has_role(actor, Role.ADMIN) or is_city_verifier(actor)


def can_manage_kelurahan(actor: User | None, kelurahan_code: str, *, now: Now = None) -> bool:
    """Enter, edit, rank, submit and import usulan of this kelurahan."""
    return has_role(actor, Role.ADMIN) or coordinates_kelurahan(actor, kelurahan_code)


def can_create_usulan(actor: User | None, kelurahan_code: str, *, now: Now = None) -> bool:
    return can_manage_kelurahan(actor, kelurahan_code, now=now)


def can_enter_pokir(actor: User | None, *, now: Now = None) -> bool:
    return has_role(actor, Role.DPRD_MEMBER, Role.ADMIN)


def can_edit_usulan(actor: User | None, usulan: Usulan, *, now: Now = None) -> bool:
    if actor is None:
        return False
    if usulan.sumber == Sumber.POKIR and has_role(actor, Role.DPRD_MEMBER):
        return usulan.created_by_id == actor.id
    return can_manage_kelurahan(actor, usulan.kelurahan_code, now=now)


def can_see_usulan(actor: User | None, usulan: Usulan, *, now: Now = None) -> bool:
    """A draf is the kelurahan's work in progress: only its editors and verifiers see it (its
    page, its photos); once submitted it is public."""
    if usulan.status != UsulanStatus.DRAFT:
        return True
    return can_edit_usulan(actor, usulan, now=now) or can_verify_in(actor, usulan.kelurahan_code, now=now)


def can_import(actor: User | None, kelurahan_code: str, *, now: Now = None) -> bool:
    return can_manage_kelurahan(actor, kelurahan_code, now=now)


def can_import_statuses(actor: User | None, *, now: Now = None) -> bool:
    """Imported statuses other than draf rewrite history: only an admin may bring them in."""
    return has_role(actor, Role.ADMIN)


def can_verify_in(actor: User | None, kelurahan_code: str, *, now: Now = None) -> bool:
    return has_role(actor, Role.ADMIN) or verifies_kelurahan(actor, kelurahan_code)


def can_view_queue(actor: User | None, *, now: Now = None) -> bool:
    return has_role(actor, Role.ADMIN, Role.VERIFIER)


def can_propose(actor: User | None, *, now: Now = None) -> bool:
    """A resident with a home kelurahan on their profile."""
    return has_role(actor, Role.CITIZEN) and actor is not None and bool(actor.kelurahan_code)


def can_decide_proposal(actor: User | None, proposal: ResidentProposal, *, now: Now = None) -> bool:
    return proposal.outcome is None and can_manage_kelurahan(actor, proposal.kelurahan_code)


def can_record_berita_acara(
    actor: User | None,
    *,
    kelurahan_code: str | None = None,
    kecamatan_code: str | None = None,
    now: Now = None,
) -> bool:
    if has_role(actor, Role.ADMIN):
        return True
    if kelurahan_code:
        return coordinates_kelurahan(actor, kelurahan_code)
    if kecamatan_code and actor is not None and actor.is_active:
        return any(a.kecamatan_code in (None, kecamatan_code) for a in actor.assignments(Role.VERIFIER))
    return False


def can_download_berita_acara(actor: User | None, ba: BeritaAcara, *, now: Now = None) -> bool:
    """Minutes list attendees by name (personal data): staff of the forum's scope only."""
    if has_role(actor, Role.ADMIN) or is_city_verifier(actor):
        return True
    if ba.kelurahan_code:
        return coordinates_kelurahan(actor, ba.kelurahan_code) or verifies_kelurahan(actor, ba.kelurahan_code)
    return can_record_berita_acara(actor, kecamatan_code=ba.kecamatan_code)


def in_kecamatan(kelurahan_code: str, kecamatan_code: str) -> bool:
    return kecamatan_code_of(kelurahan_code) == kecamatan_code


def rank_level(actor: User | None) -> str | None:
    """The ranking a verifier keeps: "kota" for Bappeda (city scope) and admin, "kecamatan" for a
    verifier bound to kecamatan, None for anyone else."""
    if has_role(actor, Role.ADMIN) or is_city_verifier(actor):
        return "kota"
    if (
        actor is not None
        and actor.is_active
        and any(a.kecamatan_code for a in actor.assignments(Role.VERIFIER))
    ):
        return "kecamatan"
    return None


def can_rank_at(actor: User | None, level: str, *, now: Now = None) -> bool:
    if level == "kota":
        return has_role(actor, Role.ADMIN) or is_city_verifier(actor)
    if level == "kecamatan":
        return has_role(actor, Role.ADMIN) or (
            actor is not None
            and actor.is_active
            and any(a.kecamatan_code for a in actor.assignments(Role.VERIFIER))
        )
    return False


def can_rank(actor: User | None, usulan: Usulan, level: str, *, now: Now = None) -> bool:
    """Kecamatan rank: a verifier of the usulan's own kecamatan (or admin); kota rank: Bappeda."""
    if not can_rank_at(actor, level):
        return False
    if level == "kota" or has_role(actor, Role.ADMIN):
        return True
    code = kecamatan_code_of(usulan.kelurahan_code)
    return actor is not None and any(a.kecamatan_code == code for a in actor.assignments(Role.VERIFIER))


# -- say why: a page that hides an action says why (issue 17 point 4) ---------------------------
# Indonesian reasons (stored-text style, already interpolated); None when nothing is hidden.


def stage_reason(cycle: MusrenbangCycle, tier: Tier | str, *, now: Now = None) -> str | None:
    """Why the actions of ``tier`` are not available now: its stage is not scheduled, not open
    yet (with its opening date) or closed (with its closing date). None while it is open."""
    tier = Tier(tier)
    now = now or utcnow()
    stage = cycle.stage(tier)
    if stage is None:
        return N_("Tahap musrenbang %(tier)s belum dijadwalkan untuk siklus ini.") % {"tier": tier.label}
    if now < stage.opens_at:
        return N_("Tahap musrenbang %(tier)s belum dibuka; dibuka %(d)s.") % {
            "tier": tier.label,
            "d": stage.opens_at,
        }
    if now >= stage.closes_at:
        return N_(
            "Tahap musrenbang %(tier)s sudah ditutup pada %(d)s; usulan pada tahap ini "
            "terkunci. Hubungi admin bila tahap perlu dibuka kembali."
        ) % {"tier": tier.label, "d": stage.closes_at}
    return None


_WAITING_FOR: dict[Tier, str] = {
    Tier.KELURAHAN: N_(
        "Usulan ini masih draf kelurahan: verifikasi dimulai setelah koordinator kelurahan mengajukannya."
    ),
    Tier.KECAMATAN: N_(
        "Usulan ini sedang diproses di tingkat kecamatan: verifikasi dan "
        "keputusannya ada pada verifikator kecamatan."
    ),
    Tier.KOTA: N_("Usulan ini sudah diteruskan ke tingkat kota: keputusannya diambil Bappeda."),
}


def why_no_action(actor: User | None, usulan: Usulan, *, now: Now = None) -> str | None:
    """Why a staff member does not see some or all workflow actions on this usulan: the stage of
    their actions is not open (with its date), the usulan waits for another tier or lies outside
    their scope, or it was already decided. None for visitors and residents (they act on no
    usulan) and when nothing the actor could do is hidden."""
    scopes = actor_scopes(actor)
    if not scopes:
        return None
    now = now or utcnow()
    status = usulan.status_enum
    caps: set[str] = set()
    for scope in scopes:
        caps |= scope.capabilities(usulan.kelurahan_code)
    mine = [t for t in TRANSITIONS if t.source == status and t.actors & caps]
    stage_open = usulan.cycle.stage_open_map(now)
    shown = [t for t in mine if stage_open.get(t.tier, False)]
    hidden: dict[Tier, list[str]] = {}
    for t in mine:
        if not stage_open.get(t.tier, False):
            hidden.setdefault(t.tier, []).append(t.action.label)
    if hidden:
        parts = []
        for tier, labels in hidden.items():
            why = stage_reason(usulan.cycle, tier, now=now) or ""
            if shown:  # some actions are there: name the ones the stage hides
                why = N_("Tidak tersedia sekarang: %(a)s. %(why)s") % {"a": join(", ", labels), "why": why}
            parts.append(why)
        return join(" ", parts)
    if shown:
        return None
    if status.is_final:
        return N_(
            "Usulan ini sudah diputuskan (\u201c%(s)s\u201d); tidak ada tindakan lagi. "
            "Keputusan yang keliru hanya dapat dibuka kembali oleh admin."
        ) % {"s": status.label}
    outside = N_("Usulan ini berada di luar wilayah atau peran Anda.")
    tier = tier_of(status)
    if tier is None:
        return outside
    waiting = _WAITING_FOR[tier]
    return waiting if caps else outside + " " + waiting
