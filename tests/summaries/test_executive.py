"""The ringkasan eksekutif: what it selects from a summary, and a PDF of at most two A4 pages
whatever the data (the sample summary and a large synthetic one with long texts)."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from typing import Any

import pytest

from participation.summaries.executive import LEVELS, executive_content, theme_label
from participation.summaries.reports.executive import MAX_PAGES, executive_pdf, page_count
from tests.summaries.sample_data import draft_summary

PDFINFO = shutil.which("pdfinfo")
PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    PDFINFO is None or PDFTOTEXT is None, reason="pdfinfo/pdftotext (poppler-utils) not installed"
)
URL = "http://localhost/ringkasan/raperda/7/ringkasan-eksekutif"


def pdf_pages(pdf: bytes) -> int:
    """Pages as poppler counts them (independent of the builder's own count)."""
    assert PDFINFO is not None
    out = subprocess.run(
        [PDFINFO, "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    assert match, out
    return int(match.group(1))


def pdf_text(pdf: bytes) -> str:
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    return " ".join(out.split())


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    data = draft_summary()
    for theme in data["themes"]:
        theme["label"] = f"{theme['keywords'][0]} dan {theme['keywords'][1]} di kota"
    return data


LONG = (
    "Kami keberatan karena ketentuan ini membuka peluang alih fungsi ruang terbuka hijau "
    "menjadi kawasan komersial tanpa kajian dan tanpa musyawarah dengan warga sekitar. "
)


def large_summary() -> dict[str, Any]:
    """20,000 comments over 400 pasal, 25 themes with long labels and quotes, 80 campaigns and
    300 proposed wordings, every text far longer than a page line."""
    data = draft_summary()
    data["scope"]["draft_title"] = "Rancangan Peraturan Daerah tentang " + "Ruang Terbuka Hijau " * 40
    pasal = []
    for i in range(400):
        objections = (i * 37) % 500
        total = objections + 100 + i
        pasal.append(
            {
                "key": f"pasal-{i + 1}",
                "label": f"Pasal {i + 1}",
                "bab_key": None,
                "total": total,
                "by_stance": {
                    "support": 50,
                    "object": objections,
                    "amend": total - objections - 60,
                    "question": 10,
                },
                "answered": total // 3,
                "lines": [
                    {
                        "key": f"pasal-{i + 1}/ayat-{j}",
                        "label": f"Pasal {i + 1} ayat ({j})",
                        "total": 1,
                        "by_stance": {"support": 1, "object": 0, "amend": 0, "question": 0},
                    }
                    for j in range(1, 4)
                ],
            }
        )
    data["by_pasal"] = pasal
    data["totals"].update({"comments": 20_000, "commenters": 14_321})
    data["totals"]["by_stance"] = {"support": 5000, "object": 9000, "amend": 4000, "question": 2000}
    data["answered"].update(
        {
            "answered": 7_000,
            "unanswered": 13_000,
            "share": 0.35,
            "by_pasal": [
                {"key": p["key"], "label": p["label"], "answered": p["answered"], "total": p["total"]}
                for p in pasal
            ],
        }
    )
    themes = []
    for t in range(25):
        themes.append(
            {
                "id": t + 1,
                "label": f"Tema panjang nomor {t + 1} tentang " + "pengelolaan taman " * 12,
                "keywords": [f"kata{t}", "taman", "pohon", "banjir", "mangrove", "drainase"],
                "phrases": ["ruang terbuka"],
                "size": 3000 - t * 100,
                "stance_mix": {"support": 100, "object": 2000, "amend": 50, "question": 7},
                "top_unit_keys": [[f"pasal-{k}/ayat-2", 40 - k] for k in range(1, 6)],
                "representatives": [
                    {
                        "id": 10_000 + t * 10 + q,
                        "external_id": None,
                        "excerpt": f"Kutipan {t}-{q}: " + LONG * 12,
                        "unit_key": "pasal-3",
                    }
                    for q in range(3)
                ],
                "comments": [],
                "edited": t % 4 == 0,
            }
        )
    data["themes"] = themes
    data["campaigns"] = [
        {
            "id": c + 1,
            "size": 900 - c * 10,
            "canonical_id": 50_000 + c,
            "canonical_text": f"Kampanye {c}: " + LONG * 20,
            "variants": [{"text": LONG, "count": 3}],
            "stance_mix": {"support": 0, "object": 900 - c * 10, "amend": 0, "question": 0},
            "unit_keys": {f"pasal-{c + 1}": 900 - c * 10, "pasal-2": 1},
            "comments": [],
        }
        for c in range(80)
    ]
    data["proposed_wordings"] = [
        {
            "unit_key": f"pasal-{w + 1}",
            "label": f"Pasal {w + 1}",
            "current_text": LONG * 10,
            "suggestions": [
                {
                    "comment_id": 70_000 + w,
                    "external_id": None,
                    "text": f"Rumusan {w}: " + LONG * 15,
                    "endorsements": (w * 13) % 97,
                }
            ],
        }
        for w in range(300)
    ]
    data["newer_input_waiting"] = True
    data["computed_at"] = "2026-12-01T02:30:00Z"
    return data


# ---------------------------------------------------------------- selection


def test_selection_orders_and_limits_each_part(sample: dict[str, Any]) -> None:
    content = executive_content(sample)
    limits = LEVELS[0]
    objections = [r["object"] for r in content["objections"]]
    every = sorted((p["by_stance"]["object"] for p in sample["by_pasal"]), reverse=True)
    assert objections == every[: limits.pasal]
    assert len(objections) == 5
    assert content["objections"][0]["label"] == "Pasal 20"  # the demo's campaign target
    sizes = sorted((t["size"] for t in sample["themes"]), reverse=True)
    assert [t["size"] for t in content["themes"]] == sizes[: limits.themes]
    assert all(len(t["quotes"]) == 2 for t in content["themes"])
    support = sorted(
        (s["endorsements"] for w in sample["proposed_wordings"] for s in w["suggestions"]), reverse=True
    )
    assert [w["endorsements"] for w in content["wordings"]] == support[:3]
    assert [c["size"] for c in content["campaigns"]] == [c["size"] for c in sample["campaigns"]]
    figures = content["figures"]
    assert figures["comments"] == 600
    assert figures["by_stance"] == sample["totals"]["by_stance"]
    assert content["progress"]["answered"] == sample["answered"]["answered"]


def test_selection_carries_no_names_and_labels_fall_back_to_keywords(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    authors = {c["author"] for row in data["matriks"] for c in row["comments"]} - {"Anonim"}
    assert authors
    data["themes"][0].pop("label")
    content = executive_content(data)
    assert not any(name in repr(content) for name in authors)
    first = next(t for t in content["themes"] if t["id"] == data["themes"][0]["id"])
    assert first["label"] == ", ".join(data["themes"][0]["keywords"][:3])
    assert theme_label({"label": "", "keywords": ["a", "b", "c", "d"]}) == "a, b, c"


def test_every_text_is_bounded_at_the_leanest_level() -> None:
    content = executive_content(large_summary(), LEVELS[-1])
    leanest = LEVELS[-1]
    assert len(content["scope"]["title"]) <= leanest.title_chars
    assert len(content["themes"]) == leanest.themes
    assert not any(t["quotes"] for t in content["themes"])
    assert all(len(c["excerpt"]) <= leanest.campaign_chars for c in content["campaigns"])
    assert all(len(w["text"]) <= leanest.wording_chars for w in content["wordings"])


# ---------------------------------------------------------------- PDF


@needs_poppler
def test_pdf_of_the_sample_fits_two_pages_with_the_key_rows(sample: dict[str, Any]) -> None:
    pdf = executive_pdf(sample, url=URL)
    pages = pdf_pages(pdf)
    assert pages <= MAX_PAGES
    assert pages == page_count(pdf)
    text = pdf_text(pdf)
    assert "Ringkasan Eksekutif Hasil Uji Publik" in text
    assert "Pasal dengan keberatan terbanyak" in text
    assert "Pasal 20" in text
    for theme in sample["themes"]:
        assert theme["label"] in text
    assert f"{URL} Halaman 1 dari {pages}" in text
    assert "Dihitung pada 30 November 2026 15.04 WITA" in text
    assert "ada masukan baru sejak itu" not in text


@needs_poppler
def test_pdf_of_a_large_summary_drops_rows_rather_than_spill() -> None:
    data = large_summary()
    pdf = executive_pdf(data, url=URL)
    assert pdf_pages(pdf) <= MAX_PAGES
    text = pdf_text(pdf)
    top = max(data["by_pasal"], key=lambda p: (p["by_stance"]["object"], p["total"]))
    assert f"{top['label']} {top['by_stance']['object']}" in text
    assert "Tema panjang nomor 1 tentang" in text  # the largest theme is always kept
    assert "Tema panjang nomor 25 tentang" not in text  # the smallest one gave way
    assert "(disunting tim penyusun)" in text
    assert "ada masukan baru sejak itu" in text
    assert "1 Desember 2026 10.30 WITA" in text
    assert "Halaman 2 dari 2" in text or "Halaman 1 dari 1" in text
    # the fullest level alone would not have fitted: the builder really stepped down
    assert page_count(executive_pdf(data, url=URL, levels=LEVELS[:1])) > MAX_PAGES


@needs_poppler
def test_pdf_of_an_empty_consultation_is_one_page(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    for part in ("themes", "campaigns", "proposed_wordings"):
        data[part] = []
    for row in data["by_pasal"]:
        row["by_stance"]["object"] = 0
    text = pdf_text(executive_pdf(data, url=URL))
    assert "Belum ada keberatan pada pasal mana pun." in text
    assert "Belum cukup masukan untuk membentuk tema." in text
    assert "Halaman 1 dari 1" in text
