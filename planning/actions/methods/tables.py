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
from planning.records import MKP

from .model import Activity, Indicator, Need, Objective, Risk, months_spanned
from .reference import BidangRef, Named, load_bidang
from .vocab import FUNDING_SOURCES, LEVELS, MODES, STRATEGIES, SUPRA_SOURCES, label_key


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
    total_label: Msg | None = None

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

NOT_FUNDED = "not_funded"
"""The code of the RKP Desa's last group: activities the ceilings leave out, each with why."""

FINANCING = "financing"
"""The code of the group of financing (pembiayaan: penyertaan modal), not spending by bidang."""


def _sub_bidang(a: Activity, ref: BidangRef) -> Msg:
    return Msg("actions.cell.sub_bidang", code=a.sub_bidang, name=ref.name(a.sub_bidang))


def _beneficiaries(a: Activity) -> Msg:
    return Msg(
        "actions.cell.beneficiaries",
        men=a.men,
        women=a.women,
        poor_households=a.poor_households,
        pkh_families=a.pkh_families,
    )


def _rkp_row(no: int, a: Activity, ref: BidangRef, why: Msg | None = None) -> tuple[Cell, ...]:
    what: tuple[Cell, ...] = (_sub_bidang(a, ref), a.title)
    if a.origin == MKP:  # the women's deliberation's proposal stays seen in the plan
        what = (*what, Msg("origin.mkp"))
    return (
        no,
        (*what, why) if why is not None else what,
        a.dusun,
        Msg("actions.cell.volume", amount=a.volume, unit=a.unit),
        _beneficiaries(a),
        Period(a.start, a.end),
        a.cost,
        Msg(label_key("source", a.source)),
        *(a.mode == m for m in MODES),
        a.implementer,
    )


def rkp_desa_table(
    activities: Iterable[Activity],
    *,
    bidang: BidangRef | None = None,
    left_out: Iterable[tuple[Activity, Msg]] = (),
) -> Table:
    """The RKP Desa activity table of what the village budget pays (give the activities that
    fit under the ceilings): grouped by bidang (in the order of the bidang list), numbered from
    1 in each bidang, ordered by sub-bidang then start, each row naming its sub-bidang; then
    the financing (penyertaan modal) and, last, the ``left_out`` activities as "Belum
    terdanai", each saying why. A subtotal per group; the total is what is funded. The
    implementer is the village's own (a Kasi or Kaur, a TPK, a lembaga desa); outside bodies
    are partners and not shown here. Musrenbang proposals and activities paid from outside the
    village budget are left out."""
    ref = bidang if bidang is not None else load_bidang()
    chosen = [a for a in activities if a.in_village_budget]
    spending = [a for a in chosen if a.budget_part != FINANCING]
    codes = sorted({a.bidang for a in spending}, key=lambda c: (ref.order(c), c))
    groups = []
    for code in codes:
        acts = sorted(
            (a for a in spending if a.bidang == code),
            key=lambda a: (ref.order(a.sub_bidang), a.start, a.id),
        )
        rows = tuple(_rkp_row(n, a, ref) for n, a in enumerate(acts, start=1))
        groups.append(Group(code, ref.name(code), rows, sum(a.cost for a in acts)))
    financing = sorted((a for a in chosen if a.budget_part == FINANCING), key=lambda a: a.id)
    if financing:
        rows = tuple(_rkp_row(n, a, ref) for n, a in enumerate(financing, start=1))
        groups.append(
            Group(FINANCING, Msg("actions.rkp.financing"), rows, sum(a.cost for a in financing))
        )
    total = sum(g.subtotal or 0 for g in groups)
    waiting = list(left_out)
    if waiting:
        rows = tuple(_rkp_row(n, a, ref, why) for n, (a, why) in enumerate(waiting, start=1))
        groups.append(
            Group(NOT_FUNDED, Msg("actions.rkp.not_funded"), rows, sum(a.cost for a, _ in waiting))
        )
    label = Msg("actions.rkp.total_funded") if waiting else None
    return Table(Msg("actions.table.rkp_desa"), RKP_COLUMNS, tuple(groups), total, "amount", label)


DU_COLUMNS = (
    *_columns("du", "priority", "activity", "location", "volume", "beneficiaries", "period"),
    *_columns("du", "amount", "source", group=_COST),
    *_columns("du", "authority", "origin"),
)
"""The DU-RKPDesa columns: the proposals the kecamatan Musrenbang reads, by priority, with the
supra-village source, the authority (OPD) asked and where it was proposed ("usulan MKP" for a
women's deliberation's, PNPM's way of keeping women's proposals seen); no delivery mode, no
village implementer."""


def du_rkp_desa_table(
    activities: Iterable[Activity],
    *,
    bidang: BidangRef | None = None,
    priority: Iterable[Need] = (),
) -> Table:
    """The DU-RKPDesa: the proposals to the kecamatan Musrenbang (destination ``musrenbang``),
    numbered by the group's priority (their need's rank, then votes), each with its bidang and
    jenis kegiatan, location, volume, time, estimated cost, the supra-village source (APBD
    kabupaten, APBD provinsi, APBN) and the authority or OPD asked; one group, its total."""
    from .budget import priority_order

    ref = bidang if bidang is not None else load_bidang()
    chosen = [a for a in activities if a.destination == "musrenbang"]
    rows = tuple(
        (
            n,
            (ref.name(a.bidang), a.title),
            a.dusun,
            Msg("actions.cell.volume", amount=a.volume, unit=a.unit),
            _beneficiaries(a),
            Period(a.start, a.end),
            a.cost,
            Msg(label_key("supra", a.source))
            if a.source in SUPRA_SOURCES
            else Msg("actions.supra.none"),
            a.authority,
            Msg("origin.mkp") if a.origin == MKP else "",
        )
        for n, a in enumerate(priority_order(chosen, priority), start=1)
    )
    total = sum(a.cost for a in chosen)
    groups = (Group("musrenbang", Msg("actions.du.group"), rows, total),) if rows else ()
    return Table(Msg("actions.table.du_rkp_desa"), DU_COLUMNS, groups, total, "amount")


# -- the board: the plan as the musyawarah agreed it ----------------------------------------

BOARD_COLUMNS = _columns(
    "board", "no", "activity", "location", "volume", "period", "amount", "source", "implementer"
)


def information_board(activities: Iterable[Activity]) -> Table:
    """The public board of the plan (the RKP Desa as agreed, not yet the APBDes): per activity
    what, where, volume, when, how much, source and implementer, for what the village budget
    pays (give the activities that fit under the ceilings); grouped by funding source (in the
    order of the source list) with a total per source and a grand total."""
    chosen = [a for a in activities if a.in_village_budget]
    order = {s: n for n, s in enumerate(FUNDING_SOURCES)}
    sources = sorted({a.source for a in chosen}, key=lambda s: (order.get(s, len(order)), s))
    groups = []
    for source in sources:
        acts = sorted((a for a in chosen if a.source == source), key=lambda a: (a.start, a.id))
        label = Msg(label_key("source", source))
        rows = tuple(
            (
                n,
                a.title,
                a.dusun,
                Msg("actions.cell.volume", amount=a.volume, unit=a.unit),
                Period(a.start, a.end),
                a.cost,
                label,
                a.implementer,
            )
            for n, a in enumerate(acts, start=1)
        )
        groups.append(Group(source, label, rows, sum(a.cost for a in acts)))
    total = sum(g.subtotal or 0 for g in groups)
    return Table(Msg("actions.table.board"), BOARD_COLUMNS, tuple(groups), total, "amount")


TOTALS_COLUMNS = _columns("totals", "item", "amount")


def board_totals(activities: Iterable[Activity], *, bidang: BidangRef | None = None) -> Table:
    """The board's totals: money by funding source (what the plan takes from each), spending
    by bidang, and financing (penyertaan modal), each block with its total; the grand total is
    the money by source (spending and financing together)."""
    ref = bidang if bidang is not None else load_bidang()
    chosen = [a for a in activities if a.in_village_budget]
    order = {s: n for n, s in enumerate(FUNDING_SOURCES)}
    by_source: dict[str, int] = {}
    by_bidang: dict[str, int] = {}
    financing = 0
    for a in chosen:
        by_source[a.source] = by_source.get(a.source, 0) + a.cost
        if a.budget_part == FINANCING:
            financing += a.cost
        else:
            by_bidang[a.bidang] = by_bidang.get(a.bidang, 0) + a.cost
    sources = sorted(by_source, key=lambda s: (order.get(s, len(order)), s))
    codes = sorted(by_bidang, key=lambda c: (ref.order(c), c))
    groups = [
        Group(
            "income",
            Msg("actions.totals.income"),
            tuple((Msg(label_key("source", s)), by_source[s]) for s in sources),
            sum(by_source.values()),
        ),
        Group(
            "spending",
            Msg("actions.totals.spending"),
            tuple(
                (Msg("actions.cell.sub_bidang", code=c, name=ref.name(c)), by_bidang[c])
                for c in codes
            ),
            sum(by_bidang.values()),
        ),
    ]
    if financing:
        groups.append(
            Group(
                FINANCING,
                Msg("actions.totals.financing"),
                ((Msg("actions.totals.capital"), financing),),
                financing,
            )
        )
    return Table(
        Msg("actions.table.board_totals"),
        TOTALS_COLUMNS,
        tuple(groups),
        sum(by_source.values()),
        "amount",
    )


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
