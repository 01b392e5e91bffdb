"""Ready for the day: what each step still needs that a trainee cannot add.

Each stage's step declares ``ready`` (``planning.stages.Step.lacks``): criteria before the
scores, an influence question before the towers, an activity before the votes... Every step
needs the participant list. The facilitator's preparation panel
(:class:`planning.widgets.prepare.PreparePanel`) lists them, offers the stages' preparation
sections (``planning.stages.Stage.prepare``) to add them, and warns before a step that cannot
run is opened onto the phones.
"""

from __future__ import annotations

from dataclasses import dataclass

from planning import stages
from planning.i18n import t
from planning.records import Participant
from planning.stages import Lack, Step
from planning.store import Workshop

PARTICIPANTS = Lack("room.ready.participants", section="participants")


@dataclass(frozen=True)
class Section:
    """A part of the preparation panel: its name, its title's words, its panel's path."""

    name: str
    words: str
    panel: str


def number(step: Step) -> int:
    """Give a step's one number (its place among the room's steps)."""
    return stages.steps().index(step) + 1


def lacks(ws: Workshop, step: Step) -> list[Lack]:
    """Give what ``step`` still needs, the participant list first."""
    found = [] if ws.snapshot(Participant) else [PARTICIPANTS]
    return found + list(step.lacks(ws))


def blocking(ws: Workshop, step: Step) -> list[Lack]:
    """Give what ``step`` cannot run without."""
    return [lack for lack in lacks(ws, step) if lack.blocks]


def say(step: Step, lack: Lack, lang: str) -> str:
    """Give a lack in words, naming the step by its number.

    Examples
    --------
    >>> say(stages.steps()[1], PARTICIPANTS, "en")
    'Step 2 needs the participant list: import it with planning import before the day.'
    """
    if lack.after:
        after = next(s for s in stages.steps() if s.name == lack.after)
        return t(lack.words, lang, n=number(step), m=number(after))
    return t(lack.words, lang, n=number(step))


def sections() -> list[Section]:
    """Give every stage's preparation sections, in workshop order."""
    return [Section(*part) for stage in stages.stages() for part in stage.prepare]
