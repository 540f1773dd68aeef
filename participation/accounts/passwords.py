"""Password hashing with Argon2id (argon2-cffi) and the password rules. Must not import Flask."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def configure_hasher(*, time_cost: int, memory_cost: int) -> None:
    """Cheaper parameters for the test suite only (hundreds of hashes); production keeps the
    library's defaults (Argon2id, RFC 9106 low-memory profile)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)


MIN_LENGTH = 10
# A few of the passwords most often seen in Indonesian leaks; long-but-trivial ones pass length.
COMMON = frozenset(
    {
        "1234567890",
        "12345678910",
        "qwertyuiop",
        "password123",
        "passw0rd123",
        "balikpapan1",
        "balikpapan123",
        "indonesia1",
        "indonesia123",
        "bismillah1",
        "bismillah123",
        "sayangkamu",
        "iloveyou12",
        "0987654321",
        "1111111111",
    }
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Indonesian message saying what is wrong with a new password, or None."""
    if len(password) < MIN_LENGTH:
        return f"Kata sandi minimal {MIN_LENGTH} karakter."
    if len(password) > 256:
        return "Kata sandi terlalu panjang (maksimal 256 karakter)."
    if password.lower() in COMMON or len(set(password)) < 4:
        return "Kata sandi ini terlalu mudah ditebak. Pakai gabungan kata yang hanya Anda tahu."
    if email and email.split("@")[0].lower() in password.lower() and len(email.split("@")[0]) > 3:
        return "Kata sandi tidak boleh memuat alamat e-mail Anda."
    return None
