"""The needs assessment of a stored workshop: every method that has data, side by side.

``assess(ws)`` reads the needs records once and runs the pure methods of
:mod:`planning.needs.methods`, reusing each method's result while its records are unchanged
(through the stages' one memo, :func:`planning.stages.memo`). It is the stage's one public
result (``stages.result(ws, "needs")``), and it says which needs are the priorities
(:attr:`Assessment.priorities`), the one rule the map and the plan both follow.
Needs are keyed by their id inside; :mod:`planning.needs.summary` names them by title.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from planning import stages
from planning.needs import methods as nm
from planning.needs.records import (
    Criterion,
    DotVote,
    Need,
    Pairwise,
    Ranking,
    Score,
    TreeNode,
    priority_count,
)
from planning.records import Participant, Record
from planning.store import Workshop

R = TypeVar("R", bound=Record)
# Every method, in the order panels and handouts show them, with its colour in charts (the
# stylesheet's ``planning-c-<method>`` classes use the same colours; a test keeps them equal).
METHOD_COLOURS = {
    "dots": "#d95f02",
    "matrix": "#1b9e77",
    "pairwise": "#7570b3",
    "borda": "#e7298a",
    "copeland": "#66a61e",
    "plurality": "#a6761d",
}
METHODS = tuple(METHOD_COLOURS)


@dataclass(frozen=True)
class Priority:
    """A need in priority order: its id, title and place (equal places for a tie)."""

    need: str
    title: str
    rank: int


def priority_order(combined: nm.Combined, needs: tuple[Need, ...]) -> tuple[Priority, ...]:
    """Give every need in priority order: the combined ranking, then the needs nobody ranked
    yet, in board order (each a place after the last ranked one).

    Examples
    --------
    >>> from planning.needs.methods import CombinedRow, Combined
    >>> combined = Combined((CombinedRow("b", {}, 1.0, 1), CombinedRow("a", {}, 2.0, 2)), (),
    ...                     False, {})
    >>> needs = tuple(Need(id=i, version=1, entered_at="", entered_by="", title=i.upper())
    ...               for i in "abc")
    >>> [(p.need, p.rank) for p in priority_order(combined, needs)]
    [('b', 1), ('a', 2), ('c', 3)]
    """
    titles = {n.id: n.title for n in needs}
    ranked = [Priority(r.need, titles.get(r.need, r.need), r.rank) for r in combined.rows]
    seen = {p.need for p in ranked}
    after = max((p.rank for p in ranked), default=0) + 1
    rest = [n for n in needs if n.id not in seen]
    return (*ranked, *(Priority(n.id, n.title, after + i) for i, n in enumerate(rest)))


@dataclass(frozen=True)
class Assessment:
    """What every needs method says about a workshop's needs."""

    needs: tuple[Need, ...]
    titles: dict[str, str]  # need id -> title
    results: dict[str, nm.MethodResult]  # method -> result, only methods with data
    matrix: nm.MatrixResult | None
    pairwise: nm.PairwiseResult | None
    condorcet: str | None  # need id
    kendall_w: float | None
    dissent: tuple[nm.Dissent, ...]
    combined: nm.Combined
    sensitivity: tuple[nm.Sensitivity, ...]
    criteria: tuple[Criterion, ...]
    dot_budget: int
    voters: int = 0
    rankers: int = 0
    participant_names: dict[str, str] = field(default_factory=dict)
    order: tuple[Priority, ...] = ()  # every need in priority order
    # The pairs decided with a reason: (need a, need b, winner or None for a tie, reason).
    reasons: tuple[tuple[str, str, str | None, str], ...] = ()
    priority_count: int = 0  # how many of them are the priorities (the workshop's setting)

    @property
    def priorities(self) -> tuple[Priority, ...]:
        """Give the priority needs: the first ``priority_count`` of the priority order (the
        needs the map suggests partners for and the plan must give an activity)."""
        return self.order[: self.priority_count]

    def title(self, need_id: str | None) -> str:
        """Give the title of a need id ("" for None)."""
        return self.titles.get(need_id, need_id) if need_id else ""


def _memo(ws: Workshop, name: str, inputs: tuple[Any, ...], compute: Any) -> Any:
    """Give ``compute()`` through the stages' one memo, so a panel that redraws after a dot
    vote recomputes the dots, not the 20,000 matrix scores."""
    return stages.memo(ws, ("needs", name), inputs, compute)


class _Snapshot:
    """The current records of each needs kind, typed; the same tuples while unchanged."""

    def __init__(self, ws: Workshop) -> None:
        self.needs = _snap(ws, Need)
        self.criteria = _snap(ws, Criterion)
        self.participants = _snap(ws, Participant)
        self.dot_votes = _snap(ws, DotVote)
        self.scores = _snap(ws, Score)
        self.pairwise = _snap(ws, Pairwise)
        self.rankings = _snap(ws, Ranking)


def _snap(ws: Workshop, cls: type[R]) -> tuple[R, ...]:
    return ws.snapshot(cls)


def assess(ws: Workshop) -> Assessment:
    """Give the assessment of the workshop's current needs records: the stage's one public
    result, ``stages.result(ws, "needs")``, reused while nothing it reads changed."""
    found: Assessment = stages.result(ws, "needs")
    return found


def compute_assessment(ws: Workshop) -> Assessment:
    """Give the assessment of the workshop's current needs records, computed now (each
    method's part reused while its records are unchanged); read it through :func:`assess`."""
    snap = _Snapshot(ws)
    needs: tuple[Need, ...] = snap.needs
    ids = [n.id for n in needs]
    known = set(ids)
    titles = {n.id: n.title for n in needs}
    criteria: tuple[Criterion, ...] = snap.criteria
    names = {p.id: p.name for p in snap.participants}
    results: dict[str, nm.MethodResult] = {}

    votes: list[DotVote] = [v for v in snap.dot_votes if v.need in known]
    if any(v.dots for v in votes):
        results["dots"] = _memo(
            ws,
            "dots",
            (needs, snap.dot_votes),
            lambda: nm.dot_totals([(v.participant, v.need, v.dots) for v in votes], ids),
        )

    def score_matrix() -> tuple[nm.MatrixResult, tuple[nm.Sensitivity, ...]] | None:
        crit_ids = {c.id for c in criteria}
        scores: list[Score] = [
            s for s in snap.scores if s.need in known and s.criterion in crit_ids
        ]
        if not (scores and criteria):
            return None
        rows = [(s.rater, s.need, s.criterion, s.value) for s in scores]
        weights = {c.id: c.weight for c in criteria}
        matrix = nm.matrix_scores(rows, weights, ids)
        return matrix, nm.weight_sensitivity(rows, weights, ids, matrix=matrix)

    scored = _memo(ws, "matrix", (needs, criteria, snap.scores), score_matrix)
    matrix, sensitivity = scored if scored else (None, ())
    if matrix is not None:
        results["matrix"] = matrix.weighted

    def compare_pairs() -> nm.PairwiseResult | None:
        pairs: list[Pairwise] = [
            p for p in snap.pairwise if p.need_a in known and p.need_b in known
        ]
        if not pairs or len(ids) < 2:
            return None
        return nm.pairwise_wins([(p.need_a, p.need_b, p.winner or None) for p in pairs], ids)

    pairwise = _memo(ws, "pairwise", (needs, snap.pairwise), compare_pairs)
    if pairwise is not None:
        results["pairwise"] = pairwise.result

    def rank_orders() -> tuple[dict[str, nm.MethodResult], Any, Any, tuple[nm.Dissent, ...], int]:
        orders = individual_orders(list(snap.rankings), ids)
        if not orders:
            return {}, None, None, (), 0
        found = {
            "borda": nm.borda(orders, ids),
            "copeland": nm.copeland(orders, ids),
            "plurality": nm.plurality(orders, ids),
        }
        return (
            found,
            nm.condorcet_winner(orders, ids),
            nm.kendalls_w(orders, ids),
            nm.dissent(orders, ids),
            len(orders),
        )

    ranked, condorcet, kendall, dissent, rankers = _memo(
        ws, "rankings", (needs, snap.rankings), rank_orders
    )
    results.update(ranked)

    combined = nm.compare_methods(list(results.values()), ids)
    # How many needs are the priorities is stored among the plan's settings (see
    # ``planning.needs.records.PRIORITIES_SETTING``); the rule that picks them is this stage's.
    settings: tuple[Any, ...] = ws.snapshot("plan_settings")
    reasons = tuple(
        (p.need_a, p.need_b, p.winner or None, p.reason)
        for p in snap.pairwise
        if p.reason and p.need_a in known and p.need_b in known
    )
    return Assessment(
        reasons=reasons,
        needs=needs,
        titles=titles,
        results=results,
        matrix=matrix,
        pairwise=pairwise,
        condorcet=condorcet,
        kendall_w=kendall,
        dissent=dissent,
        combined=combined,
        sensitivity=sensitivity,
        criteria=criteria,
        dot_budget=ws.info().dot_budget,
        voters=len({v.participant for v in votes if v.dots}),
        rankers=rankers,
        participant_names=names,
        order=priority_order(combined, needs),
        priority_count=priority_count({r.setting: r.value for r in settings}),
    )


def individual_orders(rankings: list[Ranking], needs: list[str]) -> dict[str, list[str]]:
    """Give each participant's order of the needs (best first) from their rank records.

    Equal ranks keep the needs' board order, since an order cannot hold a tie.
    """
    place = {need: i for i, need in enumerate(needs)}
    by_person: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for r in rankings:
        if r.need in place:
            by_person[r.participant].append((r.rank, place[r.need], r.need))
    return {who: [need for *_, need in sorted(rows)] for who, rows in by_person.items()}


def tree_of(ws: Workshop, need_id: str):  # type: ignore[no-untyped-def]
    """Give the problem tree of a need as a networkx DiGraph (the need's title at the core)."""
    need = ws.get(Need, need_id)
    nodes: list[TreeNode] = [n for n in ws.records(TreeNode) if n.need == need_id]
    return nm.problem_tree(need.title, [(n.text, n.role, n.parent) for n in nodes])


def trees(ws: Workshop) -> list[str]:
    """Give the ids of the needs that have a problem tree, in board order."""
    with_nodes = {n.need for n in ws.records(TreeNode)}
    return [n.id for n in ws.records(Need) if n.id in with_nodes]
