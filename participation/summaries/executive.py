"""The ringkasan eksekutif of a draft summary: what a DPRD member reads instead of 5,000 comments.

``executive_content(result, limits)`` picks from a (public) draft summary dict the few rows that
matter — key figures, the clauses with the most objections, the largest themes with a quote or
two, mass campaigns, answer progress and the proposed wordings with the most support — each
truncated to a bounded length. The page renders it with the default limits; the PDF builder
(``reports/executive.py``) steps down ``LEVELS`` until the document fits on two A4 pages, so the
least important rows go first rather than spilling onto a third page.

Pure: plain dicts in, plain dicts out. Must not import Flask, SQLAlchemy or any area package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from participation.summaries.aggregation import excerpt, label_for_key
from participation.summaries.schema import STANCES


@dataclass(frozen=True)
class Limits:
    """How many rows of each part, and how long each text may be (characters)."""

    pasal: int = 5
    themes: int = 6
    quotes: int = 2
    quote_chars: int = 220
    theme_units: int = 3
    campaigns: int = 4
    campaign_chars: int = 180
    wordings: int = 3
    wording_chars: int = 260
    title_chars: int = 220


# From the fullest to the leanest: quotes shorten first, then themes and campaigns thin out,
# then wordings; the last level is small enough to fit whatever the data (every text bounded).
LEVELS: tuple[Limits, ...] = (
    Limits(),
    Limits(quote_chars=160, campaign_chars=140, wording_chars=200),
    Limits(quotes=1, quote_chars=160, campaign_chars=140, wording_chars=200),
    Limits(themes=5, quotes=1, quote_chars=140, campaigns=3, campaign_chars=120, wording_chars=180),
    Limits(
        pasal=5,
        themes=4,
        quotes=1,
        quote_chars=120,
        theme_units=2,
        campaigns=3,
        campaign_chars=100,
        wordings=2,
        wording_chars=160,
        title_chars=160,
    ),
    Limits(
        pasal=4,
        themes=3,
        quotes=1,
        quote_chars=100,
        theme_units=2,
        campaigns=2,
        campaign_chars=90,
        wordings=2,
        wording_chars=120,
        title_chars=140,
    ),
    Limits(
        pasal=3,
        themes=3,
        quotes=0,
        quote_chars=80,
        theme_units=1,
        campaigns=1,
        campaign_chars=80,
        wordings=1,
        wording_chars=100,
        title_chars=120,
    ),
)


def theme_label(theme: Mapping[str, Any]) -> str:
    """The phrase a reader sees: the drafter's or the computed label, else the top keywords
    (snapshots from before labels existed)."""
    return str(theme.get("label") or ", ".join(theme.get("keywords", [])[:3]))


def _when(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def unit_labels(result: Mapping[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in result.get("by_pasal", []):
        labels[row["key"]] = row["label"]
        labels.update({line["key"]: line["label"] for line in row.get("lines", [])})
    return labels


def _stances(counts: Mapping[str, Any]) -> dict[str, int]:
    return {s: int(counts.get(s, 0) or 0) for s in STANCES}


def executive_content(
    result: Mapping[str, Any], limits: Limits = LEVELS[0], *, computed_at: Any = None
) -> dict[str, Any]:
    """The executive summary's content from a draft summary dict (use the public one: it
    carries no names, and the texts chosen here are excerpts of comments and wordings only).

    ``computed_at`` (datetime or ISO text) overrides the result's own ``computed_at`` /
    ``generated_at``."""
    labels = unit_labels(result)

    def label(key: str) -> str:
        # a label is a citation ('Pasal 5 ayat (2)'); an orphan key's may be long: keep it a line
        return excerpt(labels.get(key) or label_for_key(key), 60)

    scope = result["scope"]
    totals, answered = result["totals"], result["answered"]
    comments = int(totals.get("comments") or 0)

    objections, pasal_rows = _objections(result, limits)
    themes_all, theme_rows = _themes(result, limits, label)
    campaigns_all, campaign_rows = _campaigns(result, limits, label)
    suggestions, wording_rows = _wordings(result, limits)
    oldest = answered.get("oldest_unanswered") or []
    unanswered_by_pasal = _unanswered_by_pasal(answered)
    computed = _when(computed_at or result.get("computed_at") or result.get("generated_at"))
    return {
        "scope": {
            "title": excerpt(scope.get("draft_title", ""), limits.title_chars),
            "version_number": scope.get("version_number"),
            "version_id": scope.get("version_id"),
            "city": scope.get("city", ""),
            "opens_at": _when(scope.get("consultation_opens_at")),
            "closes_at": _when(scope.get("consultation_closes_at")),
        },
        "computed_at": computed,
        "newer_input_waiting": bool(result.get("newer_input_waiting")),
        "figures": {
            "comments": comments,
            "commenters": int(totals.get("commenters") or 0),
            "by_stance": _stances(totals.get("by_stance", {})),
            "answered": int(answered.get("answered") or 0),
            "unanswered": int(answered.get("unanswered") or 0),
            "share": float(answered.get("share") or 0.0),
        },
        "objections": pasal_rows,
        "objection_pasal_count": len(objections),
        "themes": theme_rows,
        "theme_count": len(themes_all),
        "themed_comments": sum(int(t["size"]) for t in themes_all),
        "campaigns": campaign_rows,
        "campaign_count": len(campaigns_all),
        "campaign_comments": sum(int(c["size"]) for c in campaigns_all),
        "progress": {
            "answered": int(answered.get("answered") or 0),
            "total": comments,
            "unanswered": int(answered.get("unanswered") or 0),
            "oldest_unanswered_at": _when(oldest[0]["created_at"]) if oldest else None,
            "oldest_listed": len(oldest),
            "most_open": unanswered_by_pasal[:3],
        },
        "wordings": wording_rows,
        "wording_count": len(suggestions),
        "outcomes": outcome_line(result.get("outcomes")),
    }


def _objections(
    result: Mapping[str, Any], limits: Limits
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The pasal with objections, most first, and the rows shown of them."""
    objections = sorted(
        (row for row in result.get("by_pasal", []) if int(row["by_stance"].get("object", 0) or 0)),
        key=lambda r: (-int(r["by_stance"]["object"]), -int(r["total"]), r["label"]),
    )
    pasal_rows = [
        {
            "key": r["key"],
            "label": excerpt(r["label"], 80),
            "object": int(r["by_stance"]["object"]),
            "total": int(r["total"]),
            "answered": int(r.get("answered") or 0),
            "share": int(r["by_stance"]["object"]) / int(r["total"]) if r["total"] else 0.0,
        }
        for r in objections[: limits.pasal]
    ]
    return objections, pasal_rows


def _themes(
    result: Mapping[str, Any], limits: Limits, label: Callable[[str], str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every theme, largest first, and the rows shown of them."""
    themes_all = sorted(result.get("themes", []), key=lambda t: (-int(t["size"]), t["id"]))
    theme_rows = [
        {
            "id": t["id"],
            "label": excerpt(theme_label(t), 90),
            "edited": bool(t.get("edited")),
            "size": int(t["size"]),
            "stance_mix": _stances(t.get("stance_mix", {})),
            "units": [[label(k), int(n)] for k, n in t.get("top_unit_keys", [])[: limits.theme_units]],
            "quotes": [
                excerpt(q["excerpt"], limits.quote_chars)
                for q in t.get("representatives", [])[: limits.quotes]
            ],
        }
        for t in themes_all[: limits.themes]
    ]
    return themes_all, theme_rows


def _campaigns(
    result: Mapping[str, Any], limits: Limits, label: Callable[[str], str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every campaign group, largest first, and the rows shown of them."""
    campaigns_all = sorted(result.get("campaigns", []), key=lambda c: (-int(c["size"]), c["id"]))
    campaign_rows = [
        {
            "id": c["id"],
            "size": int(c["size"]),
            "excerpt": excerpt(c.get("canonical_text", ""), limits.campaign_chars),
            "stance_mix": _stances(c.get("stance_mix", {})),
            "units": [label(k) for k in list(c.get("unit_keys", {}))[:2]],
        }
        for c in campaigns_all[: limits.campaigns]
    ]
    return campaigns_all, campaign_rows


def _wordings(result: Mapping[str, Any], limits: Limits) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every proposed wording, most endorsed first, and the rows shown of them."""
    suggestions = sorted(
        (
            {
                "label": excerpt(w["label"], 60),
                "unit_key": w["unit_key"],
                "comment_id": s["comment_id"],
                "text": s["text"],
                "endorsements": int(s.get("endorsements") or 0),
            }
            for w in result.get("proposed_wordings", [])
            for s in w.get("suggestions", [])
            if (s.get("text") or "").strip()
        ),
        key=lambda s: (-s["endorsements"], s["comment_id"]),
    )
    wording_rows = [
        {**s, "text": excerpt(s["text"], limits.wording_chars)} for s in suggestions[: limits.wordings]
    ]
    return suggestions, wording_rows


def _unanswered_by_pasal(answered: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The pasal with unanswered comments, most open first."""
    unanswered_by_pasal = sorted(
        (
            {"label": excerpt(r["label"], 60), "open": int(r["total"]) - int(r["answered"])}
            for r in answered.get("by_pasal", [])
            if int(r["total"]) > int(r["answered"])
        ),
        key=lambda r: (-r["open"], r["label"]),
    )
    return unanswered_by_pasal


def outcome_line(outcomes: Mapping[str, Any] | None, *, pasal: int = 12) -> dict[str, Any] | None:
    """ "n masukan diterima (termasuk sebagian), m pasal berubah karena masukan publik" with
    the first ``pasal`` of them named, once a final or enacted text exists (the summary's
    ``outcomes`` key, issue 16); None before."""
    if not outcomes:
        return None
    changed = [str(p) for p in outcomes.get("pasal_changed") or []]
    return {
        "accepted": int(outcomes.get("accepted") or 0),
        "pasal_count": len(changed),
        "pasal": changed[:pasal],
        "more": max(len(changed) - pasal, 0),
        "enacted": outcomes.get("measured_on") == "enacted",
        "perda_number": outcomes.get("perda_number"),
        "version_number": outcomes.get("version_number"),
    }
