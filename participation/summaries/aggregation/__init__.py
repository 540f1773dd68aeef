"""Read-side aggregation: plain rows in, the stable summary dicts of ``schema.py`` out.

``build_draft_summary`` turns the units and comments of one draft version into counts per BAB,
pasal and line, answer progress, themes, mass-campaign groups, proposed wordings and the matriks
tanggapan; ``build_musrenbang_summary`` turns a cycle's usulan into counts and anggaran by area,
bidang, OPD, jenis and status against pagu, a status funnel, needs shared across kelurahan and
problem themes. Both are deterministic for the same input and record an input fingerprint so a
stored snapshot can be cited and regenerated.

Split by subject: ``method`` (the method text, parameters and fingerprint versions), ``labels``
(unit labels, excerpts, times), ``draft_inputs`` (a draft's rows and fingerprint), ``draft`` (the
draft summary), ``musrenbang`` (the musrenbang recap). This package re-exports their public names
deliberately: ``aggregation`` is the area's documented entry point (docs/architecture.md) and
callers use ``aggregation.build_draft_summary`` and friends.

Must not import Flask, SQLAlchemy or any area package: ``queries.py`` loads the rows.
"""

from participation.summaries.aggregation.draft import (
    STEP_ASSEMBLE,
    STEP_CAMPAIGNS,
    STEP_THEMES,
    Progress,
    build_draft_summary,
    public_draft_summary,
)
from participation.summaries.aggregation.draft_inputs import (
    CommentKey,
    CommentRow,
    DraftInputs,
    ResponseInfo,
    UnitRow,
    comment_key,
    draft_fingerprint,
    fingerprint_rows,
    matriks_ref,
    unit_hash,
)
from participation.summaries.aggregation.labels import EXCERPT, excerpt, iso_utc, label_for_key
from participation.summaries.aggregation.method import (
    CAMPAIGN_PARAMS,
    FINGERPRINT_VERSION,
    METHOD,
    MUSRENBANG_FINGERPRINT_VERSION,
    THEME_PARAMS,
)
from participation.summaries.aggregation.musrenbang import (
    MusrenbangInputs,
    UsulanRow,
    build_musrenbang_summary,
    musrenbang_fingerprint,
    shared_needs,
)

__all__ = [
    "CAMPAIGN_PARAMS",
    "EXCERPT",
    "FINGERPRINT_VERSION",
    "METHOD",
    "MUSRENBANG_FINGERPRINT_VERSION",
    "STEP_ASSEMBLE",
    "STEP_CAMPAIGNS",
    "STEP_THEMES",
    "THEME_PARAMS",
    "CommentKey",
    "CommentRow",
    "DraftInputs",
    "MusrenbangInputs",
    "Progress",
    "ResponseInfo",
    "UnitRow",
    "UsulanRow",
    "build_draft_summary",
    "build_musrenbang_summary",
    "comment_key",
    "draft_fingerprint",
    "excerpt",
    "fingerprint_rows",
    "iso_utc",
    "label_for_key",
    "matriks_ref",
    "musrenbang_fingerprint",
    "public_draft_summary",
    "shared_needs",
    "unit_hash",
]
