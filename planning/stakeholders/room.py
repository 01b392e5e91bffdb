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

from planning.stakeholders.panels import (
    GoalForm,
    InfluenceTowers,
    LinkForm,
    PowerInterestGrid,
    StakeholderForm,
    StakeholderMap,
)
from planning.store import Workshop

__all__ = [
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
