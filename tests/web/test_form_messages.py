"""WTForms' own validation messages (lengths, number ranges, choices) are Indonesian too: WTForms
ships no Indonesian catalog, so without ours a resident read "Field must be between 10 and 10000
characters long." next to an Indonesian label."""

from flask_babel import force_locale

from participation.drafts.forms import AnswerForm
from participation.musrenbang.forms import BeritaAcaraForm


def _errors(app, form_class, data, locale=None):
    with app.test_request_context("/", method="POST", data=data):
        if locale:
            with force_locale(locale):
                form = form_class(meta={"csrf": False})
                form.validate()
                return form.errors
        form = form_class(meta={"csrf": False})
        form.validate()
        return form.errors


def test_built_in_messages_are_indonesian_and_english_on_request(app):
    data = {"disposition": "explained", "reason": "pendek"}
    assert _errors(app, AnswerForm, data)["reason"] == ["Isian harus 10 sampai 10000 karakter."]
    assert _errors(app, AnswerForm, data, "en")["reason"] == [
        "Field must be between 10 and 10000 characters long."
    ]
    errors = _errors(app, AnswerForm, {"disposition": "bukan-pilihan", "reason": "x" * 20})
    assert errors["disposition"] == ["Pilihan tidak sah."]


def test_number_range_message_is_indonesian(app):
    errors = _errors(app, BeritaAcaraForm, {"forum_date": "2026-03-01", "attendance": "-5"})
    assert errors["attendance"] == ["Angka harus antara 0 dan 100000."]
