"""The map to arrange by hand: drag an actor and it stays where it was put, on every open page.

A bqplot figure (a maintained ipywidgets library whose front end ships in its wheel, so it
works in JupyterLab and Voila with no internet): the links as lines coloured by type, the
actors as dots coloured by sector and sized by the chosen tower, each with its name. Dragging a
dot stores the actor's place (``positions``, in percent of the map from the top left) when the
drag ends, as one change that ``planning undo`` reverts; the drawn map, the handout and every
other page then show it there. An actor nobody placed yet gets a free place near its links
without moving anyone (the same rule as the drawing).

Only this module imports bqplot, and only when the panel is built.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from planning.errors import words
from planning.i18n import t
from planning.render.html import esc
from planning.stakeholders import commands
from planning.stakeholders.assessment import analyse, positions
from planning.stakeholders.charts import GOAL_MARK, SECTOR_COLOURS, goal_count, style_of
from planning.stakeholders.vocab import SECTORS
from planning.store import Workshop
from planning.widgets.common import Panel, Status, shown

__all__ = ["DragMap"]

TOWER_AREA = (120, 1400)  # a dot's area in square pixels, from tower 0 to the highest


class DragMap(Panel):
    """Arrange the map by hand: drag an actor to where the group wants it; it stays there."""

    RESULT = "stakeholders"
    KINDS = frozenset({"positions"})

    def __init__(self, ws: Workshop) -> None:
        import bqplot as bq

        self._ws = ws
        self._lang = lang = ws.lang
        self._ids: list[str] = []
        self._flag_ids: list[str] = []
        # Room beyond the right edge for the names beside the dots; 0 at the top, as stored.
        self._sx = bq.LinearScale(min=-2, max=118)
        self._sy = bq.LinearScale(min=-4, max=104, reverse=True)
        scales = {"x": self._sx, "y": self._sy}
        self._lines = bq.Lines(
            x=[[0, 0]], y=[[0, 0]], scales=scales, stroke_width=3, labels_visibility="none"
        )
        self._dots = bq.Scatter(
            x=[],
            y=[],
            names=[],
            display_names=True,
            scales={**scales, "size": bq.LinearScale(min=0, max=1)},
            enable_move=True,
            default_size=TOWER_AREA[1],
            stroke="white",
            stroke_width=2,
        )
        self._dots.on_drag_end(self._dropped)
        # Net-Map's goal symbols: a yellow flag at the upper right of an actor holding goals on
        # the question drawn, its number the count (``flags``).
        self._flags = bq.Scatter(
            x=[], y=[], names=[], display_names=True, scales=scales, marker="triangle-up",
            colors=[GOAL_MARK["color"]], stroke="#252525", default_size=160,
        )  # fmt: skip
        self._figure = bq.Figure(
            marks=[self._lines, self._dots, self._flags],
            fig_margin={"top": 24, "bottom": 24, "left": 24, "right": 24},
            padding_x=0,
            padding_y=0,
            layout=w.Layout(width="100%", height="34rem"),
        )
        self._figure.add_class("planning-dragmap-figure")
        help_words = esc(t("stakeholders.drag.help", lang))
        self._help = w.HTML(f'<div class="planning-lead">{help_words}</div>')
        self._legend = w.HTML()
        self._status = Status()
        self.refresh()
        super().__init__(ws, [self._help, self._figure, self._legend, self._status])

    @property
    def actors(self) -> dict[str, tuple[float, float]]:
        """Every actor's name and place as the dots show them now."""
        names = list(self._dots.names)
        return {
            n: (float(x), float(y))
            for n, x, y in zip(names, self._dots.x, self._dots.y, strict=True)
        }

    @property
    def flags(self) -> dict[str, int]:
        """The goal flags as drawn now: actor name -> how many goals its flag says."""
        names = dict(zip(self._ids, self._dots.names, strict=True))
        return {names[x]: int(n) for x, n in zip(self._flag_ids, self._flags.names, strict=True)}

    legend = shown("_legend", "The colours of the sectors and link types, as shown (HTML).")

    def drop(self, actor: str, x: float, y: float) -> None:
        """Put an actor (name or id) at (x, y) percent of the map, as a drag does; store it."""
        x, y = min(max(float(x), 0.0), 100.0), min(max(float(y), 0.0), 100.0)
        names = dict(zip(self._ids, self._dots.names, strict=True))
        moved = t("stakeholders.drag.moved", self._lang, name=names.get(actor, actor))
        place = {actor: (round(x, 2), round(y, 2))}
        if not self.attempt(commands.import_positions, self._ws, place, done=lambda _: moved):
            self.refresh()  # the dot goes back to where it is stored

    def _dropped(self, _mark: Any, event: dict[str, Any]) -> None:
        index, point = event.get("index"), event.get("point") or {}
        if not isinstance(index, int) or not 0 <= index < len(self._ids):
            return
        self.drop(self._ids[index], point.get("x", 0), point.get("y", 0))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = analyse(self._ws)
        lang = self._lang
        places = positions(self._ws, a) if a.actors else {}
        ids = [x.id for x in a.actors if x.id in places]
        towers = {
            x: a.graph.nodes[x]["towers"].get(a.question, 0) if a.question else 0 for x in ids
        }
        highest = max([*towers.values(), 1])
        held = {x: goal_count(a.goals.get(x, {}), a.question) for x in ids}
        flagged = [x for x in ids if held[x]]
        links = [
            (places[k.source], places[k.target], style_of(k.type, a.custom_types)[0])
            for k in a.links
            if k.source in places and k.target in places
        ]
        with self._flags.hold_sync():
            self._flag_ids = flagged
            self._flags.x = [places[x][0] + 2.5 for x in flagged]
            self._flags.y = [places[x][1] - 3.5 for x in flagged]
            self._flags.names = [str(held[x]) for x in flagged]
        with self._dots.hold_sync(), self._lines.hold_sync():
            self._ids = ids
            self._dots.x = [places[x][0] for x in ids]
            self._dots.y = [places[x][1] for x in ids]
            self._dots.names = [a.name(x) for x in ids]
            self._dots.colors = [
                SECTOR_COLOURS.get(a.graph.nodes[x]["sector"], "#999999") for x in ids
            ] or ["#999999"]
            low, high = TOWER_AREA
            self._dots.size = [(low + (high - low) * towers[x] / highest) / high for x in ids]
            if links:
                self._lines.x = [[s[0], e[0]] for s, e, _ in links]
                self._lines.y = [[s[1], e[1]] for s, e, _ in links]
                self._lines.colors = [c for _, _, c in links]
            else:  # bqplot needs a line to draw; one of no length shows nothing
                self._lines.x, self._lines.y = [[0, 0]], [[0, 0]]
                self._lines.colors = ["#ffffff"]
        sectors = [s for s in SECTORS if any(a.graph.nodes[x]["sector"] == s for x in ids)]
        types = sorted({k.type for k in a.links})
        chips = [
            (SECTOR_COLOURS.get(s, "#999999"), "chip", t(f"stakeholders.sector.{s}", lang))
            for s in sectors
        ] + [
            (style_of(k, a.custom_types)[0], "line", words(a.link_type_words(k), lang))
            for k in types
        ]
        if flagged:
            chips.append((GOAL_MARK["color"], "chip", t("stakeholders.map.legend_goals", lang)))
        self._legend.value = (
            '<div class="planning-dragmap-legend">'
            + "".join(
                f'<span><span class="planning-dragmap-{shape}" style="background:{colour}">'
                f"</span>{esc(text)}</span>"
                for colour, shape, text in chips
            )
            + "</div>"
            if ids
            else f'<p class="planning-note">{esc(t("stakeholders.facts.no_actors", lang))}</p>'
        )
