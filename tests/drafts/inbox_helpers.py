"""Shared by the inbox tests: comments added in bulk (as an office's import would), a summary
snapshot with themes and campaigns, and the inbox's URL."""

from __future__ import annotations

import datetime as dt

from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.drafts import services
from participation.summaries.models import SummarySnapshot

REASON = "Sudah dibahas tim penyusun bersama perangkat daerah."


def add(
    session,
    version,
    key: str,
    n: int = 1,
    *,
    stance: str = "object",
    source: str = "surat",
    body: str = "Masukan nomor {i}",
    author=None,
    visibility: str = Visibility.VISIBLE.value,
) -> list[Comment]:
    unit = services.get_unit(session, version, key)
    now = utcnow()
    made = [
        Comment(
            target_id=unit.comment_target_id,
            author_id=author.id if author else None,
            author_name=None if author else f"Forum Warga {i}",
            source=source,
            stance=stance,
            body=body.format(i=i),
            visibility=visibility,
            created_at=now + dt.timedelta(seconds=i),
        )
        for i in range(n)
    ]
    session.add_all(made)
    session.flush()
    return made


def snapshot(
    session, version, themes: list[tuple[str, list[Comment]]], campaigns: list[list[Comment]] = ()
) -> None:
    """The newest summary of ``version`` (dated ahead, so a refresh made meanwhile is older)."""

    def refs(comments):
        return [{"id": c.id, "external_id": c.external_id} for c in comments]

    result = {
        "themes": [
            {"id": n + 1, "label": label, "keywords": label.split(), "comments": refs(cs)}
            for n, (label, cs) in enumerate(themes)
        ],
        "campaigns": [
            {"id": n + 1, "size": len(cs), "canonical_text": cs[0].body, "comments": refs(cs)}
            for n, cs in enumerate(campaigns)
        ],
    }
    session.add(
        SummarySnapshot(
            kind="draft",
            scope_key=f"version:{version.id}",
            scope={"version_id": version.id},
            input_fingerprint="x" * 8,
            method={},
            parameters={},
            result=result,
            created_at=utcnow() + dt.timedelta(hours=1),
        )
    )
    session.flush()


def inbox_url(version, **args: str) -> str:
    from urllib.parse import urlencode

    url = f"/raperda/{version.draft_id}/versi/{version.number}/kotak-masuk"
    return url + ("?" + urlencode(args) if args else "")
