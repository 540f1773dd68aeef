"""One draft version as an Akoma Ntoso 3.0 document (OASIS LegalDocML), and the reader that takes
such a document back into the unit tree (issue 18: "Akoma Ntoso for every version").

The document is ``<akomaNtoso><act name="perda">`` (``perwali`` for a rancangan peraturan wali
kota): ``meta`` (FRBR Work / Expression / Manifestation, the version number in the expression
URI and in ``FRBRversionNumber``; ``references`` with the TLC organisations the FRBR authors
point to), ``preface`` (judul), ``preamble`` (pembukaan, Menimbang as ``recitals``, Mengingat
and Memperhatikan as ``citations``, the diktum "Dengan Persetujuan Bersama … MEMUTUSKAN:
Menetapkan: …" as the enacting ``formula``), ``body``, ``conclusions`` (penutup, pengesahan,
pengundangan) and ``attachments`` (the penjelasan, and each lampiran, as ``doc``).

The hierarchy (UU 12/2011 Lampiran II onto the AKN vocabulary):

* BAB → ``chapter``; Bagian → ``section``; Paragraf → ``subsection``. A Bagian groups the pasal
  of one BAB and a Paragraf those of one Bagian: AKN's ``part`` sits *above* ``chapter`` in the
  usual hierarchy (and is used so by Laws.Africa and Normattiva), while ``section`` /
  ``subsection`` are the grouping levels below a chapter (Italian *Capo → Sezione*), so Bagian
  and Paragraf take those. ``paragraph`` is not used for Paragraf: in AKN it is the numbered
  subdivision of an article, which is what an ayat is.
* Pasal → ``article``; ayat → ``paragraph``; huruf and angka → ``point`` inside a ``list``
  whose ``intro`` holds the parent's own words ("… meliputi:"). The point's ``class`` says
  which (``huruf``/``angka``), since AKN has one element for both.
* A numbered change of an amending regulation (Pasal I: "1. Ketentuan Pasal 5 diubah …") is a
  ``point class="perubahan"`` whose words are a ``mod`` holding the new text as a
  ``quotedStructure`` (the quoted pasal, ayat or huruf rendered by the same rules).

``eId``\\ s follow the AKN naming convention's abbreviations and are derived from the unit keys,
which the platform already keeps stable (a comment is anchored to a key): ``pasal-5/ayat-2/huruf-b``
→ ``art_5__para_2__point_b``; ``bab-2/bagian-1`` → ``chp_2__sec_1``. A pasal's key does not
carry its BAB (pasal are numbered through the whole text), so neither does its eId: moving a pasal
to another BAB between versions keeps its eId, as it keeps its key and its comments. Lists carry
no eId (the schema does not require one) so that ``…__para_2__point_b`` stays the key's image.
The key-derived map is one-to-one, so eIds are unique (the schema's ``eId-act`` constraint) and
the reader recovers every key from them.

The penjelasan is an ``attachment`` holding a ``doc name="penjelasan"`` (not a ``component``:
the schema allows components only at the top of the document, and an attachment is AKN's place
for an annex that belongs to the act): penjelasan umum as an ``hcontainer name="umum"``, then
the pasal demi pasal penjelasan mirroring the body's article / paragraph / point structure for
the units that have one, their eIds prefixed with the attachment's (``att_1__art_5__para_2``) so
that they stay unique in the whole act.

Must not import Flask: the CLI and the download view pass what the app knows (the city's name).

A package (the old ``akn.py`` grew past the ~400-line rule); this ``__init__`` re-exports the
public API on purpose, as ``participation.drafts.akn`` is what the CLI, the download view and the
tests call. ``model`` (vocabulary and data), ``naming`` (eIds and numbers), ``inputs`` (a stored
version or a parse result as the renderer's input), ``elements`` (XML building blocks), ``meta``
(FRBR), ``frontmatter`` (preface, preamble, conclusions), ``writer`` (body, attachments,
``render_akn``, ``render_text``), ``reader`` (``read_akn``).
"""

from participation.drafts.akn.inputs import (
    tree_from_parse,
    tree_from_rows,
    version_akn,
    version_data,
    version_from_parse,
)
from participation.drafts.akn.meta import frbr_uris
from participation.drafts.akn.model import (
    CONTENT_TYPE,
    NS,
    AknUnit,
    AknVersion,
    UnitLike,
    walk,
)
from participation.drafts.akn.naming import unit_eid
from participation.drafts.akn.reader import AknDocument, read_akn
from participation.drafts.akn.writer import render_akn, render_text

__all__ = [
    "CONTENT_TYPE",
    "NS",
    "AknDocument",
    "AknUnit",
    "AknVersion",
    "UnitLike",
    "frbr_uris",
    "read_akn",
    "render_akn",
    "render_text",
    "tree_from_parse",
    "tree_from_rows",
    "unit_eid",
    "version_akn",
    "version_data",
    "version_from_parse",
    "walk",
]
