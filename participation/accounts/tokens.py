"""Signed, expiring links for e-mail confirmation and password reset. Must not import Flask.

A reset token embeds a fingerprint of the current password hash, so it stops working as soon as
the password changes (a link can be used once).
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from participation.core.errors import ValidationError

CONFIRM_SALT = "participation.confirm-email"
RESET_SALT = "participation.reset-password"


def _serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=salt)


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def make_confirm_token(secret: str, user_id: int, email: str) -> str:
    return _serializer(secret, CONFIRM_SALT).dumps({"u": user_id, "e": email})


def read_confirm_token(secret: str, token: str, *, max_age: int) -> tuple[int, str]:
    data = _load(secret, CONFIRM_SALT, token, max_age)
    return int(data["u"]), str(data["e"])


def make_reset_token(secret: str, user_id: int, password_hash: str | None) -> str:
    return _serializer(secret, RESET_SALT).dumps({"u": user_id, "p": _fingerprint(password_hash)})


def read_reset_token(secret: str, token: str, *, max_age: int) -> tuple[int, str]:
    data = _load(secret, RESET_SALT, token, max_age)
    return int(data["u"]), str(data["p"])


def reset_fingerprint_matches(fingerprint: str, password_hash: str | None) -> bool:
    return fingerprint == _fingerprint(password_hash)


def _load(secret: str, salt: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(secret, salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ValidationError("Tautan sudah kedaluwarsa. Minta tautan baru.") from exc
    except BadSignature as exc:
        raise ValidationError("Tautan tidak sah. Periksa kembali atau minta tautan baru.") from exc
    if not isinstance(data, dict):
        raise ValidationError("Tautan tidak sah.")
    return data
