"""Mass-campaign detection on unit cases and on the labelled synthetic dataset."""

import random
from collections import Counter

import pytest

from participation.summaries.campaigns import Campaign, campaign_doc_ids, find_campaigns
from participation.summaries.textproc import Doc
from tests.summaries.synthetic import LabelledDoc, generate

TEMPLATE = (
    "Kami warga Balikpapan menolak kenaikan tarif retribusi parkir dalam pasal ini. "
    "Kenaikan tarif tersebut sangat memberatkan pekerja yang setiap hari membawa motor. "
    "Kami meminta DPRD mengembalikan tarif parkir ke besaran yang lama."
)


def _pairs(counter: Counter) -> int:
    return sum(v * (v - 1) // 2 for v in counter.values())


@pytest.fixture(scope="module")
def labelled() -> list[LabelledDoc]:
    return generate(3000, seed=20260501)


@pytest.fixture(scope="module")
def found(labelled: list[LabelledDoc]) -> list[Campaign]:
    return find_campaigns([x.doc for x in labelled])


def test_identical_texts_group() -> None:
    docs = [Doc(i, TEMPLATE, "object", "pasal-13") for i in (5, 3, 9)]
    [c] = find_campaigns(docs)
    assert c.doc_ids == (3, 5, 9)
    assert c.size == 3
    assert c.canonical_id == 3
    assert c.variants[0].count == 3
    assert c.stance_mix == {"object": 3}
    assert c.unit_keys == {"pasal-13": 3}


def test_unrelated_texts_do_not_group() -> None:
    docs = [
        Doc(1, "Sampah di TPS Klandasan menumpuk setiap pagi dan baunya sangat menyengat."),
        Doc(2, "Angkot di trayek Sepinggan jarang lewat sehingga warga menunggu lama."),
        Doc(3, "Air PDAM di Manggar sering mati tanpa pemberitahuan kepada pelanggan."),
        Doc(4, "Pedagang kaki lima berjualan di trotoar sehingga pejalan kaki turun ke jalan."),
    ]
    assert find_campaigns(docs) == []


def test_reordered_sentences_slang_and_typos_group() -> None:
    s = TEMPLATE.split(". ")
    docs = [
        Doc(1, TEMPLATE),
        Doc(2, f"{s[2]}. {s[0]}. {s[1]}"),  # reordered
        Doc(3, "Assalamualaikum. " + TEMPLATE.replace("yang", "yg").replace("tarif", "traif", 1)),
        Doc(4, f"{s[1]}. {s[2]}. {s[0]}. Terima kasih."),
    ]
    [c] = find_campaigns(docs)
    assert c.doc_ids == (1, 2, 3, 4)
    assert c.canonical_id in (1, 2)  # the plain template, not one with extras


def test_min_size() -> None:
    docs = [Doc(1, TEMPLATE), Doc(2, TEMPLATE)]
    assert find_campaigns(docs) == []
    assert len(find_campaigns(docs, min_size=2)) == 1


def test_empty_and_textless_docs() -> None:
    assert find_campaigns([]) == []
    assert find_campaigns([Doc(1, ""), Doc(2, "!!!"), Doc(3, "123")]) == []


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        find_campaigns([Doc(1, TEMPLATE), Doc(1, TEMPLATE), Doc(2, TEMPLATE)])


def test_pairwise_precision_and_recall(labelled: list[LabelledDoc], found: list[Campaign]) -> None:
    truth = {x.doc.id: x.campaign for x in labelled}
    pred = {i: c.id for c in found for i in c.doc_ids}
    tp = _pairs(Counter((pred[i], truth[i]) for i in pred if truth[i] is not None))
    predicted = _pairs(Counter(pred.values()))
    actual = _pairs(Counter(c for c in truth.values() if c is not None))
    assert tp / predicted >= 0.95
    assert tp / actual >= 0.95


def test_organic_docs_mostly_ungrouped(labelled: list[LabelledDoc], found: list[Campaign]) -> None:
    grouped = campaign_doc_ids(found)
    organic = [x.doc.id for x in labelled if x.campaign is None]
    assert sum(i in grouped for i in organic) <= 0.02 * len(organic)


def test_campaign_fields(labelled: list[LabelledDoc], found: list[Campaign]) -> None:
    by_id = {x.doc.id: x for x in labelled}
    assert [c.id for c in found] == list(range(1, len(found) + 1))
    assert [(-c.size, c.doc_ids[0]) for c in found] == sorted((-c.size, c.doc_ids[0]) for c in found)
    for c in found:
        assert list(c.doc_ids) == sorted(c.doc_ids)
        assert c.size == len(c.doc_ids)
        assert c.canonical_id in c.doc_ids
        assert c.canonical_text == by_id[c.canonical_id].doc.text
        assert 1 <= len(c.variants) <= 5
        assert sum(c.stance_mix.values()) == c.size
        # Each synthetic campaign targets one pasal with one stance.
        assert max(c.unit_keys.values()) >= 0.8 * c.size


def test_deterministic_and_order_independent(labelled: list[LabelledDoc], found: list[Campaign]) -> None:
    docs = [x.doc for x in labelled[:1500]]
    first = find_campaigns(docs)
    assert find_campaigns(docs) == first
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert find_campaigns(shuffled) == first
