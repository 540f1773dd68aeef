"""Home-page and index links to summaries are named by scope (issue 15, problem 5): one link per
raperda version and one per musrenbang year, never four "Rekap musrenbang 2026" links for the
per-kecamatan rekaps."""

import datetime as dt
import re
from html import unescape

from participation.core.clock import utcnow
from participation.musrenbang.demo import demo_year
from participation.musrenbang.models import MusrenbangCycle
from participation.summaries import queries
from participation.summaries.models import SummaryKind, SummarySnapshot

TITLE = "Raperda Ketertiban Umum"
KECAMATAN = {
    "64.71.01": "Balikpapan Selatan",
    "64.71.02": "Balikpapan Timur",
    "64.71.03": "Balikpapan Utara",
    "64.71.04": "Balikpapan Tengah",
}


def _snap(session, kind: SummaryKind, scope_key: str, scope: dict, totals: dict, at: dt.datetime) -> None:
    session.add(
        SummarySnapshot(
            kind=kind.value,
            scope_key=scope_key,
            scope=scope,
            input_fingerprint="f" * 64,
            method={},
            parameters={},
            result={"kind": kind.value, "scope": scope, "totals": totals},
            created_at=at,
            duration_ms=1,
        )
    )


def _snapshots(session, year: int) -> None:
    """Two versions (the newer recomputed three times), the city rekap and four kecamatan
    rekaps, all newer than the versions' snapshots (as after a musrenbang import)."""
    now = utcnow()
    for number, version_id in ((1, 101), (2, 102)):
        for n in range(3):
            _snap(
                session,
                SummaryKind.DRAFT,
                queries.draft_scope_key(version_id),
                {"draft_id": 7, "draft_title": TITLE, "version_id": version_id, "version_number": number},
                {"comments": 100 * number + n},
                now - dt.timedelta(hours=10 - n - number),
            )
    _snap(
        session,
        SummaryKind.MUSRENBANG,
        queries.musrenbang_scope_key(year),
        {"year": year, "kecamatan_code": None, "kecamatan_name": None},
        {"count": 40},
        now - dt.timedelta(minutes=30),
    )
    for i, (code, name) in enumerate(KECAMATAN.items()):
        _snap(
            session,
            SummaryKind.MUSRENBANG,
            queries.musrenbang_scope_key(year, code),
            {"year": year, "kecamatan_code": code, "kecamatan_name": name},
            {"count": 10},
            now - dt.timedelta(minutes=20 - i),
        )
    session.commit()


def _links(html: str, section_heading: str) -> list[str]:
    section = html.split(section_heading, 1)[1]
    section = section.split("</section>", 1)[0].split("</main>", 1)[0]
    return [
        unescape(re.sub(r"\s+", " ", t)).strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", section, re.S)
    ]


def test_home_page_names_one_link_per_version_and_per_musrenbang_year(client, session):
    year = demo_year(utcnow())
    _snapshots(session, year)
    html = client.get("/").get_data(as_text=True)
    links = _links(html, "Ringkasan untuk DPRD dan tim penyusun")
    assert links == [
        f"Rekap musrenbang {year} (kota)",
        f"Ringkasan uji publik: {TITLE} — versi 2",
        f"Ringkasan uji publik: {TITLE} — versi 1",
    ]
    assert len(set(links)) == len(links)
    # each names the newest snapshot of its scope
    assert "202 masukan" in html
    assert "40 usulan" in html
    assert "10 usulan" not in html


def test_home_section_without_summaries_says_so(client, session):
    html = client.get("/").get_data(as_text=True)
    assert "Belum ada ringkasan" in html


def test_index_lists_kecamatan_rekaps_by_name_under_their_year(client, session, regions):
    year = demo_year(utcnow())
    session.add(
        MusrenbangCycle(year=year, rkpd_year=year + 1, name=f"Musrenbang {year}", created_at=utcnow())
    )
    session.commit()
    _snapshots(session, year)
    html = client.get("/ringkasan").get_data(as_text=True)
    links = _links(html, "<h2>Musrenbang</h2>")
    assert links[0] == f"Rekap musrenbang {year} (kota, RKPD {year + 1})"
    assert links[1:] == [f"Kecamatan {name}" for name in sorted(KECAMATAN.values())]
    assert sum(1 for t in links if t.startswith(f"Rekap musrenbang {year}")) == 1


def test_snapshot_index_is_one_statement(session, count_queries):
    _snapshots(session, demo_year(utcnow()))
    session.expire_all()
    with count_queries() as counter:
        rows = queries.snapshot_index(session)
    assert counter.count == 1
    assert len(rows) == 2 + 1 + len(KECAMATAN)
