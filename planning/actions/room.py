"""The action plan in a live workshop: what a trainee fills in at each step (an activity, their
votes on the activities), and what the facilitator projects of it (the timeline, the budget
with both vote-based allocations).

The stage declares its steps in ``STAGE.steps``; each names a form here, built for one
participant as ``form(ws, name)`` on a workshop opened with ``by=name, role="trainee"``, so
every input is credited to who entered it, and the forms have no control a trainee may not
use: no chooser of activities to edit or remove, no chooser of who votes.
"""

from __future__ import annotations

from planning.actions.panels import ActivityForm, ActivityVotePanel, BudgetPanel, GanttPanel
from planning.store import Workshop

__all__ = ["BudgetPanel", "GanttPanel", "activities_form", "votes_form"]


def activities_form(ws: Workshop, participant: str) -> ActivityForm:
    """Give the activity form (needs and the map's actors in its dropdowns)."""
    return ActivityForm(ws, participant)


def votes_form(ws: Workshop, participant: str) -> ActivityVotePanel:
    """Give one participant's votes on the activities."""
    return ActivityVotePanel(ws, participant=participant)
