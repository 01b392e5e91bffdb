"""A workshop's history in words: who changed what, naming records and people, not ids.

``planning history`` prints these lines. A change's records are named as a person calls them
(a need's title, a participant's name); a record that refers to others (a dot vote, a score, a
place in a ranking) is named by what it refers to, with its number.
"""

from __future__ import annotations

from planning.i18n import t
from planning.records import Record
from planning.store import Workshop
from planning.store.schema import Change
from planning.store.workshop import FACILITATOR

__all__ = ["change_records", "history_lines", "who"]

# Changes whose own summary names them better than their records: the file imported, the
# workshop created, the two records merged ("A -> B").
_BY_SUMMARY = frozenset({"import", "new", "merge"})


class _Names:
    """The name of every record ever written, by kind and id, read once a kind."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self.names: dict[str, dict[str, str]] = {}

    def __call__(self, kind: str, record_id: str) -> str:
        if kind not in self.names:
            self.names[kind] = self.ws.names(kind)
        # A record never written (a damaged reference) is not named by its id either.
        return self.names[kind].get(record_id, "?")


def change_records(
    ws: Workshop,
    change: Change,
    names_per_change: int = 3,
    *,
    written: dict[int, list[Record]] | None = None,
    name_of: _Names | None = None,
) -> str:
    """Give the records a change wrote as a person names them (the file of an import, the
    title of a new workshop), never by id: ``Sari · Air bersih: 2`` for a dot vote."""
    if change.action in _BY_SUMMARY:
        return change.summary
    if written is None:
        written = ws.written(names_per_change)
    records = written.get(change.seq, [])
    shown = "; ".join(_describe(r, name_of or _Names(ws)) for r in records)
    if change.count > len(records):
        shown += f" (+{change.count - len(records)})"
    return shown


def who(by: str, lang: str) -> str:
    """Give who entered a change as a person reads it (the facilitator in the language)."""
    return t("history.facilitator", lang) if by == FACILITATOR else by


def history_lines(ws: Workshop, lang: str, *, names_per_change: int = 3) -> list[str]:
    """Give a header and one line per change: number, time (UTC), who, what, which records."""
    changes = ws.history()
    written = ws.written(names_per_change)
    name_of = _Names(ws)

    who_width = max([len(_who(c, lang)) for c in changes] + [len(t("history.col.who", lang))])
    who_width = min(who_width, 28)
    lines = [
        f"{'#':>4}  {t('history.col.when', lang):<16}  {t('history.col.who', lang):<{who_width}}"
        f"  {t('history.col.what', lang)}"
    ]
    for change in changes:
        what = _what(change, lang)
        shown = change_records(ws, change, written=written, name_of=name_of)
        undone = f" {t('history.undone', lang)}" if change.undone else ""
        when = change.at.replace("T", " ")[:16]
        lines.append(
            f"{change.seq:>4}  {when:<16}  {_who(change, lang):<{who_width}}  "
            f"{what}: {shown}{undone}"
        )
    return lines


def _who(change: Change, lang: str) -> str:
    return who(change.by, lang)


def _what(change: Change, lang: str) -> str:
    kinds = ", ".join(t(f"kind.{k}", lang) for k in change.kind.split(",") if k)
    if change.action == "undo":
        action = t("history.undo_of", lang, seq=change.undoes or "?")
    else:
        action = t(f"history.action.{change.action}", lang)
    count = f" ({change.count})" if change.count > 1 else ""
    return t("history.change", lang, kinds=kinds, action=action, count=count)


def _describe(record: Record, name_of) -> str:  # type: ignore[no-untyped-def]
    """Give how a person names one record: by its key, the records it refers to by name."""
    specs = record.specs()
    if not type(record).key_fields():  # the workshop itself: its title
        return str(getattr(record, "title", "") or record.id)
    parts, refers = [], False
    for field in type(record).key_fields():
        value = getattr(record, field)
        if specs[field].type == "ref" and value:
            refers = True
            parts.append(name_of(specs[field].ref, str(value)))
        else:
            parts.append(str(value))
    text = " · ".join(p for p in parts if p) or record.display_name()
    if refers:
        # A vote, a score, a place: its number says what was given.
        numbers = [
            str(getattr(record, n))
            for n, spec in specs.items()
            if not spec.key and spec.type in ("int", "float")
        ]
        if len(numbers) == 1:
            text += f": {numbers[0]}"
    return text
