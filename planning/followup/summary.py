"""The follow-up as plain data (``planning summary --json``) and as readable lines: every
light, realisation, selection, score change and map change. Records are named, never given by
id; a teller is named only with their consent. Shares are rounded to four decimals.
"""

from __future__ import annotations

from typing import Any

from planning.followup.assessment import FollowupResult, result
from planning.i18n import fmt_rupiah, t
from planning.store import Workshop


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def followup_part(ws: Workshop, r: FollowupResult | None = None) -> dict[str, Any]:
    """Give the follow-up as plain data."""
    r = r or result(ws)
    stories = r.stories
    return {
        "year": r.year,
        "current_round": r.current_round,
        "lights": r.lights(),
        "indicators": [
            {
                "name": x.name,
                "about": x.about,
                "outcome": x.outcome,
                "baseline": x.baseline,
                "baseline_date": x.baseline_date.isoformat(),
                "target": x.target,
                "target_date": x.target_date.isoformat(),
                "latest": x.light.latest.value if x.light.latest else None,
                "latest_date": x.light.latest.date.isoformat() if x.light.latest else None,
                "evidence": x.evidence,
                "achieved": _r(x.light.achieved),
                "elapsed": _r(x.light.elapsed),
                "light": x.light.light,
                "trend": [[rd.date.isoformat(), rd.value, _r(a)] for rd, a in x.light.trend],
            }
            for x in r.indicators
        ],
        "activities": [
            {
                "title": x.activity.title,
                "status": x.state.status or None,
                "physical": x.state.physical,
                "elapsed": _r(x.state.elapsed),
                "planned": x.activity.cost,
                "spent": x.state.spent,
                "spent_share": _r(x.state.spent_share),
                "money_ahead_of_work": x.state.ahead,
                "light": x.state.light,
                "visits": len(x.visits),
                "photo": bool(x.photo),
            }
            for x in r.activities
        ],
        "realisation": {
            by: [
                {
                    "key": line.key or None,
                    "planned": line.planned,
                    "spent": line.spent,
                    "share": _r(line.share),
                }
                for line in lines
            ]
            for by, lines in r.realisation.items()
        },
        "stories": [
            {
                "title": s.title,
                "domain": s.domain,
                "teller": r.teller(s) or None,
                "date": s.date or None,
            }
            for s in stories.values()
        ],
        "selections": [
            {
                "domain": c.domain,
                "round": c.round,
                "most_votes": stories[c.selected].title if c.selected else None,
                "tied": [stories[s].title for s in c.tied],
                "votes": {stories[s].title: n for s, n in c.votes},
                "selected": _selected(r, c.domain, c.round),
                "reason": _reason(r, c.domain, c.round),
            }
            for c in r.choices
        ],
        "scorecard": [
            {
                "criterion": r.criteria[x.criterion].name,
                "group": x.group,
                "scores": {str(rnd): s for rnd, s in x.scores},
                "change": x.latest_change,
            }
            for x in r.score_lines
        ],
        "scorecard_gaps": [
            {
                "criterion": r.criteria[g.criterion].name,
                "round": g.round,
                "first": g.first,
                "second": g.second,
                "gap": g.gap,
            }
            for g in r.gaps
        ],
        "agreed_actions": [
            {
                "title": a.title,
                "criterion": r.criteria[a.criterion].name if a.criterion in r.criteria else None,
                "in_plan": bool(a.activity),
            }
            for a in r.agreed
        ],
        "map_rounds": [
            {"round": m.round, "name": m.name, "date": m.date or None} for m in r.rounds
        ],
        "map_changes": [_map_step(step) for step in r.map_steps],
        "outcomes": {
            "participation": [
                {"round": p.round, "people": p.people, "by_gender": p.by_gender}
                for p in r.participation
            ],
            "kemandirian": {
                "planned": _r(r.own_share.planned),
                "realised": _r(r.own_share.realised),
            },
            "quality_of_life": {
                x.name: x.light.light for x in r.indicators if x.outcome == "quality_of_life"
            },
        },
    }


def _selected(r: FollowupResult, domain: str, rnd: int) -> str | None:
    chosen = r.selections.get((domain, rnd))
    return r.stories[chosen.story].title if chosen and chosen.story in r.stories else None


def _reason(r: FollowupResult, domain: str, rnd: int) -> str | None:
    chosen = r.selections.get((domain, rnd))
    return chosen.reason if chosen else None


def _map_step(step: Any) -> dict[str, Any]:
    c, name = step.change, step.names

    def named(ids: tuple[str, ...]) -> list[str]:
        return [name.get(a, a) for a in ids]

    return {
        "from": step.before.name,
        "to": step.after.name,
        "actors_added": named(c.actors_added),
        "actors_lost": named(c.actors_lost),
        "links_added": [[name.get(a, a), name.get(b, b), k] for a, b, k in c.links_added],
        "links_lost": [[name.get(a, a), name.get(b, b), k] for a, b, k in c.links_lost],
        "added_by_type": c.added_by_type,
        "lost_by_type": c.lost_by_type,
        "towers": {
            step.questions.get(q, q): [[name.get(a, a), h0, h1] for a, h0, h1 in moved]
            for q, moved in c.towers.items()
        },
        "betweenness": {name.get(a, a): [_r(x), _r(y)] for a, (x, y) in c.betweenness.items()},
        "closeness": {name.get(a, a): [_r(x), _r(y)] for a, (x, y) in c.closeness.items()},
        "brokers_gained": named(c.brokers_gained),
        "brokers_lost": named(c.brokers_lost),
        "became_isolated": named(c.became_isolated),
        "became_connected": named(c.became_connected),
    }


def followup_text(data: dict[str, Any], lang: str) -> list[str]:
    """Give the follow-up's readable lines of ``planning summary``."""
    lights = data["lights"]
    lines = [t("followup.summary.title", lang)]
    lines.append(
        "  "
        + t(
            "followup.summary.lights",
            lang,
            green=lights["green"],
            amber=lights["amber"],
            red=lights["red"],
            none=lights["none"],
        )
    )
    total = data["realisation"]["source"][-1]
    lines.append(
        "  "
        + t(
            "followup.summary.money",
            lang,
            planned=fmt_rupiah(total["planned"], lang),
            spent=fmt_rupiah(total["spent"], lang),
        )
    )
    ahead = [a["title"] for a in data["activities"] if a["money_ahead_of_work"]]
    if ahead:
        lines.append("  " + t("followup.summary.ahead", lang, titles=", ".join(ahead)))
    for s in data["selections"]:
        if s["selected"]:
            lines.append(
                "  " + t("followup.summary.selected", lang, title=s["selected"], n=s["round"])
            )
    lines.append("  " + t("followup.summary.map", lang, n=len(data["map_changes"])))
    return lines
