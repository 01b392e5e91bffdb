"""Pieces every panel shares: the workshop state per kernel, the panel base, status lines.

One :class:`WorkshopState` per open workshop and kernel tells every panel which kinds of record
changed, whichever panel (or command) wrote them. A panel declares the kinds it shows
(``KINDS``) and redraws in :meth:`Panel.refresh` when one of them changes. Running a panel's
cell again replaces the panel made before: the state keeps one live panel per class and key,
so listeners never pile up.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

import ipywidgets as w

from planning import stages
from planning.errors import NoWorkshopError, PlanningError
from planning.i18n import LANGUAGES, t
from planning.records import Participant, Record
from planning.render import stylesheet
from planning.render.html import Html, esc, frame_table
from planning.store import Workshop, open_workshop

T = TypeVar("T")
BIG = {"font_size": "18px"}
# A chooser as wide as the panel allows, up to a comfortable width: never wider than a phone.
WIDE = w.Layout(width="auto", max_width="40em")
log = logging.getLogger(__name__)


class WorkshopState:
    """The panels of one workshop in this kernel, and the kinds each one shows.

    It hears of every change, whoever wrote it: this kernel's own writes at once (the workshop
    object calls :meth:`changed`), and everybody else's (another trainee's kernel, ``planning
    import``, another machine on PostgreSQL) through the kernel's one live callback, which
    calls :meth:`poll` about once a second. Either way the ``changes`` table says which kinds
    changed since the last change seen, so a change is drawn once.
    """

    _states: ClassVar[weakref.WeakKeyDictionary[Workshop, WorkshopState]] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self, ws: Workshop) -> None:
        self._ws = weakref.ref(ws)
        self._panels: dict[tuple[str, str], Panel] = {}
        self._seen = ws.change_marker()
        self._version = ws.data_version()
        self.redraws = 0  # how many times a panel was told to redraw
        ws.subscribe(self.changed)

    @classmethod
    def of(cls, ws: Workshop) -> WorkshopState:
        """Give the one state of ``ws`` in this kernel."""
        state = cls._states.get(ws)
        if state is None:
            state = cls._states[ws] = cls(ws)
        return state

    @classmethod
    def open_states(cls) -> list[WorkshopState]:
        """Give the states that have panels to tell of changes."""
        return [state for state in list(cls._states.values()) if state._panels]

    def attach(self, panel: Panel, key: str = "") -> None:
        """Let ``panel`` hear of changes, replacing the panel of the same class and key."""
        slot = (type(panel).__name__, key)
        old = self._panels.get(slot)
        if old is not None and old is not panel:
            old.close_panel()
        self._panels[slot] = panel
        LIVE.start()

    def detach(self, panel: Panel) -> None:
        """Stop telling ``panel`` of changes."""
        for slot, found in list(self._panels.items()):
            if found is panel:
                del self._panels[slot]

    def panels(self) -> list[Panel]:
        """Give the panels that hear of changes."""
        return list(self._panels.values())

    @property
    def listeners(self) -> int:
        """How many panels hear of changes (one per panel class and key)."""
        return len(self._panels)

    @property
    def seen(self) -> int:
        """The number of the latest change the panels were told of."""
        return self._seen

    def changed(self, kinds: Iterable[str] = ()) -> None:
        """Redraw every panel that shows one of ``kinds`` or of the changes not yet seen."""
        ws = self._ws()
        if ws is None:
            return
        self._version = ws.data_version()
        self._seen, found = ws.changes_since(self._seen)
        kinds = frozenset(kinds) | found
        if not kinds:
            return
        failed: Exception | None = None
        for panel in list(self._panels.values()):
            if kinds & panel.shows():
                self.redraws += 1
                try:
                    panel.refresh(kinds)
                except Exception as err:  # the other panels still show the change
                    failed = failed or err
        if failed is not None:
            raise failed

    def poll(self) -> bool:
        """Redraw the panels whose kinds anyone changed since the last look; give whether any
        change was found. Cheap when nothing changed (on SQLite it reads no table)."""
        ws = self._ws()
        if ws is None:
            return False
        version = ws.data_version()
        if version is not None and version == self._version:
            return False
        before = self._seen
        self.changed()
        return self._seen != before


class Live:
    """The kernel's one periodic callback that keeps every open panel up to date.

    It runs on the kernel's own event loop (asyncio, which ipykernel runs in the main thread),
    every ``interval`` seconds while any panel is open, and asks each workshop state whether
    anything changed; no thread, no busy loop. Outside a running loop (a plain script, a
    headless test) it does nothing: call :meth:`WorkshopState.poll` there.
    """

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._handle: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._also: list[Callable[[], bool]] = []
        self.ticks = 0

    def also(self, look: Callable[[], bool]) -> None:
        """Run ``look`` after every tick as well (the room's pages look at the room); it gives
        whether it still has something to look at, which keeps the callback going."""
        if look not in self._also:
            self._also.append(look)

    @property
    def running(self) -> bool:
        """Whether the callback is scheduled."""
        return self._handle is not None

    def start(self) -> None:
        """Schedule the callback on the running loop, unless it already is."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._handle is not None and self._loop is loop and not loop.is_closed():
            return
        self.stop()
        self._loop = loop
        self._handle = loop.call_later(self.interval, self._tick)

    def stop(self) -> None:
        """Cancel the callback."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None

    def _tick(self) -> None:
        self._handle = None
        if self._loop is None or self._loop.is_closed():
            return
        states = WorkshopState.open_states()
        for state in states:
            try:
                state.poll()
            except Exception:  # a workshop that cannot be read now; the next tick tries again
                log.exception("live update of a workshop failed")
        busy = bool(states)
        for look in self._also:
            try:
                busy = look() or busy
            except Exception:
                log.exception("a periodic look failed")
        if not busy:
            return  # nothing open: the next panel starts it again
        self.ticks += 1
        self._handle = self._loop.call_later(self.interval, self._tick)


LIVE = Live()


def status_html(text: str, kind: str = "ok") -> str:
    """Give a status line; ``text`` is escaped, so a typed payload shows as text."""
    return f'<div role="status" class="planning-status planning-status-{kind}">{esc(text)}</div>'


def error_html(err: PlanningError, lang: str) -> str:
    """Give a domain error as a translated, escaped message (no traceback)."""
    return status_html(err.message(lang), "error")


class Status(w.HTML):
    """The line under a form that says what happened."""

    def __init__(self) -> None:
        super().__init__(value="")

    def ok(self, text: str) -> None:
        self.value = status_html(text, "ok")

    def error(self, err: PlanningError, lang: str) -> None:
        self.value = error_html(err, lang)

    def info(self, text: str) -> None:
        self.value = status_html(text, "info")

    @property
    def text(self) -> str:
        """What the line says now, as plain text (for tests and screen readers)."""
        import html
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.value))


def plain_text(html: str) -> str:
    """Give what an HTML piece says, as one line of plain text.

    Examples
    --------
    >>> plain_text('<div class="x">Air &amp; <b>sanitasi</b></div>')
    'Air & sanitasi'
    """
    import html as _html
    import re

    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def shown(widget: str, doc: str, *, plain: bool = False) -> Any:
    """A read-only property of a panel: what one of its HTML widgets shows now (as plain text
    with ``plain``), for tests and the facilitator's view."""

    def get(self: Any) -> str:
        value = str(getattr(self, widget).value)
        return plain_text(value) if plain else value

    return property(get, doc=doc)


def line(text: str, css: str = "planning-text") -> w.HTML:
    """Give a line of words (escaped) with the stylesheet's class ``css``."""
    return w.HTML(f'<div class="{css}">{esc(text)}</div>')


def close_all(widgets: Iterable[Any]) -> None:
    """Close widgets no longer shown (and lists of them) with everything inside them, so
    neither the kernel nor the page keeps them and a message sent to one later drives nothing
    (not their layouts, which panels share)."""
    for widget in list(widgets):
        if isinstance(widget, list | tuple):
            close_all(widget)
        elif isinstance(widget, w.Widget) and widget.comm is not None:
            close_all(getattr(widget, "children", ()))
            widget.close()


def button_look() -> tuple[w.Layout, w.ButtonStyle]:
    """Give the layout and style of a large button. Buttons drawn many at once (a trainee's
    names) share one pair: a page's widgets all go to the phone when it opens."""
    return (
        w.Layout(width="auto", height="auto", padding="6px 16px"),
        w.ButtonStyle(**BIG, font_weight="600"),
    )


def button(
    text: str,
    style: str = "primary",
    look: tuple[w.Layout, w.ButtonStyle] | None = None,
    **kw: Any,
) -> w.Button:
    """Give a large button readable on a projector (its own look unless given one)."""
    layout, words = look or button_look()
    return w.Button(description=text, button_style=style, style=words, layout=layout, **kw)


def buttons(*children: w.Widget) -> w.HBox:
    """Give a row of controls that wraps on a narrow screen instead of squeezing them."""
    row = w.HBox(list(children))
    row.add_class("planning-buttons")
    return row


def row(*children: w.Widget, title: w.Widget | None = None) -> w.HBox:
    """Give a row of small controls followed by a title that takes the rest and wraps."""
    parts = list(children)
    if title is not None:
        title.add_class("planning-row-title")
        parts.append(title)
    line = w.HBox(parts)
    line.add_class("planning-row")
    return line


def options(records: Iterable[Record], name: str) -> list[tuple[str, str]]:
    """Give (label, id) pairs of records for a dropdown."""
    return [(str(getattr(r, name)), r.id) for r in records]


def projector_css() -> w.HTML:
    """Give the shared stylesheet, which makes panels readable on a projector and a phone."""
    return w.HTML(f"<style>{stylesheet()}</style>", layout=w.Layout(height="0px", margin="0"))


def no_null_titles(widget: w.Widget) -> None:
    """Give every labelled control under ``widget`` an empty tooltip where it has none:
    ipywidgets 8 writes a missing tooltip into its label's ``title`` as the word "null", which a
    pointer resting on the label shows.

    Examples
    --------
    >>> box = w.VBox([w.Text(description="Nama"), w.HBox([w.Dropdown(description="Dusun")])])
    >>> no_null_titles(box)
    >>> [c.tooltip for c in (box.children[0], box.children[1].children[0])]
    ['', '']
    """
    if getattr(widget, "tooltip", "") is None and hasattr(widget, "description"):
        widget.tooltip = ""
    for child in getattr(widget, "children", ()) or ():
        no_null_titles(child)


class Panel(w.VBox):
    """A stage panel: its children under the shared style, redrawn when its kinds change.

    A subclass names the kinds it shows in ``KINDS`` and redraws in :meth:`refresh`. Given no
    workshop (``None``: nobody chose one), a panel shows nothing, so a notebook opened without
    a workshop shows only the message saying how to choose one.
    """

    KINDS: ClassVar[frozenset[str]] = frozenset()
    RESULT: ClassVar[str] = ""  # the stage whose result it shows: it redraws on what that reads

    def __new__(cls, ws: Workshop | None, *args: Any, **kwargs: Any) -> Any:
        if ws is None:
            return w.HTML("")
        return super().__new__(cls)

    def __init__(self, ws: Workshop, children: list[w.Widget], *, key: str = "") -> None:
        banner = []
        if ws.is_demo:
            words = esc(t("common.demo_banner", ws.lang))
            banner = [w.HTML(f'<div class="planning-demo-banner">{words}</div>')]
        super().__init__([projector_css(), *banner, *children])
        no_null_titles(self)
        self.add_class("planning-panel")
        # A class per panel ("planning-dotvotepanel"), for styling and browser tests.
        self.add_class("planning-" + type(self).__name__.lower())
        self._state = WorkshopState.of(ws)
        self._state.attach(self, key)

    def attempt(
        self,
        work: Callable[..., T],
        /,
        *args: Any,
        done: Callable[[T], str] | None = None,
        **kw: Any,
    ) -> bool:
        """Run one write of the panel; give whether it was stored. A refused write shows its
        message in the workshop's language on the status line and changes nothing; ``done``
        gives the words for the status line after a stored one."""
        line: Status = self._status  # type: ignore[attr-defined]
        try:
            result = work(*args, **kw)
        except PlanningError as err:
            line.error(err, self._ws.lang)  # type: ignore[attr-defined]
            return False
        said = done(result) if done is not None else ""
        if said:
            line.ok(said)
        return True

    @property
    def status(self) -> str:
        """What the panel's status line says ("" for a panel without one)."""
        line = getattr(self, "_status", None)
        return str(line.text) if line is not None else ""

    def shows(self) -> frozenset[str]:
        """Give the kinds of record this panel shows: its own ``KINDS`` and, when it shows a
        stage's result (``RESULT``), every kind that result reads (``planning.stages.reads``)."""
        return self.KINDS | (stages.reads(self.RESULT) if self.RESULT else frozenset())

    def refresh(self, kinds: frozenset[str]) -> None:
        """Redraw after ``kinds`` changed (subclasses redraw what shows them)."""

    @property
    def can_show_pictures(self) -> bool:
        """Whether the panel has choices it can show as picture cards (see
        :meth:`use_pictures`)."""
        return False

    def use_pictures(self, on: bool) -> None:
        """Show the panel's choices as pictures with large labels instead of words alone (a
        panel without such choices stays as it is)."""

    def close_panel(self) -> None:
        """Stop hearing of changes (its cell ran again, or it was closed)."""
        state = getattr(self, "_state", None)  # None when building the panel failed
        if state is not None:
            state.detach(self)

    def close(self) -> None:
        """Stop hearing of changes and close every widget inside the panel: a closed widget's
        comm is gone from the kernel, so a message sent to it later drives nothing."""
        self.close_panel()
        close_all(self.children)
        super().close()


class HtmlPanel(Panel):
    """A panel that shows one piece of HTML, drawn again when a kind it shows changes: a
    subclass says what in :meth:`draw`; ``head`` are controls above it (what to show), made
    before, since drawing may read them."""

    def __init__(self, ws: Workshop, head: Iterable[w.Widget] = ()) -> None:
        self._ws = ws
        self._lang = ws.lang
        self._html = w.HTML()
        self.refresh()
        super().__init__(ws, [*head, self._html])

    @property
    def html(self) -> str:
        """What the panel shows now."""
        return str(self._html.value)

    def draw(self) -> str:
        """Give the panel's HTML, from the store (every typed text escaped)."""
        raise NotImplementedError

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._html.value = self.draw()


def participant_chooser(ws: Workshop, kind: str) -> w.Dropdown:
    """Give a list of the workshop's participants (empty first: nobody chosen yet).

    Only a facilitator's panel has one: a panel built on a trainee's workshop is fixed to the
    trainee, so no widget in a trainee's kernel can act for another participant.
    """
    chooser = w.Dropdown(
        description=t(f"field.{kind}.participant", ws.lang),
        options=[("", ""), *options(ws.records(Participant), "name")],
        style={"description_width": "initial"},
        layout=WIDE,
    )
    return chooser


def field_label(kind: str, field: str, lang: str) -> str:
    """Give the label of a field in the language."""
    return t(f"field.{kind}.{field}", lang)


def open_for_notebook(path: str | None = None, *, role: str = "facilitator") -> Workshop | None:
    """Give the workshop a notebook works on, or show how to choose one and give None.

    ``path`` is a workshop file or database URL; "demo" opens the demo workshop of Desa
    Sukamaju on purpose. With no path, ``$PLANNING_WORKSHOP`` names it (it may be "demo" too).
    ``role="trainee"`` opens it for the trainees' page, which only adds and steps its own.
    """
    import os

    from IPython.display import HTML, display

    chosen = path or os.environ.get("PLANNING_WORKSHOP") or ""
    if chosen.strip().lower() == "demo":
        from planning.demo import demo_workshop

        demo = demo_workshop()
        if role == "facilitator":
            return demo
        demo.close()
        return open_workshop(demo.url, role=role)
    try:
        ws = open_workshop(chosen or None, role=role)
    except NoWorkshopError as err:
        # No workshop, so no language chosen yet: say it in both.
        display(HTML("".join(status_html(err.message(lang), "error") for lang in LANGUAGES)))
        return None
    from planning.room.durable import checkpoint_at_exit

    checkpoint_at_exit(ws.url)  # the file alone holds everything once the kernel stops
    return ws


def data_table(ws: Workshop | None, kind: str) -> Html:
    """Give a kind's current records as a readable table, for "take the data further".

    The same table as ``ws.frame(kind)`` (the DataFrame people take further in JupyterLab),
    its choices and column names in the workshop's language, at the panels' size; sensitive
    fields left out.
    """
    if ws is None:
        return Html()
    frame = ws.frame(kind, lang=ws.lang)  # its columns named as the form names them
    table = frame_table(frame.rename(columns=lambda name: t(f"field.{kind}.{name}", ws.lang)))
    return Html(f'<div class="planning-panel planning-data">{table}</div>')
