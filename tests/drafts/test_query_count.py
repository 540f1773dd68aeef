"""The reading and unit pages run the same number of SQL statements for 10 and 300 pasal."""

from participation.core.clock import utcnow
from participation.drafts import services
from tests.drafts.conftest import open_window


def synthetic_perda(pasal: int, ayat: int = 4) -> str:
    lines = [
        "RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN",
        "NOMOR ... TAHUN 2026",
        "TENTANG",
        "UJI BEBAN",
        "",
        "BAB I",
        "KETENTUAN UMUM",
        "",
    ]
    for n in range(1, pasal + 1):
        lines += [f"Pasal {n}", ""]
        for a in range(1, ayat + 1):
            lines.append(
                f"({a}) Ketentuan nomor {n}.{a} mengatur kewajiban Setiap Orang untuk "
                f"menjaga ketertiban umum di wilayah kelurahan {a}."
            )
        lines.append("")
    return "\n".join(lines)


def _draft(session, drafter, citizen, pasal):
    draft = services.create_draft(session, actor=drafter, title=f"Beban {pasal}", initiator="X", now=utcnow())
    version = services.add_version(
        session, draft=draft, actor=drafter, now=utcnow(), text=synthetic_perda(pasal)
    )
    assert version.parse_report["counts"]["pasal"] == pasal, version.parse_report
    services.publish_version(session, version=version, actor=drafter, now=utcnow())
    open_window(session, version, drafter)
    for n in range(1, pasal + 1):
        for key in (f"pasal-{n}/ayat-1", f"pasal-{n}/ayat-2"):
            services.comment_on_unit(
                session,
                unit=services.get_unit(session, version, key),
                author=citizen,
                body="Setuju",
                stance="support",
                now=utcnow(),
            )
    session.commit()
    return version


def test_reading_page_queries_constant(client, session, drafter, citizen, count_queries):
    small = _draft(session, drafter, citizen, 10)
    large = _draft(session, drafter, citizen, 300)
    counts = []
    for version in (small, large):
        with count_queries() as counter:
            response = client.get(f"/raperda/{version.draft_id}")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    html = response.get_data(as_text=True)
    assert 'id="pasal-300-ayat-4"' in html
    unit_counts = []
    for version in (small, large):
        with count_queries() as counter:
            assert client.get(f"/raperda/{version.draft_id}/pasal-5/ayat-1").status_code == 200
        unit_counts.append(counter.count)
    assert unit_counts[0] == unit_counts[1], unit_counts
