"""The needs-assessment panels: needs board, criteria, scoring grid, dots, pairwise, rankings,
results and the problem tree.

Each panel is a thin class: its buttons call its public methods, which read the inputs, call
one command or analysis function, and show the result or turn a domain error into a translated
message that leaves the store as it was and the form as the person typed it. Every panel
redraws when the kinds it shows change, whichever panel or command wrote them.
"""

from __future__ import annotations

import time
from typing import Any

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import label, t
from planning.needs.assessment import assess, tree_of, trees
from planning.needs.charts import tree_figure
from planning.needs.commands import apply_preset, cast_dot, save_ranking, set_score
from planning.needs.records import (
    CATEGORIES,
    CRITERIA_PRESETS,
    TREE_ROLES,
    Criterion,
    DotVote,
    Need,
    Ranking,
    Score,
    TreeNode,
)
from planning.needs.views import method_bars, needs_table, pairwise_text, results_html
from planning.records import Participant
from planning.render.html import esc, figure, table
from planning.store import Workshop
from planning.widgets.common import (
    BIG,
    WIDE,
    Panel,
    Status,
    button,
    field_label,
    options,
    participant_chooser,
)

__all__ = [
    "CriteriaPanel",
    "DotVotePanel",
    "NeedsBoard",
    "PairwisePanel",
    "ProblemTreePanel",
    "RankingForm",
    "ResultsPanel",
    "ScoringGrid",
]

_FORM_FIELDS = ("title", "description", "category", "dusun", "households", "proposed_by")


def _text(html: str) -> str:
    return f'<span class="planning-text">{esc(html)}</span>'


class NeedsBoard(Panel):
    """Add, edit, categorise and merge the needs the community names."""

    KINDS = frozenset({"needs", "participants"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        wide = {"description_width": "10em"}
        self._pick = w.Dropdown(
            description=t("needs.board.edit_which", lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._inputs: dict[str, Any] = {
            "title": w.Text(style={**wide, **BIG}, layout=w.Layout(width="100%")),
            "description": w.Textarea(style=wide, layout=w.Layout(width="100%")),
            "category": w.Dropdown(
                options=[(label("category", c, lang), c) for c in CATEGORIES],
                value="other",
                style=wide,
            ),
            "dusun": w.Text(style={**wide, **BIG}),
            "households": w.Text(value="0", style={**wide, **BIG}),
            "proposed_by": w.Text(style={**wide, **BIG}),
        }
        for name, box in self._inputs.items():
            box.description = field_label("needs", name, lang)
        self._add = button(t("common.add", lang))
        self._save = button(t("common.save", lang), "info")
        self._merge_into = w.Dropdown(
            description=t("needs.board.merge_into", lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._merge = button(t("needs.board.merge", lang), "warning")
        self._status = Status()
        self._table = w.HTML()
        self._add.on_click(lambda _: self.add())
        self._save.on_click(lambda _: self.save())
        self._merge.on_click(lambda _: self.merge(self._pick.value, self._merge_into.value))
        self._pick.observe(lambda change: self.choose(change["new"]), names="value")
        self.refresh()
        super().__init__(
            ws,
            [
                self._table,
                self._pick,
                *self._inputs.values(),
                w.HBox([self._add, self._save], layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self._merge_into, self._merge], layout=w.Layout(flex_flow="row wrap")),
                self._status,
            ],
        )

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def table(self) -> str:
        """The needs table as shown (HTML)."""
        return self._table.value

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now."""
        return {name: box.value for name, box in self._inputs.items()}

    def fill(self, **fields: Any) -> None:
        """Type into the form (``title="Air bersih", households="85"``...)."""
        for name, value in fields.items():
            self._inputs[name].value = value

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = assess(self._ws)
        self._table.value = needs_table(a, self._lang)
        choices = [(t("needs.board.new", self._lang), ""), *options(a.needs, "title")]
        keep = self._pick.value
        self._pick.options = choices
        self._pick.value = keep if keep in dict(choices).values() else ""
        self._merge_into.options = [("", ""), *options(a.needs, "title")]

    def choose(self, need_id: str) -> None:
        """Show a need in the form to edit it ("" for a new one)."""
        if need_id != self._pick.value:
            self._pick.value = need_id
            return
        if not need_id:
            return
        need = self._ws.get(Need, need_id)
        self.fill(**{name: getattr(need, name) for name in _FORM_FIELDS if name != "households"})
        self.fill(households=str(need.households))

    def add(self) -> None:
        """Add the need in the form."""
        try:
            need = self._ws.add(Need, **self.fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.added", self._lang, title=need.title))
        self.fill(title="", description="", dusun="", proposed_by="", households="0")

    def save(self) -> None:
        """Save the form into the need chosen (or add it when none is chosen)."""
        if not self._pick.value:
            self.add()
            return
        try:
            need = self._ws.edit(Need, self._pick.value, **self.fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.saved", self._lang, title=need.title))

    def merge(self, drop: str, keep: str) -> None:
        """Merge the need ``drop`` into ``keep``: its votes, scores and rankings move."""
        if not drop or not keep:
            self._status.info(t("needs.board.merge_help", self._lang))
            return
        try:
            kept = self._ws.merge(Need, keep, drop)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.merged", self._lang, title=kept.title))
        self._pick.value = ""


class CriteriaPanel(Panel):
    """Pick a preset of criteria (the village five, or USG), or add custom ones with weights."""

    KINDS = frozenset({"criteria"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._preset = w.Dropdown(
            description=t("criteria.preset", lang),
            options=[(t(f"criteria.preset.{p}", lang), p) for p in CRITERIA_PRESETS],
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._use = button(t("criteria.use_preset", lang), "info")
        self._name = w.Text(
            description=field_label("criteria", "name", lang),
            style={"description_width": "8em", **BIG},
        )
        self._weight = w.Text(
            description=field_label("criteria", "weight", lang),
            value="1",
            style={"description_width": "8em", **BIG},
        )
        self._add = button(t("common.add", lang))
        self._table = w.HTML()
        self._status = Status()
        self._use.on_click(lambda _: self.use_preset(self._preset.value))
        self._add.on_click(lambda _: self.add(self._name.value, self._weight.value))
        self.refresh()
        wrap = w.Layout(flex_flow="row wrap")
        super().__init__(
            ws,
            [
                self._table,
                w.HBox([self._preset, self._use], layout=wrap),
                w.HBox([self._name, self._weight, self._add], layout=wrap),
                self._status,
            ],
        )

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def table(self) -> str:
        """The criteria table as shown (HTML)."""
        return self._table.value

    def use_preset(self, preset: str) -> None:
        """Add the preset's criteria that the workshop does not have yet."""
        try:
            added = apply_preset(self._ws, preset)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("criteria.added", self._lang, count=len(added)))

    def add(self, name: str, weight: Any = 1) -> None:
        """Add a criterion of one's own with its weight."""
        try:
            self._ws.add(Criterion, name=name, weight=weight)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._name.value, self._weight.value = "", "1"
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        rows = [[c.name, c.weight, c.description] for c in self._ws.records(Criterion)]
        self._table.value = table(
            [field_label("criteria", f, self._lang) for f in ("name", "weight", "description")],
            rows,
            numeric=[1],
        )


class ScoringGrid(Panel):
    """Scores 1 to 5 for every need on every criterion, by one participant or small group.

    Each box is stored as soon as it changes; a value outside 1-5 is refused with a message
    and the box keeps what was typed so it can be corrected. The rows follow the needs and
    criteria as they are added.
    """

    KINDS = frozenset({"needs", "criteria", "scores", "participants"})

    def __init__(self, ws: Workshop, rater: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._rater = w.Combobox(
            description=field_label("scores", "rater", lang),
            value=rater,
            ensure_option=False,
            placeholder=t("needs.grid.rater_hint", lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._rows = w.VBox()
        self._boxes: dict[tuple[str, str], w.Text] = {}
        self._shape: tuple[Any, Any] = ((), ())
        self._status = Status()
        self._loading = False
        self._rater.add_class("planning-who")  # a trainee's page hides it: it knows who
        self._rater.observe(lambda _: self._load(), names="value")
        self.refresh()
        super().__init__(ws, [self._rater, self._rows, self._status])

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def rater(self) -> str:
        """Who is scoring (a participant or a small group)."""
        return self._rater.value

    @rater.setter
    def rater(self, name: str) -> None:
        self._rater.value = name

    def box(self, need: str, criterion: str) -> w.Text:
        """Give the box of one need on one criterion (typing into it stores the score)."""
        return self._boxes[(need, criterion)]

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._rater.options = [p.name for p in self._ws.records(Participant)]
        needs, criteria = self._ws.snapshot(Need), self._ws.snapshot(Criterion)
        if (needs, criteria) != self._shape:
            self._shape = (needs, criteria)
            self._build(needs, criteria)
        if not kinds or "scores" in kinds:
            self._load()

    def _build(self, needs: tuple[Need, ...], criteria: tuple[Criterion, ...]) -> None:
        cell = w.Layout(width="9em")
        header = w.HBox(
            [
                w.HTML(layout=w.Layout(width="22em")),
                *(w.HTML(f"<b>{esc(c.name)}</b> ({esc(c.weight)})", layout=cell) for c in criteria),
            ]
        )
        rows = [header]
        self._boxes = {}
        for need in needs:
            boxes = []
            for c in criteria:
                box = w.Text(layout=cell, style=BIG, continuous_update=False)
                box.observe(self._on_score(need.id, c.id), names="value")
                self._boxes[(need.id, c.id)] = box
                boxes.append(box)
            rows.append(w.HBox([w.HTML(_text(need.title), layout=w.Layout(width="22em")), *boxes]))
        self._rows.children = rows

    def _load(self) -> None:
        """Fill the boxes with what this rater already scored."""
        who = self._rater.value.strip().casefold()
        mine = {
            (s.need, s.criterion): s.value
            for s in self._ws.records(Score)
            if s.rater.casefold() == who
        }
        self._loading = True
        try:
            for key, box in self._boxes.items():
                box.value = str(mine.get(key, ""))
        finally:
            self._loading = False

    def _on_score(self, need: str, criterion: str):  # type: ignore[no-untyped-def]
        def store(change: dict[str, Any]) -> None:
            if not self._loading and str(change["new"]).strip():
                self.set_score(need, criterion, change["new"])

        return store

    def set_score(self, need: str, criterion: str, value: Any) -> None:
        """Store one score of the current rater."""
        try:
            set_score(self._ws, self._rater.value, need, criterion, value)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))


class DotVotePanel(Panel):
    """One participant places dots on needs; shows the dots left and the totals at once."""

    KINDS = frozenset({"needs", "dot_votes", "participants", "workshop"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = ws.lang
        self._who = participant_chooser(ws, "dot_votes")
        self._who.add_class("planning-dots-who")
        self._left = w.HTML()
        self._rows = w.VBox()
        self._counts: dict[str, w.HTML] = {}
        self._needs: tuple[Need, ...] = ()
        self._chart = w.HTML()
        self._status = Status()
        self._who.observe(lambda _: self.refresh(), names="value")
        self.refresh()
        if participant:
            self.choose(participant)
        super().__init__(ws, [self._who, self._left, self._rows, self._status, self._chart])

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def left(self) -> str:
        """The line saying how many dots the chosen participant has left."""
        return self._left.value

    @property
    def chart(self) -> str:
        """The dot totals as shown (HTML bars)."""
        return self._chart.value

    @property
    def needs(self) -> list[str]:
        """The ids of the needs that have a row, in board order."""
        return [n.id for n in self._needs]

    def choose(self, participant: str) -> None:
        """Choose who votes, by name or id."""
        self._who.options = [("", ""), *options(self._ws.records(Participant), "name")]
        self._who.value = self._ws.find(Participant, participant).id

    def cast(self, need: str, delta: int) -> None:
        """Add (or take back) one dot of the chosen participant on ``need``."""
        if not self._who.value:
            self._status.info(t("needs.dots.choose", self._lang))
            return
        try:
            cast_dot(self._ws, self._who.value, need, delta)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        needs = self._ws.snapshot(Need)
        if needs != self._needs:
            self._needs = needs
            self._build(needs)
        if "participants" in kinds:
            keep = self._who.value
            self._who.options = [("", ""), *options(self._ws.records(Participant), "name")]
            self._who.value = keep if keep in dict(self._who.options).values() else ""
        a = assess(self._ws)
        who = self._who.value
        mine = {v.need: v.dots for v in self._ws.records(DotVote) if v.participant == who}
        for need, count in self._counts.items():
            count.value = f'<span class="planning-count">{mine.get(need, 0)}</span>'
        if who:
            left = a.dot_budget - sum(mine.values())
            words = t("needs.dots.left", self._lang, left=left, budget=a.dot_budget)
            self._left.value = f'<div class="planning-lead">{esc(words)}</div>'
        else:
            self._left.value = ""
        self._chart.value = method_bars(a, "dots", self._lang) if "dots" in a.results else ""

    def _build(self, needs: tuple[Need, ...]) -> None:
        rows = []
        self._counts = {}
        for need in needs:
            plus = button("+1", "success", tooltip=need.title)
            minus = button("−1", "", tooltip=need.title)
            plus.add_class("planning-dot-plus")
            minus.add_class("planning-dot-minus")
            plus.on_click(lambda _, n=need.id: self.cast(n, +1))
            minus.on_click(lambda _, n=need.id: self.cast(n, -1))
            count = w.HTML(layout=w.Layout(width="4em"))
            self._counts[need.id] = count
            rows.append(w.HBox([plus, minus, count, w.HTML(_text(need.title))]))
        self._rows.children = rows


class PairwisePanel(Panel):
    """One pair at a time, two large buttons: which need matters more? (or a tie)."""

    KINDS = frozenset({"needs", "pairwise"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        big = {"font_size": "24px", "font_weight": "600"}
        layout = w.Layout(width="45%", height="6em")
        self._a = w.Button(button_style="primary", style=big, layout=layout)
        self._b = w.Button(button_style="primary", style=big, layout=layout)
        self._tie = button(t("needs.pair.tie", lang), "")
        self._skip = button(t("needs.pair.skip", lang), "")
        self._progress = w.HTML()
        self._status = Status()
        self._pair: tuple[str, str] | None = None
        self._skipped: list[tuple[str, str]] = []
        self._a.on_click(lambda _: self.decide(self._pair[0] if self._pair else None))
        self._b.on_click(lambda _: self.decide(self._pair[1] if self._pair else None))
        self._tie.on_click(lambda _: self.decide(None))
        self._skip.on_click(lambda _: self.skip())
        self.refresh()
        super().__init__(
            ws,
            [
                self._progress,
                w.HBox([self._a, self._b]),
                w.HBox([self._tie, self._skip]),
                self._status,
            ],
        )

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def pair(self) -> tuple[str, str] | None:
        """The pair of need ids on screen, or None when every pair is decided."""
        return self._pair

    def decide(self, winner: str | None) -> None:
        """Store the group's choice for the pair on screen (None: a tie) and show the next."""
        if self._pair is None:
            return
        a, b = self._pair
        try:
            self._ws.add("pairwise", need_a=a, need_b=b, winner=winner or "")
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def skip(self) -> None:
        """Leave the pair on screen for later and show the next one."""
        if self._pair:
            self._skipped.append(self._pair)
        self.refresh()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        a = assess(self._ws)
        missing = (
            list(a.pairwise.missing)
            if a.pairwise
            else [(x.id, y.id) for i, x in enumerate(a.needs) for y in a.needs[i + 1 :]]
        )
        todo = [p for p in missing if p not in self._skipped] or missing
        if not todo:
            self._skipped = []
        words = pairwise_text(a, self._lang)
        self._progress.value = f'<div class="planning-lead">{esc(words)}</div>'
        shown = (self._a, self._b, self._tie, self._skip)
        if not todo:
            self._pair = None
            self._a.description = self._b.description = ""
            for hidden in shown:
                hidden.layout.display = "none"
            if len(a.needs) > 1:
                self._status.ok(t("needs.pair.all_done", self._lang))
            return
        self._pair = todo[0]
        self._a.description, self._b.description = a.titles[todo[0][0]], a.titles[todo[0][1]]
        self._a.tooltip, self._b.tooltip = self._a.description, self._b.description
        for visible in shown:
            visible.layout.display = None


class RankingForm(Panel):
    """One participant's own order of the needs: a place for each need, saved together."""

    KINDS = frozenset({"needs", "rankings", "participants"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._who = participant_chooser(ws, "rankings")
        self._rows = w.VBox()
        self._places: dict[str, w.Dropdown] = {}
        self._needs: tuple[Need, ...] = ()
        self._save = button(t("common.save", lang))
        self._status = Status()
        self._save.on_click(lambda _: self.save())
        self._who.observe(lambda _: self._load(), names="value")
        self.refresh()
        super().__init__(ws, [self._who, self._rows, self._save, self._status])
        if participant:
            self.choose(participant)

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def needs(self) -> list[str]:
        """The ids of the needs that have a place to choose, in board order."""
        return [n.id for n in self._needs]

    def choose(self, participant: str) -> None:
        """Choose whose order this is, by name or id."""
        self._who.value = self._ws.find(Participant, participant).id

    def place(self, need: str, rank: int) -> None:
        """Give a need its place (0: no place)."""
        self._places[need].value = rank

    def save(self) -> None:
        """Store the participant's order as one change (places left blank are not stored)."""
        chosen = {need: box.value for need, box in self._places.items() if box.value}
        try:
            save_ranking(self._ws, self._who.value, chosen)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        needs = self._ws.snapshot(Need)
        if needs != self._needs:
            self._needs = needs
            places = [("", 0)] + [(str(i), i) for i in range(1, len(needs) + 1)]
            old = {n: box.value for n, box in self._places.items()}
            self._places = {
                n.id: w.Dropdown(
                    options=places,
                    value=old.get(n.id, 0) if old.get(n.id, 0) <= len(needs) else 0,
                    layout=w.Layout(width="6em"),
                )
                for n in needs
            }
            self._rows.children = [
                w.HBox([self._places[n.id], w.HTML(_text(n.title))]) for n in needs
            ]
        if "participants" in kinds:
            keep = self._who.value
            self._who.options = [("", ""), *options(self._ws.records(Participant), "name")]
            self._who.value = keep if keep in dict(self._who.options).values() else ""

    def _load(self) -> None:
        mine = {
            r.need: r.rank for r in self._ws.records(Ranking) if r.participant == self._who.value
        }
        for need, box in self._places.items():
            place = mine.get(need, 0)
            box.value = place if place <= len(self._places) else 0


class ResultsPanel(Panel):
    """Every method's ranking as bars, the agreement, the Condorcet winner, disagreements.

    Redraws whenever a record it depends on changes.
    """

    KINDS = frozenset({"needs", "criteria", "scores", "dot_votes", "pairwise", "rankings"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = ws.lang
        self._html = w.HTML()
        self.last_draw_seconds = 0.0
        self.redraw()
        super().__init__(ws, [self._html])

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Recompute every method from the store and redraw."""
        start = time.perf_counter()
        self._html.value = results_html(assess(self._ws), self._lang)
        self.last_draw_seconds = time.perf_counter() - start

    @property
    def html(self) -> str:
        """What the panel shows now."""
        return self._html.value


class ProblemTreePanel(Panel):
    """Causes and effects of one need, added one at a time, drawn as a tree."""

    KINDS = frozenset({"needs", "problem_tree"})

    def __init__(self, ws: Workshop, need: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._need = w.Dropdown(
            description=field_label("problem_tree", "need", lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._text = w.Text(
            description=field_label("problem_tree", "text", lang),
            style={"description_width": "12em", **BIG},
            layout=w.Layout(width="100%"),
        )
        self._role = w.ToggleButtons(options=[(label("tree_role", r, lang), r) for r in TREE_ROLES])
        self._parent = w.Dropdown(
            description=field_label("problem_tree", "parent", lang),
            style={"description_width": "12em"},
            layout=WIDE,
        )
        self._add = button(t("common.add", lang))
        self._status = Status()
        self._drawing = w.HTML()
        self._add.on_click(
            lambda _: self.add(self._text.value, self._role.value, self._parent.value)
        )
        self.refresh()
        if need:
            self._need.value = ws.find(Need, need).id
        else:
            with_tree = trees(ws)
            if with_tree:
                self._need.value = with_tree[0]
        self._need.observe(lambda _: self._show(), names="value")
        self._show()
        children = [self._need, self._text, self._role, self._parent, self._add, self._status]
        super().__init__(ws, [*children, self._drawing])

    @property
    def status(self) -> str:
        """What the status line says."""
        return self._status.text

    @property
    def drawing(self) -> str:
        """The tree as shown (an HTML figure)."""
        return self._drawing.value

    def choose(self, need: str) -> None:
        """Show the tree of a need, by title or id."""
        self._need.value = self._ws.find(Need, need).id

    def add(self, text: str, role: str = "cause", parent: str = "") -> None:
        """Add a cause or an effect to the tree shown; ``parent`` names the node it feeds."""
        try:
            self._ws.add(TreeNode, need=self._need.value, text=text, role=role, parent=parent)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._text.value = ""
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        keep = self._need.value
        self._need.options = options(self._ws.records(Need), "title")
        if keep in dict(self._need.options).values():
            self._need.value = keep
        if kinds:
            self._show()

    def _show(self) -> None:
        if not self._need.value:
            return
        nodes = [n.text for n in self._ws.records(TreeNode) if n.need == self._need.value]
        self._parent.options = [(t("tree.core_choice", self._lang), ""), *((n, n) for n in nodes)]
        graph = tree_of(self._ws, self._need.value)
        title = self._ws.get(Need, self._need.value).title
        # A PNG data URI in an HTML widget: shown the same in JupyterLab, Voila and handouts.
        self._drawing.value = figure(
            tree_figure(graph, lang=self._lang), alt=t("handout.tree_alt", self._lang, need=title)
        )
