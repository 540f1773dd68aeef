"""Pure helpers: similarity scoring and upload checks."""

import pytest

from participation.core.errors import ValidationError
from participation.musrenbang import files
from participation.musrenbang.similarity import Candidate, most_similar, score


def test_similarity_ranks_near_duplicates_first():
    candidates = [
        Candidate(1, "Semenisasi jalan lingkungan RT 03"),
        Candidate(2, "Pelatihan kader posyandu"),
        Candidate(3, "Pemasangan lampu PJU Gg. Damai"),
    ]
    found = most_similar("semenisasi jln lingkungan rt 3", candidates)
    assert [c.id for c, _ in found] == [1]
    assert score("Drainase lingkungan", "drainase lingkungan") > 0.8
    assert score("Drainase lingkungan", "Pelatihan menjahit") < 0.2
    assert most_similar("ab", candidates) == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
        (b"<svg onload=alert(1)>", None),
        (b"GIF89a", None),
    ],
)
def test_image_type_by_magic_bytes(data, kind):
    assert files.image_type(data) == kind


def test_pdf_checked_by_content():
    assert files.check_pdf(b"%PDF-1.7\n") == "application/pdf"
    with pytest.raises(ValidationError):
        files.check_pdf(b"MZ\x90\x00 not a pdf")
