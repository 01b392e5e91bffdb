"""The facilitator's preparation panel: what each step still needs, where to add it, and a
warning before a step that cannot run is opened onto the phones.

For a workshop made that morning: the criteria, the influence questions, the group's own
types of link, the plan's year and ballot, the ceilings, each added here (the stages' own
facilitator panels, ``planning.stages.Stage.prepare``), no command line needed. What a step
still lacks comes from :mod:`planning.room.ready`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from planning import stages
from planning.i18n import t
from planning.render.html import esc
from planning.room import ready
from planning.room.state import find_step, step_title
from planning.store import Workshop
from planning.widgets.common import Panel, Status, button
from planning.widgets.forms import toggles

# Every kind a step's needs are counted from: the list redraws when one changes.
KINDS = frozenset(
    {"participants", "criteria", "needs", "stakeholders", "influence_questions", "activities"}
    | {"ceilings", "plan_settings", "link_types", "scorecard_criteria"}
)


class PreparePanel(Panel):
    """Every step with what it still needs; the preparation sections, one shown at a time."""

    KINDS = KINDS

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._sections = {s.name: s for s in ready.sections()}
        title = w.HTML(
            f'<div class="planning-room-tool-title">{esc(t("room.prepare", lang))}</div>'
        )
        self._list = w.VBox()
        self._list.add_class("planning-room-ready")
        options = [(t(s.words, lang), s.name) for s in self._sections.values()]
        self._which = toggles("", options, None)
        self._which.observe(lambda change: self.show(change["new"] or ""), names="value")
        self._box = w.VBox()
        self._shown: Any = None
        self._status = Status()
        super().__init__(ws, [title, self._list, self._which, self._box, self._status])
        self.add_class("planning-room-tools")
        self._drawn: tuple[str, ...] = ()
        self.refresh()

    @property
    def lines(self) -> list[str]:
        """What the list says of each step (plain text)."""
        return list(self._drawn)

    @property
    def section(self) -> Any:
        """The preparation panel shown now (None when none)."""
        return self._shown

    def show(self, name: str) -> None:
        """Show the preparation section called ``name`` (criteria, ceilings...)."""
        if self._shown is not None:
            self._shown.close()
            self._shown = None
        section = self._sections.get(name)
        if section is None:
            self._box.children = []
            return
        if self._which.value != name:
            self._which.value = name
        self._shown = stages.resolve_path(section.panel)(self._ws)
        self._box.children = [self._shown]

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        said = []
        rows: list[w.Widget] = []
        for step in stages.steps():
            lacks = ready.lacks(self._ws, step)
            title = step_title(step, self._lang)
            if not lacks:
                text = t("room.ready_yes", self._lang, title=title)
                said.append(text)
                rows.append(w.HTML(f'<div class="planning-room-ready-ok">✓ {esc(text)}</div>'))
                continue
            for lack in lacks:
                text = ready.say(step, lack, self._lang)
                said.append(text)
                css = "planning-room-lack" if lack.blocks else "planning-lead"
                words = w.HTML(f'<div class="{css}">{esc(text)}</div>')
                words.add_class("planning-row-title")
                parts: list[w.Widget] = [words]
                if lack.section in self._sections:
                    here = button(t("room.add_here", self._lang), "")
                    here.on_click(lambda _, s=lack.section: self.show(s))
                    parts.append(here)
                row = w.HBox(parts)
                row.add_class("planning-row")
                rows.append(row)
        if tuple(said) != self._drawn:
            self._drawn = tuple(said)
            self._list.children = rows


class Gate:
    """Asks before a step that cannot run is opened: the facilitator opens it anyway or not."""

    def __init__(self, ws: Workshop, open_step: Callable[[str], None]) -> None:
        self._ws = ws
        self._lang = ws.lang
        self._open = open_step
        self._asked = ""
        self._words = w.HTML()
        self._anyway = button(t("room.open_anyway", self._lang), "warning")
        self._anyway.on_click(lambda _: self.anyway())
        self._cancel = button(t("room.open_not", self._lang), "")
        self._cancel.on_click(lambda _: self.cancel())
        self.box = w.VBox([self._words, w.HBox([self._anyway, self._cancel])])
        self.box.add_class("planning-room-gate")
        self.box.layout.display = "none"

    @property
    def question(self) -> str:
        """The warning shown now ("" when none)."""
        return self._words.value if self._asked else ""

    def ask(self, name: str) -> bool:
        """Give whether the step called ``name`` may open now; if it cannot run, say what it
        lacks and ask first."""
        step = find_step(name)
        lacks = ready.blocking(self._ws, step)
        if not lacks or self._asked == name:
            self.cancel()
            return True
        self._asked = name
        said = " ".join(ready.say(step, lack, self._lang) for lack in lacks)
        words = t("room.cannot_run", self._lang, title=step_title(step, self._lang), lacks=said)
        self._words.value = f'<div class="planning-room-warn" role="alert">{esc(words)}</div>'
        self.box.layout.display = ""
        return False

    def anyway(self) -> None:
        """Open the step asked about, though it cannot run yet."""
        name, self._asked = self._asked, ""
        self.box.layout.display = "none"
        if name:
            self._open(name)

    def cancel(self) -> None:
        """Do not open it."""
        self._asked = ""
        self._words.value = ""
        self.box.layout.display = "none"
