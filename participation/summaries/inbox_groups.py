"""The drafts inbox's theme and campaign filters (issue 15): the themes and campaign groups of
the newest summary of the version, given to ``participation.drafts.inbox`` (drafts, below the
summaries, does not import them). Must not import Flask."""

from __future__ import annotations

from sqlalchemy.orm import Session

from participation.drafts.inbox import Group, provide_groups
from participation.drafts.models import DraftVersion
from participation.summaries.queries import latest_snapshot


def _ids(item: dict) -> list[int]:
    return [int(c["id"]) for c in item.get("comments") or () if isinstance(c, dict) and "id" in c]


@provide_groups
def version_groups(session: Session, version: DraftVersion) -> tuple[list[Group], list[Group]]:
    """Themes labelled by their name (or their first keywords, for a summary made before themes
    had names), campaigns by the start of their letter."""
    snapshot = latest_snapshot(session, "draft", f"version:{version.id}")
    result = (snapshot.result if snapshot is not None else None) or {}
    themes = [
        Group(str(t.get("id")), t.get("label") or ", ".join((t.get("keywords") or [])[:3]), _ids(t))
        for t in result.get("themes") or ()
        if isinstance(t, dict)
    ]
    campaigns = [
        Group(str(c.get("id")), (c.get("canonical_text") or "")[:80], _ids(c))
        for c in result.get("campaigns") or ()
        if isinstance(c, dict)
    ]
    return themes, campaigns
