"""The participation panel: who contributed to each step, against who is in the room."""

from __future__ import annotations

import ipywidgets as w

from planning import stages
from planning.sections import participation
from planning.store import Workshop
from planning.widgets.common import Panel


class ParticipationPanel(Panel):
    """Shows each step's inputs by gender, age and poor households, and who to invite to speak."""

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._html = w.HTML()
        self.refresh()
        super().__init__(ws, [self._html])

    def shows(self) -> frozenset[str]:
        return frozenset(stages.kinds())

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._html.value = participation(self._ws, self._ws.lang)._repr_html_()

    @property
    def html(self) -> str:
        """What the panel shows now."""
        return self._html.value
