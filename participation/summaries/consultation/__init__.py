"""The laporan hasil uji publik of a draft: the document a DPRD secretariat files with the raperda
(issue 16).

``consultation_report(session, draft, now=...)`` gathers, from the database as it is now:

- who and what: the draft, its stage, perda and Lembaran Daerah numbers when known, and the
  version the figures are measured on: the naskah akhir (``Draft.final_version_id``) or, before
  it exists, the newest published version (the report is then ``provisional``: "sementara");
- how the consultation ran (a fixed paragraph) and its windows: each published version with its
  dates (the pages and files show them in WITA) and the comments received on it;
- channels (``Comment.source``), participation figures (comments, commenters, by kelurahan, by
  stance, replies, endorsements), the matriks tanggapan of the measured version;
- the pasal changed because of public input (``drafts.outcomes``: answer diterima or diterima
  sebagian and the clause's text changed between the commented version and the final one), with
  the word diff of each clause — only once a final or enacted text exists;
- what was not taken up: comments answered "tidak diterima" with the reasons, and comments left
  unanswered with the ketua tim penyusun's recorded reason (``final.exemptions``);
- answer progress.

The report is public. As on every public summary (``redaction.strip_withdrawn``, the summary
pages), a comment hidden by a moderator or not public yet (held for pre-moderation, an
unconfirmed e-mail) is only counted, never quoted; no commenter's name is printed.

``outcome_summary`` is the short form the summaries show ("n masukan diterima (termasuk
sebagian), m pasal berubah karena masukan publik"). ``consultation_report_file`` is the job
that builds the PDF or XLSX of a draft with thousands of comments.

Split by subject: ``model`` (the report's records), ``figures`` (windows and participation
figures), ``building`` (the report itself), ``summary`` (the short form), ``files`` (PDF/XLSX,
the file's identity and the job). This package re-exports their public names deliberately: it is
the area's documented entry point (docs/architecture.md), the report page uses it as
``consultation.<name>``, and importing it registers the report job (``summaries/jobs.py``).

Flask-free; reads only (the job stores a report file and flushes, never commits).
"""

from participation.summaries.consultation.building import METHOD, consultation_report, measured_version
from participation.summaries.consultation.files import (
    REPORT_TYPES,
    consultation_report_file,
    render,
    report_filename,
    report_key,
    report_size,
)
from participation.summaries.consultation.model import (
    ChangedClause,
    ChangedComment,
    ChangedPasal,
    Channel,
    ConsultationReport,
    Exempted,
    Figures,
    KelurahanRow,
    MatrixRow,
    NotTakenUp,
    StanceRow,
    Window,
)
from participation.summaries.consultation.summary import outcome_summary, outcome_summary_of_version

__all__ = [
    "METHOD",
    "REPORT_TYPES",
    "ChangedClause",
    "ChangedComment",
    "ChangedPasal",
    "Channel",
    "ConsultationReport",
    "Exempted",
    "Figures",
    "KelurahanRow",
    "MatrixRow",
    "NotTakenUp",
    "StanceRow",
    "Window",
    "consultation_report",
    "consultation_report_file",
    "measured_version",
    "outcome_summary",
    "outcome_summary_of_version",
    "render",
    "report_filename",
    "report_key",
    "report_size",
]
