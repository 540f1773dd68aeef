"""The summary builders on plain rows: counts, answers, campaigns, wordings, musrenbang."""

import datetime as dt

from participation.summaries.aggregation import (
    CommentRow,
    DraftInputs,
    MusrenbangInputs,
    ResponseInfo,
    UnitRow,
    UsulanRow,
    build_draft_summary,
    build_musrenbang_summary,
    label_for_key,
    public_draft_summary,
)
from participation.summaries.schema import validate_draft_summary, validate_musrenbang_summary
from tests.summaries.synthetic import generate

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def _units() -> list[UnitRow]:
    rows = [UnitRow("bab-1", "bab", "BAB I", "KETENTUAN UMUM", "", 0, None, "bab-1")]
    ordinal = 1
    for p in range(1, 41):
        bab = "bab-1" if p <= 20 else "bab-2"
        if p == 21:
            rows.append(UnitRow("bab-2", "bab", "BAB II", "PARKIR", "", ordinal, None, "bab-2"))
            ordinal += 1
        rows.append(
            UnitRow(f"pasal-{p}", "pasal", f"Pasal {p}", None, f"Teks pasal {p}.", ordinal, bab, f"pasal-{p}")
        )
        ordinal += 1
        for a in (1, 2):
            rows.append(
                UnitRow(
                    f"pasal-{p}/ayat-{a}",
                    "ayat",
                    f"Pasal {p} ayat ({a})",
                    None,
                    f"Ayat {a} pasal {p} berbunyi demikian.",
                    ordinal,
                    bab,
                    f"pasal-{p}",
                )
            )
            ordinal += 1
    return rows


def _inputs(n: int = 600) -> tuple[DraftInputs, list]:
    data = generate(n, seed=7)
    known = {u.key for u in _units()}
    comments = []
    for i, item in enumerate(data, start=1):
        d = item.doc
        key = d.unit_key if d.unit_key in known else f"pasal-{i % 40 + 1}/ayat-1"
        if i == n:
            key = "pasal-99/ayat-9"  # a clause that is not in this version
        response = ResponseInfo(i, "explained", "Alasan tanggapan.", None) if i % 3 == 0 else None
        comments.append(
            CommentRow(
                id=i,
                unit_key=key,
                stance=d.stance,
                body=d.text,
                external_id=f"X-{i}" if i % 5 == 0 else None,
                created_at=NOW - dt.timedelta(minutes=n - i),
                author_id=i % 50 + 1,
                author_display=f"Warga {i % 50 + 1}",
                response=response,
                suggested_wording="Rumusan baru yang diusulkan." if d.stance == "amend" else None,
                endorsements=i % 4,
            )
        )
    comments.append(
        CommentRow(id=n + 1, unit_key="pasal-1", stance=None, body="balasan", created_at=NOW, parent_id=1)
    )
    comments.append(
        CommentRow(
            id=n + 2, unit_key="pasal-2", stance="object", body="disembunyikan", created_at=NOW, hidden=True
        )
    )
    inputs = DraftInputs(
        draft_id=1,
        draft_title="Raperda Uji",
        version_id=3,
        version_number=1,
        city="Kota Balikpapan",
        units=_units(),
        comments=comments,
    )
    return inputs, data


def test_draft_summary_counts_add_up_and_trace_to_comments():
    inputs, data = _inputs()
    summary = build_draft_summary(inputs, now=NOW)
    validate_draft_summary(summary)
    top = [c for c in inputs.comments if c.parent_id is None and not c.hidden]
    assert summary["totals"]["comments"] == len(top) == 600
    assert summary["totals"]["replies"] == 1
    assert sum(summary["totals"]["by_stance"].values()) == sum(1 for c in top if c.stance)
    assert sum(r["total"] for r in summary["by_pasal"]) == len(top)
    assert sum(r["total"] for r in summary["by_bab"]) == len(top) - 1
    orphan = [r for r in summary["by_pasal"] if r["key"] == "pasal-99/ayat-9"]
    assert orphan
    assert orphan[0]["total"] == 1
    assert orphan[0]["bab_key"] is None
    for row in summary["by_pasal"]:
        assert row["total"] == sum(line["total"] for line in row["lines"])
    assert summary["answered"]["answered"] == sum(1 for c in top if c.response)
    assert summary["answered"]["answered"] + summary["answered"]["unanswered"] == len(top)
    oldest = summary["answered"]["oldest_unanswered"]
    assert oldest == sorted(oldest, key=lambda r: r["created_at"])
    assert all(r["id"] % 3 != 0 for r in oldest)
    # campaigns are found and every listed comment exists
    ids = {c.id for c in top}
    assert summary["campaigns"], "the synthetic data holds campaigns"
    for camp in summary["campaigns"]:
        assert camp["size"] == len(camp["comments"])
        assert {c["id"] for c in camp["comments"]} <= ids
    true_campaign = {item.doc.id: item.campaign for item in data}
    biggest = summary["campaigns"][0]
    labels = {true_campaign[c["id"]] for c in biggest["comments"]}
    assert len(labels) == 1
    assert None not in labels
    # themes exclude campaign members
    in_campaigns = {c["id"] for camp in summary["campaigns"] for c in camp["comments"]}
    for theme in summary["themes"]:
        assert not {c["id"] for c in theme["comments"]} & in_campaigns
        assert len(theme["representatives"]) <= 3
    # external ids travel with the comments
    refs = [c for camp in summary["campaigns"] for c in camp["comments"]]
    assert any(r["external_id"] for r in refs)
    assert summary["proposed_wordings"]
    assert sum(len(r["comments"]) for r in summary["matriks"]) == len(top)


def test_draft_summary_is_deterministic_and_fingerprint_tracks_changes():
    inputs, _ = _inputs(200)
    a = build_draft_summary(inputs, now=NOW)
    b = build_draft_summary(inputs, now=NOW)
    assert a == b
    inputs.comments[0] = CommentRow(**{**inputs.comments[0].__dict__, "body": "teks berubah"})
    c = build_draft_summary(inputs, now=NOW)
    assert c["input_fingerprint"] != a["input_fingerprint"]


def test_public_summary_hides_names():
    inputs, _ = _inputs(60)
    summary = build_draft_summary(inputs, now=NOW)
    assert any(c["author"].startswith("Warga") for r in summary["matriks"] for c in r["comments"])
    public = public_draft_summary(summary)
    assert {c["author"] for r in public["matriks"] for c in r["comments"]} == {"Anonim"}
    assert public["totals"] == summary["totals"]


def test_empty_draft_summary():
    inputs = DraftInputs(1, "Kosong", 1, 1, "Kota", _units()[:5], [])
    summary = build_draft_summary(inputs, now=NOW)
    validate_draft_summary(summary)
    assert summary["totals"]["comments"] == 0
    assert summary["themes"] == []
    assert summary["answered"]["share"] == 0.0


def test_labels():
    assert label_for_key("pasal-5/ayat-2/huruf-b") == "Pasal 5 ayat (2) huruf b"
    assert label_for_key("pasal-5a") == "Pasal 5A"
    assert label_for_key("pasal-i/perubahan-3") == "Pasal I angka 3"


def _musrenbang_inputs() -> MusrenbangInputs:
    kelurahan = {
        "64.71.03.1001": ("Batu Ampar", "64.71.03"),
        "64.71.03.1002": ("Gunung Samarinda", "64.71.03"),
        "64.71.01.1001": ("Manggar", "64.71.01"),
    }
    titles = [
        "Pembangunan drainase lingkungan RT 05",
        "Semenisasi jalan gang Mawar",
        "Pengadaan lampu PJU jalan utama",
        "Pelatihan UMKM ibu rumah tangga",
    ]
    rows = []
    statuses = ["submitted", "verified", "forwarded", "accepted", "rejected", "draft"]
    i = 0
    for code in kelurahan:
        for t in titles:
            for k in range(2):
                i += 1
                status = statuses[i % len(statuses)]
                reached = {"submitted", "verified", "forwarded", "accepted"}
                order = ["submitted", "verified", "forwarded", "accepted"]
                if status in order:
                    reached = set(order[: order.index(status) + 1])
                elif status == "rejected":
                    reached = {"submitted"}
                else:
                    reached = set()
                rows.append(
                    UsulanRow(
                        i,
                        f"{t} {k}",
                        "Saluran tersumbat dan banjir saat hujan.",
                        code,
                        status,
                        10_000_000 * (k + 1),
                        bidang="Infrastruktur",
                        opd="Dinas Pekerjaan Umum",
                        jenis="SARPRAS",
                        reached=frozenset(reached | {status}),
                    )
                )
    return MusrenbangInputs(
        year=2026,
        rkpd_year=2027,
        city="Kota Balikpapan",
        kecamatan={"64.71.03": "Balikpapan Utara", "64.71.01": "Balikpapan Timur"},
        kelurahan=kelurahan,
        pagu_kelurahan={c: 1_000_000_000 for c in kelurahan},
        pagu_kecamatan={},
        usulan=rows,
    )


def test_musrenbang_summary():
    inputs = _musrenbang_inputs()
    s = build_musrenbang_summary(inputs, now=NOW)
    validate_musrenbang_summary(s)
    assert s["totals"]["count"] == 24
    assert s["totals"]["pagu"] == 3_000_000_000
    assert sum(r["count"] for r in s["by_kecamatan"]) == 24
    assert sum(r["count"] for r in s["by_status"]) == 24
    funnel = [step["count"] for step in s["funnel"]]
    assert funnel == sorted(funnel, reverse=True)
    assert funnel[0] > funnel[-1] > 0
    accepted = [r for r in s["by_kelurahan"] if r["code"] == "64.71.03.1001"][0]
    acc_anggaran = accepted["by_status"].get("accepted", {"anggaran": 0})["anggaran"]
    assert accepted["sisa_pagu"] == 1_000_000_000 - acc_anggaran
    # the same need in all three kelurahan is found
    drainase = [
        g
        for g in s["shared_needs"]
        if "drainase" in " ".join(g["keywords"]) or "drainase" in g["label"].lower()
    ]
    assert drainase
    assert len(drainase[0]["kelurahan"]) == 3
    assert build_musrenbang_summary(inputs, now=NOW) == s
