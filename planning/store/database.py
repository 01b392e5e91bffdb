"""Where a workshop is stored: its URL, the check that a file is a workshop, the engine, and
database failures turned into messages.

A workshop file is looked at read-only (its header, then its ``meta`` table through SQLite's
``mode=ro``) before anything is set or written, so a file that is not a workshop is never
changed, not even switched to WAL. A workshop that cannot be written (a read-only file, folder
or disk) is opened read-only: it can be read, and a write says why it cannot be made.

A failure of the database (a full disk, a server that refuses the connection, a damaged file)
becomes one :class:`~planning.errors.StoreError` naming the workshop and the reason, never the
SQL or its values: they may hold participants' personal fields. A password in a database URL
is never shown: :func:`shown_location` masks it.
"""

from __future__ import annotations

import logging
import os
import random
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from planning.errors import (
    DiskFullError,
    Msg,
    NotFoundError,
    PlanningError,
    ReadOnlyError,
    SchemaVersionError,
    StoreBusyError,
    StoreError,
    ValidationError,
)
from planning.store.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"
# The database kinds a workshop may live in (the URL's scheme before any "+driver").
SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
SUPPORTED = "a workshop file (.sqlite), sqlite:///PATH, postgresql://USER@HOST:PORT/DATABASE"
PG_DRIVERS = ("psycopg",)
# SQLite result codes (the low byte of an extended code).
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_CANTOPEN = 8, 10, 11, 14
_SQLITE_FULL, _SQLITE_NOTADB = 13, 26


# --- URLs -------------------------------------------------------------------------------------


def database_url(path_or_url: str | os.PathLike[str]) -> str:
    """Give the SQLAlchemy URL of a workshop file path, or check a database URL and give it.

    ``postgresql://`` and ``postgres://`` use the psycopg driver. Any other kind of database is
    refused, naming the kinds that are supported.

    Examples
    --------
    >>> database_url("postgres://ani:rahasia@db.example/lokakarya")
    'postgresql+psycopg://ani:rahasia@db.example/lokakarya'
    >>> database_url("mysql://root@localhost/desa")
    Traceback (most recent call last):
    ...
    planning.errors.ValidationError: Database URL: 'mysql://root@localhost/desa' is not \
supported. Allowed: a workshop file (.sqlite), sqlite:///PATH, postgresql://USER@HOST:PORT/DATABASE.
    """
    text = os.fspath(path_or_url)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().absolute())
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise ValidationError(
            "error.bad_url", field=Msg("field.url"), value=_mask_text(text), allowed=SUPPORTED
        ) from None
    scheme, _, driver = url.drivername.partition("+")
    if scheme not in SCHEMES or (scheme != "sqlite" and driver and driver not in PG_DRIVERS):
        raise ValidationError(
            "error.unsupported_url",
            field=Msg("field.url"),
            value=shown_location(text),
            allowed=SUPPORTED,
        )
    if scheme == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValidationError(
                "error.bad_url", field=Msg("field.url"), value=text, allowed=SUPPORTED
            )
        return text
    return url.set(drivername=SCHEMES[scheme]).render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """Give the file of a SQLite URL, or None for a database server."""
    if not url.startswith("sqlite:"):
        return None
    database = make_url(url).database or ""
    return Path(database)


def shown_location(path_or_url: str | os.PathLike[str]) -> str:
    """Give a workshop's place as it may be shown: a file's path, or the URL with its
    password masked.

    Examples
    --------
    >>> shown_location("postgresql+psycopg://ani:rahasia@db.example:5432/lokakarya")
    'postgresql+psycopg://ani:***@db.example:5432/lokakarya'
    >>> shown_location("sqlite:////data/desa.sqlite")
    '/data/desa.sqlite'
    """
    text = os.fspath(path_or_url)
    if "://" not in text:
        return text
    if text.startswith("sqlite:///"):
        return text.removeprefix("sqlite:///")
    try:
        return make_url(text).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _mask_text(text)


def _mask_text(text: str) -> str:
    """Mask what looks like the password of a URL that could not be parsed."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", text)


# --- the workshop file ------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopFile:
    """A SQLite file found to be a workshop, and whether this process can write it."""

    path: Path
    writable: bool
    schema_version: int


def check_new_file(path: Path) -> None:
    """Refuse to create a workshop where it cannot be made, before anything is written."""
    shown = str(path)
    if path.exists() or path.is_symlink():
        raise ValidationError("error.exists", field=Msg("field.path"), value=shown, allowed="")
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError(
            "error.no_folder", field=Msg("field.path"), value=shown, folder=str(folder)
        )
    if not os.access(folder, os.W_OK):
        raise ReadOnlyError("error.folder_read_only", path=shown, folder=str(folder))


def not_a_workshop(field: Msg, shown: str, reason: str = "other_application") -> ValidationError:
    """Give the error refusing a file or database that is not a workshop, and why
    (``reason.<reason>``: another application's, empty, damaged...)."""
    return ValidationError(
        "error.not_a_workshop", field=field, value=shown, allowed="", reason=Msg(f"reason.{reason}")
    )


def check_workshop_file(path: Path) -> WorkshopFile:
    """Check, without changing a byte, that ``path`` is a workshop this version can read.

    Raises ``NotFoundError`` for a missing file, ``ValidationError`` for a file that is not a
    workshop (empty, not SQLite, another application's database, damaged or cut short) and
    ``SchemaVersionError`` for a schema version this version cannot read.
    """
    shown = str(path)
    if not path.exists():
        raise NotFoundError("error.no_workshop", path=shown)

    def not_ours(reason: str) -> ValidationError:
        return not_a_workshop(Msg("field.path"), shown, reason)

    if not path.is_file():
        raise not_ours("folder")
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as err:
        raise StoreError("error.cannot_read", path=shown, reason=err.strerror or "") from None
    if not header:
        raise not_ours("empty")
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise not_ours("not_sqlite")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid when the two change counters agree. Beside a
    # write-ahead log the file is in use and may be mid-checkpoint (its first page, with the
    # new count, written before the pages that lengthen the file): SQLite reads it with its
    # log, so only a file alone (a copy) is judged by its length.
    in_use = path.with_name(path.name + "-wal").exists()
    if not in_use and header[24:28] == header[92:96] and size < page_size * pages:
        raise not_ours("truncated")
    try:
        meta = _read_meta(path)
    except sqlite3.DatabaseError:
        raise not_ours("damaged") from None
    if meta is None or "schema_version" not in meta:
        raise not_ours("other_application")
    raw_version = meta["schema_version"]
    if not raw_version.isdigit():
        raise SchemaVersionError(
            "error.schema_bad", version=raw_version, supported=SCHEMA_VERSION, path=shown
        )
    return WorkshopFile(path, _writable(path), int(raw_version))


def _read_meta(path: Path) -> dict[str, str] | None:
    """Give the ``meta`` table of a SQLite file opened read-only, or None if it has none.

    With no ``-wal`` file beside it, the file holds everything committed and no connection is
    open on it, so it is read ``immutable``: nothing is made beside a file that may not be
    ours (``mode=ro`` on a WAL file would leave ``-shm`` and ``-wal`` files behind).
    """
    if not path.with_name(path.name + "-wal").exists():
        uri = "file:" + quote(str(path.absolute())) + "?immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            return _meta_on(conn)
        finally:
            conn.close()
    with _read_only_connection(path) as conn:
        return _meta_on(conn)


def _meta_on(conn: sqlite3.Connection) -> dict[str, str] | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "meta" not in tables:
        return None
    columns = {r[1] for r in conn.execute("PRAGMA table_info(meta)")}
    if not {"key", "value"} <= columns:
        return None
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}


@contextmanager
def _read_only_connection(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect_read_only(path)
    try:
        yield conn
    finally:
        conn.close()


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a SQLite file so that nothing can be written to it.

    ``mode=ro`` sees the latest committed data, WAL included, but needs the ``-shm`` file (or a
    folder to make it in); on a read-only disk without one, the file is opened ``immutable``.
    """
    uri = "file:" + quote(str(path.absolute()))
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=30, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as err:
        conn.close()
        if getattr(err, "sqlite_errorcode", 0) & 0xFF != _SQLITE_CANTOPEN:
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Opened immutable, the changes still in the -wal file would be missed.
        raise StoreError("error.wal_read_only", path=str(path))
    conn = sqlite3.connect(uri + "?immutable=1", uri=True, timeout=30, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _writable(path: Path) -> bool:
    """Whether this process can write the file and make its -wal and -shm files beside it."""
    folder = path.parent
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return False
    try:
        return os.statvfs(path).f_flag & os.ST_RDONLY == 0
    except (OSError, AttributeError):
        return True


# --- engines ----------------------------------------------------------------------------------

# How long SQLite itself waits for a lock: a read as long as it takes (a writer never blocks a
# reader in WAL mode; this covers a checkpoint or a recovery), a write briefly, since writers
# of this package queue in writer_turn first and only a writer outside that queue (another
# program, a checkpoint) can hold the lock; write_attempts then retries.
READ_WAIT_MS = 30_000
WRITE_WAIT_MS = 250


def make_engine(url: str, *, read_only: bool = False) -> sa.Engine:
    """Give the engine of a workshop; a SQLite one opened read-only when asked.

    Values are never put into error messages or logs (``hide_parameters``): a failed insert
    would otherwise print participants' personal fields.
    """
    path = sqlite_path(url)
    if path is None:
        return _server_engine(url)
    if read_only:
        return sa.create_engine(
            url,
            creator=lambda: connect_read_only(path),
            hide_parameters=True,
            pool_size=2,
            max_overflow=8,
        )
    # Pooled connections stay open, so a panel's reads do not pay a WAL checkpoint on
    # every close.
    engine = sa.create_engine(
        url, connect_args={"timeout": 30}, pool_size=2, max_overflow=8, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={READ_WAIT_MS}")
        # Only a checked workshop (or a file this process is creating) gets here: see Workshop.
        if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            cur.execute("PRAGMA journal_mode=WAL")
        # In WAL mode a commit is not flushed to the disk (only a checkpoint is): what is
        # committed survives the process being killed; a power cut may lose the last commits,
        # never the file. The writer that commits does not copy the log back into the file
        # either (that flush took up to 1.6 s inside the writers' turn on a busy disk):
        # checkpoint_later does, beside the turn.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA wal_autocheckpoint=0")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # Writers take the write lock at BEGIN so two writers never deadlock on upgrade, and
        # wait for it only briefly: Workshop._transact retries (see write_attempts).
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql(f"PRAGMA busy_timeout={WRITE_WAIT_MS}")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={READ_WAIT_MS}")
            conn.exec_driver_sql("BEGIN DEFERRED")

    return engine


def _server_engine(url: str) -> sa.Engine:
    parsed = make_url(url)
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = 10
    try:
        return sa.create_engine(
            url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args
        )
    except ImportError:
        raise StoreError(
            "error.no_driver", path=shown_location(url), package="psycopg[binary]"
        ) from None


# --- failures ---------------------------------------------------------------------------------


def is_locked(err: BaseException) -> bool:
    """Whether a database error only says that another writer holds the lock."""
    orig = getattr(err, "orig", None) or err
    if isinstance(orig, sqlite3.Error) and getattr(orig, "sqlite_errorcode", 0) & 0xFF in (5, 6):
        return True  # SQLITE_BUSY, SQLITE_LOCKED
    text = str(orig).lower()
    return "locked" in text or "busy" in text


def translate(err: BaseException, url: str) -> PlanningError:
    """Give the message a database failure stands for: what happened to which workshop.

    A known failure is said in words; the driver's own text (which may name tables, columns,
    constraints) only when it says why a server could not be reached, with a password in the
    URL masked; never the statement or its values.
    """
    if isinstance(err, PlanningError):
        return err
    shown = shown_location(url)
    orig = err.orig if isinstance(err, DBAPIError) and err.orig is not None else err
    text = _first_line(str(orig), url)
    low = text.lower()
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", 0) & 0xFF
        if code == _SQLITE_FULL or "disk is full" in low:
            return DiskFullError(path=shown)
        if code == _SQLITE_READONLY or "readonly database" in low:
            return ReadOnlyError(path=shown)
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in low:
            return StoreError("error.damaged", path=shown)
        if code == _SQLITE_IOERR:
            return StoreError("error.disk_io", path=shown)
        if code == _SQLITE_CANTOPEN:
            return StoreError("error.cannot_open", path=shown, reason=Msg("reason.cannot_open"))
        if is_locked(orig):
            return StoreBusyError()
        return _unexpected(orig, shown, text, schema="no such " in low or "has no column" in low)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate == "53100" or "no space left" in low or "disk full" in low:
        return DiskFullError(path=shown)
    if sqlstate == "25006":
        return ReadOnlyError(path=shown)
    reason = _server_reason(low, text, url)
    if reason is not None:
        return StoreError("error.db_connect", path=shown, reason=reason)
    if isinstance(orig, sa.exc.NoSuchModuleError | ImportError):
        return StoreError("error.no_driver", path=shown, package="psycopg[binary]")
    if sqlstate in ("40001", "40P01", "55P03"):  # serialization, deadlock, lock not available
        return StoreBusyError()
    return _unexpected(orig, shown, text, schema=sqlstate.startswith("42"))


def _unexpected(orig: BaseException, shown: str, text: str, *, schema: bool) -> StoreError:
    """Give the message of a database failure that is none of the known ones, in words: the
    driver's own text names tables, columns or constraints (SQL), so it goes to the log only
    (at INFO: not to the stderr of a command).

    ``schema``: the tables are not as this version made them (a table or column missing).
    """
    log.info("database failure on %s: %s: %s", shown, type(orig).__name__, text)
    if schema:
        return StoreError(path=shown, reason=Msg("reason.schema"))
    if isinstance(orig, sqlite3.IntegrityError) or type(orig).__name__ == "IntegrityError":
        return StoreError(path=shown, reason=Msg("reason.integrity"))
    return StoreError(path=shown, reason=Msg("reason.unexpected"))


def _server_reason(low: str, text: str, url: str) -> Msg | None:
    """Give the reason a database server could not be reached or used, in words."""
    try:
        parsed: URL | None = make_url(url)
    except (ArgumentError, ValueError):
        parsed = None
    host = (parsed.host if parsed else None) or "localhost"
    port = (parsed.port if parsed else None) or 5432
    if "does not exist" in low and "database" in low:
        return Msg("reason.no_database", name=(parsed.database if parsed else "") or "")
    if "connection refused" in low:
        return Msg("reason.refused", host=host, port=port)
    if "sslmode" in low:
        return Msg(
            "reason.sslmode",
            allowed="disable, allow, prefer, require, verify-ca, verify-full",
        )
    if "resolve host" in low or "translate host name" in low:
        return Msg("reason.unknown_host", host=host)
    if "password authentication failed" in low or "no password supplied" in low:
        return Msg("reason.password", user=(parsed.username if parsed else "") or "")
    if "timeout expired" in low or "timed out" in low:
        return Msg("reason.timeout", host=host, port=port)
    if low.startswith(("connection failed", "connection is bad")):
        return Msg("reason.other", text=text)
    return None


def _first_line(text: str, url: str) -> str:
    """Give the first line of a driver's message, with the URL's password masked."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        password = None
    if password:
        line = line.replace(str(password), "***")
    return line[:300]


@contextmanager
def guarded(url: str) -> Iterator[None]:
    """Turn a database failure inside the block into the store's message about it."""
    try:
        yield
    except PlanningError:
        raise
    except (SQLAlchemyError, sqlite3.Error) as err:
        raise translate(err, url) from None


def write_attempts(
    give_up: float = 30.0, first: float = 0.01, longest: float = 0.25
) -> Iterator[int]:
    """Give the numbers of the attempts a write may make while the database stays locked,
    sleeping before each one after the first: backoff that doubles from ``first`` to
    ``longest`` seconds, each sleep a random part of it (so writers that collided do not
    collide again), until ``give_up`` seconds have passed. The one retry loop of the store
    (``Workshop._transact``); when it ends, the workshop says it is busy.

    >>> list(write_attempts(give_up=0))
    [0]
    """
    end = time.monotonic() + give_up
    delay = first
    attempt = 0
    while True:
        yield attempt
        attempt += 1
        wait = delay * random.uniform(0.5, 1.0)
        if time.monotonic() + wait > end:
            return
        time.sleep(wait)
        delay = min(delay * 2, longest)


# --- the write-ahead log copied back, beside the writers' turn -------------------------------

# A passive checkpoint after every CHECKPOINT_EVERY changes of a workshop (whoever writes the
# one whose number is a multiple), and after a change of CHECKPOINT_ROWS rows or more; the last
# connection to close a workshop copies the rest, and ``planning serve`` every minute.
CHECKPOINT_EVERY, CHECKPOINT_ROWS = 50, 1000
_checkpointing: dict[Path, threading.Thread] = {}
_checkpoint_lock = threading.Lock()


def checkpoint_later(path: Path) -> None:
    """Copy the write-ahead log of the SQLite file ``path`` back into it, on a thread of its
    own, so no write waits for it: a ``PASSIVE`` checkpoint waits for no reader or writer
    (it copies what they no longer need). Nothing happens when one is already running."""
    with _checkpoint_lock:
        running = _checkpointing.get(path)
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(
            target=_checkpoint, args=(path,), name="planning-wal-checkpoint", daemon=True
        )
        _checkpointing[path] = thread
        thread.start()


def _checkpoint(path: Path) -> None:
    try:
        conn = sqlite3.connect(path, timeout=1, isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        pass  # the next one, or the last connection to close, copies it
    finally:
        conn.close()


# --- one writer at a time, in turn --------------------------------------------------------------

# SQLite's own wait for its write lock polls with sleeps that grow to 100 ms: under 20 writers
# a writer that keeps waking while another holds the lock can wait a minute (measured: 84 s,
# benchmarks/bench_concurrency.py). Writers of one SQLite file therefore first queue on
# operating-system locks of two files beside it, which wake a waiter the moment it is its turn;
# SQLite's BEGIN IMMEDIATE then finds the file free.
#
# One lock alone is not a queue: the writer that has just let go asks again at once, before
# the waiter the kernel woke has run, and takes it back (measured under load: a waiter passed
# over for 3 s while others wrote again and again). So a writer first waits in line
# (``<name>-queue``); the one at the head of the line waits for the turn (``<name>-writer``)
# and lets the line move on only once it has the turn. A writer that has just written finds the
# next one holding the line and joins at its end. The kernel keeps the waiters for one
# ``flock`` in the order they came (Linux since 4.19), so every writer waits for at most the
# writers already in line, each for one short transaction. A process that dies lets go of both.
QUEUE_SUFFIX, WRITER_SUFFIX = "-queue", "-writer"


@contextmanager
def writer_turn(path: Path | None) -> Iterator[None]:
    """Hold the writers' turn of the SQLite file ``path`` for one write transaction, after the
    writers already waiting for it (nothing for a server, or where the locks cannot be had:
    SQLite's own lock still decides)."""
    if path is None or os.name != "posix":
        yield
        return
    import fcntl

    fds: list[int] = []
    try:
        for suffix in (QUEUE_SUFFIX, WRITER_SUFFIX):
            fds.append(os.open(path.with_name(path.name + suffix), os.O_RDWR | os.O_CREAT, 0o644))
    except OSError:
        for fd in fds:
            os.close(fd)
        yield
        return
    line, turn = fds
    try:
        with suppress(OSError):
            fcntl.flock(line, fcntl.LOCK_EX)  # wait in line
            fcntl.flock(turn, fcntl.LOCK_EX)  # at its head: wait for the writer before
        os.close(line)  # the next in line moves to the head
        fds.remove(line)
        yield
    finally:
        for fd in fds:
            os.close(fd)  # closing releases the lock
