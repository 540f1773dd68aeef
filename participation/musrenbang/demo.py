"""Demo data for musrenbang: a cycle for the current year whose kelurahan and kecamatan stages
are both open (so the demo shows entry and verification at once), pagu for every kelurahan and
kecamatan, a few hundred realistic usulan across Balikpapan's 34 kelurahan in every status with
reasons, resident proposals with outcomes and one berita acara.

Deterministic (seeded) and idempotent. Users are looked up by e-mail (importing participation.demo
would be an import cycle). Called by ``participation demo`` (see participation/demo.py).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.services import find_user_by_email
from participation.core.clock import to_wita
from participation.musrenbang import services
from participation.musrenbang.models import MusrenbangCycle, ProposalOutcome, Sumber, Usulan
from participation.musrenbang.services import UsulanInput
from participation.musrenbang.workflow import Action, Tier
from participation.regions.models import Kecamatan, Kelurahan

KEL_DEMO = "64.71.03.1002"  # Gunung Samarinda, the demo coordinator's kelurahan

# (title, permasalahan, bidang, opd, jenis, satuan, volume range, Rupiah per unit)
TEMPLATES: list[tuple[str, str, str, str, str, str, tuple[int, int], int]] = [
    (
        "Semenisasi jalan lingkungan",
        "Jalan tanah becek dan berlubang saat hujan, sulit dilalui motor dan pejalan kaki.",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        "m",
        (60, 250),
        450_000,
    ),
    (
        "Pembangunan drainase lingkungan",
        "Air meluap ke rumah warga setiap hujan deras karena saluran tersumbat dan sempit.",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        "m",
        (40, 200),
        1_250_000,
    ),
    (
        "Pemasangan lampu PJU",
        "Jalan gelap di malam hari, rawan kecelakaan dan tindak kejahatan.",
        "Perhubungan",
        "Dinas Perhubungan",
        "SARPRAS",
        "titik",
        (4, 15),
        6_500_000,
    ),
    (
        "Rehabilitasi posyandu",
        "Bangunan posyandu bocor dan lantainya rusak; kegiatan penimbangan balita terganggu.",
        "Kesehatan",
        "Dinas Kesehatan",
        "SARPRAS",
        "unit",
        (1, 1),
        85_000_000,
    ),
    (
        "Pelatihan UMKM pengolahan makanan",
        "Pelaku usaha rumahan belum memahami pengemasan dan perizinan PIRT.",
        "Koperasi, Usaha Kecil, dan Menengah",
        "Dinas Koperasi, UMKM dan Perindustrian",
        "PM",
        "orang",
        (20, 40),
        750_000,
    ),
    (
        "Pembentukan bank sampah",
        "Sampah rumah tangga menumpuk di lahan kosong; belum ada pengelolaan di tingkat RT.",
        "Lingkungan Hidup",
        "Dinas Lingkungan Hidup",
        "PM",
        "paket",
        (1, 1),
        45_000_000,
    ),
    (
        "Pengadaan tempat sampah terpilah",
        "Warga belum memilah sampah karena tidak ada wadah terpisah.",
        "Lingkungan Hidup",
        "Dinas Lingkungan Hidup",
        "SARPRAS",
        "unit",
        (10, 30),
        1_200_000,
    ),
    (
        "Pelatihan kader posyandu",
        "Kader posyandu belum terlatih mengukur dan mencatat tumbuh kembang balita (stunting).",
        "Kesehatan",
        "Dinas Kesehatan",
        "PM",
        "orang",
        (15, 30),
        600_000,
    ),
    (
        "Pembinaan karang taruna",
        "Pemuda kurang kegiatan positif; beberapa terlibat balap liar.",
        "Kepemudaan dan Olahraga",
        "Dinas Pemuda, Olahraga dan Pariwisata",
        "LK",
        "kegiatan",
        (1, 3),
        15_000_000,
    ),
    (
        "Turap penahan tanah",
        "Tebing di belakang permukiman longsor saat hujan, mengancam rumah warga.",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        "m",
        (20, 80),
        3_500_000,
    ),
    (
        "Perbaikan jembatan kayu",
        "Jembatan penghubung antar-RT lapuk dan berbahaya bagi anak sekolah.",
        "Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum",
        "SARPRAS",
        "m",
        (8, 25),
        7_500_000,
    ),
    (
        "Pelatihan keterampilan menjahit",
        "Ibu rumah tangga ingin menambah penghasilan keluarga.",
        "Pemberdayaan Perempuan dan Perlindungan Anak",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan KB",
        "PM",
        "orang",
        (15, 30),
        900_000,
    ),
    (
        "Pembinaan Ketua RT dan LPM",
        "Pengurus RT dan LPM baru belum memahami tugas administrasi dan perencanaan.",
        "Pemberdayaan Masyarakat dan Desa",
        "Kecamatan Balikpapan Utara",
        "LK",
        "orang",
        (20, 40),
        400_000,
    ),
    (
        "Sumur resapan",
        "Genangan air di permukiman tidak surut berhari-hari setelah hujan.",
        "Perumahan dan Kawasan Permukiman",
        "Dinas Perumahan dan Permukiman",
        "SARPRAS",
        "unit",
        (5, 20),
        4_000_000,
    ),
    (
        "Pengadaan alat pemadam kebakaran ringan",
        "Permukiman padat dengan gang sempit sulit dijangkau mobil pemadam.",
        "Ketenteraman dan Ketertiban Umum serta Perlindungan Masyarakat",
        "BPBD",
        "SARPRAS",
        "unit",
        (5, 15),
        2_500_000,
    ),
]
STREETS = [
    "Jl. Mulawarman",
    "Jl. Soekarno-Hatta",
    "Jl. MT Haryono",
    "Jl. Jenderal Sudirman",
    "Jl. Ruhui Rahayu",
    "Jl. Pattimura",
    "Jl. Marsma Iswahyudi",
    "Jl. Letjen Suprapto",
    "Jl. Syarifuddin Yoes",
    "Jl. Prapatan",
]
GANGS = [
    "Gg. Kenanga",
    "Gg. Melati",
    "Gg. Mawar",
    "Gg. Damai",
    "Gg. Sepakat",
    "Gg. Rukun",
    "Gg. Family",
    "Gg. Harapan",
]
REASONS = {
    Action.WITHDRAW: "Volume perlu diukur ulang bersama Ketua RT sebelum diajukan kembali.",
    Action.VERIFY: "Lokasi dan volume sesuai hasil peninjauan lapangan tim kecamatan.",
    Action.FORWARD: "Kewenangan OPD kota; diteruskan ke musrenbang kota sesuai prioritas kelurahan.",
    Action.ACCEPT: "Diakomodir dalam pagu kewilayahan kecamatan tahun anggaran berikutnya.",
    Action.NOT_ACCEPT: "Pagu kewilayahan kecamatan sudah habis untuk prioritas yang lebih tinggi.",
    Action.REDIRECT: "Dialihkan ke program CSR dan swadaya karena di luar kewenangan APBD.",
    Action.REJECT: "Lokasi berada di lahan milik swasta; tidak dapat dibiayai APBD.",
    Action.CANCEL: "Dibatalkan karena sudah dikerjakan lewat program tahun berjalan.",
}
# when each step happened (days ago): inside the stage that was open for it
STEP_DAYS_AGO = {Action.SUBMIT: 10, Action.WITHDRAW: 8, Action.VERIFY: 5, Action.REJECT: 5}
# status path → share of usulan
PATHS: list[tuple[tuple[Action, ...], int]] = [
    ((), 22),
    ((Action.SUBMIT,), 25),
    ((Action.SUBMIT, Action.VERIFY), 14),
    ((Action.SUBMIT, Action.VERIFY, Action.FORWARD), 15),
    ((Action.SUBMIT, Action.VERIFY, Action.ACCEPT), 9),
    ((Action.SUBMIT, Action.REJECT), 5),
    ((Action.SUBMIT, Action.VERIFY, Action.NOT_ACCEPT), 4),
    ((Action.SUBMIT, Action.VERIFY, Action.REDIRECT), 3),
    ((Action.SUBMIT, Action.WITHDRAW), 3),
]


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_year(now: dt.datetime) -> int:
    """The demo cycle's year: the year in Balikpapan (from 16.00 UTC on 31 December it is the next)."""
    return to_wita(now).year


def demo_step(session: Session, *, now: dt.datetime) -> str:
    year = demo_year(now)
    if session.scalar(select(MusrenbangCycle.id).where(MusrenbangCycle.year == year)):
        return f"siklus {year} sudah ada"
    services.seed_lists(session)
    coordinator = find_user_by_email(session, "koordinator@demo.partisipasi.id")
    verifier = find_user_by_email(session, "verifikator@demo.partisipasi.id")
    bappeda = find_user_by_email(session, "bappeda@demo.partisipasi.id")
    warga = find_user_by_email(session, "warga@demo.partisipasi.id")
    cycle = services.create_cycle(
        session,
        year=year,
        rkpd_year=year + 1,
        name=f"Musrenbang {year} (RKPD {year + 1})",
        actor=None,
        now=now,
    )
    day = dt.timedelta(days=1)
    # both lower tiers open at once: the demo shows entry and verification side by side
    services.set_stages(
        session,
        cycle=cycle,
        windows={
            Tier.KELURAHAN: (now - 20 * day, now + 14 * day),
            Tier.KECAMATAN: (now - 6 * day, now + 30 * day),
            Tier.KOTA: (now + 45 * day, now + 75 * day),
        },
        actor=None,
        now=now,
    )
    session.refresh(cycle)
    rng = random.Random(f"musrenbang-{year}")  # noqa: S311 - demo data, not security
    kelurahan_list = list(session.scalars(select(Kelurahan).order_by(Kelurahan.code)))
    kec_totals: dict[str, int] = {}
    for kel in kelurahan_list:
        amount = rng.randrange(20, 61) * 50_000_000  # Rp 1–3 miliar in steps of 50 juta
        services.set_pagu(session, cycle=cycle, amount=amount, actor=None, now=now, kelurahan_code=kel.code)
        kec_totals[kel.kecamatan_code] = kec_totals.get(kel.kecamatan_code, 0) + amount
    for code in session.scalars(select(Kecamatan.code)):
        services.set_pagu(
            session,
            cycle=cycle,
            amount=kec_totals.get(code, 0) // 2,
            actor=None,
            now=now,
            kecamatan_code=code,
        )
    paths = [p for p, weight in PATHS for _ in range(weight)]
    count = 0
    for kel in kelurahan_list:
        n = rng.randint(7, 11) if kel.code != KEL_DEMO else 12
        actor_kel = coordinator if kel.code == KEL_DEMO else None
        actor_ver = verifier if kel.code.startswith("64.71.03.") else bappeda
        for i in range(n):
            title, problem, bidang, opd, jenis, satuan, (lo, hi), unit = TEMPLATES[
                rng.randrange(len(TEMPLATES))
            ]
            rt = rng.randint(1, max(2, min(kel.rt_count or 40, 60)))
            if opd == "Kecamatan Balikpapan Utara":
                opd = f"Kecamatan {kel.kecamatan.name}"
            volume = rng.randint(lo, hi)
            data = UsulanInput(
                title=f"{title} RT {rt:02d}",
                permasalahan=problem,
                alamat=f"{rng.choice(STREETS)} {rng.choice(GANGS)} RT {rt:02d}",
                rt=f"{rt:03d}",
                volume=Decimal(volume),
                satuan=satuan,
                bidang=bidang,
                opd=opd,
                jenis=jenis,
                anggaran=volume * unit,
                pengusul=f"Ketua RT {rt:02d}",
            )
            usulan = services.create_usulan(
                session,
                cycle=cycle,
                kelurahan_code=kel.code,
                data=data,
                actor=actor_kel,
                now=now - dt.timedelta(days=18, hours=i),
            )
            path = paths[rng.randrange(len(paths))] if not (kel.code == KEL_DEMO and i < 4) else ()
            for action in path:
                actor = actor_kel if action in (Action.SUBMIT, Action.WITHDRAW) else actor_ver
                when = now - dt.timedelta(days=STEP_DAYS_AGO.get(action, 3), hours=i)
                services.apply_action(
                    session, usulan=usulan, action=action, reason=REASONS.get(action), actor=actor, now=when
                )
            count += 1
    # resident proposals in the demo kelurahan
    proposals = 0
    if warga is not None and warga.kelurahan_code:
        texts = [
            (
                "Lampu jalan di Gg. Damai mati",
                "Sudah tiga bulan lampu jalan mati, anak-anak pulang mengaji gelap.",
            ),
            (
                "Semenisasi jalan Gg. Harapan RT 12",
                "Jalan becek dan licin setiap hujan; lansia sering terjatuh.",
            ),
            ("Lapangan futsal untuk remaja", "Remaja tidak punya tempat berolahraga di sekitar rumah."),
            (
                "Pelatihan pengemasan kue kering",
                "Ibu-ibu pembuat kue ingin belajar kemasan agar bisa dijual di toko.",
            ),
        ]
        made = [
            services.propose_usulan(
                session,
                cycle=cycle,
                actor=warga,
                title=t,
                permasalahan=p,
                alamat="Gg. Damai RT 12",
                rt="12",
                now=now - 15 * day,
            )
            for t, p in texts
        ]
        proposals = len(made)
        services.decide_proposal(
            session,
            proposal=made[0],
            outcome=ProposalOutcome.ADOPTED,
            reason="Disepakati dalam musrenbang kelurahan sebagai prioritas.",
            actor=coordinator,
            now=now - 10 * day,
        )
        services.decide_proposal(
            session,
            proposal=made[2],
            outcome=ProposalOutcome.DECLINED,
            reason="Lahan belum tersedia; diusulkan lewat program CSR perusahaan.",
            actor=coordinator,
            now=now - 10 * day,
        )
    # one berita acara for the demo kelurahan, linking its first usulan
    linked = list(
        session.scalars(
            select(Usulan.id)
            .where(
                Usulan.cycle_id == cycle.id,
                Usulan.kelurahan_code == KEL_DEMO,
                Usulan.sumber == Sumber.KOORDINATOR,
            )
            .order_by(Usulan.prioritas)
            .limit(8)
        )
    )
    services.record_berita_acara(
        session,
        cycle=cycle,
        forum_date=(now - 16 * day).date(),
        attendance=87,
        data=MINIMAL_PDF,
        filename="berita-acara-musrenbang-gunung-samarinda.pdf",
        usulan_ids=linked,
        actor=coordinator,
        now=now,
        kelurahan_code=KEL_DEMO,
    )
    # a few accepted usulan followed past diakomodir (issue 17 point 5)
    from participation.musrenbang.tracking.demo import demo_tracking

    reports = demo_tracking(session, cycle=cycle, actor=bappeda, now=now)
    session.flush()
    return (
        f"siklus {year}: {count} usulan di {len(kelurahan_list)} kelurahan, {proposals} usulan warga, "
        f"1 berita acara, {reports} kabar pelaksanaan"
    )
