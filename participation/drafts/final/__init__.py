"""From consultation to enacted perda: the naskah akhir gate, enactment, promulgation.

- ``unanswered(version)``: every comment shown on a version (made on it or carried from an
  earlier one, a removed clause's too) that still has no tanggapan; a comment held for
  pre-moderation counts (it may yet be published), a hidden or unconfirmed one does not.
- ``finalize``: marks the version sent to the DPRD. Refused while anything is unanswered, with
  the list; a ketua tim penyusun may override only by writing, per comment, why it stays
  unanswered (``UnansweredExemption``, listed in the laporan hasil uji publik).
- ``enact``: the enacted text becomes the draft's last version, mapped from the naskah akhir
  (so every comment is carried to it and "did my comment change the law" can be answered), with
  the perda's number and date; commenters are told the outcome (``outcomes``).
- ``promulgate``: the Lembaran Daerah number and date.

The gate is ``gate``, enactment and promulgation ``enactment``; this package re-exports their
public names deliberately, so callers keep writing ``final.finalize``, ``final.enact`` ...

Flask-free; flushes, never commits.
"""

from __future__ import annotations

from participation.drafts.final.enactment import (
    ENACTED_REMOVAL_REASON,
    MAX_NUMBER_CHARS,
    comment_ids_on,
    enact,
    final_version,
    promulgate,
)
from participation.drafts.final.gate import (
    AWAITING,
    MAX_REASON_CHARS,
    MIN_REASON_CHARS,
    Unanswered,
    UnansweredError,
    exemptions,
    finalize,
    unanswered,
)

__all__ = [
    "AWAITING",
    "ENACTED_REMOVAL_REASON",
    "MAX_NUMBER_CHARS",
    "MAX_REASON_CHARS",
    "MIN_REASON_CHARS",
    "Unanswered",
    "UnansweredError",
    "comment_ids_on",
    "enact",
    "exemptions",
    "final_version",
    "finalize",
    "promulgate",
    "unanswered",
]
