"""The needs assessment of a stored workshop: every method that has data, side by side.

``assess(ws)`` reads the needs records once and runs the pure methods of ``planning.needs``;
``needs_part`` gives the result as plain data for ``planning summary --json`` and handouts.
Needs are keyed by their id inside; results name them by title.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from planning import needs as nm
from planning.model import (
    Criterion,
    DotVote,
    Need,
    Pairwise,
    Participant,
    Ranking,
    Record,
    Score,
    TreeNode,
)
from planning.store import Workshop

R = TypeVar("R", bound=Record)
METHODS = ("dots", "matrix", "pairwise", "borda", "copeland", "plurality")


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

    def title(self, need_id: str | None) -> str:
        """Give the title of a need id ("" for None)."""
        return self.titles.get(need_id, need_id) if need_id else ""


def _memo(ws: Workshop, name: str, inputs: tuple[Any, ...], compute: Any) -> Any:
    """Give ``compute()``, reusing the last result while its inputs are the same objects.

    The store hands out the same tuple of records while a kind is unchanged, so a panel that
    redraws after a dot vote recomputes the dots, not the 20,000 matrix scores.
    """
    memo: dict[str, tuple[tuple[Any, ...], Any]] = ws.__dict__.setdefault("_assess_memo", {})
    entry = memo.get(name)
    if (
        entry is not None
        and len(entry[0]) == len(inputs)
        and all(a is b for a, b in zip(entry[0], inputs, strict=True))
    ):
        return entry[1]
    result = compute()
    memo[name] = (inputs, result)
    return result


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
    return cast(tuple[R, ...], ws.snapshot(cls.KIND))


def assess(ws: Workshop) -> Assessment:
    """Give the assessment of the workshop's current needs records."""
    lang = ws.lang
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
            lambda: nm.dot_totals([(v.participant, v.need, v.dots) for v in votes], ids, lang=lang),
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
        matrix = nm.matrix_scores(rows, weights, ids, lang=lang)
        return matrix, nm.weight_sensitivity(rows, weights, ids, lang=lang, matrix=matrix)

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
        return nm.pairwise_wins(
            [(p.need_a, p.need_b, p.winner or None) for p in pairs], ids, lang=lang
        )

    pairwise = _memo(ws, "pairwise", (needs, snap.pairwise), compare_pairs)
    if pairwise is not None:
        results["pairwise"] = pairwise.result

    def rank_orders() -> tuple[dict[str, nm.MethodResult], Any, Any, tuple[nm.Dissent, ...], int]:
        orders = individual_orders(list(snap.rankings), ids)
        if not orders:
            return {}, None, None, (), 0
        found = {
            "borda": nm.borda(orders, ids, lang=lang),
            "copeland": nm.copeland(orders, ids, lang=lang),
            "plurality": nm.plurality(orders, ids, lang=lang),
        }
        return (
            found,
            nm.condorcet_winner(orders, ids, lang=lang),
            nm.kendalls_w(orders, ids, lang=lang),
            nm.dissent(orders, ids, lang=lang),
            len(orders),
        )

    ranked, condorcet, kendall, dissent, rankers = _memo(
        ws, "rankings", (needs, snap.rankings), rank_orders
    )
    results.update(ranked)

    combined = nm.compare_methods(list(results.values()), ids, lang=lang)
    return Assessment(
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
    need = cast(Need, ws.get("needs", need_id))
    nodes: list[TreeNode] = [n for n in ws.records(TreeNode) if n.need == need_id]
    return nm.problem_tree(need.title, [(n.text, n.role, n.parent) for n in nodes], lang=ws.lang)


def trees(ws: Workshop) -> list[str]:
    """Give the ids of the needs that have a problem tree, in board order."""
    with_nodes = {n.need for n in ws.records(TreeNode)}
    return [n.id for n in ws.records(Need) if n.id in with_nodes]


def needs_part(ws: Workshop, a: Assessment | None = None) -> dict[str, Any]:
    """Give the needs assessment as plain data, needs named by title."""
    a = a or assess(ws)

    def ordered(result: nm.MethodResult) -> list[dict[str, Any]]:
        return [
            {"need": a.title(r.need), "score": round(r.score, 4), "rank": r.rank}
            for r in result.ranking
        ]

    out: dict[str, Any] = {
        "needs": [
            {"title": n.title, "category": n.category, "dusun": n.dusun, "households": n.households}
            for n in a.needs
        ],
        "methods": {m: ordered(a.results[m]) for m in METHODS if m in a.results},
        "combined": [
            {
                "need": a.title(r.need),
                "rank": r.rank,
                "mean_rank": round(r.mean_rank, 4),
                "ranks": r.ranks,
            }
            for r in a.combined.rows
        ],
        "condorcet_winner": a.title(a.condorcet) or None,
        "kendall_w": None if a.kendall_w is None else round(a.kendall_w, 4),
        "disagreements": [
            {"need": a.title(d.need), "ranks": d.ranks, "spread": d.spread}
            for d in a.combined.disagreements
        ],
        "top_differs": a.combined.top_differs,
        "tops": {m: [a.title(n) for n in top] for m, top in a.combined.tops.items()},
        "dot_budget": a.dot_budget,
    }
    if a.pairwise is not None:
        out["pairwise_progress"] = {
            "done": a.pairwise.done,
            "expected": a.pairwise.expected,
            "missing": [[a.title(x), a.title(y)] for x, y in a.pairwise.missing],
        }
    if a.matrix is not None:
        crit = {c.id: c.name for c in a.criteria}
        out["criteria"] = [
            {
                "name": c.name,
                "weight": c.weight,
                "normalised": round(a.matrix.weights.get(c.id, 0.0), 4),
            }
            for c in a.criteria
        ]
        out["matrix_raw"] = ordered(a.matrix.raw)
        out["sensitivity"] = [
            {
                "criterion": crit.get(s.criterion, s.criterion),
                "weight": s.weight,
                "change": None if s.change is None else round(s.change, 4),
                "new_weight": None if s.new_weight is None else round(s.new_weight, 4),
            }
            for s in a.sensitivity
        ]
    out["problem_trees"] = [_tree_data(ws, need_id) for need_id in trees(ws)]
    # Dissent is shown as a count only: the handout does not single out a person.
    out["dissenting"] = sum(1 for d in a.dissent if d.distance >= 0.4)
    return out


def _tree_data(ws: Workshop, need_id: str) -> dict[str, Any]:
    """Give one problem tree as plain data: each cause and effect with what it leads to."""
    graph = tree_of(ws, need_id)
    core = next(n for n, d in graph.nodes(data=True) if d.get("role") == "core")
    nodes = [
        {
            "text": d["label"],
            "role": d["role"],
            "leads_to": [graph.nodes[n]["label"] for n in graph.successors(node)],
        }
        for node, d in graph.nodes(data=True)
        if d.get("role") != "core"
    ]
    return {"need": graph.nodes[core]["label"], "nodes": nodes}


def needs_text(data: dict[str, Any], lang: str) -> list[str]:
    """Give the needs part of the summary as readable lines."""
    from planning.i18n import fmt_number, t

    lines = [t("needs.priorities", lang)]
    if not data["combined"]:
        return [*lines, "  " + t("needs.no_results", lang)]
    methods = list(data["methods"])
    for row in data["combined"]:
        ranks = ", ".join(f"{t('method.' + m, lang)} {row['ranks'][m]}" for m in methods)
        lines.append(f"  {row['rank']:>2}. {row['need']}  ({ranks})")
    if data["condorcet_winner"]:
        lines.append(t("needs.condorcet", lang, need=data["condorcet_winner"]))
    if data["kendall_w"] is not None:
        lines.append(t("needs.kendall", lang, w=fmt_number(data["kendall_w"], lang, 2)))
    if data["disagreements"]:
        lines.append(t("needs.disagree", lang))
        for d in data["disagreements"]:
            ranks = ", ".join(f"{t('method.' + m, lang)} {r}" for m, r in d["ranks"].items())
            lines.append(f"  - {d['need']}: {ranks}")
    return lines


def _register() -> None:
    from planning import summary

    summary.STAGES["needs"] = needs_part
    summary.TEXT_STAGES["needs"] = needs_text


_register()


def apply_preset(ws: Workshop, preset: str) -> list[Criterion]:
    """Add the criteria of a preset ("desa" or "usg") the workshop does not have yet."""
    from planning.errors import ValidationError
    from planning.i18n import t
    from planning.model import CRITERIA_PRESETS, normalise_name

    if preset not in CRITERIA_PRESETS:
        raise ValidationError(
            field=t("criteria.preset", ws.lang),
            value=preset,
            allowed=", ".join(CRITERIA_PRESETS),
            lang=ws.lang,
        )
    have = {normalise_name(c.name) for c in ws.records(Criterion)}
    rows = []
    for key in CRITERIA_PRESETS[preset]:
        name = t(f"criteria.{key}", ws.lang)
        if normalise_name(name) not in have:
            rows.append(
                {"name": name, "weight": 1, "description": t(f"criteria.{key}.help", ws.lang)}
            )
    return cast(list[Criterion], ws.add_many("criteria", rows))


# --- what the panels store ----------------------------------------------------------------------


def set_score(ws: Workshop, rater: str, need: str, criterion: str, value: Any) -> None:
    """Store a rater's score of a need on a criterion (a new version if they scored it before)."""
    ws.put(
        "scores",
        rater=rater,
        need=need,
        criterion=criterion,
        value=value,
        by=str(rater).strip() or None,
    )


def cast_dot(ws: Workshop, participant: str, need: str, delta: int) -> None:
    """Add ``delta`` dots (negative: take back) of a participant on a need, within the budget."""
    mine = next(
        (v for v in ws.records(DotVote) if v.participant == participant and v.need == need), None
    )
    if mine is None and delta <= 0:
        return  # nothing to take back
    ws.put("dot_votes", participant=participant, need=need, dots=(mine.dots if mine else 0) + delta)


def save_ranking(ws: Workshop, participant: str, places: Mapping[str, int]) -> None:
    """Store a participant's own order (need id -> place, 1 first) as one change.

    Each need must have its own place; needs without a place are left as they were.
    """
    from planning.errors import ValidationError
    from planning.i18n import t

    lang = ws.lang
    if not participant:
        raise ValidationError(
            "error.required",
            field=t("field.rankings.participant", lang),
            value="",
            allowed=t("allowed.not_empty", lang),
            lang=lang,
        )
    titles = {n.id: n.title for n in ws.records(Need)}
    taken: dict[int, str] = {}
    for need, place in places.items():
        if place in taken:
            raise ValidationError(
                "error.rank_twice",
                field=t("field.rankings.rank", lang),
                value=place,
                allowed=titles.get(taken[place], taken[place]),
                other=titles.get(need, need),
                lang=lang,
            )
        taken[place] = need
    name = cast(Participant, ws.get("participants", participant)).name
    ws.put_many(
        "rankings",
        [
            {"participant": participant, "need": need, "rank": place}
            for need, place in places.items()
        ],
        by=name,
    )
