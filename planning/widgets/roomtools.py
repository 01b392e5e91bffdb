"""The facilitator's tools for a long day: the names held on phones (released after a set
time, or by hand) and "save a copy" of the workshop for a USB stick.

Both sit in the facilitator's view (:class:`planning.widgets.facilitator.FacilitatorView`),
which calls :meth:`SeatsPanel.look` on its once-a-second look.
"""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path

import ipywidgets as w

from planning.i18n import t
from planning.records import Participant
from planning.render import stylesheet
from planning.render.html import esc
from planning.room import durable, seats
from planning.store import Workshop
from planning.widgets.common import Panel, Status, button

LOOK_EVERY = 10.0  # seconds between two looks for seats to release


def projector_css() -> w.HTML:
    """Give the projector's stylesheet (results first) as an invisible widget."""
    css = f"<style>{stylesheet('projector')}</style>"
    return w.HTML(css, layout=w.Layout(height="0px", margin="0"))


def folded(summary: str, body_html: str, *, open_: bool = False) -> str:
    """Give HTML that shows ``summary`` and unfolds ``body_html`` (already escaped) on a tap.

    Examples
    --------
    >>> folded("Guide <1>", "<p>x</p>")
    '<details class="planning-room-fold"><summary>Guide &lt;1&gt;</summary><p>x</p></details>'
    """
    opened = " open" if open_ else ""
    return (
        f'<details class="planning-room-fold"{opened}><summary>{esc(summary)}</summary>'
        f"{body_html}</details>"
    )


def _ago(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return t("room.seen_unknown", lang)
    if seconds < 60:
        return t("room.seen_now", lang)
    return t("room.seen_ago", lang, minutes=int(seconds // 60))


class SeatsPanel(Panel):
    """Who holds which name, when their page last looked, a button to release each, and after
    how many minutes unseen a name is released by itself."""

    KINDS = frozenset({"participants"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        title = w.HTML(f'<div class="planning-room-tool-title">{esc(t("room.seats", lang))}</div>')
        self._minutes = w.BoundedIntText(
            value=seats.release_after(ws),
            min=0,
            max=seats.RELEASE_MAX,
            description=t("field.room.seat_release", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self._minutes.add_class("planning-room-release-after")
        self._save = button(t("common.save", lang), "")
        self._save.on_click(lambda _: self.set_release_after(self._minutes.value))
        self._rows = w.VBox()
        self._status = Status()
        setting = w.HBox([self._minutes, self._save])
        setting.add_class("planning-buttons")
        super().__init__(ws, [title, setting, self._rows, self._status])
        self.add_class("planning-room-tools")
        self._drawn: tuple[tuple[str, str, str], ...] = ()
        self._looked = 0.0
        self.look(force=True)

    @property
    def held(self) -> list[str]:
        """The names held on a device, as listed."""
        return [row[1] for row in self._drawn]

    def set_release_after(self, minutes: object) -> bool:
        """Set after how many minutes unseen a name is released (0: never)."""
        words = t("room.seat_release_set", self._lang)
        return self.attempt(seats.set_release_after, self._ws, minutes, done=lambda _: words)

    def release(self, device: str) -> bool:
        """Release the name ``device`` holds: the name is free for another phone."""
        name = dict((d, n) for d, n, _ in self._drawn).get(device, "")
        words = t("room.released", self._lang, name=name)
        done = self.attempt(seats.release, self._ws, device, done=lambda _: words)
        self.look(force=True)
        return done

    def look(self, force: bool = False) -> None:
        """Release the names unseen for too long (every few seconds), and list the seats."""
        now = time.monotonic()
        if not force and now - self._looked < LOOK_EVERY:
            return
        self._looked = now
        gone = seats.release_idle(self._ws)
        if gone:
            names = self._names()
            who = ", ".join(names.get(s.person, "") for s in gone)
            self._status.info(t("room.released_idle", self._lang, names=who))
        self._draw()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._draw()

    def _names(self) -> dict[str, str]:
        return {p.id: p.name for p in self._ws.snapshot(Participant)}

    def _draw(self) -> None:
        names = self._names()
        clock = _dt.datetime.now(_dt.UTC)
        found = tuple(
            (s.device, names.get(s.person, ""), _ago(s.unseen(clock), self._lang))
            for s in seats.seat_list(self._ws)
            if s.person in names
        )
        found = tuple(sorted(found, key=lambda row: row[1].lower()))
        if found == self._drawn:
            return
        self._drawn = found
        rows: list[w.Widget] = []
        for device, name, seen in found:
            label = w.HTML(f"<b>{esc(name)}</b> · {esc(seen)}")
            label.add_class("planning-row-title")
            free = button(t("room.release", self._lang, name=name), "")
            free.add_class("planning-room-release")
            free.on_click(lambda _, d=device: self.release(d))
            line = w.HBox([label, free])
            line.add_class("planning-row")
            rows.append(line)
        if not rows:
            nobody = esc(t("room.no_seats", self._lang))
            rows = [w.HTML(f'<div class="planning-lead">{nobody}</div>')]
        self._rows.children = rows


class CopyPanel(Panel):
    """ "Save a copy": a complete, checked copy of the workshop file, for a USB stick."""

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        title = w.HTML(
            f'<div class="planning-room-tool-title">{esc(t("room.copy_title", lang))}</div>'
        )
        self._folder = w.Text(
            value=str(durable.copy_name(ws.url).parent),
            description=t("field.room.copy_folder", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self._save = button(t("room.copy", lang), "success")
        self._save.add_class("planning-room-copy")
        self._save.on_click(lambda _: self.save())
        self._status = Status()
        super().__init__(ws, [title, self._folder, self._save, self._status])
        self.add_class("planning-room-tools")

    def save(self, folder: str | None = None) -> Path | None:
        """Save a copy into ``folder`` (or the one typed); give its path once checked."""
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        where = durable.copy_name(self._ws.url, folder or self._folder.value.strip(), stamp)
        self._save.disabled = True
        self._status.info(t("room.copy_writing", self._lang, path=str(where)))
        saved: list[Path] = []
        try:
            self.attempt(
                lambda: saved.append(durable.save_copy(self._ws.url, where)),
                done=lambda _: t("room.copy_done", self._lang, path=str(where)),
            )
        finally:
            self._save.disabled = False
        return saved[0] if saved else None
