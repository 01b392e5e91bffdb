"""Words in two languages: ``t(key, lang, **fields)`` over one JSON catalogue per language.

The core's words live in ``planning/locales/{id,en}.json`` and each stage's in its own
``locales/`` folder (``planning/needs/locales/id.json``); a test checks every key exists in both
languages. Numbers, dates and Rupiah amounts are formatted for the locale with Babel.
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from planning.stages import STAGE_NAMES

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_LOCALES = {"id": "id_ID", "en": "en_GB"}
_PACKAGE = Path(__file__).parent


def locale_dirs() -> list[Path]:
    """Give the folders whose ``{lang}.json`` make up the catalogues: the core's, the live
    room's, each stage's."""
    found = [_PACKAGE / "locales", _PACKAGE / "room" / "locales"]
    found += [_PACKAGE / name / "locales" for name in STAGE_NAMES]
    return [d for d in found if d.is_dir()]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Give the catalogue of one language (key -> text with ``{field}`` holes)."""
    if lang not in LANGUAGES:
        lang = "en"
    merged: dict[str, str] = {}
    for folder in locale_dirs():
        file = folder / f"{lang}.json"
        if file.exists():
            with open(file, encoding="utf-8") as fh:
                merged.update(json.load(fh))
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **fields: Any) -> str:
    """Give the text of ``key`` in ``lang`` with its fields filled in.

    A key missing from a catalogue falls back to English, then to the key itself, so a
    missing translation shows as something findable rather than crashing a workshop.

    Examples
    --------
    >>> t("common.add", "en")
    'Add'
    >>> t("common.add", "id")
    'Tambah'
    """
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue("en").get(key, key)
    if not fields:
        return text
    try:
        return text.format(**fields)
    except (KeyError, IndexError, ValueError):
        return text


def label(group: str, value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Give the label of an enumerated value, e.g. ``label("gender", "female", "id")``."""
    return t(f"{group}.{value}", lang)


def fmt_number(value: float, lang: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """Give a number with the locale's separators.

    Examples
    --------
    >>> fmt_number(1500000, "id")
    '1.500.000'
    >>> fmt_number(0.8125, "en", 2)
    '0.81'
    """
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_LOCALES.get(lang, "en_GB"))


def fmt_rupiah(amount: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """Give a Rupiah amount without decimals.

    Examples
    --------
    >>> fmt_rupiah(1500000, "id")
    'Rp1.500.000'
    >>> fmt_rupiah(1500000, "en")
    'Rp1,500,000'
    """
    return "Rp" + fmt_number(round(amount), lang)


def fmt_rupiah_short(amount: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """Give a Rupiah amount in millions (juta) or billions (miliar) when it is that large.

    Examples
    --------
    >>> fmt_rupiah_short(40_000_000, "id"), fmt_rupiah_short(719_500_000, "en")
    ('Rp40 juta', 'Rp719.5 million')
    >>> fmt_rupiah_short(1_250_000_000, "id"), fmt_rupiah_short(750_000, "id")
    ('Rp1,25 miliar', 'Rp750.000')
    """
    for size, key in ((1_000_000_000, "common.billion"), (1_000_000, "common.million")):
        if abs(amount) >= size:
            value = amount / size
            digits = next((d for d in (0, 1, 2) if round(value, d) == round(value, 2)), 2)
            return f"Rp{fmt_number(value, lang, digits)} {t(key, lang)}"
    return fmt_rupiah(amount, lang)


def fmt_date(value: _dt.date | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Give a date written out in the language.

    Examples
    --------
    >>> fmt_date("2026-11-28", "id")
    '28 November 2026'
    >>> fmt_date("2026-08-17", "en")
    '17 August 2026'
    """
    from babel.dates import format_date

    if isinstance(value, str):
        value = _dt.date.fromisoformat(value)
    return format_date(value, format="long", locale=_LOCALES.get(lang, "en_GB"))
