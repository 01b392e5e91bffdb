"""The stakeholder-mapping panels: actors, links, influence towers, the map, the metrics, the
power-interest grid and the suggestions.

Each panel is a thin class: its buttons call its public methods, which call one command or
analysis function and show the result, or turn a domain error into a message in the workshop's
language that leaves the store as it was and the form as the person typed it. Every panel
redraws when the kinds it shows change, whichever panel, kernel or command wrote them.
"""

from __future__ import annotations

from typing import Any, cast

import ipywidgets as w

from planning.i18n import label, t
from planning.records import Record
from planning.render.html import items, note, paragraph
from planning.stakeholders import commands
from planning.stakeholders.assessment import analyse, choose_question, positions
from planning.stakeholders.charts import analysis_plan, map_html
from planning.stakeholders.dragmap import DragMap  # bqplot is imported when one is built
from planning.stakeholders.queries import (
    collapse_html,
    flow_html,
    measure_label,
    paths_html,
    size_html,
)
from planning.stakeholders.records import (
    Goal,
    InfluenceQuestion,
    Link,
    LinkType,
    NeedResources,
    Position,
    Stakeholder,
    Tower,
)
from planning.stakeholders.views import (
    actors_table,
    goal_lines,
    goals_table,
    grid_html,
    links_table,
    map_facts,
    metrics_html,
    suggestions_html,
    tower_html,
    what_if_lines,
)
from planning.stakeholders.vocab import LINK_TYPES, TOWER_HIGH, TOWER_LOW
from planning.store import Workshop
from planning.widgets.common import HtmlPanel, Panel, Status, button, options, shown
from planning.widgets.forms import (
    ACTIONS,
    Control,
    FieldControl,
    FormSpec,
    QuickAdd,
    RecordForm,
    Slot,
    TallyPanel,
    chooser,
    keep_options,
    toggles,
)

__all__ = [
    "DragMap",
    "GoalForm",
    "InfluenceTowers",
    "LinkForm",
    "MapQuestions",
    "MetricsPanel",
    "PowerInterestGrid",
    "StakeholderForm",
    "StakeholderMap",
    "SuggestionsPanel",
]

_ROW = w.Layout(flex_flow="row wrap", align_items="center")
MEASURE = "measure:"  # a circle-size choice that is a measure, not an influence question
MEASURES = ("degree", "betweenness", "closeness", "tower")  # methods.queries.MEASURES


def _actor_options(ws: Workshop, first: str | None = None) -> list[tuple[str, str]]:
    actors = sorted(ws.snapshot(Stakeholder), key=lambda s: s.name.casefold())
    found = options(actors, "name")
    return [(first, ""), *found] if first is not None else found


def _type_options(ws: Workshop) -> list[tuple[str, str]]:
    lang = ws.lang
    builtin = [(label("stakeholders.link_type", k, lang), k) for k in LINK_TYPES]
    return builtin + [(r.name, r.name) for r in ws.snapshot(LinkType)]


def _type_words(kind: str, lang: str) -> str:
    return label("stakeholders.link_type", kind, lang) if kind in LINK_TYPES else kind


class StakeholderForm(RecordForm):
    """Add, edit or remove an actor: name, sector, level, stance, interest, resources, contact
    person (kept for the facilitator, never shown in a table or handout, and never in a
    trainee's form) and notes."""

    FORM = FormSpec(
        Stakeholder,
        layout=(
            "name",
            ("sector", "level"),
            "stance",
            "interest",
            "resources",
            "areas",
            "contact",
            "notes",
        ),
        controls={
            "stance": Control("toggles"),
            "contact": Control(hint="stakeholders.form.contact_hint"),
        },
        words="stakeholders.form",
    )
    RESULT = "stakeholders"  # its table is the map's

    def create(self, fields: dict[str, Any]) -> Stakeholder:
        return commands.add_stakeholder(self._ws, **fields)  # it gets a free place on the map

    def delete(self, record_id: str) -> None:
        commands.remove(self._ws, Stakeholder.KIND, record_id)  # with its links and towers

    def table_html(self) -> str:
        return actors_table(analyse(self._ws), self._lang)


class GoalForm(RecordForm):
    """Place a goal beside an actor: what it wants on one influence question, in the group's
    own words (several per actor); the table shows every actor's goals per question."""

    FORM = FormSpec(Goal, layout=("stakeholder", "question", "goal"), words="stakeholders.goals")
    RESULT = "stakeholders"

    def name_of(self, record: Record) -> str:
        assert isinstance(record, Goal)
        actor = self._ws.get(Stakeholder, record.stakeholder)
        return f"{actor.name}: {record.goal}" if actor else record.goal

    def table_html(self) -> str:
        return goals_table(analyse(self._ws), self._lang)


class LinkForm(RecordForm):
    """Add a link between two actors (known actors and types in lists); the facilitator also
    adds a type of link of the group's own, and chooses a link to change or remove."""

    FORM = FormSpec(
        Link,
        layout=("source", "type", "target", "strength", "note", ACTIONS, Slot("types")),
        controls={"type": Control("dropdown", options="type_options")},
        words="stakeholders.links",
    )
    RESULT = "stakeholders"

    def build(self) -> None:
        if self.trainee:  # a new type of link is the facilitator's
            return
        new = QuickAdd(self._ws, LinkType, "stakeholders.links.add_type", self.add_type)
        self._slots["types"].children = [new.box]

    @property
    def types(self) -> list[str]:
        """The link types offered (built-in codes, then the custom names)."""
        return [v for _, v in self.control("type").widget.options]

    def type_options(self) -> list[tuple[str, str]]:
        return _type_options(self._ws)

    def name_of(self, record: Record) -> str:
        names = self._ws.names(Stakeholder)
        x = cast(Link, record)
        kind = _type_words(x.type, self._lang)
        return f"{names.get(x.source, '')} → {names.get(x.target, '')} ({kind})"

    def added(self, record: Record) -> str:
        x = cast(Link, record)
        names = self._ws.names(Stakeholder)
        source, target = names.get(x.source, ""), names.get(x.target, "")
        kind = _type_words(x.type, self._lang)
        return t("stakeholders.links.added", self._lang, source=source, target=target, type=kind)

    def add_type(self, name: str, two_way: bool = False) -> bool:
        """Add a type of link of the group's own (two-way: entered once, meant both ways)."""
        added = t("stakeholders.links.type_added", self._lang, name=name)
        stored = self.attempt(
            self._ws.add, LinkType, name=name, two_way=two_way, done=lambda _: added
        )
        if stored:
            self.fill(type=self.types[-1])
        return stored

    def delete(self, record_id: str) -> None:
        commands.remove(self._ws, Link.KIND, record_id)

    def clear(self) -> None:
        self.fill(note="")  # the next link often starts where this one did

    def table_html(self) -> str:
        a = analyse(self._ws)
        return links_table(a, self._lang) if a.links else ""

    def redrawn(self, kinds: frozenset[str]) -> None:
        source, target = self.control("source").widget, self.control("target").widget
        actors = [v for _, v in source.options]
        if source.value == target.value and len(actors) > 1:
            target.value = actors[1] if source.value == actors[0] else actors[0]
        if len(actors) < 2:
            self._status.info(t("stakeholders.links.need_two", self._lang))


_TOPS = [(str(n), n) for n in range(TOWER_LOW, TOWER_HIGH + 1)]


class InfluenceTowers(TallyPanel):
    """Influence towers per question: tap + or − beside an actor to raise or lower its tower
    (0 up to the workshop's top), stored at once; the facilitator adds the questions the map
    asks ("influence on what?") and chooses the tallest tower (1 to 20, 5 unless set)."""

    COUNTED = Tower
    KINDS = frozenset({"influence_questions", "plan_settings"})

    def __init__(self, ws: Workshop, question: str = "", participant: str = "") -> None:
        lang = ws.lang
        self._question = chooser(t("stakeholders.towers.question", lang))
        self._question.observe(lambda _: self.refresh(frozenset({"influence"})), names="value")
        head: list[w.Widget] = [self._question]
        if not ws.is_trainee:  # a new question is the facilitator's
            words = "stakeholders.towers.add_question"
            head.append(QuickAdd(ws, InfluenceQuestion, words, self.add_question).box)
            self._top = chooser(t("stakeholders.towers.top", lang), _TOPS)
            self._top.value = commands.workshop_tower_top_of(ws)
            self._top.observe(lambda c: self.set_top(c["new"]), names="value")
            head.append(self._top)
        super().__init__(ws, participant, head=head)
        if question:
            self.choose(question)

    @property
    def question(self) -> str:
        """The id of the question the towers are for ("" when there is none)."""
        return self._question.value or ""

    def height(self, actor: str) -> int:
        """Give the tower shown for an actor (name or id) on the question chosen."""
        return self.counts().get(self._ws.find(Stakeholder, actor).id, 0)

    def choose(self, question: str) -> None:
        """Show the towers of a question (short name or id)."""
        self._question.value = self._ws.find(InfluenceQuestion, question).id

    def add_question(self, name: str, question: str = "") -> bool:
        """Add an influence question and show its towers."""
        saved = t("common.saved", self._lang)
        row = {"name": name, "question": question}
        stored = self.attempt(self._ws.add, InfluenceQuestion, **row, done=lambda _: saved)
        if stored:
            self.choose(name)
        return stored

    @property
    def top(self) -> int:
        """The tallest tower the workshop allows."""
        return commands.workshop_tower_top_of(self._ws)

    def set_top(self, top: Any) -> None:
        """Set the tallest tower the workshop allows (the facilitator's; 1 to 20)."""
        if int(top or 0) != self.top:
            said = lambda n: t("stakeholders.towers.top_set", self._lang, top=n)  # noqa: E731
            self.attempt(commands.set_tower_top, self._ws, top, done=said)

    def step(self, item: str, delta: int) -> None:
        """Raise or lower a tower by one block, up to the workshop's top."""
        if self.ready():
            self.attempt(commands.step_tower, self._ws, item, self.question, delta,
                         done=lambda count: self.done_words(item, delta, count))  # fmt: skip

    def set_height(self, actor: str, height: Any) -> None:
        """Set an actor's tower on the question chosen (0 up to the workshop's top)."""
        if self.ready():
            self.attempt(
                commands.set_tower,
                self._ws,
                actor,
                self.question,
                height,
                done=lambda tw: t(
                    "stakeholders.towers.set",
                    self._lang,
                    actor=self._ws.get(Stakeholder, tw.stakeholder).name,
                    height=tw.height,
                ),
            )

    def ready(self) -> bool:
        if not self.question:
            self._status.info(t("stakeholders.towers.no_question", self._lang))
        return bool(self.question)

    def items(self) -> list[tuple[str, str]]:
        actors = sorted(self._ws.snapshot(Stakeholder), key=lambda s: s.name.casefold())
        return [(s.id, s.name) for s in actors]

    def counts(self) -> dict[str, int]:
        return {
            tw.stakeholder: tw.height
            for tw in self._ws.snapshot(Tower)
            if tw.question == self.question
        }

    def key(self, item: str) -> dict[str, Any]:
        return {"stakeholder": item, "question": self.question}

    def count_html(self, item: str, count: int) -> str:
        return tower_html(count, self.top)

    def summary_html(self) -> str:
        return paragraph(t("stakeholders.towers.range", self._lang, top=self.top))

    def done_words(self, item: str, delta: int, count: int | None) -> str:
        name = self._ws.find(Stakeholder, item).name
        if count is None:
            key = "stakeholders.towers.at_top" if delta > 0 else "stakeholders.towers.at_bottom"
            return t(key, self._lang, actor=name, top=self.top)
        return t("stakeholders.towers.set", self._lang, actor=name, height=count)

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        if hasattr(self, "_top") and "plan_settings" in kinds:  # another facilitator set it
            self._top.value = self.top
        questions = options(self._ws.snapshot(InfluenceQuestion), "name")
        keep_options(self._question, questions, questions[0][1] if questions else None)
        super().refresh(kinds)
        if not questions:
            self._status.info(t("stakeholders.towers.no_question", self._lang))


class StakeholderMap(Panel):
    """The map for the projector: colour by sector, size by the tower of the question chosen,
    line style by link type; filters (one link type, the actors around one actor, what if we
    lose an actor); arrows to move an actor (its place is stored, nobody else moves)."""

    RESULT = "stakeholders"
    KINDS = frozenset({"positions"})
    STEP = 4.0  # percent of the map moved per tap

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._size_by = chooser(t("stakeholders.map.size_by", lang))
        self._link_type = chooser(t("stakeholders.map.link_type", lang))
        self._ego = chooser(t("stakeholders.map.ego", lang))
        self._depth = toggles(t("stakeholders.map.depth", lang), [("1", 1), ("2", 2), ("3", 3)], 1)
        self._removed = chooser(t("stakeholders.map.remove", lang))
        self._mover = chooser(t("stakeholders.map.move", lang))
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
            [self._size_by, self._link_type, self._ego, self._depth, self._removed], layout=_ROW
        )
        mover = w.HBox([self._mover, *self._arrows, self._tidy], layout=_ROW)
        super().__init__(ws, [filters, self._drawing, self._notes, mover, self._status])

    drawing = shown("_drawing", "The map as shown (an HTML figure with an inline PNG).")

    notes = shown(
        "_notes", "The sentences under the map (the whole map, or what removing an actor does)."
    )

    def show(
        self,
        *,
        link_type: str | None = None,
        ego: str | None = None,
        depth: int = 1,
        remove: str | None = None,
        question: str | None = None,
        measure: str | None = None,
    ) -> None:
        """Filter the map: one link type, the actors within ``depth`` links of ``ego``, what
        if ``remove`` were lost; size the circles by the towers of ``question`` or by
        ``measure`` (degree, betweenness, closeness). Actors by name or id; None for no
        filter."""

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
            if measure:
                self._size_by.value = f"{MEASURE}{measure}"
        finally:
            self._ready = True
        self.redraw()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        lang = self._lang
        questions = options(self._ws.snapshot(InfluenceQuestion), "name")
        self._ready, ready = False, self._ready
        try:
            measures = [(measure_label(m, lang), f"{MEASURE}{m}") for m in MEASURES if m != "tower"]
            keep_options(
                self._size_by,
                [*(questions or [("-", "")]), *measures],
                questions[0][1] if questions else "",
            )
            keep_options(
                self._link_type,
                [(t("stakeholders.map.all_types", lang), ""), *_type_options(self._ws)],
                "",
            )
            keep_options(
                self._ego, _actor_options(self._ws, t("stakeholders.map.everyone", lang)), ""
            )
            keep_options(
                self._removed, _actor_options(self._ws, t("stakeholders.map.nobody", lang)), ""
            )
            keep_options(self._mover, _actor_options(self._ws), "")
        finally:
            self._ready = ready
        if kinds and self._ready:
            self.redraw()

    def redraw(self) -> None:
        """Draw the map again from the store with the filters chosen."""
        if not self._ready:
            return
        size_by = self._size_by.value or ""
        measure = size_by.removeprefix(MEASURE) if size_by.startswith(MEASURE) else None
        a = analyse(self._ws, None if measure else size_by or None)
        if not a.actors:
            self._drawing.value = note(t("stakeholders.facts.no_actors", self._lang))
            self._notes.value = ""
            return
        placed = {p.stakeholder for p in self._ws.snapshot(Position)}
        if any(x not in placed for x in a.names):
            self._ready = False  # storing the places redraws no panel in the middle
            try:
                stored = self.attempt(commands.place_actors, self._ws)  # the same map next time
            finally:
                self._ready = True
            if not stored:
                return
        plan = analysis_plan(
            a,
            positions(self._ws, a),
            previous=self._plan,
            link_type=self._link_type.value or None,
            ego=self._ego.value or None,
            depth=self._depth.value,
            removed=self._removed.value or None,
            measure=measure,
        )
        question = a.question_name()
        caption = (
            t(
                "stakeholders.map.size_measure",
                self._lang,
                measure=measure_label(measure, self._lang),
            )
            if measure
            else t("stakeholders.map.size_question", self._lang, question=question)
            if question
            else ""
        )
        alt = t("stakeholders.map.alt", self._lang, count=len(a.actors), links=len(a.links))
        self._plan = plan
        self._drawing.value = map_html(plan, lang=self._lang, alt=alt, caption=caption)
        if self._removed.value:
            lines = what_if_lines(a, self._removed.value, self._lang)
        else:
            lines = map_facts(a, self._lang) + goal_lines(a, self._lang, a.question)
        self._notes.value = items(lines)

    def nudge(self, actor: str, dx: float, dy: float) -> None:
        """Move an actor (name or id) by (dx, dy) percent of the map; nobody else moves."""
        if not actor:
            self._status.info(t("stakeholders.form.choose", self._lang))
            return
        moved = lambda _: t(  # noqa: E731
            "stakeholders.map.moved", self._lang, name=self._ws.find(Stakeholder, actor).name
        )
        self.attempt(commands.move_actor, self._ws, actor, dx, dy, done=moved)

    def tidy(self) -> None:
        """Arrange the whole map again (one undo brings the old places back)."""
        tidied = t("stakeholders.map.tidied", self._lang)
        self.attempt(commands.place_actors, self._ws, fresh=True, done=lambda _: tidied)


class MapQuestions(HtmlPanel):
    """Questions to ask the map, each answered with what it means: how one actor reaches
    another (the shortest ways and the others up to a length), where a flow of one link type
    comes from or goes, who stands out by a chosen measure, a close circle seen as one."""

    RESULT = "stakeholders"
    ASKS = ("paths", "up", "down", "size", "collapse")

    def __init__(self, ws: Workshop) -> None:
        lang = ws.lang
        asks = [(t(f"stakeholders.ask.kind.{k}", lang), k) for k in self.ASKS]
        self._ask = toggles(t("stakeholders.ask.which", lang), asks, "paths")
        self._from = chooser(t("stakeholders.ask.from", lang))
        self._to = chooser(t("stakeholders.ask.to", lang))
        self._links = toggles(t("stakeholders.field.max_links", lang), _LENGTHS, 3)
        self._type = chooser(t("stakeholders.map.link_type", lang))
        self._measure = chooser(t("stakeholders.field.measure", lang))
        self._circle = chooser(t("stakeholders.ask.circle", lang))
        self._boxes = (self._from, self._to, self._links, self._type, self._measure, self._circle)
        self._busy = False  # choosers set while drawing or asking redraw nothing themselves
        super().__init__(ws, [self._ask, w.HBox(list(self._boxes), layout=_ROW)])
        for box in (self._ask, *self._boxes):
            box.observe(lambda _: self.refresh(), names="value")

    def ask(self, kind: str, **chosen: Any) -> None:
        """Ask one question (:attr:`ASKS`) with its choices: ``source``/``target``/``actor``
        (names or ids), ``max_links``, ``link_type``, ``measure``, ``community``."""
        find = {"source": self._from, "target": self._to, "actor": self._from}
        plain = {"max_links": self._links, "link_type": self._type, "measure": self._measure}
        self._busy = True
        try:
            for name, box in find.items():
                if chosen.get(name):
                    box.value = self._ws.find(Stakeholder, chosen[name]).id
            for name, box in {**plain, "community": self._circle}.items():
                if name in chosen:
                    box.value = chosen[name]
            self._ask.value = kind
        finally:
            self._busy = False
        self.refresh()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        if getattr(self, "_busy", False):
            return
        self._busy = True
        try:
            super().refresh(kinds)
        finally:
            self._busy = False

    def draw(self) -> str:
        a = analyse(self._ws)
        if not a.actors:
            return note(t("stakeholders.facts.no_actors", self._lang))
        actors = _actor_options(self._ws)
        keep_options(self._from, actors, actors[0][1])
        keep_options(self._to, actors, actors[-1][1])
        keep_options(self._type, _type_options(self._ws), "funding")
        keep_options(self._measure, [(measure_label(m, self._lang), m) for m in MEASURES])
        circles = sorted({m.community for m in a.metrics.values()})
        keep_options(self._circle, [(_circle_words(a, c), c) for c in circles], circles[0])
        kind = self._ask.value
        shown = {
            "paths": (self._from, self._to, self._links),
            "up": (self._from, self._type),
            "down": (self._from, self._type),
            "size": (self._measure,),
            "collapse": (self._circle,),
        }[kind]
        for box in self._boxes:
            box.layout.display = None if box in shown else "none"
        if kind == "paths":
            return paths_html(a, self._from.value, self._to.value, self._lang, self._links.value)
        if kind in ("up", "down"):
            actor, link_type = self._from.value, self._type.value
            return flow_html(a, actor, link_type, self._lang, up=kind == "up")
        if kind == "size":
            return size_html(a, self._measure.value, self._lang)
        return collapse_html(a, self._circle.value, self._lang)


_LENGTHS = [(str(n), n) for n in range(1, 7)]  # methods.queries.MAX_PATH_LINKS


def _circle_words(a: Any, community: int) -> str:
    members = sorted(a.name(x) for x, m in a.metrics.items() if m.community == community)
    return ", ".join(members[:3]) + (" …" if len(members) > 3 else "")


class MetricsPanel(HtmlPanel):
    """Who holds which place on the map: each actor's links, bridge role, ease of reach,
    closed circle and circle, with what each means; the whole map in sentences."""

    RESULT = "stakeholders"

    def draw(self) -> str:
        return metrics_html(analyse(self._ws), self._lang)


class PowerInterestGrid(HtmlPanel):
    """The power-interest grid for the influence question chosen."""

    RESULT = "stakeholders"

    def __init__(self, ws: Workshop, question: str = "") -> None:
        self._question = chooser(t("stakeholders.towers.question", ws.lang))
        super().__init__(ws, [self._question])
        self._question.observe(lambda _: self.refresh(), names="value")
        if question:
            self.choose(question)

    def choose(self, question: str) -> None:
        """Show the grid of a question (short name or id)."""
        self._question.value = choose_question(self._ws, question)

    def draw(self) -> str:
        questions = options(self._ws.snapshot(InfluenceQuestion), "name")
        keep_options(self._question, questions, questions[0][1] if questions else "")
        a = analyse(self._ws, self._question.value or None)
        return (
            grid_html(a, self._lang)
            if a.actors
            else note(t("stakeholders.facts.no_actors", self._lang))
        )


class SuggestionsPanel(Panel):
    """Whom to work with next: partners per priority need of stage 1, brokers, links worth
    making, and what is worth talking about; and what each priority need requires."""

    RESULT = "stakeholders"  # with the needs' priorities it reads

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._need = chooser(t("stakeholders.needs.which", lang))
        spec = NeedResources.specs()["resources"]
        self._needs_resources = FieldControl(NeedResources.KIND, "resources", spec, Control(), lang)
        self._group = chooser(t("field.need_resources.group", lang), [("-", "")])
        self._save = button(t("stakeholders.needs.save", lang), "info")
        self._save.on_click(
            lambda _: self.save_need(
                self._need.value or "", self.chosen_resources, self._group.value or ""
            )
        )
        self._need.observe(lambda _: self._load_need(), names="value")
        self._html = w.HTML()
        self._status = Status()
        self.refresh()
        form = w.VBox(
            [
                self._need,
                self._needs_resources.widget,
                self._group,
                self._save,
                self._status,
            ]
        )
        super().__init__(ws, [self._html, form])

    html = shown("_html", "What the panel shows now.")

    @property
    def chosen_resources(self) -> list[str]:
        """The resources toggled on for the need chosen."""
        return list(self._needs_resources.value)

    def save_need(self, need: str, resources: Any, group: str | None = None) -> None:
        """Store what a need (title or id) requires from partners (and the community group it
        concerns most, "" for none; None keeps the one named)."""
        saved = t("common.saved", self._lang)
        self.attempt(
            commands.set_need_resources, self._ws, need, resources, group, done=lambda _: saved
        )

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = analyse(self._ws)
        self._html.value = suggestions_html(a, self._lang)
        keep_options(
            self._need, [(n.title, n.id) for n in a.needs], a.needs[0].id if a.needs else ""
        )
        if not kinds or "need_resources" in kinds:
            self._load_need()

    def _load_need(self) -> None:
        a = analyse(self._ws)
        need = next((n for n in a.needs if n.id == self._need.value), None)
        self._needs_resources.value = list(need.resources) if need else []
        groups = [(s.name, s.id) for s in a.actors if s.sector == "community_group"]
        keep_options(self._group, [("-", ""), *groups], "")
        self._group.value = (need.group or "") if need and need.group in a.graph else ""
