"""The facilitator's view: how to join, the steps, the open step's live results, the timer,
who has contributed, and the handouts.

Projected from ``notebooks/00_facilitator.ipynb`` (Voila under ``planning serve``, or
JupyterLab). Opening a step here opens it on every trainee's page within about a second.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as w

from planning import stages
from planning.errors import PlanningError
from planning.i18n import t
from planning.records import Participant
from planning.render.html import esc
from planning.room import state
from planning.room.qr import join_url, qr_data_uri
from planning.stages import Step
from planning.store import Workshop
from planning.widgets.common import Panel, Status, button, shown
from planning.widgets.follow import FOLLOW
from planning.widgets.guide import guide
from planning.widgets.prepare import Gate, PreparePanel
from planning.widgets.roomtools import CopyPanel, SeatsPanel, folded, projector_css
from planning.widgets.trainee import room_css


def clock(seconds: float) -> str:
    """Give seconds as minutes and seconds.

    Examples
    --------
    >>> clock(754.9)
    '12:34'
    """
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def handout_folder(ws: Workshop) -> Path:
    """Give where the facilitator's button writes the handouts: beside the workshop file
    (``<name>-handouts``), or a temporary folder for a database URL."""
    if ws.url.startswith("sqlite:///"):
        file = Path(ws.url.removeprefix("sqlite:///"))
        return file.with_name(file.stem + "-handouts")
    return Path(tempfile.mkdtemp(prefix="planning-handouts-"))


class FacilitatorView(Panel):
    """The facilitator leads the room from here, step by step."""

    KINDS = frozenset({"participants"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._join = w.HTML()
        self._steps = w.Box()
        self._steps.add_class("planning-room-steps")
        self._previous = button(t("room.previous", lang), "")
        self._next = button(t("room.next", lang))
        self._previous.on_click(lambda _: self.previous())
        self._next.on_click(lambda _: self.next())
        self._previous.add_class("planning-room-previous")
        self._next.add_class("planning-room-next")
        self._timer = w.HTML()
        self._mkp = button(t("room.mkp_open", lang), "")
        self._mkp.add_class("planning-room-mkp")
        self._mkp.on_click(lambda _: self.toggle_mkp())
        self._mkp_line = w.HTML()
        self._mkp_people = w.SelectMultiple(
            description=t("room.mkp_who", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="30em"),
        )
        self._mkp_people.add_class("planning-room-mkp-who")
        self._pictures = button("", "")
        self._pictures.add_class("planning-room-pictures")
        self._pictures.on_click(lambda _: self.toggle_pictures())
        moves = w.HBox([self._previous, self._next, self._timer])
        moves.add_class("planning-room-bar")
        self._guide = w.HTML()
        self._who = w.HTML()
        self._warn = w.HTML()
        self._influence = w.HTML()
        self._results_box = w.VBox()
        self._results_box.add_class("planning-room-results")
        self._results: Any = None
        self._handouts = button(t("room.handouts", lang), "success")
        self._handouts.add_class("planning-room-handouts")
        self._handouts.on_click(lambda _: self.write_handouts())
        self._progress = w.Output()
        self._files = w.HTML()
        self._status = Status()
        self._shown = ""
        self._seats: dict[str, str] = {}
        self.seats = SeatsPanel(ws)
        self.copy = CopyPanel(ws)
        self.prepare = PreparePanel(ws)
        self.gate = Gate(ws, self._open)
        super().__init__(
            ws,
            [
                room_css(),
                projector_css(),
                self._steps,
                moves,
                self.gate.box,
                self._results_box,
                self._who,
                self._warn,
                self._mkp_line,
                self._influence,
                self._guide,
                self._join,
                self._handouts,
                w.HBox([self._mkp, self._mkp_people]),
                self._pictures,
                self._progress,
                self._files,
                self._status,
                self.prepare,
                self.seats,
                self.copy,
            ],
        )
        self.add_class("planning-room")
        self.add_class("planning-facilitator")
        self._draw_join()
        self._draw_influence()
        self._draw_mkp()
        self._draw_pictures()
        if not state.current(ws).opened_at:
            state.open_step(ws, state.current(ws).step.name)  # the timer starts with the view
        self.look()
        FOLLOW.add(self)

    # --- what the view shows ----------------------------------------------------------------

    @property
    def workshop(self) -> Workshop | None:
        """The workshop this view leads."""
        return self._ws

    @property
    def step(self) -> str:
        """The name of the open step."""
        return self._shown

    @property
    def steps(self) -> list[str]:
        """The steps on the buttons, in order."""
        return [s.name for s in state.all_steps()]

    @property
    def results(self) -> Any:
        """The open step's results panel."""
        return self._results

    timer = shown("_timer", "The timer line as shown (plain text).", plain=True)

    contributors = shown(
        "_who", "Who has contributed to the open step, as shown (plain text).", plain=True
    )

    findings = shown(
        "_influence",
        "Each decision under the women's target, with its counts, as shown (plain text).",
        plain=True,
    )

    warnings = shown(
        "_warn", "Names held on more than one device, as shown (plain text).", plain=True
    )

    join = shown("_join", "How to join, as shown (HTML).")

    files = shown("_files", "The handouts offered for download, as shown (HTML).")

    # --- what the facilitator does ----------------------------------------------------------

    def go_to(self, name: str) -> None:
        """Open the step called ``name`` for the whole room; a step that cannot run yet is
        opened only once the facilitator says so (:class:`Gate`)."""
        try:
            if self.gate.ask(name):
                self._open(name)
        except PlanningError as err:
            self._status.error(err, self._lang)

    def next(self) -> None:
        """Open the next step."""
        self._move(+1)

    def previous(self) -> None:
        """Open the step before."""
        self._move(-1)

    def _move(self, by: int) -> None:
        names = self.steps
        here = names.index(state.current(self._ws).step.name)
        there = min(max(here + by, 0), len(names) - 1)
        if there != here:
            self.go_to(names[there])

    def _open(self, name: str) -> None:
        state.open_step(self._ws, name)
        self.look()

    def toggle_mkp(self, people: tuple[str, ...] = ()) -> None:
        """Open a women's deliberation (MKP) for ``people`` (else those chosen in the list,
        else every woman in the room), or close the one that is open: what is proposed in it
        keeps "usulan MKP"."""
        try:
            if state.mkp(self._ws) is None:
                state.open_mkp(self._ws, people or tuple(self._mkp_people.value))
            else:
                state.close_mkp(self._ws)
        except PlanningError as err:
            self._status.error(err, self._lang)
        self._draw_mkp()

    mkp = shown(
        "_mkp_line", "Whether a women's deliberation is open, and who is in it.", plain=True
    )

    def _draw_mkp(self) -> None:
        lang = self._lang
        people = state.mkp(self._ws)
        room = self._ws.snapshot(Participant)
        self._mkp_people.options = [(p.name, p.id) for p in room]
        self._mkp_people.disabled = people is not None
        self._mkp.description = t("room.mkp_close" if people is not None else "room.mkp_open", lang)
        words = t("room.mkp_on", lang, n=len(people)) if people is not None else ""
        value = f'<div class="planning-room-mkp-on">{esc(words)}</div>' if words else ""
        if self._mkp_line.value != value:
            self._mkp_line.value = value

    def toggle_pictures(self) -> None:
        """Ask every phone to show choices as pictures with large labels, or as words again."""
        try:
            state.set_pictures(self._ws, not state.pictures(self._ws))
        except PlanningError as err:
            self._status.error(err, self._lang)
        self._draw_pictures()

    @property
    def pictures(self) -> bool:
        """Whether the phones are asked to show choices as pictures."""
        return state.pictures(self._ws)

    def _draw_pictures(self) -> None:
        on = state.pictures(self._ws)
        self._pictures.description = t(
            "room.pictures_off" if on else "room.pictures_on", self._lang
        )

    def write_handouts(self, out_dir: str | os.PathLike[str] | None = None) -> list[Path]:
        """Write the handouts (the progress shows below the button); offer them for download."""
        from planning.handout import workshop_handouts

        folder = Path(out_dir) if out_dir is not None else handout_folder(self._ws)
        self._handouts.disabled = True
        self._files.value = ""
        self._status.info(t("room.handouts_writing", self._lang))
        try:
            with self._progress:
                written = workshop_handouts(self._ws, folder)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return []
        finally:
            self._handouts.disabled = False
            self._progress.clear_output()
        self._status.value = ""
        links = "".join(
            f'<a download="{esc(p.name)}" href="data:text/html;base64,'
            f'{base64.b64encode(p.read_bytes()).decode("ascii")}">'
            f"{esc(t('room.download', self._lang, name=p.name))}</a>"
            for p in written
        )
        head = esc(t("room.handouts_done", self._lang, folder=str(folder)))
        self._files.value = f'<div class="planning-room-files"><p>{head}</p>{links}</div>'
        return written

    def look(self) -> None:
        """Draw the open step (when it changed), the timer and who has contributed."""
        now = state.current(self._ws)
        if now.step.name != self._shown:
            self._show(now.step)
        self._draw_timer(now)
        self._draw_people(now.step)
        self.seats.look()

    def shows(self) -> frozenset[str]:
        """The participants, and every kind a stage's decisions are counted from (the findings
        against the women's target redraw when one changes)."""
        found = set(self.KINDS)
        for s in stages.stages():
            if s.decisions:
                found |= stages.reads(s.name)
        return frozenset(found)

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._draw_people(state.current(self._ws).step)
        self._draw_influence()
        if "participants" in kinds:
            self._draw_mkp()

    # --- drawing ----------------------------------------------------------------------------

    def _draw_join(self) -> None:
        url, code = state.join(self._ws)
        lang = self._lang
        if not url:
            words = esc(t("room.not_served", lang))
            self._join.value = f'<div class="planning-lead">{words}</div>'
            return
        address = esc(url)
        code_line = f"<div>{esc(t('room.code', lang, code=code))}</div>" if code else ""
        self._join.value = (
            '<div class="planning-room-join">'
            f'<img alt="{esc(t("room.join_title", lang))}" '
            f'src="{qr_data_uri(join_url(url, state.join_key(self._ws) or code))}">'
            f"<div><div>{esc(t('room.join_title', lang))}</div>"
            f"<div>{esc(t('room.join_how', lang))}</div>"
            f'<div class="planning-room-address">{address}</div>{code_line}</div></div>'
        )

    def _show(self, step: Step) -> None:
        self._shown = step.name
        buttons = []
        for s in state.all_steps():
            title = state.step_title(s, self._lang)
            b = button(title, "primary" if s.name == step.name else "")
            b.add_class("planning-room-step")
            b.on_click(lambda _, n=s.name: self.go_to(n))
            buttons.append(b)
        self._steps.children = buttons
        names = [s.name for s in state.all_steps()]
        self._previous.disabled = names.index(step.name) == 0
        self._next.disabled = names.index(step.name) == len(names) - 1
        self._guide.value = folded(
            t("room.guide_fold", self._lang, title=state.step_title(step, self._lang)),
            guide(self._ws, step.guide)._repr_html_(),
        )
        if self._results is not None:
            self._results.close()
        try:
            self._results = step.panel("results")(self._ws)
        except PlanningError as err:
            self._status.error(err, self._lang)
            self._results = None
            self._results_box.children = []
            return
        FOLLOW.remember(self._ws)
        self._results_box.children = [self._results]

    def _draw_timer(self, now: state.OpenStep) -> None:
        minutes = t(f"guide.{now.step.guide}.minutes", self._lang)
        elapsed = now.elapsed() if now.opened_at else 0.0
        try:
            over = elapsed > float(minutes) * 60
        except ValueError:
            over = False
        key = "room.timer_over" if over else "room.timer"
        words = esc(t(key, self._lang, elapsed=clock(elapsed), minutes=minutes))
        css = "planning-room-timer" + (" planning-room-timer-over" if over else "")
        value = f'<div class="{css}">{words}</div>'
        if self._timer.value != value:
            self._timer.value = value

    def _draw_people(self, step: Step) -> None:
        lang = self._lang
        people = state.contributors(self._ws, step)
        room = len(self._ws.snapshot(Participant))
        if people:
            head = esc(t("room.contributed", lang, count=len(people), room=room))
            names = esc(", ".join(p.name for p in people))
            who = f'<div class="planning-room-who"><b>{head}</b><br>{names}</div>'
        else:
            who = f'<div class="planning-room-who">{esc(t("room.nobody_yet", lang))}</div>'
        if self._who.value != who:
            self._who.value = who
        seats = state.seats(self._ws)
        by_id = {p.id: p.name for p in self._ws.snapshot(Participant)}
        twice = [
            t("room.devices", lang, name=by_id.get(person, person), count=len(devices))
            for person, devices in state.holders(self._ws, seats).items()
            if len(devices) > 1
        ]
        words = esc(t("room.twice", lang, names="; ".join(twice)))
        warn = f'<div class="planning-room-warn">{words}</div>' if twice else ""
        if self._warn.value != warn:
            self._warn.value = warn

    def _draw_influence(self) -> None:
        from planning.influence import findings_text, influence

        lang = self._lang
        found = influence(self._ws)
        findings = findings_text(found, lang)
        if findings:
            body = "<ul>" + "".join(f"<li>{esc(f)}</li>" for f in findings) + "</ul>"
            words = t("room.influence_fold", lang, n=len(findings), target=found.target)
            value = f'<div class="planning-room-influence">{folded(words, body)}</div>'
        else:
            value = ""
        if self._influence.value != value:
            self._influence.value = value

    def close_panel(self) -> None:
        FOLLOW.discard(self)
        super().close_panel()
