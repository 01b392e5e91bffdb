"""The action plan's decisions, counted for influence (see :mod:`planning.influence`): the
activities proposed, the votes on them, and the activities funded within the ceilings (the
one selection of its result, ``Review.funded``), with their cost, and the proposals to the
kecamatan's Musrenbang (the DU-RKPDesa); each keeps its origin (a women's deliberation's, or
answering one's need)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planning import stages
from planning.actions.records import Activity, ActivityVote
from planning.influence import Credit, Decision
from planning.participation import credit
from planning.records import Participant

if TYPE_CHECKING:
    from planning.actions.assessment import Review
    from planning.store import Workshop


def decisions(ws: Workshop) -> tuple[Decision, ...]:
    """Give the action plan's decisions, each credited to the participants who made them."""
    people = ws.snapshot(Participant)
    activities = ws.snapshot(Activity)
    by_activity = dict(zip((a.id for a in activities), credit(activities, people), strict=True))
    found: Review = stages.result(ws, "actions")
    store_id = found.view.store_id  # the methods' short ids -> record ids

    def of(a: Any) -> Credit:  # a plan's activity, with its origin (its own, or its need's)
        return Credit(by_activity.get(store_id.get(a.id, ""), ""), 1.0, int(a.cost), a.origin)

    plan = found.view.plan.activities
    funded = tuple(of(a) for a in found.funded)
    upwards = tuple(of(a) for a in plan if a.destination == "musrenbang")
    votes = tuple(Credit(v.participant, float(v.votes)) for v in ws.snapshot(ActivityVote))
    return (
        Decision("activities_proposed", tuple(of(a) for a in plan)),
        Decision("activity_votes", votes),
        Decision("activities_funded", funded),
        Decision("musrenbang", upwards),
    )
