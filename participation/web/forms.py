"""Form helpers shared by areas."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def choices(pairs: Iterable[tuple[str, str]], *, blank: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, optionally led by an empty option."""
    items = [SelectChoice(value, label) for value, label in pairs]
    if blank is not None:
        items.insert(0, SelectChoice("", blank))
    return items
