"""Around one actor and between two: the ego network, the paths linking two actors, and where a
flow of one link type comes from and goes to.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from planning.errors import Msg, ValidationError
from planning.stakeholders.methods.graph import CONFLICT
from planning.stakeholders.methods.views import (
    channel_digraph,
    channel_graph,
    check_actor,
)

__all__ = [
    "EgoNetwork",
    "Path",
    "Step",
    "downstream",
    "ego_network",
    "paths_between",
    "upstream",
]

MAX_RADIUS = 3


@dataclass(frozen=True)
class EgoNetwork:
    """An actor's neighbourhood: ``distance`` (actor id -> links away, ego at 0, nearest first)
    and ``graph``, the Net-Map's sub-multigraph on those actors (every link among them): a
    read-only view of the map (``G.subgraph``), made at no cost; ``.copy()`` it to keep it
    apart from the map or to change it."""

    actor: str
    radius: int
    distance: dict[str, int]
    graph: nx.MultiDiGraph


@dataclass(frozen=True)
class Step:
    """One step of a path: the link types from ``source`` to ``target`` (``forward``) and back
    (``backward``); a two-way link is in both. Conflict is listed if the pair also has one."""

    source: str
    target: str
    forward: tuple[str, ...]
    backward: tuple[str, ...]


@dataclass(frozen=True)
class Path:
    """A simple path between two actors: the actors in order, and the step between each two."""

    actors: tuple[str, ...]
    steps: tuple[Step, ...]


def ego_network(
    G: nx.MultiDiGraph, actor: str, radius: int = 1, *, conflict: bool = True
) -> EgoNetwork:
    """Give the actors within ``radius`` links of ``actor`` (1, 2 or 3), whatever the direction.

    With ``conflict=False`` a conflict link does not lead anywhere (the sub-multigraph still
    shows every link among the actors reached).

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcdz", "b>a funding", "b>c training", "d>c conflict")
    >>> ego_network(G, "a", 2).distance
    {'a': 0, 'b': 1, 'c': 2}
    >>> ego_network(G, "a", 3).distance
    {'a': 0, 'b': 1, 'c': 2, 'd': 3}
    >>> ego_network(G, "a", 3, conflict=False).distance
    {'a': 0, 'b': 1, 'c': 2}
    >>> sorted(ego_network(G, "a", 2).graph.edges(keys=True))
    [('b', 'a', 'funding'), ('b', 'c', 'training')]
    """
    check_actor(G, actor)
    if isinstance(radius, bool) or radius not in range(1, MAX_RADIUS + 1):
        raise ValidationError(
            field=Msg("stakeholders.field.radius"),
            value=radius,
            allowed=Msg("allowed.whole_number_between", low=1, high=MAX_RADIUS),
        )
    distance = {actor: 0}
    frontier = [actor]
    for depth in range(1, radius + 1):
        nxt = []
        for u in frontier:
            for nbrs in (G.succ[u], G.pred[u]):
                for v, keyed in nbrs.items():
                    if v not in distance and (conflict or any(k != CONFLICT for k in keyed)):
                        distance[v] = depth
                        nxt.append(v)
        frontier = nxt
    ordered = dict(sorted(distance.items(), key=lambda item: (item[1], item[0])))
    return EgoNetwork(actor, radius, ordered, G.subgraph(ordered))


def _step(G: nx.MultiDiGraph, u: str, v: str) -> Step:
    forward = tuple(sorted(G.succ[u].get(v, {})))
    backward = tuple(sorted(G.succ[v].get(u, {})))
    return Step(u, v, forward, backward)


def paths_between(
    G: nx.MultiDiGraph, source: str, target: str, limit: int = 5, *, directed: bool = False
) -> tuple[Path, ...]:
    """Give at most ``limit`` simple paths from ``source`` to ``target``, shortest first.

    Paths follow non-conflict links, in either direction unless ``directed`` (then only along
    the links' direction). Paths of the same length come in the order networkx's
    :func:`~networkx.shortest_simple_paths` gives on the id-sorted graph. No path: ``()``.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcd", "a>b funding", "c>b information", "a>d coordination", "d>c training",
    ...            "a>c conflict")
    >>> [p.actors for p in paths_between(G, "a", "c")]
    [('a', 'b', 'c'), ('a', 'd', 'c')]
    >>> paths_between(G, "a", "c")[0].steps[1]
    Step(source='b', target='c', forward=(), backward=('information',))
    >>> [p.actors for p in paths_between(G, "a", "c", directed=True)]
    [('a', 'd', 'c')]
    >>> paths_between(G, "c", "a", directed=True)
    ()
    """
    check_actor(G, source)
    check_actor(G, target)
    if source == target:
        return ()
    simple = channel_digraph(G) if directed else channel_graph(G)
    try:
        found = list(islice(nx.shortest_simple_paths(simple, source, target), limit))
    except nx.NetworkXNoPath:
        return ()
    return tuple(Path(tuple(p), tuple(_step(G, u, v) for u, v in pairwise(p))) for p in found)


def _flow(G: nx.MultiDiGraph, actor: str, link_type: str, *, up: bool) -> dict[str, int]:
    """Give the actors reached from ``actor`` along links of one type (against them if ``up``).

    A breadth-first search over the multigraph's own adjacency: the same set as
    :func:`networkx.ancestors` / :func:`networkx.descendants` on the subgraph of that type,
    with distances, at the cost of the part reached only.
    """
    check_actor(G, actor)
    adj = G.pred if up else G.succ
    reached = {actor: 0}
    frontier = [actor]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for u in frontier:
            for v, keyed in adj[u].items():
                if link_type in keyed and v not in reached:
                    reached[v] = depth
                    nxt.append(v)
        frontier = nxt
    del reached[actor]
    return dict(sorted(reached.items(), key=lambda item: (item[1], item[0])))


def upstream(G: nx.MultiDiGraph, actor: str, link_type: str) -> dict[str, int]:
    """Give where a flow of ``link_type`` reaching ``actor`` comes from: each actor with a chain
    of links of that type to it (its ancestors), with the number of links, nearest first.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(["apbn", "dinas", "desa", "kwt"], "apbn>dinas funding", "dinas>desa funding",
    ...            "desa>kwt funding", "kwt>apbn information")
    >>> upstream(G, "kwt", "funding")
    {'desa': 1, 'dinas': 2, 'apbn': 3}
    >>> upstream(G, "apbn", "funding")
    {}
    """
    return _flow(G, actor, link_type, up=True)


def downstream(G: nx.MultiDiGraph, actor: str, link_type: str) -> dict[str, int]:
    """Give where a flow of ``link_type`` from ``actor`` goes: its descendants along links of
    that type, with the number of links, nearest first.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(["apbn", "dinas", "desa", "kwt"], "apbn>dinas funding", "dinas>desa funding",
    ...            "dinas>kwt funding")
    >>> downstream(G, "apbn", "funding")
    {'dinas': 1, 'desa': 2, 'kwt': 2}
    """
    return _flow(G, actor, link_type, up=False)
