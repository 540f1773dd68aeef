"""Who may record what happened to an accepted usulan, and who may read it.

There is no OPD staff role: Bappeda (a VERIFIER without kecamatan, the city-wide verifier) keeps
the records, as it keeps the kota ranking, and ADMIN is the audited escape hatch. A kecamatan
verifier, a coordinator or a resident may not record (they read the public trail like anyone).
Reading is public: an accepted usulan is public, and so is what became of it.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import has_role, is_city_verifier
from participation.musrenbang.models import Usulan
from participation.musrenbang.workflow import UsulanStatus

Now = dt.datetime | None


def can_record_progress(actor: User | None, *, now: Now = None) -> bool:
    return has_role(actor, Role.ADMIN) or is_city_verifier(actor)


def can_record_on(actor: User | None, usulan: Usulan, *, now: Now = None) -> bool:
    """Only an usulan that is diakomodir now gets new records."""
    return can_record_progress(actor) and usulan.status == UsulanStatus.ACCEPTED


def can_read_progress(actor: User | None, usulan: Usulan, *, now: Now = None) -> bool:
    """Everyone, visitors included, for every usulan that is not a draf (an usulan with records
    was accepted once, so it is never a draf unless an admin reopened it all the way back)."""
    return usulan.status != UsulanStatus.DRAFT
