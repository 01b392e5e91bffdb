"""The shape of the whole Net-Map: who stands alone, which groups are apart, how centralised the
map is, and where the conflicts are.

Connection means a non-conflict link (conflict is not a channel). So an actor whose only links
are conflicts is *not* isolated (it has links) but is connected to no one: it is reported in
:attr:`MapStructure.conflict_only`, and, like an isolate, it is in no group of
:attr:`MapStructure.groups`.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from planning.stakeholders.methods.graph import CONFLICT
from planning.stakeholders.methods.views import channel_graph

__all__ = [
    "MapStructure",
    "conflict_only",
    "conflict_pairs",
    "degree_centralisation",
    "groups",
    "isolates",
    "map_structure",
]


@dataclass(frozen=True)
class MapStructure:
    """The whole-map findings: see the function of the same name for each field."""

    isolates: tuple[str, ...]
    conflict_only: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    centralisation: float
    conflicts: tuple[tuple[str, str], ...]


def isolates(G: nx.MultiDiGraph) -> tuple[str, ...]:
    """Give the actors with no link at all (conflict counts as a link), sorted.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcz", "a>b conflict")
    >>> isolates(G)
    ('c', 'z')
    """
    return tuple(sorted(a for a in G if G.degree(a) == 0))


def conflict_only(G: nx.MultiDiGraph) -> tuple[str, ...]:
    """Give the actors whose every link is a conflict: linked, yet connected to no one.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abc", "a>b conflict", "b>c funding")
    >>> conflict_only(G)
    ('a',)
    """
    found = []
    for a in sorted(G):
        keys = {k for *_, k in G.out_edges(a, keys=True)}
        keys.update(k for *_, k in G.in_edges(a, keys=True))
        if keys == {CONFLICT}:
            found.append(a)
    return tuple(found)


def groups(G: nx.MultiDiGraph) -> tuple[tuple[str, ...], ...]:
    """Give the groups of actors connected to each other: weakly connected components of the
    non-conflict links, largest first (then by smallest id), each sorted.

    Actors with no non-conflict link (:func:`isolates` and :func:`conflict_only`) are left out:
    a map in one piece with a few isolates gives one group.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcdez", "d>e funding", "c>a training", "b>a information", "e>z conflict")
    >>> groups(G)
    (('a', 'b', 'c'), ('d', 'e'))
    """
    UG = channel_graph(G)
    found = [tuple(sorted(c)) for c in nx.connected_components(UG) if len(c) > 1]
    return tuple(sorted(found, key=lambda c: (-len(c), c[0])))


def degree_centralisation(G: nx.MultiDiGraph) -> float:
    """Give Freeman's degree centralisation of the undirected non-conflict graph, 0 to 1.

    ``sum(max_degree - degree) / ((n - 1) * (n - 2))`` over the n actors (isolates included):
    1 for a star, 0 when every actor has as many contacts; 0 below three actors.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> star = sketch("habc", "h>a funding", "h>b funding", "h>c funding")
    >>> degree_centralisation(star)
    1.0
    >>> ring = sketch("abc", "a>b funding", "b>c funding", "c>a funding")
    >>> degree_centralisation(ring)
    0.0
    """
    UG = channel_graph(G)
    n = len(UG)
    if n < 3:
        return 0.0
    degrees = [d for _, d in UG.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def conflict_pairs(G: nx.MultiDiGraph) -> tuple[tuple[str, str], ...]:
    """Give each pair of actors in conflict once, as (smaller id, larger id), sorted.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import build_graph
    >>> G = build_graph([{"id": i, "sector": "ngo"} for i in "abc"],
    ...                 [{"source": "b", "target": "a", "type": "conflict"},
    ...                  {"source": "c", "target": "b", "type": "conflict", "two_way": False}])
    >>> conflict_pairs(G)
    (('a', 'b'), ('b', 'c'))
    """
    pairs = {tuple(sorted((u, v))) for u, v, k in G.edges(keys=True) if k == CONFLICT}
    return tuple(sorted((a, b) for a, b in pairs))


def map_structure(G: nx.MultiDiGraph) -> MapStructure:
    """Give the whole-map findings at once (:class:`MapStructure`).

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcz", "a>b funding", "c>a conflict")
    >>> map_structure(G)  # doctest: +NORMALIZE_WHITESPACE
    MapStructure(isolates=('z',), conflict_only=('c',), groups=(('a', 'b'),),
                 centralisation=0.3333333333333333, conflicts=(('a', 'c'),))
    """
    return MapStructure(
        isolates=isolates(G),
        conflict_only=conflict_only(G),
        groups=groups(G),
        centralisation=degree_centralisation(G),
        conflicts=conflict_pairs(G),
    )
