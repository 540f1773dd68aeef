"""Forms of the summaries pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from participation.comments.models import DISPOSITION_LABELS
from participation.web.forms import Form, choices


class RefreshForm(Form):
    pass


class GroupAnswerForm(Form):
    disposition = RadioField(
        _l("Keputusan"),
        choices=choices((d.value, _l(label)) for d, label in DISPOSITION_LABELS.items()),
        validators=[DataRequired(_l("Pilih keputusan."))],
    )
    reason = TextAreaField(
        _l("Alasan (wajib, tampil untuk publik)"),
        validators=[DataRequired(_l("Alasan wajib diisi.")), Length(10, 5000)],
    )
    resulting_wording = TextAreaField(
        _l("Rumusan hasil (bila ada)"), validators=[Optional(), Length(max=5000)]
    )


# ------------------------------------------------------------- theme edits (issue 15)


class _ThemeEdit(Form):
    # the computation the page was made from: a computed theme's reference is valid within it
    basis = HiddenField()
    reason = StringField(
        _l("Alasan singkat (wajib, dicatat)"),
        validators=[DataRequired(_l("Alasan wajib diisi.")), Length(5, 500)],
    )


def _checkboxes(label: object, **kw: object) -> SelectMultipleField:
    return SelectMultipleField(
        label, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), **kw
    )


class ThemeRenameForm(_ThemeEdit):
    theme = HiddenField(validators=[DataRequired()])
    name = StringField(
        _l("Nama tema"), validators=[DataRequired(_l("Nama tema wajib diisi.")), Length(3, 120)]
    )


class ThemeMergeForm(_ThemeEdit):
    themes = _checkboxes(_l("Tema yang digabung"), choices=[])
    name = StringField(
        _l("Nama tema gabungan (kosongkan untuk memakai nama tema terbesar)"),
        validators=[Optional(), Length(3, 120)],
    )

    def validate_themes(self, field: SelectMultipleField) -> None:
        if len(field.data or []) < 2:
            raise ValidationError(_l("Pilih sedikitnya dua tema untuk digabung."))


class ThemeSplitForm(_ThemeEdit):
    theme = HiddenField(validators=[DataRequired()])
    comment_ids = _checkboxes(
        _l("Masukan yang menjadi tema baru"),
        choices=[],
        coerce=int,
        validators=[DataRequired(_l("Centang masukan untuk tema baru."))],
    )
    name = StringField(
        _l("Nama tema baru"), validators=[DataRequired(_l("Nama tema wajib diisi.")), Length(3, 120)]
    )


class ThemeMoveForm(_ThemeEdit):
    comment_id = IntegerField(
        _l("Nomor masukan (#)"), validators=[DataRequired(_l("Isi nomor masukan.")), NumberRange(min=1)]
    )
    target = SelectField(
        _l("Pindahkan ke tema"), choices=[], validators=[DataRequired(_l("Pilih tema tujuan."))]
    )
