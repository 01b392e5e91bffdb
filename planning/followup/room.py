"""The follow-up in a live workshop: what a trainee fills in from a phone at each step (a story
and its domain, their votes on the stories, their group's score card), and what the
facilitator projects (the stories, the selected story and why, the score card's change, the
lights and the map's change).

The stage declares its steps in ``STAGE.steps``; each names a form here, built for one
participant as ``form(ws, name)`` on a workshop opened with ``by=name, role="trainee"``, so
every story, vote and score is credited to who entered it, and the forms have no control a
trainee may not use.
"""

from __future__ import annotations

from planning.followup.panels import (
    LightsPanel,
    ReviewPanel,
    ScorecardPanel,
    ScoreForm,
    SelectionPanel,
    StoriesPanel,
    StoryForm,
    StoryVotePanel,
)
from planning.followup.records import ScorecardCriterion
from planning.stages import Lack
from planning.store import Workshop

__all__ = [
    "ReviewPanel",
    "ScorecardPanel",
    "SelectionPanel",
    "StoriesPanel",
    "review_view",
    "scorecard_form",
    "scorecard_ready",
    "stories_form",
    "votes_form",
]


def stories_form(ws: Workshop, participant: str) -> StoryForm:
    """Give the form that tells a story of change."""
    return StoryForm(ws, participant)


def votes_form(ws: Workshop, participant: str) -> StoryVotePanel:
    """Give one participant's votes on the stories of this round."""
    return StoryVotePanel(ws, participant=participant)


def scorecard_form(ws: Workshop, participant: str) -> ScoreForm:
    """Give the form that scores the score card for one's group."""
    return ScoreForm(ws, participant)


def scorecard_ready(ws: Workshop) -> list[Lack]:
    """The score card needs its criteria, which the facilitator adds with the community."""
    if ws.snapshot(ScorecardCriterion):
        return []
    return [Lack("followup.ready.criteria", section="scorecard_criteria")]


def review_view(ws: Workshop, participant: str) -> LightsPanel:
    """Give the lights, to read along on a phone (nothing to fill in)."""
    return LightsPanel(ws)
