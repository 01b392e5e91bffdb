"""Pieces every panel shares: readable sizes, the status line, choosers over the store."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import t
from planning.render import esc

BIG = {"font_size": "18px"}
WIDE = w.Layout(width="auto", min_width="18em")


def status_html(text: str, kind: str = "ok") -> str:
    """Give a status line; ``text`` is escaped, so a typed payload shows as text."""
    colour = {"ok": "#1b7837", "error": "#b2182b", "info": "#333"}[kind]
    weight = "600" if kind == "error" else "400"
    return (
        f'<div role="status" style="color:{colour};font-weight:{weight};font-size:17px;'
        f'white-space:pre-wrap">{esc(text)}</div>'
    )


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


def button(text: str, style: str = "primary", **kw: Any) -> w.Button:
    """Give a large button readable on a projector."""
    return w.Button(
        description=text,
        button_style=style,
        style={**BIG, "font_weight": "600"},
        layout=w.Layout(width="auto", height="auto", padding="6px 16px"),
        **kw,
    )


def options(records: list[Any], name: str) -> list[tuple[str, str]]:
    """Give (label, id) pairs of records for a dropdown."""
    return [(str(getattr(r, name)), r.id) for r in records]


_CSS = (
    "<style>"
    ".planning-panel, .planning-panel .widget-label, .planning-panel select,"
    ".planning-panel input, .planning-panel textarea, .planning-panel .widget-toggle-button"
    "{font-size:18px !important}"
    ".planning-panel select, .planning-panel input {height:auto !important; min-height:2em}"
    ".planning-panel .widget-label {min-width:fit-content}"
    ".planning-panel table.planning-table {border-collapse:collapse;margin:.5em 0 1em 0}"
    ".planning-panel table.planning-table caption {text-align:left;font-weight:600;padding:.3em 0}"
    ".planning-panel table.planning-table th, .planning-panel table.planning-table td"
    "{padding:.3em .7em;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}"
    ".planning-panel table.planning-table .num {text-align:right}"
    ".planning-panel figure img {max-width:100%;height:auto}"
    "</style>"
)


def projector_css() -> w.HTML:
    """Give the style that makes a panel's text, lists and boxes readable on a projector."""
    return w.HTML(_CSS, layout=w.Layout(height="0px", margin="0"))


class Panel(w.VBox):
    """A stage panel: its children under the projector style."""

    def __init__(self, children: list[w.Widget]) -> None:
        super().__init__([projector_css(), *children])
        self.add_class("planning-panel")
        # A class per panel ("planning-dotvotepanel"), for styling and browser tests.
        self.add_class("planning-" + type(self).__name__.lower())


def field_label(kind: str, field: str, lang: str) -> str:
    return t(f"field.{kind}.{field}", lang)


def participant_chooser(ws: Any, kind: str) -> w.Dropdown:
    """Give a list of the workshop's participants (empty first: nobody chosen yet)."""
    from planning.model import Participant

    return w.Dropdown(
        description=field_label(kind, "participant", ws.lang),
        options=[("", ""), *options(ws.records(Participant), "name")],
        style={"description_width": "initial"},
        layout=WIDE,
    )
