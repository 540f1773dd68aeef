"""The drafting team's theme edits applied to computed themes (issue 15, "themes that hold").

Themes are recomputed whenever comments change, and a recomputation may renumber them, split or
join them a little differently, or move a few comments. A drafter's edit therefore cannot point
at a computed theme id. It is kept as:

- a **curated theme** (``Curated``): a name and the set of comment ids that made up the theme
  when the drafter edited it (its *anchors*); a merge retires the curated themes it joined
  (``merged_into_id``), nothing is ever deleted;
- a **pin** (``Pin``): "this comment belongs to that curated theme", for a moved comment and for
  the comments a drafter ticked when splitting a theme.

Matching rule (``apply_edits``), run after every recomputation:

1. A computed theme T belongs to the live curated theme C whose anchors hold the largest share of
   T's members, if that share is at least ``MATCH_SHARE`` (half); ties go to the lowest curated id.
   Pinned comments do not count (their pin decides where they go): when a drafter splits off most
   of a theme, the recomputed whole must not be claimed by the new part, whose anchors are the
   ticked comments.
   The share is taken of T (not Jaccard): a merged curated theme anchored on A ∪ B must still
   claim a recomputed B' ≈ B even though B is a small part of A ∪ B. The other direction is
   deliberately not claimed: if a recomputation joins a renamed theme with a larger unrelated
   one, the join does not take the drafter's name (the name would mislabel most of it); the
   curated theme then takes back only its own comments (rule 3).
2. Several computed themes claimed by one curated theme become one theme (a merge holds).
3. A curated theme keeps the comments it was made of: an anchor that the computation put in a
   theme no curated theme claimed comes back to it. Clustering is not stable under small input
   changes (on the demo raperda, three new comments scattered a 12-comment theme over ten
   themes), so without this a renamed or merged theme could vanish although none of its
   comments did; new comments still follow the computation (they join a curated theme when
   their computed theme is claimed by it). Comments the computation no longer puts in any theme
   (e.g. now members of a mass campaign) are not pulled back.
4. Every pin then moves its comment into its curated theme (following merges), out of wherever
   the computation put it. A curated theme with pins but no matched computed theme still exists
   with only its pinned comments (a split holds).
5. Comments outside the version's visible set (``comments``, when given) are dropped everywhere,
   so a hidden comment neither stays in a theme nor comes back through a pin.
6. Themes left empty vanish; the rest are ordered by size (largest first, ties by smallest comment
   id) and numbered 1..k, as computed themes are.

A theme whose members did not change keeps its computed figures; any other gets size, stance mix,
top units and comment list recomputed from its members, and keeps those of its representatives
that are still members, filled up with its first members. Every output theme keeps the snapshot
shape and adds ``label`` (the drafter's name, else the computed label), ``curated_id`` (None if
no drafter touched it), ``edited`` and ``computed_ids`` (which computed themes it came from).

Pure: no Flask, no database. ``theme_current`` loads the edits and calls this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MATCH_SHARE = 0.5
REPRESENTATIVES = 3
TOP_UNITS = 3


@dataclass(frozen=True)
class Curated:
    id: int
    name: str
    anchor_ids: frozenset[int] = frozenset()
    # False: the name was copied from the computed label when the theme was created (e.g. as the
    # target of a move); the computed label is shown while it matches a computed theme
    name_set: bool = True
    merged_into_id: int | None = None
    retired: bool = False


@dataclass(frozen=True)
class Pin:
    comment_id: int
    theme_id: int  # a curated theme id (followed through merges)


@dataclass(frozen=True)
class CommentInfo:
    external_id: str | None
    stance: str | None
    unit_key: str


Excerpts = Callable[[Sequence[int]], Mapping[int, str]]


def computed_label(theme: Mapping[str, Any]) -> str:
    """The label of a computed theme: its own ``label`` when it has one, else its first phrase
    or first keywords."""
    if theme.get("label"):
        return str(theme["label"])
    if theme.get("phrases"):
        return str(theme["phrases"][0])
    return ", ".join(theme.get("keywords", [])[:3])


def resolve(curated: Mapping[int, Curated], theme_id: int | None) -> Curated | None:
    """The live curated theme ``theme_id`` ended up in (following merges), or None."""
    seen: set[int] = set()
    while theme_id is not None and theme_id not in seen:
        seen.add(theme_id)
        c = curated.get(theme_id)
        if c is None:
            return None
        if c.merged_into_id is None:
            return None if c.retired else c
        theme_id = c.merged_into_id
    return None


@dataclass
class _Group:
    curated: Curated | None
    sources: list[dict[str, Any]] = field(default_factory=list)
    members: list[int] = field(default_factory=list)
    changed: bool = False


def _match(members: Sequence[int], by_comment: Mapping[int, list[int]]) -> int | None:
    if not members:
        return None
    overlap: Counter[int] = Counter()
    for cid in members:
        for tid in by_comment.get(cid, ()):
            overlap[tid] += 1
    if not overlap:
        return None
    best, count = min(overlap.items(), key=lambda kv: (-kv[1], kv[0]))
    return best if count / len(members) >= MATCH_SHARE else None


def apply_edits(
    themes: Iterable[Mapping[str, Any]],
    curated: Iterable[Curated],
    pins: Iterable[Pin],
    *,
    comments: Mapping[int, CommentInfo] | None = None,
    excerpts: Excerpts | None = None,
) -> list[dict[str, Any]]:
    """Computed ``themes`` (snapshot dicts) with the edits applied; see the module docstring.

    ``comments``: the version's visible top-level comments (id → info); needed to recompute the
    figures of a changed theme and to drop hidden comments. ``excerpts(ids)``: texts for new
    representatives (none are added without it).
    """
    by_id = {c.id: c for c in curated}
    live = {c.id: c for c in by_id.values() if not c.retired and c.merged_into_id is None}
    by_comment: dict[int, list[int]] = {}
    for c in sorted(live.values(), key=lambda c: c.id):
        for cid in c.anchor_ids:
            by_comment.setdefault(cid, []).append(c.id)

    def visible(cid: int) -> bool:
        return comments is None or cid in comments

    pinned: dict[int, int] = {}  # comment id → live curated id
    for pin in pins:
        target_theme = resolve(by_id, pin.theme_id)
        if target_theme is not None and visible(pin.comment_id):
            pinned[pin.comment_id] = target_theme.id

    groups, alone = _group(themes, by_comment=by_comment, live=live, pinned=pinned, visible=visible)

    # a curated theme keeps the comments it was made of: its anchors that the computation put
    # in an untouched theme come back to it (the lowest curated id if several claim one)
    _return_anchors(groups, alone, by_comment=by_comment, live=live, pinned=pinned)

    # pins move their comments, out of wherever the computation put them
    if pinned:
        _move_pinned(groups, alone, live=live, pinned=pinned)

    out = [_render(g, comments, excerpts) for g in [*groups.values(), *alone] if g.members]
    out.sort(key=lambda t: (-t["size"], min(c["id"] for c in t["comments"])))
    for number, theme in enumerate(out, start=1):
        theme["id"] = number
    return out


def _group(
    themes: Iterable[Mapping[str, Any]],
    *,
    by_comment: dict[int, list[int]],
    live: dict[int, Curated],
    pinned: dict[int, int],
    visible: Callable[[int], bool],
) -> tuple[dict[int, _Group], list[_Group]]:
    """Each computed theme joins the live curated theme whose anchors it holds (``_match``),
    or stays alone; hidden comments are dropped."""
    groups: dict[int, _Group] = {}  # curated id → group
    alone: list[_Group] = []
    for theme in sorted(themes, key=lambda t: t["id"]):
        all_members = [c["id"] for c in theme.get("comments", [])]
        members = [cid for cid in all_members if visible(cid)]
        target = _match([cid for cid in members if cid not in pinned], by_comment)
        if target is None:
            alone.append(_Group(None, [dict(theme)], members, len(members) != len(all_members)))
            continue
        group = groups.setdefault(target, _Group(live[target]))
        group.sources.append(dict(theme))
        group.members.extend(members)
        group.changed = group.changed or len(members) != len(all_members) or len(group.sources) > 1
    return groups, alone


def _return_anchors(
    groups: dict[int, _Group],
    alone: list[_Group],
    *,
    by_comment: dict[int, list[int]],
    live: dict[int, Curated],
    pinned: dict[int, int],
) -> None:
    """A curated theme's anchors found in an untouched theme come back to it."""
    for group in alone:
        back = [cid for cid in group.members if cid in by_comment and cid not in pinned]
        if not back:
            continue
        taken = set(back)
        group.members = [cid for cid in group.members if cid not in taken]
        group.changed = True
        for cid in back:
            owner = by_comment[cid][0]
            claimed = groups.setdefault(owner, _Group(live[owner]))
            claimed.members.append(cid)
            claimed.changed = True


def _move_pinned(
    groups: dict[int, _Group], alone: list[_Group], *, live: dict[int, Curated], pinned: dict[int, int]
) -> None:
    """Pinned comments leave every other theme and join their pinned one."""
    for group in [*groups.values(), *alone]:
        kept = [
            cid
            for cid in group.members
            if pinned.get(cid, group.curated.id if group.curated else None)
            == (group.curated.id if group.curated else None)
        ]
        if len(kept) != len(group.members):
            group.members, group.changed = kept, True
    present = {tid: set(g.members) for tid, g in groups.items()}
    for cid, tid in sorted(pinned.items()):
        group = groups.setdefault(tid, _Group(live[tid]))
        if cid not in present.setdefault(tid, set()):
            present[tid].add(cid)
            group.members.append(cid)
            group.changed = True


def _counts(values: Iterable[str | None]) -> dict[str, int]:
    c = Counter("" if v is None else v for v in values)
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def _render(
    group: _Group, comments: Mapping[int, CommentInfo] | None, excerpts: Excerpts | None
) -> dict[str, Any]:
    sources = sorted(group.sources, key=lambda t: (-t.get("size", 0), t["id"]))
    base: dict[str, Any] = (
        dict(sources[0])
        if sources
        else {"keywords": [], "phrases": [], "stance_mix": {}, "top_unit_keys": [], "representatives": []}
    )
    cur = group.curated
    if cur is not None and (cur.name_set or not sources):
        label = cur.name
    else:
        label = computed_label(base) if sources else ""
    theme = {
        **base,
        "label": label,
        "curated_id": cur.id if cur else None,
        "edited": cur is not None or group.changed,
        "computed_ids": [t["id"] for t in sources],
    }
    if not group.changed and len(sources) == 1:
        return theme
    members = sorted(set(group.members))
    known: dict[int, str | None] = {}
    for source in sources:
        for ref in source.get("comments", []):
            known[ref["id"]] = ref.get("external_id")
    info = comments or {}

    def external(cid: int) -> str | None:
        return info[cid].external_id if cid in info else known.get(cid)

    theme["size"] = len(members)
    theme["comments"] = [{"id": cid, "external_id": external(cid)} for cid in members]
    for key in ("keywords", "phrases"):
        cap = max((len(s.get(key, [])) for s in sources), default=0)
        words = list(dict.fromkeys(w for s in sources for w in s.get(key, [])))
        theme[key] = words[:cap]
    if comments is not None:
        theme["stance_mix"] = _counts(comments[cid].stance for cid in members)
        units = _counts(comments[cid].unit_key for cid in members if comments[cid].unit_key)
        theme["top_unit_keys"] = [[k, n] for k, n in list(units.items())[:TOP_UNITS]]
    member_set = set(members)
    reps = [r for s in sources for r in s.get("representatives", []) if r["id"] in member_set]
    reps = list({r["id"]: r for r in reps}.values())[:REPRESENTATIVES]
    if len(reps) < REPRESENTATIVES and excerpts is not None:
        taken = {r["id"] for r in reps}
        wanted = [cid for cid in members if cid not in taken][: REPRESENTATIVES - len(reps)]
        texts = excerpts(wanted) if wanted else {}
        reps += [
            {
                "id": cid,
                "external_id": external(cid),
                "excerpt": texts[cid],
                "unit_key": info[cid].unit_key if cid in info else "",
            }
            for cid in wanted
            if cid in texts
        ]
    theme["representatives"] = reps
    return theme
