"""An API token of a staff account: a name, its scopes and the SHA-256 of the secret.

The secret (``ppt_`` + 43 URL-safe characters, 32 random bytes) is shown once when it is made
and never stored: 256 random bits need no slow hash (nothing to guess from the digest), and a
plain digest can be looked up by index. The first 12 characters (``prefix``) are kept in clear so
the owner can tell tokens apart. A token acts as its owner, with the owner's roles at the time of
each request. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated, see services.SCOPES
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def has_scope(self, scope: str) -> bool:
        return scope in self.scope_list

    def usable(self, now: dt.datetime) -> bool:
        """Not revoked, not expired, and its owner's account is active."""
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )
