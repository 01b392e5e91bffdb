"""The workshop store: the one place that reads and writes a workshop.

A workshop lives in one SQLite file (WAL mode) or, given a database URL, in any database
SQLAlchemy Core reaches (PostgreSQL for a workshop shared by many machines).

Nothing is overwritten: every add, edit or removal appends a new version of a record to
``records`` and one row to ``changes``. The current state is the newest version of each
record that is not marked removed. ``undo`` appends the versions that restore the state
before the last change, so history itself is never rewritten.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import random
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from planning import __version__, stages
from planning.errors import (
    ImportRowsError,
    Msg,
    NotFoundError,
    NoWorkshopError,
    PlanningError,
    SchemaVersionError,
    StoreBusyError,
    ValidationError,
)
from planning.records import KINDS, Record, WorkshopInfo, build, kind_class, normalise_name
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
from planning.store.writes import WORKSHOP_ID, WriteContext, dumps, known_names, summary_of

if TYPE_CHECKING:
    import pandas as pd

FACILITATOR = "facilitator"
R = TypeVar("R", bound=Record)
T = TypeVar("T")
Listener = Callable[[frozenset[str]], None]


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
    """An open workshop: records by class, writes checked in one transaction, history, undo.

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
        stages.stages()  # every stage's kinds and rules are known before anything is read
        self.url = database_url(path_or_url)
        self.by = by
        self._engine = _engine(self.url)
        self._lang_cache: str | None = None
        self._listeners: list[Listener] = []
        self._read_cache: dict[str, tuple[Any, tuple[Record, ...]]] = {}
        self._open(create, info or {})

    # --- listeners ----------------------------------------------------------------------------

    def subscribe(self, callback: Listener) -> None:
        """Call ``callback(kinds)`` after every change this object writes."""
        if callback not in self._listeners:
            self._listeners.append(callback)

    def unsubscribe(self, callback: Listener) -> None:
        """Stop calling ``callback``."""
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _changed(self, kinds: Iterable[str]) -> None:
        changed = frozenset(kinds)
        if "workshop" in changed:
            self._lang_cache = None
        for callback in list(self._listeners):
            callback(changed)

    # --- opening, schema ----------------------------------------------------------------------

    def _open(self, create: bool, info: Mapping[str, Any]) -> None:
        if self.url.startswith("sqlite:///") and not create:
            file = Path(self.url.removeprefix("sqlite:///"))
            if not file.exists():
                raise NotFoundError("error.no_workshop", path=str(file))
        self._transact(lambda conn: self._open_on(conn, create, info))

    def _open_on(self, conn: sa.Connection, create: bool, info: Mapping[str, Any]) -> None:
        """Create the tables of a new workshop, or check and migrate an existing one."""
        insp = sa.inspect(conn)
        if not insp.has_table("meta"):
            if not create:
                raise ValidationError(
                    "error.not_a_workshop", field=Msg("field.path"), value=self.url, allowed=""
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
            row = RowWrite(WORKSHOP_ID, 1, data, False, "workshop")
            self._write_rows(conn, "new", "workshop", data.get("title", ""), [row], source="new")
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
                    "error.schema_unknown", version=version, supported=SCHEMA_VERSION, needed="?"
                )
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
        self._engine.dispose()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        """Give one of the workshop's own settings (schema_version, created_at, demo...)."""
        with self._engine.connect() as conn:
            return conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == key)
            ).scalar()

    def set_meta(self, key: str, value: str) -> None:
        """Store one of the workshop's own settings."""

        def work(conn: sa.Connection) -> None:
            conn.execute(meta_table.delete().where(meta_table.c.key == key))
            conn.execute(meta_table.insert().values(key=key, value=value))

        self._transact(work)

    def meta_items(self, prefix: str) -> dict[str, str]:
        """Give the workshop's own settings whose key starts with ``prefix``."""
        m = meta_table
        with self._engine.connect() as conn:
            wanted = m.c.key.startswith(prefix, autoescape=True)
            return dict(conn.execute(sa.select(m.c.key, m.c.value).where(wanted)).all())

    def delete_meta(self, key: str) -> None:
        """Remove one of the workshop's own settings (nothing happens when it is not there)."""
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
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(changes_table.c.seq))).scalar() or 0)

    def changes_since(self, seq: int) -> tuple[int, frozenset[str]]:
        """Give the latest change number and the kinds written by the changes after ``seq``.

        An undo counts as a change of the kinds it restores.
        """
        c = changes_table
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(c.c.seq, c.c.kind).where(c.c.seq > seq)).all()
        kinds = frozenset(k for row in rows for k in row.kind.split(",") if k)
        return max((row.seq for row in rows), default=seq), kinds

    # --- transactions -------------------------------------------------------------------------

    def _transact(self, work: Callable[[sa.Connection], T], attempts: int = 60) -> T:
        """Run ``work`` in one short write transaction, retrying it while SQLite is locked.

        Writers take the lock at BEGIN (IMMEDIATE), and SQLite waits up to its busy timeout
        first; a unit that still finds the file locked is run again after a short backoff.
        """
        delay = 0.01
        for attempt in range(attempts):
            try:
                with self._engine.connect().execution_options(write=True) as conn, conn.begin():
                    if self._engine.dialect.name == "postgresql":
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(734501)")
                    return work(conn)
            except OperationalError as err:
                if not _locked(err) or attempt == attempts - 1:
                    if _locked(err):
                        raise StoreBusyError() from err
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
        raise StoreBusyError()

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
        return self._record(cls, row.id, row.version, data, by=row.entered_by, at=row.entered_at)

    def _records_on(self, conn: sa.Connection, cls: type[R]) -> tuple[R, ...]:
        """Give the current records of a kind as seen on ``conn``, from the cache when fresh."""
        kind = cls.KIND
        # Every write appends rows, so the newest row of a kind tells whether the records
        # read before are still current (written by this process or any other).
        stamp = conn.execute(
            sa.select(sa.func.max(records_table.c.seq)).where(records_table.c.kind == kind)
        ).scalar()
        cached = self._read_cache.get(kind)
        if cached is not None and cached[0] == stamp:
            return cast(tuple[R, ...], cached[1])
        rows = self._current_rows(conn, kind)
        first = self._first_seq(conn, kind) if len(rows) > 1 else {}
        if first:
            rows.sort(key=lambda row: first.get(row.id, row.seq))
        records = tuple(self._from_row(cls, row) for row in rows)
        self._read_cache[kind] = (stamp, records)
        return records

    def snapshot(self, kind: type[R] | str) -> tuple[R, ...]:
        """Give the current records of a kind, in the order first entered, as a tuple that
        stays the same object while the kind is unchanged, so callers can reuse what they
        computed from it."""
        cls = cast(type[R], kind_class(kind))
        with self._engine.connect() as conn:
            return self._records_on(conn, cls)

    def records(self, kind: type[R] | str) -> list[R]:
        """Give the current records of a kind: ``ws.records(Need)``."""
        return list(self.snapshot(kind))

    def get(self, kind: type[R] | str, record_id: str) -> R:
        """Give the current version of one record, or raise ``NotFoundError``."""
        cls = cast(type[R], kind_class(kind))
        with self._engine.connect() as conn:
            rows = self._current_rows(conn, cls.KIND, [record_id])
        if not rows:
            raise NotFoundError(kind=Msg(f"kind.{cls.KIND}"), value=record_id)
        return self._from_row(cls, rows[0])

    def find(self, kind: type[R] | str, name: str) -> R:
        """Give the record of a kind whose (normalised) name or id is ``name``."""
        cls = cast(type[R], kind_class(kind))
        records = self.snapshot(cls)
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

    def frame(
        self, kind: type[Record] | str, *, lang: str | None = None, sensitive: Iterable[str] = ()
    ) -> pd.DataFrame:
        """Give the current records of a kind as a pandas DataFrame (see ``store.frames``)."""
        return frame(self, kind, lang=lang, sensitive=sensitive)

    def frames(self, *, lang: str | None = None) -> dict[str, pd.DataFrame]:
        """Give every kind of record as a pandas DataFrame, keyed by kind."""
        return frames(self, lang=lang)

    def history(self) -> list[Change]:
        """Give every change, oldest first, each saying whether it was undone."""
        c = changes_table
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(c).order_by(c.c.seq)).all()
        undone = {row.undoes for row in rows if row.undoes is not None}
        return [Change.from_row(row, undone=row.seq in undone) for row in rows]

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
        who = by or self.by

        def unit(conn: sa.Connection) -> tuple[T, list[str]]:
            ctx = WriteContext(self, conn, who)
            result = work(ctx)
            if ctx.plan:
                kinds = ctx.kinds()
                self._write_rows(
                    conn,
                    action,
                    ",".join(sorted(kinds)) if len(kinds) > 1 else kinds[0],
                    summary_of(ctx.plan) if summary is None else summary,
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

    def update_info(self, **fields: Any) -> WorkshopInfo:
        """Change the workshop's own fields (title, desa, language, dot budget...)."""
        return self.edit(WorkshopInfo, WORKSHOP_ID, **fields)

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
            written = conn.execute(
                sa.select(r).where(r.c.change_seq == last.seq).order_by(r.c.seq)
            ).all()
            # A change may write several versions of one record (a merge keeps both copies'
            # edits): restore what was there before the first of them.
            firsts = {(row.kind, row.id): row for row in reversed(written)}
            restore: list[RowWrite] = []
            for row in firsts.values():
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
                    restore.append(RowWrite(row.id, top + 1, json.loads(row.data), True, row.kind))
                else:
                    restore.append(
                        RowWrite(row.id, top + 1, json.loads(before.data), before.removed, row.kind)
                    )
            self._write_rows(conn, "undo", last.kind, last.summary, restore, undoes=last.seq, by=by)
            return Change.from_row(last, undone=True)

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
    ) -> dict[str, dict[str, int]]:
        """Import rows of several kinds in one change: all of them or none.

        ``batches`` maps a kind to (line, raw row) pairs, in the order kinds depend on each
        other. A row whose natural key matches a current record updates it when its values
        differ and is skipped when they are the same, so importing a file twice adds nothing.
        Gives, per kind, how many records were added, updated and unchanged. Raises
        ``ImportRowsError`` listing every bad row.
        """

        def work(ctx: WriteContext) -> dict[str, dict[str, int]]:
            problems: list[tuple[int, PlanningError]] = []
            counts: dict[str, dict[str, int]] = {}
            for kind, rows in batches.items():
                cls = kind_class(kind)
                tally = counts.setdefault(kind, {"added": 0, "updated": 0, "unchanged": 0})
                seen: dict[tuple[Any, ...], int] = {}
                for line, raw in rows:
                    try:
                        _, data, _ = ctx.match(cls, raw)
                        key = ctx.key_of(cls, data)
                        if key in seen and cls is not WorkshopInfo:
                            raise ValidationError(
                                "error.duplicate_in_file",
                                field=Msg(f"kind.{kind}"),
                                value=" / ".join(map(str, key)),
                                line=seen[key],
                            )
                        seen[key] = line
                        _, outcome = ctx.put(cls, raw)
                    except PlanningError as err:
                        problems.append((line, err))
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


def _default(twin: Record | None, data: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """Keep a record that follows a merge, unless it now repeats another's key."""
    return ("drop", None) if twin is not None else ("write", data)


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
            "error.exists", field=Msg("field.path"), value=os.fspath(path_or_url), allowed=""
        )
    stages.stages()
    # Check the fields before the file is made, so bad input writes nothing.
    build(WorkshopInfo, info)
    return Workshop(path_or_url, by=by, create=True, info=info)


def open_workshop(
    path_or_url: str | os.PathLike[str] | None = None, *, by: str = FACILITATOR
) -> Workshop:
    """Open an existing workshop; with no path, the one named by $PLANNING_WORKSHOP.

    With neither, raises ``NoWorkshopError``, whose message says how to name one: nothing is
    ever stored in a workshop nobody chose.
    """
    if path_or_url is None or not os.fspath(path_or_url):
        path_or_url = os.environ.get("PLANNING_WORKSHOP") or ""
        if not path_or_url:
            raise NoWorkshopError()
    return Workshop(path_or_url, by=by)
