"""The partnership map between two rounds (Net-Map's advice: map again with the same group and
question, and compare): actors and links added and lost (by type), tower changes per question,
each actor's betweenness and closeness before and after, brokers gained and lost, actors who
became isolated or connected.

The maps are networkx ``MultiDiGraph`` as the stakeholder stage builds them: a node per actor
(its ``name`` and ``towers``, question -> height), an edge per link and direction keyed by its
type, two-way links as two edges marked ``two_way``. Betweenness and closeness are given (the
map's own measures) or computed with networkx on the simple directed graph of every link but
conflict, normalised.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

__all__ = ["BROKERS", "MapChange", "Measures", "diff_maps", "link_set", "measures"]

BROKERS = 5  # an actor is a broker when among the five with the most (non-zero) betweenness
_EPS = 1e-9

Link = tuple[str, str, str]  # source, target, type; a two-way link with its ends sorted


@dataclass(frozen=True)
class Measures:
    """Betweenness and closeness per actor."""

    betweenness: Mapping[str, float]
    closeness: Mapping[str, float]


@dataclass(frozen=True)
class MapChange:
    """What changed on the map from one round to the next (actors by id)."""

    actors_added: tuple[str, ...]
    actors_lost: tuple[str, ...]
    links_added: tuple[Link, ...]
    links_lost: tuple[Link, ...]
    added_by_type: dict[str, int]
    lost_by_type: dict[str, int]
    towers: dict[str, tuple[tuple[str, int, int], ...]]  # question -> (actor, before, after)
    betweenness: dict[str, tuple[float | None, float | None]]
    closeness: dict[str, tuple[float | None, float | None]]
    brokers_gained: tuple[str, ...]
    brokers_lost: tuple[str, ...]
    became_isolated: tuple[str, ...]
    became_connected: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether anything on the map changed."""
        return bool(
            self.actors_added
            or self.actors_lost
            or self.links_added
            or self.links_lost
            or any(self.towers.values())
        )


def link_set(G: nx.MultiDiGraph) -> frozenset[Link]:
    """Give a map's links: (source, target, type), a two-way link once with its ends sorted.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("b", "a", key="information", two_way=True)
    'information'
    >>> G.add_edge("a", "b", key="information", two_way=True)
    'information'
    >>> G.add_edge("a", "c", key="funding")
    'funding'
    >>> sorted(link_set(G))
    [('a', 'b', 'information'), ('a', 'c', 'funding')]
    """
    out = set()
    for s, t, kind, data in G.edges(keys=True, data=True):
        if data.get("two_way"):
            s, t = sorted((s, t))
        out.add((s, t, kind))
    return frozenset(out)


def measures(G: nx.MultiDiGraph, conflict: str = "conflict") -> Measures:
    """Give normalised betweenness and closeness on the simple directed graph of every link
    but conflict (networkx's own functions).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b", "funding"), ("b", "c", "funding")])
    >>> m = measures(G)
    >>> m.betweenness["b"], m.closeness["c"]
    (0.5, 0.6666666666666666)
    """
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    D.add_edges_from((s, t) for s, t, kind in G.edges(keys=True) if kind != conflict)
    return Measures(nx.betweenness_centrality(D), nx.closeness_centrality(D))


def _brokers(betweenness: Mapping[str, float]) -> list[str]:
    ranked = sorted(betweenness.items(), key=lambda x: (-x[1], x[0]))
    return [a for a, b in ranked if b > _EPS][:BROKERS]


def _towers(G: nx.MultiDiGraph, actor: str) -> Mapping[str, int]:
    if actor not in G:
        return {}
    found: Mapping[str, int] = G.nodes[actor].get("towers") or {}
    return found


def diff_maps(
    before: nx.MultiDiGraph,
    after: nx.MultiDiGraph,
    *,
    before_measures: Measures | None = None,
    after_measures: Measures | None = None,
) -> MapChange:
    """Give what changed from the map ``before`` to the map ``after``.

    Examples
    --------
    >>> A = nx.MultiDiGraph([("pkk", "desa", "information"), ("desa", "dinas", "funding")])
    >>> A.add_node("bumdes")
    >>> A.nodes["pkk"]["towers"] = {"q1": 2}
    >>> B = nx.MultiDiGraph([("pkk", "desa", "information"), ("bumdes", "desa", "funding")])
    >>> B.add_node("dinas")
    >>> B.nodes["pkk"]["towers"] = {"q1": 4}
    >>> d = diff_maps(A, B)
    >>> d.links_added, d.links_lost
    ((('bumdes', 'desa', 'funding'),), (('desa', 'dinas', 'funding'),))
    >>> d.added_by_type, d.towers, d.became_connected, d.became_isolated
    ({'funding': 1}, {'q1': (('pkk', 2, 4),)}, ('bumdes',), ('dinas',))
    >>> d.betweenness["desa"], d.brokers_lost
    ((0.16666666666666666, 0.0), ('desa',))
    """
    mb = before_measures or measures(before)
    ma = after_measures or measures(after)
    nb, na = set(before.nodes), set(after.nodes)
    lb, la = link_set(before), link_set(after)
    added, lost = sorted(la - lb), sorted(lb - la)
    questions = sorted(
        {q for G in (before, after) for a in G.nodes for q in (G.nodes[a].get("towers") or {})}
    )
    towers: dict[str, tuple[tuple[str, int, int], ...]] = {}
    for q in questions:
        moved = []
        for actor in sorted(nb | na):
            h0 = int(_towers(before, actor).get(q, 0))
            h1 = int(_towers(after, actor).get(q, 0))
            if h0 != h1:
                moved.append((actor, h0, h1))
        towers[q] = tuple(moved)
    everyone = sorted(nb | na)

    def pair(m0: Measures, m1: Measures, what: str) -> dict[str, tuple[float | None, float | None]]:
        x0: Mapping[str, float] = getattr(m0, what)
        x1: Mapping[str, float] = getattr(m1, what)
        return {
            a: (x0.get(a) if a in nb else None, x1.get(a) if a in na else None) for a in everyone
        }

    kb, ka = set(_brokers(mb.betweenness)), set(_brokers(ma.betweenness))
    both = nb & na
    return MapChange(
        actors_added=tuple(sorted(na - nb)),
        actors_lost=tuple(sorted(nb - na)),
        links_added=tuple(added),
        links_lost=tuple(lost),
        added_by_type=dict(sorted(Counter(k for _, _, k in added).items())),
        lost_by_type=dict(sorted(Counter(k for _, _, k in lost).items())),
        towers=towers,
        betweenness=pair(mb, ma, "betweenness"),
        closeness=pair(mb, ma, "closeness"),
        brokers_gained=tuple(sorted(ka - kb)),
        brokers_lost=tuple(sorted(kb - ka)),
        became_isolated=tuple(
            a for a in sorted(both) if before.degree(a) > 0 and after.degree(a) == 0
        ),
        became_connected=tuple(
            a for a in sorted(both) if before.degree(a) == 0 and after.degree(a) > 0
        ),
    )
