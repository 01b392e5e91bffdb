"""Questions a group asks of its map (as PRSM lets it): how one actor reaches another, where
a flow comes from or goes, which actors stand out by a chosen measure, and what a community
looks like as one actor.

Each answer is computed by networkx (:func:`~networkx.all_shortest_paths`,
:func:`~networkx.all_simple_paths`, :func:`~networkx.quotient_graph`) on the map's channel
graph (every link but conflict, either direction unless asked), so it is the textbook answer:
the Krackhardt kite's Andre reaches Jane only through Heather and Ike.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from planning.errors import Msg, ValidationError
from planning.stakeholders.methods.centrality import ActorMetrics
from planning.stakeholders.methods.neighbourhood import downstream, upstream
from planning.stakeholders.methods.views import (
    channel_digraph,
    channel_graph,
    check_actor,
    link_count,
    tower,
)

__all__ = [
    "MAX_PATH_LINKS",
    "MEASURES",
    "Collapsed",
    "PathsAnswer",
    "collapse_community",
    "flow",
    "paths",
    "size_by",
]

MAX_PATH_LINKS = 6  # the longest path the group may ask for
MAX_PATHS = 50  # simple paths listed at most (a dense map has very many)
MEASURES = ("degree", "betweenness", "closeness", "tower")


@dataclass(frozen=True)
class PathsAnswer:
    """How ``source`` reaches ``target``: every ``shortest`` path (links: ``length``), the
    simple paths up to ``max_links`` links (``simple``, shortest first, at most
    :data:`MAX_PATHS`), and the actors ``through`` whom every shortest path passes (the
    gatekeepers between the two). No path: ``length`` None, everything empty."""

    source: str
    target: str
    max_links: int
    length: int | None
    shortest: tuple[tuple[str, ...], ...]
    simple: tuple[tuple[str, ...], ...]
    through: tuple[str, ...]


def paths(
    G: nx.MultiDiGraph, source: str, target: str, max_links: int = 3, *, directed: bool = False
) -> PathsAnswer:
    """Give the paths between two actors: all shortest ones, and all simple ones of at most
    ``max_links`` links (1 to :data:`MAX_PATH_LINKS`).

    Examples
    --------
    The Krackhardt kite: Andre (0) reaches Jane (9) in four links, through Fernando (5),
    Heather (7) and Ike (8); in five links in five more ways (through Beverly, Carol, Diane
    or Garth). Every path passes Heather and Ike, the kite's tail.

    >>> from planning.stakeholders.methods.graph import build_graph
    >>> kite = nx.krackhardt_kite_graph()
    >>> G = build_graph([{"id": str(n), "sector": "ngo"} for n in kite],
    ...                 [{"source": str(u), "target": str(v), "type": "coordination"}
    ...                  for u, v in kite.edges])
    >>> answer = paths(G, "0", "9", 5)
    >>> answer.length, answer.shortest, answer.through
    (4, (('0', '5', '7', '8', '9'),), ('5', '7', '8'))
    >>> [p[1:-3] for p in answer.simple if len(p) == 6]
    [('1', '6'), ('2', '5'), ('3', '5'), ('3', '6'), ('5', '6')]
    """
    check_actor(G, source)
    check_actor(G, target)
    if isinstance(max_links, bool) or max_links not in range(1, MAX_PATH_LINKS + 1):
        raise ValidationError(
            field=Msg("stakeholders.field.max_links"),
            value=max_links,
            allowed=Msg("allowed.whole_number_between", low=1, high=MAX_PATH_LINKS),
        )
    simple_graph = channel_digraph(G) if directed else channel_graph(G)
    if source == target or not nx.has_path(simple_graph, source, target):
        return PathsAnswer(source, target, max_links, None, (), (), ())
    shortest = sorted(tuple(p) for p in nx.all_shortest_paths(simple_graph, source, target))
    found = nx.all_simple_paths(simple_graph, source, target, cutoff=max_links)
    simple = sorted((tuple(p) for p in islice(found, 10 * MAX_PATHS)), key=lambda p: (len(p), p))
    inner = set(shortest[0][1:-1]).intersection(*(p[1:-1] for p in shortest))
    through = tuple(a for a in shortest[0] if a in inner)
    return PathsAnswer(
        source,
        target,
        max_links,
        len(shortest[0]) - 1,
        tuple(shortest),
        tuple(simple[:MAX_PATHS]),
        through,
    )


def flow(G: nx.MultiDiGraph, actor: str, link_type: str, *, up: bool) -> dict[str, int]:
    """Give where a flow of ``link_type`` reaching ``actor`` comes from (``up``) or where a
    flow from it goes (see :func:`.upstream`, :func:`.downstream`), with the links away.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abc", "a>b funding", "b>c funding")
    >>> flow(G, "c", "funding", up=True), flow(G, "a", "funding", up=False)
    ({'b': 1, 'a': 2}, {'b': 1, 'c': 2})
    """
    return upstream(G, actor, link_type) if up else downstream(G, actor, link_type)


def size_by(
    G: nx.MultiDiGraph,
    metrics: dict[str, ActorMetrics],
    measure: str,
    question: str | None = None,
) -> dict[str, float]:
    """Give each actor's value of ``measure`` (:data:`MEASURES`), largest first (ties by
    id): ``degree`` its links (a two-way link once), ``betweenness`` and ``closeness`` as
    in :class:`~.centrality.ActorMetrics`, ``tower`` its tower for ``question`` (else its
    highest).

    Examples
    --------
    >>> from planning.stakeholders.methods import actor_metrics
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcd", "a>b funding", "a>c funding", "a>d information")
    >>> size_by(G, actor_metrics(G), "degree")
    {'a': 3.0, 'b': 1.0, 'c': 1.0, 'd': 1.0}
    """
    if measure not in MEASURES:
        raise ValidationError(
            field=Msg("stakeholders.field.measure"),
            value=measure,
            allowed=[Msg(f"stakeholders.measure.{m}") for m in MEASURES],
        )
    values: dict[str, float] = {}
    for a in G:
        if measure == "degree":
            values[a] = float(link_count(G, a))
        elif measure == "tower":
            values[a] = float(tower(G, a, question))
        else:
            values[a] = float(getattr(metrics[a], measure))
    return dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class Collapsed:
    """A community drawn as one actor: its ``members``, the ``graph`` with them as one node
    (named by the community's number; its other nodes are the actors outside), and the
    actors outside it linked to it with how many of its members each is linked to
    (``contacts``, most first)."""

    community: int
    members: tuple[str, ...]
    graph: nx.Graph
    contacts: dict[str, int]


def collapse_community(
    G: nx.MultiDiGraph, metrics: dict[str, ActorMetrics], community: int
) -> Collapsed:
    """Give the map with one community (the number in :class:`~.centrality.ActorMetrics`)
    collapsed into one node, by :func:`networkx.quotient_graph` of the channel graph.

    Examples
    --------
    >>> from planning.stakeholders.methods import actor_metrics
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch("abcxyz", "a>b funding", "b>c funding", "c>a funding", "x>y funding",
    ...            "y>z funding", "z>x funding", "c>x information", "a>x information")
    >>> m = actor_metrics(G)
    >>> c = collapse_community(G, m, m["a"].community)
    >>> c.members, c.contacts, sorted(c.graph.nodes, key=str)
    (('a', 'b', 'c'), {'x': 2}, ['community', 'x', 'y', 'z'])
    """
    members = tuple(sorted(a for a, m in metrics.items() if m.community == community))
    if not members:
        raise ValidationError(
            field=Msg("stakeholders.field.community"),
            value=community,
            allowed=sorted({m.community for m in metrics.values()}),
        )
    UG = channel_graph(G)
    inside = set(members)
    blocks = [inside, *({a} for a in UG if a not in inside)]
    Q = nx.quotient_graph(UG, blocks, relabel=False)
    graph = nx.relabel_nodes(
        Q, {b: ("community" if b == frozenset(inside) else next(iter(b))) for b in Q}
    )
    contacts: dict[str, int] = {}
    for a in sorted(UG):
        if a not in inside:
            n = sum(1 for v in UG.adj[a] if v in inside)
            if n:
                contacts[a] = n
    ordered = dict(sorted(contacts.items(), key=lambda item: (-item[1], item[0])))
    return Collapsed(community, members, graph, ordered)
