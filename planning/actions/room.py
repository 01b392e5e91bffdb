"""The action plan in a live workshop: what a trainee fills in at each step (an activity, their
votes on the activities), and what the facilitator projects of it (the timeline, the budget
with both vote-based allocations).

The stage declares its steps in ``STAGE.steps``; each names a form here, built for one
participant as ``form(ws, name)`` on a workshop opened with ``by=name, role="trainee"``, so
every input is credited to who entered it, and the forms have no control a trainee may not
use: no chooser of activities to edit or remove, no chooser of who votes.
"""

from __future__ import annotations

from planning import stages
from planning.actions.assessment import review
from planning.actions.panels import ActivityForm, ActivityVotePanel, BudgetPanel, GanttPanel
from planning.actions.views import allocation_html
from planning.i18n import t
from planning.render.html import bars, note
from planning.stages import Lack
from planning.store import Workshop
from planning.widgets.common import HtmlPanel

__all__ = ["BudgetPanel", "GanttPanel", "VoteCountsPanel", "activities_form", "votes_form"]


def activities_form(ws: Workshop, participant: str) -> ActivityForm:
    """Give the activity form (needs and the map's actors in its dropdowns)."""
    return ActivityForm(ws, participant)


def votes_form(ws: Workshop, participant: str) -> ActivityVotePanel:
    """Give one participant's votes on the activities."""
    return ActivityVotePanel(ws, participant=participant)


class VoteCountsPanel(HtmlPanel):
    """The votes step on the projector: each activity's votes as bars from the first vote,
    ceiling or not; the vote-based allocations under them once a ceiling is known."""

    RESULT = "actions"
    KINDS = frozenset({"activity_votes", "activities", "ceilings"})

    def draw(self) -> str:
        return vote_counts_html(self._ws, self._lang)


def vote_counts_html(ws: Workshop, lang: str) -> str:
    """Give the votes on each activity (most first) and how many have voted; then the
    allocations when a ceiling is set, or a line saying they come with one."""
    from planning.actions.records import Activity, ActivityVote
    from planning.participation import credit
    from planning.records import Participant

    votes = ws.snapshot(ActivityVote)
    titles = {a.id: a.title for a in ws.snapshot(Activity)}
    counts: dict[str, int] = {}
    for vote in votes:
        if vote.activity in titles and vote.votes:
            counts[vote.activity] = counts.get(vote.activity, 0) + vote.votes
    voters = len({who for who in credit(votes, ws.snapshot(Participant)) if who})
    if not counts:
        return note(t("room.no_votes", lang))
    rows = [
        (titles[key], n, t("room.votes_n", lang, n=n))
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], titles[kv[0]].casefold()))
    ]
    head = t("room.votes_caption", lang, voters=voters)
    chart = bars(rows, caption=head, colour_class="planning-c-dots")
    r = review(ws)
    if r.allocation is None:
        return chart + note(t("room.allocation_later", lang))
    return chart + allocation_html(r, lang)


# --- what each step needs before it runs (planning.stages.Lack) ---------------------------


def activities_ready(ws: Workshop) -> list[Lack]:
    """Activities answer the priority needs; the plan's year has a default (said, not
    blocking)."""
    from planning.actions.records import PlanSetting

    found = []
    if not stages.result(ws, "needs").priorities:
        found.append(Lack("actions.ready.needs", after="rankings"))
    if not any(s.setting == "year" and s.value for s in ws.snapshot(PlanSetting)):
        found.append(Lack("actions.ready.year", blocks=False, section="plan_settings"))
    return found


def votes_ready(ws: Workshop) -> list[Lack]:
    """Votes need an activity; without a ceiling the counts show, the shares wait."""
    from planning.actions.records import Activity, Ceiling

    found = [] if ws.snapshot(Activity) else [Lack("actions.ready.activities", after="activities")]
    if not ws.snapshot(Ceiling):
        found.append(Lack("actions.ready.ceilings", blocks=False, section="ceilings"))
    return found
