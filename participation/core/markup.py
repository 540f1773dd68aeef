"""Markdown to safe HTML: the one place where user text becomes markup. Must not import Flask.

Every piece of user-written rich text goes through :func:`render_markdown`; templates mark only
its output as safe. Raw HTML in the input is escaped, links get rel="nofollow noopener ugc".
"""

from __future__ import annotations

import functools
import threading

import bleach
import markdown as md
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _nofollow(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


# bleach's Linker keeps parser state between calls: one shared instance broke (IndexError in
# html5lib) when gunicorn threads rendered comments at once, so each thread gets its own.
_local = threading.local()


def _linker() -> Linker:
    linker = getattr(_local, "linker", None)
    if linker is None:
        linker = _local.linker = Linker(callbacks=[_nofollow], skip_tags={"pre", "code"})
    return linker


# A pure function of the text: a unit page re-renders the same 20 comment bodies on every view
# (about 2 ms each through markdown and bleach), so recent results are kept (bounded; in memory
# only, per process).
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str | None) -> str:
    if not text:
        return ""
    html = md.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    clean = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        # strip=False escapes disallowed tags, so "<script>" shows as text instead of vanishing
        strip=False,
    )
    return _linker().linkify(clean)
