"""Page numbers from query strings, tolerant of hostile input (never a 500)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request

MAX_PAGE = 100_000


def page_arg(name: str = "hal") -> int:
    raw = request.args.get(name, "1")
    # isascii: "²" and "١" are isdigit() too; int("²") raises
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        abort(400)
    return int(raw)


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages
