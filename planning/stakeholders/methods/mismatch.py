"""Mismatches between an actor's influence and its place on the map, worth raising in the
workshop: power without links, links without power, support that does not reach the community
groups, and opposition sitting on the community groups' way to a resource.

The tower is the height for the chosen question or, without one, the actor's highest (see
:func:`~planning.stakeholders.methods.views.tower`); links count as entered, conflict included
(:func:`~planning.stakeholders.methods.views.link_counts`). Paths follow non-conflict links
in either direction.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import networkx as nx

from planning.stakeholders.methods.graph import SUPPORT_RESOURCES
from planning.stakeholders.methods.views import (
    channel_graph,
    community_groups,
    component_labels,
    link_counts,
    suppliers_of,
    tower,
)

__all__ = ["MISMATCH_KINDS", "Mismatch", "mismatches", "nearest_access"]

MISMATCH_KINDS: tuple[str, ...] = (
    "tower_without_links",  # tower >= 4 and no link at all
    "links_without_tower",  # links >= the 75th percentile and >= 4, tower <= 1
    "supporter_out_of_reach",  # supportive, tower >= 3, no path to any community group
    "opposed_broker",  # opposed, on a shortest path from a community group to a resource
)
HIGH_TOWER = 4
LOW_TOWER = 1
SUPPORTER_TOWER = 3
MANY_LINKS = 4


@dataclass(frozen=True)
class Mismatch:
    """One mismatch: its ``kind`` (one of :data:`MISMATCH_KINDS`), the actor and the facts.

    ``threshold`` is the number of links counted as many (``links_without_tower``). For an
    ``opposed_broker``, ``via`` lists the (community group, resource) pairs whose shortest
    access it lies on, and ``gatekeeps`` those where it lies on every one of them.
    """

    kind: str
    actor: str
    stance: str
    tower: int
    links: int
    threshold: float | None = None
    via: tuple[tuple[str, str], ...] = ()
    gatekeeps: tuple[tuple[str, str], ...] = ()


def nearest_access(
    UG: nx.Graph,
    group: str,
    supply: dict[str, frozenset[str]],
    label: dict[str, int] | None = None,
) -> dict[str, tuple[frozenset[str], dict[str, bool]]]:
    """Give, per resource, the nearest suppliers of a community group and who stands between.

    For each resource the group does not supply itself and some actor connected to it does:
    the suppliers at the smallest distance from the group (the *nearest*), and every actor
    that lies on a shortest path from the group to one of them, with whether it lies on
    *every* shortest path from the group to the nearest suppliers (a gatekeeper). The
    breadth-first search stops at the level where the last resource is found. ``label``:
    the component numbers of :func:`.views.component_labels`, if already known.

    Examples
    --------
    Two shortest ways from the group ``g`` to the funder ``f``, one through ``x`` and one
    through ``y``; both lie on some, neither on every shortest path:

    >>> UG = nx.Graph([("g", "x"), ("g", "y"), ("x", "f"), ("y", "f"), ("f", "t")])
    >>> nearest_access(UG, "g", {"funding": frozenset({"f"}), "training": frozenset({"t"})})
    {'funding': (frozenset({'f'}), {'x': False, 'y': False}), 'training': (frozenset({'t'}), \
{'f': True, 'x': False, 'y': False})}
    """
    label = component_labels(UG) if label is None else label
    here = label[group]
    pending = {
        r
        for r, found in supply.items()
        if group not in found and any(label[s] == here for s in found)
    }
    dist: dict[str, int] = {group: 0}
    sigma: dict[str, int] = {group: 1}
    pred: dict[str, list[str]] = {group: []}
    nearest: dict[str, list[str]] = {}
    frontier, depth = [group], 0
    while frontier and pending - set(nearest):
        depth += 1
        nxt = []
        for u in frontier:
            for v in UG.adj[u]:
                if v not in dist:
                    dist[v], sigma[v], pred[v] = depth, 0, []
                    nxt.append(v)
                if dist[v] == depth:
                    sigma[v] += sigma[u]
                    pred[v].append(u)
        for r in pending - set(nearest):
            level = [v for v in nxt if v in supply[r]]
            if level:
                nearest[r] = level
        frontier = nxt
    result = {}
    for r, ends in sorted(nearest.items()):
        tau = dict.fromkeys(ends, 1)
        level = list(ends)
        while level:
            above: dict[str, None] = {}
            for v in level:
                for u in pred[v]:
                    tau[u] = tau.get(u, 0) + tau[v]
                    above[u] = None
            level = list(above)
        total = sum(sigma[s] for s in ends)
        between = {x: sigma[x] * t == total for x, t in tau.items() if x != group and x not in ends}
        result[r] = (frozenset(ends), between)
    return result


def mismatches(G: nx.MultiDiGraph, question: str | None = None) -> list[Mismatch]:
    """Give the mismatches of the map, by kind (in :data:`MISMATCH_KINDS` order) then actor.

    - ``tower_without_links``: tower >= 4 and no link at all.
    - ``links_without_tower``: at least as many links as the 75th percentile of all actors'
      link counts (linear interpolation, ``statistics.quantiles(method="inclusive")``) and at
      least 4, with a tower of 0 or 1.
    - ``supporter_out_of_reach``: a supportive actor, not itself a community group, with
      tower >= 3 and no path to any community group (only when the map has one).
    - ``opposed_broker``: an opposed actor on a shortest path from a community group to the
      nearest suppliers (see :func:`nearest_access`) of funding, training or technical support;
      a *gatekeeper* of that access when it lies on every such shortest path.

    Examples
    --------
    The camat (opposed) stands between the farmers and the Dinas's money; the PKH facilitator
    is supportive and tall but reaches no group; the bank is tall with no links:

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     ["tani:community_group",
    ...      {"id": "camat", "sector": "government", "stance": "opposed", "towers": {"q": 3}},
    ...      {"id": "dinas", "sector": "government", "resources": ("funding",)},
    ...      {"id": "pkh", "sector": "government", "stance": "supportive", "towers": {"q": 3}},
    ...      {"id": "bank", "sector": "private", "towers": {"q": 4}}],
    ...     "tani>camat information", "dinas>camat funding")
    >>> for m in mismatches(G, "q"):
    ...     print(m.kind, m.actor, m.via, m.gatekeeps)
    tower_without_links bank () ()
    supporter_out_of_reach pkh () ()
    opposed_broker camat (('tani', 'funding'),) (('tani', 'funding'),)
    """
    links = link_counts(G)
    found: list[Mismatch] = []

    def add(
        kind: str,
        a: str,
        threshold: float | None = None,
        via: tuple[tuple[str, str], ...] = (),
        gatekeeps: tuple[tuple[str, str], ...] = (),
    ) -> None:
        stance, height = G.nodes[a]["stance"], tower(G, a, question)
        found.append(Mismatch(kind, a, stance, height, links[a], threshold, via, gatekeeps))

    for a in sorted(G):
        if tower(G, a, question) >= HIGH_TOWER and links[a] == 0:
            add("tower_without_links", a)
    counts = list(links.values())
    if counts:
        q3 = (
            statistics.quantiles(counts, n=4, method="inclusive")[2]
            if len(counts) > 1
            else counts[0]
        )
        many = max(float(q3), MANY_LINKS)
        for a in sorted(G):
            if links[a] >= many and tower(G, a, question) <= LOW_TOWER:
                add("links_without_tower", a, threshold=many)
    UG = channel_graph(G)
    groups = community_groups(G)
    label = component_labels(UG)
    with_group = {label[c] for c in groups}
    for a in sorted(G) if groups else ():
        attrs = G.nodes[a]
        if (
            attrs["stance"] == "supportive"
            and attrs["sector"] != "community_group"
            and tower(G, a, question) >= SUPPORTER_TOWER
            and label[a] not in with_group
        ):
            add("supporter_out_of_reach", a)
    opposed = {a for a, s in G.nodes(data="stance") if s == "opposed"}
    if opposed and groups:
        supply = suppliers_of(G)
        via: dict[str, list[tuple[str, str]]] = {}
        gate: dict[str, list[tuple[str, str]]] = {}
        for c in groups:
            for r, (_, between) in nearest_access(UG, c, supply, label).items():
                for x, every in between.items():
                    if x in opposed:
                        via.setdefault(x, []).append((c, r))
                        if every:
                            gate.setdefault(x, []).append((c, r))
        order = {r: i for i, r in enumerate(SUPPORT_RESOURCES)}
        for x in sorted(via):
            key = lambda p: (p[0], order.get(p[1], 99))  # noqa: E731
            add(
                "opposed_broker",
                x,
                via=tuple(sorted(via[x], key=key)),
                gatekeeps=tuple(sorted(gate.get(x, []), key=key)),
            )
    return found
