"""The workshop store: the one place that reads and writes a workshop.

A workshop lives in one SQLite file (WAL mode) or, given a database URL, in any database
SQLAlchemy Core reaches (PostgreSQL for a workshop shared by many machines).

Nothing is overwritten: every add, edit or removal appends a new version of a record to
``records`` and one row to ``changes``. The current state is the newest version of each
record that is not marked removed. ``undo`` appends the versions that restore the state
before the last change, so history itself is never rewritten.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as _dt
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from planning import __version__
from planning.errors import (
    DuplicateError,
    NotFoundError,
    PlanningError,
    SchemaVersionError,
    StoreBusyError,
    ValidationError,
)
from planning.model import (
    KINDS,
    TIE_WORDS,
    Record,
    WorkshopInfo,
    build,
    kind_class,
    normalise_name,
)

SCHEMA_VERSION = 2
FACILITATOR = "facilitator"
WORKSHOP_ID = "workshop"
R = TypeVar("R", bound=Record)

metadata = sa.MetaData()
meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
changes_table = sa.Table(
    "changes",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("by", sa.String(120), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("undoes", sa.Integer, nullable=True),
)
records_table = sa.Table(
    "records",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("removed", sa.Boolean, nullable=False),
    sa.Column("entered_at", sa.String(32), nullable=False),
    sa.Column("entered_by", sa.String(120), nullable=False),
    sa.Column("change_seq", sa.Integer, nullable=False),
    sa.Column("source", sa.String(200), nullable=False, server_default=""),
    sa.Index("ix_records_kind_id_seq", "kind", "id", "seq"),
    sa.Index("ix_records_change", "change_seq"),
    sa.Index("ix_records_kind_seq", "kind", "seq"),
)

# Schema 1 (planning 0.1 development files) had no `source` column and no indexes.
SCHEMA_1_DDL = (
    "CREATE TABLE meta (key VARCHAR(40) PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, at VARCHAR(32) NOT NULL, "
    "by VARCHAR(120) NOT NULL, action VARCHAR(16) NOT NULL, kind VARCHAR(40) NOT NULL, "
    "summary TEXT NOT NULL, count INTEGER NOT NULL, undoes INTEGER)",
    "CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, id VARCHAR(40) NOT NULL, "
    "kind VARCHAR(40) NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL, "
    "removed BOOLEAN NOT NULL, entered_at VARCHAR(32) NOT NULL, entered_by VARCHAR(120) NOT NULL, "
    "change_seq INTEGER NOT NULL)",
)


def _migrate_1_to_2(conn: sa.Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE records ADD COLUMN source VARCHAR(200) NOT NULL DEFAULT ''")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_records_kind_id_seq ON records (kind, id, seq)"
    )
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_records_change ON records (change_seq)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_records_kind_seq ON records (kind, seq)")


MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {1: _migrate_1_to_2}


@dataclass(frozen=True)
class Change:
    """One entry of a workshop's history."""

    seq: int
    at: str
    by: str
    action: str  # add | edit | remove | import | merge | undo | new
    kind: str
    summary: str
    count: int
    undoes: int | None
    undone: bool

    @classmethod
    def from_row(cls, row: Any, *, undone: bool) -> Change:
        m = row._mapping  # "count" would be the Row's tuple method
        return cls(
            seq=m["seq"],
            at=m["at"],
            by=m["by"],
            action=m["action"],
            kind=m["kind"],
            summary=m["summary"],
            count=m["count"],
            undoes=m["undoes"],
            undone=undone,
        )


def now() -> str:
    """Give the current UTC time as an ISO string (seconds)."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def database_url(path_or_url: str | os.PathLike[str]) -> str:
    """Give the SQLAlchemy URL of a workshop file path or pass a database URL through."""
    text = os.fspath(path_or_url)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().absolute())


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        # Pooled connections stay open, so a panel's reads do not pay a WAL checkpoint on
        # every close.
        engine = sa.create_engine(url, connect_args={"timeout": 30}, pool_size=2, max_overflow=8)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            # Writers take the write lock at BEGIN so two writers never deadlock on upgrade.
            mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


class Workshop:
    """An open workshop: add, edit, remove and list records; history and undo.

    ``by`` names who enters records (a participant's name or "facilitator").
    """

    def __init__(
        self,
        path_or_url: str | os.PathLike[str],
        *,
        by: str = FACILITATOR,
        create: bool = False,
        info: Mapping[str, Any] | None = None,
    ) -> None:
        self.url = database_url(path_or_url)
        self.by = by
        self._engine = _engine(self.url)
        self._lang_cache: str | None = None
        self._listeners: builtins.list[Callable[[str], None]] = []
        self._read_cache: dict[str, tuple[Any, tuple[Record, ...]]] = {}
        self._open(create, info or {})

    def subscribe(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(kind)`` after every change this object writes (panels redraw)."""
        if callback not in self._listeners:
            self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[str], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _changed(self, kind: str) -> None:
        for callback in list(self._listeners):
            callback(kind)

    # --- opening, schema ----------------------------------------------------------------------

    def _open(self, create: bool, info: Mapping[str, Any]) -> None:
        if self.url.startswith("sqlite:///") and not create:
            file = Path(self.url.removeprefix("sqlite:///"))
            if not file.exists():
                raise NotFoundError("error.no_workshop", lang="en", path=str(file))
        self._transact(lambda conn: self._open_on(conn, create, info))

    def _open_on(self, conn: sa.Connection, create: bool, info: Mapping[str, Any]) -> None:
        """Create the tables of a new workshop, or check and migrate an existing one."""
        insp = sa.inspect(conn)
        if not insp.has_table("meta"):
            if not create:
                raise ValidationError(
                    "error.not_a_workshop", field="path", value=self.url, allowed=""
                )
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
            self._write_rows(
                conn,
                "new",
                "workshop",
                data.get("title", ""),
                [(WORKSHOP_ID, 1, data, False, "workshop")],
                source="new",
            )
            return
        meta = dict(conn.execute(sa.select(meta_table.c.key, meta_table.c.value)).all())
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                "error.schema_newer",
                version=version,
                supported=SCHEMA_VERSION,
                needed=meta.get("written_by", "?"),
            )
        while version < SCHEMA_VERSION:
            if version not in MIGRATIONS:
                raise SchemaVersionError(
                    "error.schema_unknown",
                    version=version,
                    supported=SCHEMA_VERSION,
                    needed="?",
                )
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(
                meta_table.update()
                .where(meta_table.c.key == "schema_version")
                .values(value=str(version))
            )
        conn.execute(
            meta_table.update()
            .where(meta_table.c.key == "written_by")
            .values(value=max(meta.get("written_by", "0"), __version__, key=_version_key))
        )

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar_one()
        return int(value)

    # --- transactions --------------------------------------------------------------------------

    def _transact(self, work: Callable[[sa.Connection], Any], attempts: int = 60) -> Any:
        """Run ``work`` in one short write transaction, retrying it while SQLite is locked.

        Writers take the lock at BEGIN (IMMEDIATE), and SQLite waits up to its busy timeout
        first; a unit that still finds the file locked is run again after a short backoff.
        """
        delay = 0.01
        for attempt in range(attempts):
            try:
                with self._engine.connect().execution_options(write=True) as conn, conn.begin():
                    if self._is_postgres():
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(734501)")
                    return work(conn)
            except OperationalError as err:
                if not _locked(err):
                    raise
                if attempt == attempts - 1:
                    raise StoreBusyError(lang=self._lang_safe()) from err
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
        raise StoreBusyError(lang=self._lang_safe())

    def _is_postgres(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    # --- reading -------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        """The workshop's language, ``id`` or ``en``."""
        if self._lang_cache is None:
            self._lang_cache = self.info().language
        return self._lang_cache

    def _lang_safe(self) -> str:
        return self._lang_cache or "en"

    def info(self) -> WorkshopInfo:
        """Give the workshop record (title, desa, date, language...)."""
        return self.get("workshop", WORKSHOP_ID)  # type: ignore[return-value]

    def _current_rows(
        self, conn: sa.Connection, kind: str, ids: Iterable[str] | None = None
    ) -> builtins.list[sa.Row[Any]]:
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
    def _record(cls: type[R], row: Any) -> R:
        data = json.loads(row.data)
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(
            id=row.id,
            version=row.version,
            entered_at=row.entered_at,
            entered_by=row.entered_by,
            **{k: v for k, v in data.items() if k in fields},
        )

    def list(self, kind: str) -> builtins.list[Record]:
        """Give the current records of a kind, in the order they were first entered."""
        kind_class(kind, self._lang_safe())
        with self._engine.connect() as conn:
            return list(self._records_on(conn, kind))

    def _records_on(self, conn: sa.Connection, kind: str) -> tuple[Record, ...]:
        """Give the current records of a kind as seen on ``conn``, from the cache when fresh."""
        cls = KINDS[kind]
        # Every write appends rows, so the newest row of a kind tells whether the records
        # read before are still current (written by this process or any other).
        stamp = conn.execute(
            sa.select(sa.func.max(records_table.c.seq)).where(records_table.c.kind == kind)
        ).scalar()
        cached = self._read_cache.get(kind)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        rows = self._current_rows(conn, kind)
        first = self._first_seq(conn, kind) if len(rows) > 1 else {}
        if first:
            rows.sort(key=lambda row: first.get(row.id, row.seq))
        records = tuple(self._record(cls, row) for row in rows)
        self._read_cache[kind] = (stamp, records)
        return records

    def snapshot(self, kind: str) -> tuple[Record, ...]:
        """Give the current records of a kind as a tuple that stays the same object while the
        kind is unchanged, so callers can reuse what they computed from it."""
        kind_class(kind, self._lang_safe())
        with self._engine.connect() as conn:
            return self._records_on(conn, kind)

    def records(self, cls: type[R]) -> builtins.list[R]:
        """Give the current records of a record class, typed: ``ws.records(Need)``."""
        return self.list(cls.KIND)  # type: ignore[return-value]

    def get(self, kind: str, record_id: str) -> Record:
        """Give the current version of one record, or raise ``NotFoundError``."""
        cls = kind_class(kind, self._lang_safe())
        with self._engine.connect() as conn:
            rows = self._current_rows(conn, kind, [record_id])
        if not rows:
            raise NotFoundError(
                "error.not_found", lang=self._lang_safe(), kind=kind, value=record_id, known=""
            )
        return self._record(cls, rows[0])

    def find(self, kind: str, name: str) -> Record:
        """Give the record of a kind whose (normalised) name or id is ``name``."""
        records = self.list(kind)
        found = _match(records, name)
        if found is None:
            raise NotFoundError(
                "error.unknown_name",
                lang=self._lang_safe(),
                kind=kind,
                value=name,
                known=_known(records),
            )
        return found

    def history(self) -> builtins.list[Change]:
        """Give every change, oldest first, each saying whether it was undone."""
        c = changes_table
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(c).order_by(c.c.seq)).all()
        undone = {row.undoes for row in rows if row.undoes is not None}
        return [Change.from_row(row, undone=row.seq in undone) for row in rows]

    def counts(self) -> dict[str, int]:
        """Give how many current records each kind has."""
        return {kind: len(self.list(kind)) for kind in KINDS if kind != "workshop"}

    # --- writing -------------------------------------------------------------------------------

    def _write_rows(
        self,
        conn: sa.Connection,
        action: str,
        kind: str,
        summary: str,
        rows: builtins.list[tuple[str, int, dict[str, Any], bool, str]],
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
        if rows:
            conn.execute(
                records_table.insert(),
                [
                    {
                        "id": rid,
                        "kind": kind_of,
                        "version": version,
                        "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
                        "removed": removed,
                        "entered_at": at,
                        "entered_by": who,
                        "change_seq": seq,
                        "source": source[:200],
                    }
                    for rid, version, data, removed, kind_of in rows
                ],
            )
        return int(seq)

    def add(self, kind: str, /, *, by: str | None = None, **fields: Any) -> Record:
        """Add a record; refuse a bad value or a duplicate name, leaving the store unchanged."""
        return self.add_many(kind, [fields], by=by)[0]

    def add_many(
        self,
        kind: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        by: str | None = None,
        source: str = "",
    ) -> builtins.list[Record]:
        """Add several records of a kind in one change: all of them, or none."""
        cls = kind_class(kind, self.lang)
        rows = list(rows)

        def work(conn: sa.Connection) -> builtins.list[Record]:
            state = _State(self, conn)
            prepared = []
            for raw in rows:
                data = state.prepare(cls, raw)
                state.check(cls, data, None)
                record_id = str(uuid.uuid4())
                state.remember(cls, record_id, data)
                prepared.append((record_id, 1, data, False, kind))
            if not prepared:
                return []
            self._write_rows(
                conn,
                "add",
                kind,
                _summary(cls, [p[2] for p in prepared]),
                prepared,
                source=source,
                by=by,
            )
            return [self._record(cls, _FakeRow(p[0], 1, p[2], by or self.by)) for p in prepared]

        records = self._transact(work)
        self._changed(kind)
        return records

    def edit(self, kind: str, record_id: str, /, *, by: str | None = None, **fields: Any) -> Record:
        """Write a new version of a record with some fields changed."""
        cls = kind_class(kind, self.lang)

        def work(conn: sa.Connection) -> Record:
            state = _State(self, conn)
            old = state.current(cls, record_id)
            data = state.prepare(cls, fields, base=old)
            state.check(cls, data, record_id)
            if data == old.data():
                return old
            version = old.version + 1
            self._write_rows(
                conn,
                "edit",
                kind,
                _summary(cls, [data]),
                [(record_id, version, data, False, kind)],
                by=by,
            )
            return self._record(cls, _FakeRow(record_id, version, data, by or self.by))

        record = self._transact(work)
        if kind == "workshop":
            self._lang_cache = None
        self._changed(kind)
        return record

    def remove(self, kind: str, record_id: str, /, *, by: str | None = None) -> None:
        """Mark a record removed (its versions stay in the history)."""
        cls = kind_class(kind, self.lang)
        if kind == "workshop":
            raise ValidationError(field="kind", value=kind, allowed="", lang=self.lang)

        def work(conn: sa.Connection) -> None:
            state = _State(self, conn)
            old = state.current(cls, record_id)
            state.check_remove(cls, old)
            self._write_rows(
                conn,
                "remove",
                kind,
                _summary(cls, [old.data()]),
                [(record_id, old.version + 1, old.data(), True, kind)],
                by=by,
            )

        self._transact(work)
        self._changed(kind)

    def update_info(self, **fields: Any) -> WorkshopInfo:
        """Change the workshop's own fields (title, desa, language, dot budget...)."""
        return self.edit("workshop", WORKSHOP_ID, **fields)  # type: ignore[return-value]

    def undo(self, *, by: str | None = None) -> Change | None:
        """Revert the last change that is not yet undone; give it, or None if there is none."""

        def work(conn: sa.Connection) -> Change | None:
            c, r = changes_table, records_table
            undone = sa.select(c.c.undoes).where(c.c.undoes.is_not(None))
            last = conn.execute(
                sa.select(c)
                .where(c.c.action.not_in(["undo", "new"]))
                .where(c.c.seq.not_in(undone))
                .order_by(c.c.seq.desc())
                .limit(1)
            ).first()
            if last is None:
                return None
            written = conn.execute(sa.select(r).where(r.c.change_seq == last.seq)).all()
            restore: builtins.list[tuple[str, int, dict[str, Any], bool, str]] = []
            for row in written:
                before = conn.execute(
                    sa.select(r)
                    .where(r.c.kind == row.kind, r.c.id == row.id, r.c.seq < row.seq)
                    .order_by(r.c.seq.desc())
                    .limit(1)
                ).first()
                top = conn.execute(
                    sa.select(sa.func.max(r.c.version)).where(
                        r.c.kind == row.kind, r.c.id == row.id
                    )
                ).scalar_one()
                if before is None:
                    restore.append((row.id, top + 1, json.loads(row.data), True, row.kind))
                else:
                    restore.append(
                        (row.id, top + 1, json.loads(before.data), before.removed, row.kind)
                    )
            self._write_rows(conn, "undo", last.kind, last.summary, restore, undoes=last.seq, by=by)
            return Change.from_row(last, undone=True)

        change = self._transact(work)
        self._lang_cache = None
        if change is not None:
            self._changed(change.kind)
        return change

    def import_records(
        self,
        batches: Mapping[str, builtins.list[tuple[int, dict[str, Any]]]],
        *,
        source: str,
        by: str | None = None,
    ) -> dict[str, dict[str, int]]:
        """Import rows of several kinds in one change: all of them or none.

        ``batches`` maps a kind to (line, raw row) pairs, in the order kinds depend on each
        other. A row whose natural key matches a current record updates it when its values
        differ and is skipped when they are the same, so importing a file twice adds nothing.
        Gives, per kind, how many records were added, updated and unchanged. Raises
        ``ImportRowsError`` listing every bad row.
        """
        from planning.errors import ImportRowsError

        lang = self.lang

        def work(conn: sa.Connection) -> dict[str, dict[str, int]]:
            state = _State(self, conn)
            problems: builtins.list[tuple[int, str]] = []
            plan: builtins.list[tuple[str, int, dict[str, Any], bool, str]] = []
            counts: dict[str, dict[str, int]] = {}
            for kind, rows in batches.items():
                cls = kind_class(kind, lang)
                tally = counts.setdefault(kind, {"added": 0, "updated": 0, "unchanged": 0})
                seen: dict[tuple[Any, ...], int] = {}
                for line, raw in rows:
                    try:
                        old, data, given_id = self._match_row(state, cls, raw)
                        key = state.key_of(cls, data)
                        if key in seen and kind != "workshop":
                            raise ValidationError(
                                "error.duplicate_in_file",
                                field=kind,
                                value=" / ".join(map(str, key)),
                                allowed="",
                                lang=lang,
                                line=seen[key],
                            )
                        seen[key] = line
                        state.check(cls, data, old.id if old else None)
                    except PlanningError as err:
                        problems.append((line, f"{kind}: {err.message(lang)}"))
                        continue
                    tally[_plan_row(state, cls, plan, old, data, given_id)] += 1
            if problems:
                raise ImportRowsError(problems, file=source, lang=lang)
            if plan:
                kinds = sorted({p[4] for p in plan})
                self._write_rows(
                    conn, "import", ",".join(kinds), source, plan, source=source, by=by
                )
            return counts

        result = self._transact(work)
        self._lang_cache = None
        self._changed(",".join(batches))
        return result

    @staticmethod
    def _match_row(
        state: _State, cls: type[Record], raw: Mapping[str, Any]
    ) -> tuple[Record | None, dict[str, Any], str]:
        """Give the current record a row stands for (by id, else by natural key), if any,
        the row's checked data, and the id the row gave."""
        raw = dict(raw)
        given_id = str(raw.pop("id", "") or "").strip()
        if cls.KIND == "workshop":
            old: Record | None = state.current(cls, WORKSHOP_ID)
            return old, state.prepare(cls, raw, base=old), given_id
        old = state.by_id(cls, given_id) if given_id else None
        data = state.prepare(cls, raw)
        if old is None:
            old = state.by_key(cls, state.key_of(cls, data))
        return old, data, given_id

    def put_many(
        self, kind: str, rows: Iterable[Mapping[str, Any]], *, by: str | None = None
    ) -> None:
        """Store rows of a kind in one change: a row whose natural key is already there
        writes a new version of that record, any other row adds one. Refuses the first bad
        row with its own message, leaving the store unchanged."""
        cls = kind_class(kind, self.lang)
        rows = builtins.list(rows)

        def work(conn: sa.Connection) -> None:
            state = _State(self, conn)
            plan: builtins.list[tuple[str, int, dict[str, Any], bool, str]] = []
            for raw in rows:
                old, data, given_id = self._match_row(state, cls, raw)
                state.check(cls, data, old.id if old else None)
                _plan_row(state, cls, plan, old, data, given_id)
            if plan:
                action = "add" if all(p[1] == 1 for p in plan) else "edit"
                self._write_rows(
                    conn, action, kind, _summary(cls, [p[2] for p in plan]), plan, by=by
                )

        self._transact(work)
        self._changed(kind)

    def put(self, kind: str, /, *, by: str | None = None, **fields: Any) -> None:
        """Store one record: a new version of the one with the same natural key, or a new one
        (a participant's score of a need on a criterion, their dots on a need)."""
        self.put_many(kind, [fields], by=by)

    def merge(self, kind: str, keep_id: str, drop_id: str, *, by: str | None = None) -> Record:
        """Merge a duplicate into the record kept, in one change that one undo reverts.

        Every record that refers to the dropped one is pointed at the kept one. Where that
        would give two records with the same key (a participant who voted for both needs),
        they become one: dots are added up, and otherwise the kept record's value stays.
        """
        cls = kind_class(kind, self.lang)
        if keep_id == drop_id:
            from planning.i18n import t

            raise ValidationError(
                "error.self_merge",
                field=t(f"kind.{kind}", self.lang),
                value=keep_id,
                allowed="",
                lang=self.lang,
            )

        def work(conn: sa.Connection) -> Record:
            state = _State(self, conn)
            keep, drop = state.current(cls, keep_id), state.current(cls, drop_id)
            plan: builtins.list[tuple[str, int, dict[str, Any], bool, str]] = []
            for other_kind, other in KINDS.items():
                refs = [n for n, s in other.specs().items() if s.type == "ref" and s.ref == kind]
                if not refs:
                    continue
                for record in list(state.records(other_kind).values()):
                    if not any(getattr(record, n) == drop_id for n in refs):
                        continue
                    data = record.data()
                    for n in refs:
                        if data[n] == drop_id:
                            data[n] = keep_id
                    twin = state.by_key(other, state.key_of(other, data))
                    if twin is not None and twin.id != record.id:
                        if other_kind == "dot_votes":
                            merged = {**twin.data(), "dots": twin.dots + record.dots}  # type: ignore[attr-defined]
                            plan.append((twin.id, twin.version + 1, merged, False, other_kind))
                            state.remember(other, twin.id, merged, twin.version + 1)
                        plan.append(
                            (record.id, record.version + 1, record.data(), True, other_kind)
                        )
                        state.records(other_kind).pop(record.id)
                        continue
                    if other_kind == "pairwise" and data["need_a"] == data["need_b"]:
                        plan.append(
                            (record.id, record.version + 1, record.data(), True, other_kind)
                        )
                        continue
                    plan.append((record.id, record.version + 1, data, False, other_kind))
                    state.remember(other, record.id, data, record.version + 1)
            plan.append((drop.id, drop.version + 1, drop.data(), True, kind))
            self._write_rows(
                conn, "merge", kind, f"{drop.display_name()} -> {keep.display_name()}", plan, by=by
            )
            return keep

        kept = self._transact(work)
        self._changed(kind)
        return kept


def _plan_row(
    state: _State,
    cls: type[Record],
    plan: builtins.list[tuple[str, int, dict[str, Any], bool, str]],
    old: Record | None,
    data: dict[str, Any],
    given_id: str = "",
) -> str:
    """Add the write a checked row needs to ``plan``; give "added", "updated" or "unchanged"."""
    if old is not None:
        if old.data() == data:
            return "unchanged"
        plan.append((old.id, old.version + 1, data, False, cls.KIND))
        state.remember(cls, old.id, data, version=old.version + 1)
        return "updated"
    record_id = given_id or str(uuid.uuid4())
    plan.append((record_id, 1, data, False, cls.KIND))
    state.remember(cls, record_id, data)
    return "added"


class _FakeRow:
    """A just-written row, to build the record without reading it back."""

    def __init__(self, rid: str, version: int, data: dict[str, Any], by: str) -> None:
        self.id, self.version, self.entered_by = rid, version, by
        self.entered_at = now()
        self.data = json.dumps(data)


class _State:
    """The current records seen inside one write transaction, for checks and references."""

    def __init__(self, ws: Workshop, conn: sa.Connection) -> None:
        self.ws, self.conn, self.lang = ws, conn, ws._lang_safe()
        self._cache: dict[str, dict[str, Record]] = {}
        self._keys: dict[str, dict[tuple[Any, ...], str]] = {}
        self._names: dict[str, dict[str, str]] = {}

    def records(self, kind: str) -> dict[str, Record]:
        if kind not in self._cache:
            kind_class(kind, self.lang)
            self._cache[kind] = {r.id: r for r in self.ws._records_on(self.conn, kind)}
        return self._cache[kind]

    def current(self, cls: type[Record], record_id: str) -> Record:
        found = self.records(cls.KIND).get(record_id)
        if found is None:
            raise NotFoundError(
                "error.not_found", lang=self.lang, kind=cls.KIND, value=record_id, known=""
            )
        return found

    def by_id(self, cls: type[Record], record_id: str) -> Record | None:
        return self.records(cls.KIND).get(record_id)

    def remember(
        self, cls: type[Record], record_id: str, data: dict[str, Any], version: int = 1
    ) -> None:
        records = self.records(cls.KIND)
        keys = self._key_index(cls)
        old = records.get(record_id)
        if old is not None:
            keys.pop(self.key_of(cls, old.data()), None)
        records[record_id] = self.ws._record(cls, _FakeRow(record_id, version, data, self.ws.by))
        self._names.pop(cls.KIND, None)  # names may have changed: rebuilt when next needed
        if cls.key_fields():
            keys[self.key_of(cls, data)] = record_id

    def _key_index(self, cls: type[Record]) -> dict[tuple[Any, ...], str]:
        if cls.KIND not in self._keys:
            self._keys[cls.KIND] = (
                {self.key_of(cls, r.data()): r.id for r in self.records(cls.KIND).values()}
                if cls.key_fields()
                else {}
            )
        return self._keys[cls.KIND]

    def resolve(self, kind: str, value: str, field: str, owner: str) -> str:
        """Give the id of the record of ``kind`` named (or with id) ``value``."""
        from planning.i18n import t

        names = self._names.get(kind)
        if names is None:
            names = self._names[kind] = {}
            for record in self.records(kind).values():
                names.setdefault(normalise_name(record.display_name()), record.id)
        wanted = value.strip()
        if wanted in self.records(kind):
            return wanted
        found_id = names.get(normalise_name(value))
        if found_id is not None and found_id in self.records(kind):
            return found_id
        records = list(self.records(kind).values())
        found = _match(records, value)
        if found is None:
            raise ValidationError(
                "error.unknown_ref",
                field=t(f"field.{owner}.{field}", self.lang),
                value=value,
                allowed=_known(records),
                lang=self.lang,
            )
        return found.id

    def prepare(
        self, cls: type[Record], raw: Mapping[str, Any], base: Record | None = None
    ) -> dict[str, Any]:
        data = build(cls, raw, self.lang, base=base)
        for name, spec in cls.specs().items():
            if spec.tie and normalise_name(data[name]) in TIE_WORDS:
                data[name] = ""
            if spec.type == "ref" and data[name]:
                data[name] = self.resolve(spec.ref, data[name], name, cls.KIND)
        return data

    def key_of(self, cls: type[Record], data: Mapping[str, Any]) -> tuple[Any, ...]:
        keys = cls.key_fields()
        values = tuple(
            normalise_name(data[k]) if isinstance(data[k], str) else data[k] for k in keys
        )
        if getattr(cls, "UNORDERED_KEY", False):
            values = tuple(sorted(values[:2])) + values[2:]
        return values

    def by_key(self, cls: type[Record], key: tuple[Any, ...]) -> Record | None:
        if not cls.key_fields():
            return None
        record_id = self._key_index(cls).get(key)
        return None if record_id is None else self.records(cls.KIND).get(record_id)

    def check(self, cls: type[Record], data: dict[str, Any], record_id: str | None) -> None:
        """Refuse a duplicate natural key, then run the kind's own rule."""
        if cls.key_fields() and cls.KIND != "workshop":
            other = self.by_key(cls, self.key_of(cls, data))
            if other is not None and other.id != record_id:
                from planning.i18n import t

                name_field = cls.key_fields()[0]
                raise DuplicateError(
                    field=t(f"field.{cls.KIND}.{name_field}", self.lang),
                    value=data[name_field],
                    allowed="",
                    lang=self.lang,
                    existing=_describe(self, cls, other),
                )
        rule = RULES.get(cls.KIND)
        if rule is not None:
            rule(self, data, record_id)

    def check_remove(self, cls: type[Record], record: Record) -> None:
        rule = REMOVE_RULES.get(cls.KIND)
        if rule is not None:
            rule(self, record)


def _rule_dot_votes(state: _State, data: dict[str, Any], record_id: str | None) -> None:
    """A participant spends at most the workshop's dot budget."""
    from planning.errors import BudgetError
    from planning.i18n import t
    from planning.needs import check_dot_budget

    budget = state.current(WorkshopInfo, WORKSHOP_ID).dot_budget  # type: ignore[attr-defined]
    spent = sum(
        v.dots  # type: ignore[attr-defined]
        for v in state.records("dot_votes").values()  # type: ignore[attr-defined]
        if v.participant == data["participant"] and v.id != record_id  # type: ignore[attr-defined]
    )  # type: ignore[attr-defined]
    try:
        check_dot_budget(spent, data["dots"], budget, lang=state.lang)
    except BudgetError as err:
        who = state.records("participants").get(data["participant"])
        remaining = max(0, budget - spent)
        raise BudgetError(
            field=t("field.dot_votes.dots", state.lang),
            value=data["dots"],
            allowed=t("allowed.whole_number_between", state.lang, low=0, high=remaining),
            lang=state.lang,
            participant=who.display_name() if who else "",
            remaining=remaining,
            budget=budget,
        ) from err


def _rule_pairwise(state: _State, data: dict[str, Any], record_id: str | None) -> None:
    """A need is never paired with itself; the winner is one of the two, or a tie."""
    from planning.i18n import t

    names = {r.id: r.display_name() for r in state.records("needs").values()}
    a, b, winner = data["need_a"], data["need_b"], data["winner"]
    if a == b:
        raise ValidationError(
            "error.self_pair",
            field=t("field.pairwise.need_b", state.lang),
            value=names.get(b, b),
            lang=state.lang,
            allowed=", ".join(n for i, n in names.items() if i != a) or "-",
        )
    if winner and winner not in (a, b):
        raise ValidationError(
            "error.winner",
            field=t("field.pairwise.winner", state.lang),
            value=names.get(winner, winner),
            lang=state.lang,
            allowed=f"{names.get(a, a)}, {names.get(b, b)}",
        )


def _rule_problem_tree(state: _State, data: dict[str, Any], record_id: str | None) -> None:
    """A node's parent is another node of the same need's tree (or the need itself)."""
    if not data["parent"]:
        return
    siblings = [
        r
        for r in state.records("problem_tree").values()
        if r.need == data["need"] and r.id != record_id  # type: ignore[attr-defined]
    ]  # type: ignore[attr-defined]
    if not any(
        normalise_name(r.text) == normalise_name(data["parent"])  # type: ignore[attr-defined]
        for r in siblings
    ):
        from planning.i18n import t

        raise ValidationError(
            "error.unknown_ref",
            field=t("field.problem_tree.parent", state.lang),
            value=data["parent"],
            lang=state.lang,
            allowed=", ".join(r.text for r in siblings) or "-",  # type: ignore[attr-defined]
        )  # type: ignore[attr-defined]


# Rules a kind adds beyond its fields' own (later stages register theirs here).
RULES: dict[str, Callable[[_State, dict[str, Any], str | None], None]] = {
    "dot_votes": _rule_dot_votes,
    "pairwise": _rule_pairwise,
    "problem_tree": _rule_problem_tree,
}
REMOVE_RULES: dict[str, Callable[[_State, Record], None]] = {}


def _describe(state: _State, cls: type[Record], record: Record) -> str:
    first = cls.key_fields()
    parts = []
    for name in first:
        value = getattr(record, name)
        spec = cls.specs()[name]
        if spec.type == "ref":
            target = state.records(spec.ref).get(value)
            value = target.display_name() if target else value
        parts.append(str(value))
    return " / ".join(parts)


def _match(records: Iterable[Record], value: str) -> Record | None:
    wanted = normalise_name(value)
    for record in records:
        if record.id == value.strip() or normalise_name(record.display_name()) == wanted:
            return record
    return None


def _known(records: Iterable[Record], limit: int = 12) -> str:
    names = sorted({r.display_name() for r in records}, key=str.casefold)
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if names else "-"


def _summary(cls: type[Record], datas: builtins.list[dict[str, Any]]) -> str:
    keys = cls.key_fields()
    if not keys:
        return f"{len(datas)}"
    names = [str(d.get(keys[0], "")) for d in datas[:5]]
    return ", ".join(names) + (f" (+{len(datas) - 5})" if len(datas) > 5 else "")


def _locked(err: OperationalError) -> bool:
    text = str(err.orig).lower() if err.orig else str(err).lower()
    return "locked" in text or "busy" in text


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def create_workshop(
    path_or_url: str | os.PathLike[str], *, by: str = FACILITATOR, **info: Any
) -> Workshop:
    """Create a new workshop (file or database) with its title, desa, date and language.

    Refuses an existing workshop file, so nothing a group entered is ever overwritten.
    """
    url = database_url(path_or_url)
    if url.startswith("sqlite:///") and Path(url.removeprefix("sqlite:///")).exists():
        raise ValidationError(
            "error.exists",
            field="path",
            value=os.fspath(path_or_url),
            allowed="",
            lang=str(info.get("language") or "en"),
        )
    # Check the fields before the file is made, so bad input writes nothing.
    build(WorkshopInfo, info, str(info.get("language") or "en"))
    return Workshop(path_or_url, by=by, create=True, info=info)


def open_workshop(
    path_or_url: str | os.PathLike[str] | None = None, *, by: str = FACILITATOR
) -> Workshop:
    """Open an existing workshop; with no path, the one in $PLANNING_WORKSHOP or the demo."""
    if path_or_url is None:
        path_or_url = os.environ.get("PLANNING_WORKSHOP") or ""
        if not path_or_url:
            from planning.demo import demo_workshop

            return demo_workshop()
    return Workshop(path_or_url, by=by)
