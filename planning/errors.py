"""Errors of the planning package, and words that are put into a language only when shown.

Every error is a :class:`PlanningError` and also a builtin (``ValueError``, ``KeyError``...), so
callers may catch either. An error keeps a catalogue key and the raw values it was raised with;
a value that is itself words (a field's label, what is allowed) is a :class:`Msg`. Nothing is
translated when the error is raised: ``err.message("id")`` writes the whole message in one
language, so a pure method needs no language argument.

Examples
--------
>>> err = ValidationError(field=Msg("field.needs.households"), value="banyak",
...                       allowed=Msg("allowed.whole_number_between", low=0, high=100000))
>>> err.message("en")
"Households affected: 'banyak' is not allowed. Allowed: a whole number from 0 to 100000."
>>> "whole number" in err.message("id")
False
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planning.i18n import t


class Msg:
    """Words to be written later: a catalogue key and its fields (which may be ``Msg`` too).

    Examples
    --------
    >>> Msg("common.add").text("id")
    'Tambah'
    >>> words([Msg("common.yes"), "PKH"], "en")
    'yes, PKH'
    """

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key = key
        self.fields = fields

    def text(self, lang: str) -> str:
        """Give the words in ``lang``."""
        return t(self.key, lang, **{k: words(v, lang) for k, v in self.fields.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, **{self.fields!r})"


def words(value: Any, lang: str) -> Any:
    """Give ``value`` as shown in ``lang``: a ``Msg`` translated, a list or tuple of them joined
    with commas, anything else as it is."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(words(v, lang)) for v in value) or "-"
    return value


def whole_between(low: int, high: int) -> Msg:
    """Give what a count may be, from ``low`` to ``high``; when nothing is left ("from 0 to
    0") it says so.

    Examples
    --------
    >>> whole_between(0, 2).text("en"), whole_between(0, 0).text("id")
    ('a whole number from 0 to 2', 'tidak ada lagi: semuanya sudah dipakai')
    """
    if high <= low == 0:
        return Msg("allowed.none_left")
    if high <= low:
        return Msg("allowed.only_number", n=low)
    return Msg("allowed.whole_number_between", low=low, high=high)


class PlanningError(Exception):
    """Base of every error this package raises on purpose."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **fields: Any) -> None:
        self.key = key or type(self).key
        self.fields = fields
        super().__init__(self.key)

    def message(self, lang: str = "en") -> str:
        """Give the error in words, all in ``lang``."""
        return t(self.key, lang, **{k: words(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.message()


class ValidationError(PlanningError, ValueError):
    """A value a person gave is not allowed: names the field, the value and what is allowed.

    ``field`` and ``allowed`` are words (``Msg``, a list of them, or plain text such as names
    people typed); ``value`` is the raw value, shown quoted and shortened.
    """

    key = "error.invalid"

    def __init__(
        self,
        key: str | None = None,
        /,
        *,
        field: Any = "",
        value: Any = "",
        allowed: Any = "",
        **fields: Any,
    ) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(key, field=field, value=_show(value), allowed=allowed, **fields)


class DuplicateError(ValidationError):
    """A name that, once normalised, is already taken by another record."""

    key = "error.duplicate"


class BudgetError(ValidationError):
    """A dot vote that would spend more dots than the participant has left."""

    key = "error.budget"


class RightsError(ValidationError):
    """Something a trainee's page may not do (change or remove another's record, read a field
    kept for the facilitator): names what was asked and what a trainee may do instead."""

    key = "error.rights"


class NotFoundError(PlanningError, KeyError):
    """A record or file that is not there (or was removed)."""

    key = "error.not_found"

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message()


class NoWorkshopError(NotFoundError):
    """No workshop was named: says how to name one and how to open the demo on purpose."""

    key = "error.no_workshop_named"


class SchemaVersionError(PlanningError, RuntimeError):
    """A workshop file written by a newer version of the package."""

    key = "error.schema_newer"


class StoreBusyError(PlanningError, TimeoutError):
    """The workshop stayed locked by other writers for longer than we wait."""

    key = "error.busy"


class StoreError(PlanningError, OSError):
    """The workshop's file or database failed: names the workshop and the reason, never the
    statement or the values it held."""

    key = "error.database"

    def __str__(self) -> str:  # OSError would show its own arguments
        return self.message()


class DiskFullError(StoreError):
    """The disk (or the database server's) is full; the change was not saved."""

    key = "error.disk_full"


class ReadOnlyError(StoreError):
    """The workshop can be read but not written (a read-only file, folder or disk)."""

    key = "error.read_only"


class ImportRowsError(ValidationError):
    """A file that cannot be imported; ``rows`` lists every bad row as (line, error)."""

    key = "error.import_rows"

    # At most this many problems are listed, then how many more there are: a file of 800 bad
    # rows gives a message a person reads, not 800 lines.
    SHOWN = 20

    def __init__(
        self, rows: Sequence[tuple[int | Msg, PlanningError | Msg]], *, file: str = ""
    ) -> None:
        self.rows = list(rows)
        super().__init__(field="file", value=file, allowed="", count=len(self.rows))

    def message(self, lang: str = "en") -> str:
        head = t(self.key, lang, count=len(self.rows), value=self.fields["value"])
        lines = []
        for where, problem in self.rows[: self.SHOWN]:
            text = (
                problem.message(lang) if isinstance(problem, PlanningError) else problem.text(lang)
            )
            place = (
                where.text(lang) if isinstance(where, Msg) else t("error.line", lang, line=where)
            )
            lines.append(f"  {place}: {text}")
        if len(self.rows) > self.SHOWN:
            lines.append("  " + t("error.and_more", lang, n=len(self.rows) - self.SHOWN))
        return "\n".join([head, *lines])


class MergeRefusedError(ImportRowsError):
    """A merge that would store records some reader cannot show: each named with its problem
    (``rows`` as (words naming the record, error))."""

    key = "error.merge_refused"


def _show(value: Any, limit: int = 60) -> str:
    """Give a value as it will be shown in a message: control characters visible, and a long
    one shortened in the middle, so a path keeps its file name.

    Examples
    --------
    >>> _show("/home/fasilitator/Dokumen/lokakarya/2026/desa-sukamaju/cadangan/desa.sqlite")
    '/home/fasilitator/Dokumen/lokakary…maju/cadangan/desa.sqlite'
    """
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    if len(text) <= limit:
        return text
    head = limit // 2 + 4
    return text[:head] + "…" + text[-(limit - head - 1) :]
