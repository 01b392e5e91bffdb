"""Two languages: the same keys in both catalogues, Babel formats for each locale."""

from __future__ import annotations

import re

import pytest

from planning.i18n import LANGUAGES, catalogue, fmt_date, fmt_number, fmt_rupiah, t
from planning.stages import kinds


def test_both_languages_have_the_same_keys():
    """Does every key exist in Bahasa Indonesia and in English?"""
    assert set(catalogue("id")) == set(catalogue("en"))


def test_both_languages_use_the_same_fields_in_each_text():
    """Does each translation fill in the same {fields} as its English twin?"""
    holes = re.compile(r"{(\w+)}")
    for key, text in catalogue("en").items():
        assert set(holes.findall(text)) == set(holes.findall(catalogue("id")[key])), key


def test_every_field_and_choice_has_a_label():
    """Has every field of every kind, and every choice, a label in both languages?"""
    for lang in LANGUAGES:
        for kind, cls in kinds().items():
            assert f"kind.{kind}" in catalogue(lang)
            for name, spec in cls.specs().items():
                assert f"field.{kind}.{name}" in catalogue(lang), (lang, kind, name)
                for choice in spec.choices:
                    assert f"{spec.group}.{choice}" in catalogue(lang), (lang, choice)


@pytest.mark.parametrize(
    ("lang", "rupiah", "date", "number"),
    [
        ("id", "Rp1.500.000", "28 November 2026", "0,65"),
        ("en", "Rp1,500,000", "28 November 2026", "0.65"),
    ],
)
def test_locale_formats(lang, rupiah, date, number):
    """Are Rupiah, dates and decimals written the way each language writes them?"""
    assert fmt_rupiah(1_500_000, lang) == rupiah
    assert fmt_date("2026-11-28", lang) == date
    assert fmt_number(0.6474, lang, 2) == number


def test_a_missing_key_falls_back_to_english_then_the_key():
    """Does a missing key show something findable instead of crashing?"""
    assert t("no.such.key", "id") == "no.such.key"
