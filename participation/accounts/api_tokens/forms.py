"""Forms of the token page: create (name, scopes, lifetime) and revoke (reason optional)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from participation.web.forms import Form, choices

LIFETIMES = (
    ("90", _l("90 hari")),
    ("30", _l("30 hari")),
    ("365", _l("1 tahun")),
    ("0", _l("Tanpa batas (cabut sendiri bila tidak dipakai)")),
)


class CreateTokenForm(Form):
    name = StringField(
        _l("Nama token"),
        validators=[DataRequired(_l("Nama token wajib diisi.")), Length(max=80)],
        description=_l("Untuk mengenalinya nanti, mis. \u201cSIPD Bappeda\u201d."),
    )
    scopes = SelectMultipleField(
        _l("Izin"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    lifetime = SelectField(_l("Berlaku"), choices=choices(LIFETIMES), default="90")


class RevokeTokenForm(Form):
    reason = StringField(_l("Alasan (boleh kosong, dicatat)"), validators=[Optional(), Length(max=500)])
