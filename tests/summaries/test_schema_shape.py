"""The summary shapes are stated once, as TypedDicts in ``summaries/schema.py``: the validator's
spec is derived from them, and the documentation names every key they require."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.summaries.schema import (
    DRAFT_SPEC,
    MUSRENBANG_SPEC,
    DraftSummary,
    MusrenbangSummary,
    SummaryShapeError,
    spec_of,
    validate_draft_summary,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "summary-json.md"


def _paths(spec, prefix=""):
    """Dotted paths of the keys at the top level and one object down (as the docs' tables name them)."""
    for key, sub in spec.items():
        path = f"{prefix}{key}"
        if isinstance(sub, dict) and not prefix:
            yield from _paths(sub, path + ".")  # an object is documented by its keys
        else:
            yield path + ("[]" if isinstance(sub, list) else "")


def test_the_validators_spec_is_derived_from_the_typeddicts():
    assert DRAFT_SPEC == spec_of(DraftSummary)
    assert MUSRENBANG_SPEC == spec_of(MusrenbangSummary)


def test_optional_keys_are_not_required():
    assert "consultation_opens_at" not in DRAFT_SPEC["scope"]


def test_a_list_of_objects_is_checked_item_by_item():
    assert DRAFT_SPEC["campaigns"][0]["comments"] == [{"id": None, "external_id": None}]


def test_a_missing_nested_key_is_named_by_its_path():
    summary = {key: None for key in DRAFT_SPEC} | {"kind": "draft", "scope": {}}
    with pytest.raises(SummaryShapeError) as raised:
        validate_draft_summary(summary)
    assert "scope.draft_id" in raised.value.problems


@pytest.mark.parametrize("path", [*_paths(DRAFT_SPEC), *_paths(MUSRENBANG_SPEC)])
def test_the_documentation_names_every_required_key(path):
    assert f"`{path}`" in DOCS.read_text(encoding="utf-8")
