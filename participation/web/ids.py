"""Row ids from URLs and forms: only 1..2,147,483,647 (PostgreSQL's ``integer``) ever reaches a query.

A larger number in a query is a DataError ("integer out of range") on PostgreSQL, i.e. a 500, while
SQLite just finds nothing. So ``<int:…>`` in every route is :class:`BoundedIntConverter` (anything
else is a 404 before the view runs), and ids posted in forms go through :func:`parse_id` /
:func:`parse_ids`, which treat an out-of-range or malformed id as absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, ValidationError

MAX_ID = 2_147_483_647  # PostgreSQL integer / SERIAL
_ID = re.compile(r"[1-9][0-9]{0,9}")  # ASCII digits only: "²".isdigit() is True, int("²") fails


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to 1..MAX_ID: no sign, no leading zero, no non-ASCII digits."""

    regex = _ID.pattern

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        if not _ID.fullmatch(value):
            raise ValidationError
        number = super().to_python(value)
        if not 1 <= number <= MAX_ID:  # the min/max arguments could have been widened
            raise ValidationError
        return number


def init_app(app: Flask) -> None:
    """Before any blueprint: a rule takes its converter when it is added to the map."""
    app.url_map.converters["int"] = BoundedIntConverter


def parse_id(raw: object) -> int | None:
    """A posted id as an int, or None when it is not one a row could have."""
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    if not _ID.fullmatch(raw):
        return None
    number = int(raw)
    return number if number <= MAX_ID else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The valid ids among ``values``, in order, without repeats; the others are dropped."""
    seen: dict[int, None] = {}
    for raw in values:
        number = parse_id(raw)
        if number is not None:
            seen.setdefault(number, None)
    return list(seen)


def is_id(raw: object) -> bool:
    return parse_id(raw) is not None
