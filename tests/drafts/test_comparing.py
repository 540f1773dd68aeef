"""Comparing versions through the reviewed mapping (issue 12): the rows, the public page, the XLSX
table for the DPRD, its query count, and who may compare an unpublished version."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from participation.core.clock import utcnow
from participation.drafts import services
from participation.drafts.comparing import compare_versions, row_label
from tests.drafts.test_query_count import synthetic_perda
from tests.factories import DEMO_PASSWORD_FOR_TESTS

HEAD = ["RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN", "NOMOR ... TAHUN 2026", "TENTANG", "TAMAN KOTA", ""]
UMUM = (
    "Dalam Peraturan Daerah ini yang dimaksud dengan taman kota adalah ruang terbuka hijau "
    "milik Pemerintah Daerah."
)
RENCANA = "Pemerintah Daerah menyusun rencana induk taman kota untuk jangka waktu 20 (dua puluh) tahun."
FASILITAS = (
    "(1) Setiap taman kota dilengkapi bangku, tempat sampah terpilah, dan penerangan.\n"
    "(2) Fasilitas sebagaimana dimaksud pada ayat (1) dipelihara oleh Perangkat Daerah."
)
IZIN = "Pemanfaatan taman untuk kegiatan komersial wajib memperoleh izin paling lama 7 (tujuh) hari kerja."
IZIN_V2 = (
    "Pemanfaatan taman untuk kegiatan komersial wajib memperoleh izin paling lama 14 "
    "(empat belas) hari kerja."
)
PUNGUTAN = (
    "Retribusi pemakaian taman dipungut sesuai dengan tarif yang ditetapkan oleh Wali Kota "
    "setiap tahun anggaran."
)
SANKSI = (
    "Pelanggaran terhadap ketentuan pemanfaatan taman dikenai sanksi administratif berupa teguran tertulis."
)
SANKSI_V3 = (
    "Pelanggaran terhadap ketentuan pemanfaatan taman dikenai sanksi administratif berupa "
    "teguran tertulis dan denda administratif."
)
ANAK = (
    "Pemerintah Daerah menyediakan taman bermain ramah anak dan ramah penyandang disabilitas "
    "di setiap kecamatan."
)
BABS = {1: ("BAB I", "KETENTUAN UMUM"), 2: ("BAB II", "PENGELOLAAN")}

# version 2 inserts Pasal 2 (every later pasal moves up one), changes the old Pasal 4 (now 5)
# and removes the old Pasal 5; the old Pasal 6 keeps its number
V1 = (UMUM, RENCANA, FASILITAS, IZIN, PUNGUTAN, SANKSI)
V2 = (UMUM, ANAK, RENCANA, FASILITAS, IZIN_V2, SANKSI)
# version 3 drops the pasal version 2 inserted and changes the sanksi
V3 = (UMUM, RENCANA, FASILITAS, IZIN_V2, SANKSI_V3)


def perda(*bodies: str) -> str:
    lines = list(HEAD)
    for n, body in enumerate(bodies, start=1):
        if n in BABS:
            lines += [*BABS[n], ""]
        lines += [f"Pasal {n}", body, ""]
    return "\n".join(lines)


def make_versions(
    session,
    drafter,
    *texts: str,
    publish: int | None = None,
    corrections=None,
    title: str = "Raperda Taman Kota",
    confirm: bool = True,
):
    """A draft with one version per text, each mapping confirmed (unless not ``confirm``); the
    first ``publish`` versions published (all by default)."""
    now = utcnow()
    draft = services.create_draft(session, actor=drafter, title=title, initiator="DLH", now=now)
    versions = []
    for n, text in enumerate(texts, start=1):
        version = services.add_version(session, draft=draft, actor=drafter, text=text, now=now)
        assert version.errors == [], version.errors
        if n > 1 and confirm:
            fixes = (corrections or {}).get(n)
            services.confirm_mapping(
                session,
                version=version,
                actor=drafter,
                now=now,
                corrections=fixes(session, versions[-1]) if fixes else None,
                default_reason="Tidak diperlukan lagi.",
            )
        if publish is None or n <= publish:
            services.publish_version(
                session, version=version, actor=drafter, now=now, acknowledge_warnings=True
            )
        versions.append(version)
    session.commit()
    return draft, versions


def _triples(comparison):
    return [
        (r.old.label if r.old else None, r.new.label if r.new else None, r.status) for r in comparison.rows
    ]


# ------------------------------------------------------------------ the rows


def test_rows_pair_through_the_mapping_after_an_inserted_pasal(session, drafter):
    _draft, (v1, v2) = make_versions(session, drafter, perda(*V1), perda(*V2))
    comparison = compare_versions(session, v1, v2)
    assert _triples(comparison) == [
        ("BAB I", "BAB I", "unchanged"),
        ("Pasal 1", "Pasal 1", "unchanged"),
        ("BAB II", "BAB II", "unchanged"),
        (None, "Pasal 2", "added"),
        ("Pasal 2", "Pasal 3", "renumbered"),
        ("Pasal 3", "Pasal 4", "renumbered"),
        ("Pasal 4", "Pasal 5", "changed"),
        ("Pasal 5", None, "removed"),  # where it was: after the old Pasal 4's row
        ("Pasal 6", "Pasal 6", "unchanged"),
    ]
    assert [r.container for r in comparison.rows][:3] == [True, False, True]
    assert comparison.counts == {"changed": 1, "added": 1, "removed": 1, "renumbered": 2}
    changed = comparison.rows[6]
    assert ("delete", "7 (tujuh)") in changed.diff
    assert ("insert", "14 (empat belas)") in changed.diff
    assert 0.6 < changed.similarity < 1
    assert changed.status_label == "diubah"
    # the whole subtree: the ayat with their numbers
    renumbered = comparison.rows[5]
    assert renumbered.new.text.startswith("(1) Setiap taman kota")
    assert "(2) Fasilitas" in renumbered.new.text
    assert renumbered.diff == []
    assert [r.status for r in comparison.differences()] == [
        "added",
        "renumbered",
        "renumbered",
        "changed",
        "removed",
    ]
    assert comparison.unconfirmed == []


def test_versions_further_apart_compose_the_mappings(session, drafter):
    _draft, (v1, _v2, v3) = make_versions(session, drafter, perda(*V1), perda(*V2), perda(*V3))
    comparison = compare_versions(session, v1, v3)
    # the pasal added in version 2 and removed in version 3 is not there; Pasal 2 is back
    assert _triples(comparison) == [
        ("BAB I", "BAB I", "unchanged"),
        ("Pasal 1", "Pasal 1", "unchanged"),
        ("BAB II", "BAB II", "unchanged"),
        ("Pasal 2", "Pasal 2", "unchanged"),
        ("Pasal 3", "Pasal 3", "unchanged"),
        ("Pasal 4", "Pasal 4", "changed"),
        ("Pasal 5", None, "removed"),
        ("Pasal 6", "Pasal 5", "changed"),
    ]
    assert ("insert", "tertulis dan denda administratif.") in comparison.rows[-1].diff


def test_the_drafters_correction_is_followed(session, drafter):
    """The tim penyusun says the old Pasal 5 was rewritten as the new Pasal 2: the comparison
    shows it so, not as one pasal removed and another added."""

    def rewritten(session, previous):
        return {services.get_unit(session, previous, "pasal-5").id: "pasal-2"}

    _draft, (v1, v2) = make_versions(session, drafter, perda(*V1), perda(*V2), corrections={2: rewritten})
    triples = _triples(compare_versions(session, v1, v2))
    assert ("Pasal 5", "Pasal 2", "changed") in triples
    assert all(status not in {"added", "removed"} for _o, _n, status in triples)


def test_labels():
    assert row_label("pasal", "5", "pasal-5/ayat-2") == "Pasal 5 ayat (2)"
    assert row_label("bab", "II", "bab-2") == "BAB II"
    assert row_label("bagian", "Kesatu", "bab-2/bagian-1") == "Bagian Kesatu"


# ------------------------------------------------------------------ the page


def test_history_compare_pairs_through_the_mapping_not_by_number(client, session, drafter):
    """The defect: 'Riwayat → Bandingkan' paired pasal by number, so after an inserted pasal
    every later pasal was diffed against its neighbour."""
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(*V2))
    html = client.get(f"/raperda/{draft.id}/riwayat?dari=1&ke=2", follow_redirects=True).get_data(
        as_text=True
    )
    marked = " ".join(re.findall(r"<(?:ins|del)>(.*?)</(?:ins|del)>", html, flags=re.S))
    # the renumbered pasal (rencana induk, fasilitas) are not diffed against their neighbours
    assert "rencana induk" not in marked
    assert "tempat sampah" not in marked
    assert "14 (empat belas)" in marked  # the one that did change


def test_compare_page(client, session, drafter):
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(*V2))
    response = client.get(f"/raperda/{draft.id}/bandingkan?dari=1&ke=2")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<label for="dari">Dari versi</label>' in html
    assert '<label for="ke">Ke versi</label>' in html
    assert "1 diubah, 1 baru, 1 dihapus, 2 dipindah/bernomor baru" in html
    inserted = _row(html, "Pasal 2", new=True)
    assert "baru" in inserted
    assert "Versi 2" in inserted
    renumbered = _row(html, "Pasal 3", new=True)
    assert "dipindah/bernomor baru" in renumbered
    assert "<ins>" not in renumbered
    changed = _row(html, "Pasal 5", new=True)
    assert "diubah" in changed
    assert "<del>" in changed
    assert "<ins>" in changed
    # not colour alone: the marks are named for screen readers
    assert re.search(r'<del><span class="visually-hidden"[^>]*>[^<]*dihapus', changed)
    assert re.search(r'<ins><span class="visually-hidden"[^>]*>[^<]*ditambahkan', changed)
    assert "Unduh tabel perbandingan (XLSX)" in html
    assert f"/raperda/{draft.id}/bandingkan.xlsx?dari=1&amp;ke=2" in html

    only = client.get(f"/raperda/{draft.id}/bandingkan?dari=1&ke=2&hanya=beda").get_data(as_text=True)
    assert 'id="baris-pasal-6"' in html
    assert 'id="baris-pasal-6"' not in only
    assert 'id="baris-pasal-5"' in only
    assert 'name="hanya" value="beda" checked' in only
    assert "hanya=beda" in only.split("Unduh tabel perbandingan")[0].rsplit("<a ", 1)[-1]


def _row(html: str, label: str, *, new: bool) -> str:
    """The row whose new (or old) side is ``label``."""
    key = label.lower().replace(" ", "-")
    start = html.index(f'id="baris-{key}"')
    end = html.find('<section class="compare-row', start + 1)
    return html[start : end if end > 0 else len(html)]


def test_compare_page_defaults_and_odd_parameters(client, session, drafter):
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(*V2), perda(*V3))
    html = client.get(f"/raperda/{draft.id}/bandingkan").get_data(as_text=True)
    assert "Perubahan dari versi 2 ke versi 3" in html  # the last two by default
    swapped = client.get(f"/raperda/{draft.id}/bandingkan?dari=3&ke=1").get_data(as_text=True)
    assert "Perubahan dari versi 1 ke versi 3" in swapped
    same = client.get(f"/raperda/{draft.id}/bandingkan?dari=2&ke=2").get_data(as_text=True)
    assert "Pilih dua versi yang berbeda" in same
    assert client.get(f"/raperda/{draft.id}/bandingkan?dari=1&ke=9").status_code == 404
    assert client.get(f"/raperda/{draft.id}/bandingkan?dari=x&ke=2").status_code == 200
    assert client.get("/raperda/9999/bandingkan").status_code == 404


def test_history_links_to_the_comparison(client, session, drafter):
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(*V2))
    html = client.get(f"/raperda/{draft.id}/riwayat").get_data(as_text=True)
    assert f'action="/raperda/{draft.id}/bandingkan"' in html
    assert '<label for="dari">Dari versi</label>' in html


# ------------------------------------------------------------------ the XLSX table


def test_xlsx_table(client, session, drafter):
    formula = '=HYPERLINK("http://contoh.invalid","klik") Pemerintah Daerah membina taman.'
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(UMUM, formula, *V1[1:]))
    response = client.get(f"/raperda/{draft.id}/bandingkan.xlsx?dari=1&ke=2")
    assert response.status_code == 200
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert 'filename="perbandingan-' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "Raperda Taman Kota" in rows[0][0]
    assert "versi 1" in rows[0][0]
    assert rows[1] == [
        "No",
        "Status",
        "Bagian versi 1",
        "Teks versi 1",
        "Bagian versi 2",
        "Teks versi 2",
        "Perubahan kata",
        "Kemiripan",
    ]
    by_new = {r[4]: r for r in rows[2:]}
    inserted = by_new["Pasal 2"]
    assert inserted[1] == "baru"
    assert inserted[2] is None
    # formula-like text stays text: never evaluated by a spreadsheet
    assert inserted[5] == "'" + formula
    cell = next(c for row in sheet.iter_rows(min_row=3) for c in row if c.value == inserted[5])
    assert cell.data_type == "s"
    assert by_new["Pasal 3"][1] == "dipindah/bernomor baru"
    assert by_new["Pasal 3"][2] == "Pasal 2"
    assert by_new["BAB II"][1] == "tidak berubah"

    changed_draft, _v = make_versions(session, drafter, perda(*V1), perda(*V2), title="Kedua")
    sheet = load_workbook(
        io.BytesIO(client.get(f"/raperda/{changed_draft.id}/bandingkan.xlsx?dari=1&ke=2&hanya=beda").data)
    ).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == [
        "baru",
        "dipindah/bernomor baru",
        "dipindah/bernomor baru",
        "diubah",
        "dihapus",
    ]
    changed = rows[3]
    assert changed[2] == "Pasal 4"
    assert changed[4] == "Pasal 5"
    assert "[dihapus: 7 (tujuh)]" in changed[6]
    assert "[ditambahkan: 14 (empat belas)]" in changed[6]
    assert 0.6 < changed[7] < 1
    removed = rows[4]
    assert removed[2] == "Pasal 5"
    assert removed[4] is None
    assert removed[3].startswith("Retribusi")


# ------------------------------------------------------------------ query count


def _inserted_at_start(text: str) -> str:
    """The synthetic perda with a new Pasal 1: every pasal after it is renumbered."""
    lines, out, n = text.split("\n"), [], 0
    for line in lines:
        if line.startswith("Pasal "):
            n = int(line.split()[1])
            if n == 1:
                out += [
                    "Pasal 1",
                    "",
                    "Pemerintah Daerah membentuk forum taman kota sebagai "
                    "wadah partisipasi warga dalam pengelolaan ruang terbuka.",
                    "",
                ]
            line = f"Pasal {n + 1}"
        out.append(line)
    return "\n".join(out)


def test_compare_page_queries_constant(client, session, drafter, count_queries):
    counts = []
    for size in (5, 60):
        text = synthetic_perda(size, ayat=2)
        draft, _versions = make_versions(
            session, drafter, text, _inserted_at_start(text), title=f"Beban {size}"
        )
        for url in (
            f"/raperda/{draft.id}/bandingkan?dari=1&ke=2",
            f"/raperda/{draft.id}/bandingkan.xlsx?dari=1&ke=2",
        ):
            with count_queries() as counter:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(counter.count)
        html = client.get(f"/raperda/{draft.id}/bandingkan?dari=1&ke=2").get_data(as_text=True)
        assert f"0 diubah, 1 baru, 0 dihapus, {size} dipindah/bernomor baru" in html
    assert counts[:2] == counts[2:], counts


# ------------------------------------------------------------------ who may compare


@pytest.fixture
def unpublished_second(session, drafter):
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(*V2), publish=1)
    return draft


@pytest.mark.parametrize("who", ["visitor", "citizen"])
def test_an_unpublished_version_is_not_compared_for_the_public(client, unpublished_second, citizen, who):
    d = unpublished_second.id
    if who == "citizen":
        client.login("warga@contoh.id", DEMO_PASSWORD_FOR_TESTS)
    for url in (
        f"/raperda/{d}/bandingkan?dari=1&ke=2",
        f"/raperda/{d}/bandingkan.xlsx?dari=1&ke=2",
        f"/raperda/{d}/bandingkan?ke=2",
    ):
        assert client.get(url).status_code == 404, url
    # by default only published versions are offered: one, so nothing to compare
    html = client.get(f"/raperda/{d}/bandingkan").get_data(as_text=True)
    assert "Belum ada dua versi terbit untuk dibandingkan" in html
    assert 'value="2"' not in html
    xlsx = client.get(f"/raperda/{d}/bandingkan.xlsx")
    assert xlsx.status_code == 302
    assert xlsx.headers["Location"].endswith(f"/raperda/{d}/bandingkan")


def test_the_drafters_compare_an_unpublished_version(client, unpublished_second, drafter):
    d = unpublished_second.id
    client.login("penyusun@contoh.id", DEMO_PASSWORD_FOR_TESTS)
    response = client.get(f"/raperda/{d}/bandingkan?dari=1&ke=2")
    assert response.status_code == 200
    assert "belum terbit" in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]
    xlsx = client.get(f"/raperda/{d}/bandingkan.xlsx?dari=1&ke=2")
    assert xlsx.status_code == 200
    assert "no-store" in xlsx.headers["Cache-Control"]
    assert "belum dikonfirmasi" not in response.get_data(as_text=True)


def test_an_unconfirmed_mapping_is_named(client, session, drafter):
    draft, _versions = make_versions(session, drafter, perda(*V1), perda(*V2), publish=1, confirm=False)
    client.login("penyusun@contoh.id", DEMO_PASSWORD_FOR_TESTS)
    html = client.get(f"/raperda/{draft.id}/bandingkan?dari=1&ke=2").get_data(as_text=True)
    assert "Pemetaan versi 2 belum dikonfirmasi tim penyusun" in html
    assert "1 diubah, 1 baru, 1 dihapus, 2 dipindah/bernomor baru" in html  # the automatic one
