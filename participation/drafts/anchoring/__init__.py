"""Mapping units between two parsed versions of a draft, word-level diffs, and re-anchoring quotes.

Comments are carried from one version to the next by this mapping (DESIGN.md section 4): every
unit of the old version is reported as unchanged, renumbered, changed or removed, and every new
unit that has no ancestor in the old version as added. Nothing is moved silently.

A unit is the same unit when most of its text and children carry over, even renumbered and
partly rewritten: similarity counts the whole subtree, children of a matched unit map to the
children of its match first, and units left between two matched neighbours are paired on a
lower threshold. Text is compared modulo layout (``normalise_layout``), so the same wording
wrapped or hyphenated differently is "unchanged" (or "renumbered"), at similarity 1.0; the
similarity of every pair is the confidence shown to the tim penyusun when they review it.

Pure functions on ``ParseResult`` values. Must not import Flask, the database layer, or any
``participation`` area other than ``participation.core``.

A package (the old ``anchoring.py`` grew past the ~400-line rule); this ``__init__`` re-exports
its public API (``__all__``, unchanged) on purpose: services, carrying, comparing, the CLI and the
views import it from here. ``model`` (statuses, thresholds, ``Mapping``, similarity), ``items``
(units as compared), ``matcher`` (the pairing rounds), ``mapping`` (``compare_units``),
``wording`` (word diffs and quotes).
"""

from participation.drafts.anchoring.mapping import compare_units, mapping_to_json
from participation.drafts.anchoring.model import (
    GAP_THRESHOLD,
    MATCH_THRESHOLD,
    QUOTE_THRESHOLD,
    REVIEW_THRESHOLD,
    STATUSES,
    Mapping,
    normalise_layout,
    similarity,
)
from participation.drafts.anchoring.wording import locate_quote, reanchor_quote, word_diff

__all__ = [
    "GAP_THRESHOLD",
    "MATCH_THRESHOLD",
    "QUOTE_THRESHOLD",
    "REVIEW_THRESHOLD",
    "STATUSES",
    "Mapping",
    "compare_units",
    "locate_quote",
    "mapping_to_json",
    "normalise_layout",
    "reanchor_quote",
    "similarity",
    "word_diff",
]
