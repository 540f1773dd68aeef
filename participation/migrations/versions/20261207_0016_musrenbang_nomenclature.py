"""musrenbang usulan carry optional Kemendagri nomenclature codes (issue 17 point 2): kode program,
kode kegiatan and kode sub kegiatan, kept as text (leading zeros matter) and checked against the
nomenclature shipped in participation/musrenbang/data/nomenklatur

Data: a database already seeded with the old lists gets the kab/kota bidang urusan of the
nomenclature (issue 17: Perpustakaan, Tenaga Kerja, Kelautan dan Perikanan … were missing; four
old wordings are renamed to the official one) and every kecamatan and kelurahan as a perangkat
daerah. This is a data migration rather than a seed step because seed_lists only runs when a
cycle is created, and a running deployment already has its cycle. The names are frozen here (a
migration must not change meaning when the package data changes later); inserts are idempotent
and case-insensitive, so names an admin already added or deactivated are left alone; an empty
(fresh) table is left to seed_lists. usulan keep the bidang text they were entered with.
Downgrade drops the columns and keeps the reference rows (editable data, harmless before 0016).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 07:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


BIDANG = (
    "Pendidikan", "Kesehatan", "Pekerjaan Umum dan Penataan Ruang", "Perumahan dan Kawasan Permukiman",
    "Ketenteraman dan Ketertiban Umum serta Perlindungan Masyarakat", "Sosial", "Tenaga Kerja",
    "Pemberdayaan Perempuan dan Perlindungan Anak", "Pangan", "Pertanahan", "Lingkungan Hidup",
    "Administrasi Kependudukan dan Pencatatan Sipil", "Pemberdayaan Masyarakat dan Desa",
    "Pengendalian Penduduk dan Keluarga Berencana", "Perhubungan", "Komunikasi dan Informatika",
    "Koperasi, Usaha Kecil, dan Menengah", "Penanaman Modal", "Kepemudaan dan Olahraga", "Statistik",
    "Persandian", "Kebudayaan", "Perpustakaan", "Kearsipan", "Kelautan dan Perikanan", "Pariwisata",
    "Pertanian", "Kehutanan", "Energi dan Sumber Daya Mineral", "Perdagangan", "Perindustrian",
    "Transmigrasi", "Sekretariat Daerah", "Sekretariat DPRD", "Perencanaan", "Keuangan", "Kepegawaian",
    "Pendidikan dan Pelatihan", "Penelitian dan Pengembangan", "Pengelolaan Perbatasan",
    "Inspektorat Daerah", "Kecamatan", "Kesatuan Bangsa dan Politik",
)
# the seed list before 0016 → the nomenclature's wording
RENAMED = {
    "Ketenagakerjaan": "Tenaga Kerja",
    "Kewilayahan (kecamatan dan kelurahan)": "Kecamatan",
    "Ketenteraman, Ketertiban Umum dan Perlindungan Masyarakat":
        "Ketenteraman dan Ketertiban Umum serta Perlindungan Masyarakat",
    "Koperasi, Usaha Kecil dan Menengah": "Koperasi, Usaha Kecil, dan Menengah",
}


def _names(conn: sa.Connection, table: str) -> set[str]:
    return {name.casefold() for name in conn.execute(sa.text(f"SELECT name FROM {table}")).scalars()}  # noqa: S608


def _seed(conn: sa.Connection) -> None:
    bidang = sa.table("musrenbang_bidang", sa.column("name", sa.String), sa.column("active", sa.Boolean))
    existing = _names(conn, "musrenbang_bidang")
    if existing:
        for old, new in RENAMED.items():
            if old.casefold() in existing and new.casefold() not in existing:
                conn.execute(sa.update(bidang).where(bidang.c.name == old).values(name=new))
                existing = (existing - {old.casefold()}) | {new.casefold()}
        rows = [{"name": n, "active": True} for n in BIDANG if n.casefold() not in existing]
        if rows:
            op.bulk_insert(bidang, rows)
    opd = sa.table("musrenbang_opd", sa.column("name", sa.String), sa.column("active", sa.Boolean))
    existing = _names(conn, "musrenbang_opd")
    if existing:
        regions = [f"Kecamatan {n}" for n in conn.execute(
            sa.text("SELECT name FROM kecamatan ORDER BY code")).scalars()]
        regions += [f"Kelurahan {n}" for n in conn.execute(
            sa.text("SELECT name FROM kelurahan ORDER BY code")).scalars()]
        rows, seen = [], set(existing)
        for name in regions:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                rows.append({"name": name, "active": True})
        if rows:
            op.bulk_insert(opd, rows)


def upgrade() -> None:
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.add_column(sa.Column("kode_program", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("kode_kegiatan", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("kode_sub_kegiatan", sa.String(length=32), nullable=True))
    _seed(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.drop_column("kode_sub_kegiatan")
        batch.drop_column("kode_kegiatan")
        batch.drop_column("kode_program")
