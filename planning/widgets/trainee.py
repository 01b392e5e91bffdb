"""The trainee's page: pick your name once, then fill in the step the facilitator has opened.

The page a trainee's phone shows (``notebooks/trainee.ipynb`` under ``planning serve``). The
name is picked from large buttons, searchable; it stays at the top with a way to change it.
Then the page shows only the form of the open step and follows the facilitator when the step
changes. Every input is written by a workshop opened with ``by=name, role="trainee"``, so the
history credits the person who entered it and the store refuses what a trainee may not do. A
name already held on another device is given only after the trainee confirms, and the
facilitator's view shows the name held twice.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from typing import Any

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import t
from planning.records import Participant, normalise_name
from planning.render import room_stylesheet
from planning.render.html import esc
from planning.room import seats
from planning.room.access import query_url
from planning.room.request import preheated, wait_for_request
from planning.room.state import (
    check_device,
    claim,
    current,
    now,
    others_holding,
    release,
    seat_of,
    step_title,
)
from planning.store import Workshop, open_workshop
from planning.widgets.common import BIG, Panel, Status, button, button_look
from planning.widgets.follow import FOLLOW
from planning.widgets.kept import KeptForm

# The most name buttons drawn at once: with more, the trainee types a few letters first.
MAX_NAMES = 60
DEVICE_ENV = "HTTP_X_PLANNING_DEVICE"
log = logging.getLogger(__name__)


def request_device() -> str:
    """Give the id of the device this page was opened on, or a new one.

    ``planning serve`` puts the browser's id (kept in its login cookie, so a reload keeps it)
    in the request Voila hands to the kernel. A preheated kernel waits here for the request.
    """
    if preheated() and not os.environ.get(DEVICE_ENV):
        wait_for_request(query_url())
    try:
        return check_device(os.environ.get(DEVICE_ENV, ""))
    except PlanningError:
        return uuid.uuid4().hex


def room_css() -> w.HTML:
    """Give the live room's stylesheet as an invisible widget."""
    return w.HTML(f"<style>{room_stylesheet()}</style>", layout=w.Layout(height="0px", margin="0"))


class TraineePage(Panel):
    """One trainee's page: their name at the top, then the open step's form."""

    KINDS = frozenset({"participants"})

    def __init__(self, ws: Workshop, device: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._device = check_device(device) if device else request_device()
        self._person: Participant | None = None
        self._pending: Participant | None = None
        self._mine: Workshop | None = None
        self._form: Any = None
        self._shown = ""
        self._beat = time.monotonic()

        self._you = w.HTML()
        self._you.add_class("planning-room-you")
        self._change = button(t("room.change_name", lang), "")
        self._change.add_class("planning-room-change")
        self._change.on_click(lambda _: self.change_name())
        # Choices as pictures with large labels: the facilitator's setting for every phone,
        # which each trainee may change on their own page.
        self._pictures = w.ToggleButton(
            description=t("room.my_pictures", lang),
            value=False,
            style=BIG,
            layout=w.Layout(width="auto", height="auto", display="none"),
        )
        self._pictures.add_class("planning-room-pictures")
        self._pictures.observe(lambda _: self._show_pictures(), names="value")
        self._room_pictures = False
        self._bar = w.HBox([self._you, self._change, self._pictures])
        self._bar.add_class("planning-room-bar")

        self._search = w.Text(placeholder=t("room.search", lang), layout=w.Layout(width="100%"))
        self._search.add_class("planning-room-search")
        self._search.observe(lambda _: self._draw_names(), names="value")
        self._names = w.Box()
        self._names.add_class("planning-room-names")
        self._name_look = button_look()  # one layout and style for all the name buttons
        self._question = w.HTML()
        self._yes = button("", "warning")
        self._no = button(t("room.confirm_no", lang), "")
        self._yes.on_click(lambda _: self.confirm())
        self._no.on_click(lambda _: self.decline())
        self._confirm = w.VBox([self._question, w.HBox([self._yes, self._no])])
        self._confirm.add_class("planning-room-confirm")
        heading = w.HTML(_heading("planning-room-step-title", t("room.pick_name", lang)))
        self._picker = w.VBox([heading, self._search, self._confirm, self._names])
        self._picker.add_class("planning-room-picker")

        self._step_title = w.HTML()
        self._form_box = w.VBox()
        self._form_box.add_class("planning-room-form")
        self.kept = KeptForm(lang)
        self._status = Status()
        super().__init__(
            ws,
            [
                room_css(),
                self._bar,
                self._picker,
                self.kept,
                self._step_title,
                self._form_box,
                self._status,
            ],
            key=self._device,  # one page per device: a test may open several in one kernel
        )
        self.add_class("planning-room")
        self.add_class("planning-trainee")
        held = seat_of(ws, self._device)
        if held is not None:
            self._enter(held)
        else:
            self._show_picker()
        FOLLOW.add(self)

    # --- what the page shows (for tests and the facilitator) --------------------------------

    @property
    def workshop(self) -> Workshop | None:
        """The workshop whose panels this page shows (opened with the trainee's name)."""
        return self._mine or self._ws

    @property
    def device(self) -> str:
        """The id of this page's device."""
        return self._device

    @property
    def name(self) -> str:
        """The name the trainee picked ("" before they pick one)."""
        return self._person.name if self._person else ""

    @property
    def names(self) -> list[str]:
        """The names on the buttons now."""
        return [b.description for b in self._names.children if isinstance(b, w.Button)]

    @property
    def question(self) -> str:
        """The question asked before a name in use is given ("" when none is asked)."""
        return self._question.value if self._pending else ""

    @property
    def step(self) -> str:
        """The name of the step whose form is shown ("" before a name is picked)."""
        return self._shown

    @property
    def form(self) -> Any:
        """The open step's form (a panel), or None before a name is picked."""
        return self._form

    # --- what the trainee does --------------------------------------------------------------

    def search(self, text: str) -> None:
        """Type into the search box: only the names that contain it stay."""
        self._search.value = text

    def pick(self, name: str) -> None:
        """Pick a name; a name in use on another device is asked about first."""
        try:
            person = self._ws.find(Participant, name)
            others = others_holding(self._ws, person.id, self._device)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        if others:
            self._pending = person
            words = esc(t("room.in_use", self._lang, name=person.name))
            self._question.value = f'<div class="planning-room-warn">{words}</div>'
            self._yes.description = t("room.confirm_yes", self._lang, name=person.name)
            self._confirm.layout.display = ""
            return
        self._take(person)

    def confirm(self) -> None:
        """Take the name asked about, though another device holds it too."""
        if self._pending is not None:
            self._take(self._pending)

    def decline(self) -> None:
        """Do not take the name asked about; pick another."""
        self._pending = None
        self._confirm.layout.display = "none"

    def change_name(self) -> None:
        """Give the name back and pick again."""
        try:
            release(self._ws, self._device)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._person = None
        self._close_form()
        self.kept.use(None, "")
        self._show_picker()

    def look(self) -> None:
        """Follow the facilitator: show the form of the step now open, if it changed."""
        if self._person is None or not self._still_seated():
            return
        step, pictures = now(self._ws)
        if pictures != self._room_pictures:  # the facilitator changed it: every phone follows
            self._room_pictures = pictures
            self._pictures.value = pictures
        if step.step.name != self._shown:
            self._show_step()

    @property
    def pictures(self) -> bool:
        """Whether the page shows the form's choices as pictures with large labels."""
        return bool(self._pictures.value)

    def show_pictures(self, on: bool) -> None:
        """Show the form's choices as pictures with large labels (``on``), or as words."""
        self._pictures.value = on

    def _show_pictures(self) -> None:
        if self._form is not None:
            self._form.use_pictures(bool(self._pictures.value))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        if self._person is None:
            self._draw_names()

    def _still_seated(self) -> bool:
        """Every so often say the page is still here; when the facilitator released the name
        meanwhile, go back to the names (and say why)."""
        now = time.monotonic()
        if now - self._beat < seats.BEAT or self._person is None:
            return True
        self._beat = now
        try:
            held = seat_of(self._ws, self._device)
            if held is None or held.id != self._person.id:
                self._person = None
                self._close_form()
                self.kept.use(None, "")
                self._show_picker()
                self._status.info(t("room.released_you", self._lang))
                return False
            seats.beat(self._ws, self._device, self._person.id)
        except PlanningError as err:
            log.warning("seat of %s: %s", self._device, err.message("en"))
        return True

    # --- drawing ----------------------------------------------------------------------------

    def _take(self, person: Participant) -> None:
        try:
            claim(self._ws, self._device, person.id)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._enter(person)

    def _enter(self, person: Participant) -> None:
        self._pending = None
        self._room_pictures = now(self._ws)[1]
        self._pictures.value = self._room_pictures
        self._person = person
        if self._mine is None or self._mine.by != person.name:
            if self._mine is not None:
                self._mine.close()
            self._mine = open_workshop(self._ws.url, by=person.name, role="trainee")
        self._you.value = esc(t("room.you_are", self._lang, name=person.name))
        self._bar.layout.display = ""
        self._picker.layout.display = "none"
        self._status.value = ""
        self._show_step()

    def _show_picker(self) -> None:
        self._bar.layout.display = "none"
        self._picker.layout.display = ""
        self._confirm.layout.display = "none"
        self._step_title.value = ""
        self._search.value = ""
        self._draw_names()

    def _draw_names(self) -> None:
        people = self._ws.snapshot(Participant)
        wanted = normalise_name(self._search.value)
        found = [p for p in people if wanted in normalise_name(p.name)]
        buttons: list[w.Widget] = []
        for person in found[:MAX_NAMES]:
            b = button(person.name, "info", self._name_look)
            b.on_click(lambda _, n=person.id: self.pick(n))
            buttons.append(b)
        if not people:
            buttons = [w.HTML(_div("planning-lead", t("room.no_people", self._lang)))]
        elif not found:
            words = t("room.no_match", self._lang, text=self._search.value)
            buttons = [w.HTML(_div("planning-lead", words))]
        self._names.children = buttons

    def _show_step(self) -> None:
        assert self._person is not None and self._mine is not None
        open_step = current(self._ws).step
        self._close_form()
        self._shown = open_step.name
        title = step_title(open_step, self._lang)
        words = t("room.step_now", self._lang, title=title)
        self._step_title.value = _heading(
            "planning-room-step-title planning-room-now", words, step=open_step.name
        )
        self.kept.use(self._mine, self._person.name)
        try:
            self._form = open_step.panel("form")(self._mine, self._person.name)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        FOLLOW.remember(self._mine)
        can = bool(getattr(self._form, "can_show_pictures", False))
        self._pictures.layout.display = "" if can else "none"
        if can and self._pictures.value:
            self._form.use_pictures(True)
        self._form_box.children = [self._form]

    def _close_form(self) -> None:
        if self._form is not None:
            self._form.close()
        self._form = None
        self._shown = ""
        self._pictures.layout.display = "none"
        self._form_box.children = []

    def close_panel(self) -> None:
        FOLLOW.discard(self)
        super().close_panel()


def _div(css: str, text: str) -> str:
    return f'<div class="{css}">{esc(text)}</div>'


def _heading(css: str, text: str, step: str = "") -> str:
    """The page's heading for what the trainee does now (a screen reader lists it); ``step``
    names the open step for the page's script that brings a page back after a cut."""
    data = f' data-step="{esc(step)}"' if step else ""
    return f'<h2 class="{css}"{data}>{esc(text)}</h2>'
