"""The workshop store: schema, the Workshop API, and the write context with the stages' rules."""

from planning.store.schema import SCHEMA_VERSION, Action, Change, RowWrite
from planning.store.workshop import (
    FACILITATOR,
    Workshop,
    create_workshop,
    database_url,
    now,
    open_workshop,
)
from planning.store.writes import WORKSHOP_ID, WriteContext

__all__ = [
    "FACILITATOR",
    "SCHEMA_VERSION",
    "WORKSHOP_ID",
    "Action",
    "Change",
    "RowWrite",
    "Workshop",
    "WriteContext",
    "create_workshop",
    "database_url",
    "now",
    "open_workshop",
]
