"""The draft summary: one version's units and comments into counts per BAB, pasal and line,
answer progress, themes, mass-campaign groups, proposed wordings and the matriks tanggapan.

``build_draft_summary`` runs its stages in order (campaigns, then themes over what is left, then
the counts), each a named step below; ``public_draft_summary`` takes commenters' names out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from participation.core.i18n import N_
from participation.summaries.aggregation.draft_inputs import (
    CommentRow,
    DraftInputs,
    UnitRow,
    draft_fingerprint,
    matriks_ref,
)
from participation.summaries.aggregation.labels import excerpt, iso_utc, label_for_key
from participation.summaries.aggregation.method import CAMPAIGN_PARAMS, METHOD, THEME_PARAMS
from participation.summaries.schema import STANCES
from participation.summaries.textproc import Doc

OLDEST_UNANSWERED = 20

Progress = Callable[[int, str], None]
# (percent, step) reported when each stage of a summary starts; the service adds its own stages
# (checking, loading, storing) around these
STEP_CAMPAIGNS = (20, N_("Mencari kampanye"))
STEP_THEMES = (45, N_("Mengelompokkan tema"))
STEP_ASSEMBLE = (75, N_("Menyusun ringkasan"))


def _no_progress(_percent: int, _step: str) -> None:
    return None


def _stances() -> dict[str, int]:
    return dict.fromkeys(STANCES, 0)


def build_draft_summary(
    inputs: DraftInputs,
    *,
    now: dt.datetime,
    matriks_bodies: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The draft summary of ``inputs``.

    ``matriks_bodies=False`` gives the form a snapshot stores: each matriks comment is only
    ``{"id", "response_id"}`` (``queries.complete_draft_summary`` fills in the rest from the
    database when a report is made), so a snapshot of 100,000 comments does not carry every body.
    ``progress(percent, step)`` is told when each stage starts.
    """
    report = progress or _no_progress
    units = sorted(inputs.units, key=lambda u: u.ordinal)
    by_key = {u.key: u for u in units}
    visible = [c for c in inputs.comments if not c.hidden]
    top = sorted((c for c in visible if c.parent_id is None), key=lambda c: c.id)
    replies = [c for c in visible if c.parent_id is not None]

    themes, campaign_rows, theme_details = _themes_and_campaigns(top, report)

    report(*STEP_ASSEMBLE)

    # comments on keys that no longer exist in this version's tree still count, in their own row
    orphan_keys = sorted({c.unit_key for c in top} - set(by_key))
    by_pasal = _by_pasal(units, by_key, top, orphan_keys)

    return {
        "kind": "draft",
        "scope": {
            "draft_id": inputs.draft_id,
            "draft_title": inputs.draft_title,
            "version_id": inputs.version_id,
            "version_number": inputs.version_number,
            "city": inputs.city,
            "consultation_opens_at": iso_utc(inputs.opens_at),
            "consultation_closes_at": iso_utc(inputs.closes_at),
            **inputs.extra_scope,
        },
        "generated_at": iso_utc(now),
        "method": dict(METHOD),
        "parameters": {
            "themes": dict(THEME_PARAMS),
            "campaigns": dict(CAMPAIGN_PARAMS),
            "theme_details": theme_details,
        },
        "input_fingerprint": draft_fingerprint(inputs),
        "totals": _totals(top, replies, visible),
        "answered": _answered(top, by_pasal),
        "by_bab": _by_bab(units, by_pasal),
        "by_pasal": by_pasal,
        "themes": themes,
        "campaigns": campaign_rows,
        "proposed_wordings": _proposed_wordings(units, top, orphan_keys),
        "matriks": _matriks(units, by_key, top, orphan_keys, matriks_bodies=matriks_bodies),
    }


def _themes_and_campaigns(
    top: list[CommentRow], report: Progress
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]:
    """Mass campaigns first, then themes over what is left (a campaign is not a theme by mass):
    the theme rows, the campaign rows and the theme method's details."""
    by_id = {c.id: c for c in top}
    docs = [
        Doc(id=c.id, text=c.body, stance=c.stance, unit_key=c.unit_key, external_id=c.external_id)
        for c in top
    ]
    report(*STEP_CAMPAIGNS)
    # numpy / scikit-learn load here, when a summary is computed, not when the app or CLI starts
    from participation.summaries.campaigns import campaign_doc_ids, find_campaigns

    campaigns = find_campaigns(docs, **CAMPAIGN_PARAMS) if len(docs) >= 3 else []
    excluded = campaign_doc_ids(campaigns)
    report(*STEP_THEMES)
    from participation.summaries.themes import find_themes

    theme_result = (
        find_themes(docs, exclude_ids=excluded, **THEME_PARAMS)
        if len(docs) - len(excluded) >= max(6, THEME_PARAMS["min_size"] * 2)
        else None
    )

    def ref(cid: int) -> dict[str, Any]:
        return {"id": cid, "external_id": by_id[cid].external_id}

    themes = []
    for t in theme_result.themes if theme_result else []:
        themes.append(
            {
                "id": t.id,
                "label": t.label,
                "keywords": list(t.keywords),
                "phrases": list(t.phrases),
                "size": t.size,
                "stance_mix": dict(t.stance_mix),
                "top_unit_keys": [[k, n] for k, n in t.top_unit_keys],
                "representatives": [
                    {
                        "id": rid,
                        "external_id": by_id[rid].external_id,
                        "excerpt": excerpt(by_id[rid].body),
                        "unit_key": by_id[rid].unit_key,
                    }
                    for rid in t.representatives
                ],
                "comments": [ref(cid) for cid in t.doc_ids],
            }
        )
    campaign_rows = []
    for camp in campaigns:
        campaign_rows.append(
            {
                "id": camp.id,
                "size": camp.size,
                "canonical_id": camp.canonical_id,
                "canonical_text": camp.canonical_text,
                "variants": [{"text": v.text, "count": v.count} for v in camp.variants],
                "stance_mix": dict(camp.stance_mix),
                "unit_keys": dict(camp.unit_keys),
                "comments": [ref(cid) for cid in camp.doc_ids],
            }
        )
    theme_details = theme_result.params if theme_result else None
    return themes, campaign_rows, theme_details


def _totals(top: list[CommentRow], replies: list[CommentRow], visible: list[CommentRow]) -> dict[str, Any]:
    totals_stance = _stances()
    for c in top:
        if c.stance in totals_stance:
            totals_stance[c.stance] += 1
    commenters = {c.author_id or f"ext:{c.author_display or c.external_id or c.id}" for c in top}
    return {
        "comments": len(top),
        "commenters": len(commenters),
        "replies": len(replies),
        "endorsements": sum(c.endorsements for c in visible),
        "by_stance": totals_stance,
    }


def _by_pasal(
    units: list[UnitRow], by_key: dict[str, UnitRow], top: list[CommentRow], orphan_keys: list[str]
) -> list[dict[str, Any]]:
    """Counts per pasal (the group) with its lines, pasal in text order, then the keys that no
    longer exist in this version."""
    line_counts: dict[str, dict[str, int]] = defaultdict(_stances)
    for c in top:
        if c.stance in STANCES:
            line_counts[c.unit_key][c.stance] += 1
        else:
            line_counts[c.unit_key]
    line_totals = Counter(c.unit_key for c in top)

    groups: dict[str, list[UnitRow]] = defaultdict(list)
    for u in units:
        groups[u.group_key].append(u)

    answered_by_group: Counter[str] = Counter()
    total_by_group: Counter[str] = Counter()
    for c in top:
        g = by_key[c.unit_key].group_key if c.unit_key in by_key else c.unit_key
        total_by_group[g] += 1
        if c.response is not None:
            answered_by_group[g] += 1

    by_pasal = []
    group_order = [
        u.key for u in units if u.key == u.group_key and u.kind not in ("bab", "bagian", "paragraf")
    ]
    for gkey in [*group_order, *orphan_keys]:
        members = groups.get(gkey, [])
        stance = _stances()
        lines = []
        for u in members or []:
            counts = line_counts.get(u.key)
            if counts is None and line_totals.get(u.key, 0) == 0:
                lines.append({"key": u.key, "label": u.label, "total": 0, "by_stance": _stances()})
                continue
            counts = counts or _stances()
            for s in STANCES:
                stance[s] += counts[s]
            lines.append(
                {
                    "key": u.key,
                    "label": u.label,
                    "total": line_totals.get(u.key, 0),
                    "by_stance": dict(counts),
                }
            )
        if not members:
            counts = line_counts.get(gkey, _stances())
            stance = dict(counts)
            lines.append(
                {
                    "key": gkey,
                    "label": label_for_key(gkey) + " (tidak ada di versi ini)",
                    "total": line_totals.get(gkey, 0),
                    "by_stance": dict(counts),
                }
            )
        head = by_key.get(gkey)
        by_pasal.append(
            {
                "key": gkey,
                "label": head.label if head else label_for_key(gkey),
                "bab_key": head.bab_key if head else None,
                "total": total_by_group.get(gkey, 0),
                "by_stance": stance,
                "answered": answered_by_group.get(gkey, 0),
                "lines": lines,
            }
        )
    return by_pasal


def _by_bab(units: list[UnitRow], by_pasal: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_bab = []
    for u in units:
        if u.kind != "bab":
            continue
        stance = _stances()
        total = 0
        for row in by_pasal:
            if row["bab_key"] == u.key:
                total += row["total"]
                for s in STANCES:
                    stance[s] += row["by_stance"][s]
        by_bab.append(
            {"key": u.key, "label": u.label, "heading": u.heading or "", "total": total, "by_stance": stance}
        )
    return by_bab


def _answered(top: list[CommentRow], by_pasal: list[dict[str, Any]]) -> dict[str, Any]:
    answered = sum(1 for c in top if c.response is not None)
    unanswered_list = sorted((c for c in top if c.response is None), key=lambda c: (c.created_at, c.id))
    return {
        "answered": answered,
        "unanswered": len(top) - answered,
        "share": round(answered / len(top), 4) if top else 0.0,
        "by_pasal": [
            {"key": r["key"], "label": r["label"], "answered": r["answered"], "total": r["total"]}
            for r in by_pasal
            if r["total"]
        ],
        "oldest_unanswered": [
            {
                "id": c.id,
                "external_id": c.external_id,
                "unit_key": c.unit_key,
                "created_at": iso_utc(c.created_at),
                "excerpt": excerpt(c.body, 160),
            }
            for c in unanswered_list[:OLDEST_UNANSWERED]
        ],
    }


def _proposed_wordings(
    units: list[UnitRow], top: list[CommentRow], orphan_keys: list[str]
) -> list[dict[str, Any]]:
    wordings: dict[str, list[CommentRow]] = defaultdict(list)
    for c in top:
        if c.suggested_wording and c.suggested_wording.strip():
            wordings[c.unit_key].append(c)
    proposed = []
    for u in [*units, *(UnitRow(k, "", label_for_key(k), None, "", 10**9, None, k) for k in orphan_keys)]:
        items = wordings.get(u.key)
        if not items:
            continue
        items.sort(key=lambda c: (-c.endorsements, c.id))
        proposed.append(
            {
                "unit_key": u.key,
                "label": u.label,
                "current_text": u.text,
                "suggestions": [
                    {
                        "comment_id": c.id,
                        "external_id": c.external_id,
                        "text": c.suggested_wording or "",
                        "endorsements": c.endorsements,
                    }
                    for c in items
                ],
            }
        )
    return proposed


def _matriks(
    units: list[UnitRow],
    by_key: dict[str, UnitRow],
    top: list[CommentRow],
    orphan_keys: list[str],
    *,
    matriks_bodies: bool,
) -> list[dict[str, Any]]:
    per_unit: dict[str, list[CommentRow]] = defaultdict(list)
    for c in top:
        per_unit[c.unit_key].append(c)
    matriks = []
    for key in [*(u.key for u in units), *orphan_keys]:
        items = per_unit.get(key)
        if not items:
            continue
        unit = by_key.get(key)
        matriks.append(
            {
                "unit_key": key,
                "label": unit.label if unit else label_for_key(key),
                "unit_text": unit.text if unit else "",
                "comments": [
                    {
                        "id": c.id,
                        "external_id": c.external_id,
                        "stance": c.stance or "",
                        "author": c.author_display or "Anonim",
                        "body": c.body,
                        "response": None
                        if c.response is None
                        else {
                            "disposition": c.response.disposition,
                            "reason": c.response.reason,
                            "resulting_wording": c.response.resulting_wording,
                        },
                    }
                    if matriks_bodies
                    else matriks_ref(c)
                    for c in items
                ],
            }
        )
    return matriks


def public_draft_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """The public version: no names of commenters (UU 27/2022); figures and texts unchanged.

    Only the matriks is copied (the rest is shared with ``summary``, which callers only read): a
    stored snapshot of 100,000 comments is not deep-copied on every page view."""
    public = dict(summary)
    public["matriks"] = [
        {**row, "comments": [{**c, "author": "Anonim"} if "author" in c else c for c in row["comments"]]}
        for row in summary.get("matriks", [])
    ]
    return public
