"""What the laporan hasil uji publik holds: plain frozen records (windows, channels, figures, the
matriks, the pasal changed, what was not taken up) and ``ConsultationReport`` that gathers them.

Built by ``consultation.building``; read by the report page and ``summaries/reports/consultation/``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from participation.comments.models import DISPOSITION_LABELS, Disposition
from participation.drafts import lifecycle, outcomes


@dataclass(frozen=True)
class Window:
    """One published consultation version."""

    number: int
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    published_at: dt.datetime | None
    comments: int  # visible top-level comments made on this version
    measured: bool  # the version the report's figures are measured on


@dataclass(frozen=True)
class Channel:
    source: str
    label: str
    group: str
    comments: int


@dataclass(frozen=True)
class KelurahanRow:
    code: str | None
    name: str
    comments: int
    commenters: int


@dataclass(frozen=True)
class StanceRow:
    stance: str
    label: str
    comments: int


@dataclass(frozen=True)
class MatrixRow:
    """One comment of the matriks tanggapan (public: no name)."""

    number: int
    comment_id: int
    unit_key: str
    label: str
    removed: bool  # its clause was removed from the measured version
    stance: str | None
    stance_label: str
    source_label: str
    body: str
    suggested_wording: str | None
    disposition: str | None
    disposition_label: str  # "belum ditanggapi" when unanswered
    reason: str
    resulting_wording: str


@dataclass(frozen=True)
class ChangedComment:
    comment_id: int
    body: str
    disposition_label: str
    reason: str


@dataclass(frozen=True)
class ChangedClause:
    label: str
    old_text: str
    new_text: str | None  # None: the clause was removed
    diff: list[tuple[str, str]]  # (equal|delete|insert, words)
    comments: list[ChangedComment]

    @property
    def removed(self) -> bool:
        return self.new_text is None


@dataclass(frozen=True)
class ChangedPasal:
    label: str
    clauses: list[ChangedClause]


@dataclass(frozen=True)
class NotTakenUp:
    comment_id: int
    label: str
    stance_label: str
    source_label: str
    body: str
    reason: str


@dataclass(frozen=True)
class Exempted:
    """A comment left unanswered, with the ketua tim penyusun's reason."""

    comment_id: int
    label: str
    body: str
    reason: str
    actor_name: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class Figures:
    comments: int  # visible top-level comments shown on the measured version
    hidden: int  # disembunyikan moderator (counted only)
    held: int  # not public yet: held for pre-moderation or an unconfirmed e-mail (counted only)
    commenters: int
    registered_commenters: int
    external_commenters: int
    replies: int
    endorsements: int
    answered: int

    @property
    def unanswered(self) -> int:
        return self.comments - self.answered

    @property
    def share_answered(self) -> float | None:
        return self.answered / self.comments if self.comments else None


@dataclass
class ConsultationReport:
    draft_id: int
    title: str
    kind_label: str
    initiator: str
    stage: str
    stage_label: str
    stage_on: dt.date | None
    perda_number: str | None
    enacted_on: dt.date | None
    gazette_number: str | None
    promulgated_on: dt.date | None
    version_id: int
    version_number: int
    version_title: str
    provisional: bool  # no naskah akhir yet: the figures are those of the newest version
    final_version_number: int | None
    enacted_version_number: int | None
    generated_at: dt.datetime
    method: str
    windows: list[Window]
    channels: list[Channel]
    figures: Figures
    by_kelurahan: list[KelurahanRow]
    by_stance: list[StanceRow]
    matrix: list[MatrixRow]
    # pasal changed because of public input (None: no final or enacted text yet)
    changed: list[ChangedPasal] | None
    outcome_figures: outcomes.Figures | None
    outcomes_enacted: bool  # measured against the enacted text (else the naskah akhir)
    not_accepted: list[NotTakenUp]
    exempted: list[Exempted]
    exempted_withheld: int  # exemptions of comments not public now (counted only)
    comments_revision: int = 0
    channel_groups: list[tuple[str, int]] = field(default_factory=list)
    # the draft's story (stages and versions), as on its public history page
    timeline: list[lifecycle.Step] = field(default_factory=list)

    @property
    def pasal_changed(self) -> list[str]:
        return [p.label for p in self.changed or []]

    @property
    def by_disposition(self) -> list[tuple[str, int]]:
        counts = Counter(r.disposition for r in self.matrix)
        return [(DISPOSITION_LABELS[d], counts.get(d.value, 0)) for d in Disposition]
