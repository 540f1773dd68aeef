"""Domain messages (core.i18n.Message): Indonesian as a str, translated before they are formatted."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle

from hypothesis import given
from hypothesis import strategies as st

from participation.core.errors import ValidationError
from participation.core.i18n import N_, Message, Number, join, ngettext, translate

EN = {
    "Berkas %(name)s terlalu besar.": "File %(name)s is too large.",
    "Tahap {tier} belum dibuka.": "The {tier} stage is not open yet.",
    "kelurahan": "village",
    "ditutup %(date)s": "closes %(date)s",
    "Alasan: %(r)s": "Reason: %(r)s",
    "Usulan ditolak.": "Proposal rejected.",
    "Versi %s dari %s": "Version %s of %s",
    "tanpa placeholder": "wrong %(placeholder)s",
    "lebih dari %(n)s baris": "more than %(n)s rows",
}
EN_PLURAL = {"tinggal %(num)s hari": ("%(num)s day left", "%(num)s days left")}


def en(msgid: str) -> str:
    return EN.get(msgid, msgid)


def en_plural(singular: str, plural: str, n: int) -> str:
    forms = EN_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def test_a_message_is_its_indonesian_text():
    message = N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"}
    assert message == "Berkas a.pdf terlalu besar."


def test_a_message_is_a_str_for_every_existing_use():
    message = N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"}
    assert isinstance(message, str)
    assert "terlalu besar" in message
    assert hash(message) == hash("Berkas a.pdf terlalu besar.")


def test_formatting_keeps_the_msgid_and_parameters():
    message = N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"}
    assert message.msgid == "Berkas %(name)s terlalu besar."
    assert message.params == {"name": "a.pdf"}


def test_percent_message_is_translated_before_it_is_formatted():
    message = N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"}
    assert translate(message, en) == "File a.pdf is too large."


def test_percent_with_a_tuple_is_translated_before_it_is_formatted():
    message = N_("Versi %s dari %s") % (2, 3)
    assert translate(message, en) == "Version 2 of 3"


def test_format_message_is_translated_before_it_is_formatted():
    message = N_("Tahap {tier} belum dibuka.").format(tier="kota")
    assert translate(message, en) == "The kota stage is not open yet."


def test_a_message_parameter_is_translated_too():
    message = N_("Tahap {tier} belum dibuka.").format(tier=N_("kelurahan"))
    assert translate(message, en) == "The village stage is not open yet."


def test_a_nested_message_keeps_its_indonesian_value():
    message = N_("Tahap {tier} belum dibuka.").format(tier=N_("kelurahan"))
    assert message == "Tahap kelurahan belum dibuka."


def test_user_text_is_never_looked_up():
    # "kelurahan" typed by a person is not the label N_("kelurahan")
    message = N_("Alasan: %(r)s") % {"r": "kelurahan"}
    assert translate(message, en) == "Reason: kelurahan"


def test_plain_text_passes_through_translate_untouched():
    assert translate("Usulan ditolak.", en) == "Usulan ditolak."


def test_a_datetime_parameter_is_formatted_in_the_readers_locale():
    closes = dt.datetime(2026, 12, 16, 20, 24, tzinfo=dt.UTC)
    message = N_("ditutup %(date)s") % {"date": closes}
    assert translate(message, en, locale="en") == "closes December 17, 2026, 04:24 WITA"


def test_a_datetime_parameter_is_indonesian_in_the_str_value():
    closes = dt.datetime(2026, 12, 16, 20, 24, tzinfo=dt.UTC)
    message = N_("ditutup %(date)s") % {"date": closes}
    assert message == "ditutup 17 Desember 2026 04.24 WITA"


def test_plural_message_uses_the_catalogue_plural_form():
    message = ngettext("tinggal %(num)s hari", "tinggal %(num)s hari", 5) % {"num": 5}
    assert translate(message, en, en_plural) == "5 days left"


def test_singular_message_uses_the_catalogue_singular_form():
    message = ngettext("tinggal %(num)s hari", "tinggal %(num)s hari", 1) % {"num": 1}
    assert translate(message, en, en_plural) == "1 day left"


def test_a_translation_that_does_not_fit_falls_back_to_indonesian():
    message = N_("tanpa placeholder") % {}
    assert translate(message, en) == "tanpa placeholder"


def test_join_keeps_each_part_translatable():
    joined = join(" ", [N_("Usulan ditolak."), N_("Alasan: %(r)s") % {"r": "dobel"}])
    assert translate(joined, en) == "Proposal rejected. Reason: dobel"


def test_join_is_the_indonesian_join():
    joined = join("; ", [N_("Usulan ditolak."), "50%"])
    assert joined == "Usulan ditolak.; 50%"


def test_a_domain_error_keeps_the_message():
    error = ValidationError(N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"})
    assert translate(error.message, en) == "File a.pdf is too large."


def test_str_of_a_domain_error_stays_translatable():
    error = ValidationError(N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"})
    assert translate(str(error), en) == "File a.pdf is too large."


def test_a_message_survives_pickling():
    message = N_("Tahap {tier} belum dibuka.").format(tier=N_("kelurahan"))
    restored = pickle.loads(pickle.dumps(message))  # noqa: S301 - our own bytes
    assert translate(restored, en) == "The village stage is not open yet."


def test_a_message_is_json_as_its_indonesian_text():
    message = N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"}
    assert json.loads(json.dumps({"detail": message})) == {"detail": "Berkas a.pdf terlalu besar."}


def test_a_message_survives_deepcopy():
    message = N_("Berkas %(name)s terlalu besar.") % {"name": "a.pdf"}
    assert translate(copy.deepcopy(message), en) == "File a.pdf is too large."


@given(st.text())
def test_str_value_equals_plain_formatting(value):
    message = N_("Berkas %(name)s terlalu besar.") % {"name": value}
    assert message == f"Berkas {value} terlalu besar."


@given(st.text())
def test_untranslated_message_translates_to_its_str_value(value):
    message = N_("Tahap {tier} belum dibuka. {tier}").format(tier=value)
    assert translate(message, lambda msgid: msgid) == str(message)


@given(st.text())
def test_pickling_keeps_the_value(value):
    message = N_("Alasan: %(r)s") % {"r": value}
    assert pickle.loads(pickle.dumps(message)) == message  # noqa: S301 - our own bytes


def test_a_plain_message_is_a_message():
    assert isinstance(N_("Usulan ditolak."), Message)


def test_an_amount_is_grouped_the_indonesian_way_in_the_str_value():
    assert N_("lebih dari %(n)s baris") % {"n": Number(5000)} == "lebih dari 5.000 baris"


def test_an_amount_is_grouped_the_readers_way_when_translated():
    message = N_("lebih dari %(n)s baris") % {"n": Number(5000)}
    assert translate(message, en, locale="en") == "more than 5,000 rows"


def test_a_plain_int_is_no_amount():
    assert N_("lebih dari %(n)s baris") % {"n": 2026} == "lebih dari 2026 baris"
