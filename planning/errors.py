"""Errors of the planning package.

Every error is a :class:`PlanningError` and also a builtin (``ValueError``, ``KeyError``...), so
callers may catch either. An error keeps a catalogue key and its fields, so it can be shown in
either language: ``err.message("id")``. ``str(err)`` uses the language it was raised in.
"""

from __future__ import annotations

from typing import Any


class PlanningError(Exception):
    """Base of every error this package raises on purpose."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, *, lang: str = "en", **fields: Any) -> None:
        self.key = key or type(self).key
        self.lang = lang
        self.fields = fields
        super().__init__(self.key)

    def message(self, lang: str | None = None) -> str:
        """Give the error in words, in ``lang`` (default: the language it was raised in)."""
        from planning.i18n import t

        return t(self.key, lang or self.lang, **self.fields)

    def __str__(self) -> str:
        return self.message()


class ValidationError(PlanningError, ValueError):
    """A value a person gave is not allowed: names the field, the value and what is allowed."""

    key = "error.invalid"

    def __init__(
        self,
        key: str | None = None,
        /,
        *,
        field: str = "",
        value: Any = "",
        allowed: str = "",
        lang: str = "en",
        **fields: Any,
    ) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(key, lang=lang, field=field, value=_show(value), allowed=allowed, **fields)


class DuplicateError(ValidationError):
    """A name that, once normalised, is already taken by another record."""

    key = "error.duplicate"


class BudgetError(ValidationError):
    """A dot vote that would spend more dots than the participant has left."""

    key = "error.budget"


class NotFoundError(PlanningError, KeyError):
    """A record that is not in the workshop (or was removed)."""

    key = "error.not_found"

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message()


class SchemaVersionError(PlanningError, RuntimeError):
    """A workshop file written by a newer version of the package."""

    key = "error.schema_newer"


class StoreBusyError(PlanningError, TimeoutError):
    """The workshop stayed locked by other writers for longer than we wait."""

    key = "error.busy"


class ImportRowsError(ValidationError):
    """A file that cannot be imported; ``rows`` lists every bad row as (line, message)."""

    key = "error.import_rows"

    def __init__(self, rows: list[tuple[int, str]], *, file: str = "", lang: str = "en") -> None:
        self.rows = rows
        details = "\n".join(f"  {line}: {msg}" for line, msg in rows)
        super().__init__(
            field="file", value=file, allowed="", lang=lang, count=len(rows), details=details
        )


def _show(value: Any, limit: int = 60) -> str:
    """Give a value as it will be shown in a message: quoted, shortened, control chars visible."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 1] + "…"
