"""What a trainee typed while the phone was offline, kept for them to send.

The room page's script (``templates/voila/templates/planning/reconnect.html.j2``) keeps the
values of the open step's form when the page loads again after its kernel was culled. On the
same step it puts them back itself. When the facilitator moved on meanwhile, it names the
step the values were typed for in this box's hidden field; the box then shows that step's
form once more, under a heading that says why, and the script fills it in: the trainee
presses the form's button and the record is stored once (or closes the box).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import t
from planning.render.html import esc
from planning.room.state import current, find_step, step_title
from planning.store import Workshop
from planning.widgets.common import button


class KeptForm(w.VBox):
    """An earlier step's form, shown again to send what was typed while offline."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._ws: Workshop | None = None
        self._name = ""
        self._form: Any = None
        self._asked = w.Text(layout=w.Layout(display="none"))
        self._asked.add_class("planning-room-kept-in")
        self._asked.observe(lambda change: self.ask(change["new"]), names="value")
        self._head = w.HTML()
        self._close = button(t("room.kept_close", lang), "")
        self._close.on_click(lambda _: self.clear())
        self._box = w.VBox()
        self._box.add_class("planning-room-kept-form")
        super().__init__([self._asked])
        self.add_class("planning-room-kept")

    def use(self, ws: Workshop | None, name: str) -> None:
        """Write as ``name`` in ``ws`` (the trainee's workshop); no workshop shows nothing."""
        self._ws, self._name = ws, name
        if ws is None:
            self.clear()

    @property
    def step(self) -> str:
        """The step whose form is shown again ("" when none)."""
        return self._form_step

    _form_step = ""

    def ask(self, step_name: str) -> None:
        """Show the form of ``step_name`` again, unless it is the open step or unknown."""
        step_name = step_name.strip()
        if not step_name or self._ws is None:
            return
        try:
            step = find_step(step_name)
            if step.name == current(self._ws).step.name:
                return
            form = step.panel("form")(self._ws, self._name)
        except PlanningError:
            return  # a step this version does not know: nothing to show
        self.clear()
        self._form, self._form_step = form, step.name
        words = t("room.kept_form", self._lang, title=step_title(step, self._lang))
        self._head.value = f'<div class="planning-room-warn">{esc(words)}</div>'
        self._box.children = [form]
        self.children = [self._asked, self._head, self._box, self._close]

    def clear(self) -> None:
        """Close the earlier step's form."""
        if self._form is not None:
            self._form.close()
        self._form, self._form_step = None, ""
        self._box.children = []
        self.children = [self._asked]
