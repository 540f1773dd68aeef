"""The musrenbang recap: a cycle's usulan (for the city or one kecamatan) into counts and anggaran
by area, bidang, OPD, jenis and status against pagu, a status funnel, needs shared across
kelurahan and problem themes; with its input fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from participation.summaries.aggregation.labels import iso_utc
from participation.summaries.aggregation.method import MUSRENBANG_FINGERPRINT_VERSION, THEME_PARAMS
from participation.summaries.schema import FUNNEL_STATUSES, STATUS_LABELS, STATUSES
from participation.summaries.textproc import Doc, tokens


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
    by_kelurahan = _by_kelurahan(inputs, rows)
    by_kecamatan = _by_kecamatan(inputs, rows)

    status_map = _by_status(rows)
    by_status = [{"status": s, "label": STATUS_LABELS[s], **status_map[s]} for s in status_map]

    funnel = _funnel(rows)
    themes = _usulan_themes(rows)

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
        "generated_at": iso_utc(now),
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


def _by_kelurahan(inputs: MusrenbangInputs, rows: list[UsulanRow]) -> list[dict[str, Any]]:
    """Each kelurahan (by kecamatan, then name): usulan, anggaran, pagu and what is left of it."""
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
    return by_kelurahan


def _by_kecamatan(inputs: MusrenbangInputs, rows: list[UsulanRow]) -> list[dict[str, Any]]:
    """Each kecamatan (by name): usulan, anggaran and pagu (its own, or its kelurahan's)."""
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
    return by_kecamatan


def _funnel(rows: list[UsulanRow]) -> list[dict[str, Any]]:
    """How many usulan reached each step, kelurahan to kota."""
    tiers = {"submitted": "kelurahan", "verified": "kecamatan", "forwarded": "kota", "accepted": "kota"}
    funnel = []
    for status in FUNNEL_STATUSES:
        count = sum(1 for u in rows if status in u.reached or u.status == status)
        funnel.append(
            {"tier": tiers[status], "status": status, "label": STATUS_LABELS[status], "count": count}
        )
    return funnel


def _usulan_themes(rows: list[UsulanRow]) -> list[dict[str, Any]]:
    """Themes of the usulan texts (from 12 usulan on)."""
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
    return themes
