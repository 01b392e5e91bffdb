"""Simple graphs and facts read off the Net-Map multigraph, shared by the analysis modules.

Most measures need a simple graph: the *channel* graphs keep every link but conflict (conflict
is not a channel through which money, information or help flows) and collapse the typed links
between a pair into one edge, directed (:func:`channel_digraph`) or not (:func:`channel_graph`).
Their nodes and edges are added in sorted order, so what is computed on them (Louvain in
particular) does not depend on the order in which the actors were entered. Each is made once per
map and shared by every measure (frozen: a measure that takes an actor out works on a copy);
the map's actors and links are its key, so a changed map gets new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

import networkx as nx

from planning.errors import Msg, NotFoundError
from planning.stakeholders.methods.graph import CONFLICT, SUPPORT_RESOURCES

__all__ = [
    "channel_digraph",
    "channel_graph",
    "check_actor",
    "community_groups",
    "component_labels",
    "link_count",
    "link_counts",
    "suppliers",
    "suppliers_of",
    "tower",
    "type_digraph",
]


def check_actor(G: nx.MultiDiGraph, actor: str) -> None:
    """Give nothing if ``actor`` is on the map, else raise ``NotFoundError``.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import build_graph
    >>> try:
    ...     check_actor(build_graph([{"id": "a", "sector": "ngo"}], []), "b")
    ... except NotFoundError as err:
    ...     print(err.fields)
    {'kind': Msg('stakeholders.kind.actor', **{}), 'value': 'b'}
    """
    if actor not in G:
        raise NotFoundError(kind=Msg("stakeholders.kind.actor"), value=actor)


def _simple(G: nx.MultiDiGraph, graph: Any, keep: Callable[[Mapping[str, Any]], bool]) -> Any:
    """Give ``graph`` filled with every actor and each pair whose links (keyed by type) ``keep``
    accepts.

    Nodes and edges are added in sorted order, so each node's neighbours are in id order and
    the simple graph (its adjacency order included) is the same whatever order the map was
    entered in.
    """
    graph.add_nodes_from(sorted(G))
    directed = graph.is_directed()
    pairs = set()
    for u, nbrs in G.succ.items():
        for v, keyed in nbrs.items():
            if keep(keyed):
                pairs.add((u, v) if directed or u < v else (v, u))
    graph.add_edges_from(sorted(pairs))
    return graph


def _channel(keyed: Mapping[str, Any]) -> bool:
    return len(keyed) > 1 or CONFLICT not in keyed


_SHARED: WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[int, Any]]] = WeakKeyDictionary()


def _shared(G: nx.MultiDiGraph, name: str, make: Callable[[], Any]) -> Any:
    """Give the simple graph ``make`` builds from ``G``, built once while ``G``'s actors and
    links stay the same (the measures of one analysis ask for it dozens of times)."""
    key = hash((tuple(G), tuple(G.edges(keys=True))))
    made = _SHARED.setdefault(G, {})
    if name in made and made[name][0] == key:
        return made[name][1]
    graph = nx.freeze(make())
    made[name] = (key, graph)
    return graph


def channel_digraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Give the simple directed graph of all links but conflict (one edge per ordered pair).

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abc", "a>b funding", "a>b training", "b>c conflict")
    >>> sorted(channel_digraph(G).edges()), list(channel_digraph(G))
    ([('a', 'b')], ['a', 'b', 'c'])
    """
    return _shared(G, "digraph", lambda: _simple(G, nx.DiGraph(), _channel))


def channel_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Give the simple undirected graph of all links but conflict (one edge per pair).

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abc", "b>a information", "b>c conflict")
    >>> sorted(channel_graph(G).edges())
    [('a', 'b')]
    """
    return _shared(G, "graph", lambda: _simple(G, nx.Graph(), _channel))


def type_digraph(G: nx.MultiDiGraph, link_type: str) -> nx.DiGraph:
    """Give the simple directed graph of the links of one type (every actor is a node).

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abc", "a>b funding", "b>c coordination")
    >>> sorted(type_digraph(G, "coordination").edges()), len(type_digraph(G, "funding"))
    ([('b', 'c'), ('c', 'b')], 3)
    """
    return _simple(G, nx.DiGraph(), lambda keyed: link_type in keyed)


def link_count(G: nx.MultiDiGraph, actor: str) -> int:
    """Give how many links touch ``actor`` as they were entered: a two-way link counts once.

    Conflict links count: they are links on the map. See :func:`link_counts`.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("ab", "a>b conflict", "b>a information")
    >>> link_count(G, "a"), link_count(G, "b")
    (2, 2)
    """
    out = G.out_degree(actor)
    return int(out + sum(1 for *_, d in G.in_edges(actor, data=True) if not d["two_way"]))


def link_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Give the number of links of every actor, a two-way link counted once, in id order.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abc", "a>b coordination", "c>a funding")
    >>> link_counts(G)
    {'a': 2, 'b': 1, 'c': 1}
    """
    counts = dict.fromkeys(sorted(G), 0)
    for u, v, d in G.edges(data=True):
        counts[u] += 1
        if not d["two_way"]:
            counts[v] += 1
    return counts


def tower(G: nx.MultiDiGraph, actor: str, question: str | None = None) -> int:
    """Give an actor's influence tower: its height for ``question``, or its highest of all.

    An actor without a tower for the question (or without any tower) has height 0.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch([{"id": "a", "sector": "ngo", "towers": {"q1": 2, "q2": 5}}], )
    >>> tower(G, "a", "q1"), tower(G, "a"), tower(G, "a", "q9")
    (2, 5, 0)
    """
    towers = G.nodes[actor]["towers"]
    if question is None:
        return max(towers.values(), default=0)
    return int(towers.get(question, 0))


def suppliers_of(
    G: nx.MultiDiGraph, resources: tuple[str, ...] = SUPPORT_RESOURCES
) -> dict[str, frozenset[str]]:
    """Give the suppliers of each resource (by default funding, training and technical): the
    actors that hold it, or give a link of that type (one pass over the map).

    Giving a link means being its ``source``; a two-way link of that type makes both ends
    suppliers.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "ugm", "sector": "academia", "resources": ("technical",)},
    ...      "kwt:community_group"],
    ...     "ugm>kwt training")
    >>> suppliers_of(G)
    {'funding': frozenset(), 'training': frozenset({'ugm'}), 'technical': frozenset({'ugm'})}
    """
    found: dict[str, set[str]] = {r: set() for r in resources}
    for a, held in G.nodes(data="resources"):
        for r in held:
            if r in found:
                found[r].add(a)
    for u, _, k in G.edges(keys=True):
        if k in found:
            found[k].add(u)
    return {r: frozenset(found[r]) for r in resources}


def suppliers(G: nx.MultiDiGraph, resource: str) -> frozenset[str]:
    """Give the actors that supply ``resource``: they hold it, or give a link of that type.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "bank", "sector": "private", "resources": ("funding",)}, "csr:private",
    ...      "kwt:community_group"],
    ...     "csr>kwt funding")
    >>> sorted(suppliers(G, "funding"))
    ['bank', 'csr']
    """
    return suppliers_of(G, (resource,))[resource]


def community_groups(G: nx.MultiDiGraph) -> tuple[str, ...]:
    """Give the ids of the community-group actors, sorted.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import build_graph
    >>> community_groups(build_graph([{"id": "pkk", "sector": "community_group"},
    ...                               {"id": "desa", "sector": "village_government"},
    ...                               {"id": "kwt", "sector": "community_group"}], []))
    ('kwt', 'pkk')
    """
    return tuple(sorted(a for a, s in G.nodes(data="sector") if s == "community_group"))


def component_labels(UG: nx.Graph) -> dict[str, int]:
    """Give the number of each node's connected component in the undirected graph ``UG``.

    Examples
    --------
    >>> component_labels(nx.Graph([("a", "b"), ("c", "d")]))
    {'a': 0, 'b': 0, 'c': 1, 'd': 1}
    """
    label: dict[str, int] = {}
    for number, part in enumerate(nx.connected_components(UG)):
        label.update(dict.fromkeys(part, number))
    return {v: label[v] for v in UG}
