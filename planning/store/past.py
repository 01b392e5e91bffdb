"""A workshop as it stood after one change: a read-only view for comparing then with now.

Nothing in a workshop is overwritten (every add, edit, removal and undo appends versions), so
the state after change ``n`` is, for each record, its newest version written by change ``n`` or
an earlier one, unless that version marks it removed. :class:`WorkshopAsOf` reads exactly that,
and offers the reading half of :class:`~planning.store.workshop.Workshop` (``snapshot``,
``records``, ``get``, ``find``, ``info``, ``lang``), so a stage's result runs over it as over the
workshop: ``stages.result(ws.as_of(seq), "stakeholders")`` is the map as it was drawn then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

import sqlalchemy as sa

from planning.errors import Msg, NotFoundError, ReadOnlyError
from planning.records import Record, WorkshopInfo, kind_class
from planning.store.schema import records_table
from planning.store.writes import WORKSHOP_ID, find_named

if TYPE_CHECKING:
    from planning.store.workshop import Workshop

R = TypeVar("R", bound=Record)


class ReadOnlyView:
    """The reading half of a workshop over a subclass's ``snapshot`` (``records``, ``get``,
    ``find``, ``info``, ``lang``, ``is_demo``); every writing method is refused with the
    message a read-only workshop gives. ``workshop`` is the workshop viewed, ``location``
    where it is."""

    read_only = True
    workshop: Any
    location: str

    def snapshot(self, kind: type[R] | str) -> tuple[R, ...]:
        raise NotImplementedError

    def records(self, kind: type[R] | str) -> list[R]:
        """Give the records of a kind as the view holds them."""
        return list(self.snapshot(kind))

    def get(self, kind: type[R] | str, record_id: str) -> R:
        """Give one record as the view holds it, or raise ``NotFoundError``."""
        cls = cast(type[R], kind_class(kind))
        for record in self.snapshot(cls):
            if record.id == record_id:
                return record
        raise NotFoundError(kind=Msg(f"kind.{cls.KIND}"), value=record_id)

    def find(self, kind: type[R] | str, name: str) -> R:
        """Give the record of a kind whose (normalised) name or id is ``name``."""
        cls = cast(type[R], kind_class(kind))
        return find_named(cls, self.snapshot(cls), name)

    def info(self) -> WorkshopInfo:
        """Give the workshop record as the view holds it."""
        return self.get(WorkshopInfo, WORKSHOP_ID)

    @property
    def lang(self) -> str:
        """The workshop's language in the view, ``id`` or ``en``."""
        return self.info().language

    @property
    def is_demo(self) -> bool:
        """Whether this is a demo workshop."""
        return bool(getattr(self.workshop, "is_demo", False))

    def __getattr__(self, name: str) -> Any:
        # Any writing method of a workshop (add, edit, undo...) is refused, with the message a
        # read-only workshop gives.
        if name in _WRITES:
            raise ReadOnlyError(path=self.location)
        raise AttributeError(name)


class WorkshopAsOf(ReadOnlyView):
    """A read-only view of a workshop right after change ``change`` (see
    :meth:`Workshop.as_of <planning.store.workshop.Workshop.as_of>`).

    The past does not change, so each kind is read once and its snapshot stays the same tuple,
    which lets the stages' memo reuse a result computed over the view. Writing is refused.
    """

    read_only = True

    def __init__(self, ws: Workshop, change: int) -> None:
        self.workshop = ws
        self.change = int(change)
        self.url = ws.url
        self.location = ws.location
        self.by = ws.by
        self._read: dict[str, tuple[Record, ...]] = {}

    def __repr__(self) -> str:
        return f"<WorkshopAsOf {self.location} after change {self.change}>"

    def snapshot(self, kind: type[R] | str) -> tuple[R, ...]:
        """Give the records of a kind as they stood after the change, in the order first
        entered (the same tuple every time)."""
        cls = cast(type[R], kind_class(kind))
        found = self._read.get(cls.KIND)
        if found is None:
            found = self._read[cls.KIND] = self._records(cls)
        return cast(tuple[R, ...], found)

    def _records(self, cls: type[R]) -> tuple[R, ...]:
        r = records_table
        then = sa.and_(r.c.kind == cls.KIND, r.c.change_seq <= self.change)
        latest = (
            sa.select(r.c.id, sa.func.max(r.c.seq).label("m"), sa.func.min(r.c.seq).label("f"))
            .where(then)
            .group_by(r.c.id)
            .subquery()
        )
        query = (
            sa.select(r, latest.c.f)
            .join(latest, r.c.seq == latest.c.m)
            .where(r.c.removed == sa.false())
            .order_by(latest.c.f)
        )
        ws = self.workshop
        with ws._reading() as conn:
            rows = conn.execute(query).all()
        return tuple(ws._from_row(cls, row) for row in rows)

    def change_marker(self) -> int:
        """Give the number of the change this view stands after."""
        return self.change

    def counts(self) -> dict[str, int]:
        """Give how many records each kind had after the change."""
        from planning.records import KINDS

        return {kind: len(self.snapshot(kind)) for kind in KINDS if kind != "workshop"}


_WRITES = frozenset(
    {"add", "add_many", "edit", "remove", "put", "put_many", "update_info", "undo", "write",
     "import_records", "merge", "set_meta", "delete_meta"}
)  # fmt: skip
