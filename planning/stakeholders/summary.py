"""The stakeholder map as plain data (``planning summary --json``) and as readable lines.

Actors are named, never given by id; contact persons are left out. Numbers are rounded to four
decimals, so the same map gives the same JSON.
"""

from __future__ import annotations

from typing import Any

from planning.i18n import t
from planning.records import several
from planning.stakeholders.assessment import MapAnalysis, analyse
from planning.store import Workshop


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def stakeholders_part(ws: Workshop, a: MapAnalysis | None = None) -> dict[str, Any]:
    """Give the stakeholder map as plain data: per actor its sector, stance, towers, quadrant
    and measures; isolates; components; unreachable resources per community group; what-if for
    the top brokers; the suggestions (their reasons in the workshop's language)."""
    a = a or analyse(ws)
    lang = ws.lang
    qname = {q.id: q.name for q in a.questions}
    name = a.name
    actors = []
    for s in a.actors:
        m = a.metrics[s.id]
        actors.append(
            {
                "name": s.name,
                "sector": s.sector,
                "level": s.level,
                "stance": s.stance,
                "interest": s.interest,
                "resources": list(several(s.resources)),
                "areas": list(several(s.areas)),
                "towers": {qname[q]: h for q, h in a.graph.nodes[s.id]["towers"].items()},
                "goals": {qname[q]: list(g) for q, g in a.goals.get(s.id, {}).items()},
                "quadrant": a.grid[s.id].quadrant,
                "degree": m.degree,
                "degree_in": m.degree_in,
                "degree_out": m.degree_out,
                "in_by_type": m.in_by_type,
                "out_by_type": m.out_by_type,
                "betweenness": _r(m.betweenness),
                "closeness": _r(m.closeness),
                "constraint": _r(m.constraint),
                "effective_size": _r(m.effective_size),
                "community": m.community,
            }
        )
    st = a.structure
    return {
        "questions": [{"name": q.name, "question": q.question} for q in a.questions],
        "question": a.question_name() or None,
        "actors": actors,
        "links": [
            {
                "source": name(x.source),
                "target": name(x.target),
                "type": x.type,
                "strength": x.strength,
            }
            for x in a.links
        ],
        "isolates": [name(x) for x in st.isolates],
        "conflict_only": [name(x) for x in st.conflict_only],
        "components": [[name(x) for x in g] for g in st.groups],
        "centralisation": _r(st.centralisation),
        "conflicts": [[name(x), name(y)] for x, y in st.conflicts],
        "brokers": [name(x) for x in a.brokers],
        "reach": {
            name(g): {
                "sources": {
                    res: {name(x): d for x, d in found.items()} for res, found in r.sources.items()
                },
                "missing": list(r.missing),
                "unreachable": list(r.unreachable),
            }
            for g, r in a.reach.items()
        },
        "unreachable": {name(g): list(r.unreachable) for g, r in a.reach.items() if r.unreachable},
        "what_if": [
            {
                "actor": name(w.actor),
                "separated": [[name(x) for x in p] for p in w.separated],
                "lost_pairs": w.lost_pairs,
                "single_point_of_failure": w.single_point_of_failure,
                "cut_off": [name(x) for x in w.cut_off],
                "top_after": [{"actor": name(x), "betweenness": _r(b)} for x, b in w.top_after],
                "rises": [{"actor": name(x), "change": _r(b)} for x, b in w.rises],
            }
            for w in a.what_if.values()
        ],
        "single_points_of_failure": {
            name(x): [name(g) for g in groups] for x, groups in a.single_points.items()
        },
        "mismatches": [
            {
                "kind": m.kind,
                "actor": name(m.actor),
                "tower": m.tower,
                "links": m.links,
                "via": [[name(g), r] for g, r in m.via],
                "gatekeeps": [[name(g), r] for g, r in m.gatekeeps],
            }
            for m in a.mismatches
        ],
        "priority_needs": [
            {"need": n.title, "rank": n.rank, "resources": list(n.resources), "guessed": n.guessed}
            for n in a.needs
        ],
        "suggestions": [
            {
                "kind": s.kind,
                "actors": [name(x) for x in s.actors],
                "need": next((n.title for n in a.needs if n.id == s.need), None),
                "strategy": s.strategy,
                "offers": list(s.offers),
                "score": _r(s.score),
                "reason": s.reason.text(lang),
            }
            for s in a.suggestions
        ],
    }


def stakeholders_text(data: dict[str, Any], lang: str) -> list[str]:
    """Give the stakeholder part of the summary as readable lines."""
    lines = [t("stakeholders.summary.title", lang)]
    if not data["actors"]:
        return [*lines, "  " + t("stakeholders.facts.no_actors", lang)]
    lines.append(
        "  "
        + t("stakeholders.facts.counts", lang, actors=len(data["actors"]), links=len(data["links"]))
    )
    if data["brokers"]:
        lines.append(
            "  " + t("stakeholders.summary.brokers", lang, names=", ".join(data["brokers"]))
        )
    if data["isolates"]:
        lines.append(
            "  " + t("stakeholders.facts.isolates", lang, names=", ".join(data["isolates"]))
        )
    for pair in data["conflicts"]:
        lines.append("  " + t("stakeholders.facts.conflicts", lang, pairs=" – ".join(pair)))
    for actor, groups in data["single_points_of_failure"].items():
        lines.append(
            "  " + t("stakeholders.whatif.spof", lang, actor=actor, groups=", ".join(groups))
        )
    if data["suggestions"]:
        lines.append(t("stakeholders.summary.suggestions", lang))
        lines += [f"  - {s['reason']}" for s in data["suggestions"]]
    return lines
