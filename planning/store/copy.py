"""``planning copy SOURCE TARGET``: a workshop moved between SQLite and PostgreSQL whole.

Every row of the three tables goes over as it is (its sequence number, who entered it and when,
what was undone), in one transaction on the target: the copy's history, summary and handout are
the original's. The target must be new: a SQLite file that does not exist yet, or a PostgreSQL
database that holds no table of ours; nothing already there is ever overwritten.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from planning.errors import Msg, ValidationError
from planning.store.database import (
    check_new_file,
    database_url,
    guarded,
    make_engine,
    not_a_workshop,
    shown_location,
    sqlite_path,
)
from planning.store.schema import changes_table, meta_table, metadata, records_table
from planning.store.workshop import open_workshop

# Rows inserted per statement: a large workshop goes over in a few round trips.
BATCH = 2000
TABLES = (meta_table, changes_table, records_table)


def copy_workshop(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> int:
    """Copy the workshop ``source`` to the new ``target``; give the number of changes copied.

    The source is opened as any command opens it (checked to be a workshop, an older one
    brought to the current schema), then read; the target is created and filled in one
    transaction, so a failure leaves no half copy in a database.
    """
    ws = open_workshop(source)
    url = ws.url
    ws.close()
    target_url = database_url(target)
    if target_url == url:
        raise ValidationError(
            "error.exists", field=Msg("field.path"), value=shown_location(target_url), allowed=""
        )
    path = sqlite_path(target_url)
    if path is not None:
        check_new_file(path)
    rows = _read_all(url)
    engine = make_engine(target_url)
    try:
        with (
            guarded(target_url),
            engine.connect().execution_options(write=True) as conn,
            conn.begin(),
        ):
            _check_empty(conn, shown_location(target_url))
            metadata.create_all(conn)
            for table in TABLES:
                found = rows[table.name]
                for start in range(0, len(found), BATCH):
                    conn.execute(table.insert(), found[start : start + BATCH])
            if conn.dialect.name == "postgresql":
                for table in (changes_table, records_table):
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'seq'), "
                        f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM {table.name}), false)"
                    )
    except BaseException:
        engine.dispose()
        if path is not None:  # it did not exist before: no half copy stays
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        raise
    engine.dispose()
    return len(rows[changes_table.name])


def _read_all(url: str) -> dict[str, list[dict[str, object]]]:
    engine = make_engine(url, read_only=True)
    try:
        with guarded(url), engine.connect() as conn:
            return {
                table.name: [
                    dict(row._mapping)
                    for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
                ]
                for table in TABLES
            }
    finally:
        engine.dispose()


def _check_empty(conn: sa.Connection, shown: str) -> None:
    insp = sa.inspect(conn)
    if insp.has_table("meta"):
        raise ValidationError("error.exists", field=Msg("field.path"), value=shown, allowed="")
    if any(insp.has_table(name) for name in metadata.tables):
        raise not_a_workshop(Msg("field.path"), shown)
