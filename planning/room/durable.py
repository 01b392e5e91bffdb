"""One complete file, always: the workshop file alone holds the day's work.

SQLite in WAL mode writes every change to the ``-wal`` file beside the workshop and copies it
back into the file itself (a checkpoint) only when the last connection closes cleanly or the
log grows past ``wal_autocheckpoint`` pages. With a server and its kernels holding
connections all day, the ``.sqlite`` file copied alone to a USB stick would miss the day. So:

- :func:`checkpoint` copies the log back (``PASSIVE`` while serving, never waiting for a
  writer; ``TRUNCATE`` on close, which also empties the ``-wal`` file);
- :class:`Checkpointer` does it at least every minute while ``planning serve`` runs, and
  :func:`checkpoint_at_exit` when a notebook kernel stops;
- :func:`save_copy` writes a consistent copy with SQLite's backup API, then opens the copy
  read-only and checks it (``integrity_check`` and the same records and changes) before it
  says done.

A workshop on a database server needs none of this: :func:`checkpoint` does nothing there.
"""

from __future__ import annotations

import atexit
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from planning.errors import StoreError
from planning.store.database import sqlite_path

log = logging.getLogger(__name__)

EVERY = 60.0  # seconds between checkpoints while serving: "at least every minute"
MODES = ("PASSIVE", "FULL", "RESTART", "TRUNCATE")


def checkpoint(url: str, mode: str = "PASSIVE") -> tuple[int, int] | None:
    """Copy the write-ahead log back into the workshop file; give SQLite's (log pages,
    pages copied), or None for a workshop that is not a SQLite file (or has gone).

    ``TRUNCATE`` waits (up to the busy timeout) for writers and empties the ``-wal`` file;
    ``PASSIVE`` copies what it can without waiting for anyone.
    """
    if mode not in MODES:
        raise ValueError(f"checkpoint mode {mode!r}: one of {', '.join(MODES)}")
    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return (0, 0)
        busy, pages, done = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        if busy:
            log.info("checkpoint %s of %s: busy, %s of %s pages copied", mode, path, done, pages)
        return int(pages), int(done)
    except sqlite3.Error as err:
        log.warning("checkpoint %s of %s failed: %s", mode, path, err)
        return None
    finally:
        conn.close()


class Checkpointer:
    """Checkpoints one workshop every ``every`` seconds on a daemon thread, and once more
    (``TRUNCATE``) when stopped."""

    def __init__(self, url: str, every: float = EVERY) -> None:
        self._url = url
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="planning-checkpoint", daemon=True)

    def start(self) -> Checkpointer:
        """Start checkpointing; give self."""
        if sqlite_path(self._url) is not None:
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            checkpoint(self._url, "PASSIVE")

    def stop(self) -> tuple[int, int] | None:
        """Stop, then copy everything back and empty the log; give what the last one did."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        return checkpoint(self._url, "TRUNCATE")


_AT_EXIT: set[str] = set()


def checkpoint_at_exit(url: str) -> None:
    """Checkpoint the workshop (``TRUNCATE``) when this process ends, once per workshop."""
    if sqlite_path(url) is None or url in _AT_EXIT:
        return
    _AT_EXIT.add(url)
    atexit.register(checkpoint, url, "TRUNCATE")


def copy_name(url: str, folder: str | os.PathLike[str] | None = None, stamp: str = "") -> Path:
    """Give where a copy of the workshop is saved: ``<name>-copy-<stamp>.sqlite`` beside the
    file, or in ``folder``."""
    path = sqlite_path(url)
    stem = path.stem if path is not None else "workshop"
    where = Path(folder) if folder is not None else (path.parent if path else Path.cwd())
    return where / f"{stem}-copy{'-' + stamp if stamp else ''}.sqlite"


def save_copy(
    url: str, target: str | os.PathLike[str], progress: Callable[[int, int], None] | None = None
) -> Path:
    """Write a complete copy of the workshop to ``target`` with SQLite's backup API, check it,
    and give its path.

    The copy is consistent even while others write. It is then opened read-only and checked:
    ``PRAGMA integrity_check`` says ok and it holds as many records and changes as the
    workshop did when copied. A failed check removes the copy and raises ``StoreError``.
    """
    source = sqlite_path(url)
    if source is None:
        raise StoreError("error.copy_not_file", path=url)
    out = Path(target)
    if out.resolve() == source.resolve():
        raise StoreError("error.copy_same", path=str(out))
    if not out.parent.is_dir():
        raise StoreError("error.copy_no_folder", path=str(out.parent))
    partial = out.with_name(out.name + ".partial")
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(partial)
            try:
                with src:
                    # One read transaction: the counts are of exactly what was copied.
                    src.execute("BEGIN")
                    counts = _counts(src)
                    src.backup(dst, pages=256, progress=_progress(progress))
                    src.execute("COMMIT")
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _check(partial, counts)
        os.replace(partial, out)
    except (sqlite3.Error, OSError) as err:
        partial.unlink(missing_ok=True)
        raise StoreError("error.copy_failed", path=str(out), reason=str(err)) from None
    except StoreError:
        partial.unlink(missing_ok=True)
        raise
    return out


def _progress(report: Callable[[int, int], None] | None) -> Callable[[int, int, int], None] | None:
    if report is None:
        return None
    return lambda _status, remaining, total: report(total - remaining, total)


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    changes = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    return int(records), int(changes)


def _check(path: Path, expected: tuple[int, int]) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        found = _counts(conn)
    finally:
        conn.close()
    if ok != "ok" or found != expected:
        reason = ok if ok != "ok" else f"{found[0]}/{expected[0]}"
        raise StoreError("error.copy_failed", path=str(path.with_suffix("")), reason=reason)
