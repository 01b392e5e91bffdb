"""The tables a workshop is stored in, their migrations, and the named rows read from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import sqlalchemy as sa

SCHEMA_VERSION = 3

Action = Literal["add", "edit", "remove", "import", "merge", "undo", "new"]

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
    # The kinds a change touched: one, or a list (a merge, an XLSX of several sheets).
    sa.Column("kind", sa.Text, nullable=False),
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


def _migrate_2_to_3(conn: sa.Connection) -> None:
    # Schema 2's changes.kind was VARCHAR(40): PostgreSQL refused a merge's or a multi-sheet
    # import's list of kinds. SQLite never enforced the length: nothing to do there.
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE changes ALTER COLUMN kind TYPE TEXT")


MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


class RowWrite(NamedTuple):
    """One version of one record about to be written.

    ``at`` and ``by`` keep when and by whom a version was first entered (a merged copy's);
    None: now, by whoever writes the change.
    """

    id: str
    version: int
    data: dict[str, Any]
    removed: bool
    kind: str
    at: str | None = None
    by: str | None = None


@dataclass(frozen=True)
class Change:
    """One entry of a workshop's history."""

    seq: int
    at: str
    by: str
    action: Action
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
