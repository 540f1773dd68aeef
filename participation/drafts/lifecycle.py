"""A draft's life in public: penyusunan → uji publik → pembahasan di DPRD → ditetapkan →
diundangkan, or dibatalkan / ditarik, each step with a date, who recorded it and a note.

The current stage lives on ``Draft`` (one row the pages already load); the story is the
append-only ``DraftStageEvent`` list. This module only records steps and reads the timeline; the
use cases that move a draft on with conditions (the finalize gate, enactment) are in ``final``.
Flask-free; flushes, never commits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from participation.accounts.models import User
from participation.core import audit
from participation.core.clock import to_wita, today_wita
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts.models import (
    STAGE_LABELS,
    Draft,
    DraftStageEvent,
    DraftVersion,
    Stage,
    VersionStatus,
)

MAX_NOTE_CHARS = 2000

# which stage may follow which; the conditions of each step are checked by its use case
NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.PENYUSUNAN: frozenset({Stage.UJI_PUBLIK, Stage.DITARIK, Stage.DIBATALKAN}),
    Stage.UJI_PUBLIK: frozenset({Stage.PEMBAHASAN, Stage.DITARIK, Stage.DIBATALKAN}),
    Stage.PEMBAHASAN: frozenset({Stage.DITETAPKAN, Stage.DITARIK, Stage.DIBATALKAN}),
    # a perda already enacted can still be annulled (by the Mahkamah Agung on judicial review)
    Stage.DITETAPKAN: frozenset({Stage.DIUNDANGKAN, Stage.DIBATALKAN}),
    Stage.DIUNDANGKAN: frozenset({Stage.DIBATALKAN}),
    Stage.DIBATALKAN: frozenset(),
    Stage.DITARIK: frozenset(),
}
# the happy path, for drawing the timeline's steps still to come
PATH = (Stage.PENYUSUNAN, Stage.UJI_PUBLIK, Stage.PEMBAHASAN, Stage.DITETAPKAN, Stage.DIUNDANGKAN)
ENDED = frozenset({Stage.DIBATALKAN, Stage.DITARIK})


def check_date(value: dt.date | None, now: dt.datetime, *, field: str = "happened_on") -> dt.date:
    """A step's date: required, and not in the future (WITA)."""
    if value is None:
        raise ValidationError(N_("Tanggal wajib diisi."), field=field)
    if value > today_wita(now):
        raise ValidationError(N_("Tanggal tidak boleh setelah hari ini."), field=field)
    return value


def record_stage(
    session: Session,
    *,
    draft: Draft,
    stage: Stage,
    actor: User | None,
    happened_on: dt.date,
    now: dt.datetime,
    note: str | None = None,
    details: dict[str, Any] | None = None,
    ip_hash: str | None = None,
) -> DraftStageEvent:
    """Move ``draft`` to ``stage`` (allowed from its current one), append the event, audit it."""
    current = Stage(draft.stage)
    if stage not in NEXT[current]:
        raise ValidationError(
            N_("Tahap \u201c{to}\u201d tidak dapat menyusul tahap \u201c{current}\u201d.").format(
                to=STAGE_LABELS[stage], current=STAGE_LABELS[current]
            ),
            field="stage",
        )
    if draft.stage_on is not None and happened_on < draft.stage_on:
        raise ValidationError(
            N_("Tanggal tidak boleh sebelum tanggal tahap sebelumnya ({date}).").format(date=draft.stage_on),
            field="happened_on",
        )
    note = squash(note)[:MAX_NOTE_CHARS] or None
    event = DraftStageEvent(
        draft_id=draft.id,
        stage=stage.value,
        happened_on=happened_on,
        note=note,
        details=dict(details or {}),
        actor_id=actor.id if actor else None,
        recorded_at=now,
    )
    session.add(event)
    draft.stage = stage.value
    draft.stage_on = happened_on
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="draft.stage",
        target_type="draft",
        target_id=draft.id,
        now=now,
        before={"stage": current.value},
        after={"stage": stage.value, "on": happened_on.isoformat(), **dict(details or {})},
        reason=note,
        ip_hash=ip_hash,
    )
    session.flush()
    return event


def enter_uji_publik(
    session: Session, *, draft: Draft, actor: User | None, now: dt.datetime, version: DraftVersion
) -> None:
    """The first published version opens the uji publik (called by publishing)."""
    if Stage(draft.stage) == Stage.PENYUSUNAN:
        record_stage(
            session,
            draft=draft,
            stage=Stage.UJI_PUBLIK,
            actor=actor,
            happened_on=today_wita(now),
            now=now,
            details={"version": version.number},
        )


def end_draft(
    session: Session,
    *,
    draft: Draft,
    stage: Stage,
    actor: User,
    happened_on: dt.date,
    note: str,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> DraftStageEvent:
    """Dibatalkan or ditarik: the draft's story ends here, with the reason in public."""
    if stage not in ENDED:
        raise ValidationError(N_("Pilih dibatalkan atau ditarik."), field="stage")
    if not squash(note):
        raise ValidationError(N_("Tulis alasannya: warga membaca catatan ini di linimasa."), field="note")
    check_date(happened_on, now)
    event = record_stage(
        session,
        draft=draft,
        stage=stage,
        actor=actor,
        happened_on=happened_on,
        now=now,
        note=note,
        ip_hash=ip_hash,
    )
    # the draft's pages show its stage: rendered anew (services imports this module)
    from participation.drafts import services

    services.bump_draft(session, draft.id)
    return event


@dataclass(frozen=True)
class Step:
    """One line of the public timeline: a recorded stage, or a version's consultation window."""

    on: dt.date
    stage: str | None  # a Stage value, or None for a version line
    label: str  # the stage's untranslated label (N_), "" for a version line
    note: str | None = None
    details: dict[str, Any] | None = None
    actor_name: str | None = None
    version_number: int | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None


@dataclass(frozen=True)
class Timeline:
    stage: Stage
    steps: list[Step]
    # stages of the happy path not reached yet (none once the draft ended early)
    ahead: list[Stage]


def _rank(step: Step) -> float:
    if step.stage is None:
        return PATH.index(Stage.UJI_PUBLIK) + 0.5
    stage = Stage(step.stage)
    return PATH.index(stage) if stage in PATH else len(PATH)


def timeline(session: Session, draft: Draft) -> Timeline:
    """The draft's story in date order: its stages and, within uji publik, each published
    version's window. Two statements."""
    events = list(
        session.scalars(
            select(DraftStageEvent)
            .where(DraftStageEvent.draft_id == draft.id)
            .options(joinedload(DraftStageEvent.actor))
            .order_by(DraftStageEvent.happened_on, DraftStageEvent.id)
        )
    )
    versions = list(
        session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft.id, DraftVersion.status == VersionStatus.PUBLISHED.value)
            .order_by(DraftVersion.number)
        )
    )
    steps = [
        Step(
            on=to_wita(draft.created_at).date(),
            stage=Stage.PENYUSUNAN.value,
            label=STAGE_LABELS[Stage.PENYUSUNAN],
        )
    ]
    for e in events:
        steps.append(
            Step(
                on=e.happened_on,
                stage=e.stage,
                label=STAGE_LABELS[Stage(e.stage)],
                note=e.note,
                details=e.details,
                actor_name=e.actor.name if e.actor else None,
            )
        )
    for v in versions:
        if v.id == draft.enacted_version_id:
            continue  # the enacted text is the ditetapkan step, not a consultation window
        on = to_wita(v.published_at or v.created_at).date()
        # the page words it ("Versi n diterbitkan") in the reader's language
        steps.append(
            Step(
                on=on,
                stage=None,
                label="",
                version_number=v.number,
                opens_at=v.opens_at,
                closes_at=v.closes_at,
            )
        )
    # on the same date, in the order of the draft's life: a version's window belongs to the uji
    # publik (after the event that opened it, before the naskah akhir that ended it); stable, so
    # events of one rank keep the order they were recorded in
    steps.sort(key=lambda s: (s.on, _rank(s)))
    # drafting began no later than anything that followed it: a draft entered into the platform
    # after its uji publik had started (dates recorded as they happened) still starts the story
    first = steps[0]
    if first.stage != Stage.PENYUSUNAN.value:
        opening = next(s for s in steps if s.stage == Stage.PENYUSUNAN.value)
        steps.remove(opening)
        steps.insert(0, dataclasses.replace(opening, on=first.on))
    stage = Stage(draft.stage)
    ahead = [] if stage in ENDED else list(PATH[PATH.index(stage) + 1 :])
    return Timeline(stage=stage, steps=steps, ahead=ahead)
