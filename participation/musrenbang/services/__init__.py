"""Musrenbang use cases: ``verb_noun(session, ..., *, now)``. Validate, change, flush; the caller
(view or CLI command) commits. Every staff action writes an audit event.

Split by subject: ``cycles`` (cycles, stages, pagu, OPD/bidang lists), ``usulan`` (enter, edit,
rank, transitions, similar usulan), ``imports`` (bulk import), ``residents`` (resident
proposals), ``records`` (photos, berita acara). Must not import Flask or participation.drafts.
"""

from participation.musrenbang.services.cycles import (
    add_list_item,
    create_cycle,
    current_cycle,
    get_cycle,
    get_cycle_by_year,
    known_bidang,
    known_opd,
    pagu_map,
    reopen_stage,
    seed_lists,
    set_list_item_active,
    set_pagu,
    set_stage,
    set_stages,
)
from participation.musrenbang.services.imports import (
    PREVIEW_EXPIRED,
    ImportPreview,
    commit_import,
    discard_import_upload,
    keep_import_upload,
    load_import_upload,
    preview_import,
)
from participation.musrenbang.services.ranking import (
    MAX_RANK,
    RANKABLE_BY_VERIFIER,
    rank_usulan,
)
from participation.musrenbang.services.records import (
    MAX_PHOTOS,
    add_photo,
    record_berita_acara,
)
from participation.musrenbang.services.residents import (
    decide_proposal,
    get_proposal,
    propose_usulan,
)
from participation.musrenbang.services.transitions import (
    BulkResult,
    actions_for,
    apply_action,
    bulk_action,
)
from participation.musrenbang.services.usulan import (
    UsulanInput,
    UsulanInvalid,
    create_usulan,
    get_usulan,
    move_usulan,
    parse_usulan_form,
    similar_usulan,
    update_usulan,
)

__all__ = [
    "BulkResult",
    "ImportPreview",
    "MAX_PHOTOS",
    "MAX_RANK",
    "RANKABLE_BY_VERIFIER",
    "UsulanInput",
    "UsulanInvalid",
    "actions_for",
    "add_list_item",
    "add_photo",
    "apply_action",
    "bulk_action",
    "commit_import",
    "discard_import_upload",
    "keep_import_upload",
    "load_import_upload",
    "PREVIEW_EXPIRED",
    "create_cycle",
    "create_usulan",
    "current_cycle",
    "decide_proposal",
    "get_cycle",
    "get_cycle_by_year",
    "get_proposal",
    "get_usulan",
    "known_bidang",
    "known_opd",
    "move_usulan",
    "pagu_map",
    "parse_usulan_form",
    "preview_import",
    "propose_usulan",
    "rank_usulan",
    "record_berita_acara",
    "reopen_stage",
    "seed_lists",
    "set_list_item_active",
    "set_pagu",
    "set_stage",
    "set_stages",
    "similar_usulan",
    "update_usulan",
]
