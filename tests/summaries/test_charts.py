"""Charts: safe, accessible, well-formed SVG; reportlab drawings from the same layout; data tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from reportlab.graphics.shapes import Drawing, String

from participation.summaries import charts
from participation.summaries.charts import (
    bar_chart,
    bar_drawing,
    bar_layout,
    bar_table_rows,
    format_number,
    format_percent,
    format_rupiah,
    funnel_chart,
    funnel_drawing,
    funnel_table_rows,
    heatmap,
    heatmap_drawing,
    heatmap_table_rows,
    split_layout,
    stacked_bar_chart,
    stacked_bar_drawing,
    stacked_table_rows,
)
from participation.summaries.schema import STANCE_LABELS

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "kutip"'

CELLS = [
    {
        "key": "pasal-1",
        "label": "Pasal 1",
        "group_label": "BAB I — KETENTUAN UMUM",
        "value": 12,
        "intensity": 0.25,
    },
    {
        "key": "pasal-2",
        "label": "Pasal 2",
        "group_label": "BAB I — KETENTUAN UMUM",
        "value": 0,
        "intensity": None,
    },
    {
        "key": "pasal-5a",
        "label": "Pasal 5A",
        "group_label": "BAB II — PERENCANAAN",
        "value": 1234,
        "intensity": 0.9,
    },
]
STEPS = [
    {"label": "diajukan", "count": 1200},
    {"label": "diverifikasi", "count": 900},
    {"label": "diteruskan", "count": 600},
    {"label": "diakomodir", "count": 300},
]


def _all_svgs() -> list[str]:
    return [
        bar_chart([(HOSTILE, 3), ("Dinas Pekerjaan Umum", 1_234_567)], title=HOSTILE, unit="Rp"),
        stacked_bar_chart(
            [(HOSTILE, {"support": 3, "object": 5, "amend": 0, "question": 1})],
            title=HOSTILE,
            series_labels=STANCE_LABELS,
        ),
        heatmap(
            [*CELLS, {"key": "x", "label": HOSTILE, "group_label": HOSTILE, "value": 2, "intensity": 0.5}],
            title=HOSTILE,
        ),
        funnel_chart([*STEPS, {"label": HOSTILE, "count": 1}], title=HOSTILE),
    ]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output; malformed or unescaped markup raises


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


@pytest.mark.parametrize("svg", _all_svgs(), ids=["bar", "stacked", "heatmap", "funnel"])
def test_svg_is_wellformed_accessible_and_escapes_text(svg: str) -> None:
    root = _parse(svg)  # raises on malformed XML or unescaped markup
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 360 ")
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None
    assert title.text == HOSTILE
    assert desc is not None
    assert desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # hostile text stayed text: no element was created from it, and nothing points outside
    assert not list(root.iter(f"{NS}script"))
    assert "href" not in svg
    assert "style=" not in svg
    assert "<script" not in svg
    assert any("<script>" in text for text in [*_texts(root), desc.text or ""])


def test_control_characters_do_not_break_the_svg() -> None:
    _parse(bar_chart([("a\x00b\x1fc", 1)], title="t\x0b"))


def test_heatmap_cells_carry_their_number_and_count_as_text() -> None:
    root = _parse(heatmap(CELLS, title="Peta"))
    texts = _texts(root)
    for short, count in (("Ps 1", "12"), ("Ps 2", "0"), ("Ps 5A", "1.234")):
        assert short in texts
        assert count in texts
    assert "BAB II — PERENCANAAN" in texts
    tips = [t.text for t in root.iter(f"{NS}title")]
    assert "Pasal 5A: 1.234 masukan, keberatan 90%" in tips
    # colour follows the bin of the objection share; a pasal without input is neutral grey
    fills = {
        r.find(f"{NS}title").text.split(":")[0]: r.get("fill")  # type: ignore[union-attr]
        for r in root.iter(f"{NS}rect")
        if r.find(f"{NS}title") is not None
    }
    assert fills["Pasal 1"] == charts.HEAT_BINS[1][1]
    assert fills["Pasal 5A"] == charts.HEAT_BINS[4][1]
    assert fills["Pasal 2"] == charts.HEAT_EMPTY[0]


def test_stacked_bar_uses_stance_colours_and_writes_counts() -> None:
    svg = stacked_bar_chart(
        [("BAB I", {"support": 30, "object": 50, "amend": 10, "question": 10})],
        title="Sikap",
        series_labels=STANCE_LABELS,
    )
    root = _parse(svg)
    fills = {r.get("fill") for r in root.iter(f"{NS}rect")}
    assert set(charts.SERIES_COLOURS.values()) <= fills
    texts = _texts(root)
    assert {"30", "50", "100", "mendukung", "keberatan"} <= set(texts)


def test_funnel_shows_share_of_first_step() -> None:
    texts = _texts(_parse(funnel_chart(STEPS)))
    assert "diakomodir: 300 (25%)" in texts


def test_empty_chart_says_so() -> None:
    root = _parse(bar_chart([], title="Kosong"))
    assert "Belum ada data." in _texts(root)


def test_same_input_same_svg_and_distinct_ids_per_chart() -> None:
    a = bar_chart([("a", 1)], title="A")
    assert a == bar_chart([("a", 1)], title="A")
    b = bar_chart([("a", 2)], title="A")
    assert _parse(a).find(f"{NS}title").get("id") != _parse(b).find(f"{NS}title").get("id")  # type: ignore[union-attr]


def test_split_layout_keeps_every_row_and_respects_height() -> None:
    rows = [(f"Kelurahan {i}", i) for i in range(1, 41)]
    layout = bar_layout(rows, title="Tinggi")
    pieces = split_layout(layout, 300)
    assert len(pieces) > 1
    assert all(p.height <= 300 for p in pieces)
    labels = [s.text for p in pieces for s in p.shapes if isinstance(s, charts.Label)]
    assert [f"Kelurahan {i}" for i in range(1, 41)] == [t for t in labels if t.startswith("Kelurahan")]


def test_drawings_mirror_the_layout_and_split_with_legend_repeated() -> None:
    rows = [(f"BAB {i}", {"support": i, "object": 2 * i}) for i in range(1, 30)]
    drawings = stacked_bar_drawing(
        rows, title="Sikap", series_labels=STANCE_LABELS, width=340, max_height=250
    )
    assert len(drawings) > 1
    assert all(isinstance(d, Drawing) for d in drawings)
    assert all(d.height <= 250 + 1e-6 and abs(d.width - 340) < 1e-6 for d in drawings)

    def strings(d: Drawing) -> list[str]:
        return [s.text for s in d.getContents()[0].contents if isinstance(s, String)]

    assert all("keberatan" in strings(d) for d in drawings)  # legend on every piece
    assert sum(strings(d).count("BAB 7") for d in drawings) == 1
    for builder, data in ((bar_drawing, [("a", 1)]), (heatmap_drawing, CELLS), (funnel_drawing, STEPS)):
        (drawing,) = builder(data, title="x")  # type: ignore[operator]
        assert isinstance(drawing, Drawing)


def test_table_rows_keep_raw_numbers_and_format_for_print() -> None:
    table = bar_table_rows([("Dinas Kesehatan", 1_234_567)], unit="Rp", value_header="Anggaran")
    assert table.rows == (("Dinas Kesehatan", 1_234_567),)
    assert table.formatted() == [["Dinas Kesehatan", "Rp1.234.567"]]
    stacked = stacked_table_rows([("BAB I", {"support": 2, "object": 3})], series_labels=STANCE_LABELS)
    assert stacked.headers[-1] == "Jumlah"
    assert stacked.rows[0][-1] == 5
    heat = heatmap_table_rows(CELLS)
    assert heat.formatted()[1] == ["BAB I — KETENTUAN UMUM", "Pasal 2", "0", "-"]
    assert heat.formatted()[2][2:] == ["1.234", "90%"]
    funnel = funnel_table_rows(STEPS)
    assert funnel.formatted()[-1] == ["diakomodir", "300", "25%"]


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "0"), (1234, "1.234"), (1234567, "1.234.567"), (-1234, "-1.234"), (None, "-")]
)
def test_format_number(value: int | None, expected: str) -> None:
    assert format_number(value) == expected


def test_format_rupiah_and_percent() -> None:
    assert format_rupiah(1_234_567) == "Rp1.234.567"
    assert format_rupiah(-1_500) == "-Rp1.500"
    assert format_number(12.5, 1) == "12,5"
    assert format_percent(0.457) == "46%"
    assert format_percent(0.457, 1) == "45,7%"
    assert format_percent(None) == "-"


def test_charts_speak_the_readers_language_on_a_web_page() -> None:
    # the page sets the language around the charts it draws (summaries.views); reports do not
    with charts.in_locale("en"):
        root = _parse(heatmap(CELLS, title="Comments per article", label_lang="id"))
        empty = _texts(_parse(bar_chart([], title="t")))
    texts = _texts(root)
    assert "1,234" in texts  # English digit grouping
    assert "Colour: share of objection; number: count of comments" in texts
    assert "no comments" in texts
    assert "No data yet." in empty
    tips = [t.text for t in root.iter(f"{NS}title")]
    assert "Pasal 5A: 1,234 comments, objection 90%" in tips
    # what the chart quotes from the draft is marked Indonesian inside the English chart
    quoted = {t.text: t.get("lang") for t in root.iter(f"{NS}text")}
    assert quoted["Ps 5A"] == "id"
    assert quoted["no comments"] is None


def test_charts_outside_a_page_stay_indonesian() -> None:
    texts = _texts(_parse(heatmap(CELLS, title="t")))
    assert "1.234" in texts
    assert "Warna: porsi keberatan; angka: jumlah masukan" in texts
    assert "tanpa masukan" in texts
