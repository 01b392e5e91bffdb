"""The action plan's words in a language: findings, reasons and table cells, with Rupiah, dates
and numbers written the way the language writes them.

The pure methods put raw values in their :class:`~planning.errors.Msg` fields (whole Rupiah as
``int``, days as ``datetime.date``); :func:`say` writes a message with each field formatted:
an amount as ``Rp1.500.000`` (``Rp1,500,000`` in English), a day as ``1 Maret 2026``, a number
without a useless ``.0``. :func:`cell` does the same for a table cell.

Examples
--------
>>> say(Msg("actions.left_out.over_ceiling", over=10_000_000, cost=95_000_000,
...         remaining=85_000_000, ceiling=800_000_000,
...         source=Msg("actions.source.dana_desa")), "id")
'Melebihi pagu Dana Desa (DD) sebesar Rp10.000.000: biayanya Rp95.000.000 dan sisa pagu Rp85.000.000 dari Rp800.000.000.'
>>> from planning.actions.methods.tables import Period
>>> cell(Period(date(2026, 3, 1), date(2026, 7, 31)), "en")
'1 March 2026 – 31 July 2026'
"""  # noqa: E501

from __future__ import annotations

from datetime import date
from typing import Any

from planning.actions.methods.reference import Named
from planning.errors import Msg, PlanningError
from planning.i18n import fmt_date, fmt_number, fmt_rupiah, t

# Fields of the methods' messages that hold whole Rupiah.
RUPIAH_FIELDS = frozenset(
    {"per_month", "cap", "cost", "spent", "base", "limit", "gap", "cost_at_cap", "over",
     "remaining", "ceiling", "budget", "total", "planned", "least", "wage", "outside",
     "village"}
)  # fmt: skip


def number(value: float, lang: str) -> str:
    """Give a number as the language writes it, with no decimals when it is whole.

    Examples
    --------
    >>> number(10.0, "id"), number(2.5, "id"), number(1200, "en")
    ('10', '2,5', '1,200')
    """
    if float(value).is_integer():
        return fmt_number(value, lang)
    digits = 2 if abs(value * 10 - round(value * 10)) > 1e-9 else 1
    return fmt_number(value, lang, digits)


def value(name: str, raw: Any, lang: str) -> Any:
    """Give one field of a message as shown."""
    if isinstance(raw, Msg):
        return say(raw, lang)
    if isinstance(raw, list | tuple):
        return ", ".join(str(value(name, v, lang)) for v in raw) or "-"
    if isinstance(raw, bool):
        return t("common.yes" if raw else "common.no", lang)
    if isinstance(raw, int) and name in RUPIAH_FIELDS:
        return fmt_rupiah(raw, lang)
    if isinstance(raw, date):
        return fmt_date(raw, lang)
    if isinstance(raw, float):
        return number(raw, lang)
    if isinstance(raw, Named):
        return raw.text(lang)
    return raw


def say(msg: Msg | PlanningError | str, lang: str) -> str:
    """Give a message (or an error, or plain text) in ``lang`` with its fields formatted."""
    if isinstance(msg, str):
        return msg
    return t(msg.key, lang, **{k: value(k, v, lang) for k, v in msg.fields.items()})


def cell(raw: Any, lang: str, *, rupiah: bool = False) -> str:
    """Give a table cell as text: words translated, amounts (``rupiah``) in Rupiah, a period
    as its two days, a tick for True, several lines joined by line breaks."""
    from planning.actions.methods.tables import Period

    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "✓" if raw else ""
    if isinstance(raw, Period):
        return f"{fmt_date(raw.start, lang)} – {fmt_date(raw.end, lang)}"
    if isinstance(raw, tuple):
        return "\n".join(cell(x, lang) for x in raw)
    if isinstance(raw, int) and rupiah:
        return fmt_rupiah(raw, lang)
    return str(value("", raw, lang))
