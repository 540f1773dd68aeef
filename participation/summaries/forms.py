"""Forms of the summaries pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participation.comments.models import DISPOSITION_LABELS
from participation.web.forms import Form, choices


class RefreshForm(Form):
    pass


class GroupAnswerForm(Form):
    disposition = RadioField(_l("Keputusan"), choices=choices(
        (d.value, label) for d, label in DISPOSITION_LABELS.items()),
        validators=[DataRequired(_l("Pilih keputusan."))])
    reason = TextAreaField(_l("Alasan (wajib, tampil untuk publik)"),
                           validators=[DataRequired(_l("Alasan wajib diisi.")), Length(10, 5000)])
    resulting_wording = TextAreaField(_l("Rumusan hasil (bila ada)"),
                                      validators=[Optional(), Length(max=5000)])
