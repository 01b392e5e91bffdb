"""Per-actor measures of the Net-Map: links by type, brokerage, closeness, structural holes,
community and influence.

Brokerage and closeness are read on the simple directed graph of all links but conflict, the
structural holes (Burt's constraint and effective size) and the communities on the undirected
one (see :mod:`planning.stakeholders.methods.views`): conflict is not a channel.

Above :data:`SAMPLE_ABOVE` actors, betweenness and closeness are estimated from
:data:`SAMPLE_SOURCES` source actors drawn with the fixed seed :data:`SEED`, so the cost grows
with the number of links rather than with actors times links; on a workshop's map (tens of
actors) both are exact.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from planning.stakeholders.methods.views import channel_digraph, channel_graph

__all__ = [
    "SAMPLE_ABOVE",
    "SAMPLE_SOURCES",
    "SEED",
    "ActorMetrics",
    "actor_metrics",
    "betweenness",
    "closeness",
    "communities",
    "structural_holes",
]

SAMPLE_ABOVE = 300  # actors; up to this many, betweenness and closeness are exact
SAMPLE_SOURCES = 100  # source actors sampled above SAMPLE_ABOVE
SEED = 42  # the sampling and Louvain seed, so a map always gives the same numbers


@dataclass(frozen=True)
class ActorMetrics:
    """The measures of one actor (the dict fields make it unhashable; compare it with ``==``).

    ``degree_in``/``degree_out`` count edges of the multigraph: a two-way link is one in and
    one out. ``constraint`` and ``effective_size`` are None for an actor without a non-conflict
    link. ``community`` is the number given by :func:`communities`; ``influence`` the tower
    heights by question.
    """

    actor: str
    degree_in: int
    degree_out: int
    in_by_type: dict[str, int]
    out_by_type: dict[str, int]
    betweenness: float
    closeness: float
    constraint: float | None
    effective_size: float | None
    community: int
    influence: dict[str, int]

    @property
    def degree(self) -> int:
        """Give the in- plus out-degree."""
        return self.degree_in + self.degree_out


def sample_sources(nodes: Sequence[str]) -> list[str] | None:
    """Give the source actors to sample (sorted), or None when the measures are exact."""
    if len(nodes) <= SAMPLE_ABOVE:
        return None
    return sorted(random.Random(SEED).sample(sorted(nodes), SAMPLE_SOURCES))


def shortest_path_measures(
    D: nx.DiGraph, sources: list[str] | None
) -> tuple[dict[str, float], dict[str, float]]:
    """Give normalised betweenness and closeness on ``D`` from one breadth-first search per
    source (Brandes' algorithm): exact with every node as a source (``sources=None``), else
    estimated from ``sources``.

    Betweenness is scaled the way networkx scales its own ``k`` sampling (a source cannot lie
    between itself and a target); closeness is networkx's (distances *to* each node,
    Wasserman-Faust scaled), from the sources that reach it. With every node as a source both
    equal :func:`networkx.betweenness_centrality` and :func:`networkx.closeness_centrality`.
    """
    nodes = list(D)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    succ = [[index[w] for w in D.succ[v]] for v in nodes]
    starts = list(range(n)) if sources is None else [index[v] for v in sources]
    between = [0.0] * n
    reached = [0] * n
    total = [0] * n
    for s in starts:
        sigma = [0] * n
        dist = [-1] * n
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma[s], dist[s] = 1, 0
        order = [s]
        for v in order:  # the list grows while it is walked: a breadth-first queue
            step, paths = dist[v] + 1, sigma[v]
            for w in succ[v]:
                if dist[w] < 0:
                    dist[w] = step
                    order.append(w)
                if dist[w] == step:
                    sigma[w] += paths
                    preds[w].append(v)
        delta = [0.0] * n
        for w in reversed(order[1:]):
            share = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * share
            between[w] += delta[w]
            reached[w] += 1
            total[w] += dist[w]
    k = len(starts)
    chosen = set(starts)
    scale_source = 1 / ((k - 1) * (n - 2)) if k > 1 and n > 2 else 0.0
    scale_other = 1 / (k * (n - 2)) if k and n > 2 else 0.0
    b_out, c_out = {}, {}
    for i, v in enumerate(nodes):
        b_out[v] = between[i] * (scale_source if i in chosen else scale_other)
        others = k - (i in chosen)
        c_out[v] = (reached[i] / others) * (reached[i] / total[i]) if total[i] else 0.0
    return b_out, c_out


def directed_betweenness(D: nx.DiGraph, sources: list[str] | None) -> dict[str, float]:
    """Give normalised betweenness on ``D``, exact or estimated (see
    :func:`shortest_path_measures`)."""
    return shortest_path_measures(D, sources)[0]


def betweenness(G: nx.MultiDiGraph) -> dict[str, float]:
    """Give each actor's betweenness: the share of shortest paths between others through it.

    Normalised, on the directed graph of non-conflict links; estimated above
    :data:`SAMPLE_ABOVE` actors.

    Examples
    --------
    A passes everything to B, B to C and D: B is the broker (2 of the 6 ordered pairs of
    others, A->C and A->D, go through it).

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("ABCD", "A>B information", "B>C funding", "B>D funding", "C>D conflict")
    >>> {a: round(b, 3) for a, b in betweenness(G).items()}
    {'A': 0.0, 'B': 0.333, 'C': 0.0, 'D': 0.0}
    """
    D = channel_digraph(G)
    return dict(sorted(directed_betweenness(D, sample_sources(list(D))).items()))


def closeness(G: nx.MultiDiGraph) -> dict[str, float]:
    """Give each actor's closeness on the directed graph of non-conflict links.

    As :func:`networkx.closeness_centrality`: how near the actors that reach it are
    (Wasserman-Faust scaled by the share of actors that reach it at all).

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("ABC", "A>B funding", "B>C funding")
    >>> closeness(G)
    {'A': 0.0, 'B': 0.5, 'C': 0.6666666666666666}
    """
    D = channel_digraph(G)
    return dict(sorted(shortest_path_measures(D, sample_sources(list(D)))[1].items()))


def structural_holes(G: nx.MultiDiGraph) -> dict[str, tuple[float | None, float | None]]:
    """Give each actor's Burt constraint and effective size on the undirected non-conflict graph.

    Unweighted, the definitions of :mod:`networkx.algorithms.structuralholes`: with
    ``p(i, j) = 1 / degree(i)`` for each contact ``j`` of ``i``, constraint is the sum over
    contacts ``j`` of ``(p(i, j) + sum over shared contacts q of p(i, q) * p(q, j)) ** 2``, and
    effective size is ``degree - 2 * ties among the contacts / degree``. They are computed here
    from shared contacts (networkx without scipy walks every contact's contacts for each pair,
    which is far slower on a big map); the tests check both against networkx. An actor without
    a non-conflict link has neither: (None, None).

    Examples
    --------
    The centre of a star of three spans three structural holes: constraint 1/3, size 3.

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("HabcZ", "H>a information", "H>b information", "H>c information")
    >>> holes = structural_holes(G)
    >>> [round(v, 3) for v in holes["H"]], holes["a"], holes["Z"]
    ([0.333, 3.0], (1.0, 1.0), (None, None))

    In a triangle every actor is constrained by the two others being linked:

    >>> T = sketch("abc", "a>b information", "b>c information", "c>a information")
    >>> structural_holes(T)["a"]
    (1.125, 1.0)
    """
    UG = channel_graph(G)
    contacts = {v: set(UG.adj[v]) for v in UG}
    result: dict[str, tuple[float | None, float | None]] = {}
    for i in sorted(UG):
        mine = contacts[i]
        d = len(mine)
        if not d:
            result[i] = (None, None)
            continue
        limit = 0.0
        ties = 0
        for j in mine:
            shared = mine & contacts[j]
            ties += len(shared)
            indirect = sum(1 / len(contacts[q]) for q in shared) / d
            limit += (1 / d + indirect) ** 2
        result[i] = (limit, d - ties / d)  # ties counts each tie among contacts twice
    return result


def communities(G: nx.MultiDiGraph) -> tuple[tuple[str, ...], ...]:
    """Give the Louvain communities of the undirected non-conflict graph, largest first.

    Found with ``seed=42`` on a graph built in id order, then ordered by size (largest first)
    and by smallest member id; an actor's community number is its index here. An actor
    without a non-conflict link is a community of its own.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcdefz", *(f"{u}>{v} coordination" for u, v in
    ...                         ["ab", "bc", "ca", "de", "ef", "fd", "cd"]))
    >>> communities(G)
    (('a', 'b', 'c'), ('d', 'e', 'f'), ('z',))
    """
    found = nx.community.louvain_communities(channel_graph(G), seed=SEED)
    return tuple(tuple(sorted(c)) for c in sorted(found, key=lambda c: (-len(c), min(c))))


def actor_metrics(G: nx.MultiDiGraph) -> dict[str, ActorMetrics]:
    """Give every actor's measures (:class:`ActorMetrics`), in id order.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "desa", "sector": "village_government", "towers": {"q1": 5}},
    ...      "kwt:community_group", "pkk:community_group", "solo:media"],
    ...     "desa>kwt funding", "desa>pkk coordination", "kwt>pkk conflict")
    >>> m = actor_metrics(G)
    >>> m["desa"].out_by_type, m["desa"].in_by_type, m["desa"].degree
    ({'coordination': 1, 'funding': 1}, {'coordination': 1}, 3)
    >>> round(m["desa"].betweenness, 3), m["desa"].influence, m["kwt"].community
    (0.167, {'q1': 5}, 0)
    >>> m["solo"].constraint is None, m["solo"].community
    (True, 1)
    """
    D = channel_digraph(G)
    between, close = shortest_path_measures(D, sample_sources(list(D)))
    holes = structural_holes(G)
    number = {a: i for i, members in enumerate(communities(G)) for a in members}
    out_types: dict[str, dict[str, int]] = {a: {} for a in G}
    in_types: dict[str, dict[str, int]] = {a: {} for a in G}
    for u, v, k in G.edges(keys=True):
        out_types[u][k] = out_types[u].get(k, 0) + 1
        in_types[v][k] = in_types[v].get(k, 0) + 1
    result = {}
    for a in sorted(G):
        limit, size = holes[a]
        result[a] = ActorMetrics(
            actor=a,
            degree_in=sum(in_types[a].values()),
            degree_out=sum(out_types[a].values()),
            in_by_type=dict(sorted(in_types[a].items())),
            out_by_type=dict(sorted(out_types[a].items())),
            betweenness=between[a],
            closeness=close[a],
            constraint=None if limit is None or math.isnan(limit) else limit,
            effective_size=None if size is None or math.isnan(size) else size,
            community=number[a],
            influence=dict(G.nodes[a]["towers"]),
        )
    return result
