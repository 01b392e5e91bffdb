"""The write context: what one write transaction sees, checks and plans to write.

Every write of a workshop (a form's add, an import, a merge, a dot cast) runs as one unit of
work over a :class:`WriteContext` inside one database transaction: it reads the current records
as they are inside that transaction, checks each row (its fields, its references, its natural
key, the rule its stage declared), and adds the versions to write to ``plan``. The store writes
the plan in the same transaction, so a check can never be overtaken by another writer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import sqlalchemy as sa

from planning import stages
from planning.errors import DuplicateError, Msg, NotFoundError, RightsError, ValidationError
from planning.records import (
    MKP,
    TIE_WORDS,
    Participant,
    Record,
    WorkshopInfo,
    build,
    kind_class,
    normalise_name,
)
from planning.store.schema import RowWrite, meta_table

if TYPE_CHECKING:
    from planning.store.workshop import Workshop

R = TypeVar("R", bound=Record)
WORKSHOP_ID = "workshop"
MKP_META = "session.mkp"
"""The workshop's meta key held while a women's deliberation (MKP) is open: the ids of its
participants separated by commas, or "" for every woman in the room."""


class WriteContext:
    """The current records seen inside one write transaction, and the versions to write.

    ``by`` names who the change is entered by; a unit of work may set it once it has read who
    that is (a participant's name from their id).
    """

    def __init__(self, ws: Workshop, conn: sa.Connection, by: str) -> None:
        self.ws, self.conn, self.by = ws, conn, by
        self.plan: list[RowWrite] = []
        self._cache: dict[str, dict[str, Record]] = {}
        self._read: dict[str, tuple[Record, ...]] = {}  # as read, before this transaction's
        self._keys: dict[str, dict[tuple[Any, ...], str]] = {}
        self._names: dict[str, dict[str, str]] = {}
        self._mkp: str | None = None
        self._mkp_read = False

    # --- reading ------------------------------------------------------------------------------

    def records(self, kind: str | type[R]) -> dict[str, R]:
        """Give the current records of a kind (id -> record), as this transaction sees them."""
        cls = cast(type[R], kind_class(kind))
        if cls.KIND not in self._cache:
            read = self.ws._read_on(self.conn, cls)
            self._read[cls.KIND] = read.records
            self._cache[cls.KIND] = dict(read.by_id)
        return cast(dict[str, R], self._cache[cls.KIND])

    def current(self, kind: str | type[R], record_id: str) -> R:
        """Give one current record, or raise ``NotFoundError``."""
        cls = cast(type[R], kind_class(kind))
        found = self.records(cls).get(record_id)
        if found is None:
            raise NotFoundError(kind=Msg(f"kind.{cls.KIND}"), value=record_id)
        return found

    def info(self) -> WorkshopInfo:
        """Give the workshop's own record as this transaction sees it."""
        return self.current(WorkshopInfo, WORKSHOP_ID)

    def by_key(self, cls: type[R], key: tuple[Any, ...]) -> R | None:
        """Give the current record with this natural key, if any."""
        if not cls.key_fields():
            return None
        record_id = self._key_index(cls).get(key)
        return None if record_id is None else self.records(cls).get(record_id)

    def find(self, cls: type[R], **fields: Any) -> R | None:
        """Give the current record whose key fields are ``fields`` (ids for references)."""
        return self.by_key(cls, self.key_of(cls, fields))

    def key_of(self, cls: type[Record], data: Mapping[str, Any]) -> tuple[Any, ...]:
        """Give the natural key of a record's data (names folded; a pair in either order)."""
        values = tuple(
            normalise_name(data[k]) if isinstance(data[k], str) else data[k]
            for k in cls.key_fields()
        )
        if getattr(cls, "UNORDERED_KEY", False):
            values = tuple(sorted(values[:2])) + values[2:]
        return values

    def _key_index(self, cls: type[Record]) -> dict[tuple[Any, ...], str]:
        if cls.KIND not in self._keys:
            records = self.records(cls)
            if not any(row.kind == cls.KIND for row in self.plan):
                self._keys[cls.KIND] = self.ws.key_index(
                    cls, self._read[cls.KIND], lambda data: self.key_of(cls, data)
                )
            else:  # changed in this transaction already
                self._keys[cls.KIND] = {self.key_of(cls, r.data()): r.id for r in records.values()}
        return self._keys[cls.KIND]

    def resolve(self, kind: str, value: str, field: str, owner: str) -> str:
        """Give the id of the record of ``kind`` named (or with id) ``value``."""
        records = self.records(kind_class(kind))
        wanted = value.strip()
        if wanted in records:
            return wanted
        names = self._names.get(kind)
        if names is None:
            names = self._names[kind] = {}
            for record in records.values():
                names.setdefault(normalise_name(record.display_name()), record.id)
        found_id = names.get(normalise_name(value))
        if found_id is None or found_id not in records:
            raise ValidationError(
                "error.unknown_ref",
                field=Msg(f"field.{owner}.{field}"),
                value=value,
                allowed=known_names(records.values()),
            )
        return found_id

    # --- checking -----------------------------------------------------------------------------

    def prepare(
        self, cls: type[Record], raw: Mapping[str, Any], base: Record | None = None
    ) -> dict[str, Any]:
        """Give a row's checked data, its references turned into ids."""
        data = build(cls, raw, base=base)
        for name, spec in cls.specs().items():
            if spec.tie and normalise_name(data[name]) in TIE_WORDS:
                data[name] = ""
            if spec.type == "ref" and data[name]:
                data[name] = self.resolve(spec.ref, data[name], name, cls.KIND)
        return data

    def check(self, cls: type[Record], data: dict[str, Any], record_id: str | None) -> None:
        """Refuse a duplicate natural key, then run the rule the kind's stage declared."""
        if cls.key_fields() and cls is not WorkshopInfo:
            other = self.by_key(cls, self.key_of(cls, data))
            if other is not None and other.id != record_id:
                name_field = cls.key_fields()[0]
                if cls.specs()[name_field].type == "ref":
                    # A pair, a score, a vote: named by what it is of, and who gave it.
                    by = other.entered_by
                    raise DuplicateError(
                        "error.duplicate_given",
                        field=Msg(f"kind.{cls.KIND}"),
                        value=self.describe(other),
                        by=Msg("history.facilitator") if by in ("", "facilitator") else by,
                    )
                raise DuplicateError(
                    field=Msg(f"field.{cls.KIND}.{name_field}"),
                    value=data[name_field],
                    existing=self.describe(other),
                )
        rule = stages.rule(cls.KIND)
        if rule is not None:
            rule(self, data, record_id)

    def describe(self, record: Record) -> str:
        """Give a record's key as a person reads it (references by name)."""
        return self.describe_data(type(record), record.data())

    def describe_data(self, cls: type[Record], data: Mapping[str, Any]) -> str:
        """Give the key of a record's checked data as a person reads it (references by name)."""
        parts = []
        for name in cls.key_fields():
            value = data[name]
            spec = cls.specs()[name]
            if spec.type == "ref":
                target = self.records(spec.ref).get(value)
                value = target.display_name() if target else value
            parts.append(str(value))
        return " / ".join(parts)

    def key_words(self, cls: type[Record], data: Mapping[str, Any]) -> str:
        """Give a record's key as a change's summary says it: its parts joined by " · ", a
        reference by the name of what it refers to (removed in this change too), or left out
        when that is not known; never an id."""
        parts = []
        for name in cls.key_fields():
            value = data.get(name, "")
            spec = cls.specs()[name]
            if spec.type == "ref":
                target: Record | None = self.records(spec.ref).get(value)
                if target is None:
                    for row in self.plan:
                        if row.kind == spec.ref and row.id == value:
                            ref = kind_class(spec.ref)
                            target = self.ws._record(ref, row.id, row.version, row.data)
                value = target.display_name() if target is not None else ""
            if value not in ("", None):
                parts.append(str(value))
        return " · ".join(parts)

    def match(self, cls: type[R], raw: Mapping[str, Any]) -> tuple[R | None, dict[str, Any], str]:
        """Give the current record a row stands for (by id, else by natural key), if any,
        the row's checked data, and the id the row gave."""
        raw = dict(raw)
        given_id = str(raw.pop("id", "") or "").strip()
        if cls is WorkshopInfo:
            old: Any = self.current(cls, WORKSHOP_ID)
            return old, self.prepare(cls, raw, base=old), given_id
        old = self.records(cls).get(given_id) if given_id else None
        data = self.prepare(cls, raw)
        if old is None:
            old = self.by_key(cls, self.key_of(cls, data))
        return old, data, given_id

    # --- planning writes ----------------------------------------------------------------------

    def write(self, row: RowWrite) -> Record:
        """Add one version to the plan and see it in this context from now on."""
        cls = kind_class(row.kind)
        records = self.records(cls)
        keys = self._key_index(cls)
        old = records.get(row.id)
        if self.ws.is_trainee:
            self.check_trainee(cls, row, old)
        if old is not None:
            keys.pop(self.key_of(cls, old.data()), None)
        self.plan.append(row)
        self._names.pop(cls.KIND, None)  # names may have changed: rebuilt when next needed
        if row.removed:
            records.pop(row.id, None)
            return old if old is not None else self.ws._record(cls, row.id, row.version, row.data)
        record = self.ws._record(cls, row.id, row.version, row.data, by=self.by)
        records[row.id] = record
        if cls.key_fields():
            keys[self.key_of(cls, row.data)] = row.id
        return record

    def add(self, cls: type[R], raw: Mapping[str, Any], record_id: str = "") -> R:
        """Check a new record and plan it; a proposal (a kind with ``ORIGIN``) made while a
        women's deliberation is open, by one of its people or the facilitator, keeps "mkp"."""
        if cls.ORIGIN and not str(raw.get(cls.ORIGIN) or "").strip() and self.in_mkp():
            raw = {**raw, cls.ORIGIN: MKP}
        data = self.prepare(cls, raw)
        self.check(cls, data, None)
        return cast(
            R, self.write(RowWrite(record_id or str(uuid.uuid4()), 1, data, False, cls.KIND))
        )

    def in_mkp(self) -> bool:
        """Whether the writer is in the open women's deliberation (``MKP_META``: the ids of its
        participants, or "" for every woman in the room); the facilitator always is."""
        if not self._mkp_read:
            self._mkp = self.conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == MKP_META)
            ).scalar()
            self._mkp_read = True
        if self._mkp is None:
            return False
        if not self.ws.is_trainee:
            return True
        me = normalise_name(self.by)
        people = [p for p in self.records(Participant).values() if normalise_name(p.name) == me]
        chosen = set(self._mkp.split(",")) - {""}
        return any(p.id in chosen if chosen else p.gender == "female" for p in people)

    def edit(self, cls: type[R], record_id: str, raw: Mapping[str, Any]) -> R:
        """Check a new version of a record with some fields changed, and plan it."""
        old = self.current(cls, record_id)
        data = self.prepare(cls, raw, base=old)
        self.check(cls, data, record_id)
        if data == old.data():
            return old
        return cast(R, self.write(RowWrite(record_id, old.version + 1, data, False, cls.KIND)))

    def put(self, cls: type[R], raw: Mapping[str, Any]) -> tuple[R, str]:
        """Plan a row: a new version of the record with its id or natural key, or a new one.

        Gives the record and what happened: "added", "updated" or "unchanged".
        """
        old, data, given_id = self.match(cls, raw)
        self.check(cls, data, old.id if old else None)
        if old is not None:
            if old.data() == data:
                return old, "unchanged"
            row = RowWrite(old.id, old.version + 1, data, False, cls.KIND)
            return cast(R, self.write(row)), "updated"
        row = RowWrite(given_id or str(uuid.uuid4()), 1, data, False, cls.KIND)
        return cast(R, self.write(row)), "added"

    def remove(self, cls: type[Record], record_id: str) -> None:
        """Plan a record's removal (its versions stay in the history)."""
        if cls is WorkshopInfo:
            raise ValidationError(field=Msg("field.kind"), value=cls.KIND, allowed="")
        old = self.current(cls, record_id)
        rule = stages.remove_rule(cls.KIND)
        if rule is not None:
            rule(self, old)
        self.write(RowWrite(record_id, old.version + 1, old.data(), True, cls.KIND))

    def check_trainee(self, cls: type[Record], row: RowWrite, old: Record | None) -> None:
        """Refuse a version a trainee may not write: every write passes here, so what a trainee
        may do is decided once, from the kind's ``TRAINEE``, ``OWNER`` and ``COUNT``
        (``planning.records.Record``), whatever form, command or message asked for it."""
        may = cls.TRAINEE
        what = Msg(f"kind.{cls.KIND}")
        if not may:
            raise RightsError(
                field=what,
                value=self.describe_data(cls, row.data),
                allowed=Msg("allowed.rights_none"),
            )
        allowed = Msg(f"allowed.rights_{may}")
        if row.removed:
            raise RightsError(
                field=Msg("field.rights.remove"),
                value=self.describe(old or self.ws._record(cls, row.id, row.version, row.data)),
                allowed=allowed,
            )
        if cls.OWNER and not self._is_trainee(cls, row.data[cls.OWNER]):
            raise RightsError(
                field=Msg(f"field.{cls.KIND}.{cls.OWNER}"),
                value=self._owner_name(cls, row.data[cls.OWNER]),
                allowed=Msg("allowed.rights_owner", name=self.ws.by),
            )
        if old is None:
            return
        if may == "own" and self._is_trainee(cls, getattr(old, cls.OWNER)):
            return
        if may == "step":
            before, after = old.data(), dict(row.data)
            moved = abs((after.pop(cls.COUNT) or 0) - (before.pop(cls.COUNT) or 0))
            if moved <= 1 and after == before:
                return
        raise RightsError(field=what, value=self.describe(old), allowed=allowed)

    def _is_trainee(self, cls: type[Record], owner: Any) -> bool:
        """Whether an owner field's value names the trainee this workshop was opened by."""
        return normalise_name(self._owner_name(cls, owner)) == normalise_name(self.ws.by)

    def _owner_name(self, cls: type[Record], owner: Any) -> str:
        spec = cls.specs()[cls.OWNER]
        if spec.type == "ref":
            found = self.records(spec.ref).get(owner)
            return found.display_name() if found is not None else str(owner)
        return str(owner)

    def kinds(self) -> list[str]:
        """Give the kinds the plan writes, in the order first written."""
        return list(dict.fromkeys(row.kind for row in self.plan))


def known_names(records: Iterable[Record], limit: int = 12) -> str | Msg:
    """Give the names of some records, sorted, for a message's "Known: ..." part; people are
    named only when every one of them agreed to be named, else counted ("12 known
    participants")."""
    records = list(records)
    if any(isinstance(r, Participant) and not r.consent for r in records):
        return Msg("allowed.known_participants", n=len(records))
    names = sorted({r.display_name() for r in records}, key=str.casefold)
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if names else "-"


def find_named(cls: type[R], records: Iterable[R], name: str) -> R:
    """Give the record of ``records`` (of kind ``cls``) whose id or normalised name is ``name``,
    or raise ``NotFoundError`` naming the known ones."""
    records = tuple(records)
    wanted = normalise_name(name)
    for record in records:
        if record.id == name.strip() or normalise_name(record.display_name()) == wanted:
            return record
    raise NotFoundError(
        "error.unknown_name",
        kind=Msg(f"kind.{cls.KIND}"),
        value=name,
        known=known_names(records),
    )


def summary_of(rows: list[RowWrite], ctx: WriteContext | None = None) -> str:
    """Give a change's summary: the first records it writes, named by their keys, the records
    they refer to by name (never by id; ``ctx`` knows the names)."""
    names = []
    for row in rows[:5]:
        cls = kind_class(row.kind)
        if not cls.key_fields():
            names.append("")
        elif ctx is None:
            names.append(str(row.data.get(cls.key_fields()[0], "")))
        else:
            names.append(ctx.key_words(cls, row.data))
    if not any(names):
        return str(len(rows))
    return ", ".join(n for n in names if n) + (f" (+{len(rows) - 5})" if len(rows) > 5 else "")


def dumps(data: Mapping[str, Any]) -> str:
    """Give a record's data as stored."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
