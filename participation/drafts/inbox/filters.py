"""What the inbox is narrowed to: the ``Filter`` read from the page's GET parameters (``ARGS``,
Indonesian as the site's URLs; an unknown value is no filter), and the values its filters take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from participation.comments.models import Source, Stance, Visibility

PER_PAGE = 50
REMOVED = "dihapus"  # the pasal filter's value for comments whose clause was removed
LISTED = (Visibility.VISIBLE.value, Visibility.HIDDEN.value)
ANSWERED = ("sudah", "belum")
ORIGINS = ("ini", "sebelumnya")  # made on this version / carried from an earlier one
MAX_QUERY = 200
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Filter:
    """What the inbox is narrowed to; each field is a GET parameter (``ARGS``) of the page."""

    bab: str = ""
    pasal: str = ""
    stance: str = ""
    answered: str = ""
    source: str = ""
    theme: str = ""
    campaign: str = ""
    origin: str = ""
    q: str = ""

    @classmethod
    def parse(cls, get) -> Filter:
        """Tolerant of anything a URL may hold: an unknown value is no filter."""

        def one(name: str, allowed: tuple[str, ...] | None = None, size: int = 60) -> str:
            value = (get(ARGS[name]) or "").strip()[:size]
            return value if allowed is None or value in allowed else ""

        return cls(
            bab=one("bab"),
            pasal=one("pasal"),
            stance=one("stance", tuple(Stance)),
            answered=one("answered", ANSWERED),
            source=one("source", tuple(Source)),
            theme=one("theme"),
            campaign=one("campaign"),
            origin=one("origin", ORIGINS),
            q=" ".join(one("q", size=MAX_QUERY).split()),
        )

    def args(self) -> dict[str, str]:
        """The non-empty filters as URL arguments."""
        return {ARGS[f.name]: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def without(self, name: str) -> dict[str, str]:
        return replace(self, **{name: ""}).args()

    @property
    def active(self) -> bool:
        return bool(self.args())

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.q.lower())[:20]


# the page's parameter for each filter (Indonesian, as the rest of the site's URLs)
ARGS = {
    "bab": "bab",
    "pasal": "pasal",
    "stance": "sikap",
    "answered": "status",
    "source": "sumber",
    "theme": "tema",
    "campaign": "kampanye",
    "origin": "asal",
    "q": "q",
}
