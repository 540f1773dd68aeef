"""What a summary's analysis is and with which parameters: the stored ``method`` text, the theme
and campaign parameters, and the fingerprint versions.

One place so that a change of method is seen in every fingerprint (draft and musrenbang) and in
every stored snapshot's ``method`` and ``parameters``. Changing anything here recomputes stored
snapshots at their next refresh.
"""

from __future__ import annotations

from typing import Any

THEME_PARAMS: dict[str, Any] = {"max_themes": 25, "min_size": 3, "seed": 0}
CAMPAIGN_PARAMS: dict[str, Any] = {
    "min_size": 3,
    "min_shared_sentences": 2,
    "min_shared_words": 15,
    "cohesion": 0.5,
    "attach": 0.5,
    "similarity": 0.6,
    "text_similarity": 0.65,
    "text_min_words": 15,
    "seed": 1,
}
METHOD = {
    "themes": (
        "normalisasi + kamus slang + Sastrawi + TF-IDF (1–2 kata) + SVD + k-means kosinus; "
        "jumlah tema 2–25 dari data (pecah lalu gabung bila profil kata mirip); label frasa"
    ),
    "campaigns": "kalimat surat yang selalu muncul bersama (Jaccard dokumen ≥ kohesi), varian kalimat "
    "disatukan lewat MinHash pasangan kata; salinan = ≥ 2 kalimat surat yang sama; "
    "ditambah seluruh teks (≥ 15 kata): MinHash 5-gram huruf, Jaccard ≥ 0,65, untuk "
    "petisi satu kalimat dan surat satu paragraf",
}

# Bumped when what the fingerprint covers changes, so older snapshots are recomputed once; also
# when the theme method changes (3: themes.METHOD ".../4", the shared-vocabulary merge check:
# snapshots stored by the old method get the new themes at the next refresh, not never)
FINGERPRINT_VERSION = "draft-input/3"
# bumped when the musrenbang recap's analysis changes without a parameter change
MUSRENBANG_FINGERPRINT_VERSION = "musrenbang-input/2"
