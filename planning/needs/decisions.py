"""The needs stage's decisions, counted for influence (see :mod:`planning.influence`): the
needs proposed, the priority needs (of its one result), the criteria and their weights, the
dots, the scores, the pairs decided and the ranking ballots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planning import stages
from planning.influence import Credit, Decision, credits
from planning.needs.records import Criterion, DotVote, Need, Pairwise, Ranking, Score
from planning.participation import credit
from planning.records import Participant

if TYPE_CHECKING:
    from planning.needs.assessment import Assessment
    from planning.store import Workshop


def decisions(ws: Workshop) -> tuple[Decision, ...]:
    """Give the needs stage's decisions, each credited to the participants who made them."""
    people = ws.snapshot(Participant)
    found: Assessment = stages.result(ws, "needs")
    needs = ws.snapshot(Need)
    by_need = dict(zip((n.id for n in needs), credit(needs, people), strict=True))
    origin = {n.id: n.origin for n in needs}
    top = tuple(
        Credit(by_need.get(p.need, ""), origin=origin.get(p.need, "")) for p in found.priorities
    )
    criteria = ws.snapshot(Criterion)
    weighted = tuple(
        Credit(who, float(c.weight))
        for who, c in zip(credit(criteria, people), criteria, strict=True)
    )
    dots = ws.snapshot(DotVote)
    dotted = tuple(Credit(v.participant, float(v.dots)) for v in dots)
    # A ranking ballot is one participant's whole order: one credit per ballot.
    ballots = tuple(
        Credit(who) for who in dict.fromkeys(r.participant for r in ws.snapshot(Ranking))
    )
    return (
        Decision("needs_proposed", tuple(Credit(by_need[n.id], origin=n.origin) for n in needs)),
        Decision("needs_top", top),
        Decision("criteria", weighted),
        Decision("dots", dotted),
        Decision("scores", credits(ws.snapshot(Score), people)),
        Decision("pairwise", credits(ws.snapshot(Pairwise), people)),
        Decision("rankings", ballots),
    )
