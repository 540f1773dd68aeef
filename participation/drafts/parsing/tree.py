"""The mutable parse-tree nodes the parser builds, and their freezing into ``Unit`` values with
unique keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from participation.drafts.parsing.lines import Line
from participation.drafts.parsing.model import Issue, Unit, content_hash


@dataclass(eq=False)
class Node:
    kind: str
    number: str | None
    seg: str
    line_start: int
    flat: bool = False  # key not nested under the parent (body pasal are unique through the text)
    parent: Node | None = None
    heading_parts: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    line_end: int = 0
    style: str | None = None
    marker_indent: int = 0
    tail_from: int | None = None
    tail_kept: bool = False
    explains: bool = False

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        self.touch(child.line_start)
        return child

    def touch(self, line_no: int) -> None:
        node: Node | None = self
        while node is not None:
            node.line_end = max(node.line_end, line_no)
            node = node.parent

    def append(self, text: str, line_no: int) -> None:
        if text:
            self.parts.append(text)
        self.touch(line_no)


def new_node(kind: str, number: str | None, seg: str, line: Line, **extra: Any) -> Node:
    node = Node(kind=kind, number=number, seg=seg, line_start=line.no, **extra)
    node.line_end = line.no
    return node


def _join(parts: list[str]) -> str:
    joined = ""
    for part in parts:
        if not joined:
            joined = part
        elif joined.endswith("-") and part[:1].islower():
            # Indonesian reduplication wrapped at the hyphen ("rambu-/rambu"): keep the hyphen.
            joined += part
        else:
            joined += " " + part
    return joined


def freeze_node(node: Node, parent_key: str, used: set[str], root: str = "") -> Unit:
    key = node.seg if node.flat or not parent_key else f"{parent_key}/{node.seg}"
    base, suffix = key, 2
    while key in used:
        key, suffix = f"{base}-{suffix}", suffix + 1
    used.add(key)
    heading = " ".join(node.heading_parts) or None
    text = _join(node.parts)
    target = None
    if root and node.explains:
        target = key.removeprefix(root + "/")
    return Unit(
        kind=node.kind,
        number=node.number,
        key=key,
        heading=heading,
        text=text,
        children=[freeze_node(child, key, used, root) for child in node.children],
        line_start=node.line_start,
        line_end=max(node.line_end, node.line_start),
        content_hash=content_hash(heading, text),
        target_key=target,
    )


class Pass:
    """One pass over the prepared lines; findings are shared by every pass of one parse."""

    def __init__(
        self, lines: list[Line], warnings: list[Issue], errors: list[Issue], aside: list[dict[str, Any]]
    ) -> None:
        self.lines = lines
        self.warnings = warnings
        self.errors = errors
        self.aside = aside

    def set_aside(self, line: Line, kind: str, why: str) -> None:
        """A line kept out of every unit: listed, with the reason, for the parse check."""
        self.aside.append({"line": line.no, "text": line.text, "kind": kind, "why": why})

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.warnings.append(Issue(code, message, line))

    def error(self, code: str, message: str, line: int | None) -> None:
        self.errors.append(Issue(code, message, line))
