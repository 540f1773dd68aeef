"""Realistic sample summaries in the stable JSON shapes of ``participation.summaries.schema``.

``draft_summary()``: an uji publik of a Balikpapan raperda (12 BAB, 45 pasal, 600 comments, 6
themes, 2 mass campaigns, proposed wordings, a full matriks tanggapan), with a few hostile texts
(formula prefixes, markup, very long bodies). ``musrenbang_summary(kecamatan_code=None)``: a
musrenbang cycle over the 6 kecamatan / 34 kelurahan of Kota Balikpapan (real names and codes
from the regions reference data). Every figure is derived from generated records, so totals
agree. Deterministic; imports only the standard library.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

WILAYAH = Path(__file__).resolve().parents[2] / "participation/regions/data/wilayah_balikpapan.csv"
STANCES = ("support", "object", "amend", "question")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
BAB = (
    ("KETENTUAN UMUM", 3),
    ("ASAS, TUJUAN, DAN RUANG LINGKUP", 2),
    ("PERENCANAAN RUANG TERBUKA HIJAU", 5),
    ("PENYEDIAAN RUANG TERBUKA HIJAU", 6),
    ("PEMANFAATAN", 5),
    ("PEMELIHARAAN DAN PENGAMANAN", 4),
    ("PERAN SERTA MASYARAKAT", 5),
    ("KERJA SAMA", 3),
    ("PEMBIAYAAN", 3),
    ("PEMBINAAN DAN PENGAWASAN", 4),
    ("SANKSI ADMINISTRATIF", 3),
    ("KETENTUAN PENUTUP", 2),
)
TOPICS = {
    "pohon": (
        ["pohon", "peneduh", "tebang", "ganti", "tanam"],
        "Pohon peneduh di {loc} jangan ditebang sembarangan, setiap pohon yang ditebang harus "
        "diganti minimal lima pohon baru.",
    ),
    "taman": (
        ["taman", "bermain", "anak", "fasilitas", "lampu"],
        "Taman di {loc} perlu fasilitas bermain anak yang aman dan lampu penerangan karena malam hari gelap.",
    ),
    "swasta": (
        ["pengembang", "perumahan", "wajib", "persen", "sanksi"],
        "Pengembang perumahan di {loc} harus benar-benar menyediakan RTH 20 persen, bukan hanya "
        "di gambar siteplan.",
    ),
    "banjir": (
        ["banjir", "resapan", "drainase", "hujan", "lahan"],
        "RTH di {loc} penting sebagai daerah resapan, tiap musim hujan banjir makin parah.",
    ),
    "mangrove": (
        ["mangrove", "pesisir", "teluk", "abrasi", "kawasan"],
        "Kawasan mangrove di pesisir {loc} harus ditetapkan sebagai RTH lindung agar tidak direklamasi.",
    ),
    "biaya": (
        ["anggaran", "retribusi", "pemeliharaan", "dana", "csr"],
        "Biaya pemeliharaan taman di {loc} sebaiknya tidak dibebankan ke warga lewat retribusi.",
    ),
}
LOCS = (
    "Klandasan",
    "Gunung Bahagia",
    "Sepinggan",
    "Batu Ampar",
    "Karang Joang",
    "Manggar",
    "Prapatan",
    "Muara Rapak",
    "Baru Ilir",
    "Lamaru",
    "Graha Indah",
    "Teritip",
    "Damai",
    "Kariangau",
)
NAMES = (
    "Siti Rahmawati",
    "Andi Saputra",
    "Made Wirawan",
    "Hj. Nurul Aini",
    "Yohanes Tandi",
    "Rizky Pratama",
    "Dewi Lestari",
    "Muhammad Iqbal",
    "Fransiska Br. Sinaga",
    "Ahmad Fauzi",
    "Wahyuni",
    "Agus Salim",
    "Ketua RT 27 Gunung Samarinda",
    "Forum Peduli Teluk Balikpapan",
)
CAMPAIGN_TEXTS = (
    (
        "pasal-20",
        "object",
        "Kami warga Balikpapan menolak Pasal 20 karena membuka alih fungsi RTH menjadi "
        "kawasan komersial. Hapus ayat (3) dan kembalikan fungsi RTH untuk publik.",
    ),
    (
        "pasal-31",
        "support",
        "Kami mendukung Pasal 31 tentang hak masyarakat mengusulkan taman baru. Mohon segera disahkan.",
    ),
)
HOSTILE = (
    '=HYPERLINK("http://contoh.invalid","klik")',
    "+62 812 0000 0000 hubungi saya",
    "-- minus di depan",
    "@SUM(1+1)",
    "<b>tebal</b> & <script>alert(1)</script>",
)


def _pasal() -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []  # (pasal number, bab key, bab index)
    number = 1
    for index, (_, count) in enumerate(BAB):
        for _ in range(count):
            out.append((number, f"bab-{index + 1}", index))
            number += 1
    return out


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unit_label(key: str) -> str:
    parts = key.split("/")
    label = "Pasal " + parts[0].split("-", 1)[1]
    if len(parts) > 1:
        label += f" ayat ({parts[1].split('-', 1)[1]})"
    return label


def _counts(stances: list[str]) -> dict[str, int]:
    counter = Counter(stances)
    return {s: counter.get(s, 0) for s in STANCES}


def _excerpt(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def draft_summary(seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    pasal = _pasal()
    weights = [rng.choice((1, 1, 2, 3, 5, 8)) for _ in pasal]
    opens = dt.datetime(2026, 10, 1, 0, 0, tzinfo=dt.UTC)
    comments: list[dict[str, Any]] = []

    def add(unit_key: str, stance: str, body: str, topic: str | None, campaign: int | None) -> None:
        n = len(comments) + 1
        created = opens + dt.timedelta(minutes=rng.randint(0, 59 * 24 * 60))
        answered = rng.random() < (0.35 if campaign else 0.72)
        disposition = rng.choice(("accepted", "partially_accepted", "not_accepted", "explained"))
        wording = (
            f"Setiap penebangan pohon wajib diganti dengan paling sedikit 5 (lima) pohon ({n})."
            if disposition in ("accepted", "partially_accepted")
            else None
        )
        comments.append(
            {
                "id": 5000 + n,
                "external_id": f"UP-RTH-{n:04d}",
                "unit_key": unit_key,
                "stance": stance,
                "author": rng.choice(NAMES) if rng.random() < 0.8 else "Anonim",
                "body": body,
                "created_at": created,
                "topic": topic,
                "campaign": campaign,
                "endorsements": rng.choice((0, 0, 0, 1, 2, 5, 12)),
                "suggested": (
                    f'Rumusan usulan: "{body[:90]}" dirumuskan ulang agar jelas.'
                    if stance == "amend"
                    else None
                ),
                "response": None
                if not answered
                else {
                    "disposition": disposition,
                    "reason": "Masukan telah dibahas tim penyusun dalam rapat tanggal 12 November 2026 dan "
                    "disesuaikan dengan UU 26/2007 tentang Penataan Ruang.",
                    "resulting_wording": wording,
                },
            }
        )

    for campaign_id, (unit, stance, text) in enumerate(CAMPAIGN_TEXTS, start=1):
        for i in range(80 if campaign_id == 1 else 45):
            variant = text if i % 3 else text.replace("Kami", "Saya").replace("Mohon", "Tolong")
            add(f"{unit}/ayat-3" if campaign_id == 1 else unit, stance, variant, None, campaign_id)
    topic_names = list(TOPICS)
    while len(comments) < 600:
        number, _, _ = rng.choices(pasal, weights)[0]
        unit = f"pasal-{number}" + (f"/ayat-{rng.randint(1, 4)}" if rng.random() < 0.6 else "")
        topic = rng.choice(topic_names)
        stance = rng.choices(STANCES, (3, 4, 2, 1))[0]
        body = TOPICS[topic][1].format(loc=rng.choice(LOCS))
        roll = rng.random()
        if roll < 0.02:
            body = rng.choice(HOSTILE) + " " + body
        elif roll < 0.05:
            body = " ".join([body] * rng.randint(15, 30))  # pasted essays: long cells must split
        add(unit, stance, body, topic, None)
    comments.sort(key=lambda c: c["id"])

    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in comments:
        by_unit[c["unit_key"]].append(c)
    by_pasal_rows = []
    by_bab_stances: dict[str, list[str]] = defaultdict(list)
    for number, bab_key, _ in pasal:
        key = f"pasal-{number}"
        members = [c for c in comments if c["unit_key"].split("/")[0] == key]
        lines = [
            {
                "key": k,
                "label": _unit_label(k),
                "total": len(v),
                "by_stance": _counts([c["stance"] for c in v]),
            }
            for k, v in sorted(by_unit.items())
            if k.startswith(key + "/")
        ]
        by_pasal_rows.append(
            {
                "key": key,
                "label": f"Pasal {number}",
                "bab_key": bab_key,
                "total": len(members),
                "by_stance": _counts([c["stance"] for c in members]),
                "answered": sum(1 for c in members if c["response"]),
                "lines": lines,
            }
        )
        by_bab_stances[bab_key] += [c["stance"] for c in members]
    by_bab = [
        {
            "key": f"bab-{i + 1}",
            "label": f"BAB {ROMAN[i]}",
            "heading": heading,
            "total": len(by_bab_stances[f"bab-{i + 1}"]),
            "by_stance": _counts(by_bab_stances[f"bab-{i + 1}"]),
        }
        for i, (heading, _) in enumerate(BAB)
    ]

    def ref(c: dict[str, Any]) -> dict[str, Any]:
        return {"id": c["id"], "external_id": c["external_id"]}

    themes = []
    for theme_id, topic in enumerate(topic_names, start=1):
        members = [c for c in comments if c["topic"] == topic and c["id"] % 11]  # some stay unassigned
        units = Counter(c["unit_key"] for c in members).most_common(3)
        themes.append(
            {
                "id": theme_id,
                "keywords": TOPICS[topic][0],
                "phrases": [" ".join(TOPICS[topic][0][:2])],
                "size": len(members),
                "stance_mix": _counts([c["stance"] for c in members]),
                "top_unit_keys": [[k, n] for k, n in units],
                "representatives": [
                    {
                        "id": c["id"],
                        "external_id": c["external_id"],
                        "excerpt": _excerpt(c["body"]),
                        "unit_key": c["unit_key"],
                    }
                    for c in members[:3]
                ],
                "comments": [ref(c) for c in members],
            }
        )
    campaigns = []
    for campaign_id in (1, 2):
        members = [c for c in comments if c["campaign"] == campaign_id]
        variants = Counter(c["body"] for c in members).most_common()
        campaigns.append(
            {
                "id": campaign_id,
                "size": len(members),
                "canonical_id": members[0]["id"],
                "canonical_text": variants[0][0],
                "variants": [{"text": t, "count": n} for t, n in variants],
                "stance_mix": _counts([c["stance"] for c in members]),
                "unit_keys": dict(Counter(c["unit_key"] for c in members)),
                "comments": [ref(c) for c in members],
            }
        )
    amend_units = Counter(c["unit_key"] for c in comments if c["suggested"]).most_common(8)
    proposed = []
    for unit, _ in amend_units:
        members = sorted((c for c in by_unit[unit] if c["suggested"]), key=lambda c: -c["endorsements"])[:4]
        proposed.append(
            {
                "unit_key": unit,
                "label": _unit_label(unit),
                "current_text": f"Ketentuan {_unit_label(unit)} mengenai penyediaan dan pemanfaatan "
                "ruang terbuka hijau publik dilaksanakan oleh Perangkat Daerah sesuai kewenangannya.",
                "suggestions": [
                    {
                        "comment_id": c["id"],
                        "external_id": c["external_id"],
                        "text": c["suggested"],
                        "endorsements": c["endorsements"],
                    }
                    for c in members
                ],
            }
        )

    def unit_order(key: str) -> tuple[int, int]:
        parts = key.split("/")
        return int(parts[0].split("-")[1]), int(parts[1].split("-")[1]) if len(parts) > 1 else 0

    matriks = [
        {
            "unit_key": unit,
            "label": _unit_label(unit),
            "unit_text": f"Bunyi {_unit_label(unit)}: Pemerintah Daerah menyediakan "
            "ruang terbuka hijau publik paling sedikit 20% (dua puluh persen) dari luas wilayah kota.",
            "comments": [
                {
                    "id": c["id"],
                    "external_id": c["external_id"],
                    "stance": c["stance"],
                    "author": c["author"],
                    "body": c["body"],
                    "response": c["response"],
                }
                for c in by_unit[unit]
            ],
        }
        for unit in sorted(by_unit, key=unit_order)
    ]
    unanswered = sorted((c for c in comments if not c["response"]), key=lambda c: c["created_at"])
    answered_total = sum(1 for c in comments if c["response"])
    return {
        "kind": "draft",
        "scope": {
            "draft_id": 12,
            "version_id": 31,
            "version_number": 2,
            "city": "Kota Balikpapan",
            "draft_title": "Rancangan Peraturan Daerah Kota Balikpapan tentang Penyediaan dan "
            "Pemanfaatan Ruang Terbuka Hijau",
            "consultation_opens_at": _iso(opens),
            "consultation_closes_at": _iso(opens + dt.timedelta(days=59, hours=15, minutes=59)),
        },
        "generated_at": "2026-11-30T07:04:00Z",
        "method": {"themes": "tfidf-svd-kmeans/1", "campaigns": "minhash-lsh/1"},
        "parameters": {
            "themes": {"max_themes": 8, "min_size": 3, "seed": 0},
            "campaigns": {"threshold": 0.6, "num_perm": 128, "min_size": 5},
        },
        "input_fingerprint": "sha256:9f2c4e71d0a3b58e6c1f27a4b9d03e5f8a6c2d1e0b7f94a3c5d8e2f1a0b9c7d6",
        "totals": {
            "comments": len(comments),
            "commenters": 431,
            "replies": 152,
            "endorsements": sum(c["endorsements"] for c in comments),
            "by_stance": _counts([c["stance"] for c in comments]),
        },
        "answered": {
            "answered": answered_total,
            "unanswered": len(comments) - answered_total,
            "share": answered_total / len(comments),
            "by_pasal": [
                {"key": p["key"], "label": p["label"], "answered": p["answered"], "total": p["total"]}
                for p in by_pasal_rows
            ],
            "oldest_unanswered": [
                {
                    "id": c["id"],
                    "external_id": c["external_id"],
                    "unit_key": c["unit_key"],
                    "created_at": _iso(c["created_at"]),
                    "excerpt": _excerpt(c["body"]),
                }
                for c in unanswered[:10]
            ],
        },
        "by_bab": by_bab,
        "by_pasal": by_pasal_rows,
        "themes": themes,
        "campaigns": campaigns,
        "proposed_wordings": proposed,
        "matriks": matriks,
    }


# ---------------------------------------------------------------- musrenbang

STATUS_LABELS = {
    "draft": "draf",
    "submitted": "diajukan",
    "verified": "diverifikasi",
    "forwarded": "diteruskan",
    "accepted": "diakomodir",
    "not_accepted": "tidak diakomodir",
    "redirected": "dialihkan",
    "rejected": "ditolak",
    "cancelled": "batal",
}
# (kamus usulan item, bidang, OPD, jenis, typical cost in Rupiah)
KAMUS = (
    (
        "Semenisasi jalan lingkungan",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        180_000_000,
    ),
    (
        "Pembangunan drainase lingkungan",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        250_000_000,
    ),
    ("Penerangan jalan umum", "Perhubungan", "Dinas Perhubungan", "SARPRAS", 90_000_000),
    ("Rehabilitasi posyandu", "Kesehatan", "Dinas Kesehatan", "SARPRAS", 120_000_000),
    (
        "Pelatihan UMKM olahan hasil laut",
        "Koperasi, Usaha Kecil, dan Menengah",
        "Dinas Koperasi, Usaha Mikro, Kecil, dan Menengah",
        "PM",
        45_000_000,
    ),
    ("Pengadaan tempat sampah terpilah", "Lingkungan Hidup", "Dinas Lingkungan Hidup", "SARPRAS", 35_000_000),
    ("Bantuan operasional LPM", "Pemberdayaan Masyarakat dan Desa", "Kelurahan", "LK", 25_000_000),
    (
        "Perbaikan rumah tidak layak huni",
        "Perumahan dan Kawasan Permukiman",
        "Dinas Perumahan dan Permukiman",
        "SARPRAS",
        300_000_000,
    ),
    ("Pelatihan kader PKK", "Pemberdayaan Masyarakat dan Desa", "Kelurahan", "PM", 20_000_000),
    (
        "Pembangunan turap penahan longsor",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        650_000_000,
    ),
)
STATUS_WEIGHTS = {
    "draft": 2,
    "submitted": 10,
    "verified": 14,
    "forwarded": 12,
    "accepted": 30,
    "not_accepted": 12,
    "redirected": 6,
    "rejected": 8,
    "cancelled": 3,
}
# Statuses whose anggaran still counts against the pagu indikatif (see docs/summary-json.md).
IN_PLAY = ("submitted", "verified", "forwarded", "accepted")
REACHED = {
    "submitted": ("submitted", "verified", "forwarded", "accepted", "not_accepted", "redirected"),
    "verified": ("verified", "forwarded", "accepted", "not_accepted", "redirected"),
    "forwarded": ("forwarded", "accepted", "not_accepted"),
    "accepted": ("accepted",),
}


def wilayah() -> list[dict[str, str]]:
    with WILAYAH.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _by_status(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for status in STATUS_LABELS:
        members = [u for u in rows if u["status"] == status]
        if members:
            out[status] = {"count": len(members), "anggaran": sum(u["anggaran"] for u in members)}
    return out


def _named(rows: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u in rows:
        groups[u[field]].append(u)
    return sorted(
        ({"name": k, "count": len(v), "anggaran": sum(u["anggaran"] for u in v)} for k, v in groups.items()),
        key=lambda r: (-r["anggaran"], r["name"]),
    )


def musrenbang_summary(kecamatan_code: str | None = None, seed: int = 11) -> dict[str, Any]:
    rng = random.Random(seed)
    places = wilayah()
    usulan: list[dict[str, Any]] = []
    pagu: dict[str, int] = {}
    for place in places:
        pagu[place["kode_kelurahan"]] = rng.randrange(4_000_000_000, 9_000_000_000, 50_000_000)
        for _ in range(rng.randint(18, 55)):
            item, bidang, opd, jenis, cost = rng.choice(KAMUS)
            rt = rng.randint(1, int(place["jumlah_rt"]))
            usulan.append(
                {
                    "id": 70_000 + len(usulan) + 1,
                    "title": f"{item} RT {rt:02d}",
                    "item": item,
                    "kelurahan_code": place["kode_kelurahan"],
                    "kecamatan_code": place["kode_kecamatan"],
                    "bidang": bidang,
                    "opd": opd,
                    "jenis": jenis,
                    "anggaran": int(round(cost * rng.uniform(0.5, 1.6), -5)),
                    "status": rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0],
                }
            )
    kecamatan_name = None
    if kecamatan_code:
        kecamatan_name = next(p["kecamatan"] for p in places if p["kode_kecamatan"] == kecamatan_code)
        places = [p for p in places if p["kode_kecamatan"] == kecamatan_code]
        usulan = [u for u in usulan if u["kecamatan_code"] == kecamatan_code]
    names = {p["kode_kelurahan"]: p["kelurahan"] for p in places}
    by_kelurahan = []
    for place in places:
        rows = [u for u in usulan if u["kelurahan_code"] == place["kode_kelurahan"]]
        in_play = sum(u["anggaran"] for u in rows if u["status"] in IN_PLAY)
        by_kelurahan.append(
            {
                "code": place["kode_kelurahan"],
                "name": place["kelurahan"],
                "kecamatan_code": place["kode_kecamatan"],
                "count": len(rows),
                "anggaran": sum(u["anggaran"] for u in rows),
                "pagu": pagu[place["kode_kelurahan"]],
                "sisa_pagu": pagu[place["kode_kelurahan"]] - in_play,
                "by_status": _by_status(rows),
            }
        )
    by_kecamatan = []
    for code in dict.fromkeys(p["kode_kecamatan"] for p in places):
        rows = [u for u in usulan if u["kecamatan_code"] == code]
        by_kecamatan.append(
            {
                "code": code,
                "name": next(p["kecamatan"] for p in places if p["kode_kecamatan"] == code),
                "count": len(rows),
                "anggaran": sum(u["anggaran"] for u in rows),
                "pagu": sum(k["pagu"] for k in by_kelurahan if k["kecamatan_code"] == code),
                "by_status": _by_status(rows),
            }
        )
    statuses = _by_status(usulan)
    shared = []
    for item in ("Semenisasi jalan lingkungan", "Pembangunan drainase lingkungan", "Penerangan jalan umum"):
        rows = [u for u in usulan if u["item"] == item][:40]
        codes = sorted({u["kelurahan_code"] for u in rows})
        shared.append(
            {
                "label": item,
                "keywords": item.lower().split()[:3],
                "kelurahan": [{"code": c, "name": names[c]} for c in codes],
                "usulan": [
                    {"id": u["id"], "title": u["title"], "kelurahan_code": u["kelurahan_code"]} for u in rows
                ],
            }
        )
    themes = []
    for theme_id, (item, *_rest) in enumerate(KAMUS[:5], start=1):
        rows = [u for u in usulan if u["item"] == item]
        themes.append(
            {
                "id": theme_id,
                "keywords": item.lower().split(),
                "size": len(rows),
                "usulan": [{"id": u["id"]} for u in rows],
            }
        )
    return {
        "kind": "musrenbang",
        "scope": {
            "year": 2026,
            "rkpd_year": 2027,
            "kecamatan_code": kecamatan_code,
            "kecamatan_name": kecamatan_name,
            "city": "Kota Balikpapan",
        },
        "generated_at": "2026-03-20T02:30:00Z",
        "input_fingerprint": "sha256:0c1d2e3f405162738495a6b7c8d9eaf0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6",
        "totals": {
            "count": len(usulan),
            "anggaran": sum(u["anggaran"] for u in usulan),
            "pagu": sum(k["pagu"] for k in by_kelurahan),
        },
        "by_status": [
            {
                "status": s,
                "label": STATUS_LABELS[s],
                "count": statuses.get(s, {}).get("count", 0),
                "anggaran": statuses.get(s, {}).get("anggaran", 0),
            }
            for s in STATUS_LABELS
        ],
        "by_kecamatan": by_kecamatan,
        "by_kelurahan": by_kelurahan,
        "by_bidang": _named(usulan, "bidang"),
        "by_opd": _named(usulan, "opd"),
        "by_jenis": _named(usulan, "jenis"),
        "funnel": [
            {
                "tier": tier,
                "status": s,
                "label": STATUS_LABELS[s],
                "count": sum(1 for u in usulan if u["status"] in REACHED[s]),
            }
            for tier, s in (
                ("kelurahan", "submitted"),
                ("kecamatan", "verified"),
                ("kecamatan", "forwarded"),
                ("kota", "accepted"),
            )
        ],
        "shared_needs": shared,
        "themes": themes,
    }
