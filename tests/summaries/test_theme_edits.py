"""apply_edits: the drafting team's edits hold when themes are recomputed with other ids and
slightly other members (issue 15). Inputs built by hand."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from participation.summaries.theme_edits import CommentInfo, Curated, Pin, apply_edits

STANCES = ["object", "support", "amend"]


def info(ids, hidden=()):
    return {i: CommentInfo(f"X{i}", STANCES[i % 3], f"pasal-{i % 4 + 1}") for i in ids if i not in hidden}


def theme(tid, ids, label=None, keywords=("parkir", "liar")):
    ids = sorted(ids)
    return {
        "id": tid,
        "keywords": list(keywords),
        "phrases": [" ".join(keywords[:2])],
        "size": len(ids),
        "stance_mix": {"object": len(ids)},
        "top_unit_keys": [["pasal-1", len(ids)]],
        "representatives": [
            {"id": i, "external_id": f"X{i}", "excerpt": f"teks {i}", "unit_key": "pasal-1"} for i in ids[:3]
        ],
        "comments": [{"id": i, "external_id": f"X{i}"} for i in ids],
        **({"label": label} if label else {}),
    }


def texts(ids):
    return {i: f"teks {i}" for i in ids}


def by_member(out):
    return {c["id"]: t for t in out for c in t["comments"]}


ALL = range(1, 41)


def test_without_edits_themes_keep_their_shape_and_get_labels():
    computed = [
        theme(1, range(1, 21), label="parkir liar di trotoar"),
        theme(2, range(21, 31), keywords=("pkl", "relokasi")),
    ]
    out = apply_edits(computed, [], [])
    assert [t["label"] for t in out] == ["parkir liar di trotoar", "pkl relokasi"]
    assert all(t["curated_id"] is None and t["edited"] is False for t in out)
    for before, after in zip(computed, out, strict=True):
        assert {k: after[k] for k in before} == before


def test_rename_holds_when_ids_and_members_change():
    renamed = Curated(id=7, name="Penertiban parkir", anchor_ids=frozenset(range(1, 21)))
    # recomputed: the renamed theme is now id 2, lost comment 1, gained 35; a new theme is id 1
    recomputed = [theme(1, range(21, 35), keywords=("pkl", "relokasi")), theme(2, [*range(2, 21), 35])]
    out = apply_edits(recomputed, [renamed], [], comments=info(ALL), excerpts=texts)
    named = by_member(out)[35]
    assert named["label"] == "Penertiban parkir"
    assert named["curated_id"] == 7
    assert named["edited"] is True
    assert named["size"] == 20
    other = by_member(out)[21]
    assert other["label"] == "pkl relokasi"
    assert other["curated_id"] is None
    assert [t["id"] for t in out] == [1, 2]  # numbered by size


def test_a_join_with_a_larger_theme_does_not_take_the_name_but_gives_back_its_comments():
    renamed = Curated(id=1, name="Penertiban parkir", anchor_ids=frozenset(range(1, 6)))
    out = apply_edits([theme(1, range(1, 21))], [renamed], [], comments=info(ALL), excerpts=texts)
    assert out[0]["label"] == "parkir liar"
    assert out[0]["curated_id"] is None
    assert [c["id"] for c in out[0]["comments"]] == list(range(6, 21))
    assert out[1]["label"] == "Penertiban parkir"
    assert out[1]["size"] == 5
    assert [r["id"] for r in out[1]["representatives"]] == [1, 2, 3]


def test_a_renamed_theme_scattered_by_the_computation_holds_its_comments():
    # the 12 comments of a renamed theme come back spread over four themes, three in each
    renamed = Curated(id=2, name="Hari kerja", anchor_ids=frozenset(range(1, 13)))
    recomputed = [
        theme(k + 1, [*range(3 * k + 1, 3 * k + 4), *range(13 + 5 * k, 18 + 5 * k)]) for k in range(4)
    ]
    out = apply_edits(recomputed, [renamed], [], comments=info(ALL), excerpts=texts)
    held = by_member(out)[1]
    assert held["label"] == "Hari kerja"
    assert sorted(c["id"] for c in held["comments"]) == list(range(1, 13))
    assert all(t["size"] == 5 and t["curated_id"] is None for t in out[1:])
    # a comment the computation left out (now in a campaign) is not pulled back
    out = apply_edits([theme(1, range(2, 13))], [renamed], [], comments=info(ALL))
    assert by_member(out)[2]["label"] == "Hari kerja"
    assert 1 not in by_member(out)


def test_merge_holds_and_recomputes_figures():
    merged = Curated(id=3, name="Parkir dan PKL", anchor_ids=frozenset(range(1, 31)))
    recomputed = [
        theme(1, range(1, 20)),
        theme(2, range(20, 32), keywords=("pkl", "dagang")),
        theme(3, range(32, 41), keywords=("banjir", "drainase")),
    ]
    out = apply_edits(recomputed, [merged], [], comments=info(ALL), excerpts=texts)
    assert len(out) == 2
    joined = out[0]
    assert joined["label"] == "Parkir dan PKL"
    assert joined["computed_ids"] == [1, 2]
    assert joined["size"] == 31
    assert [c["id"] for c in joined["comments"]] == list(range(1, 32))
    assert sum(joined["stance_mix"].values()) == 31
    assert set(joined["stance_mix"]) == set(STANCES)
    assert len(joined["representatives"]) == 3
    assert {r["id"] for r in joined["representatives"]} <= set(range(1, 32))
    assert joined["keywords"][:2] == ["parkir", "liar"]
    assert len(joined["keywords"]) == 2


def test_merge_follows_chains_for_pins():
    old = Curated(id=1, name="Lama", anchor_ids=frozenset(range(1, 11)), merged_into_id=2)
    new = Curated(id=2, name="Gabungan", anchor_ids=frozenset(range(1, 21)))
    out = apply_edits(
        [theme(1, range(1, 21)), theme(2, range(21, 31))],
        [old, new],
        [Pin(25, 1)],
        comments=info(ALL),
        excerpts=texts,
    )
    assert by_member(out)[25]["label"] == "Gabungan"
    assert by_member(out)[25]["size"] == 21


def test_split_most_of_a_theme_holds_and_the_rest_keeps_its_own_label():
    # the drafter ticked 1..12 of a 20-comment theme; the recomputed theme has them all again
    split = Curated(id=4, name="Tarif parkir", anchor_ids=frozenset(range(1, 13)))
    pins = [Pin(i, 4) for i in range(1, 13)]
    out = apply_edits([theme(5, range(1, 22))], [split], pins, comments=info(ALL), excerpts=texts)
    part = by_member(out)[1]
    rest = by_member(out)[20]
    assert part["label"] == "Tarif parkir"
    assert part["size"] == 12
    assert rest["label"] == "parkir liar"
    assert rest["curated_id"] is None
    assert [c["id"] for c in rest["comments"]] == list(range(13, 22))
    # the rest's representatives are its own members, topped up from the first ones
    assert {r["id"] for r in rest["representatives"]} == {13, 14, 15}
    assert rest["representatives"][0]["excerpt"] == "teks 13"


def test_move_holds_and_hidden_comments_are_ignored():
    target = Curated(id=9, name="PKL", anchor_ids=frozenset(range(21, 31)), name_set=False)
    pins = [Pin(3, 9), Pin(4, 9)]
    recomputed = [theme(1, range(1, 21)), theme(2, range(21, 31), label="relokasi pkl")]
    out = apply_edits(recomputed, [target], pins, comments=info(ALL, hidden={4, 5}), excerpts=texts)
    members = by_member(out)
    assert members[3]["label"] == "relokasi pkl"  # name not set: the computed label is shown
    assert members[3]["curated_id"] == 9
    assert members[3]["size"] == 11
    assert 4 not in members
    assert 5 not in members
    assert members[1]["size"] == 17
    assert members[1]["edited"] is True


def test_a_curated_theme_without_a_match_keeps_its_pinned_comments():
    lonely = Curated(id=2, name="Retribusi", anchor_ids=frozenset({100, 101, 102}))
    out = apply_edits(
        [theme(1, range(1, 21))], [lonely], [Pin(5, 2), Pin(6, 2)], comments=info(ALL), excerpts=texts
    )
    assert by_member(out)[5]["label"] == "Retribusi"
    assert by_member(out)[5]["size"] == 2
    assert by_member(out)[5]["keywords"] == []
    assert len(by_member(out)[5]["representatives"]) == 2
    # retired themes are gone, their pins too
    out = apply_edits(
        [theme(1, range(1, 21))],
        [Curated(id=2, name="Retribusi", retired=True)],
        [Pin(5, 2)],
        comments=info(ALL),
    )
    assert len(out) == 1
    assert out[0]["size"] == 20


@st.composite
def scenario(draw):
    n = draw(st.integers(5, 40))
    assignment = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    themes = []
    for k in range(5):
        ids = [i + 1 for i, a in enumerate(assignment) if a == k]
        if ids:
            themes.append(theme(len(themes) + 1, ids))
    curated = [
        Curated(id=c, name=f"T{c}", anchor_ids=frozenset(draw(st.sets(st.integers(1, n), max_size=n))))
        for c in range(1, draw(st.integers(0, 3)) + 1)
    ]
    pins = (
        [Pin(i, draw(st.integers(1, len(curated)))) for i in draw(st.sets(st.integers(1, n), max_size=5))]
        if curated
        else []
    )
    hidden = draw(st.sets(st.integers(1, n), max_size=3))
    return themes, curated, pins, info(range(1, n + 1), hidden)


@settings(max_examples=150, deadline=None)
@given(scenario())
@example(([theme(1, [1, 2, 3])], [Curated(1, "A", frozenset({1, 2}))], [Pin(3, 1)], info([1, 2, 3])))
def test_every_visible_member_ends_in_one_theme_and_pins_hold(case):
    themes, curated, pins, comments = case
    out = apply_edits(themes, curated, pins, comments=comments, excerpts=texts)
    placed = [c["id"] for t in out for c in t["comments"]]
    assert len(placed) == len(set(placed))  # no comment in two themes
    before = {c["id"] for t in themes for c in t["comments"]} & set(comments)
    assert set(placed) == before | {p.comment_id for p in pins if p.comment_id in comments}
    members = by_member(out)
    for pin in pins:
        if pin.comment_id in comments:
            assert members[pin.comment_id]["curated_id"] == pin.theme_id
    assert [t["id"] for t in out] == list(range(1, len(out) + 1))
    assert all(t["size"] == len(t["comments"]) > 0 for t in out)
    assert [t["size"] for t in out] == sorted((t["size"] for t in out), reverse=True)
