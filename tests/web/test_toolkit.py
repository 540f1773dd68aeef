"""The view toolkit: one step commits or rolls back and shows the refusal (on its form field when
there is one), the acting user, and the client address as the audit log keeps it (hashed)."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask_babel import force_locale
from flask_login import login_user
from sqlalchemy import select, text
from wtforms import Form, StringField

from participation.core.errors import DomainError, ValidationError
from participation.core.i18n import N_
from participation.regions.models import Kecamatan
from participation.web.db import db
from participation.web.i18n import flashed
from participation.web.toolkit import (
    client_hash,
    committing,
    current_actor,
    flash,
    flash_error,
    form_errors,
)
from tests.factories import make_user

CODE = "64.71.01"
# a domain message that the English catalogue translates
NAME_REQUIRED = N_("Nama wajib diisi (2–200 karakter).")
NAME_REQUIRED_EN = "A name is required (2–200 characters)."


class PersonForm(Form):
    name = StringField()
    email = StringField()


def shown() -> list[tuple[str, str]]:
    """The pending flash messages as the page shows them (base.html's ``|flashed``)."""
    return [(category, str(flashed(message))) for category, message in get_flashed_messages(True)]


def _rename(name: str) -> None:
    db().execute(text("UPDATE kecamatan SET name = :name WHERE code = :code"), {"name": name, "code": CODE})


def _stored_name(app) -> str:
    with app.extensions["participation.sessionmaker"]() as check:
        return check.scalar(select(Kecamatan.name).where(Kecamatan.code == CODE))


def test_a_step_that_succeeds_is_committed(app, regions):
    with app.test_request_context("/", method="POST"):
        with committing() as step:
            _rename("Tersimpan")
        assert step.ok
    assert _stored_name(app) == "Tersimpan"


def test_a_committed_step_flashes_its_success_message(app, regions):
    with app.test_request_context("/", method="POST"):
        with committing(success="Disimpan."):
            _rename("Tersimpan")
        assert get_flashed_messages(with_categories=True) == [("success", "Disimpan.")]


def test_a_refused_step_is_rolled_back(app, regions):
    before = _stored_name(app)
    with app.test_request_context("/", method="POST"):
        with committing() as step:
            _rename("Tidak boleh tersimpan")
            raise ValidationError("Ditolak.")
        db().commit()  # what the request does afterwards cannot save the refused change
    assert _stored_name(app) == before
    assert not step.ok


def test_a_refused_step_keeps_its_refusal(app, regions):
    refusal = ValidationError("Ditolak.")
    with app.test_request_context("/", method="POST"):
        with committing() as step:
            raise refusal
    assert step.error is refusal


def test_a_refusal_without_a_form_is_flashed(app, regions):
    with app.test_request_context("/", method="POST"):
        with committing(success="Disimpan."):
            raise ValidationError("Ditolak.")
        assert shown() == [("error", "Ditolak.")]


def test_an_error_that_is_not_a_refusal_propagates(app, regions):
    with app.test_request_context("/", method="POST"):
        with pytest.raises(RuntimeError), committing():
            raise RuntimeError("bug")


def test_a_refusal_is_shown_on_the_field_it_names(app):
    with app.test_request_context("/", method="POST"):
        form = PersonForm()
        with committing(form=form):
            raise ValidationError("E-mail tidak sah.", field="email")
        assert form.email.errors == ["E-mail tidak sah."]
        assert not form.name.errors
        assert get_flashed_messages() == []


def test_a_refusal_naming_no_field_goes_to_the_forms_usual_field(app):
    with app.test_request_context("/", method="POST"):
        form = PersonForm()
        form_errors(form, ValidationError("Nama dipakai."), field="name")
        assert form.name.errors == ["Nama dipakai."]


def test_a_refusal_is_shown_on_the_forms_name_for_the_field(app):
    with app.test_request_context("/", method="POST"):
        form = PersonForm()
        form_errors(
            form, ValidationError("Alamat tidak sah.", field="address"), field_names={"address": "email"}
        )
        assert form.email.errors == ["Alamat tidak sah."]


def test_a_refusal_naming_a_field_the_form_lacks_is_flashed(app):
    with app.test_request_context("/", method="POST"):
        form = PersonForm()
        form_errors(form, ValidationError("Berkas rusak.", field="file"))
        assert shown() == [("error", "Berkas rusak.")]


def test_a_refusal_of_several_fields_is_shown_on_each(app):
    refusal = DomainError("Periksa isian.")
    refusal.errors = {"name": "Nama kosong.", "email": "E-mail kosong."}
    with app.test_request_context("/", method="POST"):
        form = PersonForm()
        form_errors(form, refusal)
        assert form.name.errors == ["Nama kosong."]
        assert form.email.errors == ["E-mail kosong."]


def test_a_refusal_is_flashed_in_english_on_an_english_page(app):
    with app.test_request_context("/"), force_locale("en"):
        flash_error(ValidationError(NAME_REQUIRED))
        assert shown() == [("error", NAME_REQUIRED_EN)]


def test_a_flashed_message_is_translated_when_it_is_shown(app):
    # flashed on an Indonesian page, shown after the switch to English: the reader's language then
    with app.test_request_context("/"):
        with force_locale("id"):
            flash_error(ValidationError(NAME_REQUIRED))
        with force_locale("en"):
            assert shown() == [("error", NAME_REQUIRED_EN)]


def test_a_flashed_message_marks_what_people_wrote(app):
    message = N_("Siklus %(n)s dibuat. Atur tahap dan pagu.") % {"n": "Musrenbang <2027>"}
    with app.test_request_context("/"), force_locale("en"):
        flash(message, "success")
        (category, html), *_rest = shown()
    assert category == "success"
    assert '<span lang="id">Musrenbang &lt;2027&gt;</span>' in html  # marked, and escaped
    assert "Musrenbang" not in html.split("<span")[0]
    assert html.endswith("</span> created. Set up the stages and budget ceilings (pagu).")


def test_a_plain_text_is_flashed_as_it_is(app):
    with app.test_request_context("/"):
        flash("Tersimpan <b>", "info")
        assert get_flashed_messages(with_categories=True) == [("info", "Tersimpan <b>")]


def test_a_field_error_is_shown_in_english_on_an_english_page(app):
    with app.test_request_context("/", method="POST"), force_locale("en"):
        form = PersonForm()
        form_errors(form, ValidationError(NAME_REQUIRED, field="name"))
        assert form.name.errors == [NAME_REQUIRED_EN]


def test_the_client_hash_is_stable_for_one_address(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        first = client_hash()
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        assert client_hash() == first


def test_the_client_hash_differs_between_addresses(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        first = client_hash()
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.8"}):
        assert client_hash() != first


def test_the_client_hash_never_contains_the_address(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        assert "203.0.113.7" not in client_hash()


def test_the_client_hash_is_keyed_by_the_secret(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        first = client_hash()
    app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-9876543210"
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        assert client_hash() != first


def test_a_visitor_is_no_actor(app):
    with app.test_request_context("/"):
        assert current_actor() is None


def test_the_actor_is_the_logged_in_user(app, session):
    user = make_user(session)
    with app.test_request_context("/"):
        login_user(db().get(type(user), user.id))
        assert current_actor().id == user.id
