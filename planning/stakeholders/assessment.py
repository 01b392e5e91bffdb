"""The stakeholder map of a stored workshop, analysed: the pure Net-Map methods wired to the store.

``analyse(ws, question)`` reads the stage's records once, builds the networkx graph and runs
every analysis of :mod:`planning.stakeholders.methods`, reusing the result (in the stages' one
memo) while the records and the needs' result are the same. Actors are keyed by their record id
inside; views and the summary name them. ``analyse(ws)`` is the stage's one public result
(``stages.result(ws, "stakeholders")``): a later stage reads the map there, the partners the
map suggests for each priority need included (:attr:`MapAnalysis.partners`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from planning import stages
from planning.errors import Msg
from planning.records import several
from planning.stakeholders.records import (
    UNKNOWN_LEVEL,
    Goal,
    InfluenceQuestion,
    Link,
    LinkType,
    NeedResources,
    Position,
    Stakeholder,
    Tower,
    is_two_way,
)
from planning.stakeholders.vocab import CONFLICT, LINK_TYPES, TOWER_MAX, tower_top
from planning.store import Workshop

if TYPE_CHECKING:
    import networkx as nx

    from planning.stakeholders.methods import (
        ActorMetrics,
        GridPlace,
        MapStructure,
        Mismatch,
        Reach,
        Suggestion,
        WhatIf,
    )

# A need's category gives a first guess of the resources it requires, until the group says.
CATEGORY_RESOURCES: dict[str, tuple[str, ...]] = {
    "health": ("funding", "training", "technical"),
    "education": ("training", "funding"),
    "infrastructure": ("technical", "funding"),
    "economic": ("funding", "training", "networks"),
    "environment": ("technical", "networks"),
    "social": ("networks", "training"),
    "governance": ("authority", "networks"),
    "other": ("funding", "networks"),
}
TOP_BROKERS = 3  # what-if is worked out for this many top brokers


@dataclass(frozen=True)
class PriorityNeed:
    """A priority need of stage 1 and the resources it requires (``guessed`` from its
    category when the group has not said)."""

    id: str
    title: str
    rank: int
    resources: tuple[str, ...]
    guessed: bool
    category: str | None = None  # the need's category: partners working on it come first
    group: str | None = None  # the community group it concerns most, if the group said


@dataclass(frozen=True)
class Partner:
    """An actor suggested as a partner for a need: through which empowerment ``strategy``,
    what it ``offers``, the ``reason`` in words (a ``Msg``), whether it ``reaches_group``
    (a path to a community group, or is one) and in how many links (``group_distance``)."""

    actor: str
    name: str
    strategy: str
    offers: tuple[str, ...]
    reason: Msg
    score: float
    reaches_group: bool
    group_distance: int | None


@dataclass(frozen=True)
class NeedPartners:
    """The suggested partners of one priority need, one per empowerment strategy at most."""

    need: str
    title: str
    rank: int
    resources: tuple[str, ...]
    partners: tuple[Partner, ...]


@dataclass(frozen=True)
class MapAnalysis:
    """Everything the analysis says about the workshop's map, for one influence question.

    ``question`` is the id of the question towers are read for (None when there is none):
    the grid, the mismatches and the suggestions depend on it.
    """

    graph: nx.MultiDiGraph
    actors: tuple[Stakeholder, ...]
    names: dict[str, str]
    links: tuple[Link, ...]
    questions: tuple[InfluenceQuestion, ...]
    question: str | None
    custom_types: dict[str, bool]
    metrics: dict[str, ActorMetrics]
    structure: MapStructure
    grid: dict[str, GridPlace]
    mismatches: list[Mismatch]
    reach: dict[str, Reach]
    suggestions: list[Suggestion]
    what_if: dict[str, WhatIf]
    single_points: dict[str, tuple[str, ...]]
    needs: tuple[PriorityNeed, ...]
    group_distance: dict[str, int | None] = field(default_factory=dict)
    # Each actor's goals, in the group's words: actor id -> question id -> goals (entry order).
    goals: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # Per priority need (in priority order), the partners suggested, one per strategy at most.
    partners: tuple[NeedPartners, ...] = ()
    # The tallest tower the workshop allows (its setting, else the workbook's default).
    tower_top: int = TOWER_MAX

    def name(self, actor: str) -> str:
        """Give the name of an actor id."""
        return self.names.get(actor, actor)

    def question_name(self, question: str | None = None) -> str:
        """Give the short name of a question id (the chosen one by default)."""
        wanted = self.question if question is None else question
        return next((q.name for q in self.questions if q.id == wanted), "")

    @property
    def brokers(self) -> list[str]:
        """Give the actors that carry any brokerage, highest first (at most five)."""
        ranked = sorted(self.metrics.values(), key=lambda m: (-m.betweenness, self.name(m.actor)))
        return [m.actor for m in ranked if m.betweenness > 1e-9][:5]

    def link_type_words(self, link_type: str) -> Msg | str:
        """Give the words of a link type: a built-in type's label, a custom type's name."""
        if link_type in LINK_TYPES:
            return Msg(f"stakeholders.link_type.{link_type}")
        return link_type

    def reaches_group(self, actor: str) -> bool:
        """Whether an actor has a path to a community group (or is one)."""
        return self.group_distance.get(actor) is not None

    def suggested(self, need: str) -> tuple[Partner, ...]:
        """Give the partners suggested for a need (none for a need that is not a priority)."""
        return next((n.partners for n in self.partners if n.need == need), ())

    @property
    def community_groups(self) -> frozenset[str]:
        """Give the actors that are community groups."""
        return frozenset(a for a, d in self.group_distance.items() if d == 0)

    @property
    def neighbours(self) -> dict[str, tuple[str, ...]]:
        """Give every actor's directly linked actors (either way, any type), in id order."""
        found: dict[str, set[str]] = {a: set() for a in self.graph}
        for u, v in self.graph.edges():
            found[u].add(v)
            found[v].add(u)
        return {a: tuple(sorted(found[a])) for a in sorted(found)}


def choose_question(ws: Workshop, question: str | None = None) -> str | None:
    """Give the id of the influence question named (by id or short name), or the first one."""
    questions = ws.snapshot(InfluenceQuestion)
    if question:
        for q in questions:
            if question in (q.id, q.name):
                return q.id
        return ws.find(InfluenceQuestion, question).id
    return questions[0].id if questions else None


def analyse(ws: Workshop, question: str | None = None) -> MapAnalysis:
    """Give the analysis of the workshop's map with towers read for ``question`` (an id or
    short name; the first question by default).

    Its ``partners`` are what the action-planning stage offers when the group chooses
    partners: per priority need of stage 1 (in priority order), a :class:`NeedPartners` naming
    the need (``need`` id, ``title``, combined ``rank``) and the ``resources`` it requires (what
    the group said in ``need_resources``, else a guess from its category), whose ``partners``
    hold at most one actor per empowerment strategy, each a :class:`Partner` with the actor's
    id and name, the strategy, what it offers, the reason in words (``reason.text(lang)``),
    its score, and whether it reaches a community group (``reaches_group``; ``group_distance``
    in links, 0 for a group itself). An opposed actor is never suggested.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from planning import create_workshop
    >>> ws = create_workshop(pathlib.Path(tempfile.mkdtemp()) / "w.sqlite", title="T")
    >>> _ = ws.add("needs", title="Air bersih", category="infrastructure")
    >>> _ = ws.add("stakeholders", name="PDAM", sector="government", resources="technical")
    >>> _ = ws.add("stakeholders", name="KWT", sector="community_group", stance="supportive")
    >>> _ = ws.add("links", source="PDAM", target="KWT", type="technical")
    >>> [need] = analyse(ws).partners
    >>> need.title, need.resources
    ('Air bersih', ('technical', 'funding'))
    >>> [(p.name, p.strategy, p.reaches_group) for p in need.partners]
    [('KWT', 'participatory', True), ('PDAM', 'support', True)]
    >>> need.partners[1].reason.text("en")
    'PDAM could support “Air bersih” through technical and financial support: it offers technical support.'
    """  # noqa: E501
    chosen = choose_question(ws, question)
    actors, questions = ws.snapshot(Stakeholder), ws.snapshot(InfluenceQuestion)
    towers, types, links = ws.snapshot(Tower), ws.snapshot(LinkType), ws.snapshot(Link)
    assessed = stages.result(ws, "needs")
    said, goals = ws.snapshot(NeedResources), ws.snapshot(Goal)
    settings: tuple[Any, ...] = ws.snapshot("plan_settings")  # the tallest tower is one
    top = tower_top({r.setting: r.value for r in settings})

    def compute() -> MapAnalysis:
        needs = priority_needs(assessed, said)
        found = _analyse(actors, questions, towers, types, links, chosen, needs)
        return replace(found, goals=goals_of(goals, found.names, questions), tower_top=top)

    inputs = (actors, questions, towers, types, links, assessed, said, goals, top)
    found: MapAnalysis = stages.memo(ws, ("stakeholders", chosen), inputs, compute)
    return found


def build(
    actors: Sequence[Stakeholder],
    towers: Sequence[Tower],
    types: Sequence[LinkType],
    links: Sequence[Link],
    questions: Sequence[InfluenceQuestion] = (),
) -> nx.MultiDiGraph:
    """Give the Net-Map graph of stored records (links or towers of removed actors left out)."""
    from planning.stakeholders.methods import build_graph

    known = {a.id for a in actors}
    asked = {q.id for q in questions} if questions else None
    heights: dict[str, dict[str, int]] = {a: {} for a in known}
    for tw in towers:
        if tw.stakeholder in known and (asked is None or tw.question in asked):
            heights[tw.stakeholder][tw.question] = tw.height
    custom = {t.name: t.two_way for t in types}
    return build_graph(
        [
            {
                "id": a.id,
                "name": a.name,
                "sector": a.sector,
                "level": None if a.level == UNKNOWN_LEVEL else a.level,
                "stance": a.stance,
                "interest": a.interest,
                "resources": several(a.resources),
                "areas": several(a.areas),
                "towers": heights[a.id],
            }
            for a in actors
        ],
        [
            {
                "source": x.source,
                "target": x.target,
                "type": x.type,
                "strength": x.strength,
                "two_way": is_two_way(x.type, custom),
            }
            for x in links
            if x.source in known and x.target in known and x.source != x.target
        ],
    )


def _analyse(
    actors: tuple[Stakeholder, ...],
    questions: tuple[InfluenceQuestion, ...],
    towers: tuple[Tower, ...],
    types: tuple[LinkType, ...],
    links: tuple[Link, ...],
    question: str | None,
    needs: tuple[PriorityNeed, ...],
) -> MapAnalysis:
    from planning.stakeholders import methods as sm

    G = build(actors, towers, types, links, questions)
    metrics = sm.actor_metrics(G)
    before = {a: m.betweenness for a, m in metrics.items()}
    ranked = sorted(metrics, key=lambda a: (-before[a], a))
    what_if = {a: sm.what_if_removed(G, a, before=before) for a in ranked[:TOP_BROKERS]}
    what_if = {a: w for a, w in what_if.items() if before[a] > 1e-9}
    need_rows = [(n.id, n.title, n.resources, n.category, n.group) for n in needs]
    suggestions = sm.suggestions(G, need_rows, question)
    distance = group_distance(G)
    names = {a.id: a.name for a in actors}
    return MapAnalysis(
        graph=G,
        actors=actors,
        names=names,
        links=tuple(x for x in links if x.source in G and x.target in G),
        questions=questions,
        question=question,
        custom_types={t.name: t.two_way for t in types},
        metrics=metrics,
        structure=sm.map_structure(G),
        grid=sm.power_interest_grid(G, question),
        mismatches=sm.mismatches(G, question),
        reach=sm.reach(G),
        suggestions=suggestions,
        what_if=what_if,
        single_points=sm.single_points_of_failure(G),
        needs=needs,
        group_distance=distance,
        partners=_partners(needs, suggestions, names, distance),
    )


def goals_of(
    goals: Sequence[Goal], names: dict[str, str], questions: Sequence[InfluenceQuestion]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Give each actor's goals per question (actors and questions still on the map; goals in
    the order entered)."""
    asked = {q.id for q in questions}
    found: dict[str, dict[str, list[str]]] = {}
    for g in goals:
        if g.stakeholder in names and g.question in asked:
            found.setdefault(g.stakeholder, {}).setdefault(g.question, []).append(g.goal)
    return {a: {q: tuple(v) for q, v in by.items()} for a, by in found.items()}


def group_distance(G: nx.MultiDiGraph) -> dict[str, int | None]:
    """Give each actor's distance in links (non-conflict, either way) to the nearest community
    group: 0 for a group itself, None when no path reaches one.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     ["kwt:community_group", "desa:village_government", "dinas:government",
    ...      "pdam:government"],
    ...     "desa>kwt funding", "dinas>desa information", "pdam>kwt conflict")
    >>> group_distance(G)
    {'desa': 1, 'dinas': 2, 'kwt': 0, 'pdam': None}
    """
    import networkx as nx

    from planning.stakeholders.methods import channel_graph, community_groups

    groups = community_groups(G)
    found: dict[str, int] = (
        dict(nx.multi_source_dijkstra_path_length(channel_graph(G), set(groups))) if groups else {}
    )
    return {a: found.get(a) for a in sorted(G)}


def priority_needs(assessed: Any, said: Sequence[NeedResources]) -> tuple[PriorityNeed, ...]:
    """Give the priority needs of the needs' result (``stages.result(ws, "needs")``, whose rule
    says which they are) with the resources each requires: what the group said
    (``need_resources``), else a guess from the need's category."""
    resources_of = {r.need: several(r.resources) for r in said}
    group_of = {r.need: r.group or None for r in said}
    category = {n.id: n.category for n in assessed.needs}
    out = []
    for p in assessed.priorities:
        given = resources_of.get(p.need)
        resources = given or CATEGORY_RESOURCES.get(category.get(p.need, "other"), ())
        out.append(
            PriorityNeed(
                p.need,
                p.title,
                p.rank,
                tuple(resources),
                not given,
                category.get(p.need),
                group_of.get(p.need),
            )
        )
    return tuple(out)


def _partners(
    needs: Sequence[PriorityNeed],
    suggestions: Sequence[Suggestion],
    names: dict[str, str],
    distance: dict[str, int | None],
) -> tuple[NeedPartners, ...]:
    out = []
    for need in needs:
        partners = []
        for s in suggestions:
            if s.kind != "partner" or s.need != need.id:
                continue
            actor = s.actors[0]
            dist = distance.get(actor)
            partners.append(
                Partner(
                    actor=actor,
                    name=names.get(actor, actor),
                    strategy=s.strategy or "",
                    offers=s.offers,
                    reason=s.reason,
                    score=s.score,
                    reaches_group=dist is not None,
                    group_distance=dist,
                )
            )
        out.append(NeedPartners(need.id, need.title, need.rank, need.resources, tuple(partners)))
    return tuple(out)


def positions(ws: Workshop, a: MapAnalysis | None = None) -> dict[str, tuple[float, float]]:
    """Give every actor's place on the map: the stored one, or (for an actor nobody placed yet)
    a free place near its links that moves nobody; a map nobody arranged gets a first layout.
    Pure: nothing is stored (``commands.place_actors`` stores the new places)."""
    from planning.stakeholders.layout import first_layout, place_missing

    a = a or analyse(ws)
    stored = {p.stakeholder: (p.x, p.y) for p in ws.snapshot(Position) if p.stakeholder in a.names}
    pairs = [(u, v) for u, v, k in a.graph.edges(keys=True) if k != CONFLICT]
    if not stored:
        return first_layout(a.names, pairs)
    missing = [x for x in a.names if x not in stored]
    return {**stored, **place_missing(stored, missing, pairs)}
