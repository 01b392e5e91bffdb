"""The participation panel: who contributed to each step, against who is in the room."""

from __future__ import annotations

from planning import stages
from planning.sections import influence, participation
from planning.widgets.common import HtmlPanel


class ParticipationPanel(HtmlPanel):
    """Shows each step's inputs by gender and age and who to invite to speak, then whose needs,
    votes and plan the decisions carried, against the women's target (the facilitator's: poor
    households and PKH families counted, never under five)."""

    def shows(self) -> frozenset[str]:
        return frozenset(stages.kinds())

    def draw(self) -> str:
        shown = participation(self._ws, self._lang)._repr_html_()
        return shown + influence(self._ws, self._lang)._repr_html_()
