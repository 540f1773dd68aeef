"""What every inbox page needs besides its comments: the version's unit tree (for the BAB and
pasal filters) and the themes and campaigns of its newest summary, given by a loader the
summaries area provides (``provide_groups``), since drafts does not import the area above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session, load_only

from participation.drafts.inbox.filters import REMOVED
from participation.drafts.models import DraftUnit, DraftVersion, unit_label


@dataclass
class Group:
    """A theme or a campaign of the newest summary of the version."""

    id: str
    label: str
    comment_ids: list[int]

    @property
    def size(self) -> int:
        return len(self.comment_ids)


@dataclass
class Context:
    """What every inbox page needs besides its comments: the version's unit tree (for the BAB
    and pasal filters) and the themes and campaigns of its newest summary. Two statements."""

    version: DraftVersion
    units: list[DraftUnit]
    themes: list[Group]
    campaigns: list[Group]
    _children: dict[int | None, list[DraftUnit]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units:
            self._children.setdefault(unit.parent_id, []).append(unit)

    def options(self, kind: str) -> list[tuple[str, str]]:
        return [(u.key, _unit_title(u)) for u in self.units if u.kind == kind]

    def subtree(self, key: str) -> list[int]:
        """The ids of the unit ``key`` and of every unit below it (none for an unknown key)."""
        found = [u for u in self.units if u.key == key]
        out: list[int] = []
        while found:
            unit = found.pop()
            out.append(unit.id)
            found.extend(self._children.get(unit.id, ()))
        return out

    def pasal_of(self, unit_id: int | None) -> str:
        key = self._keys.get(unit_id) if unit_id is not None else None
        return key.split("/")[0] if key else REMOVED

    @property
    def _keys(self) -> dict[int, str]:
        if "_k" not in self.__dict__:
            self.__dict__["_k"] = {u.id: u.key for u in self.units}
        return self.__dict__["_k"]

    def group(self, kind: str, group_id: str) -> Group | None:
        groups = self.themes if kind == "theme" else self.campaigns
        return next((g for g in groups if g.id == group_id), None)


def _unit_title(unit: DraftUnit) -> str:
    label = unit_label(unit.key)
    return f"{label} \u2014 {unit.heading}" if unit.heading else label


def context(session: Session, version: DraftVersion) -> Context:
    units = list(
        session.scalars(
            select(DraftUnit)
            .where(DraftUnit.version_id == version.id)
            .order_by(DraftUnit.ordinal)
            .options(
                load_only(
                    DraftUnit.id,
                    DraftUnit.key,
                    DraftUnit.kind,
                    DraftUnit.heading,
                    DraftUnit.parent_id,
                    DraftUnit.ordinal,
                )
            )
        )
    )
    themes, campaigns = _groups(session, version)
    return Context(version, units, themes, campaigns)


# The themes and campaign groups come from the summaries, an area above this one: it gives a
# loader (``participation.summaries.inbox_groups``) rather than drafts importing it.
GroupLoader = Callable[[Session, DraftVersion], tuple[list[Group], list[Group]]]
_group_loaders: list[GroupLoader] = []


def provide_groups(loader: GroupLoader) -> GroupLoader:
    if loader not in _group_loaders:
        _group_loaders.append(loader)
    return loader


def _groups(session: Session, version: DraftVersion) -> tuple[list[Group], list[Group]]:
    themes: list[Group] = []
    campaigns: list[Group] = []
    for loader in _group_loaders:
        more_themes, more_campaigns = loader(session, version)
        themes += more_themes
        campaigns += more_campaigns
    return themes, campaigns
