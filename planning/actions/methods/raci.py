"""A RACI matrix from the activities' leads and partners and the partnership map.

Per activity: the lead is R (responsible) and A (accountable), unless an accountable body is
given (e.g. the village head, for every activity or per activity), who is then A and the lead R
only; partners are C (consulted); community groups on the map that take no part in the
activity but are directly linked to its lead are I (informed).

Examples
--------
>>> from datetime import date
>>> from planning.actions.methods.model import Activity, MapInfo
>>> a = Activity("a1", "Kelas ibu", "", "n1", "training", "2", "2.2", "bidan", ("pkk",), "", 1,
...              "kelas", 0, 20, 0, 0, date(2026, 1, 1), date(2026, 2, 1), 100, "dana_desa",
...              "swakelola", "village_budget", "agreed")
>>> m = MapInfo({"bidan": "Bidan desa", "pkk": "PKK", "kwt": "KWT Mawar", "kades": "Kades"},
...             {"bidan": True}, {}, frozenset({"pkk", "kwt"}), {"bidan": ("kwt", "pkk")})
>>> r = raci_matrix([a], m, accountable="kades")
>>> r.actors
('bidan', 'pkk', 'kwt', 'kades')
>>> r.rows[0].roles
{'bidan': 'R', 'kades': 'A', 'pkk': 'C', 'kwt': 'I'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Activity, MapInfo


@dataclass(frozen=True)
class RaciRow:
    """One activity's roles: actor id -> letters (``"RA"``, ``"R"``, ``"A"``, ``"C"``,
    ``"I"``; an actor with two roles gets both letters, e.g. ``"AC"``)."""

    activity: str
    title: str
    roles: dict[str, str]


@dataclass(frozen=True)
class Raci:
    """Rows per activity; ``actors`` are the columns: every actor with a role, in the map's
    order, then actors not on the map in the order met; ``names`` gives their names."""

    actors: tuple[str, ...]
    names: dict[str, str]
    rows: tuple[RaciRow, ...]


_ORDER = "RACI"


def _add(roles: dict[str, str], actor: str, letter: str) -> None:
    letters = set(roles.get(actor, "")) | {letter}
    roles[actor] = "".join(c for c in _ORDER if c in letters)


def raci_matrix(
    activities: Iterable[Activity],
    map_info: MapInfo,
    *,
    accountable: str | Mapping[str, str] | None = None,
) -> Raci:
    """Build the RACI matrix. ``accountable`` is an actor id accountable for every activity,
    or a mapping activity id -> actor id (activities not in it keep their lead as A)."""
    rows: list[RaciRow] = []
    seen: dict[str, None] = {}
    for a in activities:
        roles: dict[str, str] = {}
        owner = accountable.get(a.id) if isinstance(accountable, Mapping) else accountable
        if a.lead:
            _add(roles, a.lead, "R")
            if not owner:
                _add(roles, a.lead, "A")
        if owner:
            _add(roles, owner, "A")
        for partner in a.partners:
            if partner:
                _add(roles, partner, "C")
        if a.lead:
            for group in map_info.actors:
                if (
                    group in map_info.community_groups
                    and group not in roles
                    and map_info.linked(a.lead, group)
                ):
                    roles[group] = "I"
        rows.append(RaciRow(a.id, a.title, roles))
        for actor in roles:
            seen.setdefault(actor)
    on_map = [actor for actor in map_info.actors if actor in seen]
    off_map = [actor for actor in seen if actor not in map_info.actors]
    actors = tuple(on_map + off_map)
    return Raci(actors, {actor: map_info.name(actor) for actor in actors}, tuple(rows))
