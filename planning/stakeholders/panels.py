"""The stakeholder-mapping panels: actors, links, influence towers, the map, the metrics, the
power-interest grid and the suggestions.

Each panel is a thin class: its buttons call its public methods, which call one command or
analysis function and show the result, or turn a domain error into a message in the workshop's
language that leaves the store as it was and the form as the person typed it. Every panel
redraws when the kinds it shows change, whichever panel, kernel or command wrote them.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import label, t
from planning.records import several
from planning.render.html import esc, items, note, paragraph
from planning.stakeholders import commands
from planning.stakeholders.assessment import analyse, choose_question, positions
from planning.stakeholders.charts import analysis_plan, map_html
from planning.stakeholders.dragmap import DragMap  # bqplot is imported when one is built
from planning.stakeholders.records import (
    UNKNOWN_LEVEL,
    InfluenceQuestion,
    Link,
    LinkType,
    Position,
    Stakeholder,
    Tower,
)
from planning.stakeholders.views import (
    actors_table,
    grid_html,
    links_table,
    map_facts,
    metrics_help,
    metrics_table,
    suggestions_html,
    what_if_lines,
)
from planning.stakeholders.vocab import LEVELS, LINK_TYPES, RESOURCES, SECTORS, TOWER_MAX
from planning.store import Workshop
from planning.widgets.common import (
    BIG,
    WIDE,
    HtmlPanel,
    Panel,
    Status,
    box_values,
    button,
    field_label,
    fill_boxes,
    options,
)

__all__ = [
    "DragMap",
    "InfluenceTowers",
    "LinkForm",
    "MetricsPanel",
    "PowerInterestGrid",
    "StakeholderForm",
    "StakeholderMap",
    "SuggestionsPanel",
]

_LABEL = {"description_width": "initial"}
_FULL = w.Layout(width="100%", max_width="40em")
_WRAP = w.Layout(flex_flow="row wrap", align_items="center")


def _dropdown(
    description: str, opts: list[tuple[str, str]], value: str | None = None
) -> w.Dropdown:
    box = w.Dropdown(description=description, options=opts, style=_LABEL, layout=WIDE)
    if value is not None and value in dict(opts).values():
        box.value = value
    return box


def _toggles(
    description: str, opts: list[tuple[str, Any]], value: Any, *, width: str = "auto"
) -> w.ToggleButtons:
    """Large tap targets that wrap on a phone."""
    box = w.ToggleButtons(
        description=description,
        options=opts,
        value=value,
        style={**_LABEL, "button_width": width},
        layout=w.Layout(width="auto", flex_flow="row wrap"),
    )
    box.add_class("planning-toggles")
    return box


def _keep(box: w.Dropdown, opts: list[tuple[str, str]], fallback: str = "") -> None:
    """Give a dropdown new options, keeping its choice when it is still there."""
    keep = box.value
    box.options = opts
    values = dict(opts).values()
    box.value = keep if keep in values else (fallback if fallback in values else None)


def _text(words: str) -> str:
    return f'<span class="planning-text">{esc(words)}</span>'


def _actor_options(ws: Workshop, first: str | None = None) -> list[tuple[str, str]]:
    actors = sorted(ws.snapshot(Stakeholder), key=lambda s: s.name.casefold())
    found = options(actors, "name")
    return [(first, ""), *found] if first is not None else found


def _type_options(ws: Workshop) -> list[tuple[str, str]]:
    lang = ws.lang
    builtin = [(label("stakeholders.link_type", k, lang), k) for k in LINK_TYPES]
    return builtin + [(r.name, r.name) for r in ws.snapshot(LinkType)]


class StakeholderForm(Panel):
    """Add, edit or remove an actor: name, sector, level, stance, interest, resources, contact
    person (kept for the facilitator, never shown in a table or handout) and notes."""

    KINDS = frozenset({"stakeholders", "influence", "influence_questions", "links", "link_types"})
    FACILITATOR_ONLY = ("_pick", "_save", "_remove")

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._pick = _dropdown(t("stakeholders.form.edit_which", lang), [])
        self._name = w.Text(
            description=field_label("stakeholders", "name", lang),
            style={**_LABEL, **BIG},
            layout=_FULL,
        )
        self._sector = _dropdown(
            field_label("stakeholders", "sector", lang),
            [(label("stakeholders.sector", s, lang), s) for s in SECTORS],
            "community_group",
        )
        self._level = _dropdown(
            field_label("stakeholders", "level", lang),
            [(label("stakeholders.level", v, lang), v) for v in (*LEVELS, UNKNOWN_LEVEL)],
            UNKNOWN_LEVEL,
        )
        self._stance = _toggles(
            field_label("stakeholders", "stance", lang),
            [
                (label("stakeholders.stance", s, lang), s)
                for s in ("supportive", "neutral", "opposed")
            ],
            "neutral",
        )
        self._interest = _toggles(
            field_label("stakeholders", "interest", lang),
            [(str(i), i) for i in range(6)],
            0,
            width="3em",
        )
        self._resources = {
            r: w.ToggleButton(
                description=label("stakeholders.offer", r, lang),
                style=BIG,
                layout=w.Layout(width="auto"),
            )
            for r in RESOURCES
        }
        self._contact = w.Text(
            description=field_label("stakeholders", "contact", lang),
            placeholder=t("stakeholders.form.contact_hint", lang),
            style={**_LABEL, **BIG},
            layout=_FULL,
        )
        self._notes = w.Textarea(
            description=field_label("stakeholders", "notes", lang), style=_LABEL, layout=_FULL
        )
        self._add = button(t("common.add", lang))
        self._save = button(t("common.save", lang), "info")
        self._remove = button(t("stakeholders.form.remove", lang), "danger")
        self._status = Status()
        self._table = w.HTML()
        self._boxes = {
            "name": self._name,
            "sector": self._sector,
            "level": self._level,
            "stance": self._stance,
            "interest": self._interest,
            "contact": self._contact,
            "notes": self._notes,
        }
        self._add.on_click(lambda _: self.add())
        self._save.on_click(lambda _: self.save())
        self._remove.on_click(lambda _: self.remove())
        self._pick.observe(lambda change: self.choose(change["new"] or ""), names="value")
        self.refresh()
        resources = w.VBox(
            [
                w.HTML(_text(field_label("stakeholders", "resources", lang))),
                w.HBox(list(self._resources.values()), layout=_WRAP),
            ]
        )
        super().__init__(
            ws,
            [
                self._pick,
                self._name,
                self._sector,
                self._level,
                self._stance,
                self._interest,
                resources,
                self._contact,
                self._notes,
                w.HBox([self._add, self._save, self._remove], layout=_WRAP),
                self._status,
                self._table,
            ],
        )

    @property
    def table(self) -> str:
        """The actors table as shown (HTML)."""
        return self._table.value

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now."""
        chosen = [r for r, b in self._resources.items() if b.value]
        return {**box_values(self._boxes), "resources": chosen}

    def fill(self, **fields: Any) -> None:
        """Type into the form (``name="BUMDes"``, ``sector="cooperative"``, ``resources=[...]``)."""
        if "resources" in fields:
            value = fields["resources"]
            chosen = set(several(value) if isinstance(value, str) else value)
            for r, b in self._resources.items():
                b.value = r in chosen
        fill_boxes(self._boxes, {k: v for k, v in fields.items() if k != "resources"})

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = analyse(self._ws)
        self._table.value = actors_table(a, self._lang)
        _keep(self._pick, _actor_options(self._ws, t("stakeholders.form.new", self._lang)), "")

    def choose(self, actor: str) -> None:
        """Show an actor (name or id) in the form to edit it ("" for a new one)."""
        if actor and actor not in dict(self._pick.options).values():
            actor = self._ws.find(Stakeholder, actor).id
        if actor != self._pick.value:
            self._pick.value = actor
            return
        if not actor:
            return
        s = self._ws.get(Stakeholder, actor)
        self.fill(**{k: getattr(s, k) for k in self.fields})

    def _clear(self) -> None:
        self.fill(name="", contact="", notes="", resources=[], interest=0, stance="neutral")

    def add(self) -> None:
        """Add the actor in the form (it gets a free place on the map)."""
        try:
            actor = commands.add_stakeholder(self._ws, **self.fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("stakeholders.form.added", self._lang, name=actor.name))
        self._clear()

    def save(self) -> None:
        """Save the form into the actor chosen (or add it when none is chosen)."""
        if not self._pick.value:
            self.add()
            return
        try:
            actor = self._ws.edit(Stakeholder, self._pick.value, **self.fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("stakeholders.form.saved", self._lang, name=actor.name))

    def remove(self) -> None:
        """Remove the actor chosen, with its links, towers and place (one undo brings all back)."""
        chosen = self._pick.value
        if not chosen:
            self._status.info(t("stakeholders.form.choose", self._lang))
            return
        name = self._ws.get(Stakeholder, chosen).name
        try:
            commands.remove(self._ws, Stakeholder.KIND, chosen)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("stakeholders.form.removed", self._lang, name=name))
        self._pick.value = ""
        self._clear()


class LinkForm(Panel):
    """Add a link between two actors (known actors and types in lists), a new type of link,
    or remove a link."""

    KINDS = frozenset({"stakeholders", "links", "link_types"})
    FACILITATOR_ONLY = ("_new_type", "_two_way", "_add_type", "_which", "_remove")

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._source = _dropdown(field_label("links", "source", lang), [])
        self._target = _dropdown(field_label("links", "target", lang), [])
        self._type = _dropdown(field_label("links", "type", lang), _type_options(ws), "information")
        self._strength = _toggles(
            field_label("links", "strength", lang),
            [(t(f"stakeholders.strength.{i}", lang), i) for i in (1, 2, 3)],
            2,
        )
        self._note = w.Text(
            description=field_label("links", "note", lang), style={**_LABEL, **BIG}, layout=_FULL
        )
        self._add = button(t("common.add", lang))
        self._new_type = w.Text(
            description=field_label("link_types", "name", lang),
            style={**_LABEL, **BIG},
            layout=_FULL,
        )
        self._two_way = w.Checkbox(
            description=field_label("link_types", "two_way", lang), indent=False
        )
        self._add_type = button(t("stakeholders.links.add_type", lang), "info")
        self._which = _dropdown(t("stakeholders.links.remove_which", lang), [])
        self._remove = button(t("stakeholders.form.remove", lang), "danger")
        self._status = Status()
        self._table = w.HTML()
        self._add.on_click(lambda _: self.add())
        self._add_type.on_click(lambda _: self.add_type(self._new_type.value, self._two_way.value))
        self._remove.on_click(lambda _: self.remove(self._which.value or ""))
        self.refresh()
        super().__init__(
            ws,
            [
                self._source,
                self._type,
                self._target,
                self._strength,
                self._note,
                self._add,
                self._status,
                w.HBox([self._new_type, self._two_way, self._add_type], layout=_WRAP),
                w.HBox([self._which, self._remove], layout=_WRAP),
                self._table,
            ],
        )

    @property
    def table(self) -> str:
        """The links table as shown (HTML)."""
        return self._table.value

    @property
    def types(self) -> list[str]:
        """The link types offered (built-in codes, then the custom names)."""
        return [v for _, v in self._type.options]

    def fill(self, **fields: Any) -> None:
        """Choose in the form: ``source``, ``target`` (names or ids), ``type``, ``strength``,
        ``note``."""
        for end in ("source", "target"):
            if end in fields:
                value = fields[end]
                box = self._source if end == "source" else self._target
                box.value = (
                    value
                    if value in dict(box.options).values()
                    else self._ws.find(Stakeholder, value).id
                )
        if "type" in fields:
            self._type.value = fields["type"]
        if "strength" in fields:
            self._strength.value = int(fields["strength"])
        if "note" in fields:
            self._note.value = fields["note"]

    def add(self) -> None:
        """Add the link in the form."""
        fields = {
            "source": self._source.value or "",
            "target": self._target.value or "",
            "type": self._type.value or "",
            "strength": self._strength.value,
            "note": self._note.value,
        }
        try:
            link = commands.add_link(self._ws, **fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        names = {s.id: s.name for s in self._ws.snapshot(Stakeholder)}
        kind = (
            label("stakeholders.link_type", link.type, self._lang)
            if link.type in LINK_TYPES
            else link.type
        )
        self._status.ok(
            t(
                "stakeholders.links.added",
                self._lang,
                source=names.get(link.source, ""),
                target=names.get(link.target, ""),
                type=kind,
            )
        )
        self._note.value = ""

    def add_type(self, name: str, two_way: bool = False) -> None:
        """Add a type of link of the group's own (two-way: entered once, meant both ways)."""
        try:
            added = self._ws.add(LinkType, name=name, two_way=two_way)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._new_type.value = ""
        self._type.value = added.name
        self._status.ok(t("stakeholders.links.type_added", self._lang, name=added.name))

    def remove(self, link: str) -> None:
        """Remove a link by its id."""
        try:
            commands.remove(self._ws, Link.KIND, link)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("stakeholders.links.removed", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = analyse(self._ws)
        actors = _actor_options(self._ws)
        _keep(self._source, actors, actors[0][1] if actors else "")
        _keep(self._target, actors, actors[1][1] if len(actors) > 1 else "")
        _keep(self._type, _type_options(self._ws), "information")
        shown = []
        for x in sorted(a.links, key=lambda x: (a.name(x.source).casefold(), x.type)):
            kind = (
                label("stakeholders.link_type", x.type, self._lang)
                if x.type in LINK_TYPES
                else x.type
            )
            shown.append((f"{a.name(x.source)} → {a.name(x.target)} ({kind})", x.id))
        _keep(self._which, [("", ""), *shown], "")
        self._table.value = links_table(a, self._lang) if a.links else ""
        if len(actors) < 2:
            self._status.info(t("stakeholders.links.need_two", self._lang))


class InfluenceTowers(Panel):
    """Influence towers per question: tap + or − beside an actor to raise or lower its tower
    (0-5), stored at once; add the questions the map asks ("influence on what?")."""

    KINDS = frozenset({"stakeholders", "influence", "influence_questions"})

    FACILITATOR_ONLY = ("_new_name", "_new_text", "_add_question")

    def __init__(self, ws: Workshop, question: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._question = _dropdown(t("stakeholders.towers.question", lang), [])
        self._new_name = w.Text(
            description=field_label("influence_questions", "name", lang),
            style={**_LABEL, **BIG},
            layout=_FULL,
        )
        self._new_text = w.Text(
            description=field_label("influence_questions", "question", lang),
            style={**_LABEL, **BIG},
            layout=_FULL,
        )
        self._add_question = button(t("stakeholders.towers.add_question", lang), "info")
        self._rows = w.VBox()
        self._heights: dict[str, w.HTML] = {}
        self._shape: Any = None
        self._status = Status()
        self._add_question.on_click(
            lambda _: self.add_question(self._new_name.value, self._new_text.value)
        )
        self._question.observe(lambda _: self.refresh(frozenset({"influence"})), names="value")
        self.refresh()
        if question:
            self.choose(question)
        super().__init__(
            ws,
            [
                self._question,
                self._rows,
                self._status,
                w.VBox([self._new_name, self._new_text, self._add_question]),
            ],
        )

    @property
    def question(self) -> str:
        """The id of the question the towers are for ("" when there is none)."""
        return self._question.value or ""

    def height(self, actor: str) -> int:
        """Give the tower shown for an actor (name or id) on the question chosen."""
        actor_id = self._ws.find(Stakeholder, actor).id
        for tw in self._ws.snapshot(Tower):
            if tw.stakeholder == actor_id and tw.question == self.question:
                return tw.height
        return 0

    def choose(self, question: str) -> None:
        """Show the towers of a question (short name or id)."""
        self._question.value = self._ws.find(InfluenceQuestion, question).id

    def add_question(self, name: str, question: str = "") -> None:
        """Add an influence question and show its towers."""
        try:
            added = self._ws.add(InfluenceQuestion, name=name, question=question)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._new_name.value = self._new_text.value = ""
        self._question.value = added.id
        self._status.ok(t("common.saved", self._lang))

    def step(self, actor: str, delta: int) -> None:
        """Raise (+1) or lower (−1) an actor's tower on the question chosen, stored at once."""
        if not self.question:
            self._status.info(t("stakeholders.towers.no_question", self._lang))
            return
        try:
            new = commands.step_tower(self._ws, actor, self.question, delta)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        name = self._ws.find(Stakeholder, actor).name
        if new is None:
            key = "stakeholders.towers.at_top" if delta > 0 else "stakeholders.towers.at_bottom"
            self._status.info(t(key, self._lang, actor=name))
            return
        self._status.ok(t("stakeholders.towers.set", self._lang, actor=name, height=new))

    def set_height(self, actor: str, height: Any) -> None:
        """Set an actor's tower on the question chosen (0-5)."""
        if not self.question:
            self._status.info(t("stakeholders.towers.no_question", self._lang))
            return
        try:
            tw = commands.set_tower(self._ws, actor, self.question, height)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        name = self._ws.get(Stakeholder, tw.stakeholder).name
        self._status.ok(t("stakeholders.towers.set", self._lang, actor=name, height=tw.height))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        questions = options(self._ws.snapshot(InfluenceQuestion), "name")
        first = questions[0][1] if questions else ""
        _keep(self._question, questions, first)
        actors = tuple(sorted(self._ws.snapshot(Stakeholder), key=lambda s: s.name.casefold()))
        if actors != self._shape:
            self._shape = actors
            self._build(actors)
        mine = {
            tw.stakeholder: tw.height
            for tw in self._ws.snapshot(Tower)
            if tw.question == self.question
        }
        for actor, box in self._heights.items():
            box.value = _tower_html(mine.get(actor, 0))
        if not questions:
            self._status.info(t("stakeholders.towers.no_question", self._lang))

    def _build(self, actors: tuple[Stakeholder, ...]) -> None:
        rows = []
        self._heights = {}
        for s in actors:
            plus = button("+", "success", tooltip=s.name)
            minus = button("−", "", tooltip=s.name)
            plus.add_class("planning-tower-plus")
            minus.add_class("planning-tower-minus")
            plus.on_click(lambda _, a=s.id: self.step(a, +1))
            minus.on_click(lambda _, a=s.id: self.step(a, -1))
            height = w.HTML()
            self._heights[s.id] = height
            name = w.HTML(
                f'<span class="planning-text">{esc(s.name)}</span>',
                layout=w.Layout(min_width="8em", flex="1 1 10em"),
            )
            rows.append(w.HBox([minus, height, plus, name], layout=_WRAP))
        self._rows.children = rows


def _tower_html(height: int) -> str:
    """Give a tower as stacked blocks with its height written beside it (for the panel)."""
    blocks = "".join(
        f'<span class="planning-tower-block{" planning-tower-on" if i < height else ""}"></span>'
        for i in range(TOWER_MAX)
    )
    count = f'<b class="planning-count">{height}</b>'
    return f'<span class="planning-tower" title="{height}">{blocks}{count}</span>'


class StakeholderMap(Panel):
    """The map for the projector: colour by sector, size by the tower of the question chosen,
    line style by link type; filters (one link type, the actors around one actor, what if we
    lose an actor); arrows to move an actor (its place is stored, nobody else moves)."""

    KINDS = frozenset(
        {"stakeholders", "links", "link_types", "influence", "influence_questions", "positions"}
    )
    STEP = 4.0  # percent of the map moved per tap

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._size_by = _dropdown(t("stakeholders.map.size_by", lang), [])
        self._link_type = _dropdown(t("stakeholders.map.link_type", lang), [])
        self._ego = _dropdown(t("stakeholders.map.ego", lang), [])
        self._depth = _toggles(
            t("stakeholders.map.depth", lang), [("1", 1), ("2", 2), ("3", 3)], 1, width="3em"
        )
        self._removed = _dropdown(t("stakeholders.map.remove", lang), [])
        self._mover = _dropdown(t("stakeholders.map.move", lang), [])
        arrows = {"←": (-1, 0), "↑": (0, -1), "↓": (0, 1), "→": (1, 0)}
        self._arrows = []
        for text, (dx, dy) in arrows.items():
            b = button(text, "", tooltip=t("stakeholders.map.move", lang))
            b.add_class("planning-map-arrow")
            b.on_click(
                lambda _, x=dx, y=dy: self.nudge(
                    self._mover.value or "", x * self.STEP, y * self.STEP
                )
            )
            self._arrows.append(b)
        self._tidy = button(t("stakeholders.map.tidy", lang), "warning")
        self._tidy.on_click(lambda _: self.tidy())
        self._drawing = w.HTML()
        self._plan: Any = None  # the plan drawn last: labels of actors that stay, stay
        self._notes = w.HTML()
        self._status = Status()
        for box in (self._size_by, self._link_type, self._ego, self._depth, self._removed):
            box.observe(lambda _: self.redraw(), names="value")
        self._ready = False
        self.refresh()
        self._ready = True
        self.redraw()
        filters = w.HBox(
            [self._size_by, self._link_type, self._ego, self._depth, self._removed], layout=_WRAP
        )
        mover = w.HBox([self._mover, *self._arrows, self._tidy], layout=_WRAP)
        super().__init__(ws, [filters, self._drawing, self._notes, mover, self._status])

    @property
    def drawing(self) -> str:
        """The map as shown (an HTML figure with an inline PNG)."""
        return self._drawing.value

    @property
    def notes(self) -> str:
        """The sentences under the map (the whole map, or what removing an actor does)."""
        return self._notes.value

    def show(
        self,
        *,
        link_type: str | None = None,
        ego: str | None = None,
        depth: int = 1,
        remove: str | None = None,
        question: str | None = None,
    ) -> None:
        """Filter the map: one link type, the actors within ``depth`` links of ``ego``, what
        if ``remove`` were lost; size the circles by the towers of ``question``. Actors by
        name or id; None for no filter."""

        def actor(value: str | None) -> str:
            return self._ws.find(Stakeholder, value).id if value else ""

        self._ready = False
        try:
            self._link_type.value = link_type or ""
            self._ego.value = actor(ego)
            self._depth.value = depth
            self._removed.value = actor(remove)
            if question:
                self._size_by.value = choose_question(self._ws, question) or ""
        finally:
            self._ready = True
        self.redraw()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        lang = self._lang
        questions = options(self._ws.snapshot(InfluenceQuestion), "name")
        self._ready, ready = False, self._ready
        try:
            _keep(self._size_by, questions or [("-", "")], questions[0][1] if questions else "")
            _keep(
                self._link_type,
                [(t("stakeholders.map.all_types", lang), ""), *_type_options(self._ws)],
                "",
            )
            _keep(self._ego, _actor_options(self._ws, t("stakeholders.map.everyone", lang)), "")
            _keep(self._removed, _actor_options(self._ws, t("stakeholders.map.nobody", lang)), "")
            _keep(self._mover, _actor_options(self._ws), "")
        finally:
            self._ready = ready
        if kinds and self._ready:
            self.redraw()

    def redraw(self) -> None:
        """Draw the map again from the store with the filters chosen."""
        if not self._ready:
            return
        a = analyse(self._ws, self._size_by.value or None)
        if not a.actors:
            self._drawing.value = note(t("stakeholders.facts.no_actors", self._lang))
            self._notes.value = ""
            return
        try:
            placed = {p.stakeholder for p in self._ws.snapshot(Position)}
            if any(x not in placed for x in a.names):
                self._ready = False  # storing the places redraws no panel in the middle
                try:
                    commands.place_actors(self._ws)  # stored: the same map next time
                finally:
                    self._ready = True
            places = positions(self._ws, a)
            plan = analysis_plan(
                a,
                places,
                previous=self._plan,
                link_type=self._link_type.value or None,
                ego=self._ego.value or None,
                depth=self._depth.value,
                removed=self._removed.value or None,
            )
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        question = a.question_name()
        caption = (
            t("stakeholders.map.size_question", self._lang, question=question) if question else ""
        )
        alt = t("stakeholders.map.alt", self._lang, count=len(a.actors), links=len(a.links))
        self._plan = plan
        self._drawing.value = map_html(plan, lang=self._lang, alt=alt, caption=caption)
        if self._removed.value:
            lines = what_if_lines(a, self._removed.value, self._lang)
        else:
            lines = map_facts(a, self._lang)
        self._notes.value = items(lines)

    def nudge(self, actor: str, dx: float, dy: float) -> None:
        """Move an actor (name or id) by (dx, dy) percent of the map; nobody else moves."""
        if not actor:
            self._status.info(t("stakeholders.form.choose", self._lang))
            return
        try:
            commands.move_actor(self._ws, actor, dx, dy)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        name = self._ws.find(Stakeholder, actor).name
        self._status.ok(t("stakeholders.map.moved", self._lang, name=name))

    def tidy(self) -> None:
        """Arrange the whole map again (one undo brings the old places back)."""
        try:
            commands.place_actors(self._ws, fresh=True)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("stakeholders.map.tidied", self._lang))


class MetricsPanel(HtmlPanel):
    """Who holds which place on the map: each actor's links, bridge role, ease of reach,
    closed circle and circle, with what each means; the whole map in sentences."""

    KINDS = frozenset({"stakeholders", "links", "link_types", "influence", "influence_questions"})

    def draw(self) -> str:
        a = analyse(self._ws)
        lang = self._lang
        if not a.actors:
            return note(t("stakeholders.facts.no_actors", lang))
        return (
            items(map_facts(a, lang))
            + metrics_table(a, lang)
            + paragraph(t("stakeholders.metrics.how", lang))
            + metrics_help(lang)
        )


class PowerInterestGrid(Panel):
    """The power-interest grid for the influence question chosen."""

    KINDS = frozenset({"stakeholders", "influence", "influence_questions"})

    def __init__(self, ws: Workshop, question: str = "") -> None:
        self._ws = ws
        self._lang = ws.lang
        self._question = _dropdown(t("stakeholders.towers.question", ws.lang), [])
        self._html = w.HTML()
        self._question.observe(lambda _: self._draw(), names="value")
        self.refresh()
        if question:
            self._question.value = choose_question(ws, question)
        super().__init__(ws, [self._question, self._html])

    @property
    def html(self) -> str:
        """What the panel shows now."""
        return self._html.value

    def choose(self, question: str) -> None:
        """Show the grid of a question (short name or id)."""
        self._question.value = choose_question(self._ws, question)

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        questions = options(self._ws.snapshot(InfluenceQuestion), "name")
        _keep(self._question, questions, questions[0][1] if questions else "")
        self._draw()

    def _draw(self) -> None:
        a = analyse(self._ws, self._question.value or None)
        self._html.value = (
            grid_html(a, self._lang)
            if a.actors
            else note(t("stakeholders.facts.no_actors", self._lang))
        )


class SuggestionsPanel(Panel):
    """Whom to work with next: partners per priority need of stage 1, brokers, links worth
    making, and what is worth talking about; and what each priority need requires."""

    KINDS = frozenset(
        {
            "stakeholders",
            "links",
            "link_types",
            "influence",
            "influence_questions",
            "need_resources",
            "needs",
            "scores",
            "dot_votes",
            "pairwise",
            "rankings",
            "criteria",
        }
    )

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._need = _dropdown(t("stakeholders.needs.which", lang), [])
        self._needs_resources = {
            r: w.ToggleButton(
                description=label("stakeholders.offer", r, lang),
                style=BIG,
                layout=w.Layout(width="auto"),
            )
            for r in RESOURCES
        }
        self._save = button(t("stakeholders.needs.save", lang), "info")
        self._save.on_click(lambda _: self.save_need(self._need.value or "", self.chosen_resources))
        self._need.observe(lambda _: self._load_need(), names="value")
        self._html = w.HTML()
        self._status = Status()
        self.refresh()
        form = w.VBox(
            [
                self._need,
                w.HBox(list(self._needs_resources.values()), layout=_WRAP),
                self._save,
                self._status,
            ]
        )
        super().__init__(ws, [self._html, form])

    @property
    def html(self) -> str:
        """What the panel shows now."""
        return self._html.value

    @property
    def chosen_resources(self) -> list[str]:
        """The resources toggled on for the need chosen."""
        return [r for r, b in self._needs_resources.items() if b.value]

    def save_need(self, need: str, resources: Any) -> None:
        """Store what a need (title or id) requires from partners."""
        try:
            commands.set_need_resources(self._ws, need, resources)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = analyse(self._ws)
        self._html.value = suggestions_html(a, self._lang)
        _keep(self._need, [(n.title, n.id) for n in a.needs], a.needs[0].id if a.needs else "")
        if not kinds or "need_resources" in kinds:
            self._load_need()

    def _load_need(self) -> None:
        a = analyse(self._ws)
        need = next((n for n in a.needs if n.id == self._need.value), None)
        chosen = set(need.resources) if need else set()
        for r, b in self._needs_resources.items():
            b.value = r in chosen
