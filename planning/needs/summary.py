"""The needs assessment as plain data (``planning summary --json``) and as readable lines."""

from __future__ import annotations

from typing import Any

from planning.i18n import fmt_number, t
from planning.needs import methods as nm
from planning.needs.assessment import METHODS, Assessment, assess, tree_of, trees
from planning.store import Workshop


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
