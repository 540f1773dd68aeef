"""UU 27/2022: no e-mail address and no NIK on public pages, open data, public summaries, exports
or request logs. The platform stores no NIK; a NIK typed into a public text field is refused.

Built on the full demo data (every area's demo step), read as an anonymous visitor.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile

from sqlalchemy import select, text

from participation.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from participation.core.db import session_scope
from participation.drafts.models import DraftUnit, DraftVersion, VersionStatus
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.web.logging import REQUEST_LOGGER
from tests.conftest import Client
from tests.helpers import LogLines

NIK = "6471031507880002"  # NIK-shaped (Balikpapan Utara, born 15-07-1988), not a real person's
NIK_SPACED = "6471 0315 0788 0002"
KEL = "64.71.03.1002"  # the demo citizen's and coordinator's kelurahan


def _text(data: bytes) -> str:
    """Body as text; XLSX (a zip of XML) is unpacked so cell text is searched too."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    return data.decode("utf-8", "replace")


def _plant_nik(app) -> list[int]:
    """A resident and a coordinator type a NIK into public fields: every attempt is refused."""
    app.test_client_class = Client
    statuses = []
    factory = app.extensions["participation.sessionmaker"]
    with session_scope(factory) as s:
        version = s.scalar(
            select(DraftVersion)
            .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
            .order_by(DraftVersion.id)
        )
        unit_url = f"/raperda/{version.draft_id}/versi/{version.number}/pasal-5"
    citizen = app.test_client()
    assert citizen.login("warga@demo.partisipasi.id", DEMO_PASSWORD).status_code == 302
    for body in (f"NIK saya {NIK}, tolong dicek", f"KTP {NIK_SPACED}"):
        r = citizen.submit(unit_url, {"stance": "object", "body": body})
        statuses.append(r.status_code)
        assert "Jangan menuliskan NIK" in r.get_data(as_text=True)
    r = citizen.submit(
        "/musrenbang/usul",
        {"title": "Lampu jalan", "alamat": "Gg. Mawar", "permasalahan": f"Hubungi saya, NIK {NIK}."},
    )
    statuses.append(r.status_code)
    assert "Jangan menuliskan NIK" in r.get_data(as_text=True)
    coordinator = app.test_client()
    assert coordinator.login("koordinator@demo.partisipasi.id", DEMO_PASSWORD).status_code == 302
    r = coordinator.submit(
        f"/musrenbang/usulan/baru?kelurahan={KEL}",
        {
            "title": "Perbaikan drainase",
            "permasalahan": f"Pelapor NIK {NIK} melihat banjir",
            "alamat": "Jl. Mulawarman",
            "volume": "10",
            "satuan": "m",
        },
    )
    statuses.append(r.status_code)
    assert "Jangan menuliskan NIK" in r.get_data(as_text=True)
    return statuses


def test_no_email_or_nik_in_public_output_or_logs(app, demo_snapshots):
    demo_snapshots.load(app)  # the full demo
    handler = LogLines()
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(handler)
    try:
        statuses = _plant_nik(app)
        assert statuses == [422, 422, 422, 422], statuses

        factory = app.extensions["participation.sessionmaker"]
        with session_scope(factory) as s:
            version = s.scalar(
                select(DraftVersion)
                .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
                .order_by(DraftVersion.id)
            )
            unit = s.scalar(
                select(DraftUnit).where(
                    DraftUnit.version_id == version.id, DraftUnit.key == "pasal-20/ayat-2"
                )
            )
            year = s.scalar(select(MusrenbangCycle.year).order_by(MusrenbangCycle.year.desc()))
            usulan_id = s.scalar(select(Usulan.id).where(Usulan.status != "draft").order_by(Usulan.id))
            d, n, vid = version.draft_id, version.number, version.id
            unit_key = unit.key
        urls = [
            "/",
            "/raperda",
            f"/raperda/{d}",
            f"/raperda/{d}/versi/{n}",
            f"/raperda/{d}/versi/{n}/{unit_key}",
            f"/raperda/{d}/versi/{n}/pasal-5",
            f"/raperda/{d}/versi/{n}/matriks",
            f"/raperda/{d}/versi/{n}/matriks.xlsx",
            "/musrenbang",
            "/musrenbang/usulan",
            f"/musrenbang/usulan/{usulan_id}",
            "/musrenbang/usulan/ekspor.csv",
            "/musrenbang/usulan/ekspor.xlsx",
            "/musrenbang/rekap",
            "/musrenbang/rekap/ekspor.xlsx",
            "/ringkasan",
            f"/ringkasan/raperda/{vid}",
            f"/ringkasan/raperda/{vid}/laporan.json",
            f"/ringkasan/raperda/{vid}/laporan.xlsx",
            f"/data/raperda/{vid}/masukan.csv",
            f"/ringkasan/musrenbang/{year}",
            f"/ringkasan/musrenbang/{year}/rekap.json",
            f"/ringkasan/musrenbang/{year}/rekap.xlsx",
            "/moderasi/log",
            "/tentang",
        ]
        visitor = app.test_client()
        bodies = {}
        for url in urls:
            response = visitor.get(url)
            assert response.status_code == 200, (url, response.status_code)
            bodies[url] = _text(response.data)
    finally:
        logger.removeHandler(handler)

    emails = [account[0] for account in DEMO_ACCOUNTS]
    assert json.loads(bodies[f"/ringkasan/raperda/{vid}/laporan.json"])  # really JSON
    assert "@" in "".join(emails)
    for url, body in bodies.items():
        for email in emails:
            assert email not in body, (url, email)
        assert NIK not in body, url
        assert NIK_SPACED not in body, url
    logs = "\n".join(handler.raw)
    assert '"event": "request"' in logs or '"event":"request"' in logs
    for email in emails:
        assert email not in logs
    assert NIK not in logs
    assert NIK_SPACED not in logs
    assert "Hubungi saya" not in logs

    # refused means not stored anywhere either
    with app.extensions["participation.engine"].connect() as conn:
        for table, column in (
            ("comment", "body"),
            ("musrenbang_resident_proposal", "permasalahan"),
            ("musrenbang_usulan", "permasalahan"),
        ):
            found = conn.execute(
                text(f"SELECT count(*) FROM {table} WHERE {column} LIKE :p"),  # noqa: S608 - constants
                {"p": f"%{NIK[:8]}%"},
            ).scalar()
            assert found == 0, table
