"""The ringkasan eksekutif as PDF: at most two A4 pages, whatever the data.

``executive_pdf(result, url=...)`` selects the content with ``summaries.executive`` at the fullest
level, builds the document and counts its pages; while it runs past two pages it steps down to a
leaner level (shorter quotes, fewer themes, campaigns and wordings) and builds again. The leanest
level bounds every text and row count, so it fits. Footer: the page's URL and "Halaman n dari m".

Pure: a (public) draft summary dict in, bytes out. Must not import Flask, SQLAlchemy or any
``participation`` package other than ``participation.core`` and ``participation.summaries``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from participation.core.clock import format_wita
from participation.summaries.charts import format_number, format_percent
from participation.summaries.executive import LEVELS, Limits, executive_content
from participation.summaries.reports.common import build_pdf, markup, para, rich, table
from participation.summaries.reports.draft_report.figures import stance_text
from participation.summaries.schema import STANCE_LABELS, STANCES

__all__ = ["MAX_PAGES", "executive_pdf", "page_count"]

TITLE = "Ringkasan Eksekutif Hasil Uji Publik"
MAX_PAGES = 2
_PAGE = re.compile(rb"/Type /Page\b(?!s)")


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written by reportlab (each page is one uncompressed /Type /Page object)."""
    return len(_PAGE.findall(pdf))


def _head(content: dict[str, Any]) -> list[Flowable]:
    scope = content["scope"]
    opens, closes = scope["opens_at"], scope["closes_at"]
    period = (
        f"{format_wita(opens, with_time=False)} s.d. {format_wita(closes, with_time=False)}"
        if opens or closes
        else "-"
    )
    story: list[Flowable] = [
        para(str(scope["city"]).upper(), "kicker"),
        para(TITLE, "h1"),
        rich(f"<b>{markup(scope['title'])}</b> — versi {markup(scope['version_number'])}"),
        rich(
            f"Masa uji publik: {markup(period)} · Dihitung pada "
            f"{markup(format_wita(content['computed_at']))}"
            + (" · <b>ada masukan baru sejak itu</b>" if content["newer_input_waiting"] else ""),
            "small",
        ),
        para("Versi publik: nama pemberi masukan tidak dimuat; kutipan adalah cuplikan masukan.", "muted"),
    ]
    return story


def _figures(content: dict[str, Any]) -> list[Flowable]:
    f = content["figures"]
    comments = f["comments"]
    headers = [
        "Masukan",
        "Pemberi masukan",
        *(STANCE_LABELS[s].capitalize() for s in STANCES),
        "Sudah ditanggapi",
    ]
    by_stance = f["by_stance"]
    row = [
        format_number(comments),
        format_number(f["commenters"]),
        *(
            f"{format_number(by_stance[s])} ({format_percent(by_stance[s] / comments if comments else None)})"
            for s in STANCES
        ),
        f"{format_number(f['answered'])} ({format_percent(f['share'])})",
    ]
    return [
        para("Angka utama", "h2"),
        table(headers, [row], [1.0, 1.1, 1.1, 1.1, 1.3, 1.1, 1.2], numeric=range(7)),
    ]


def _objections(content: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [para("Pasal dengan keberatan terbanyak", "h2")]
    if not content["objections"]:
        return story + [para("Belum ada keberatan pada pasal mana pun.", "small")]
    story.append(
        table(
            ["Pasal", "Keberatan", "Semua masukan", "Porsi keberatan", "Sudah ditanggapi"],
            [
                (
                    r["label"],
                    format_number(r["object"]),
                    format_number(r["total"]),
                    format_percent(r["share"]),
                    format_number(r["answered"]),
                )
                for r in content["objections"]
            ],
            [2.6, 1.0, 1.1, 1.1, 1.1],
            numeric=(1, 2, 3, 4),
        )
    )
    rest = content["objection_pasal_count"] - len(content["objections"])
    if rest > 0:
        story.append(para(f"Keberatan juga ada pada {format_number(rest)} pasal lain.", "muted"))
    return story


def _themes(content: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [para("Tema utama", "h2")]
    if not content["themes"]:
        return story + [para("Belum cukup masukan untuk membentuk tema.", "small")]
    story.append(
        para(
            f"{format_number(content['theme_count'])} tema dari "
            f"{format_number(content['themed_comments'])} masukan (di luar kampanye massal)"
            + ("; yang terbesar:" if content["theme_count"] > len(content["themes"]) else ":"),
            "small",
        )
    )
    for t in content["themes"]:
        units = ", ".join(f"{label} ({format_number(n)})" for label, n in t["units"])
        block: list[Flowable] = [
            rich(
                f"<b>{markup(t['label'])}</b>"
                + (" <i>(disunting tim penyusun)</i>" if t["edited"] else "")
                + f" — {format_number(t['size'])} masukan · {markup(stance_text(t['stance_mix']))}"
                + (f" · terutama {markup(units)}" if units else ""),
                "small",
            )
        ]
        block += [rich(f"“{markup(q)}”", "quote_small") for q in t["quotes"]]
        story.append(KeepTogether(block))
    return story


def _campaigns(content: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [para("Kampanye massal (masukan yang hampir sama)", "h2")]
    if not content["campaigns"]:
        return story + [para("Tidak ditemukan kampanye massal.", "small")]
    story.append(
        table(
            ["Jumlah", "Teks utama (cuplikan)", "Sikap", "Pasal"],
            [
                (
                    format_number(c["size"]),
                    c["excerpt"],
                    stance_text(c["stance_mix"]),
                    ", ".join(c["units"]) or "-",
                )
                for c in content["campaigns"]
            ],
            [0.8, 4.6, 1.6, 1.4],
            numeric=(0,),
        )
    )
    rest = content["campaign_count"] - len(content["campaigns"])
    story.append(
        para(
            f"{format_number(content['campaign_count'])} kelompok, "
            f"{format_number(content['campaign_comments'])} masukan; setiap masukan tetap dihitung "
            "dan dijawab."
            + (f" {format_number(rest)} kelompok lebih kecil tidak dimuat di sini." if rest > 0 else ""),
            "muted",
        )
    )
    return story


def _progress(content: dict[str, Any]) -> list[Flowable]:
    p = content["progress"]
    share = p["answered"] / p["total"] if p["total"] else None
    text = (
        f"<b>{format_number(p['answered'])} dari {format_number(p['total'])}</b> masukan sudah "
        f"ditanggapi ({format_percent(share)}); {format_number(p['unanswered'])} belum."
    )
    if p["oldest_unanswered_at"] is not None:
        text += (
            " Yang terlama belum ditanggapi masuk "
            f"{markup(format_wita(p['oldest_unanswered_at'], with_time=False))}."
        )
    if p["most_open"]:
        text += (
            " Terbanyak belum ditanggapi: "
            + markup(", ".join(f"{r['label']} ({format_number(r['open'])})" for r in p["most_open"]))
            + "."
        )
    story: list[Flowable] = [para("Kemajuan tanggapan", "h2"), rich(text, "small")]
    o = content.get("outcomes")
    if o:
        named = ", ".join(o["pasal"]) + (f" dan {format_number(o['more'])} pasal lain" if o["more"] else "")
        against = (
            f"Perda Nomor {o['perda_number']}"
            if o["enacted"] and o["perda_number"]
            else f"naskah akhir (versi {o['version_number']})"
        )
        story.append(
            rich(
                f"<b>{format_number(o['accepted'])} masukan diterima (termasuk sebagian), "
                f"{format_number(o['pasal_count'])} pasal berubah karena masukan publik</b>"
                + (f": {markup(named)}" if named else "")
                + f" (dibandingkan dengan {markup(against)}).",
                "small",
            )
        )
    return story


def _wordings(content: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [para("Usul rumusan dengan dukungan terbanyak", "h2")]
    if not content["wordings"]:
        return story + [para("Belum ada usul perubahan rumusan.", "small")]
    story.append(
        table(
            ["Pasal/ayat", "Usul rumusan warga", "Dukungan"],
            [(w["label"], w["text"], format_number(w["endorsements"])) for w in content["wordings"]],
            [1.4, 5.2, 0.9],
            numeric=(2,),
        )
    )
    if content["wording_count"] > len(content["wordings"]):
        story.append(para(f"Seluruhnya {format_number(content['wording_count'])} usul rumusan.", "muted"))
    return story


def _story(content: dict[str, Any]) -> list[Flowable]:
    story: list[Flowable] = []
    for part in (_head, _figures, _objections, _themes, _campaigns, _progress, _wordings):
        story += part(content)
        story.append(Spacer(1, 2))
    return story


def _build(content: dict[str, Any], url: str) -> bytes:
    scope = content["scope"]
    return build_pdf(
        _story(content),
        title=f"{TITLE} — {scope['title']}",
        author=f"Pemerintah {scope['city']}",
        subject="Ringkasan eksekutif untuk DPRD",
        footer=url,
    )


def executive_pdf(
    result: Mapping[str, Any], *, url: str, computed_at: Any = None, levels: tuple[Limits, ...] = LEVELS
) -> bytes:
    """A4 PDF bytes of at most ``MAX_PAGES`` pages; the fullest level that fits."""
    pdf = b""
    for limits in levels:
        pdf = _build(executive_content(result, limits, computed_at=computed_at), url)
        if page_count(pdf) <= MAX_PAGES:
            return pdf
    return pdf
