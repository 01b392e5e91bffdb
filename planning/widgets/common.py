"""Pieces every panel shares: the workshop state per kernel, the panel base, status lines.

One :class:`WorkshopState` per open workshop and kernel tells every panel which kinds of record
changed, whichever panel (or command) wrote them. A panel declares the kinds it shows
(``KINDS``) and redraws in :meth:`Panel.refresh` when one of them changes. Running a panel's
cell again replaces the panel made before: the state keeps one live panel per class and key,
so listeners never pile up.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any, ClassVar

import ipywidgets as w

from planning.errors import NoWorkshopError, PlanningError
from planning.i18n import LANGUAGES, t
from planning.records import Participant, Record
from planning.render import stylesheet
from planning.render.html import esc
from planning.store import Workshop, open_workshop

BIG = {"font_size": "18px"}
WIDE = w.Layout(width="auto", min_width="18em")


class WorkshopState:
    """The panels of one workshop in this kernel, and the kinds each one shows."""

    _states: ClassVar[weakref.WeakKeyDictionary[Workshop, WorkshopState]] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self, ws: Workshop) -> None:
        self._ws = weakref.ref(ws)
        self._panels: dict[tuple[str, str], Panel] = {}
        ws.subscribe(self.changed)

    @classmethod
    def of(cls, ws: Workshop) -> WorkshopState:
        """Give the one state of ``ws`` in this kernel."""
        state = cls._states.get(ws)
        if state is None:
            state = cls._states[ws] = cls(ws)
        return state

    def attach(self, panel: Panel, key: str = "") -> None:
        """Let ``panel`` hear of changes, replacing the panel of the same class and key."""
        slot = (type(panel).__name__, key)
        old = self._panels.get(slot)
        if old is not None and old is not panel:
            old.close_panel()
        self._panels[slot] = panel

    def detach(self, panel: Panel) -> None:
        """Stop telling ``panel`` of changes."""
        for slot, found in list(self._panels.items()):
            if found is panel:
                del self._panels[slot]

    @property
    def listeners(self) -> int:
        """How many panels hear of changes (one per panel class and key)."""
        return len(self._panels)

    def changed(self, kinds: Iterable[str]) -> None:
        """Redraw every panel that shows one of ``kinds``."""
        kinds = frozenset(kinds)
        for panel in list(self._panels.values()):
            if kinds & panel.shows():
                panel.refresh(kinds)


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


def button(text: str, style: str = "primary", **kw: Any) -> w.Button:
    """Give a large button readable on a projector."""
    return w.Button(
        description=text,
        button_style=style,
        style={**BIG, "font_weight": "600"},
        layout=w.Layout(width="auto", height="auto", padding="6px 16px"),
        **kw,
    )


def options(records: Iterable[Record], name: str) -> list[tuple[str, str]]:
    """Give (label, id) pairs of records for a dropdown."""
    return [(str(getattr(r, name)), r.id) for r in records]


def projector_css() -> w.HTML:
    """Give the shared stylesheet, which makes panels readable on a projector and a phone."""
    return w.HTML(f"<style>{stylesheet()}</style>", layout=w.Layout(height="0px", margin="0"))


class Panel(w.VBox):
    """A stage panel: its children under the shared style, redrawn when its kinds change.

    A subclass names the kinds it shows in ``KINDS`` and redraws in :meth:`refresh`. Given no
    workshop (``None``: nobody chose one), a panel shows nothing, so a notebook opened without
    a workshop shows only the message saying how to choose one.
    """

    KINDS: ClassVar[frozenset[str]] = frozenset()

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
        self.add_class("planning-panel")
        # A class per panel ("planning-dotvotepanel"), for styling and browser tests.
        self.add_class("planning-" + type(self).__name__.lower())
        self._state = WorkshopState.of(ws)
        self._state.attach(self, key)

    def shows(self) -> frozenset[str]:
        """Give the kinds of record this panel shows."""
        return self.KINDS

    def refresh(self, kinds: frozenset[str]) -> None:
        """Redraw after ``kinds`` changed (subclasses redraw what shows them)."""

    def close_panel(self) -> None:
        """Stop hearing of changes (its cell ran again, or it was closed)."""
        self._state.detach(self)

    def close(self) -> None:
        self.close_panel()
        super().close()


def participant_chooser(ws: Workshop, kind: str) -> w.Dropdown:
    """Give a list of the workshop's participants (empty first: nobody chosen yet).

    It has the class ``planning-who``: a trainee's page, which knows who is there, hides it.
    """
    chooser = w.Dropdown(
        description=t(f"field.{kind}.participant", ws.lang),
        options=[("", ""), *options(ws.records(Participant), "name")],
        style={"description_width": "initial"},
        layout=WIDE,
    )
    chooser.add_class("planning-who")
    return chooser


def field_label(kind: str, field: str, lang: str) -> str:
    """Give the label of a field in the language."""
    return t(f"field.{kind}.{field}", lang)


def open_for_notebook(path: str | None = None) -> Workshop | None:
    """Give the workshop a notebook works on, or show how to choose one and give None.

    ``path`` is a workshop file or database URL; "demo" opens the demo workshop of Desa
    Sukamaju on purpose. With no path, ``$PLANNING_WORKSHOP`` names it (it may be "demo" too).
    """
    import os

    from IPython.display import HTML, display

    chosen = path or os.environ.get("PLANNING_WORKSHOP") or ""
    if chosen.strip().lower() == "demo":
        from planning.demo import demo_workshop

        return demo_workshop()
    try:
        return open_workshop(chosen or None)
    except NoWorkshopError as err:
        # No workshop, so no language chosen yet: say it in both.
        display(HTML("".join(status_html(err.message(lang), "error") for lang in LANGUAGES)))
        return None
