"""Suggestions to connect: brokers who could bring a community group within reach of a
resource, links worth creating, and all the suggestions at once (with the partners of
:mod:`.partners`).

No suggestion ever names an opposed actor (an opposed community group gets no broker or link
suggestion either). Reasons are :class:`~planning.errors.Msg` whose actor fields are names
(keys in ``planning/stakeholders/locales``); ``score`` orders suggestions of the same kind,
higher first.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from planning.errors import Msg
from planning.stakeholders.methods.graph import RESOURCES, SUPPORT_RESOURCES
from planning.stakeholders.methods.partners import (
    Need,
    Suggestion,
    offer_words,
    partners_on,
    standing,
)
from planning.stakeholders.methods.reach import reach_on
from planning.stakeholders.methods.views import channel_graph, community_groups, suppliers_of

__all__ = ["broker_suggestions", "missing_link_suggestions", "suggestions"]


def broker_suggestions(
    G: nx.MultiDiGraph, question: str | None = None, max_links: int = 2
) -> list[Suggestion]:
    """Give, for each community group and each support resource it cannot reach within
    ``max_links`` links (see :func:`~planning.stakeholders.methods.reach.reach`) though a
    supplier is connected to it, the best broker who could bring it within reach.

    A broker is an actor linked to the group's circle (the actors within ``max_links`` of the
    group) and directly to a supplier of the resource: once the group and the broker meet,
    the supplier is two links away. It is not the group, not itself a supplier of that
    resource, and neither it nor the supplier is opposed. (A resource with no supplier
    connected to the group at all has no broker on the map: see the partner suggestions.)
    Score: 2 if supportive, 0.5 per tower storey, 1 if the broker is already inside the
    circle, 0.1 per supplier of the resource it is linked to (up to 10); the supplier named is
    the broker's supportive-first, tallest, then smallest-id supplier. When the same broker and
    supplier are best for several resources, they make one suggestion listing them all (scored
    by the best). Ordered by score, then ids.

    Examples
    --------
    The farmers' group reaches the desa and the BPD; the BPD knows the kecamatan, which knows
    the bank: the kecamatan is the broker to the bank's funding.

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     ["tani:community_group", "desa:village_government", "bpd:village_government",
    ...      {"id": "camat", "sector": "government", "stance": "supportive", "towers": {"q": 3}},
    ...      {"id": "bank", "sector": "private", "resources": ("funding",)}],
    ...     "tani>desa coordination", "desa>bpd coordination", "bpd>camat information",
    ...     "camat>bank information")
    >>> [(s.actors, s.offers, s.score) for s in broker_suggestions(G, "q")]
    [(('tani', 'camat', 'bank'), ('funding',), 3.6)]
    """
    return _brokers(G, question, max_links, channel_graph(G), suppliers_of(G))


def _brokers(
    G: nx.MultiDiGraph,
    question: str | None,
    max_links: int,
    UG: nx.Graph,
    supply: dict[str, frozenset[str]],
) -> list[Suggestion]:
    stance = dict(G.nodes(data="stance"))
    chosen: dict[tuple[str, str, str], tuple[float, list[str]]] = {}
    for c, got in reach_on(G, UG, supply, max_links).items():
        lacking = [r for r in got.missing if r not in got.unreachable]
        if not lacking or stance[c] == "opposed":
            continue
        dist = nx.single_source_shortest_path_length(UG, c, cutoff=max_links + 1)
        for r in lacking:
            best: tuple[float, str, str] | None = None
            for x in sorted(dist, key=lambda v: (dist[v], v)):
                if x == c or x in supply[r] or stance[x] == "opposed":
                    continue
                ends = [s for s in UG.adj[x] if s in supply[r] and stance[s] != "opposed"]
                if not ends:
                    continue
                end = min(ends, key=lambda s: (-standing(G, s, question), s))
                score = round(
                    standing(G, x, question) + (dist[x] <= max_links) + 0.1 * min(len(ends), 10),
                    6,
                )
                if best is None or score > best[0]:
                    best = (score, x, end)
            if best is not None:
                score, x, end = best
                merged = chosen.setdefault((c, x, end), (score, []))
                chosen[c, x, end] = (max(score, merged[0]), [*merged[1], r])
    found: list[Suggestion] = []
    for (c, x, end), (score, resources) in chosen.items():
        name = G.nodes
        reason = Msg(
            "stakeholders.suggest.broker",
            broker=name[x]["name"],
            group=name[c]["name"],
            source=name[end]["name"],
            resources=offer_words(resources),
        )
        found.append(Suggestion("broker", (c, x, end), reason, score, tuple(resources)))
    return sorted(found, key=lambda s: (-s.score, s.actors))


def missing_link_suggestions(
    G: nx.MultiDiGraph, question: str | None = None, per_group: int = 3
) -> list[Suggestion]:
    """Give links worth creating: a community group and a supportive supplier of funding,
    training or technical support two links apart with no direct link (not even a conflict).

    Score: 2 per resource it offers that the group does not already get from itself or a
    direct contact, 2 for being supportive, 0.5 per tower storey, 0.25 per contact they share
    (up to 4). At most ``per_group`` per group, ordered by score, then ids.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     ["kwt:community_group",
    ...      {"id": "desa", "sector": "village_government", "resources": ("funding",)},
    ...      {"id": "puskesmas", "sector": "government", "stance": "supportive",
    ...       "resources": ("training", "funding")},
    ...      {"id": "bank", "sector": "private", "stance": "opposed", "resources": ("funding",)}],
    ...     "desa>kwt funding", "puskesmas>desa coordination", "bank>desa information")
    >>> [(s.actors, s.offers, s.score) for s in missing_link_suggestions(G)]
    [(('kwt', 'puskesmas'), ('funding', 'training'), 4.25)]
    """
    return _missing_links(G, question, per_group, channel_graph(G), suppliers_of(G))


def _missing_links(
    G: nx.MultiDiGraph,
    question: str | None,
    per_group: int,
    UG: nx.Graph,
    supply: dict[str, frozenset[str]],
) -> list[Suggestion]:
    found: list[Suggestion] = []
    for c in community_groups(G):
        if G.nodes[c]["stance"] == "opposed":
            continue
        near = nx.single_source_shortest_path_length(UG, c, cutoff=2)
        close = {v for v, d in near.items() if d <= 1}
        has = {r for r in SUPPORT_RESOURCES if supply[r] & close}
        mine = []
        for h in sorted(v for v, d in near.items() if d == 2):
            offers = tuple(r for r in SUPPORT_RESOURCES if h in supply[r])
            if not offers or G.nodes[h]["stance"] != "supportive":
                continue
            if G.has_edge(c, h) or G.has_edge(h, c):
                continue
            shared = len(set(UG.adj[c]) & set(UG.adj[h]))
            score = round(
                2.0 * sum(r not in has for r in offers)
                + standing(G, h, question)
                + 0.25 * min(shared, 4),
                6,
            )
            reason = Msg(
                "stakeholders.suggest.missing_link",
                group=G.nodes[c]["name"],
                actor=G.nodes[h]["name"],
                offers=offer_words(offers),
                contacts=shared,
            )
            mine.append(Suggestion("missing_link", (c, h), reason, score, offers))
        mine.sort(key=lambda s: (-s.score, s.actors))
        found += mine[:per_group]
    return sorted(found, key=lambda s: (-s.score, s.actors))


def suggestions(
    G: nx.MultiDiGraph, needs: Iterable[Need], question: str | None = None
) -> list[Suggestion]:
    """Give every suggestion: the partners (by need, then strategy), then the brokers, then
    the missing links (each by score).

    ``needs`` is a list of (need id, title, resources it needs) in priority order.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     ["kwt:community_group",
    ...      {"id": "desa", "sector": "village_government", "stance": "supportive",
    ...       "resources": ("authority",)},
    ...      {"id": "ugm", "sector": "academia", "stance": "supportive",
    ...       "resources": ("technical",)}],
    ...     "desa>kwt coordination", "ugm>desa technical")
    >>> for s in suggestions(G, [("n1", "Air bersih", ("technical",))]):
    ...     print(s.kind, s.actors, s.strategy)
    partner ('desa',) participatory
    partner ('kwt',) partnership
    partner ('ugm',) support
    missing_link ('kwt', 'ugm') None
    """
    UG = channel_graph(G)
    supply = suppliers_of(G, RESOURCES)
    return (
        partners_on(G, needs, question, UG, supply)
        + _brokers(G, question, 2, UG, supply)
        + _missing_links(G, question, 3, UG, supply)
    )
