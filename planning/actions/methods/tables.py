"""The stage's tables as plain data, for CSV, XLSX and HTML writers alike.

A :class:`Table` has a title, columns with up to two header levels (a column may sit under a
group header, e.g. "Perkiraan Biaya dan Sumber Pembiayaan" over "Jumlah (Rp)" and "Sumber"),
groups of rows each with a subtotal, and a grand total. A cell is one of: ``None``, ``str``,
``int``, ``float``, ``bool`` (a tick), :class:`planning.errors.Msg` (words from the catalogue),
:class:`planning.actions.methods.reference.Named` (a name from a data file, ``.text(lang)``),
:class:`Period` (start and end dates), or a tuple of those (several lines in one cell).

Examples
--------
>>> t = Table(Msg("t"), (Column("no", "No"), Column("a", "A", Msg("g")),
...           Column("b", "B", Msg("g"))), (), 0)
>>> [[(c.label, c.colspan, c.rowspan) for c in row] for row in t.header_rows()]
[[('No', 1, 2), (Msg('g', **{}), 2, 1)], [('A', 1, 1), ('B', 1, 1)]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from planning.errors import Msg

from .model import Activity, Indicator, MapInfo, Need, Objective, Risk, months_spanned
from .reference import BidangRef, Named, load_bidang
from .vocab import FUNDING_SOURCES, LEVELS, MODES, STRATEGIES, label_key


@dataclass(frozen=True)
class Period:
    """When an activity runs (writers format the dates for the language)."""

    start: date
    end: date


Cell: TypeAlias = "str | int | float | bool | Msg | Named | Period | tuple[Cell, ...] | None"


@dataclass(frozen=True)
class Column:
    """A column: a machine ``id``, its header ``label`` and, for a two-level header, the
    ``group`` header it sits under."""

    id: str
    label: Msg | str
    group: Msg | None = None


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a header row, spanning ``colspan`` columns and ``rowspan`` header rows."""

    label: Msg | str
    colspan: int
    rowspan: int


@dataclass(frozen=True)
class Group:
    """Rows under one title (a bidang, a funding source, a logframe level) with their
    subtotal (``None`` when the table has no amounts)."""

    code: str
    title: Msg | Named | str
    rows: tuple[tuple[Cell, ...], ...]
    subtotal: int | None


@dataclass(frozen=True)
class Table:
    """A titled table: columns, groups of rows, grand total; ``amount_column`` is the id of
    the column the subtotals and total add up (``None`` without amounts)."""

    title: Msg
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    total: int | None
    amount_column: str | None = None

    def header_rows(self) -> list[list[HeaderCell]]:
        """Give the header as one row (no grouped columns) or two rows: an ungrouped column
        spans both, a group header spans its consecutive columns."""
        if all(c.group is None for c in self.columns):
            return [[HeaderCell(c.label, 1, 1) for c in self.columns]]
        top: list[HeaderCell] = []
        bottom: list[HeaderCell] = []
        i = 0
        while i < len(self.columns):
            col = self.columns[i]
            if col.group is None:
                top.append(HeaderCell(col.label, 1, 2))
                i += 1
                continue
            span = 1
            while i + span < len(self.columns) and self.columns[i + span].group == col.group:
                span += 1
            top.append(HeaderCell(col.group, span, 1))
            bottom += [HeaderCell(c.label, 1, 1) for c in self.columns[i : i + span]]
            i += span
        return [top, bottom]

    def column_ids(self) -> list[str]:
        """Give the columns' ids in order."""
        return [c.id for c in self.columns]


# -- logframe -------------------------------------------------------------------------------


def _columns(table: str, *ids: str, group: Msg | None = None) -> tuple[Column, ...]:
    """Give columns headed by the words ``actions.<table>.<id>`` (under ``group``, if any)."""
    return tuple(Column(i, Msg(f"actions.{table}.{i}"), group) for i in ids)


LOGFRAME_COLUMNS = _columns(
    "logframe", "ref", "narrative", "indicators", "verification", "assumptions"
)


def _indicator_cell(i: Indicator) -> Msg:
    return Msg(
        "actions.cell.indicator",
        name=i.name,
        baseline=i.baseline if i.baseline is not None else "-",
        target=i.target if i.target is not None else "-",
        unit=i.unit,
        date=i.target_date if i.target_date is not None else "-",
    )


def _assumption_cell(r: Risk) -> Msg:
    return Msg(
        "actions.cell.assumption",
        risk=r.text,
        likelihood=r.likelihood,
        impact=r.impact,
        mitigation=r.mitigation or "-",
    )


def logframe_table(
    objectives: Iterable[Objective],
    activities: Iterable[Activity],
    indicators: Iterable[Indicator],
    risks: Iterable[Risk],
    needs: Iterable[Need] = (),
) -> Table:
    """The logframe matrix: groups goal, purpose, output, activity; columns narrative,
    indicators, means of verification, assumptions (the risks on that row, written as
    assumptions). Objectives go by their need's rank then id; activities by their objective's
    place, then start, then id (those without a known objective last)."""
    rank = {n.id: n.rank for n in needs}
    by_target: dict[tuple[str, str], list[Indicator]] = {}
    for i in indicators:
        by_target.setdefault((i.measures_kind, i.measures_id), []).append(i)
    risks_on: dict[tuple[str, str], list[Risk]] = {}
    for r in risks:
        risks_on.setdefault((r.on_kind, r.on_id), []).append(r)

    def row(kind: str, ref: str, narrative: str) -> tuple[Cell, ...]:
        inds = by_target.get((kind, ref), [])
        return (
            ref,
            narrative,
            tuple(_indicator_cell(i) for i in inds),
            tuple(i.verification for i in inds if i.verification),
            tuple(_assumption_cell(r) for r in risks_on.get((kind, ref), [])),
        )

    objs = sorted(objectives, key=lambda o: (rank.get(o.need, len(rank) + 1), o.id))
    place = {o.id: n for n, o in enumerate(sorted(objs, key=lambda o: _level_order(o.level)))}
    groups = [
        Group(
            level,
            Msg(label_key("level", level)),
            tuple(row("objective", o.id, o.text) for o in objs if o.level == level),
            None,
        )
        for level in LEVELS
    ]
    acts = sorted(activities, key=lambda a: (place.get(a.objective, len(place)), a.start, a.id))
    groups.append(
        Group(
            "activity",
            Msg(label_key("level", "activity")),
            tuple(row("activity", a.id, a.title) for a in acts),
            None,
        )
    )
    return Table(Msg("actions.table.logframe"), LOGFRAME_COLUMNS, tuple(groups), None)


def _level_order(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


# -- RKP Desa and DU-RKPDesa (Permendagri 114/2014) -----------------------------------------

_COST = Msg("actions.rkp.group_cost")
_MODE = Msg("actions.rkp.group_mode")

RKP_COLUMNS = (
    *_columns("rkp", "no", "activity", "location", "volume", "beneficiaries", "period"),
    *_columns("rkp", "amount", "source", group=_COST),
    *_columns("rkp", "swakelola", "kerja_sama_antar_desa", "kerja_sama_pihak_ketiga", group=_MODE),
    *_columns("rkp", "implementer"),
)
"""The RKP Desa activity table's columns, as in the Permendagri 114/2014 form."""


def _rkp_row(no: int, a: Activity, map_info: MapInfo | None) -> tuple[Cell, ...]:
    lead = map_info.name(a.lead) if map_info is not None else a.lead
    return (
        no,
        a.title,
        a.dusun,
        Msg("actions.cell.volume", amount=a.volume, unit=a.unit),
        Msg(
            "actions.cell.beneficiaries",
            men=a.men,
            women=a.women,
            poor_households=a.poor_households,
            pkh_families=a.pkh_families,
        ),
        Period(a.start, a.end),
        a.cost,
        Msg(label_key("source", a.source)),
        *(a.mode == m for m in MODES),
        lead,
    )


def _by_bidang(
    title: Msg,
    activities: Iterable[Activity],
    destination: str,
    bidang: BidangRef | None,
    map_info: MapInfo | None,
) -> Table:
    ref = bidang if bidang is not None else load_bidang()
    chosen = [a for a in activities if a.destination == destination]
    codes = sorted({a.bidang for a in chosen}, key=lambda c: (ref.order(c), c))
    groups = []
    for code in codes:
        acts = sorted(
            (a for a in chosen if a.bidang == code),
            key=lambda a: (ref.order(a.sub_bidang), a.start, a.id),
        )
        rows = tuple(_rkp_row(n, a, map_info) for n, a in enumerate(acts, start=1))
        groups.append(Group(code, ref.name(code), rows, sum(a.cost for a in acts)))
    total = sum(g.subtotal or 0 for g in groups)
    return Table(title, RKP_COLUMNS, tuple(groups), total, "amount")


def rkp_desa_table(
    activities: Iterable[Activity],
    *,
    bidang: BidangRef | None = None,
    map_info: MapInfo | None = None,
) -> Table:
    """The RKP Desa activity table: activities going to the village budget, grouped by bidang
    (in the order of the bidang list), numbered from 1 in each bidang, ordered by sub-bidang
    then start; a subtotal per bidang and a grand total. The implementer is the lead's name on
    the map (its id without a map)."""
    return _by_bidang(Msg("actions.table.rkp_desa"), activities, "village_budget", bidang, map_info)


def du_rkp_desa_table(
    activities: Iterable[Activity],
    *,
    bidang: BidangRef | None = None,
    map_info: MapInfo | None = None,
) -> Table:
    """The DU-RKPDesa list of proposals to the kecamatan Musrenbang, laid out like the RKP Desa
    table, for the activities whose destination is ``musrenbang``."""
    return _by_bidang(Msg("actions.table.du_rkp_desa"), activities, "musrenbang", bidang, map_info)


# -- public information board ---------------------------------------------------------------

BOARD_COLUMNS = _columns("board", "no", "activity", "location", "amount", "source")


def information_board(activities: Iterable[Activity]) -> Table:
    """The public information board of the village budget: what, where, how much, from which
    source; grouped by funding source (in the order of the source list) with a total per
    source and a grand total."""
    chosen = [a for a in activities if a.destination == "village_budget"]
    order = {s: n for n, s in enumerate(FUNDING_SOURCES)}
    sources = sorted({a.source for a in chosen}, key=lambda s: (order.get(s, len(order)), s))
    groups = []
    for source in sources:
        acts = sorted((a for a in chosen if a.source == source), key=lambda a: (a.start, a.id))
        label = Msg(label_key("source", source))
        rows = tuple((n, a.title, a.dusun, a.cost, label) for n, a in enumerate(acts, start=1))
        groups.append(Group(source, label, rows, sum(a.cost for a in acts)))
    total = sum(g.subtotal or 0 for g in groups)
    return Table(Msg("actions.table.board"), BOARD_COLUMNS, tuple(groups), total, "amount")


# -- Gantt ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GanttBar:
    """One bar of the Gantt chart: an activity's strategy, dates and the months it spans."""

    activity: str
    title: str
    strategy: str
    start: date
    end: date
    months: tuple[str, ...]


def gantt_rows(activities: Iterable[Activity]) -> list[GanttBar]:
    """The Gantt data: one bar per activity, sorted by strategy (in the order of the four
    strategies, unknown ones last) then start, then id."""
    order = {s: n for n, s in enumerate(STRATEGIES)}
    acts = sorted(
        activities, key=lambda a: (order.get(a.strategy, len(order)), a.strategy, a.start, a.id)
    )
    return [
        GanttBar(a.id, a.title, a.strategy, a.start, a.end, tuple(months_spanned(a.start, a.end)))
        for a in acts
    ]


def table_rows(table: Table) -> Sequence[tuple[Cell, ...]]:
    """Give every row of a table in order, without group titles or subtotals."""
    return [row for group in table.groups for row in group.rows]
