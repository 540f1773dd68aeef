"""Theme discovery on the labelled synthetic dataset."""

import random
from collections import Counter

import pytest

from participation.summaries.campaigns import campaign_doc_ids, find_campaigns
from participation.summaries.textproc import Doc
from participation.summaries.themes import ThemeResult, find_themes
from tests.summaries.synthetic import TOPICS, LabelledDoc, generate

# A word every theme about the topic should show among its keywords.
TOPIC_WORD = {
    "parkir": "parkir",
    "sampah": "sampah",
    "pkl": "pedagang",
    "banjir": "banjir",
    "bangunan": "bangunan",
    "angkot": "angkot",
    "air": "air",
}


@pytest.fixture(scope="module")
def labelled() -> list[LabelledDoc]:
    return generate(2500, seed=20260502)


@pytest.fixture(scope="module")
def organic(labelled: list[LabelledDoc]) -> list[LabelledDoc]:
    return [x for x in labelled if x.campaign is None]


@pytest.fixture(scope="module")
def result(organic: list[LabelledDoc]) -> ThemeResult:
    return find_themes([x.doc for x in organic])


def _purity(result: ThemeResult, topic: dict[int, str | None]) -> float:
    total = sum(t.size for t in result.themes)
    majority = sum(Counter(topic[i] for i in t.doc_ids).most_common(1)[0][1] for t in result.themes)
    return majority / total


def test_purity_and_coverage(organic: list[LabelledDoc], result: ThemeResult) -> None:
    topic = {x.doc.id: x.topic for x in organic}
    assert _purity(result, topic) >= 0.8
    assert len(result.themes) >= len(TOPICS) - 1
    assert len(result.unassigned_ids) <= 0.05 * len(organic)


def test_keywords_name_the_topic(organic: list[LabelledDoc], result: ThemeResult) -> None:
    topic = {x.doc.id: x.topic for x in organic}
    for theme in result.themes:
        major = Counter(topic[i] for i in theme.doc_ids).most_common(1)[0][0]
        assert 5 <= len(theme.keywords) <= 8
        assert TOPIC_WORD[major] in theme.keywords, (major, theme.keywords)


def test_theme_fields(organic: list[LabelledDoc], result: ThemeResult) -> None:
    assert [t.id for t in result.themes] == list(range(1, len(result.themes) + 1))
    sizes = [t.size for t in result.themes]
    assert sizes == sorted(sizes, reverse=True)
    seen: set[int] = set()
    for t in result.themes:
        assert list(t.doc_ids) == sorted(t.doc_ids)
        assert t.size == len(t.doc_ids)
        assert len(t.representatives) == 3
        assert set(t.representatives) <= set(t.doc_ids)
        assert sum(t.stance_mix.values()) == t.size
        assert 1 <= len(t.top_unit_keys) <= 3
        assert not seen & set(t.doc_ids)
        seen |= set(t.doc_ids)
    assert seen | set(result.unassigned_ids) == {x.doc.id for x in organic}
    assert result.params["k"] >= len(result.themes)


def test_deterministic_and_order_independent(organic: list[LabelledDoc], result: ThemeResult) -> None:
    docs = [x.doc for x in organic]
    assert find_themes(docs) == result
    shuffled = docs[:]
    random.Random(3).shuffle(shuffled)
    assert find_themes(shuffled) == result


def test_campaigns_excluded_do_not_become_themes(labelled: list[LabelledDoc]) -> None:
    docs = [x.doc for x in labelled]
    excluded = campaign_doc_ids(find_campaigns(docs))
    result = find_themes(docs, exclude_ids=excluded)
    assert set(result.excluded_ids) == excluded
    truth = {x.doc.id: x.topic for x in labelled}
    assert _purity(result, truth) >= 0.8
    in_themes = {i for t in result.themes for i in t.doc_ids}
    assert not in_themes & excluded


def test_small_and_degenerate_inputs() -> None:
    assert find_themes([]).themes == ()
    few = [Doc(i, "tarif parkir mahal") for i in range(1, 4)]
    assert find_themes(few).themes == ()
    unique = [
        Doc(i, w)
        for i, w in enumerate(["parkir", "sampah", "banjir", "angkot", "drainase", "halte", "lapak"], start=1)
    ]
    result = find_themes(unique)
    assert result.themes == ()
    assert result.unassigned_ids == tuple(range(1, 8))
