"""The Indonesian refusals of ``participation.drafts.sources`` (marked with ``N_`` for Babel).

Must not import Flask, the database layer, or any ``participation`` area other than
``participation.core``.
"""

from __future__ import annotations

from participation.core.i18n import N_

MSG_UNKNOWN = N_("Berkas tidak dikenali: unggah .txt, .md, .docx, atau .pdf.")
MSG_TOO_LARGE = N_(
    "Berkas terlalu besar ({size} MB); batasnya {limit} MB. Perkecil berkas atau pisahkan "
    "lampirannya, lalu unggah lagi."
)
MSG_EMPTY = N_("Berkas kosong: unggah berkas yang berisi naskah rancangan.")
MSG_PDF_SCAN = N_(
    "PDF ini hasil pindaian (scan) tanpa lapisan teks, jadi isinya tidak dapat dibaca sebagai "
    "teks. Unggah berkas Word (.docx) atau PDF yang disimpan langsung dari Word, atau jalankan "
    "OCR (pengenalan teks) pada PDF ini terlebih dahulu, lalu unggah lagi."
)
MSG_PDF_LOCKED = N_(
    "PDF ini dikunci dengan kata sandi atau melarang penyalinan teks, jadi isinya tidak dapat "
    "dibaca. Simpan ulang PDF tanpa kata sandi, atau unggah berkas Word (.docx)."
)
MSG_PDF_BROKEN = N_(
    "PDF ini rusak atau tidak lengkap, jadi isinya tidak dapat dibaca. Simpan ulang dari "
    "aplikasi asalnya (misalnya di Word: Simpan sebagai PDF), atau unggah berkas Word (.docx)."
)
MSG_PDF_SLOW = N_(
    "PDF ini terlalu lama dibaca (lebih dari {seconds} detik). Unggah berkas Word (.docx), atau "
    "pisahkan lampirannya lalu unggah lagi."
)
MSG_PDF_NO_POPPLER = N_(
    "Server belum dapat membaca PDF karena program pdftotext belum terpasang. Minta pengelola "
    "server memasang paket poppler-utils (apt-get install poppler-utils), atau unggah naskah "
    "sebagai berkas .docx atau .txt."
)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
