"""Forms for user and role administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.accounts.models import ROLE_LABELS
from participation.web.forms import Form, choices


class AssignRoleForm(Form):
    role = SelectField(_l("Peran"), choices=choices((r.value, _l(label)) for r, label in ROLE_LABELS.items()))
    kelurahan_code = SelectField(
        _l("Kelurahan (untuk koordinator)"), validators=[Optional()], validate_choice=False
    )
    kecamatan_code = SelectField(
        _l("Kecamatan (untuk verifikator; kosong = seluruh kota)"),
        validators=[Optional()],
        validate_choice=False,
    )
    reason = StringField(_l("Alasan (untuk log audit)"), validators=[Optional(), Length(max=500)])


class RevokeRoleForm(Form):
    assignment_id = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Alasan pencabutan"), validators=[Optional(), Length(max=500)])


class SetActiveForm(Form):
    active = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Alasan"), validators=[DataRequired(_l("Alasan wajib diisi.")), Length(5, 500)])


class ModerationForm(Form):
    """Hide, restore, approve or close flags on one comment; the reason is shown publicly."""

    reason = TextAreaField(
        _l("Alasan (tampil untuk umum dan dikirim ke penulis; jangan kutip isi masukan atau nama)"),
        validators=[Optional(), Length(max=1000)],
    )
    category = SelectField(_l("Kategori"), validators=[Optional()], validate_choice=False)
