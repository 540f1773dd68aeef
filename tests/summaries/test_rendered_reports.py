"""A report file is rendered once per content (summaries.rendered_reports): the same summary dict
serves the kept bytes, any change to the dict renders anew, and the kept files stay within their
byte budget, least recently used out first."""

from __future__ import annotations

import copy

import pytest

from participation.core.kept_files import KeptFiles as RenderedFiles
from participation.summaries.rendered_reports import content_key, render_summary
from tests.summaries.sample_data import draft_summary as full_draft_summary


def draft_summary() -> dict:
    """The sample draft's summary with a short matriks: every section, a fraction of the pages
    (the full PDF takes seconds to render)."""
    result = full_draft_summary()
    result["matriks"] = result["matriks"][:5]
    return result


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_same_summary_is_rendered_once(fmt):
    files = RenderedFiles()
    result = draft_summary()
    first = render_summary(result, fmt, files=files)
    again = render_summary(copy.deepcopy(result), fmt, files=files)
    assert again is first  # the kept bytes themselves: rendered once
    assert (files.hits, files.misses) == (1, 1)


def test_any_change_to_the_summary_renders_anew():
    files = RenderedFiles()
    result = draft_summary()
    before = render_summary(result, "pdf", files=files)
    changed = copy.deepcopy(result)
    changed["totals"]["comments"] += 1
    after = render_summary(changed, "pdf", files=files)
    assert after != before
    assert (files.hits, files.misses) == (0, 2)


def test_the_key_ignores_key_order_and_tells_formats_apart():
    result = draft_summary()
    reordered = dict(reversed(list(result.items())))
    assert content_key(result, "pdf") == content_key(reordered, "pdf")
    assert content_key(result, "pdf") != content_key(result, "xlsx")


def test_json_is_never_kept():
    files = RenderedFiles()
    render_summary(draft_summary(), "json", files=files)
    assert (files.hits, files.misses) == (0, 0)


def test_kept_files_stay_within_the_budget_oldest_use_out_first():
    files = RenderedFiles(max_bytes=10, max_one=6)
    files.put("a", b"aaaa")
    files.put("b", b"bbbb")
    assert files.get("a") == b"aaaa"  # a is now the most recently used
    files.put("c", b"cccc")  # 12 bytes: b goes
    assert files.get("b") is None
    assert files.get("a") == b"aaaa"
    assert files.get("c") == b"cccc"
    files.put("big", b"x" * 7)  # over max_one: never kept
    assert files.get("big") is None
    files.put("a", b"AAAAA")  # replacing counts the new size only: 5 + 4
    assert files.get("a") == b"AAAAA"
    assert files.get("c") == b"cccc"
