"""The English catalog, checked in the normal pytest run (CI's pybabel step only prints
statistics): every message of messages.pot translated and not fuzzy, its placeholders kept, the
.mo compiled from the .po. Extract, update and compile with the three pybabel commands of the
README; participation/translations/babel.cfg names what is read."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "participation" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def test_every_message_of_the_template_has_its_english():
    template = _catalog(TRANSLATIONS / "messages.pot")
    english = _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    missing = []
    for message in template:
        if not message.id:
            continue
        found = english.get(message.id)
        strings = (
            () if found is None else found.string if isinstance(found.string, tuple) else (found.string,)
        )
        if found is None or found.fuzzy or not all(strings):
            missing.append(message.id)
    assert missing == []


def test_translations_keep_their_placeholders():
    english = _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    wrong = []
    for message in english:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(set(PLACEHOLDER.findall(ids[-1])))
        wrong.extend(
            (ids[0], text) for text in strings if sorted(set(PLACEHOLDER.findall(text or ""))) != expected
        )
    assert wrong == []


def test_the_compiled_catalog_is_the_catalog():
    english = _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = read_mo(f)
    assert _pairs(compiled) == _pairs(english)


def _pairs(catalog) -> dict:
    def plain(value):  # read_mo gives a plural as a list, read_po as a tuple
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(m.id): plain(m.string) for m in catalog if m.id}
