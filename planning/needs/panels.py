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
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from planning.errors import PlanningError
from planning.i18n import fmt_number, label, t
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
from planning.needs.views import (
    dots_left_text,
    method_bars,
    needs_table,
    pairwise_text,
    results_html,
)
from planning.records import Participant
from planning.render.html import esc, figure, table
from planning.store import Workshop
from planning.widgets.common import (
    BIG,
    WIDE,
    Panel,
    Status,
    box_values,
    button,
    buttons,
    field_label,
    fill_boxes,
    options,
    participant_chooser,
    row,
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


# One layout for the many boxes and buttons that only need to fill their place.
# A row per need is made whenever anyone adds a need; widgets that share one layout and one
# style cost the page one widget each, not three.
_AUTO = w.Layout(width="auto")
_COUNT = w.Layout(width="2.2em")
_PLACE = w.Layout(width="5em")
_FREE = w.Layout()
_TEXT_STYLE = TextStyle()
_HTML_STYLE = HTMLStyle()
_DOT_STYLE = w.ButtonStyle(font_size="18px", font_weight="600")
_DOT_LAYOUT = w.Layout(width="auto", height="auto", padding="6px 16px")


def _title(text: str) -> w.HTML:
    """Give a need's or criterion's title as a label of a row."""
    return w.HTML(_text(text), layout=_FREE, style=_HTML_STYLE)


def close_all(widgets: Any) -> None:
    """Close widgets no longer shown, so neither the kernel nor the page keeps them."""
    for widget in list(widgets):
        for child in getattr(widget, "children", ()):
            close_all([child])
        widget.close()


def _text(text: str) -> str:
    return f'<span class="planning-text">{esc(text)}</span>'


def _plain_text(html: str) -> str:
    """Give what an HTML piece says, as one line of plain text."""
    import html as _html
    import re

    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", html)).split())


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
            "title": w.Text(style={**wide, **BIG}, layout=w.Layout(width="auto")),
            "description": w.Textarea(style=wide, layout=w.Layout(width="auto")),
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
                buttons(self._add, self._save),
                buttons(self._merge_into, self._merge),
                self._status,
            ],
        )

    @property
    def table(self) -> str:
        """The needs table as shown (HTML)."""
        return self._table.value

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now."""
        return box_values(self._inputs)

    def fill(self, **fields: Any) -> None:
        """Type into the form (``title="Air bersih", households="85"``...)."""
        fill_boxes(self._inputs, fields)

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
        super().__init__(
            ws,
            [
                self._table,
                buttons(self._preset, self._use),
                buttons(self._name, self._weight, self._add),
                self._status,
            ],
        )

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
        rows = [
            [c.name, fmt_number(c.weight, self._lang, 1), c.description]
            for c in self._ws.records(Criterion)
        ]
        self._table.value = table(
            [field_label("criteria", f, self._lang) for f in ("name", "weight", "description")],
            rows,
            numeric=[1],
        )


class ScoringGrid(Panel):
    """Scores 1 to 5 for every need on every criterion, by one participant or small group.

    On a wide screen (the projector) it is a grid: a row per need, a column per criterion, each
    header over its own column; each box is stored as soon as it changes, and a value outside
    1-5 is refused with a message while the box keeps what was typed. On a narrow screen (a
    phone) it shows one need at a time: its title, each criterion as a row of large 1-5
    buttons (the current score stands out, a tap stores it), and "next need". The rows follow
    the needs and criteria as anyone adds them.
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
        self._grid = w.GridBox()
        self._grid.add_class("planning-score-grid")
        wide = w.Box([self._grid])
        wide.add_class("planning-score-wide")
        wide.add_class("planning-scroll")
        self._card_title = w.HTML()
        self._card_title.add_class("planning-card-title")
        self._card_rows = w.VBox()
        self._previous = button(t("needs.grid.previous", lang), "")
        self._next = button(t("needs.grid.next", lang), "info")
        self._previous.on_click(lambda _: self.previous_need())
        self._next.on_click(lambda _: self.next_need())
        card = w.VBox([self._card_title, self._card_rows, buttons(self._previous, self._next)])
        card.add_class("planning-score-card")
        self._boxes: dict[tuple[str, str], w.Text] = {}
        self._heads: list[w.Widget] = []
        self._rows: dict[str, list[w.Widget]] = {}  # need id -> its title and boxes
        self._taps: dict[str, list[w.Button]] = {}
        self._shown: dict[tuple[str, str], str] = {}  # what each box last showed from the store
        self._mine: dict[tuple[str, str], int] = {}
        self._needs: tuple[Need, ...] = ()
        self._criteria: tuple[Criterion, ...] = ()
        self._at = 0
        self._status = Status()
        self._loading = False
        self._rater.add_class("planning-who")  # a trainee's page hides it: it knows who
        self._rater.observe(lambda _: self._load(fresh=True), names="value")
        self.refresh()
        super().__init__(ws, [self._rater, wide, card, self._status])

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

    @property
    def card_need(self) -> str | None:
        """The id of the need the one-at-a-time view shows (None when there is none)."""
        return self._needs[self._at].id if self._needs else None

    @property
    def card_title(self) -> str:
        """The heading of the one-at-a-time view, as plain text."""
        return _plain_text(self._card_title.value)

    def card_value(self, criterion: str) -> int | None:
        """Give the score the one-at-a-time view shows as chosen for a criterion."""
        need = self.card_need
        return self._mine.get((need, criterion)) if need else None

    def show_need(self, need: str) -> None:
        """Show one need in the one-at-a-time view, by id or title."""
        found = self._ws.find(Need, need).id
        self._at = next((i for i, n in enumerate(self._needs) if n.id == found), 0)
        self._draw_card()

    def next_need(self) -> None:
        """Show the next need (after the last, the first again)."""
        if self._needs:
            self._at = (self._at + 1) % len(self._needs)
        self._draw_card()

    def previous_need(self) -> None:
        """Show the need before (before the first, the last)."""
        if self._needs:
            self._at = (self._at - 1) % len(self._needs)
        self._draw_card()

    def tap(self, criterion: str, value: int) -> None:
        """Store the score ``value`` of the need shown on a criterion (a tap on its button)."""
        need = self.card_need
        if need is not None:
            self.set_score(need, criterion, value)

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        if not kinds or "participants" in kinds:
            self._rater.options = [p.name for p in self._ws.records(Participant)]
        needs, criteria = self._ws.snapshot(Need), self._ws.snapshot(Criterion)
        if (needs, criteria) != (self._needs, self._criteria):
            current = self.card_need
            if criteria != self._criteria:
                self._build_columns(criteria)
            self._needs, self._criteria = needs, criteria
            self._build_rows()
            ids = [n.id for n in needs]
            self._at = ids.index(current) if current in ids else max(0, min(self._at, len(ids) - 1))
            self._load()
        elif not kinds or "scores" in kinds:
            self._load()

    def _build_columns(self, criteria: tuple[Criterion, ...]) -> None:
        """Make the headers and the card's rows of buttons for the criteria; rows of the grid are
        made again too, since each has a box per criterion."""
        close_all([*self._heads, *self._card_rows.children])
        close_all(widget for row in self._rows.values() for widget in row)
        self._rows, self._shown = {}, {}
        self._heads = [w.HTML("")]
        for i, c in enumerate(criteria):
            weight = t("needs.grid.weight", self._lang, weight=fmt_number(c.weight, self._lang, 1))
            head = w.HTML(f"<b>{esc(c.name)}</b><br>{esc(weight)}")
            head.add_class("planning-grid-head")
            head.add_class(f"planning-col-{i}")
            self._heads.append(head)
        self._grid.layout.grid_template_columns = (
            f"minmax(9em, 2fr) repeat({len(criteria)}, minmax(5em, 1fr))"
        )
        rows: list[w.Widget] = []
        self._taps = {}
        for c in criteria:
            name = _title(c.name)
            name.add_class("planning-score-criterion")
            taps = []
            for value in range(1, 6):
                tap = w.Button(description=str(value), tooltip=f"{c.name}: {value}", layout=_AUTO)
                tap.add_class("planning-score-tap")
                tap.on_click(lambda _, crit=c.id, v=value: self.tap(crit, v))
                taps.append(tap)
            self._taps[c.id] = taps
            line = w.HBox(taps)
            line.add_class("planning-score-buttons")
            rows.append(w.VBox([name, line]))
        self._card_rows.children = rows

    def _build_rows(self) -> None:
        """Give each need its row of boxes, reusing the rows of the needs already shown (a need
        added anywhere costs one new row, not a new grid)."""
        wanted = {n.id: n for n in self._needs}
        for gone in [i for i in self._rows if i not in wanted]:
            close_all(self._rows.pop(gone))
        cells: list[w.Widget] = []
        for need in self._needs:
            row = self._rows.get(need.id)
            if row is None:
                row = self._rows[need.id] = self._row(need)
            else:
                row[0].value = _text(need.title)
            cells.extend(row)
        self._boxes = {
            (need, c.id): box
            for need, row in self._rows.items()
            for c, box in zip(self._criteria, row[1:], strict=True)
        }
        self._grid.children = [*self._heads, *cells]

    def _row(self, need: Need) -> list[w.Widget]:
        row: list[w.Widget] = [_title(need.title)]
        for i, c in enumerate(self._criteria):
            box = w.Text(continuous_update=False, layout=_AUTO, style=_TEXT_STYLE)
            box.add_class("planning-grid-cell")
            box.add_class(f"planning-col-{i}")
            box.observe(self._on_score(need.id, c.id), names="value")
            row.append(box)
        return row

    def _load(self, fresh: bool = False) -> None:
        """Show what this rater scored; a box whose score nobody changed keeps what is typed."""
        who = self._rater.value.strip().casefold()
        self._mine = {
            (s.need, s.criterion): s.value
            for s in self._ws.records(Score)
            if s.rater.casefold() == who
        }
        if fresh:
            self._shown = {}
        self._loading = True
        try:
            for key, box in self._boxes.items():
                stored = str(self._mine.get(key, ""))
                if self._shown.get(key) != stored:
                    box.value = stored
                    self._shown[key] = stored
        finally:
            self._loading = False
        self._draw_card()

    def _draw_card(self) -> None:
        if not self._needs:
            self._card_title.value = ""
            return
        need = self._needs[self._at]
        where = t("needs.grid.which", self._lang, n=self._at + 1, count=len(self._needs))
        self._card_title.value = (
            f'<div class="planning-card-count">{esc(where)}</div>'
            f"<div>{esc(need.title)}</div>"
            f'<div class="planning-card-help">{esc(t("needs.grid.scale", self._lang))}</div>'
        )
        for criterion, taps in self._taps.items():
            chosen = self._mine.get((need.id, criterion))
            for value, tap in enumerate(taps, start=1):
                tap.button_style = "primary" if value == chosen else ""

    def _on_score(self, need: str, criterion: str):  # type: ignore[no-untyped-def]
        def store(change: dict[str, Any]) -> None:
            if not self._loading and str(change["new"]).strip():
                self.set_score(need, criterion, change["new"])

        return store

    def set_score(self, need: str, criterion: str, value: Any) -> None:
        """Store one score of the current rater."""
        try:
            score = set_score(self._ws, self._rater.value, need, criterion, value)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        names = {c.id: c.name for c in self._criteria}
        self._status.ok(
            t(
                "needs.grid.saved",
                self._lang,
                need=self._ws.get(Need, need).title,
                criterion=names.get(criterion, criterion),
                value=score.value,
            )
        )


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
        self._lines: dict[str, w.HBox] = {}  # need id -> its row
        self._needs: tuple[Need, ...] = ()
        self._chart = w.HTML()
        self._status = Status()
        self._who.observe(lambda _: self._chose(), names="value")
        self.refresh()
        if participant:
            self.choose(participant)
        super().__init__(ws, [self._who, self._left, self._rows, self._status, self._chart])

    @property
    def left(self) -> str:
        """The line saying how many dots the chosen participant has left."""
        return _plain_text(self._left.value)

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
            placed = cast_dot(self._ws, self._who.value, need, delta)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        title = self._ws.get(Need, need).title
        if placed is None:
            self._status.info(t("needs.dots.nothing_to_take", self._lang, need=title))
        else:
            self._status.ok(t("needs.dots.saved", self._lang, need=title, dots=placed))

    def _chose(self) -> None:
        self._status.value = ""
        self.refresh()

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
            name = a.participant_names.get(who, "")
            words = dots_left_text(name, a.dot_budget - sum(mine.values()), self._lang)
            self._left.value = f'<div class="planning-lead">{esc(words)}</div>'
        else:
            self._left.value = ""
        self._chart.value = method_bars(a, "dots", self._lang) if "dots" in a.results else ""

    def _build(self, needs: tuple[Need, ...]) -> None:
        """Give each need its row, reusing the rows of needs already shown."""
        wanted = {n.id for n in needs}
        for gone in [i for i in self._lines if i not in wanted]:
            close_all([self._lines.pop(gone)])
            del self._counts[gone]
        for need in needs:
            line = self._lines.get(need.id)
            if line is None:
                plus = w.Button(
                    description="+1",
                    button_style="success",
                    tooltip=need.title,
                    style=_DOT_STYLE,
                    layout=_DOT_LAYOUT,
                )
                minus = w.Button(
                    description="−1", tooltip=need.title, style=_DOT_STYLE, layout=_DOT_LAYOUT
                )
                plus.add_class("planning-dot-plus")
                minus.add_class("planning-dot-minus")
                plus.on_click(lambda _, n=need.id: self.cast(n, +1))
                minus.on_click(lambda _, n=need.id: self.cast(n, -1))
                count = w.HTML(layout=_COUNT, style=_HTML_STYLE)
                self._counts[need.id] = count
                line = row(plus, minus, count, title=_title(need.title))
                self._lines[need.id] = line
            else:
                line.children[-1].value = _text(need.title)
        self._rows.children = [self._lines[n.id] for n in needs]


class PairwisePanel(Panel):
    """One pair at a time, two large buttons: which need matters more? (or a tie)."""

    KINDS = frozenset({"needs", "pairwise"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._a = w.Button(button_style="primary", layout=w.Layout(width="auto", height="auto"))
        self._b = w.Button(button_style="primary", layout=w.Layout(width="auto", height="auto"))
        for choice in (self._a, self._b):
            choice.add_class("planning-pair-choice")
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
        pair = w.HBox([self._a, self._b])
        pair.add_class("planning-pair")
        super().__init__(
            ws,
            [self._progress, pair, buttons(self._tie, self._skip), self._status],
        )

    @property
    def pair(self) -> tuple[str, str] | None:
        """The pair of need ids on screen, or None when every pair is decided."""
        return self._pair

    @property
    def choices(self) -> tuple[str, str]:
        """The words on the two choice buttons (the whole titles of the pair)."""
        return self._a.description, self._b.description

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
        self._lines: dict[str, w.HBox] = {}  # need id -> its row
        self._needs: tuple[Need, ...] = ()
        self._save = button(t("common.save", lang))
        self._status = Status()
        self._save.on_click(lambda _: self.save())
        self._who.observe(lambda _: self._load(), names="value")
        self.refresh()
        super().__init__(ws, [self._who, self._rows, buttons(self._save), self._status])
        if participant:
            self.choose(participant)

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
            self._build(needs)
        if "participants" in kinds:
            keep = self._who.value
            self._who.options = [("", ""), *options(self._ws.records(Participant), "name")]
            self._who.value = keep if keep in dict(self._who.options).values() else ""

    def _build(self, needs: tuple[Need, ...]) -> None:
        """Give each need a place to choose (1 to the number of needs), keeping the places
        already chosen and the rows of needs already shown."""
        places = [("", 0)] + [(str(i), i) for i in range(1, len(needs) + 1)]
        wanted = {n.id for n in needs}
        for gone in [i for i in self._lines if i not in wanted]:
            close_all([self._lines.pop(gone)])
            del self._places[gone]
        for need in needs:
            box = self._places.get(need.id)
            if box is None:
                box = self._places[need.id] = w.Dropdown(options=places, value=0, layout=_PLACE)
                self._lines[need.id] = row(box, title=_title(need.title))
            else:
                chosen = box.value
                if len(box.options) != len(places):
                    box.options = places
                box.value = chosen if chosen <= len(needs) else 0
                self._lines[need.id].children[-1].value = _text(need.title)
        self._rows.children = [self._lines[n.id] for n in needs]

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
            layout=w.Layout(width="auto"),
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
        self._drawn: tuple[Any, ...] | None = None  # what the drawing shows
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
        form = [self._need, self._text, self._role, self._parent, buttons(self._add)]
        super().__init__(ws, [*form, self._status, self._drawing])

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
        choices = options(self._ws.records(Need), "title")
        if list(self._need.options) != choices:
            self._drawn = None if keep not in dict(choices).values() else self._drawn
            with self._need.hold_trait_notifications():
                self._need.options = choices
                if keep in dict(choices).values():
                    self._need.value = keep
        if kinds:
            self._show()

    def _show(self) -> None:
        """Draw the tree of the need chosen, unless what it shows is what is drawn already."""
        if not self._need.value:
            return
        nodes = tuple(n for n in self._ws.snapshot(TreeNode) if n.need == self._need.value)
        title = self._ws.get(Need, self._need.value).title
        drawing = (self._need.value, title, tuple((n.text, n.role, n.parent) for n in nodes))
        if drawing == self._drawn:
            return
        self._drawn = drawing
        texts = [n.text for n in nodes]
        self._parent.options = [(t("tree.core_choice", self._lang), ""), *((n, n) for n in texts)]
        graph = tree_of(self._ws, self._need.value)
        # A PNG data URI in an HTML widget: shown the same in JupyterLab, Voila and handouts.
        self._drawing.value = figure(
            tree_figure(graph, lang=self._lang),
            alt=t("handout.tree_alt", self._lang, need=title),
            scroll=True,
        )
