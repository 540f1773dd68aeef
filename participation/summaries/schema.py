"""The two stable JSON shapes of the summaries area, as TypedDicts, with their code labels.

Holds the ``DraftSummary`` and ``MusrenbangSummary`` shapes (printed by ``participation summarize
… --format json`` and read by the chart and report layer), the Indonesian labels of the codes
they carry, and ``validate_draft_summary`` / ``validate_musrenbang_summary``, which check that
every required key is present before a report is drawn. ``docs/summary-json.md`` documents every
key. Must not import Flask, SQLAlchemy or any ``participation`` package: the labels are repeated
here (not imported from the comments or musrenbang models) so the layer stays database-free.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import (
    Any,
    Literal,
    NotRequired,
    TypedDict,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

__all__ = [
    "DISPOSITION_LABELS",
    "FUNNEL_STATUSES",
    "STANCES",
    "STANCE_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "DraftSummary",
    "MusrenbangSummary",
    "SummaryShapeError",
    "spec_of",
    "validate_draft_summary",
    "validate_musrenbang_summary",
]

# Same codes and labels as participation.comments.models.Stance / Disposition and
# participation.musrenbang.workflow.UsulanStatus; a test in tests/summaries keeps them in step.
STANCES: tuple[str, ...] = ("support", "object", "amend", "question")
STANCE_LABELS: dict[str, str] = {
    "support": "mendukung",
    "object": "keberatan",
    "amend": "usul perubahan redaksi",
    "question": "pertanyaan",
}
DISPOSITION_LABELS: dict[str, str] = {
    "accepted": "diterima",
    "partially_accepted": "diterima sebagian",
    "not_accepted": "tidak diterima",
    "explained": "dijelaskan",
}
STATUSES: tuple[str, ...] = (
    "draft",
    "submitted",
    "verified",
    "forwarded",
    "accepted",
    "not_accepted",
    "redirected",
    "rejected",
    "cancelled",
)
STATUS_LABELS: dict[str, str] = {
    "draft": "draf",
    "submitted": "diajukan",
    "verified": "diverifikasi",
    "forwarded": "diteruskan",
    "accepted": "diakomodir",
    "not_accepted": "tidak diakomodir",
    "redirected": "dialihkan",
    "rejected": "ditolak",
    "cancelled": "batal",
}
# The steps of the musrenbang funnel, in order (kelurahan → kecamatan → kota).
FUNNEL_STATUSES: tuple[str, ...] = ("submitted", "verified", "forwarded", "accepted")

Stance = Literal["support", "object", "amend", "question"]


class StanceCounts(TypedDict):
    support: int
    object: int
    amend: int
    question: int


# ---------------------------------------------------------------- draft summary


class DraftScope(TypedDict):
    draft_id: int
    draft_title: str
    version_id: int
    version_number: int
    city: str
    # Consultation window (ISO-8601 UTC); absent or null when not set.
    consultation_opens_at: NotRequired[str | None]
    consultation_closes_at: NotRequired[str | None]


class DraftMethod(TypedDict):
    themes: str
    campaigns: str


class DraftTotals(TypedDict):
    comments: int
    commenters: int
    replies: int
    endorsements: int
    by_stance: StanceCounts


class AnsweredByPasal(TypedDict):
    key: str
    label: str
    answered: int
    total: int


class UnansweredComment(TypedDict):
    id: int
    external_id: str | None
    unit_key: str
    created_at: str
    excerpt: str


class Answered(TypedDict):
    answered: int
    unanswered: int
    share: float
    by_pasal: list[AnsweredByPasal]
    oldest_unanswered: list[UnansweredComment]


class BabRow(TypedDict):
    key: str
    label: str
    heading: str
    total: int
    by_stance: StanceCounts


class LineRow(TypedDict):
    key: str
    label: str
    total: int
    by_stance: StanceCounts


class PasalRow(TypedDict):
    key: str
    label: str
    bab_key: str | None
    total: int
    by_stance: StanceCounts
    answered: int
    lines: list[LineRow]


class CommentRef(TypedDict):
    id: int
    external_id: str | None


class Representative(TypedDict):
    id: int
    external_id: str | None
    excerpt: str
    unit_key: str


class ThemeRow(TypedDict):
    id: int
    keywords: list[str]
    phrases: list[str]
    size: int
    stance_mix: dict[str, int]
    top_unit_keys: list[list[Any]]  # [[unit_key, count], ...]
    representatives: list[Representative]
    comments: list[CommentRef]


class VariantRow(TypedDict):
    text: str
    count: int


class CampaignRow(TypedDict):
    id: int
    size: int
    canonical_id: int
    canonical_text: str
    variants: list[VariantRow]
    stance_mix: dict[str, int]
    unit_keys: dict[str, int]
    comments: list[CommentRef]


class Suggestion(TypedDict):
    comment_id: int
    external_id: str | None
    text: str
    endorsements: int


class ProposedWording(TypedDict):
    unit_key: str
    label: str
    current_text: str
    suggestions: list[Suggestion]


class ResponseRow(TypedDict):
    disposition: str
    reason: str
    resulting_wording: str | None


class MatriksComment(TypedDict):
    id: int
    external_id: str | None
    stance: str
    author: str  # public display name or "Anonim"; never an e-mail address
    body: str
    response: ResponseRow | None


class MatriksRow(TypedDict):
    unit_key: str
    label: str
    unit_text: str
    comments: list[MatriksComment]


class DraftSummary(TypedDict):
    kind: Literal["draft"]
    scope: DraftScope
    generated_at: str
    method: DraftMethod
    parameters: dict[str, Any]
    input_fingerprint: str
    totals: DraftTotals
    answered: Answered
    by_bab: list[BabRow]
    by_pasal: list[PasalRow]
    themes: list[ThemeRow]
    campaigns: list[CampaignRow]
    proposed_wordings: list[ProposedWording]
    matriks: list[MatriksRow]


# ---------------------------------------------------------------- musrenbang summary


class MusrenbangScope(TypedDict):
    year: int
    rkpd_year: int
    kecamatan_code: str | None
    kecamatan_name: str | None
    city: str


class MusrenbangTotals(TypedDict):
    count: int
    anggaran: int
    pagu: int


class CountAnggaran(TypedDict):
    count: int
    anggaran: int


class StatusRow(TypedDict):
    status: str
    label: str
    count: int
    anggaran: int


class KecamatanRow(TypedDict):
    code: str
    name: str
    count: int
    anggaran: int
    pagu: int
    by_status: dict[str, CountAnggaran]


class KelurahanRow(TypedDict):
    code: str
    name: str
    kecamatan_code: str
    count: int
    anggaran: int
    pagu: int
    sisa_pagu: int
    by_status: dict[str, CountAnggaran]


class NamedRow(TypedDict):
    name: str
    count: int
    anggaran: int


class FunnelStep(TypedDict):
    tier: str
    status: str
    label: str
    count: int


class PlaceRef(TypedDict):
    code: str
    name: str


class UsulanRef(TypedDict):
    id: int
    title: str
    kelurahan_code: str


class SharedNeed(TypedDict):
    label: str
    keywords: list[str]
    kelurahan: list[PlaceRef]
    usulan: list[UsulanRef]


class UsulanId(TypedDict):
    id: int


class MusrenbangTheme(TypedDict):
    id: int
    keywords: list[str]
    size: int
    usulan: list[UsulanId]


class MusrenbangSummary(TypedDict):
    kind: Literal["musrenbang"]
    scope: MusrenbangScope
    generated_at: str
    input_fingerprint: str
    totals: MusrenbangTotals
    by_status: list[StatusRow]
    by_kecamatan: list[KecamatanRow]
    by_kelurahan: list[KelurahanRow]
    by_bidang: list[NamedRow]
    by_opd: list[NamedRow]
    by_jenis: list[NamedRow]
    funnel: list[FunnelStep]
    shared_needs: list[SharedNeed]
    themes: list[MusrenbangTheme]


# ---------------------------------------------------------------- validation


class SummaryShapeError(ValueError):
    """A summary dict lacks required keys; ``problems`` lists their paths (``by_pasal[3].lines``)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = ", ".join(self.problems[:10])
        more = f" (+{len(self.problems) - 10} lainnya)" if len(self.problems) > 10 else ""
        super().__init__(f"ringkasan tidak lengkap: {shown}{more}")


# The shapes above are the one statement of which keys a summary has: the validator's spec is
# derived from them (``spec_of``), so a key added to a TypedDict is checked from then on. A spec is
# {key: sub-spec}; a sub-spec is None (any value: scalars, Literal, dicts of counts keyed by code,
# lists of scalars, optional objects), another dict (a nested TypedDict) or a one-item list holding
# the spec of every item of a list of TypedDicts. Only required keys are listed (NotRequired ones
# are left out; extra keys are allowed).
Spec = Mapping[str, Any]


def spec_of(shape: type) -> Spec:
    """The required keys of a TypedDict ``shape``, nested as described above."""
    hints = get_type_hints(shape, include_extras=True)
    return {key: _sub_spec(hint) for key, hint in hints.items() if get_origin(hint) is not NotRequired}


def _sub_spec(hint: Any) -> Any:
    if is_typeddict(hint):
        return spec_of(hint)
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        if is_typeddict(item):
            return [spec_of(item)]
    return None


DRAFT_SPEC: Spec = spec_of(DraftSummary)
MUSRENBANG_SPEC: Spec = spec_of(MusrenbangSummary)


def _check(value: Any, spec: Any, path: str, problems: list[str]) -> None:
    if spec is None:
        return
    if isinstance(spec, list):
        if not isinstance(value, list):
            problems.append(f"{path} (harus daftar)")
            return
        for index, item in enumerate(value):
            _check(item, spec[0], f"{path}[{index}]", problems)
        return
    if not isinstance(value, Mapping):
        problems.append(f"{path} (harus objek)")
        return
    for key, sub in spec.items():
        where = f"{path}.{key}" if path else key
        if key not in value:
            problems.append(where)
        else:
            _check(value[key], sub, where, problems)


def _validate(summary: Any, spec: Spec, kind: str) -> None:
    problems: list[str] = []
    _check(summary, spec, "", problems)
    if not problems and summary.get("kind") != kind:
        problems.append(f'kind (harus "{kind}")')
    if problems:
        raise SummaryShapeError(problems)


def validate_draft_summary(summary: Any) -> DraftSummary:
    """Return ``summary`` typed as a draft summary, or raise ``SummaryShapeError`` naming every
    missing required key (optional keys and extra keys are allowed)."""
    _validate(summary, DRAFT_SPEC, "draft")
    return summary  # type: ignore[no-any-return]


def validate_musrenbang_summary(summary: Any) -> MusrenbangSummary:
    """Return ``summary`` typed as a musrenbang summary, or raise ``SummaryShapeError``."""
    _validate(summary, MUSRENBANG_SPEC, "musrenbang")
    return summary  # type: ignore[no-any-return]
