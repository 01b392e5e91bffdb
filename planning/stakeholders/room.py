"""The partnership map in a live workshop: what a trainee fills in at each step (an actor, a
link, a goal, the towers), and what the facilitator projects of it (the map, the
power-interest grid).

The stage declares its steps in ``STAGE.steps``; each names a form here, built for one
participant as ``form(ws, name)`` on a workshop opened with ``by=name, role="trainee"``, so
every actor, link and tower is credited to who entered it, and the forms are built without the
facilitator's controls (choosing a record to edit or remove it, a new type or question): those
widgets do not exist in a trainee's kernel, and the store refuses such writes anyway.
"""

from __future__ import annotations

from planning.stages import Lack
from planning.stakeholders.panels import (
    GoalForm,
    InfluenceTowers,
    LinkForm,
    PowerInterestGrid,
    StakeholderForm,
    StakeholderMap,
)
from planning.stakeholders.records import InfluenceQuestion, LinkType, Stakeholder
from planning.store import Workshop
from planning.widgets.forms import FormSpec, RecordForm

__all__ = [
    "InfluenceQuestionForm",
    "LinkTypeForm",
    "PowerInterestGrid",
    "StakeholderMap",
    "actors_form",
    "goals_form",
    "links_form",
    "towers_form",
]


def actors_form(ws: Workshop, participant: str) -> StakeholderForm:
    """Give the form that puts an actor on the map."""
    return StakeholderForm(ws, participant)


def links_form(ws: Workshop, participant: str) -> LinkForm:
    """Give the form that links two actors (known actors and types in the dropdowns)."""
    return LinkForm(ws, participant)


def goals_form(ws: Workshop, participant: str) -> GoalForm:
    """Give the form that places a goal beside an actor, for one influence question."""
    return GoalForm(ws, participant)


def towers_form(ws: Workshop, participant: str) -> InfluenceTowers:
    """Give the influence towers of the first question (tap + or − to raise or lower)."""
    return InfluenceTowers(ws, participant=participant)


# --- what the facilitator prepares, and what each step needs ------------------------------


class InfluenceQuestionForm(RecordForm):
    """The facilitator adds the questions the towers ask ("influence on the village budget")."""

    FORM = FormSpec(InfluenceQuestion, layout=("name", "question"), words="stakeholders.questions")


class LinkTypeForm(RecordForm):
    """The facilitator adds a type of link of the group's own, beside the usual ones."""

    FORM = FormSpec(LinkType, layout=("name", "two_way"), words="stakeholders.link_types")


def _actors_at_least(ws: Workshop, count: int) -> list[Lack]:
    if len(ws.snapshot(Stakeholder)) >= count:
        return []
    words = "stakeholders.ready.actors" if count == 1 else "stakeholders.ready.two_actors"
    return [Lack(words, after="actors")]


def links_ready(ws: Workshop) -> list[Lack]:
    """Links need two actors on the map."""
    return _actors_at_least(ws, 2)


def towers_ready(ws: Workshop) -> list[Lack]:
    """The towers need a question (only the facilitator adds one) and an actor."""
    asked = ws.snapshot(InfluenceQuestion)
    found = [] if asked else [Lack("stakeholders.ready.questions", section="influence_questions")]
    return found + _actors_at_least(ws, 1)
