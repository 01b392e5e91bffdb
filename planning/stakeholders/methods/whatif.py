"""What if an actor left the map: who loses their connection to whom, how brokerage moves, and
whether the actor is a single point of failure for the community groups.

Connection is over non-conflict links, in either direction (the undirected channel graph).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from planning.stakeholders.methods.centrality import directed_betweenness, sample_sources
from planning.stakeholders.methods.views import (
    channel_digraph,
    channel_graph,
    check_actor,
    community_groups,
    suppliers_of,
)

__all__ = ["WhatIf", "single_points_of_failure", "what_if_removed"]

_TINY = 1e-12


@dataclass(frozen=True)
class WhatIf:
    """What removing ``actor`` does.

    ``separated``: the pieces its group of connected actors falls into (largest first, each
    sorted), empty if the rest stays together; ``lost_pairs``: how many pairs of other actors
    lose their connection. ``articulation``: whether it is a cut vertex of the non-conflict
    graph (``separated`` is not empty). ``cut_off``: the community groups that reached at least
    one funding, training or technical supplier (other than themselves) before and reach none
    after; ``single_point_of_failure`` is ``articulation and bool(cut_off)``. ``top_before`` and
    ``top_after``: the top brokers (actor, betweenness); ``rises``: the biggest rises in
    betweenness (actor, after minus before), largest first.
    """

    actor: str
    separated: tuple[tuple[str, ...], ...]
    lost_pairs: int
    articulation: bool
    single_point_of_failure: bool
    cut_off: tuple[str, ...]
    top_before: tuple[tuple[str, float], ...]
    top_after: tuple[tuple[str, float], ...]
    rises: tuple[tuple[str, float], ...]


def _pieces(UG: nx.Graph, actor: str) -> list[set[str]]:
    """Give the connected pieces that the actor's neighbours fall into once it is gone."""
    seen = {actor}
    pieces = []
    for start in UG.adj[actor]:
        if start in seen:
            continue
        piece = {start}
        seen.add(start)
        frontier = [start]
        while frontier:
            nxt = []
            for u in frontier:
                for v in UG.adj[u]:
                    if v not in seen:
                        seen.add(v)
                        piece.add(v)
                        nxt.append(v)
            frontier = nxt
        pieces.append(piece)
    return pieces


def _cut_off(
    pieces: list[set[str]], actor: str, groups: Iterable[str], supply: frozenset[str]
) -> tuple[str, ...]:
    """Give the community groups in ``pieces`` that had a supplier other than themselves in the
    actor's component and have none left in their piece."""
    whole: set[str] = {actor}.union(*pieces)
    before = supply & whole
    where = {v: i for i, piece in enumerate(pieces) for v in piece}
    left = [supply & piece for piece in pieces]
    found = []
    for c in groups:
        if c == actor or c not in where:
            continue
        if before - {c} and not left[where[c]] - {c}:
            found.append(c)
    return tuple(sorted(found))


def _top(values: dict[str, float], n: int) -> tuple[tuple[str, float], ...]:
    ranked = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return tuple((a, b) for a, b in ranked[:n] if b > _TINY)


def what_if_removed(
    G: nx.MultiDiGraph, actor: str, *, top: int = 5, before: dict[str, float] | None = None
) -> WhatIf:
    """Give what removing ``actor`` from the map would do (:class:`WhatIf`).

    Betweenness before and after is computed the same way (exact, or estimated from the same
    sampled sources without the actor, see :mod:`.centrality`), so the rises are comparable.
    ``before``: the map's :func:`~.centrality.betweenness` if already computed (it is the
    same), to save computing it again for each actor tried.

    Examples
    --------
    The desa office is the kelompok tani's only way to the Dinas's funding and training:

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "dinas", "sector": "government", "resources": ("funding", "training")},
    ...      "desa:village_government", "tani:community_group", "bpd:village_government",
    ...      "pkk:community_group"],
    ...     "dinas>desa funding", "desa>tani funding", "bpd>desa coordination",
    ...     "pkk>dinas information")
    >>> w = what_if_removed(G, "desa")
    >>> w.separated, w.lost_pairs
    ((('dinas', 'pkk'), ('bpd',), ('tani',)), 5)
    >>> w.articulation, w.single_point_of_failure, w.cut_off
    (True, True, ('tani',))
    >>> [(a, round(b, 3)) for a, b in w.top_before], w.top_after, w.rises
    ([('desa', 0.417), ('dinas', 0.25)], (), ())
    >>> what_if_removed(G, "bpd").separated, what_if_removed(G, "bpd").articulation
    ((), False)
    """
    check_actor(G, actor)
    UG = channel_graph(G)
    pieces = _pieces(UG, actor)
    articulated = len(pieces) > 1
    supply = frozenset().union(*suppliers_of(G).values())
    cut = _cut_off(pieces, actor, community_groups(G), supply) if articulated else ()
    sizes = [len(p) for p in pieces]
    lost = (sum(sizes) ** 2 - sum(s * s for s in sizes)) // 2 if articulated else 0

    D = channel_digraph(G).copy()  # the shared one is frozen: this one loses the actor
    sources = sample_sources(list(D))
    if before is None:
        before = directed_betweenness(D, sources)
    D.remove_node(actor)
    after_sources = None if sources is None else [s for s in sources if s != actor]
    after = directed_betweenness(D, after_sources) if len(D) else {}
    rises = {a: after[a] - before[a] for a in after}
    ordered = sorted(pieces, key=lambda p: (-len(p), min(p)))
    return WhatIf(
        actor=actor,
        separated=tuple(tuple(sorted(p)) for p in ordered) if articulated else (),
        lost_pairs=lost,
        articulation=articulated,
        single_point_of_failure=articulated and bool(cut),
        cut_off=cut,
        top_before=_top(before, top),
        top_after=_top(after, top),
        rises=_top(rises, top),
    )


def single_points_of_failure(G: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """Give every single point of failure with the community groups it would cut off, by id.

    A single point of failure is a cut vertex of the non-conflict graph whose removal leaves
    at least one community group that reached a funding, training or technical supplier
    (other than itself) with none.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "bank", "sector": "private", "resources": ("funding",)}, "bumdes:cooperative",
    ...      "kwt:community_group", "tani:community_group"],
    ...     "bank>bumdes funding", "bumdes>kwt funding", "kwt>tani information")
    >>> single_points_of_failure(G)
    {'bumdes': ('kwt', 'tani'), 'kwt': ('tani',)}

    A group that holds a support resource itself still counts as cut off when it loses every
    *other* supplier; with a second way to the bank, no one is a single point of failure:

    >>> _ = G.add_edge("tani", "bank", key="information", type="information", strength=1,
    ...                two_way=False)
    >>> single_points_of_failure(G)
    {}
    """
    UG = channel_graph(G)
    supply = frozenset().union(*suppliers_of(G).values())
    groups = community_groups(G)
    found = {}
    for actor in sorted(nx.articulation_points(UG)):
        cut = _cut_off(_pieces(UG, actor), actor, groups, supply)
        if cut:
            found[actor] = cut
    return found
