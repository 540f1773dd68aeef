"""Read-side aggregation: plain rows in, the stable summary dicts of ``schema.py`` out.

``build_draft_summary`` turns the units and comments of one draft version into counts per BAB,
pasal and line, answer progress, themes, mass-campaign groups, proposed wordings and the matriks
tanggapan; ``build_musrenbang_summary`` turns a cycle's usulan into counts and anggaran by area,
bidang, OPD, jenis and status against pagu, a status funnel, needs shared across kelurahan and
problem themes. Both are deterministic for the same input and record an input fingerprint so a
stored snapshot can be cited and regenerated.

Must not import Flask, SQLAlchemy or any area package: ``queries.py`` loads the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from participation.core.i18n import N_
from participation.summaries.schema import FUNNEL_STATUSES, STANCES, STATUS_LABELS, STATUSES
from participation.summaries.textproc import Doc, tokens

THEME_PARAMS: dict[str, Any] = {"max_themes": 25, "min_size": 3, "seed": 0}
CAMPAIGN_PARAMS: dict[str, Any] = {
    "min_size": 3,
    "min_shared_sentences": 2,
    "min_shared_words": 15,
    "cohesion": 0.5,
    "attach": 0.5,
    "similarity": 0.6,
    "text_similarity": 0.65,
    "text_min_words": 15,
    "seed": 1,
}
METHOD = {
    "themes": (
        "normalisasi + kamus slang + Sastrawi + TF-IDF (1–2 kata) + SVD + k-means kosinus; "
        "jumlah tema 2–25 dari data (pecah lalu gabung bila profil kata mirip); label frasa"
    ),
    "campaigns": "kalimat surat yang selalu muncul bersama (Jaccard dokumen ≥ kohesi), varian kalimat "
    "disatukan lewat MinHash pasangan kata; salinan = ≥ 2 kalimat surat yang sama; "
    "ditambah seluruh teks (≥ 15 kata): MinHash 5-gram huruf, Jaccard ≥ 0,65, untuk "
    "petisi satu kalimat dan surat satu paragraf",
}
EXCERPT = 240
OLDEST_UNANSWERED = 20


# ------------------------------------------------------------------------- labels


_KEY_PART = re.compile(r"^([a-z]+)-(.+)$")
_KIND_LABEL = {
    "bab": "BAB",
    "bagian": "Bagian",
    "paragraf": "Paragraf",
    "pasal": "Pasal",
    "ayat": "ayat",
    "huruf": "huruf",
    "angka": "angka",
    "perubahan": "angka",
}


def label_for_key(key: str) -> str:
    """'pasal-5/ayat-2/huruf-b' → 'Pasal 5 ayat (2) huruf b' (the way a perda cites itself)."""
    parts = []
    for part in key.split("/"):
        match = _KEY_PART.match(part)
        if not match:
            parts.append(part.replace("-", " ").capitalize())
            continue
        kind, number = match.groups()
        if kind == "pasal" and re.fullmatch(r"[ivxlcdm]+|\d+[a-z]", number):
            number = number.upper()  # "Pasal I" (amending), "Pasal 5A" (inserted)
        if kind == "ayat":
            parts.append(f"ayat ({number})")
        elif kind == "bab":
            parts.append(f"BAB {number.upper()}")
        elif kind in _KIND_LABEL:
            parts.append(f"{_KIND_LABEL[kind]} {number}")
        else:
            parts.append(part.replace("-", " ").capitalize())
    return " ".join(parts)


def excerpt(text: str, length: int = EXCERPT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ------------------------------------------------------------------------- draft inputs


@dataclass(frozen=True)
class UnitRow:
    key: str
    kind: str
    label: str
    heading: str | None
    text: str
    ordinal: int
    bab_key: str | None  # nearest BAB ancestor
    group_key: str  # nearest pasal ancestor (or itself); top-level key outside pasal
    content_hash: str = ""


@dataclass(frozen=True)
class ResponseInfo:
    id: int
    disposition: str
    reason: str
    resulting_wording: str | None


@dataclass(frozen=True)
class CommentRow:
    id: int
    unit_key: str
    stance: str | None
    body: str
    created_at: dt.datetime
    external_id: str | None = None
    suggested_wording: str | None = None
    author_id: int | None = None
    author_display: str | None = None
    parent_id: int | None = None
    endorsements: int = 0
    response: ResponseInfo | None = None
    hidden: bool = False


@dataclass
class DraftInputs:
    draft_id: int
    draft_title: str
    version_id: int
    version_number: int
    city: str
    units: list[UnitRow]
    comments: list[CommentRow]
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    extra_scope: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[int, str], None]
# (percent, step) reported when each stage of a summary starts; the service adds its own stages
# (checking, loading, storing) around these
STEP_CAMPAIGNS = (20, N_("Mencari kampanye"))
STEP_THEMES = (45, N_("Mengelompokkan tema"))
STEP_ASSEMBLE = (75, N_("Menyusun ringkasan"))


def _no_progress(_percent: int, _step: str) -> None:
    return None


def matriks_ref(c: CommentRow) -> dict[str, Any]:
    """A matriks comment as a snapshot stores it: which comment, and which answer was counted."""
    return {"id": c.id, "response_id": c.response.id if c.response else None}


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _stances() -> dict[str, int]:
    return dict.fromkeys(STANCES, 0)


# Bumped when what the fingerprint covers changes, so older snapshots are recomputed once; also
# when the theme method changes (3: themes.METHOD ".../4", the shared-vocabulary merge check:
# snapshots stored by the old method get the new themes at the next refresh, not never)
FINGERPRINT_VERSION = "draft-input/3"
# bumped when the musrenbang recap's analysis changes without a parameter change
MUSRENBANG_FINGERPRINT_VERSION = "musrenbang-input/2"

# (id, unit_key, stance, parent_id, endorsements, hidden, response_id, disposition, body length,
# suggested wording length): what a draft summary depends on, per comment
CommentKey = tuple[int, str, str | None, int | None, int, bool, int | None, str | None, int, int]


def comment_key(c: CommentRow) -> CommentKey:
    response = c.response
    return (
        c.id,
        c.unit_key,
        c.stance,
        c.parent_id,
        c.endorsements,
        c.hidden,
        response.id if response else None,
        response.disposition if response else None,
        len(c.body),
        len(c.suggested_wording or ""),
    )


def fingerprint_rows(units: Iterable[tuple[str, str]], comments: Iterable[CommentKey]) -> str:
    """The input fingerprint from (unit key, content hash) pairs in text order and one
    ``CommentKey`` per comment (any order).

    Bodies and suggested wordings enter by length: no service edits them after posting (a comment
    is hidden, never rewritten), so the length is a guard, and the fingerprint can be computed by
    ``queries.draft_input_fingerprint`` without reading any text. A response enters by id and
    disposition (responses are never edited either).
    """
    h = hashlib.sha256()
    h.update(json.dumps([FINGERPRINT_VERSION, THEME_PARAMS, CAMPAIGN_PARAMS], sort_keys=True).encode())
    h.update("".join(f"u|{key}|{content_hash}\n" for key, content_hash in units).encode())
    h.update(
        "".join(
            "c|" + "|".join(map(str, row)) + "\n" for row in sorted(comments, key=lambda r: r[0])
        ).encode()
    )
    return h.hexdigest()


def unit_hash(u: UnitRow) -> str:
    return u.content_hash or hashlib.sha256(u.text.encode()).hexdigest()


def draft_fingerprint(inputs: DraftInputs) -> str:
    """Changes whenever anything a summary figure depends on changes (and only then)."""
    return fingerprint_rows(
        ((u.key, unit_hash(u)) for u in sorted(inputs.units, key=lambda u: u.ordinal)),
        (comment_key(c) for c in inputs.comments),
    )


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
    by_id = {c.id: c for c in top}

    # mass campaigns first, then themes over what is left (a campaign is not a theme by mass)
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
    del docs, campaigns, theme_result  # the analysis records are no longer needed

    report(*STEP_ASSEMBLE)

    totals_stance = _stances()
    for c in top:
        if c.stance in totals_stance:
            totals_stance[c.stance] += 1
    commenters = {c.author_id or f"ext:{c.author_display or c.external_id or c.id}" for c in top}

    # counts per line, per pasal (group) and per BAB
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
    # comments on keys that no longer exist in this version's tree still count, in their own row
    orphan_keys = sorted({c.unit_key for c in top} - set(by_key))

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

    answered = sum(1 for c in top if c.response is not None)
    unanswered_list = sorted((c for c in top if c.response is None), key=lambda c: (c.created_at, c.id))
    answered_block = {
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
                "created_at": _iso(c.created_at),
                "excerpt": excerpt(c.body, 160),
            }
            for c in unanswered_list[:OLDEST_UNANSWERED]
        ],
    }

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

    return {
        "kind": "draft",
        "scope": {
            "draft_id": inputs.draft_id,
            "draft_title": inputs.draft_title,
            "version_id": inputs.version_id,
            "version_number": inputs.version_number,
            "city": inputs.city,
            "consultation_opens_at": _iso(inputs.opens_at),
            "consultation_closes_at": _iso(inputs.closes_at),
            **inputs.extra_scope,
        },
        "generated_at": _iso(now),
        "method": dict(METHOD),
        "parameters": {
            "themes": dict(THEME_PARAMS),
            "campaigns": dict(CAMPAIGN_PARAMS),
            "theme_details": theme_details,
        },
        "input_fingerprint": draft_fingerprint(inputs),
        "totals": {
            "comments": len(top),
            "commenters": len(commenters),
            "replies": len(replies),
            "endorsements": sum(c.endorsements for c in visible),
            "by_stance": totals_stance,
        },
        "answered": answered_block,
        "by_bab": by_bab,
        "by_pasal": by_pasal,
        "themes": themes,
        "campaigns": campaign_rows,
        "proposed_wordings": proposed,
        "matriks": matriks,
    }


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


# ------------------------------------------------------------------------- musrenbang


@dataclass(frozen=True)
class UsulanRow:
    id: int
    title: str
    permasalahan: str
    kelurahan_code: str
    status: str
    anggaran: int | None
    bidang: str | None = None
    opd: str | None = None
    jenis: str | None = None
    reached: frozenset[str] = frozenset()  # every status this usulan has ever had


@dataclass
class MusrenbangInputs:
    year: int
    rkpd_year: int
    city: str
    kecamatan: dict[str, str]  # code -> name (all in scope)
    kelurahan: dict[str, tuple[str, str]]  # code -> (name, kecamatan code)
    pagu_kelurahan: dict[str, int]
    pagu_kecamatan: dict[str, int]
    usulan: list[UsulanRow]
    kecamatan_code: str | None = None


def musrenbang_fingerprint(inputs: MusrenbangInputs) -> str:
    h = hashlib.sha256()
    # the theme parameters too: a change of method (issue 15) recomputes the stored recaps, as
    # the draft fingerprint does
    h.update(json.dumps([MUSRENBANG_FINGERPRINT_VERSION, THEME_PARAMS], sort_keys=True).encode())
    h.update(
        json.dumps(
            [
                inputs.year,
                inputs.kecamatan_code,
                sorted(inputs.pagu_kelurahan.items()),
                sorted(inputs.pagu_kecamatan.items()),
            ]
        ).encode()
    )
    for u in sorted(inputs.usulan, key=lambda u: u.id):
        h.update(
            json.dumps(
                [
                    u.id,
                    u.title,
                    u.kelurahan_code,
                    u.status,
                    u.anggaran,
                    u.bidang,
                    u.opd,
                    u.jenis,
                    sorted(u.reached),
                ]
            ).encode()
        )
    return h.hexdigest()


def _by_status(rows: Iterable[UsulanRow]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for u in rows:
        cell = out.setdefault(u.status, {"count": 0, "anggaran": 0})
        cell["count"] += 1
        cell["anggaran"] += u.anggaran or 0
    return {s: out[s] for s in STATUSES if s in out}


def _named(rows: Sequence[UsulanRow], attr: str, empty: str) -> list[dict[str, Any]]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for u in rows:
        name = getattr(u, attr) or empty
        acc[name][0] += 1
        acc[name][1] += u.anggaran or 0
    return [
        {"name": k, "count": v[0], "anggaran": v[1]}
        for k, v in sorted(acc.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ]


# words that say what kind of work, not what need: two "pembangunan …" are not the same need
_GENERIC = {
    "bangun",
    "ada",
    "giat",
    "laksana",
    "tingkat",
    "buat",
    "usul",
    "lanjut",
    "rt",
    "rw",
    "baru",
    "kelurahan",
    "wilayah",
    "lingkung",
}


def shared_needs(
    rows: Sequence[UsulanRow], kelurahan: dict[str, tuple[str, str]], *, threshold: float = 0.5
) -> list[dict[str, Any]]:
    """The same need raised in several kelurahan: titles whose content words overlap (Jaccard),
    joined into groups that span at least two kelurahan."""
    sets = {u.id: frozenset(t for t in tokens(u.title) if t not in _GENERIC) for u in rows}
    index: dict[str, list[int]] = defaultdict(list)
    for uid, words in sets.items():
        for w in words:
            index[w].append(uid)
    parent = {u.id: u.id for u in rows}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ids in index.values():
        if len(ids) > 2000:  # a word in everything says nothing; skip to stay fast
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                sa, sb = sets[a], sets[b]
                if sa and sb and len(sa & sb) / len(sa | sb) >= threshold:
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[UsulanRow]] = defaultdict(list)
    for u in rows:
        groups[find(u.id)].append(u)
    out = []
    for members in groups.values():
        kel = sorted({u.kelurahan_code for u in members})
        if len(kel) < 2:
            continue
        words = Counter(w for u in members for w in sets[u.id])
        keywords = [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
        members.sort(key=lambda u: u.id)
        out.append(
            {
                "label": Counter(u.title.strip() for u in members).most_common(1)[0][0],
                "keywords": keywords,
                "kelurahan": [{"code": k, "name": kelurahan.get(k, (k, ""))[0]} for k in kel],
                "usulan": [
                    {"id": u.id, "title": u.title, "kelurahan_code": u.kelurahan_code} for u in members
                ],
            }
        )
    out.sort(key=lambda g: (-len(g["kelurahan"]), -len(g["usulan"]), g["label"]))
    return out


def build_musrenbang_summary(inputs: MusrenbangInputs, *, now: dt.datetime) -> dict[str, Any]:
    rows = sorted(inputs.usulan, key=lambda u: u.id)
    per_kel: dict[str, list[UsulanRow]] = defaultdict(list)
    for u in rows:
        per_kel[u.kelurahan_code].append(u)

    by_kelurahan = []
    for code, (name, kec) in sorted(inputs.kelurahan.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        items = per_kel.get(code, [])
        anggaran = sum(u.anggaran or 0 for u in items)
        accepted = sum(u.anggaran or 0 for u in items if u.status == "accepted")
        pagu = inputs.pagu_kelurahan.get(code, 0)
        by_kelurahan.append(
            {
                "code": code,
                "name": name,
                "kecamatan_code": kec,
                "count": len(items),
                "anggaran": anggaran,
                "pagu": pagu,
                "sisa_pagu": pagu - accepted,
                "by_status": _by_status(items),
            }
        )
    by_kecamatan = []
    for code, name in sorted(inputs.kecamatan.items(), key=lambda kv: kv[1]):
        items = [u for u in rows if inputs.kelurahan.get(u.kelurahan_code, ("", ""))[1] == code]
        pagu = inputs.pagu_kecamatan.get(code) or sum(
            inputs.pagu_kelurahan.get(k, 0) for k, (_n, kc) in inputs.kelurahan.items() if kc == code
        )
        by_kecamatan.append(
            {
                "code": code,
                "name": name,
                "count": len(items),
                "anggaran": sum(u.anggaran or 0 for u in items),
                "pagu": pagu,
                "by_status": _by_status(items),
            }
        )

    status_map = _by_status(rows)
    by_status = [{"status": s, "label": STATUS_LABELS[s], **status_map[s]} for s in status_map]

    tiers = {"submitted": "kelurahan", "verified": "kecamatan", "forwarded": "kota", "accepted": "kota"}
    funnel = []
    for status in FUNNEL_STATUSES:
        count = sum(1 for u in rows if status in u.reached or u.status == status)
        funnel.append(
            {"tier": tiers[status], "status": status, "label": STATUS_LABELS[status], "count": count}
        )

    docs = [Doc(id=u.id, text=f"{u.title}. {u.permasalahan}") for u in rows]
    themes = []
    if len(docs) >= 12:
        from participation.summaries.themes import find_themes  # scikit-learn: only when needed

        result = find_themes(docs, **THEME_PARAMS)
        themes = [
            {
                "id": t.id,
                "label": t.label,
                "keywords": list(t.keywords),
                "size": t.size,
                "usulan": [{"id": i} for i in t.doc_ids],
            }
            for t in result.themes
        ]

    total_pagu = sum(inputs.pagu_kelurahan.get(k, 0) for k in inputs.kelurahan) or sum(
        inputs.pagu_kecamatan.values()
    )
    return {
        "kind": "musrenbang",
        "scope": {
            "year": inputs.year,
            "rkpd_year": inputs.rkpd_year,
            "kecamatan_code": inputs.kecamatan_code,
            "kecamatan_name": inputs.kecamatan.get(inputs.kecamatan_code or "", None)
            if inputs.kecamatan_code
            else None,
            "city": inputs.city,
        },
        "generated_at": _iso(now),
        "input_fingerprint": musrenbang_fingerprint(inputs),
        "totals": {"count": len(rows), "anggaran": sum(u.anggaran or 0 for u in rows), "pagu": total_pagu},
        "by_status": by_status,
        "by_kecamatan": by_kecamatan,
        "by_kelurahan": by_kelurahan,
        "by_bidang": _named(rows, "bidang", "(tanpa bidang)"),
        "by_opd": _named(rows, "opd", "(tanpa OPD)"),
        "by_jenis": _named(rows, "jenis", "(tanpa jenis)"),
        "funnel": funnel,
        "shared_needs": shared_needs(rows, inputs.kelurahan),
        "themes": themes,
    }
