"""The longest test files start first under xdist (tests/conftest.py LONGEST_FIRST, issue 19
point 9): a renamed or deleted file must leave the list, or the ordering silently stops helping."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import LONGEST_FIRST, _longest_first

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", LONGEST_FIRST)
def test_each_listed_file_exists(path: str) -> None:
    assert (ROOT / path).is_file()


def test_listed_files_move_to_the_front_in_their_order() -> None:
    class Item:
        def __init__(self, nodeid: str) -> None:
            self.nodeid = nodeid

    items = [
        Item("tests/a.py::t1"),
        Item(f"{LONGEST_FIRST[1]}::t"),
        Item("tests/a.py::t2"),
        Item(f"{LONGEST_FIRST[0]}::t"),
    ]
    _longest_first(items)  # type: ignore[arg-type]
    assert [i.nodeid for i in items] == [
        f"{LONGEST_FIRST[0]}::t",
        f"{LONGEST_FIRST[1]}::t",
        "tests/a.py::t1",
        "tests/a.py::t2",
    ]
