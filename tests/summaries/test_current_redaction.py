"""``redaction.strip_withdrawn`` (issue 15): a stored summary without the comments withdrawn
since has the figures a recomputation would give (totals, stance, per pasal and BAB, answered,
wordings, matriks), and no trace of them; what it cannot know it reports as not exact."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.summaries.aggregation import (
    CommentRow,
    DraftInputs,
    ResponseInfo,
    UnitRow,
    build_draft_summary,
)
from participation.summaries.redaction import CANONICAL_WITHDRAWN, Withdrawn, strip_withdrawn

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
UNITS = [
    UnitRow("bab-1", "bab", "BAB I", "Umum", "", 0, "bab-1", "bab-1"),
    UnitRow("pasal-1", "pasal", "Pasal 1", None, "Pasal satu.", 1, "bab-1", "pasal-1"),
    UnitRow("pasal-1/ayat-1", "ayat", "Pasal 1 ayat (1)", None, "Ayat satu.", 2, "bab-1", "pasal-1"),
    UnitRow("pasal-1/ayat-2", "ayat", "Pasal 1 ayat (2)", None, "Ayat dua.", 3, "bab-1", "pasal-1"),
    UnitRow("bab-2", "bab", "BAB II", "Pedagang", "", 4, "bab-2", "bab-2"),
    UnitRow("pasal-2", "pasal", "Pasal 2", None, "Pasal dua.", 5, "bab-2", "pasal-2"),
]
KEYS = ["pasal-1", "pasal-1/ayat-1", "pasal-1/ayat-2", "pasal-2"]
STANCES = ["support", "object", "amend", "question", None]
WORDS = ["trotoar", "pedagang", "drainase", "parkir", "sampah", "lampu", "halte", "pasar"]
ANSWER = ResponseInfo(900, "explained", "Sudah dipertimbangkan.", None)

comment_spec = st.tuples(
    st.sampled_from(KEYS),
    st.sampled_from(STANCES),
    st.booleans(),
    st.booleans(),
    st.integers(0, 3),
    st.sampled_from(WORDS),
    st.booleans(),
)


def _inputs(specs, withdrawn: set[int] = frozenset()) -> DraftInputs:
    comments = [
        CommentRow(
            id=i + 1,
            unit_key=key,
            stance=stance,
            body=f"Masukan {i} tentang {word} di kawasan {word} nomor {i}.",
            created_at=NOW - dt.timedelta(minutes=100 - i),
            suggested_wording=f"Rumusan {i}." if wording else None,
            author_id=i % 5 + 1,
            endorsements=endorsements,
            response=ANSWER if answered else None,
            hidden=(i + 1) in withdrawn,
        )
        for i, (key, stance, answered, wording, endorsements, word, _w) in enumerate(specs)
    ]
    return DraftInputs(
        draft_id=1,
        draft_title="Raperda",
        version_id=3,
        version_number=1,
        city="Kota Balikpapan",
        units=UNITS,
        comments=comments,
    )


FIGURES = ("by_pasal", "by_bab", "proposed_wordings")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(comment_spec, min_size=1, max_size=14))
def test_stripping_gives_the_figures_of_a_recomputation(specs) -> None:
    withdrawn_ids = {i + 1 for i, spec in enumerate(specs) if spec[6]}
    stored = build_draft_summary(_inputs(specs), now=NOW, matriks_bodies=False)
    expected = build_draft_summary(_inputs(specs, withdrawn_ids), now=NOW, matriks_bodies=False)
    withdrawn = {
        i + 1: Withdrawn(
            i + 1,
            specs[i][1],
            None,
            specs[i][4],
            f"Masukan {i} tentang {specs[i][5]} di kawasan {specs[i][5]} nomor {i}.",
        )
        for i in range(len(specs))
        if (i + 1) in withdrawn_ids
    }
    stripped, exact = strip_withdrawn(stored, withdrawn)

    assert exact == (not withdrawn_ids)
    for key in ("comments", "by_stance", "endorsements", "replies"):
        assert stripped["totals"][key] == expected["totals"][key], key
    for key in ("answered", "unanswered", "share", "by_pasal", "oldest_unanswered"):
        assert stripped["answered"][key] == expected["answered"][key], key
    for key in FIGURES:
        assert stripped[key] == expected[key], key
    assert stripped["matriks"] == expected["matriks"]
    # no trace of a withdrawn comment anywhere
    for group in (*stripped["themes"], *stripped["campaigns"]):
        assert not {c["id"] for c in group["comments"]} & withdrawn_ids
    for theme in stripped["themes"]:
        assert not {r["id"] for r in theme["representatives"]} & withdrawn_ids
        assert theme["size"] == len(theme["comments"])
    text = json.dumps(stripped, ensure_ascii=False)
    for w in withdrawn.values():
        assert w.body not in text
    # the stored summary itself is not changed
    assert stored == build_draft_summary(_inputs(specs), now=NOW, matriks_bodies=False)


def _campaign_summary() -> dict:
    letter = "Kami menolak relokasi pedagang kaki lima ke pinggir kota."
    summary = build_draft_summary(
        _inputs([("pasal-2", "object", False, False, 0, "pasar", False)] * 4), now=NOW, matriks_bodies=False
    )
    assert [c["id"] for row in summary["matriks"] for c in row["comments"]] == [1, 2, 3, 4]
    summary["campaigns"] = [
        {
            "id": 1,
            "size": 4,
            "canonical_id": 1,
            "canonical_text": letter,
            "variants": [
                {"text": letter, "count": 2},
                {"text": letter.replace("Kami", "Saya"), "count": 1},
                {"text": letter + " Ditambah NAMA PRIBADI.", "count": 1},
            ],
            "stance_mix": {"object": 4},
            "unit_keys": {"pasal-2": 4},
            "comments": [{"id": i, "external_id": None} for i in (1, 2, 3, 4)],
        }
    ]
    return summary


def test_a_withdrawn_campaign_example_and_variant_are_replaced_by_public_texts() -> None:
    summary = _campaign_summary()
    letter = summary["campaigns"][0]["canonical_text"]
    withdrawn = {
        1: Withdrawn(1, "object", None, 0, letter),
        4: Withdrawn(4, "object", None, 0, letter + " Ditambah NAMA PRIBADI."),
    }
    stripped, exact = strip_withdrawn(summary, withdrawn)
    (camp,) = stripped["campaigns"]
    assert not exact
    assert camp["size"] == 2
    assert [c["id"] for c in camp["comments"]] == [2, 3]
    assert "NAMA PRIBADI" not in json.dumps(camp)
    # the example was comment 1's text: the most common public variant replaces it
    assert camp["canonical_id"] == 2
    assert camp["canonical_text"] == letter.replace("Kami", "Saya")
    assert camp["stance_mix"] == {"object": 2}
    assert camp["unit_keys"] == {"pasal-2": 2}


def test_a_campaign_left_without_a_public_text_shows_a_note() -> None:
    summary = _campaign_summary()
    variants = summary["campaigns"][0]["variants"]
    withdrawn = {i: Withdrawn(i, "object", None, 0, variants[min(i, 3) - 1]["text"]) for i in (1, 2, 3, 4)}
    stripped, _exact = strip_withdrawn(summary, withdrawn)
    (camp,) = stripped["campaigns"]
    assert camp["canonical_text"] == CANONICAL_WITHDRAWN
    assert camp["variants"] == []
    assert camp["size"] == 0
    assert stripped["totals"]["comments"] == 0
