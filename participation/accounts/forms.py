"""WTForms for accounts. Labels and messages in Indonesian, wrapped for translation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from participation.web.forms import Form, choices


class RegisterForm(Form):
    name = StringField(
        _l("Nama tampilan (boleh nama samaran) — ditampilkan bersama masukan Anda"),
        validators=[DataRequired(_l("Nama tampilan wajib diisi.")), Length(2, 120)],
    )
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("E-mail wajib diisi.")), Length(max=254)])
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Kata sandi wajib diisi.")), Length(max=256)],
        description=_l("Minimal 10 karakter. Gabungan beberapa kata mudah diingat dan sulit ditebak."),
    )
    password2 = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[
            DataRequired(_l("Ulangi kata sandi.")),
            EqualTo("password", _l("Kedua kata sandi tidak sama.")),
        ],
    )
    kelurahan_code = SelectField(
        _l("Kelurahan tempat tinggal"),
        validators=[Optional()],
        validate_choice=False,
        description=_l("Dipakai untuk usulan musrenbang di kelurahan Anda. Tidak ditampilkan."),
    )


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("E-mail wajib diisi."))])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Kata sandi wajib diisi."))])
    remember = BooleanField(_l("Ingat saya di perangkat ini"))


class ProfileForm(Form):
    name = StringField(
        _l("Nama tampilan (boleh nama samaran) — ditampilkan bersama masukan Anda"),
        validators=[DataRequired(_l("Nama tampilan wajib diisi.")), Length(2, 120)],
    )
    kelurahan_code = SelectField(
        _l("Kelurahan tempat tinggal"), validators=[Optional()], validate_choice=False
    )
    locale = SelectField(_l("Bahasa"), choices=choices([("id", "Bahasa Indonesia"), ("en", "English")]))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Kata sandi sekarang"), validators=[DataRequired()])
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(max=256)])
    password2 = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(), EqualTo("password", _l("Kedua kata sandi tidak sama."))],
    )


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("E-mail wajib diisi."))])


class ResetPasswordForm(Form):
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(max=256)])
    password2 = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(), EqualTo("password", _l("Kedua kata sandi tidak sama."))],
    )


class ResendConfirmationForm(Form):
    pass


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Kata sandi Anda, untuk memastikan ini memang Anda"),
        validators=[DataRequired(_l("Kata sandi wajib diisi.")), Length(max=256)],
    )
