"""Plain input types of the action-plan stage, and the month arithmetic they share.

The stage's stored records are turned into these frozen dataclasses before any check, total or
table is made, so the methods never see storage. Ids are plain strings; a missing text is ``""``
and a missing number or date ``None``.

Examples
--------
>>> from datetime import date
>>> months_spanned(date(2026, 11, 20), date(2027, 2, 1))
['2026-11', '2026-12', '2027-01', '2027-02']
>>> spread_cost(1_000_000, date(2026, 1, 10), date(2026, 3, 5))
{'2026-01': 333334, '2026-02': 333333, '2026-03': 333333}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Need:
    """A priority need from stage 1; ``rank`` 1 is the most important."""

    id: str
    title: str
    rank: int


@dataclass(frozen=True)
class Objective:
    """A logframe objective for a need: ``level`` is goal, purpose or output."""

    id: str
    need: str
    level: str
    text: str


@dataclass(frozen=True)
class Activity:
    """One activity of the plan.

    ``bidang``/``sub_bidang`` are APBDes codes (``"2"``, ``"2.3"``); ``lead`` and ``partners``
    are actor ids from the partnership map; ``men``/``women``/``poor_households``/
    ``pkh_families`` count who it is for (for a BLT activity ``poor_households`` is the number of
    beneficiary families, KPM); ``cost`` is whole Rupiah; ``source``, ``mode``, ``destination``,
    ``strategy`` and ``status`` are codes of :mod:`planning.actions.methods.vocab`; ``votes`` is
    the support it got (dots or approvals) and breaks ties after the need's rank; ``dd_focus`` is
    the code of the year's Dana Desa focus it serves (``"blt"`` marks a BLT Desa activity), or
    ``""``. ``wage`` is the part of the cost paid as wages (PKTD); ``implementer`` the village's
    own body that carries it out (a Kasi or Kaur as PKA, a TPK, a lembaga desa); ``authority``
    the kabupaten office (OPD) or other authority a DU-RKPDesa proposal asks; ``budget_part``
    ``spending`` or ``financing`` (penyertaan modal); ``paid_outside`` the code of the year rule
    that pays it from outside the village budget (``""``: the village pays).
    """

    id: str
    title: str
    objective: str
    need: str
    strategy: str
    bidang: str
    sub_bidang: str
    lead: str
    partners: tuple[str, ...]
    dusun: str
    volume: float
    unit: str
    men: int
    women: int
    poor_households: int
    pkh_families: int
    start: date
    end: date
    cost: int
    source: str
    mode: str
    destination: str
    status: str
    votes: int = 0
    dd_focus: str = ""
    wage: int = 0
    implementer: str = ""
    authority: str = ""
    budget_part: str = "spending"
    paid_outside: str = ""
    pkh_support: str = ""  # the PKH component or P2K2 module it supports (data/pkh.csv)
    # Where it was proposed: "mkp" when it or its need came from a women's deliberation.
    origin: str = "plenary"

    @property
    def in_village_budget(self) -> bool:
        """Tell whether the village's own budget pays it (not a Musrenbang proposal, not paid
        from outside)."""
        return self.destination == "village_budget" and not self.paid_outside


@dataclass(frozen=True)
class Indicator:
    """How progress on an activity or an objective is measured.

    ``measures_kind`` is ``"activity"`` or ``"objective"`` and ``measures_id`` its id;
    ``baseline``/``target`` are numbers in ``unit`` (``None`` when not given); ``verification``
    is the means of verification; ``outcome`` is the stage outcome it shows, or ``""``.
    """

    id: str
    measures_kind: str
    measures_id: str
    name: str
    unit: str
    baseline: float | None
    target: float | None
    target_date: date | None
    verification: str
    outcome: str = ""
    dimension: str = ""  # the Indeks Desa dimension it feeds (data/indeks_desa.csv)
    sdg: str = ""  # the SDGs Desa goal it feeds (data/sdgs_desa.csv)


@dataclass(frozen=True)
class Risk:
    """A risk on an activity or objective; shown as an assumption in the logframe.
    ``likelihood`` and ``impact`` run from 1 (low) to 3 (high)."""

    id: str
    on_kind: str
    on_id: str
    text: str
    likelihood: int
    impact: int
    mitigation: str


@dataclass(frozen=True)
class MapInfo:
    """What the checks need from the stage 2 partnership map.

    ``actors`` maps actor id to name (in the map's order); ``reaches_community`` says whether an
    actor has a path to at least one community group; ``suggestions`` maps a need id to the actor
    ids the map proposes for it; ``community_groups`` are the actors that are community groups;
    ``links`` maps an actor id to the actors it is directly linked with (either direction).
    """

    actors: dict[str, str]
    reaches_community: dict[str, bool]
    suggestions: dict[str, list[str]]
    community_groups: frozenset[str] = frozenset()
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, actor: str) -> str:
        """Give an actor's name, or its id when it is not on the map."""
        return self.actors.get(actor, actor)

    def linked(self, a: str, b: str) -> bool:
        """Tell whether two actors are directly linked on the map (in either direction)."""
        return b in self.links.get(a, ()) or a in self.links.get(b, ())


@dataclass(frozen=True)
class Plan:
    """Everything one village's action plan holds, for the methods that look at all of it."""

    year: int
    needs: tuple[Need, ...]
    objectives: tuple[Objective, ...]
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]
    risks: tuple[Risk, ...]
    map_info: MapInfo


def month_key(day: date) -> str:
    """Give the ``YYYY-MM`` key of a day's month."""
    return f"{day.year:04d}-{day.month:02d}"


def months_spanned(start: date, end: date) -> list[str]:
    """Give the calendar months from ``start``'s to ``end``'s, both included, as ``YYYY-MM``.

    An activity whose end comes before its start (a date finding) spans its start month only.

    Examples
    --------
    >>> months_spanned(date(2026, 3, 31), date(2026, 3, 1))
    ['2026-03']
    """
    if end < start:
        return [month_key(start)]
    first = start.year * 12 + start.month - 1
    last = end.year * 12 + end.month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]


def spread_cost(cost: int, start: date, end: date) -> dict[str, int]:
    """Spread a cost evenly over the calendar months an activity touches, in whole Rupiah.

    Every month spanned (even one touched for a single day) gets ``cost // months``; the
    ``cost % months`` Rupiah left over go one each to the earliest months, so the parts add up
    to the cost exactly.

    Examples
    --------
    >>> spread_cost(10, date(2026, 1, 1), date(2026, 4, 30))
    {'2026-01': 3, '2026-02': 3, '2026-03': 2, '2026-04': 2}
    """
    months = months_spanned(start, end)
    base, extra = divmod(cost, len(months))
    return {m: base + (1 if i < extra else 0) for i, m in enumerate(months)}
