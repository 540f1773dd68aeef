"""Labelled campaign shapes that have no two sentences to share (issue 15, "keep it so").

- ``generate_petitions``: single-sentence petitions (one sentence of 15–60 words, "Kami warga
  RT 05 menolak Pasal 12 ayat (2) karena ..."), copied by 5 to 300 people with typos, slang,
  a dropped or swapped word, sometimes a greeting or a signature; two pairs of petitions open
  with the same words on the same clause and must stay apart.
- ``generate_paragraph_letters``: letters sent as one paragraph without sentence punctuation
  (WhatsApp style), copied with slang and typos.
- ``generate_small_letters``: letters with only 4–6 copies, each copy with heavy typos.
- ``same_clause_comments``: organic comments of 15–30 words on one clause that share a long
  common phrase but are written independently (``campaign`` None): not copies.

``petition_corpus(n, seed)`` mixes them with organic comments and the short organic
near-duplicates of ``hard_campaigns``. Deterministic for a given ``rng`` state / seed.
"""

from __future__ import annotations

import random

from participation.summaries.textproc import Doc
from tests.summaries.hard_campaigns import NAMES, SIGNATURES, organic_near_duplicates
from tests.summaries.synthetic import GREETINGS, LabelledDoc, _fill, _informalise, _small_edit, _typo

__all__ = [
    "PARAGRAPH_LETTERS",
    "PETITIONS",
    "SMALL_LETTERS",
    "generate_paragraph_letters",
    "generate_petitions",
    "generate_small_letters",
    "petition_corpus",
    "same_clause_comments",
]

# id -> (unit, stance, weight, the petition sentence)
PETITIONS: dict[str, tuple[str, str, float, str]] = {
    "p-rt05-pasal12": (
        "pasal-12/ayat-2",
        "object",
        0.30,
        "Kami warga RT 05 Kelurahan Gunung Samarinda menolak Pasal 12 ayat (2) karena "
        "pungutan retribusi kebersihan dibebankan dua kali kepada warga yang sudah "
        "membayar iuran RT setiap bulan",
    ),
    # Same opening words and clause as the one above, another demand: another campaign.
    "p-rt05-pasal12-b": (
        "pasal-12/ayat-2",
        "amend",
        0.10,
        "Kami warga RT 05 Kelurahan Gunung Samarinda meminta Pasal 12 ayat (2) diubah "
        "agar petugas kebersihan kelurahan diangkat menjadi pegawai tetap dengan gaji "
        "sesuai upah minimum kota",
    ),
    "p-ojol-zona": (
        "pasal-13/ayat-2",
        "object",
        0.20,
        "Saya pengemudi ojek online di Balikpapan menolak larangan menunggu penumpang di "
        "depan mal dan bandara sebelum pemerintah kota menyediakan zona jemput yang layak",
    ),
    "p-nelayan": (
        "pasal-40",
        "object",
        0.12,
        "Kami nelayan Manggar Baru menolak reklamasi pantai dalam pasal ini karena "
        "merusak tempat kami menambatkan perahu dan mencari ikan sejak puluhan tahun lalu",
    ),
    "p-sekolah": (
        "pasal-55/ayat-1",
        "amend",
        0.10,
        "Mohon pasal ini menjamin setiap anak di Balikpapan Timur mendapat kursi di SMP "
        "negeri terdekat dari rumahnya tanpa tes dan tanpa biaya seragam",
    ),
    # Same opening as the one above, another clause point: another campaign.
    "p-sekolah-b": (
        "pasal-55/ayat-1",
        "amend",
        0.03,
        "Mohon pasal ini menjamin setiap anak di Balikpapan Timur mendapat bus sekolah "
        "gratis pada pagi dan siang hari karena angkot di jalur kami sudah tidak lewat",
    ),
    "p-pasar-long": (
        "pasal-31/ayat-1",
        "object",
        0.08,
        "Kami para pedagang Pasar Pandansari yang sudah berjualan turun temurun "
        "menyatakan keberatan terhadap rencana pembongkaran los lama sebelum gedung "
        "baru selesai dibangun dan sebelum ada tempat penampungan sementara yang "
        "dekat, aman dari banjir, terjangkau angkutan umum, serta tidak memungut sewa "
        "tambahan dari pedagang kecil yang penghasilannya sudah turun sejak pandemi",
    ),
    "p-drainase": (
        "pasal-18",
        "amend",
        0.006,
        "Tolong pasal drainase ini memuat kewajiban pengembang perumahan membangun "
        "kolam retensi sebelum izin diterbitkan supaya Sepinggan tidak banjir lagi",
    ),
}

# WhatsApp style: whole letters that travel as one paragraph without sentence marks.
PARAGRAPH_LETTERS: dict[str, tuple[str, str, float, str]] = {
    "wa-lampu": (
        "pasal-27",
        "amend",
        0.5,
        "assalamualaikum bapak ibu dewan yang terhormat kami warga perumahan Batakan "
        "indah mau menyampaikan bahwa lampu penerangan jalan di komplek kami sudah mati "
        "hampir enam bulan dan sudah dilaporkan berkali kali ke kelurahan tapi belum ada "
        "tindakan mohon dalam perda ini dimasukkan batas waktu perbaikan lampu jalan paling "
        "lama tujuh hari setelah laporan warga diterima terima kasih",
    ),
    "wa-banjir": (
        "pasal-18",
        "object",
        0.3,
        "selamat siang pak bu kami warga RT 12 Gunung Bahagia keberatan dengan pasal "
        "drainase ini karena tidak ada sanksi untuk pengembang yang menimbun rawa "
        "setiap hujan deras air masuk rumah sampai selutut dan anak anak tidak bisa "
        "sekolah kami minta sanksi pencabutan izin bagi pengembang yang menutup saluran "
        "air warga tolong didengar",
    ),
    "wa-angkot": (
        "pasal-61",
        "question",
        0.2,
        "izin bertanya bapak ibu tim penyusun kenapa trayek angkot nomor tiga mau "
        "dihapus padahal itu satu satunya angkutan umum dari Karang Joang ke pasar "
        "kalau dihapus warga yang tidak punya motor harus naik ojek dengan ongkos tiga "
        "kali lipat mohon dijelaskan apa penggantinya dan kapan mulai berlaku",
    ),
}

SMALL_LETTERS: dict[str, tuple[str, str, str]] = {
    "s-taman": (
        "pasal-44",
        "amend",
        "Taman kota di Jalan Jenderal Sudirman perlu lampu tambahan pada malam hari. "
        "Banyak keluarga berolahraga di sana setelah magrib. Kami mengusulkan petugas "
        "kebersihan taman bekerja sampai pukul sepuluh malam.",
    ),
    "s-posyandu": (
        "pasal-50",
        "amend",
        "Posyandu di kelurahan kami belum punya timbangan bayi yang layak. Kader "
        "posyandu membeli peralatan dengan uang pribadi. Mohon perda ini mewajibkan "
        "anggaran peralatan posyandu dari kelurahan setiap tahun.",
    ),
    "s-pemakaman": (
        "pasal-66",
        "question",
        "Bagaimana aturan biaya makam bagi warga miskin di tempat pemakaman umum? "
        "Keluarga kami pernah diminta membayar sewa lahan makam yang mahal. Apakah "
        "pasal ini membebaskan warga miskin dari biaya pemakaman?",
    ),
}


def _sizes(
    rng: random.Random, specs: dict[str, tuple[str, str, float, str]], total: int, low: int, high: int
) -> dict[str, int]:
    ids = sorted(specs)
    wsum = sum(specs[c][2] for c in ids)
    sizes = {c: max(low, min(high, int(total * specs[c][2] / wsum))) for c in ids}
    # Largest absorbs the rounding, within its bound.
    top = max(ids, key=lambda c: specs[c][2])
    sizes[top] = max(low, min(high, sizes[top] + total - sum(sizes.values())))
    return sizes


def _mess(text: str, rng: random.Random, typos: int, punctuate: bool) -> str:
    if rng.random() < 0.5:
        text = _small_edit(text, rng)
    if rng.random() < 0.2:
        text = _small_edit(text, rng)
    text = _informalise(text, rng, 0.4)
    for _ in range(typos):
        text = _typo(text, rng)
    if rng.random() < 0.3:
        text = text.lower()
    if punctuate and rng.random() < 0.6:
        text += "."
    return text


def _signed(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        text = rng.choice(GREETINGS) + " " + text
    if rng.random() < 0.3:
        sig = rng.choice(SIGNATURES).replace("{name}", rng.choice(NAMES))
        text = text.rstrip(".") + ". " + _fill(sig, rng)
    return text


def _emit(
    rng: random.Random,
    order: list[str],
    start_id: int,
    prefix: str,
    make: object,
    specs: dict[str, tuple[str, ...]],
) -> list[LabelledDoc]:
    out: list[LabelledDoc] = []
    for k, cid in enumerate(order):
        unit, stance = specs[cid][0], specs[cid][1]
        if rng.random() < 0.08:
            stance = rng.choice(["support", "amend", "object"])
        text = make(cid)  # type: ignore[operator]
        doc = Doc(
            id=start_id + k, text=text, stance=stance, unit_key=unit, external_id=f"{prefix}-{start_id + k}"
        )
        out.append(LabelledDoc(doc=doc, topic=None, campaign=cid))
    return out


def generate_petitions(rng: random.Random, total: int, start_id: int) -> list[LabelledDoc]:
    """About ``total`` petition copies (each petition 5–300 copies), ids from ``start_id``."""
    sizes = _sizes(rng, PETITIONS, total, 5, 300)
    order = [c for c in sorted(sizes) for _ in range(sizes[c])]
    rng.shuffle(order)

    def make(cid: str) -> str:
        text = _mess(PETITIONS[cid][3], rng, rng.choice([0, 1, 1, 2, 3]), punctuate=True)
        return _signed(text, rng)

    return _emit(rng, order, start_id, "pt", make, PETITIONS)  # type: ignore[arg-type]


def generate_paragraph_letters(rng: random.Random, total: int, start_id: int) -> list[LabelledDoc]:
    """About ``total`` copies of one-paragraph unpunctuated letters, ids from ``start_id``."""
    sizes = _sizes(rng, PARAGRAPH_LETTERS, total, 5, 10**6)
    order = [c for c in sorted(sizes) for _ in range(sizes[c])]
    rng.shuffle(order)

    def make(cid: str) -> str:
        text = _mess(PARAGRAPH_LETTERS[cid][3], rng, rng.choice([0, 1, 2, 3, 4]), punctuate=False)
        if rng.random() < 0.2:
            text += " " + rng.choice(NAMES).lower()
        return text

    return _emit(rng, order, start_id, "wa", make, PARAGRAPH_LETTERS)  # type: ignore[arg-type]


def generate_small_letters(rng: random.Random, start_id: int) -> list[LabelledDoc]:
    """4–6 copies of each small letter, every copy with 3–6 typos, ids from ``start_id``."""
    order = [c for c in sorted(SMALL_LETTERS) for _ in range(rng.randint(4, 6))]
    rng.shuffle(order)

    def make(cid: str) -> str:
        return _signed(_mess(SMALL_LETTERS[cid][2], rng, rng.randint(3, 6), punctuate=False), rng)

    return _emit(rng, order, start_id, "sl", make, SMALL_LETTERS)  # type: ignore[arg-type]


# Organic comments on one clause: a long phrase everybody writes, then a reason of one's own.
_COMMON_PHRASES = [
    ("pasal-13/ayat-2", "Saya keberatan dengan kenaikan tarif parkir di pasal ini"),
    ("pasal-12/ayat-2", "Kami warga RT 05 Gunung Samarinda ingin berpendapat"),
    ("pasal-72", "Saya tidak setuju tarif air PDAM dinaikkan tahun depan"),
]
_WHO = [
    "anak saya",
    "ibu saya",
    "tetangga kami",
    "suami saya",
    "adik saya",
    "kami sekeluarga",
    "pelanggan warung saya",
    "teman kantor saya",
    "bapak mertua",
    "para lansia gang kami",
    "keponakan saya",
    "istri saya",
    "nenek kami",
    "rekan sesama guru",
    "karyawan bengkel saya",
    "anak kos di rumah kami",
    "ketua RT kami",
    "kakak ipar",
    "sopir langganan kami",
    "murid les saya",
]
_DO = [
    "setiap hari harus",
    "seminggu tiga kali harus",
    "tiap pagi terpaksa",
    "sering kali mesti",
    "hampir tiap sore perlu",
    "kadang-kadang wajib",
    "tiap akhir pekan biasa",
    "selalu",
    "dua hari sekali",
    "tiap malam",
    "setiap tanggal muda",
    "sesekali",
]
_ACT = [
    "mengantar dagangan ke pasar",
    "berobat ke puskesmas",
    "menjemput cucu di sekolah",
    "bekerja di kawasan industri Kariangau",
    "kuliah di kampus Politeknik",
    "mengurus surat di kelurahan",
    "belanja bahan kue",
    "menjual ikan ke Klandasan",
    "ikut pengajian di masjid",
    "latihan futsal",
    "mengambil obat di apotek",
    "servis motor",
    "ambil gaji di bank",
    "antar katering",
    "jualan gorengan",
    "rapat di kantor camat",
    "ngojek di bandara",
    "jaga toko kelontong",
    "belajar kelompok",
    "menjenguk saudara di rumah sakit",
]
_WHY = [
    "padahal gaji cuma {n} ratus ribu",
    "sejak {n} tahun terakhir",
    "dengan ongkos {n} ribu sekali jalan",
    "sementara harga beras naik {n} persen",
    "tanpa pilihan lain sejak {n} bulan",
    "dan jaraknya {n} kilometer",
    "sedangkan angkot lewat tiap {n} menit",
    "lalu uang sekolah naik {n} ribu",
    "walau sudah {n} kali mengeluh",
    "sampai utang {n} juta",
    "meski hujan deras",
    "dengan motor tua",
    "membawa {n} karung",
    "setelah subuh",
    "bersama {n} tetangga",
    "sambil menggendong bayi",
]
_END = [
    "",
    "",
    "Tolong dipertimbangkan lagi.",
    "Mohon ada keringanan.",
    "Semoga dewan paham.",
    "Kasihan warga kecil.",
    "Itu saja dari saya.",
]


def same_clause_comments(rng: random.Random, total: int, start_id: int) -> list[LabelledDoc]:
    """``total`` independent 15–30-word comments that open with a common long phrase. Written
    independently: two comments on one phrase share at most one of their own parts (who, how
    often, what, why), as far as the pools allow (about 100 per phrase)."""
    out: list[LabelledDoc] = []
    used: set[tuple[str, str, str]] = set()
    for k in range(total):
        unit, phrase = rng.choice(_COMMON_PHRASES)
        for _ in range(200):
            parts = (rng.choice(_WHO), rng.choice(_DO), rng.choice(_ACT), rng.choice(_WHY))
            pairs = {(phrase, x, y) for x in parts for y in parts if x < y}
            if used.isdisjoint(pairs):
                break
        used |= pairs
        who, verb, act, why = parts
        where = "di {loc}" if rng.random() < 0.3 else ""
        reason = _fill(" ".join(x for x in [who, verb, act, where, why] if x), rng).lower()
        text = f"{phrase} karena {reason}."
        text = _informalise(text, rng, 0.3)
        if rng.random() < 0.3:
            text = _typo(text, rng)
        doc = Doc(
            id=start_id + k, text=text, stance="object", unit_key=unit, external_id=f"sc-{start_id + k}"
        )
        out.append(LabelledDoc(doc=doc, topic="umum", campaign=None))
    return out


def petition_corpus(n: int, seed: int) -> list[LabelledDoc]:
    """About ``n`` docs with ids 1..: half organic comments, ~25 % petition copies, ~8 %
    paragraph letters, three small letters, ~8 % organic near-duplicates and ~8 % same-clause
    comments, shuffled."""
    from tests.summaries.synthetic import generate

    rng = random.Random(seed)
    docs = generate(n // 2, seed=seed, campaign_share=0.0)
    for make, share in ((generate_petitions, 0.25), (generate_paragraph_letters, 0.08)):
        docs += make(rng, int(n * share), len(docs) + 1)
    docs += generate_small_letters(rng, len(docs) + 1)
    docs += organic_near_duplicates(rng, n * 8 // 100, len(docs) + 1)
    # Same-clause comments stay at a number the independence rule can hold (~100 per phrase).
    docs += same_clause_comments(rng, min(n * 8 // 100, 300), len(docs) + 1)
    rng.shuffle(docs)
    return docs
