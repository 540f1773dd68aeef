"""Demo accounts: one per role, bound to Balikpapan places, all with the printed demo password.

Used by ``participation demo`` and by each area's demo step (which must not import
``participation.demo``, the top of the dependency graph). Must not import Flask.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.core.clock import utcnow

DEMO_PASSWORD = "Balikpapan-Demo-2026"  # noqa: S105 - printed demo credential, refused in production
KEL_GUNUNG_SAMARINDA = "64.71.03.1002"
KEC_BALIKPAPAN_UTARA = "64.71.03"

# (e-mail, name, role, kelurahan scope, kecamatan scope, home kelurahan)
DEMO_ACCOUNTS: list[tuple[str, str, Role, str | None, str | None, str | None]] = [
    ("warga@demo.partisipasi.id", "Siti Warga", Role.CITIZEN, None, None, KEL_GUNUNG_SAMARINDA),
    (
        "koordinator@demo.partisipasi.id",
        "Budi Koordinator",
        Role.COORDINATOR,
        KEL_GUNUNG_SAMARINDA,
        None,
        KEL_GUNUNG_SAMARINDA,
    ),
    (
        "verifikator@demo.partisipasi.id",
        "Rina Verifikator Balut",
        Role.VERIFIER,
        None,
        KEC_BALIKPAPAN_UTARA,
        None,
    ),
    ("bappeda@demo.partisipasi.id", "Agus Bappeda", Role.VERIFIER, None, None, None),
    ("penyusun@demo.partisipasi.id", "Dewi Tim Penyusun", Role.DRAFTER, None, None, None),
    ("ketua.penyusun@demo.partisipasi.id", "Ketua Tim Penyusun", Role.DRAFTER, None, None, None),
    ("dprd@demo.partisipasi.id", "H. Anggota DPRD", Role.DPRD_MEMBER, None, None, None),
    ("moderator@demo.partisipasi.id", "Yusuf Moderator", Role.MODERATOR, None, None, None),
    ("admin@demo.partisipasi.id", "Admin Kota", Role.ADMIN, None, None, None),
]

# roles an account holds besides its main one: the ketua tim penyusun may send the naskah akhir
# with comments left unanswered, recording why for each (drafts.final.finalize)
EXTRA_ROLES: dict[str, tuple[Role, ...]] = {
    "ketua.penyusun@demo.partisipasi.id": (Role.DRAFT_LEAD,),
}


def roles_of(email: str, role: Role) -> tuple[Role, ...]:
    """Every role of a demo account, its main one first."""
    return (role, *EXTRA_ROLES.get(email, ()))


def load_demo_accounts(session: Session) -> list[tuple[str, str]]:
    created = []
    now = utcnow()
    for email, name, role, kel, kec, home in DEMO_ACCOUNTS:
        if account_services.find_user_by_email(session, email) is not None:
            continue
        user = account_services.create_user(
            session,
            email=email,
            name=name,
            password=DEMO_PASSWORD,
            now=now,
            roles=[(role, kel, kec), *((r, None, None) for r in EXTRA_ROLES.get(email, ()))],
        )
        user.kelurahan_code = home
        created.append((email, role.value))
    session.flush()
    return created
