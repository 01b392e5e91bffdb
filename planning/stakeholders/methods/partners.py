"""Partners for the priority needs: per need and per empowerment strategy, the actor best
placed to carry it; and the :class:`Suggestion` that every suggestion function gives.

No suggestion ever names an opposed actor. Each has a ``reason``: a
:class:`~planning.errors.Msg` (its keys are in the stage's catalogues,
``planning/stakeholders/locales``) whose actor fields are the actors' *names*, while ``actors``
holds their ids.
The ``score`` orders suggestions of the same kind (higher first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from planning.errors import Msg, ValidationError
from planning.stakeholders.methods.graph import CONFLICT, RESOURCES
from planning.stakeholders.methods.views import (
    channel_graph,
    community_groups,
    link_counts,
    suppliers_of,
    tower,
)
from planning.stakeholders.vocab import STRATEGIES

__all__ = [
    "STRATEGIES",
    "STRATEGY_LINK_TYPES",
    "STRATEGY_RESOURCES",
    "STRATEGY_SECTORS",
    "Suggestion",
    "partner_suggestions",
]

# The four empowerment strategies (:data:`planning.stakeholders.vocab.STRATEGIES`), in the
# order they are suggested for each need.
# An actor can carry a strategy if it supplies one of these resources (holds it or gives a link
# of that type)...
STRATEGY_RESOURCES: dict[str, tuple[str, ...]] = {
    "participatory": ("authority", "networks"),
    "training": ("training",),
    "partnership": ("networks",),
    "support": ("technical", "funding"),
}
# ... or belongs to one of these sectors (community groups carry participatory planning) ...
STRATEGY_SECTORS: dict[str, tuple[str, ...]] = {"participatory": ("community_group",)}
# ... or has a link of one of these types, either end (coordinators carry partnership).
STRATEGY_LINK_TYPES: dict[str, tuple[str, ...]] = {"partnership": ("coordination",)}

# A priority need: (need id, title, resources it needs), optionally followed by its category
# and the community group it concerns most (an actor id), either of them None.
Need = tuple[str, str, Sequence[str]] | tuple[str, str, Sequence[str], str | None, str | None]

# What a need's own fit adds to a candidate's score: it supplies a resource the need requires,
# it works on the need's category (or takes OFF_AREA away when it works only on others), and
# it is (0 links) or reaches (1, 2... links) a community group the need concerns,
# GROUP_FIT / (1 + links) up to REACH_LINKS links.
RESOURCE_FIT = 3.0
AREA_FIT = 3.0
OFF_AREA = 2.0
GROUP_FIT = 4.0
REACH_LINKS = 3


@dataclass(frozen=True)
class Suggestion:
    """One suggestion. ``actors``: for ``partner`` (actor,), for ``broker`` (group, broker,
    supplier), for ``missing_link`` (group, actor). ``offers``: what the suggested actor
    brings (resources, or ``community_group``/``coordination`` for the strategies carried by
    a sector or a link type). ``need`` and ``strategy`` only for partners."""

    kind: str
    actors: tuple[str, ...]
    reason: Msg
    score: float
    offers: tuple[str, ...] = ()
    need: str | None = None
    strategy: str | None = None


def offer_words(names: Iterable[str]) -> list[Msg]:
    """Give the words of what an actor offers (``stakeholders.offer.*``), for a reason."""
    return [Msg(f"stakeholders.offer.{x}") for x in names]


def _carries(
    G: nx.MultiDiGraph,
    a: str,
    strategy: str,
    supply: dict[str, frozenset[str]],
    types: set[str],
) -> tuple[str, ...]:
    """Give what lets actor ``a`` carry ``strategy`` (resources, sector, link type), if anything."""
    offers = [r for r in STRATEGY_RESOURCES[strategy] if a in supply[r]]
    offers += [s for s in STRATEGY_SECTORS.get(strategy, ()) if G.nodes[a]["sector"] == s]
    offers += [t for t in STRATEGY_LINK_TYPES.get(strategy, ()) if t in types]
    return tuple(offers)


def standing(G: nx.MultiDiGraph, a: str, question: str | None) -> float:
    """Give what makes any actor a good suggestion: supportive +2, 0.5 per tower storey."""
    return 2.0 * (G.nodes[a]["stance"] == "supportive") + 0.5 * tower(G, a, question)


def partner_suggestions(
    G: nx.MultiDiGraph, needs: Iterable[Need], question: str | None = None
) -> list[Suggestion]:
    """Give at most one partner per need (in the order given) and per strategy
    (:data:`STRATEGIES` order), chosen for that need.

    A candidate is any actor that is not opposed and carries the strategy (see
    :data:`STRATEGY_RESOURCES`, :data:`STRATEGY_SECTORS`, :data:`STRATEGY_LINK_TYPES`). Its
    score has two parts:

    - what fits *this need*: :data:`RESOURCE_FIT` (3) if it supplies one of the resources the
      need requires, :data:`AREA_FIT` (3) if it works on the need's category (its ``areas``),
      and :data:`GROUP_FIT` / (1 + links) if it is, or reaches within :data:`REACH_LINKS`
      non-conflict links, a community group the need concerns (the one the group named, else
      those working on its category; see :func:`concerned_paths`): 2 for such a group
      itself, 1 for an actor linked to one directly;
    - what makes any actor a good partner: 2 if supportive, 0.5 per storey of its tower (for
      ``question``, else its highest), 0.1 per link up to 10, 1 if it has a direct non-conflict
      link to any community group, minus 1 if it is in any conflict.

    Ties go to the actor entered first (the graph's node order), so any workshop holding the
    same map suggests the same partners whatever ids its records got. An actor already
    suggested for the same need is passed over while another candidate is left. The reason
    says why: what it offers, what it works on, the group it reaches and through whom.

    Examples
    --------
    Worked by hand. A road need (infrastructure, needs technical support) and a health need
    (health, needs training), on a map where the farmers' group uses the road and the posyandu
    works on health:

    ========  ===========  ==============  ======================  =====================
    actor     holds        works on        road: fit               health: fit
    ========  ===========  ==============  ======================  =====================
    pu        technical    infrastructure  3 + 3 + 4/2 = 8         0 - 2 + 0 = -2
    pkm       training     health          0 - 2 + 0 = -2          3 + 3 + 4/2 = 8
    tani      (a group)    infrastructure  0 + 3 + 4/1 = 7         0 - 2 + 0 = -2
    ========  ===========  ==============  ======================  =====================

    (``pu`` is linked to ``tani``, the group working on infrastructure; ``pkm`` to
    ``posyandu``.) ``pu`` and ``pkm`` are supportive with one link, to a community group:
    2 + 0.1 + 1 = 3.1 on top; the groups 2 + 0.1 = 2.1. So the road's technical support goes
    to ``pu`` (11.1) and the health need's training to ``pkm`` (11.1); each need's
    participatory partner is its own group (``tani`` 9.1 for the road, ``posyandu`` for
    health); a strategy only one actor carries still goes to it, with its low score.

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "pu", "sector": "government", "stance": "supportive",
    ...       "resources": ("technical",), "areas": ("infrastructure",)},
    ...      {"id": "pkm", "sector": "government", "stance": "supportive",
    ...       "resources": ("training",), "areas": ("health",)},
    ...      {"id": "tani", "sector": "community_group", "stance": "supportive",
    ...       "areas": ("infrastructure",)},
    ...      {"id": "posyandu", "sector": "community_group", "stance": "supportive",
    ...       "areas": ("health",)}],
    ...     "pu>tani technical", "pkm>posyandu training")
    >>> needs = [("road", "Jalan", ("technical",), "infrastructure"),
    ...          ("gizi", "Gizi balita", ("training",), "health")]
    >>> for s in partner_suggestions(G, needs):
    ...     print(s.need, s.strategy, s.actors, s.score)
    road participatory ('tani',) 9.1
    road training ('pkm',) 1.1
    road support ('pu',) 11.1
    gizi participatory ('posyandu',) 9.1
    gizi training ('pkm',) 11.1
    gizi support ('pu',) 1.1
    >>> print(partner_suggestions(G, needs)[2].reason.text("en"))
    pu could support “Jalan” through technical and financial support: it offers technical \
support, it works on infrastructure, it is linked directly to tani.
    """
    return partners_on(G, needs, question, channel_graph(G), suppliers_of(G, RESOURCES))


def _why(
    G: nx.MultiDiGraph,
    a: str,
    offers: Sequence[str],
    category: str | None,
    path: Sequence[str] | None,
) -> list[Msg]:
    """Give the reasons a partner is offered for a need: what it offers, what it works on,
    the concerned community group it is or reaches (and through whom)."""
    why = [Msg("stakeholders.suggest.why_offers", offers=offer_words(offers))]
    if category is not None and category in G.nodes[a]["areas"]:
        why.append(Msg("stakeholders.suggest.why_area", area=Msg(f"category.{category}")))
    if path is not None:
        group = G.nodes[path[-1]]["name"]
        if len(path) == 1:
            why.append(Msg("stakeholders.suggest.why_group", group=group))
        elif len(path) == 2:
            why.append(Msg("stakeholders.suggest.why_linked", group=group))
        else:
            via = " – ".join(G.nodes[v]["name"] for v in path[1:-1])
            why.append(Msg("stakeholders.suggest.why_reaches", group=group, via=via))
    return why


def concerned_paths(
    G: nx.MultiDiGraph, UG: nx.Graph, category: str | None, group: str | None = None
) -> dict[str, list[str]]:
    """Give, for each actor within :data:`REACH_LINKS` links of a community group the need
    concerns, a shortest path from it to the nearest such group (ties: the group first in id
    order). The groups are ``group`` when the group named one on the map, else the community
    groups working on ``category`` (not opposed). None of either: ``{}``.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(["a:government", "b:ngo", {"id": "t", "sector": "community_group",
    ...             "areas": ("economic",)}], "a>b information", "b>t training")
    >>> concerned_paths(G, channel_graph(G), "economic")
    {'t': ['t'], 'b': ['b', 't'], 'a': ['a', 'b', 't']}
    """
    if group is not None and group in G:
        groups = [group]
    else:
        groups = sorted(
            c
            for c in community_groups(G)
            if category in G.nodes[c]["areas"] and G.nodes[c]["stance"] != "opposed"
        )
    if not groups:
        return {}
    _, paths = nx.multi_source_dijkstra(UG, groups, cutoff=REACH_LINKS)
    return {a: list(reversed(p)) for a, p in paths.items()}


def _fit(
    G: nx.MultiDiGraph,
    a: str,
    wanted: Sequence[str],
    supply: dict[str, frozenset[str]],
    category: str | None,
    paths: dict[str, list[str]],
) -> float:
    """Give how well actor ``a`` fits one need (see :func:`partner_suggestions`)."""
    areas = G.nodes[a]["areas"]
    area = 0.0
    if category is not None and areas:
        area = AREA_FIT if category in areas else -OFF_AREA
    near = GROUP_FIT / len(paths[a]) if a in paths else 0.0
    return RESOURCE_FIT * any(a in supply[r] for r in wanted) + area + near


def partners_on(
    G: nx.MultiDiGraph,
    needs: Iterable[Need],
    question: str | None,
    UG: nx.Graph,
    supply: dict[str, frozenset[str]],
) -> list[Suggestion]:
    """Give :func:`partner_suggestions` from the channel graph and the suppliers of every
    resource, already computed."""
    links = link_counts(G)
    groups = set(community_groups(G))
    types: dict[str, set[str]] = {a: set() for a in G}
    for u, v, k in G.edges(keys=True):
        types[u].add(k)
        types[v].add(k)
    touches_group = {a for a in G if any(n in groups for n in UG.adj[a])}
    base = {
        a: standing(G, a, question)
        + 0.1 * min(links[a], 10)
        + (a in touches_group)
        - (CONFLICT in types[a])
        for a in G
    }
    carries = {
        strategy: {
            a: offers
            for a in sorted(G)
            if G.nodes[a]["stance"] != "opposed"
            and (offers := _carries(G, a, strategy, supply, types[a]))
        }
        for strategy in STRATEGIES
    }
    entered = {a: i for i, a in enumerate(G)}
    found: list[Suggestion] = []
    for need in needs:
        need_id, title, wanted = need[0], need[1], need[2]
        category = need[3] if len(need) > 3 else None  # type: ignore[misc]
        group = need[4] if len(need) > 4 else None  # type: ignore[misc]
        for r in wanted:
            if r not in RESOURCES:
                raise ValidationError(
                    field=Msg("stakeholders.field.need_resources"), value=r, allowed=RESOURCES
                )
        paths = concerned_paths(G, UG, category, group)
        fit = {a: _fit(G, a, wanted, supply, category, paths) for a in G}
        used: set[str] = set()
        for strategy in STRATEGIES:
            candidates = []
            for a, offers in carries[strategy].items():
                score = round(base[a] + fit[a], 6)
                candidates.append((a in used, -score, entered[a], a, offers))
            if not candidates:
                continue
            _, minus, _, a, offers = min(candidates)
            score = -minus
            used.add(a)
            reason = Msg(
                "stakeholders.suggest.partner",
                actor=G.nodes[a]["name"],
                need=title,
                strategy=Msg(f"stakeholders.strategy.{strategy}"),
                why=_why(G, a, offers, category, paths.get(a)),
            )
            found.append(Suggestion("partner", (a,), reason, score, offers, need_id, strategy))
    return found
