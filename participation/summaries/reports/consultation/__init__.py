"""The laporan hasil uji publik as PDF and XLSX (issue 16): the document a DPRD secretariat files
with the raperda.

``consultation_pdf(report, url=..., city=...)`` (``pdf``) writes the sections in order —
identitas, metode dan masa uji publik, saluran, angka partisipasi, kemajuan tanggapan, pasal yang
berubah karena masukan publik, yang tidak diakomodasi, matriks tanggapan — with "Halaman n dari
m" on every page; ``consultation_xlsx`` (``xlsx``, one function per sheet) writes the sheets
Ringkasan, Saluran, Kelurahan, Matriks tanggapan, Pasal berubah, Tidak diakomodasi and Linimasa.
What both share — titles, section and sheet names, the identity and timeline rows — is in
``content``. Before the naskah akhir exists the report is "sementara". This ``__init__``
re-exports the public API deliberately (``summaries.consultation.files`` and the tests use it).

Pure: a ``summaries.consultation.ConsultationReport`` in, bytes out. Must not import Flask,
SQLAlchemy or any ``participation`` package other than ``participation.core`` and
``participation.summaries`` (the report's type only for checking).
"""

from participation.summaries.reports.consultation.content import SECTIONS, SHEETS, TITLE, title_of
from participation.summaries.reports.consultation.pdf import consultation_pdf
from participation.summaries.reports.consultation.xlsx import consultation_xlsx

__all__ = ["SECTIONS", "SHEETS", "TITLE", "consultation_pdf", "consultation_xlsx", "title_of"]
