"""The workshop store: the one place that reads and writes a workshop.

A workshop lives in one SQLite file (WAL mode) or, given a database URL, in any database
SQLAlchemy Core reaches (PostgreSQL for a workshop shared by many machines).

Nothing is overwritten: every add, edit or removal appends a new version of a record to
``records`` and one row to ``changes``. The current state is the newest version of each
record that is not marked removed. ``undo`` appends the versions that restore the state
before the last change, so history itself is never rewritten.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from planning import __version__, stages
from planning.errors import (
    ImportRowsError,
    Msg,
    NotFoundError,
    NoWorkshopError,
    PlanningError,
    ReadOnlyError,
    RightsError,
    SchemaVersionError,
    StoreBusyError,
    ValidationError,
)
from planning.records import (
    KINDS,
    Participant,
    Record,
    WorkshopInfo,
    build,
    field_label,
    kind_class,
    sensitive_fields,
)
from planning.store.database import (
    CHECKPOINT_EVERY,
    CHECKPOINT_ROWS,
    check_new_file,
    check_workshop_file,
    checkpoint_later,
    database_url,
    guarded,
    is_locked,
    make_engine,
    not_a_workshop,
    shown_location,
    sqlite_path,
    write_attempts,
    writer_turn,
)
from planning.store.frames import frame, frames
from planning.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Action,
    Change,
    RowWrite,
    changes_table,
    meta_table,
    metadata,
    records_table,
)
from planning.store.writes import WORKSHOP_ID, WriteContext, dumps, find_named, summary_of

if TYPE_CHECKING:
    import pandas as pd

    from planning.store.past import WorkshopAsOf

FACILITATOR = "facilitator"
TRAINEE = "trainee"
ROLES = (FACILITATOR, TRAINEE)
# The meta keys a trainee's workshop may write: its device's seat (see planning.room.state).
TRAINEE_META = "seat."
R = TypeVar("R", bound=Record)
T = TypeVar("T")
Listener = Callable[[frozenset[str]], None]


def now() -> str:
    """Give the current UTC time as an ISO string (seconds)."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


class _Read(NamedTuple):
    """The current records of a kind as last read: the newest row's ``stamp``, the records in
    the order first entered, the same by id, the ids ever written; and, when brought up to date
    from an earlier read, that read's records and the ids written since."""

    stamp: int | None
    records: tuple[Record, ...]
    by_id: dict[str, Record]
    ever: frozenset[str]  # every id of the kind written up to ``stamp``, removed ones too
    previous: tuple[Record, ...] | None = None
    changed: frozenset[str] = frozenset()


class _Keys(NamedTuple):
    """The natural-key index of one tuple of records, and each record's (version, key)."""

    records: tuple[Record, ...]
    by_key: dict[Any, str]
    known: dict[str, tuple[int, Any]]


class Workshop:
    """An open workshop: records by class, writes checked in one transaction, history, undo.

    ``by`` names who enters records (a participant's name or "facilitator"). ``role`` says what
    the object may do: a facilitator's does everything; a trainee's (``role="trainee"``, from
    the room) only adds records in its own name and changes its own counts (the store refuses
    the rest, see ``WriteContext.write``), and never holds a sensitive field: records come with
    them at their defaults, and asking for one by name is refused.
    """

    def __init__(
        self,
        path_or_url: str | os.PathLike[str],
        *,
        by: str = FACILITATOR,
        role: str = FACILITATOR,
        create: bool = False,
        info: Mapping[str, Any] | None = None,
    ) -> None:
        if role not in ROLES:
            raise ValidationError(field=Msg("field.role"), value=role, allowed=", ".join(ROLES))
        stages.stages()  # every stage's kinds and rules are known before anything is read
        self.url = database_url(path_or_url)
        # Where the workshop is, as messages show it: a file's path, or the URL without its
        # password.
        self.location = shown_location(self.url)
        self.by = by
        self.role = role
        self._lang_cache: str | None = None
        self._listeners: list[Listener] = []
        self._read_cache: dict[str, _Read] = {}
        self._key_cache: dict[str, _Keys] = {}
        self._checkpoint_due = False
        path = sqlite_path(self.url)
        self._field = Msg("field.path") if path is not None else Msg("field.url")
        # A file is checked to be a workshop before any pragma is set or anything written;
        # one this process cannot write is opened read-only.
        self.read_only = False
        if path is not None and create:
            check_new_file(path)
        elif path is not None:
            self.read_only = not check_workshop_file(path).writable
        self._engine = make_engine(self.url, read_only=self.read_only)
        self._watch: Any = None  # the connection data_version() asks (SQLite)
        try:
            self._open(create, info or {})
        except BaseException:
            self._engine.dispose()
            if path is not None and create:
                # The file was made by this call and holds nothing confirmed: leave no half.
                for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
                    with suppress(OSError):
                        leftover.unlink()
            raise

    # --- listeners ----------------------------------------------------------------------------

    def subscribe(self, callback: Listener) -> None:
        """Call ``callback(kinds)`` after every change this object writes."""
        if callback not in self._listeners:
            self._listeners.append(callback)

    def _changed(self, kinds: Iterable[str]) -> None:
        changed = frozenset(kinds)
        if "workshop" in changed:
            self._lang_cache = None
        for callback in list(self._listeners):
            callback(changed)

    # --- opening, schema ----------------------------------------------------------------------

    def _open(self, create: bool, info: Mapping[str, Any]) -> None:
        if create:
            self._transact(lambda conn: self._create_on(conn, info))
            return
        with self._reading() as conn:
            meta = self._meta_on(conn)
        version = self._version_of(meta)
        if version == SCHEMA_VERSION and not _newer(__version__, meta.get("written_by", "0")):
            return
        if self.read_only:
            if version < SCHEMA_VERSION:
                raise ReadOnlyError("error.read_only_old", path=self.location, version=version)
            return  # a newer reader is not written down in a file it cannot write
        self._transact(self._migrate_on)

    def _meta_on(self, conn: sa.Connection) -> dict[str, str]:
        """Give the workshop's ``meta`` table, or refuse a database that is not a workshop."""
        if not sa.inspect(conn).has_table("meta"):
            raise not_a_workshop(self._field, self.location)
        return {
            str(k): str(v)
            for k, v in conn.execute(sa.select(meta_table.c.key, meta_table.c.value)).all()
        }

    def _version_of(self, meta: Mapping[str, str]) -> int:
        """Give the schema version of a workshop, or refuse one this version cannot read."""
        raw = meta.get("schema_version")
        if raw is None:
            raise not_a_workshop(self._field, self.location)
        if not raw.isdigit():
            raise SchemaVersionError(
                "error.schema_bad", version=raw, supported=SCHEMA_VERSION, path=self.location
            )
        version = int(raw)
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                "error.schema_newer",
                version=version,
                supported=SCHEMA_VERSION,
                needed=meta.get("written_by", "?"),
            )
        if version < SCHEMA_VERSION and any(
            v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)
        ):
            raise SchemaVersionError(
                "error.schema_unknown", version=version, supported=SCHEMA_VERSION, needed="?"
            )
        return version

    def _create_on(self, conn: sa.Connection, info: Mapping[str, Any]) -> None:
        """Create the tables of a new workshop; refuse a database that already holds one."""
        insp = sa.inspect(conn)
        if insp.has_table("meta"):
            raise ValidationError(
                "error.exists", field=self._field, value=self.location, allowed=""
            )
        if any(insp.has_table(name) for name in metadata.tables):
            raise not_a_workshop(self._field, self.location)
        metadata.create_all(conn)
        conn.execute(
            meta_table.insert(),
            [
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "written_by", "value": __version__},
                {"key": "created_at", "value": now()},
            ],
        )
        data = build(WorkshopInfo, info)
        row = RowWrite(WORKSHOP_ID, 1, data, False, "workshop")
        self._write_rows(conn, "new", "workshop", data.get("title", ""), [row], source="new")

    def _migrate_on(self, conn: sa.Connection) -> None:
        """Bring an older workshop to the current schema, and note the newest version that
        wrote it, inside the write transaction (another writer may have done it first)."""
        meta = self._meta_on(conn)
        version = self._version_of(meta)
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(
                meta_table.update()
                .where(meta_table.c.key == "schema_version")
                .values(value=str(version))
            )
        written_by = max(meta.get("written_by", "0"), __version__, key=_version_key)
        if written_by != meta.get("written_by"):
            conn.execute(
                meta_table.update().where(meta_table.c.key == "written_by").values(value=written_by)
            )

    def close(self) -> None:
        """Release the database connections."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self._engine.dispose()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        """Give one of the workshop's own settings (schema_version, created_at, demo...)."""
        with self._reading() as conn:
            return conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == key)
            ).scalar()

    @property
    def is_trainee(self) -> bool:
        """Whether this object was opened for a trainee (it only adds, and reads nothing
        sensitive)."""
        return self.role == TRAINEE

    def refuse_trainee(self, what: Msg, value: str, allowed: Msg) -> None:
        """Raise ``RightsError`` when this object is a trainee's."""
        if self.is_trainee:
            raise RightsError(field=what, value=value, allowed=allowed)

    def _check_meta(self, key: str) -> None:
        if not key.startswith(TRAINEE_META):
            self.refuse_trainee(Msg("field.rights.setting"), key, Msg("allowed.rights_meta"))

    def set_meta(self, key: str, value: str) -> None:
        """Store one of the workshop's own settings."""
        self._check_meta(key)

        def work(conn: sa.Connection) -> None:
            conn.execute(meta_table.delete().where(meta_table.c.key == key))
            conn.execute(meta_table.insert().values(key=key, value=value))

        self._transact(work)

    def meta_items(self, prefix: str) -> dict[str, str]:
        """Give the workshop's own settings whose key starts with ``prefix``."""
        m = meta_table
        with self._reading() as conn:
            wanted = m.c.key.startswith(prefix, autoescape=True)
            return dict(conn.execute(sa.select(m.c.key, m.c.value).where(wanted)).all())

    def delete_meta(self, key: str) -> None:
        """Remove one of the workshop's own settings (nothing happens when it is not there)."""
        self._check_meta(key)
        gone = meta_table.delete().where(meta_table.c.key == key)
        self._transact(lambda conn: conn.execute(gone))

    def schema_version(self) -> int:
        """Give the schema version the workshop is stored in."""
        return int(self.meta("schema_version") or 0)

    @property
    def is_demo(self) -> bool:
        """Whether this is a demo workshop (panels say so)."""
        return self.meta("demo") == "1"

    def change_marker(self) -> int:
        """Give the number of the latest change: it grows with every write from anywhere."""
        with self._reading() as conn:
            return int(conn.execute(sa.select(sa.func.max(changes_table.c.seq))).scalar() or 0)

    def changes_since(self, seq: int) -> tuple[int, frozenset[str]]:
        """Give the latest change number and the kinds written by the changes after ``seq``.

        An undo counts as a change of the kinds it restores.
        """
        c = changes_table
        with self._reading() as conn:
            rows = conn.execute(sa.select(c.c.seq, c.c.kind).where(c.c.seq > seq)).all()
        kinds = frozenset(k for row in rows for k in row.kind.split(",") if k)
        return max((row.seq for row in rows), default=seq), kinds

    def data_version(self) -> int | None:
        """Give a number that changes whenever any connection commits to the workshop file.

        On SQLite this is ``PRAGMA data_version`` on a connection held for the purpose, which
        costs microseconds and reads no table; elsewhere None (read :meth:`changes_since`).
        """
        file = sqlite_path(self.url)
        if file is None:
            return None
        if self._watch is None:
            import sqlite3

            path = file.as_uri() + "?mode=ro"
            self._watch = sqlite3.connect(path, uri=True, check_same_thread=False)
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    # --- transactions -------------------------------------------------------------------------

    def _transact(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work`` in one short write transaction, retrying it while SQLite is locked.

        Writers of a SQLite file take turns (``writer_turn``), then the lock at BEGIN
        (IMMEDIATE), which SQLite waits for briefly; a unit that still finds the file locked
        (held by a program outside the turns) is run again after a jittered backoff, for at
        most 30 s (``write_attempts``), then the workshop says it is busy. A failure of the
        database (a full disk, a read-only file, a lost server) rolls the whole unit back and
        becomes one message (``planning.store.database.translate``).
        """
        if self.read_only:
            raise ReadOnlyError(path=self.location)
        file = sqlite_path(self.url)
        with guarded(self.url):
            for _attempt in write_attempts():
                try:
                    with (
                        writer_turn(file),
                        self._engine.connect().execution_options(write=True) as conn,
                        conn.begin(),
                    ):
                        if self._engine.dialect.name == "postgresql":
                            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(734501)")
                        result = work(conn)
                    break
                except OperationalError as err:
                    if not is_locked(err):
                        raise
            else:
                raise StoreBusyError()
        if self._checkpoint_due and file is not None:
            self._checkpoint_due = False
            checkpoint_later(file)
        return result

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        """A connection to read on; a failure of the database becomes one message."""
        with guarded(self.url), self._engine.connect() as conn:
            yield conn

    # --- reading ------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        """The workshop's language, ``id`` or ``en``."""
        if self._lang_cache is None:
            self._lang_cache = self.info().language
        return self._lang_cache

    def info(self) -> WorkshopInfo:
        """Give the workshop record (title, desa, date, language...)."""
        return self.get(WorkshopInfo, WORKSHOP_ID)

    def _current_rows(
        self, conn: sa.Connection, kind: str, ids: Iterable[str] | None = None
    ) -> list[sa.Row[Any]]:
        r = records_table
        latest = (
            sa.select(r.c.id, sa.func.max(r.c.seq).label("m"))
            .where(r.c.kind == kind)
            .group_by(r.c.id)
        )
        if ids is not None:
            latest = latest.where(r.c.id.in_(list(ids)))
        sub = latest.subquery()
        query = (
            sa.select(r)
            .join(sub, r.c.seq == sub.c.m)
            .where(r.c.removed == sa.false())
            .order_by(r.c.seq)
        )
        return list(conn.execute(query).all())

    def _first_seq(self, conn: sa.Connection, kind: str) -> dict[str, int]:
        r = records_table
        rows = conn.execute(
            sa.select(r.c.id, sa.func.min(r.c.seq)).where(r.c.kind == kind).group_by(r.c.id)
        )
        return {rid: seq for rid, seq in rows}

    @staticmethod
    def _record(
        cls: type[R],
        record_id: str,
        version: int,
        data: Mapping[str, Any],
        *,
        by: str = "",
        at: str = "",
    ) -> R:
        fields = cls.field_names()
        return cls(
            id=record_id,
            version=version,
            entered_at=at or now(),
            entered_by=by,
            **{k: v for k, v in data.items() if k in fields},
        )

    def _from_row(self, cls: type[R], row: Any) -> R:
        data = json.loads(row.data)
        if self.role == TRAINEE:
            for name in sensitive_fields(cls):
                data[name] = cls.specs()[name].default
        return self._record(cls, row.id, row.version, data, by=row.entered_by, at=row.entered_at)

    def _records_on(self, conn: sa.Connection, cls: type[R]) -> tuple[R, ...]:
        """Give the current records of a kind as seen on ``conn``, from the cache when fresh."""
        return cast(tuple[R, ...], self._read_on(conn, cls).records)

    def _read_on(self, conn: sa.Connection, cls: type[Record]) -> _Read:
        """Give the current records of a kind as seen on ``conn`` (and by id), from the cache
        when fresh, else brought up to date with the rows written since it was read."""
        kind = cls.KIND
        cached = self._read_cache.get(kind)
        if cached is not None and cached.stamp is not None:
            newer = self._newer_on(conn, cls, cached)
            if newer is not None:
                if newer is not cached:
                    self._read_cache[kind] = newer
                return newer
        # Every write appends rows, so the newest row of a kind tells whether the records
        # read before are still current (written by this process or any other).
        stamp = conn.execute(
            sa.select(sa.func.max(records_table.c.seq)).where(records_table.c.kind == kind)
        ).scalar()
        if cached is not None and cached.stamp == stamp:
            return cached
        rows = self._current_rows(conn, kind)
        first = self._first_seq(conn, kind)
        rows.sort(key=lambda row: first.get(row.id, row.seq))
        records = tuple(self._from_row(cls, row) for row in rows)
        read = _Read(stamp, records, {r.id: r for r in records}, frozenset(first))
        self._read_cache[kind] = read
        return read

    def _newer_on(self, conn: sa.Connection, cls: type[Record], before: _Read) -> _Read | None:
        """Give the records read before brought up to date with the rows written since, so a
        write under many writers reads only what they added (``before`` itself when nothing
        was); None when a record that was removed came back (its place in the order is older:
        read it all) or too much was written."""
        r = records_table
        rows = conn.execute(
            sa.select(r).where(r.c.kind == cls.KIND, r.c.seq > before.stamp).order_by(r.c.seq)
        ).all()
        if not rows:
            return before
        if len(rows) > 500:
            return None
        current = dict(before.by_id)  # a copy made in C: no loop over every record
        gone: set[str] = set()
        for row in rows:
            if row.removed:
                if current.pop(row.id, None) is not None:
                    gone.add(row.id)
                continue
            if row.id not in current and (row.id in gone or row.id in before.ever):
                return None
            current[row.id] = self._from_row(cls, row)
        changed = frozenset(row.id for row in rows)
        return _Read(
            rows[-1].seq,
            tuple(current.values()),
            current,
            before.ever | changed,
            before.records,
            changed,
        )

    def key_index(
        self, cls: type[Record], records: tuple[Record, ...], key_of: Callable[[Any], Any]
    ) -> dict[Any, str]:
        """Give the natural-key index (key -> id) of ``records``, the tuple ``snapshot``
        gave, as a new dict; brought up to date from the last one given with only the records
        written since, else worked out once per version of each record."""
        kind = cls.KIND
        last = self._key_cache.get(kind)
        if last is not None and last.records is records:
            return dict(last.by_key)
        read = self._read_cache.get(kind)
        if (
            last is not None
            and read is not None
            and read.records is records
            and read.previous is last.records
        ):
            index = self._keys_since(kind, last, read, key_of)
            if index is not None:
                return dict(index)
        known = last.known if last is not None else {}
        index, keys = {}, {}
        for record in records:
            seen = known.get(record.id)
            if seen is None or seen[0] != record.version:
                seen = (record.version, key_of(record.data()))
            keys[record.id] = seen
            index[seen[1]] = record.id
        self._key_cache[kind] = _Keys(records, index, keys)
        return dict(index)

    def _keys_since(
        self, kind: str, last: _Keys, read: _Read, key_of: Callable[[Any], Any]
    ) -> dict[Any, str] | None:
        """Give the key index of ``read`` from ``last``, the one of the records it was brought
        up to date from, changing only its changed records; None when two records share a key
        (then the whole index is worked out again, in order)."""
        index, known = dict(last.by_key), dict(last.known)
        for record_id in read.changed:
            old = known.pop(record_id, None)
            if old is not None and index.get(old[1]) == record_id:
                del index[old[1]]
        for record_id in read.changed:
            record = read.by_id.get(record_id)
            if record is None:
                continue
            key = key_of(record.data())
            if index.setdefault(key, record_id) != record_id:
                return None
            known[record_id] = (record.version, key)
        self._key_cache[kind] = _Keys(read.records, index, known)
        return index

    def snapshot(self, kind: type[R] | str) -> tuple[R, ...]:
        """Give the current records of a kind, in the order first entered, as a tuple that
        stays the same object while the kind is unchanged, so callers can reuse what they
        computed from it."""
        cls = cast(type[R], kind_class(kind))
        with self._reading() as conn:
            return self._records_on(conn, cls)

    def records(self, kind: type[R] | str) -> list[R]:
        """Give the current records of a kind: ``ws.records(Need)``."""
        return list(self.snapshot(kind))

    def get(self, kind: type[R] | str, record_id: str) -> R:
        """Give the current version of one record, or raise ``NotFoundError``."""
        cls = cast(type[R], kind_class(kind))
        with self._reading() as conn:
            rows = self._current_rows(conn, cls.KIND, [record_id])
        if not rows:
            raise NotFoundError(kind=Msg(f"kind.{cls.KIND}"), value=record_id)
        return self._from_row(cls, rows[0])

    def find(self, kind: type[R] | str, name: str) -> R:
        """Give the record of a kind whose (normalised) name or id is ``name``."""
        cls = cast(type[R], kind_class(kind))
        return find_named(cls, self.snapshot(cls), name)

    def as_of(self, change: int) -> WorkshopAsOf:
        """Give a read-only view of the workshop as it stood right after change ``change``
        (a number of :meth:`history`): every kind as ``snapshot`` gave it then, undos
        included, so a stage's result can be worked out for that moment
        (``stages.result(ws.as_of(seq), "stakeholders")``)."""
        from planning.store.past import WorkshopAsOf

        return WorkshopAsOf(self, change)

    def frame(
        self, kind: type[Record] | str, *, lang: str | None = None, sensitive: Iterable[str] = ()
    ) -> pd.DataFrame:
        """Give the current records of a kind as a pandas DataFrame (see ``store.frames``)."""
        for name in sensitive:
            self.refuse_trainee(
                field_label(kind_class(kind).KIND, name), name, Msg("allowed.rights_read")
            )
        return frame(self, kind, lang=lang, sensitive=sensitive)

    def frames(self, *, lang: str | None = None) -> dict[str, pd.DataFrame]:
        """Give every kind of record as a pandas DataFrame, keyed by kind."""
        return frames(self, lang=lang)

    def history(self) -> list[Change]:
        """Give every change, oldest first, each saying whether it was undone."""
        c = changes_table
        with self._reading() as conn:
            rows = conn.execute(sa.select(c).order_by(c.c.seq)).all()
        undone = {row.undoes for row in rows if row.undoes is not None}
        return [Change.from_row(row, undone=row.seq in undone) for row in rows]

    def written(self, per_change: int = 3) -> dict[int, list[Record]]:
        """Give, per change number, the first record versions it wrote (removed ones too)."""
        r = records_table
        place = sa.func.row_number().over(partition_by=r.c.change_seq, order_by=r.c.seq).label("n")
        inner = sa.select(r, place).subquery()
        query = sa.select(inner).where(inner.c.n <= per_change).order_by(inner.c.seq)
        found: dict[int, list[Record]] = {}
        with self._reading() as conn:
            for row in conn.execute(query):
                cls = KINDS.get(row.kind)
                if cls is not None:
                    found.setdefault(row.change_seq, []).append(self._from_row(cls, row))
        return found

    def names(self, kind: type[Record] | str) -> dict[str, str]:
        """Give the name of every record of a kind ever written, removed ones too (id -> name),
        as its newest version calls it."""
        cls = kind_class(kind)
        r = records_table
        with self._reading() as conn:
            rows = conn.execute(
                sa.select(r.c.id, r.c.version, r.c.data, r.c.entered_by, r.c.entered_at)
                .where(r.c.kind == cls.KIND)
                .order_by(r.c.seq)
            ).all()
        return {row.id: self._from_row(cls, row).display_name() for row in rows}

    def counts(self) -> dict[str, int]:
        """Give how many current records each kind has."""
        return {kind: len(self.snapshot(kind)) for kind in KINDS if kind != "workshop"}

    # --- writing ------------------------------------------------------------------------------

    def _write_rows(
        self,
        conn: sa.Connection,
        action: Action,
        kind: str,
        summary: str,
        rows: list[RowWrite],
        *,
        source: str = "",
        undoes: int | None = None,
        by: str | None = None,
    ) -> int:
        at = now()
        who = by or self.by
        seq = conn.execute(
            changes_table.insert().values(  # type: ignore[index]
                at=at,
                by=who,
                action=action,
                kind=kind,
                summary=summary[:500],
                count=len(rows),
                undoes=undoes,
            )
        ).inserted_primary_key[0]
        if seq % CHECKPOINT_EVERY == 0 or len(rows) >= CHECKPOINT_ROWS:
            self._checkpoint_due = True
        if rows:
            conn.execute(
                records_table.insert(),
                [
                    {
                        "id": row.id,
                        "kind": row.kind,
                        "version": row.version,
                        "data": dumps(row.data),
                        "removed": row.removed,
                        "entered_at": row.at or at,
                        "entered_by": row.by or who,
                        "change_seq": seq,
                        "source": source[:200],
                    }
                    for row in rows
                ],
            )
        return int(seq)

    def write(
        self,
        work: Callable[[WriteContext], T],
        *,
        action: Action,
        by: str | None = None,
        source: str = "",
        summary: str | None = None,
    ) -> T:
        """Run one unit of work that checks and writes in one transaction; give its result.

        ``work`` reads the current records through the context, which checks every row it
        plans; what it plans is written as one change, or nothing is when it raises.
        """
        who = self.by if self.is_trainee else by or self.by  # a trainee writes as themselves

        def unit(conn: sa.Connection) -> tuple[T, list[str]]:
            ctx = WriteContext(self, conn, who)
            result = work(ctx)
            if ctx.plan:
                kinds = ctx.kinds()
                self._write_rows(
                    conn,
                    action,
                    ",".join(sorted(kinds)) if len(kinds) > 1 else kinds[0],
                    summary_of(ctx.plan, ctx) if summary is None else summary,
                    ctx.plan,
                    source=source,
                    by=ctx.by,
                )
            return result, ctx.kinds()

        result, kinds = self._transact(unit)
        if kinds:
            self._changed(kinds)
        return result

    def add(self, kind: type[R] | str, /, *, by: str | None = None, **fields: Any) -> R:
        """Add a record; refuse a bad value or a duplicate name, leaving the store unchanged."""
        return self.add_many(kind, [fields], by=by)[0]

    def add_many(
        self,
        kind: type[R] | str,
        rows: Iterable[Mapping[str, Any]],
        *,
        by: str | None = None,
        source: str = "",
    ) -> list[R]:
        """Add several records of a kind in one change: all of them, or none."""
        cls = cast(type[R], kind_class(kind))
        rows = list(rows)
        return self.write(
            lambda ctx: [ctx.add(cls, raw) for raw in rows], action="add", by=by, source=source
        )

    def edit(
        self, kind: type[R] | str, record_id: str, /, *, by: str | None = None, **fields: Any
    ) -> R:
        """Write a new version of a record with some fields changed."""
        cls = cast(type[R], kind_class(kind))
        return self.write(lambda ctx: ctx.edit(cls, record_id, fields), action="edit", by=by)

    def remove(self, kind: type[R] | str, record_id: str, /, *, by: str | None = None) -> None:
        """Mark a record removed (its versions stay in the history)."""
        cls = cast(type[R], kind_class(kind))
        self.write(lambda ctx: ctx.remove(cls, record_id), action="remove", by=by)

    def put_many(
        self, kind: type[R] | str, rows: Iterable[Mapping[str, Any]], *, by: str | None = None
    ) -> list[R]:
        """Store rows of a kind in one change: a row whose natural key is already there
        writes a new version of that record, any other row adds one. Refuses the first bad
        row with its own message, leaving the store unchanged."""
        cls = cast(type[R], kind_class(kind))
        rows = list(rows)

        def work(ctx: WriteContext) -> list[R]:
            return [ctx.put(cls, raw)[0] for raw in rows]

        return self.write(work, action="edit", by=by)

    def put(self, kind: type[R] | str, /, *, by: str | None = None, **fields: Any) -> R:
        """Store one record: a new version of the one with the same natural key, or a new one
        (a participant's score of a need on a criterion, their dots on a need)."""
        return self.put_many(kind, [fields], by=by)[0]

    def step(self, kind: type[Record] | str, delta: int, /, **key: Any) -> int | None:
        """Move a count by ``delta`` (a dot, a vote, a tower's block): the record of ``kind``
        whose key fields are ``key`` (names or ids) gets its ``COUNT`` field moved, or is added
        with ``delta``. Gives the count afterwards, or None when there was nothing to take back
        (nothing is written then). The kind's rule checks the budget; the spec the bounds."""
        cls = kind_class(kind)
        count = cls.COUNT

        def work(ctx: WriteContext) -> int | None:
            ids = {k: v for k, v in ctx.prepare(cls, {**key, count: 0}).items() if k in key}
            owner = cls.OWNER and cls.specs()[cls.OWNER]
            if owner and owner.ref == "participants":
                ctx.by = ctx.current(Participant, ids[cls.OWNER]).name
            mine = ctx.find(cls, **ids)
            have = getattr(mine, count) or 0 if mine else 0
            high = cls.specs()[count].high
            if have + delta < 0 or (mine is None and delta <= 0):
                return None  # nothing to take back
            if high is not None and delta > 0 and have >= high:
                return None  # already at the top
            ctx.put(cls, {**ids, count: have + delta})
            return have + delta

        return self.write(work, action="edit")

    def update_info(self, **fields: Any) -> WorkshopInfo:
        """Change the workshop's own fields (title, desa, language, dot budget...)."""
        return self.edit(WorkshopInfo, WORKSHOP_ID, **fields)

    def last_change(self) -> Change | None:
        """Give the change ``undo`` would revert now: the last one not yet undone (never the
        workshop's creation), or None."""
        with self._reading() as conn:
            return self._last_change_on(conn)

    @staticmethod
    def _last_change_on(conn: sa.Connection) -> Change | None:
        c = changes_table
        undone = sa.select(c.c.undoes).where(c.c.undoes.is_not(None))
        last = conn.execute(
            sa.select(c)
            .where(c.c.action.not_in(["undo", "new"]))
            .where(c.c.seq.not_in(undone))
            .order_by(c.c.seq.desc())
            .limit(1)
        ).first()
        return None if last is None else Change.from_row(last, undone=False)

    def undo(self, *, by: str | None = None, dry_run: bool = False) -> Change | None:
        """Revert the last change that is not yet undone; give it (``undone`` set), or None if
        there is none. With ``dry_run``, give the change it would revert and write nothing.

        Every record the change wrote gets a new version holding what it was before the
        change (or is marked removed if the change added it), in one statement over the
        change's rows, so even a 50,000-row import is reverted in a short write transaction.
        """
        if self.is_trainee:  # the message names the change a trainee asked to undo
            last = self.last_change()
            what = last.summary if last is not None else ""
            self.refuse_trainee(Msg("field.rights.undo"), what, Msg("allowed.rights_undo"))
        if dry_run:
            return self.last_change()

        def work(conn: sa.Connection) -> Change | None:
            last = self._last_change_on(conn)
            if last is None:
                return None
            at, who = now(), by or self.by
            seq = conn.execute(
                changes_table.insert().values(  # type: ignore[index]
                    at=at,
                    by=who,
                    action="undo",
                    kind=last.kind,
                    summary=last.summary[:500],
                    count=last.count,
                    undoes=last.seq,
                )
            ).inserted_primary_key[0]
            conn.execute(_restore_statement(last.seq, seq, at, who))
            return dataclasses.replace(last, undone=True)

        change = self._transact(work)
        if change is not None:
            self._changed([*change.kind.split(","), "workshop"])
        return change

    def import_records(
        self,
        batches: Mapping[str, list[tuple[int, dict[str, Any]]]],
        *,
        source: str,
        by: str | None = None,
        progress: Callable[[int], object] | None = None,
        place: Callable[[str, int], int | Msg] | None = None,
    ) -> dict[str, dict[str, int]]:
        """Import rows of several kinds in one change: all of them or none.

        ``progress(n)`` is told each time ``n`` more rows were checked (a progress bar).

        ``batches`` maps a kind to (line, raw row) pairs, in the order kinds depend on each
        other. A row whose natural key matches a current record updates it when its values
        differ and is skipped when they are the same, so importing a file twice adds nothing.
        Gives, per kind, how many records were added, updated and unchanged. Raises
        ``ImportRowsError`` listing the bad rows, each where ``place(kind, line)`` says (the
        line, or the sheet and line of a workbook).
        """

        def work(ctx: WriteContext) -> dict[str, dict[str, int]]:
            problems: list[tuple[int | Msg, PlanningError]] = []
            counts: dict[str, dict[str, int]] = {}
            for kind, rows in batches.items():
                cls = kind_class(kind)
                tally = counts.setdefault(kind, {"added": 0, "updated": 0, "unchanged": 0})
                seen: dict[tuple[Any, ...], int] = {}
                for number, (line, raw) in enumerate(rows, start=1):
                    if progress is not None and number % 500 == 0:
                        progress(500)
                    try:
                        _, data, _ = ctx.match(cls, raw)
                        key = ctx.key_of(cls, data)
                        if key in seen and cls is not WorkshopInfo:
                            raise ValidationError(
                                "error.duplicate_in_file",
                                field=[Msg(f"field.{kind}.{k}") for k in cls.key_fields()],
                                value=ctx.describe_data(cls, data),
                                line=seen[key],
                            )
                        seen[key] = line
                        _, outcome = ctx.put(cls, raw)
                    except PlanningError as err:
                        problems.append((place(kind, line) if place else line, err))
                        continue
                    tally[outcome] += 1
            if problems:
                raise ImportRowsError(problems, file=source)
            return counts

        return self.write(work, action="import", by=by, source=source, summary=source)

    def merge(self, kind: type[R] | str, keep_id: str, drop_id: str, *, by: str | None = None) -> R:
        """Merge a duplicate into the record kept, in one change that one undo reverts.

        Every record that refers to the dropped one is pointed at the kept one. Where that
        would give two records with the same key (a participant who voted for both needs),
        the referring kind's stage decides (dots are added up); otherwise the kept record's
        value stays.
        """
        cls = cast(type[R], kind_class(kind))
        if keep_id == drop_id:
            raise ValidationError(
                "error.self_merge", field=Msg(f"kind.{cls.KIND}"), value=keep_id, allowed=""
            )

        def work(ctx: WriteContext) -> R:
            keep, drop = ctx.current(cls, keep_id), ctx.current(cls, drop_id)
            for other in list(KINDS.values()):
                refs = [
                    n for n, s in other.specs().items() if s.type == "ref" and s.ref == cls.KIND
                ]
                if not refs:
                    continue
                for record in list(ctx.records(other).values()):
                    if not any(getattr(record, n) == drop_id for n in refs):
                        continue
                    data = {n: keep_id if v == drop_id else v for n, v in record.data().items()}
                    twin = ctx.by_key(other, ctx.key_of(other, data))
                    twin = twin if twin is not None and twin.id != record.id else None
                    hook = stages.merge_hook(other.KIND)
                    outcome, new = hook(ctx, record, data, twin) if hook else _default(twin, data)
                    if outcome == "write":
                        ctx.write(
                            RowWrite(record.id, record.version + 1, new or data, False, other.KIND)
                        )
                        continue
                    ctx.write(
                        RowWrite(record.id, record.version + 1, record.data(), True, other.KIND)
                    )
                    if outcome == "combine" and twin is not None and new is not None:
                        ctx.write(RowWrite(twin.id, twin.version + 1, new, False, other.KIND))
            ctx.write(RowWrite(drop.id, drop.version + 1, drop.data(), True, cls.KIND))
            return keep

        names = (
            f"{self.get(cls, drop_id).display_name()} -> {self.get(cls, keep_id).display_name()}"
        )
        return self.write(work, action="merge", by=by, summary=names)


def _restore_statement(undone: int, seq: int, at: str, by: str) -> sa.Insert:
    """Give the one statement that reverts change ``undone`` as change ``seq``.

    For each record the change wrote (its first row in the change, should it have written the
    record twice), the version before it is the record's newest row older than that; with none,
    the change added the record and the new version marks it removed. The new version number
    follows the record's highest one.
    """
    r = records_table
    first = (
        sa.select(r.c.kind, r.c.id, sa.func.min(r.c.seq).label("seq"))
        .where(r.c.change_seq == undone)
        .group_by(r.c.kind, r.c.id)
        .subquery("first")
    )
    written, before, older, top = (
        r.alias("written"),
        r.alias("before"),
        r.alias("older"),
        r.alias("top"),
    )
    before_seq = (
        sa.select(sa.func.max(older.c.seq))
        .where(older.c.kind == first.c.kind, older.c.id == first.c.id, older.c.seq < first.c.seq)
        .scalar_subquery()
    )
    top_version = (
        sa.select(sa.func.max(top.c.version))
        .where(top.c.kind == first.c.kind, top.c.id == first.c.id)
        .scalar_subquery()
    )
    rows = (
        sa.select(
            first.c.id,
            first.c.kind,
            top_version + 1,
            sa.func.coalesce(before.c.data, written.c.data),
            sa.case((before.c.seq.is_(None), sa.true()), else_=before.c.removed),
            sa.literal(at, sa.String),
            sa.literal(by, sa.String),
            sa.literal(seq, sa.Integer),
            sa.literal("", sa.String),
        )
        .select_from(
            first.join(written, written.c.seq == first.c.seq).outerjoin(
                before, before.c.seq == before_seq
            )
        )
        .order_by(first.c.seq)
    )
    columns = ["id", "kind", "version", "data", "removed", "entered_at", "entered_by"]
    return records_table.insert().from_select([*columns, "change_seq", "source"], rows)


def _default(twin: Record | None, data: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """Keep a record that follows a merge, unless it now repeats another's key."""
    return ("drop", None) if twin is not None else ("write", data)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def _newer(version: str, than: str) -> bool:
    return _version_key(version) > _version_key(than)


def create_workshop(
    path_or_url: str | os.PathLike[str], *, by: str = FACILITATOR, **info: Any
) -> Workshop:
    """Create a new workshop (file or database) with its title, desa, date and language.

    Refuses an existing workshop file, so nothing a group entered is ever overwritten.
    """
    url = database_url(path_or_url)
    path = sqlite_path(url)
    if path is not None:
        check_new_file(path)
    stages.stages()
    # Check the fields before the file is made, so bad input writes nothing.
    build(WorkshopInfo, info)
    return Workshop(path_or_url, by=by, create=True, info=info)


def open_workshop(
    path_or_url: str | os.PathLike[str] | None = None,
    *,
    by: str = FACILITATOR,
    role: str = FACILITATOR,
) -> Workshop:
    """Open an existing workshop; with no path, the one named by $PLANNING_WORKSHOP.

    With neither, raises ``NoWorkshopError``, whose message says how to name one: nothing is
    ever stored in a workshop nobody chose.
    """
    if path_or_url is None or not os.fspath(path_or_url):
        path_or_url = os.environ.get("PLANNING_WORKSHOP") or ""
        if not path_or_url:
            raise NoWorkshopError()
    return Workshop(path_or_url, by=by, role=role)
