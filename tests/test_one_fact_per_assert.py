"""One assertion per fact (issue 19 point 9): ``assert a and b`` fails without saying which of
the two broke, so the suite writes one ``assert`` per fact. ``all(...)``/``any(...)`` over a
collection are one fact and stay."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_assert_joins_facts_with_and() -> None:
    joined = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assert)
                and isinstance(node.test, ast.BoolOp)
                and isinstance(node.test.op, ast.And)
            ):
                joined.append(f"{path.relative_to(TESTS.parent)}:{node.lineno}")
    assert joined == [], "split into one assert per fact"


def test_the_check_sees_a_joined_assert() -> None:
    tree = ast.parse("assert status == 200 and 'ok' in page\n")
    (node,) = tree.body
    assert isinstance(node, ast.Assert)
    assert isinstance(node.test, ast.BoolOp)
    assert isinstance(node.test.op, ast.And)
