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

# A priority need: (need id, title, resources it needs).
Need = tuple[str, str, Sequence[str]]


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
    (:data:`STRATEGIES` order).

    A candidate is any actor that is not opposed and carries the strategy (see
    :data:`STRATEGY_RESOURCES`, :data:`STRATEGY_SECTORS`, :data:`STRATEGY_LINK_TYPES`). Score:
    3 if it supplies one of the need's resources, 2 if supportive, 0.5 per storey of its tower
    (for ``question``, else its highest), 0.1 per link up to 10, 1 if it has a direct
    non-conflict link to a community group, minus 1 if it is in any conflict; ties go to the
    actor entered first (the graph's node order), so any workshop holding the same map
    suggests the same partners whatever ids its records got. An actor already suggested for
    the same need is passed over while another candidate is left.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     [{"id": "dinsos", "sector": "government", "stance": "supportive",
    ...       "resources": ("training", "funding"), "towers": {"q": 4}},
    ...      {"id": "csr", "sector": "private", "stance": "opposed", "resources": ("funding",)},
    ...      {"id": "kwt", "sector": "community_group", "stance": "supportive"},
    ...      {"id": "ugm", "sector": "academia", "resources": ("technical",)}],
    ...     "dinsos>kwt training", "ugm>kwt coordination")
    >>> for s in partner_suggestions(G, [("n1", "Gizi balita", ("funding",))], "q"):
    ...     print(s.strategy, s.actors, s.offers, s.score)
    participatory ('kwt',) ('community_group',) 2.2
    training ('dinsos',) ('training',) 8.1
    partnership ('ugm',) ('coordination',) 1.1
    support ('dinsos',) ('funding',) 8.1
    >>> partner_suggestions(G, [("n1", "Gizi balita", ("funding",))], "q")[1].reason
    Msg('stakeholders.suggest.partner', **{'actor': 'dinsos', 'need': 'Gizi balita', \
'strategy': Msg('stakeholders.strategy.training', **{}), \
'offers': [Msg('stakeholders.offer.training', **{})]})
    """
    return partners_on(G, needs, question, channel_graph(G), suppliers_of(G, RESOURCES))


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
    for need_id, title, wanted in needs:
        for r in wanted:
            if r not in RESOURCES:
                raise ValidationError(
                    field=Msg("stakeholders.field.need_resources"), value=r, allowed=RESOURCES
                )
        used: set[str] = set()
        for strategy in STRATEGIES:
            candidates = []
            for a, offers in carries[strategy].items():
                score = round(base[a] + 3.0 * any(a in supply[r] for r in wanted), 6)
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
                offers=offer_words(offers),
            )
            found.append(Suggestion("partner", (a,), reason, score, offers, need_id, strategy))
    return found
