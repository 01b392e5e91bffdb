"""The needs-assessment panels: needs board, scoring grid, dot votes, pairwise, rankings, results.

Each panel is a thin class: it reads its inputs, calls one store or analysis function, shows
the result, and turns a domain error into a translated message that leaves the store as it was
and the form as the person typed it.
"""

from __future__ import annotations

import time
from typing import Any

import ipywidgets as w

from planning.assessment import assess, cast_dot, save_ranking, set_score
from planning.errors import PlanningError
from planning.i18n import label, t
from planning.model import (
    CATEGORIES,
    Criterion,
    DotVote,
    Need,
    Participant,
    Ranking,
    Score,
    TreeNode,
)
from planning.store import Workshop
from planning.views import needs_table, results_html
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


class NeedsBoard(Panel):
    """Add, edit, categorise and merge the needs the community names."""

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        lang = ws.lang
        self._lang = lang
        f = lambda name: field_label("needs", name, lang)  # noqa: E731
        self._pick = w.Dropdown(
            description=t("needs.board.edit_which", lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._title = w.Text(
            description=f("title"),
            style={"description_width": "10em", **BIG},
            layout=w.Layout(width="100%"),
        )
        self._description = w.Textarea(
            description=f("description"),
            style={"description_width": "10em"},
            layout=w.Layout(width="100%"),
        )
        self._category = w.Dropdown(
            description=f("category"),
            options=[(label("category", c, lang), c) for c in CATEGORIES],
            value="other",
            style={"description_width": "10em"},
        )
        self._dusun = w.Text(description=f("dusun"), style={"description_width": "10em", **BIG})
        self._households = w.Text(
            description=f("households"), value="0", style={"description_width": "10em", **BIG}
        )
        self._proposed_by = w.Text(
            description=f("proposed_by"), style={"description_width": "10em", **BIG}
        )
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
        self._add.on_click(self._on_add)
        self._save.on_click(self._on_save)
        self._merge.on_click(self._on_merge)
        self._pick.observe(self._on_pick, names="value")
        self._refresh()
        super().__init__(
            [
                self._table,
                self._pick,
                self._title,
                self._description,
                self._category,
                self._dusun,
                self._households,
                self._proposed_by,
                w.HBox([self._add, self._save]),
                w.HBox([self._merge_into, self._merge]),
                self._status,
            ]
        )

    def _fields(self) -> dict[str, Any]:
        return {
            "title": self._title.value,
            "description": self._description.value,
            "category": self._category.value,
            "dusun": self._dusun.value,
            "households": self._households.value,
            "proposed_by": self._proposed_by.value,
        }

    def _refresh(self) -> None:
        a = assess(self._ws)
        self._table.value = needs_table(a, self._lang)
        choices = [(t("needs.board.new", self._lang), "")] + options(list(a.needs), "title")
        keep = self._pick.value
        self._pick.options = choices
        self._pick.value = keep if keep in dict(choices).values() else ""
        self._merge_into.options = [("", "")] + options(list(a.needs), "title")

    def _on_pick(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            return
        need = self._ws.get("needs", change["new"])
        self._title.value, self._description.value = need.title, need.description  # type: ignore[attr-defined]
        self._category.value, self._dusun.value = need.category, need.dusun  # type: ignore[attr-defined]
        self._households.value = str(need.households)  # type: ignore[attr-defined]
        self._proposed_by.value = need.proposed_by  # type: ignore[attr-defined]

    def _on_add(self, _: Any) -> None:
        try:
            need = self._ws.add("needs", **self._fields())
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.added", self._lang, title=need.title))  # type: ignore[attr-defined]
        for box in (self._title, self._description, self._dusun, self._proposed_by):
            box.value = ""
        self._households.value = "0"
        self._refresh()

    def _on_save(self, _: Any) -> None:
        if not self._pick.value:
            return self._on_add(_)
        try:
            need = self._ws.edit("needs", self._pick.value, **self._fields())
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.saved", self._lang, title=need.title))  # type: ignore[attr-defined]
        self._refresh()

    def _on_merge(self, _: Any) -> None:
        drop, keep = self._pick.value, self._merge_into.value
        if not drop or not keep:
            self._status.info(t("needs.board.merge_help", self._lang))
            return
        try:
            kept = self._ws.merge("needs", keep, drop)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.merged", self._lang, title=kept.title))  # type: ignore[attr-defined]
        self._pick.value = ""
        self._refresh()


class ScoringGrid(Panel):
    """Scores 1 to 5 for every need on every criterion, by one participant or small group.

    Each box is stored as soon as it changes; a value outside 1-5 is refused with a message
    and the box keeps what was typed so it can be corrected.
    """

    def __init__(self, ws: Workshop, rater: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        people = [p.name for p in ws.records(Participant)]
        self._rater = w.Combobox(
            description=field_label("scores", "rater", lang),
            value=rater,
            options=people,
            ensure_option=False,
            placeholder=t("needs.grid.rater_hint", lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        self._needs = ws.records(Need)
        self._criteria = ws.records(Criterion)
        self._boxes: dict[tuple[str, str], w.Text] = {}
        rows = [
            w.HBox(
                [w.HTML(layout=w.Layout(width="22em"))]
                + [
                    w.HTML(
                        f"<b>{_e(c.name)}</b> ({_e(c.weight)})",
                        layout=w.Layout(width="9em"),
                    )
                    for c in self._criteria
                ]
            )
        ]
        for need in self._needs:
            boxes = []
            for c in self._criteria:
                box = w.Text(layout=w.Layout(width="9em"), style=BIG, continuous_update=False)
                box.observe(self._on_score(need.id, c.id), names="value")
                self._boxes[(need.id, c.id)] = box
                boxes.append(box)
            rows.append(
                w.HBox(
                    [
                        w.HTML(_e(need.title), layout=w.Layout(width="22em")),
                        *boxes,
                    ]
                )
            )
        self._status = Status()
        self._loading = False
        self._rater.observe(self._on_rater, names="value")
        super().__init__([self._rater, *rows, self._status])
        if rater:
            self._load()

    def _on_rater(self, _: Any) -> None:
        self._load()

    def _load(self) -> None:
        """Fill the boxes with what this rater already scored."""
        mine = {
            (s.need, s.criterion): s.value
            for s in self._ws.records(Score)
            if s.rater.casefold() == self._rater.value.strip().casefold()
        }
        self._loading = True
        try:
            for key, box in self._boxes.items():
                box.value = str(mine.get(key, ""))
        finally:
            self._loading = False

    def _on_score(self, need: str, criterion: str):  # type: ignore[no-untyped-def]
        def store(change: dict[str, Any]) -> None:
            if self._loading or not str(change["new"]).strip():
                return
            try:
                self.set_score(need, criterion, change["new"])
            except PlanningError as err:
                self._status.error(err, self._lang)
                return
            self._status.ok(t("common.saved", self._lang))

        return store

    def set_score(self, need: str, criterion: str, value: Any) -> None:
        """Store one score of the current rater."""
        set_score(self._ws, self._rater.value, need, criterion, value)


class DotVotePanel(Panel):
    """One participant places dots on needs; shows the dots left and the totals at once."""

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = ws.lang
        self._who = participant_chooser(ws, "dot_votes")
        self._who.add_class("planning-dots-who")
        if participant:
            self._who.value = ws.find("participants", participant).id
        self._left = w.HTML()
        self._needs = ws.records(Need)
        self._buttons = []
        rows = []
        for need in self._needs:
            plus = button("+1", "success", tooltip=need.title)
            minus = button("−1", "", tooltip=need.title)
            plus.add_class("planning-dot-plus")
            minus.add_class("planning-dot-minus")
            plus.on_click(lambda _, n=need.id: self.cast(n, +1))
            minus.on_click(lambda _, n=need.id: self.cast(n, -1))
            count = w.HTML(layout=w.Layout(width="4em"))
            self._buttons.append((need.id, count))
            rows.append(
                w.HBox(
                    [
                        plus,
                        minus,
                        count,
                        w.HTML(f'<span style="font-size:18px">{_e(need.title)}</span>'),
                    ]
                )
            )
        self._chart = w.HTML()
        self._status = Status()
        self._who.observe(lambda _: self._show(), names="value")
        self._show()
        super().__init__([self._who, self._left, *rows, self._status, self._chart])

    def cast(self, need: str, delta: int) -> None:
        """Add (or take back) one dot of the chosen participant on ``need``."""
        who = self._who.value
        if not who:
            self._status.info(t("needs.dots.choose", self._lang))
            return
        try:
            cast_dot(self._ws, who, need, delta)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))
        self._show()

    def _show(self) -> None:
        a = assess(self._ws)
        votes = self._ws.records(DotVote)
        who = self._who.value
        mine = {v.need: v.dots for v in votes if v.participant == who}
        for need, count in self._buttons:
            count.value = f'<span style="font-size:18px;font-weight:600">{mine.get(need, 0)}</span>'
        if who:
            left = a.dot_budget - sum(mine.values())
            self._left.value = (
                '<div style="font-size:20px">'
                + _e(t("needs.dots.left", self._lang, left=left, budget=a.dot_budget))
                + "</div>"
            )
        else:
            self._left.value = ""
        from planning.views import method_bars

        self._chart.value = method_bars(a, "dots", self._lang) if "dots" in a.results else ""


class PairwisePanel(Panel):
    """One pair at a time, two large buttons: which need matters more? (or a tie)."""

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
        self._skip.on_click(self._on_skip)
        self._next()
        super().__init__(
            [
                self._progress,
                w.HBox([self._a, self._b]),
                w.HBox([self._tie, self._skip]),
                self._status,
            ]
        )

    @property
    def pair(self) -> tuple[str, str] | None:
        """The pair of need ids on screen, or None when every pair is decided."""
        return self._pair

    def decide(self, winner: str | None) -> None:
        """Store the group's choice for the pair on screen and show the next pair."""
        if self._pair is None:
            return
        a, b = self._pair
        try:
            self._ws.add("pairwise", need_a=a, need_b=b, winner=winner or "")
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))
        self._next()

    def _on_skip(self, _: Any) -> None:
        if self._pair:
            self._skipped.append(self._pair)
        self._next()

    def _next(self) -> None:
        a = assess(self._ws)
        titles = a.titles
        missing = (
            list(a.pairwise.missing)
            if a.pairwise
            else [(x.id, y.id) for i, x in enumerate(a.needs) for y in a.needs[i + 1 :]]
        )
        todo = [p for p in missing if p not in self._skipped] or missing
        if not todo:
            self._skipped = []
        done = a.pairwise.done if a.pairwise else 0
        expected = len(a.needs) * (len(a.needs) - 1) // 2
        self._progress.value = (
            '<div style="font-size:20px">'
            + _e(t("needs.pairwise_progress", self._lang, done=done, expected=expected))
            + "</div>"
        )
        if not todo:
            self._pair = None
            self._a.description = self._b.description = ""
            self._a.disabled = self._b.disabled = self._tie.disabled = True
            for done_button in (self._a, self._b, self._tie, self._skip):
                done_button.layout.display = "none"
            self._status.ok(t("needs.pair.all_done", self._lang))
            return
        self._pair = todo[0]
        self._a.description, self._b.description = titles[todo[0][0]], titles[todo[0][1]]
        self._a.tooltip, self._b.tooltip = self._a.description, self._b.description
        self._a.disabled = self._b.disabled = self._tie.disabled = False
        for shown in (self._a, self._b, self._tie, self._skip):
            shown.layout.display = None


class RankingForm(Panel):
    """One participant's own order of the needs: a place for each need, saved together."""

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._who = participant_chooser(ws, "rankings")
        self._needs = ws.records(Need)
        places = [("", 0)] + [(str(i), i) for i in range(1, len(self._needs) + 1)]
        self._places = {
            n.id: w.Dropdown(options=places, value=0, layout=w.Layout(width="6em"))
            for n in self._needs
        }
        self._save = button(t("common.save", lang))
        self._status = Status()
        self._save.on_click(lambda _: self.save())
        self._who.observe(lambda _: self._load(), names="value")
        rows = [
            w.HBox(
                [
                    self._places[n.id],
                    w.HTML(f'<span style="font-size:18px">{_e(n.title)}</span>'),
                ]
            )
            for n in self._needs
        ]
        super().__init__([self._who, *rows, self._save, self._status])
        if participant:
            self._who.value = ws.find("participants", participant).id

    def _load(self) -> None:
        mine = {
            r.need: r.rank for r in self._ws.records(Ranking) if r.participant == self._who.value
        }
        for need, box in self._places.items():
            box.value = mine.get(need, 0) if mine.get(need, 0) <= len(self._needs) else 0

    def save(self) -> None:
        """Store the participant's order as one change (places left blank are not stored)."""
        chosen = {need: box.value for need, box in self._places.items() if box.value}
        try:
            save_ranking(self._ws, self._who.value, chosen)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))


class ResultsPanel(Panel):
    """Every method's ranking as bars, the agreement, the Condorcet winner, disagreements.

    Redraws itself whenever this workshop object stores a change (a cast vote, a score).
    """

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = ws.lang
        self._html = w.HTML()
        self._refresh = button(t("needs.results.refresh", ws.lang), "")
        self._refresh.on_click(lambda _: self.redraw())
        self.last_draw_seconds = 0.0
        ws.subscribe(self._on_change)
        self.redraw()
        super().__init__([self._refresh, self._html])

    def _on_change(self, _kind: str) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Recompute every method from the store and redraw."""
        start = time.perf_counter()
        self._html.value = results_html(assess(self._ws), self._lang)
        self.last_draw_seconds = time.perf_counter() - start

    @property
    def html(self) -> str:
        """What the panel shows now (for tests)."""
        return self._html.value


def _e(text: object) -> str:
    from planning.render import esc

    return esc(text)


class CriteriaPanel(Panel):
    """Pick a preset of criteria (the village five, or USG), or add custom ones with weights."""

    def __init__(self, ws: Workshop) -> None:
        from planning.model import CRITERIA_PRESETS

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
        self._add.on_click(self._on_add)
        self._show()
        super().__init__(
            [
                self._table,
                w.HBox([self._preset, self._use]),
                w.HBox([self._name, self._weight, self._add]),
                self._status,
            ]
        )

    def use_preset(self, preset: str) -> None:
        """Add the preset's criteria that the workshop does not have yet."""
        from planning.assessment import apply_preset

        try:
            added = apply_preset(self._ws, preset)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("criteria.added", self._lang, count=len(added)))
        self._show()

    def _on_add(self, _: Any) -> None:
        try:
            self._ws.add("criteria", name=self._name.value, weight=self._weight.value)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._name.value, self._weight.value = "", "1"
        self._status.ok(t("common.saved", self._lang))
        self._show()

    def _show(self) -> None:
        from planning.render import table

        rows = [[c.name, c.weight, c.description] for c in self._ws.records(Criterion)]
        self._table.value = table(
            [field_label("criteria", f, self._lang) for f in ("name", "weight", "description")],
            rows,
            numeric=[1],
        )


class ProblemTreePanel(Panel):
    """Causes and effects of one need, added one at a time, drawn as a tree."""

    def __init__(self, ws: Workshop, need: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        needs = ws.records(Need)
        self._need = w.Dropdown(
            description=field_label("problem_tree", "need", lang),
            options=options(needs, "title"),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        if need:
            self._need.value = ws.find("needs", need).id
        else:
            from planning.assessment import trees

            with_tree = trees(ws)
            if with_tree:
                self._need.value = with_tree[0]
        self._text = w.Text(
            description=field_label("problem_tree", "text", lang),
            style={"description_width": "12em", **BIG},
            layout=w.Layout(width="100%"),
        )
        self._role = w.ToggleButtons(
            options=[(label("tree_role", r, lang), r) for r in ("cause", "effect")]
        )
        self._parent = w.Dropdown(
            description=field_label("problem_tree", "parent", lang),
            style={"description_width": "12em"},
            layout=WIDE,
        )
        self._add = button(t("common.add", lang))
        self._status = Status()
        self._drawing = w.HTML()
        self._add.on_click(self._on_add)
        self._need.observe(lambda _: self._show(), names="value")
        self._show()
        super().__init__(
            [
                self._need,
                self._text,
                self._role,
                self._parent,
                self._add,
                self._status,
                self._drawing,
            ]
        )

    def _on_add(self, _: Any) -> None:
        try:
            self._ws.add(
                "problem_tree",
                need=self._need.value,
                text=self._text.value,
                role=self._role.value,
                parent=self._parent.value,
            )
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._text.value = ""
        self._status.ok(t("common.saved", self._lang))
        self._show()

    def _show(self) -> None:
        from planning.assessment import tree_of
        from planning.charts import tree_figure
        from planning.render import figure

        if not self._need.value:
            return
        nodes = [n.text for n in self._ws.records(TreeNode) if n.need == self._need.value]
        self._parent.options = [(t("tree.core_choice", self._lang), "")] + [(n, n) for n in nodes]
        graph = tree_of(self._ws, self._need.value)
        title = self._ws.get("needs", self._need.value).title  # type: ignore[attr-defined]
        # A PNG data URI in an HTML widget: shown the same in JupyterLab, Voila and handouts.
        self._drawing.value = figure(
            tree_figure(graph, lang=self._lang), alt=t("handout.tree_alt", self._lang, need=title)
        )
