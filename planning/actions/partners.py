"""What the action plan reads from the partnership map (stage 2): the actors, who reaches a
community group, and the partners the map suggests for each priority need.

A thin adapter over the stakeholder stage: its pure methods (``build_graph``,
``channel_graph``, ``partner_suggestions``), its guess of what a need requires
(``CATEGORY_RESOURCES``) and its result types (``NeedPartners`` holding ``Partner``, as
``planning.stakeholders.assessment.partner_map`` gives them). What it adds is the plan's view:
the plan's own number of priority needs, the plan's strategy codes, and suggestions reused while
the records read are the same. Actors get short ids in the order they
were entered (``S01``...), so the same map gives the same suggestions in any workshop that holds
it (an export imported elsewhere included). networkx is imported only when a map is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from planning.records import several
from planning.stakeholders.assessment import CATEGORY_RESOURCES, NeedPartners, Partner
from planning.store import Workshop

# The map's names of the four ways of empowering a community, and the plan's.
STRATEGY_OF_MAP = {
    "participatory_planning": "participatory",
    "training_education": "training",
    "partnership": "partnership",
    "technical_financial_support": "support",
}


@dataclass(frozen=True)
class MapView:
    """The partnership map as the plan sees it, actors keyed by their record id (in the order
    entered): names, sectors, distance in links to the nearest community group (0 for a group,
    None when none can be reached), community groups, direct links, and the suggestions."""

    names: dict[str, str]
    group_distance: dict[str, int | None]
    community_groups: frozenset[str]
    links: dict[str, tuple[str, ...]]
    needs: tuple[NeedPartners, ...]

    def reaches_group(self, actor: str) -> bool:
        """Whether an actor has a path to a community group (or is one)."""
        return self.group_distance.get(actor) is not None

    def suggested(self, need: str) -> tuple[Partner, ...]:
        """Give the partners the map suggests for a need (none for a need it does not rank)."""
        return next((n.partners for n in self.needs if n.need == need), ())


_MEMO: WeakKeyDictionary[Workshop, tuple[tuple[Any, ...], MapView]] = WeakKeyDictionary()


def map_view(
    ws: Workshop,
    priority: Sequence[tuple[str, str, int]],
    read: Callable[[Any], tuple[Any, ...]] | None = None,
) -> MapView:
    """Give the map as the plan sees it, with suggestions for the ``priority`` needs
    (``(need id, title, rank)`` in priority order), reused while nothing it reads changed.
    ``read`` gives a kind's records (default: the workshop's snapshot)."""
    from planning.stakeholders.records import Link, LinkType, NeedResources, Stakeholder, Tower

    read = read or ws.snapshot
    needs_records: tuple[Any, ...] = read("needs")
    inputs = (
        read(Stakeholder),
        read(Link),
        read(LinkType),
        read(Tower),
        read(NeedResources),
        needs_records,
        tuple(priority),
    )
    cached = _MEMO.get(ws)
    if (
        cached is not None
        and len(cached[0]) == len(inputs)
        and all(a is b or a == b for a, b in zip(cached[0], inputs, strict=True))
    ):
        return cached[1]
    category = {n.id: getattr(n, "category", "other") for n in needs_records}
    said = {r.need: several(r.resources) for r in inputs[4]}
    wanted = [
        (need, title, rank, said.get(need) or CATEGORY_RESOURCES.get(category.get(need, ""), ()))
        for need, title, rank in priority
    ]
    view = _build(inputs[0], inputs[1], inputs[2], inputs[3], wanted)
    _MEMO[ws] = (inputs, view)
    return view


def _build(
    actors: Sequence[Any],
    links: Sequence[Any],
    types: Sequence[Any],
    towers: Sequence[Any],
    needs: Sequence[tuple[str, str, int, tuple[str, ...]]],
) -> MapView:
    import networkx as nx

    from planning.stakeholders.methods import build_graph, channel_graph, partner_suggestions

    width = max(2, len(str(len(actors))))
    short = {a.id: f"S{i:0{width}d}" for i, a in enumerate(actors, start=1)}
    record = {s: a for a, s in short.items()}
    heights: dict[str, dict[str, int]] = {}
    for t in towers:
        if t.stakeholder in short:
            heights.setdefault(short[t.stakeholder], {})[t.question] = t.height
    nodes = [
        {
            "id": short[a.id],
            "name": a.name,
            "sector": a.sector,
            "level": None if a.level not in _levels() else a.level,
            "stance": a.stance,
            "interest": a.interest,
            "resources": several(a.resources),
            "towers": heights.get(short[a.id], {}),
        }
        for a in actors
    ]
    two_way = {t.name: t.two_way for t in types}
    edges = [
        {
            "source": short[link.source],
            "target": short[link.target],
            "type": link.type,
            "strength": link.strength,
            "two_way": two_way.get(link.type),
        }
        for link in links
        if link.source in short and link.target in short and link.source != link.target
    ]
    G = build_graph(nodes, edges)
    UG = channel_graph(G)
    groups = {n for n, d in G.nodes(data=True) if d["sector"] == "community_group"}
    distance: dict[str, int] = (
        dict(nx.multi_source_dijkstra_path_length(UG, groups)) if groups else {}
    )
    neighbours: dict[str, set[str]] = {s: set() for s in record}
    for u, v in G.to_undirected(as_view=True).edges():
        neighbours[u].add(v)
        neighbours[v].add(u)
    found = partner_suggestions(G, [(n, title, res) for n, title, _, res in needs])
    per_need: dict[str, list[Partner]] = {}
    for s in found:
        actor = s.actors[0]
        per_need.setdefault(s.need or "", []).append(
            Partner(
                actor=record[actor],
                name=G.nodes[actor]["name"],
                strategy=STRATEGY_OF_MAP.get(s.strategy or "", s.strategy or ""),
                offers=s.offers,
                reason=s.reason,
                score=s.score,
                reaches_group=actor in distance,
                group_distance=distance.get(actor),
            )
        )
    return MapView(
        names={a.id: a.name for a in actors},
        group_distance={record[s]: distance.get(s) for s in sorted(record)},
        community_groups=frozenset(record[s] for s in groups),
        links={record[s]: tuple(record[n] for n in sorted(neighbours[s])) for s in sorted(record)},
        needs=tuple(
            NeedPartners(n, title, rank, res, tuple(per_need.get(n, ())))
            for n, title, rank, res in needs
        ),
    )


def _levels() -> tuple[str, ...]:
    from planning.stakeholders.vocab import LEVELS

    return LEVELS


def partner_map(ws: Workshop, top_n: int | None = None) -> list[NeedPartners]:
    """Give, per priority need of stage 1 (the ``top_n`` best ranked, by default as many as the
    plan's settings say; in priority order), the partners the map suggests, at most one per
    strategy.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from planning import create_workshop
    >>> ws = create_workshop(pathlib.Path(tempfile.mkdtemp()) / "w.sqlite", title="T")
    >>> _ = ws.add("needs", title="Air bersih", category="infrastructure")
    >>> _ = ws.add("stakeholders", name="PDAM", sector="government", resources="technical")
    >>> _ = ws.add("stakeholders", name="KWT", sector="community_group", stance="supportive")
    >>> _ = ws.add("links", source="PDAM", target="KWT", type="technical")
    >>> [need] = partner_map(ws)
    >>> need.title, need.resources
    ('Air bersih', ('technical', 'funding'))
    >>> [(p.name, p.strategy, p.reaches_group) for p in need.partners]
    [('KWT', 'participatory', True), ('PDAM', 'support', True)]
    """
    from planning.actions.assessment import config_of, priority_needs

    ranked = priority_needs(ws)
    count = config_of(ws).top_n if top_n is None else top_n
    return list(map_view(ws, tuple(ranked[:count])).needs)
