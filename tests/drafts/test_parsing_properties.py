"""Property: a well-formed regulation, laid out as ``pdftotext -layout`` lays out a PDF (centred
headings, hard wraps, hanging indents, page breaks with page numbers, running headers and
footers, catchwords), parses back with every body word in the right unit, in order, and every
piece of furniture set aside and listed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.drafts.parsing import iter_units, parse_perda

WORDS = (
    "pemerintah daerah wajib menyediakan ruang terbuka hijau publik paling sedikit persen luas "
    "wilayah kota setiap orang berhak memperoleh pelayanan kesehatan yang layak pengelolaan "
    "sampah dilakukan secara terpadu oleh perangkat bersama masyarakat dan dunia usaha "
    "perizinan diberikan sesuai ketentuan peraturan perundang-undangan retribusi dipungut "
    "berdasarkan tarif ditetapkan dengan Peraturan Wali Kota Balikpapan kelurahan kecamatan "
    "rukun tetangga anggaran pendapatan belanja"
).split()
ORDINALS = ["Kesatu", "Kedua", "Ketiga", "Keempat"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
HEADER = "RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN"
FOOTER = "www.jdih.balikpapankota.go.id"


@dataclass
class Doc:
    lines: list[tuple[str, int, str | None]] = field(default_factory=list)  # text, indent, key
    expected: dict[str, str] = field(default_factory=dict)  # unit key -> own text
    headings: dict[str, str] = field(default_factory=dict)


def _sentence(rng: random.Random, pasal: int, end: str = ".") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 30))]
    if pasal > 1 and rng.random() < 0.4:
        # cross-references to an earlier pasal and its ayat: wrapped, they must not start units
        at = rng.randint(1, len(words) - 1)
        words[at:at] = [
            "sebagaimana",
            "dimaksud",
            "dalam",
            "Pasal",
            str(rng.randint(1, pasal - 1)),
            "ayat",
            "(1)",
            "huruf",
            "b",
        ]
    words[0] = words[0].capitalize()
    return " ".join(words) + end


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + ([current] if current else [])


def _para(doc: Doc, key: str, marker: str, text: str, indent: int, width: int) -> None:
    doc.expected[key] = text
    wrapped = _wrap(text, width - indent - len(marker) - 1)
    first = f"{marker} {wrapped[0]}" if marker else wrapped[0]
    doc.lines.append((first, indent, key))
    for rest in wrapped[1:]:
        doc.lines.append((rest, indent + (len(marker) + 1 if marker else 0), key))


def build(rng: random.Random) -> Doc:
    width = rng.randint(55, 90)
    centre = width // 2 - 6
    doc = Doc()
    doc.lines += [
        ("RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN", 10, None),
        ("NOMOR ... TAHUN 2026", 20, None),
        ("TENTANG", 28, None),
        ("PENGELOLAAN RUANG TERBUKA HIJAU", 14, None),
        ("", 0, None),
        ("Menimbang : a. bahwa ruang terbuka hijau perlu dikelola;", 0, None),
        ("b. bahwa perlu menetapkan Peraturan Daerah;", 12, None),
        ("Mengingat : 1. Undang-Undang Nomor 26 Tahun 2007;", 0, None),
        ("", 0, None),
        ("MEMUTUSKAN:", centre, None),
        ("Menetapkan : PERATURAN DAERAH TENTANG RUANG TERBUKA HIJAU.", 0, None),
        ("", 0, None),
    ]
    pasal = 0
    for bab in range(rng.randint(1, 4)):
        title = " ".join(rng.choice(WORDS).upper() for _ in range(rng.randint(1, 4)))
        doc.lines += [("", 0, None), (f"BAB {ROMAN[bab]}", centre, None), (title, centre - 4, None)]
        doc.headings[f"bab-{bab + 1}"] = title
        for bagian in range(rng.choice([0, 0, 2, 3])):
            btitle = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 3)))
            doc.lines += [
                ("", 0, None),
                (f"Bagian {ORDINALS[bagian]}", centre, None),
                (btitle, centre - 3, None),
            ]
            doc.headings[f"bab-{bab + 1}/bagian-{bagian + 1}"] = btitle
            pasal = _pasals(rng, doc, pasal, width, centre)
        if f"bab-{bab + 1}/bagian-1" not in doc.headings:
            pasal = _pasals(rng, doc, pasal, width, centre)
    pasal += 1
    doc.lines += [("", 0, None), (f"Pasal {pasal}", centre, None)]
    _para(doc, f"pasal-{pasal}", "", "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.", 0, width)
    doc.lines += [
        ("Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan", 0, None),
        ("Daerah ini dengan penempatannya dalam Lembaran Daerah Kota Balikpapan.", 0, None),
        ("", 0, None),
        ("Ditetapkan di Balikpapan", centre, None),
        ("pada tanggal ...", centre, None),
        ("WALI KOTA BALIKPAPAN,", centre, None),
    ]
    return doc


def _pasals(rng: random.Random, doc: Doc, pasal: int, width: int, centre: int) -> int:
    for _ in range(rng.randint(1, 3)):
        pasal += 1
        doc.lines += [("", 0, None), (f"Pasal {pasal}", centre, None)]
        key = f"pasal-{pasal}"
        if rng.random() < 0.3:
            _para(doc, key, "", _sentence(rng, pasal), 0, width)
            continue
        doc.expected[key] = ""
        for ayat in range(1, rng.randint(2, 4)):
            akey = f"{key}/ayat-{ayat}"
            if rng.random() < 0.35:
                _para(doc, akey, f"({ayat})", _sentence(rng, pasal, ":"), 0, width)
                items = rng.randint(2, 4)
                for index in range(items):
                    letter = chr(ord("a") + index)
                    end = ";" if index < items - 1 else "."
                    _para(doc, f"{akey}/huruf-{letter}", f"{letter}.", _sentence(rng, pasal, end), 4, width)
            else:
                _para(doc, akey, f"({ayat})", _sentence(rng, pasal), 0, width)
    return pasal


def render(rng: random.Random, doc: Doc) -> tuple[str, set[int]]:
    """The pdftotext-style text and the line numbers of the furniture put in."""
    # at least three pages: a header seen on one page only cannot be told from text
    per_page = min(rng.randint(25, 45), len(doc.lines) // 3)
    header = rng.random() < 0.6
    footer = rng.random() < 0.5
    bsre = rng.random() < 0.3
    catchwords = rng.random() < 0.6
    body = [(" " * indent + text if text else "") for text, indent, _ in doc.lines]
    chunks = [body[i : i + per_page] for i in range(0, len(body), per_page)]
    out: list[str] = []
    furniture: set[int] = set()

    def put(line: str, is_furniture: bool = False) -> None:
        out.append(line)
        if is_furniture:
            furniture.add(len(out))

    for number, chunk in enumerate(chunks, start=1):
        first = True
        if number > 1:
            if header:
                put("\f" + " " * 20 + HEADER, True)
                first = False
            put(("" if not first else "\f") + " " * 30 + f"- {number} -", True)
            put("")
        for line in chunk:
            put(line)
        if number < len(chunks):
            following = next((line for line in chunks[number] if line.strip()), "")
            if catchwords and following.strip():
                words = following.split()[: rng.randint(1, 2)]
                put(" " * 40 + " ".join(words) + rng.choice(["…", "...", " . . ."]), True)
        if footer:
            put(" " * 40 + FOOTER, True)
        if bsre:
            put("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat", True)
            put("elektronik yang diterbitkan oleh Balai Sertifikasi Elektronik (BSrE), BSSN", True)
    return "\n".join(out) + "\n", furniture


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_laid_out_regulation_parses_back_losslessly(seed: int) -> None:
    rng = random.Random(seed)
    doc = build(rng)
    text, furniture = render(rng, doc)
    result = parse_perda(text)
    assert result.errors == []
    for key, want in doc.expected.items():
        unit = result.find(key)
        assert unit is not None, key
        assert unit.text == want, key
    for key, want in doc.headings.items():
        unit = result.find(key)
        assert unit is not None, key
        assert unit.heading == want, key
    pasal = [u.key for u in iter_units(result.units) if u.kind == "pasal"]
    assert pasal == [k for k in doc.expected if "/" not in k]
    set_aside = {item["line"] for item in result.accounting["furniture"]}
    assert furniture <= set_aside, furniture - set_aside
    lines = text.split("\n")
    assert not [lines[no - 1] for no in set_aside - furniture if lines[no - 1].strip()]
    assert [u.kind for u in result.penutup][:2] == ["penutup", "pengesahan"]
