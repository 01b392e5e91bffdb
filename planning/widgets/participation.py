"""The participation panel: who contributed to each step, against who is in the room."""

from __future__ import annotations

from planning import stages
from planning.sections import participation
from planning.widgets.common import HtmlPanel


class ParticipationPanel(HtmlPanel):
    """Shows each step's inputs by gender, age and poor households, and who to invite to speak."""

    def shows(self) -> frozenset[str]:
        return frozenset(stages.kinds())

    def draw(self) -> str:
        return participation(self._ws, self._lang)._repr_html_()
