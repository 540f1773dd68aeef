"""Forms for drafts and the comment form on a unit page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from participation.comments.models import DISPOSITION_LABELS, SOURCE_LABELS, STANCE_LABELS, Source
from participation.drafts.models import KIND_LABELS
from participation.web.forms import Form, choices


class ActionForm(Form):
    """A button that only needs the CSRF token (publish, endorse, close)."""


class DraftForm(Form):
    title = StringField(_l("Judul"), validators=[DataRequired(_l("Judul wajib diisi.")), Length(5, 300)])
    kind = SelectField(_l("Jenis"), choices=choices((k.value, _l(v)) for k, v in KIND_LABELS.items()))
    initiator = StringField(
        _l("Pemrakarsa (OPD atau DPRD)"),
        validators=[DataRequired(_l("Pemrakarsa wajib diisi.")), Length(2, 200)],
    )
    summary = TextAreaField(_l("Ringkasan"), validators=[Optional(), Length(max=5000)])
    paper = FileField(
        _l("Naskah akademik (PDF atau .docx, tidak wajib)"),
        description=_l("Maksimal 10 MB. Diterbitkan untuk diunduh warga bersama naskah rancangan."),
    )


class VersionForm(Form):
    file = FileField(
        _l("Berkas naskah (.docx, .pdf, .txt, .md)"),
        description=_l(
            "PDF harus hasil simpan dari Word (berlapis teks), bukan hasil "
            "pindaian (scan). Penomoran otomatis Word ikut terbaca."
        ),
    )
    text = TextAreaField(_l("Atau tempel teks naskah"), validators=[Optional()])


class WindowForm(Form):
    opens_at = DateTimeLocalField(
        _l("Dibuka (WITA)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(_l("Isi waktu pembukaan."))]
    )
    closes_at = DateTimeLocalField(
        _l("Ditutup (WITA)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(_l("Isi waktu penutupan."))]
    )


class CommentForm(Form):
    stance = RadioField(
        _l("Sikap Anda"),
        choices=choices((k.value, _l(v)) for k, v in STANCE_LABELS.items()),
        validators=[DataRequired(_l("Pilih sikap Anda."))],
    )
    body = TextAreaField(
        _l("Masukan"),
        validators=[DataRequired(_l("Isi masukan wajib diisi.")), Length(max=5000)],
        description=_l("Tulis alasan Anda. Maksimal 5.000 karakter."),
    )
    suggested_wording = TextAreaField(
        _l("Usulan rumusan baru (untuk usul perubahan redaksi)"), validators=[Optional(), Length(max=5000)]
    )
    # typed or pasted; selecting text in the unit fills it when JavaScript runs (never required)
    quote = TextAreaField(
        _l("Kutipan (bagian teks yang Anda maksud)"),
        validators=[Optional(), Length(max=2000, message=_l("Kutipan maksimal 2.000 karakter."))],
        description=_l(
            "Tidak wajib. Salin atau ketik frasa dari teks di atas yang Anda maksud; "
            "bila memakai JavaScript, cukup blok (pilih) teksnya."
        ),
    )


class ReplyForm(Form):
    body = TextAreaField(
        _l("Balasan"), validators=[DataRequired(_l("Isi balasan wajib diisi.")), Length(max=5000)]
    )


class FlagForm(Form):
    reason = StringField(_l("Alasan melaporkan"), validators=[DataRequired(), Length(5, 1000)])


class AnswerForm(Form):
    disposition = RadioField(
        _l("Keputusan"),
        choices=choices((k.value, _l(v)) for k, v in DISPOSITION_LABELS.items()),
        validators=[DataRequired(_l("Pilih keputusan."))],
    )
    reason = TextAreaField(
        _l("Alasan"), validators=[DataRequired(_l("Alasan wajib diisi.")), Length(10, 10000)]
    )
    resulting_wording = TextAreaField(
        _l("Rumusan akhir (bila ada)"), validators=[Optional(), Length(max=10000)]
    )


class ExplainForm(Form):
    text = TextAreaField(_l("Penjelasan sederhana"), validators=[Optional(), Length(max=5000)])


class ImportForm(Form):
    file = FileField(_l("Berkas CSV atau XLSX"))
    text = TextAreaField(_l("Atau tempel isi CSV"), validators=[Optional()])


class ExternalCommentForm(Form):
    """One input received by letter, e-mail, RDPU or a forum, entered by the tim penyusun."""

    unit_key = SelectField(
        _l("Bagian naskah (pasal, ayat, huruf)"), validators=[DataRequired(_l("Pilih bagian naskah."))]
    )
    stance = SelectField(
        _l("Sikap"),
        choices=choices((k.value, _l(v)) for k, v in STANCE_LABELS.items()),
        validators=[DataRequired(_l("Pilih sikap."))],
    )
    body = TextAreaField(
        _l("Isi masukan"), validators=[DataRequired(_l("Isi masukan wajib diisi.")), Length(max=5000)]
    )
    author_name = StringField(
        _l("Nama pemberi masukan (orang atau lembaga)"),
        validators=[DataRequired(_l("Nama pemberi masukan wajib diisi.")), Length(max=200)],
    )
    source = SelectField(
        _l("Sumber"),
        choices=choices((k.value, _l(v)) for k, v in SOURCE_LABELS.items() if k != Source.PLATFORM),
        validators=[DataRequired(_l("Pilih sumber."))],
    )
    external_id = StringField(
        _l("Nomor surat / nomor rujukan (tidak wajib)"), validators=[Optional(), Length(max=100)]
    )
    received_on = DateField(
        _l("Tanggal diterima"), validators=[DataRequired(_l("Isi tanggal diterima (hari-bulan-tahun)."))]
    )


class ReparseForm(Form):
    """The parse check's "Perbaiki naskah": the whole source text, edited in the page."""

    text = TextAreaField(
        _l("Naskah versi ini"),
        validators=[DataRequired(_l("Naskah kosong: tempel teks naskah yang sudah diperbaiki."))],
        description=_l(
            "Perbaiki baris yang ditandai, lalu baca ulang. Pemisah halaman dari PDF tetap dipertahankan."
        ),
    )


class AcknowledgeForm(Form):
    confirm = BooleanField(
        _l("Saya sudah memeriksa setiap peringatan di atas pada naskahnya dan menerimanya."),
        validators=[DataRequired(_l("Centang pernyataan ini setelah memeriksa setiap peringatan."))],
    )
