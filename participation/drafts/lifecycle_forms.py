"""Forms for a draft's life after the consultation: the naskah akhir, enactment, promulgation and
an early end (dibatalkan / ditarik). The per-comment override reasons of the naskah akhir are
read from the request by name (``alasan-<comment id>``), one textarea per unanswered comment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.drafts.lifecycle import MAX_NOTE_CHARS
from participation.drafts.models import STAGE_LABELS, Stage
from participation.web.forms import Form, choices

DATE_REQUIRED = _l("Isi tanggal (hari-bulan-tahun).")


def _note(label, *, required: bool = False):
    validators = (
        [DataRequired(_l("Tulis catatannya: warga membaca catatan ini di linimasa."))]
        if required
        else [Optional()]
    )
    return TextAreaField(
        label,
        validators=[*validators, Length(max=MAX_NOTE_CHARS)],
        description=_l("Tampil untuk umum di linimasa rancangan."),
    )


class FinalizeForm(Form):
    happened_on = DateField(_l("Tanggal dikirim ke DPRD"), validators=[DataRequired(DATE_REQUIRED)])
    note = _note(_l("Catatan (tidak wajib)"))


class EnactForm(Form):
    file = FileField(
        _l("Berkas naskah yang ditetapkan (.docx, .pdf, .txt, .md)"),
        description=_l("PDF harus hasil simpan dari Word (berlapis teks), bukan hasil pindaian (scan)."),
    )
    text = TextAreaField(_l("Atau tempel teks naskah yang ditetapkan"), validators=[Optional()])
    number = StringField(
        _l("Nomor perda"),
        validators=[DataRequired(_l("Nomor perda wajib diisi.")), Length(max=64)],
        description=_l("Misalnya: 5 Tahun 2026"),
    )
    enacted_on = DateField(_l("Tanggal penetapan"), validators=[DataRequired(DATE_REQUIRED)])
    note = _note(_l("Catatan (tidak wajib)"))


class PromulgateForm(Form):
    gazette_number = StringField(
        _l("Nomor Lembaran Daerah"),
        validators=[DataRequired(_l("Nomor Lembaran Daerah wajib diisi.")), Length(max=64)],
    )
    promulgated_on = DateField(_l("Tanggal pengundangan"), validators=[DataRequired(DATE_REQUIRED)])
    note = _note(_l("Catatan (tidak wajib)"))


class EndForm(Form):
    stage = RadioField(
        _l("Rancangan ini"),
        choices=choices((s.value, STAGE_LABELS[s]) for s in (Stage.DIBATALKAN, Stage.DITARIK)),
        validators=[DataRequired(_l("Pilih dibatalkan atau ditarik."))],
    )
    happened_on = DateField(_l("Tanggal"), validators=[DataRequired(DATE_REQUIRED)])
    note = _note(_l("Alasan"), required=True)
