"""A stored draft summary without the comments that are no longer public (issue 15).

A snapshot is made before a moderator hides a comment (or while a held comment was briefly
visible); until the background refresh stores the next one, every page, JSON and report reads
the snapshot through ``strip_withdrawn``, which takes out every trace of those comments — the
matriks row, the theme quote, the campaign text or variant that is that comment's text, the
proposed wording, the "oldest unanswered" excerpt — and adjusts the figures it can adjust exactly
(totals, by stance, per pasal and BAB, answered). It cannot know how many distinct people remain
(``commenters``), so a summary that lost a counted comment is reported as not exact: the page then
says the summary is being updated.

Pure: no database, no Flask (``current.py`` reads which comments are withdrawn).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from participation.core.i18n import N_

CANONICAL_WITHDRAWN = N_("(Teks contoh kelompok ini disembunyikan moderator; ringkasan sedang diperbarui.)")


@dataclass(frozen=True)
class Withdrawn:
    """A comment of the version that is not public now (hidden, pending or unconfirmed)."""

    id: int
    stance: str | None
    parent_id: int | None
    endorsements: int = 0
    body: str | None = None  # read only when a campaign of the snapshot counts the comment


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def campaign_comment_ids(summary: Mapping[str, Any]) -> set[int]:
    """Ids a snapshot's campaigns count: whose bodies ``strip_withdrawn`` needs to compare."""
    return {c["id"] for camp in summary.get("campaigns") or [] for c in camp.get("comments", [])}


def _minus(counts: Mapping[str, int], stance: str | None) -> dict[str, int]:
    out = dict(counts)
    if stance in out:
        out[stance] = max(0, out[stance] - 1)
    return out


def strip_withdrawn(
    summary: dict[str, Any],
    withdrawn: Mapping[int, Withdrawn],
) -> tuple[dict[str, Any], bool]:
    """(the summary without ``withdrawn`` comments, exact). ``exact`` is False when a comment
    the snapshot counted was taken out (some figure, at least ``commenters``, may be off by it
    until the refresh). The input is not changed; parts without a withdrawn comment are shared.
    """
    if not withdrawn:
        return summary, True
    matriks, counted = _matriks_without(summary, withdrawn)
    out = dict(summary)
    out["matriks"] = matriks
    out["themes"] = [_theme(t, withdrawn, counted) for t in summary.get("themes") or []]
    out["campaigns"] = [_campaign(c, withdrawn, counted) for c in summary.get("campaigns") or []]
    out["proposed_wordings"] = [
        {**w, "suggestions": kept}
        for w in summary.get("proposed_wordings") or []
        if (kept := [s for s in w["suggestions"] if s["comment_id"] not in withdrawn])
    ]
    answered = dict(summary["answered"])
    answered["oldest_unanswered"] = [
        c for c in answered.get("oldest_unanswered", []) if c["id"] not in withdrawn
    ]
    out["answered"] = answered
    if not counted:
        return out, True

    totals, by_pasal, n_answered = _figures_without(summary, withdrawn, counted)
    out["totals"] = totals
    out["by_pasal"] = by_pasal
    out["by_bab"] = [_bab(b, by_pasal) for b in summary.get("by_bab") or []]
    answered["answered"] -= n_answered
    answered["unanswered"] = totals["comments"] - answered["answered"]
    answered["share"] = round(answered["answered"] / totals["comments"], 4) if totals["comments"] else 0.0
    answered["by_pasal"] = [
        {"key": r["key"], "label": r["label"], "answered": r["answered"], "total": r["total"]}
        for r in by_pasal
        if r["total"]
    ]
    return out, False


def _matriks_without(
    summary: dict[str, Any], withdrawn: Mapping[int, Withdrawn]
) -> tuple[list[dict[str, Any]], dict[int, tuple[str, bool]]]:
    """The matriks without the withdrawn comments, and those the snapshot counted: id → (unit
    key, answered)."""
    # the matriks lists every top-level comment the snapshot counted, under its unit
    counted: dict[int, tuple[str, bool]] = {}  # id -> (unit key, answered)
    matriks = []
    for row in summary.get("matriks") or []:
        kept = []
        for c in row["comments"]:
            if c["id"] in withdrawn:
                answered = (c.get("response_id") if "response_id" in c else c.get("response")) is not None
                counted[c["id"]] = (row["unit_key"], answered)
            else:
                kept.append(c)
        if kept:
            matriks.append(row if len(kept) == len(row["comments"]) else {**row, "comments": kept})
    return matriks, counted


def _figures_without(
    summary: dict[str, Any], withdrawn: Mapping[int, Withdrawn], counted: dict[int, tuple[str, bool]]
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """The totals and the per-pasal rows less the counted withdrawn comments, and how many of
    those were answered."""
    totals = dict(summary["totals"])
    by_stance = dict(totals["by_stance"])
    line_to_pasal = {line["key"]: row["key"] for row in summary["by_pasal"] for line in row["lines"]}
    pasal_rows = {
        row["key"]: {
            **row,
            "by_stance": dict(row["by_stance"]),
            "lines": [{**ln, "by_stance": dict(ln["by_stance"])} for ln in row["lines"]],
        }
        for row in summary["by_pasal"]
    }
    n_answered = 0
    for cid, (unit_key, was_answered) in counted.items():
        w = withdrawn[cid]
        totals["comments"] -= 1
        totals["endorsements"] = max(0, totals.get("endorsements", 0) - w.endorsements)
        by_stance = _minus(by_stance, w.stance)
        n_answered += was_answered
        row = pasal_rows.get(line_to_pasal.get(unit_key, unit_key))
        if row is None:
            continue
        row["total"] -= 1
        row["by_stance"] = _minus(row["by_stance"], w.stance)
        row["answered"] -= was_answered
        for line in row["lines"]:
            if line["key"] == unit_key:
                line["total"] -= 1
                line["by_stance"] = _minus(line["by_stance"], w.stance)
    totals["by_stance"] = by_stance
    by_pasal = [pasal_rows[row["key"]] for row in summary["by_pasal"]]
    return totals, by_pasal, n_answered


def _bab(bab: dict[str, Any], by_pasal: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [r for r in by_pasal if r.get("bab_key") == bab["key"]]
    stance = {s: sum(r["by_stance"].get(s, 0) for r in rows) for s in bab["by_stance"]}
    return {**bab, "total": sum(r["total"] for r in rows), "by_stance": stance}


def _theme(
    theme: dict[str, Any], withdrawn: Mapping[int, Withdrawn], counted: Mapping[int, tuple[str, bool]]
) -> dict[str, Any]:
    gone = [c["id"] for c in theme.get("comments", []) if c["id"] in withdrawn]
    reps = [r for r in theme.get("representatives", []) if r["id"] not in withdrawn]
    if not gone and len(reps) == len(theme.get("representatives", [])):
        return theme
    stance_mix = dict(theme.get("stance_mix", {}))
    units = {k: n for k, n in theme.get("top_unit_keys", [])}
    for cid in gone:
        stance_mix = _minus(stance_mix, withdrawn[cid].stance)
        key = counted.get(cid, (None, False))[0]
        if key in units:
            units[key] -= 1
    return {
        **theme,
        "size": max(0, theme.get("size", 0) - len(gone)),
        "stance_mix": stance_mix,
        "top_unit_keys": [[k, n] for k, n in units.items() if n > 0],
        "representatives": reps,
        "comments": [c for c in theme.get("comments", []) if c["id"] not in withdrawn],
    }


def _campaign(
    camp: dict[str, Any], withdrawn: Mapping[int, Withdrawn], counted: Mapping[int, tuple[str, bool]]
) -> dict[str, Any]:
    gone = [c["id"] for c in camp.get("comments", []) if c["id"] in withdrawn]
    if not gone:
        return camp
    texts = {_norm(withdrawn[cid].body) for cid in gone if withdrawn[cid].body}
    variants = [v for v in camp.get("variants", []) if _norm(v["text"]) not in texts]
    comments = [c for c in camp.get("comments", []) if c["id"] not in withdrawn]
    stance_mix = dict(camp.get("stance_mix", {}))
    units = dict(camp.get("unit_keys", {}))
    for cid in gone:
        stance_mix = _minus(stance_mix, withdrawn[cid].stance)
        key = counted.get(cid, (None, False))[0]
        if key in units:
            units[key] -= 1
    out = {
        **camp,
        "size": len(comments),
        "comments": comments,
        "variants": variants,
        "stance_mix": stance_mix,
        "unit_keys": {k: n for k, n in units.items() if n > 0},
    }
    if camp.get("canonical_id") in withdrawn or _norm(camp.get("canonical_text")) in texts:
        # its example text is a withdrawn comment's: the most common remaining variant is a
        # text of a comment still public; without one, a note
        out["canonical_text"] = variants[0]["text"] if variants else CANONICAL_WITHDRAWN
        out["canonical_id"] = comments[0]["id"] if comments else None
    return out
