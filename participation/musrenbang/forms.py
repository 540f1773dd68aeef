"""WTForms classes for musrenbang pages. Field validation of usulan lives in the service
(``services.parse_usulan_form``) so the web, the CLI and imports share one set of rules; these
forms carry labels, CSRF and what was typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.musrenbang import rules
from participation.musrenbang.models import JENIS_LABELS
from participation.web.forms import Form, choices


class UsulanForm(Form):
    title = StringField(
        _l("Usulan (judul singkat)"),
        description=_l(
            "Contoh: Semenisasi jalan lingkungan RT 05. Usulan serupa di kelurahan ini akan ditampilkan."
        ),
    )
    permasalahan = TextAreaField(
        _l("Permasalahan"), description=_l("Apa masalahnya dan siapa yang terdampak?")
    )
    alamat = StringField(_l("Alamat / lokasi"))
    rt = StringField(_l("RT"), description=_l("Nomor saja, misalnya 03; disimpan tiga angka (003)."))
    rw = StringField(_l("RW (bila ada)"), description=_l("Nomor saja, misalnya 02."))
    latitude = StringField(_l("Lintang (opsional)"))
    longitude = StringField(_l("Bujur (opsional)"))
    bidang = SelectField(_l("Bidang / urusan"), validate_choice=False)
    opd = SelectField(_l("OPD tujuan"), validate_choice=False)
    jenis = SelectField(
        _l("Jenis"),
        validate_choice=False,
        choices=choices(((j.value, _l(label)) for j, label in JENIS_LABELS.items()), blank="—"),
    )
    volume = StringField(_l("Volume"), description=_l("Angka, misalnya 150 atau 2,5."))
    satuan = StringField(_l("Satuan"), description=_l("Misalnya m, m2, unit, paket, orang."))
    anggaran = StringField(_l("Perkiraan anggaran (Rupiah)"), description=_l("Misalnya 75.000.000"))
    # No WTForms length check here: a too-long text must get the rules' Indonesian message next
    # to the field, not fail validate_on_submit (which reads as an expired form).
    pengusul = StringField(
        _l("Pengusul (tidak ditampilkan ke publik)"),
        description=_l("Nama atau jabatan, misalnya Ketua RT 05. Tanpa NIK atau nomor telepon."),
    )
    # optional Kemendagri nomenclature codes, checked by nomenclature.check_codes
    kode_program = StringField(_l("Kode program"), description=_l("Contoh: 1.03.10."))
    kode_kegiatan = StringField(
        _l("Kode kegiatan"), description=_l("Contoh: 1.03.10.2.01. Programnya diisi otomatis.")
    )
    kode_sub_kegiatan = StringField(
        _l("Kode sub kegiatan"),
        description=_l("Contoh: 1.03.10.2.01.0001. Kegiatan dan programnya diisi otomatis."),
    )


# one list of an usulan's fields (rules.FIELDS), in the order problems are reported
USULAN_FIELDS = rules.FIELDS


class ProposalForm(Form):
    title = StringField(_l("Usulan Anda (judul singkat)"))
    permasalahan = TextAreaField(
        _l("Permasalahan"), description=_l("Apa masalahnya dan siapa yang terdampak?")
    )
    alamat = StringField(_l("Lokasi (jalan, gang, patokan)"))
    rt = StringField(_l("RT"))


class ImportForm(Form):
    file = FileField(_l("Berkas CSV atau XLSX"))
    kelurahan_code = SelectField(_l("Kelurahan"), validate_choice=False)
    override = BooleanField(_l("Semua baris untuk kelurahan ini (abaikan kolom kelurahan di berkas)"))


class BeritaAcaraForm(Form):
    region = SelectField(_l("Forum"), validate_choice=False)
    forum_date = DateField(_l("Tanggal forum"), validators=[InputRequired(_l("Isi tanggal forum."))])
    attendance = IntegerField(
        _l("Jumlah hadir"),
        validators=[InputRequired(_l("Isi jumlah peserta yang hadir.")), NumberRange(0, 100_000)],
    )
    minutes = FileField(_l("Berkas berita acara (PDF)"))


class CycleForm(Form):
    year = IntegerField(
        _l("Tahun pelaksanaan musrenbang"),
        validators=[InputRequired(_l("Isi tahun.")), NumberRange(2000, 2100)],
    )
    name = StringField(_l("Nama (opsional)"), validators=[Optional(), Length(max=200)])


class ListItemForm(Form):
    name = StringField(_l("Nama"), validators=[DataRequired(_l("Isi nama.")), Length(2, 200)])
