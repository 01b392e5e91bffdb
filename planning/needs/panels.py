"""The needs-assessment panels: needs board, criteria, scoring grid, dots, pairwise, rankings,
results and the problem tree.

The record editors are forms of the engine (``planning.widgets.forms``): each declares its
``FORM`` and the engine builds, reads, fills and stores it. The dots are a tally that steps
through :meth:`planning.store.Workshop.step`. The scoring grid, the pairs and the rankings keep
their own screens, and every write of theirs goes through :meth:`Panel.attempt` too. Built on a
trainee's workshop (``role="trainee"``), a panel has no chooser of participants: the trainee
it is built for is the only one it can act for, and the store refuses anyone else.
"""

from __future__ import annotations

import time
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from planning.i18n import fmt_number, t
from planning.needs.assessment import Assessment, assess, tree_of, trees
from planning.needs.charts import tree_figure
from planning.needs.commands import apply_preset, save_ranking, set_score
from planning.needs.records import (
    CRITERIA_PRESETS,
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
    WIDE,
    HtmlPanel,
    Panel,
    Status,
    button,
    buttons,
    field_label,
    options,
    participant_chooser,
    row,
)
from planning.widgets.forms import Control, FormSpec, RecordForm, Slot, TallyPanel, keep_options

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

# One layout for the many boxes and buttons that only need to fill their place.
# A row per need is made whenever anyone adds a need; widgets that share one layout and one
# style cost the page one widget each, not three.
_AUTO = w.Layout(width="auto")
_PLACE = w.Layout(width="5em")
_FREE = w.Layout()
_TEXT_STYLE = TextStyle()
_HTML_STYLE = HTMLStyle()
_SCORE = Score.specs()["value"]
_SCALE = range(int(_SCORE.low or 1), int(_SCORE.high or 5) + 1)  # the score's own bounds


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


def _participant(ws: Workshop, participant: str) -> str:
    """Give a participant's id from a name or id ("" for nobody)."""
    return ws.find(Participant, participant).id if participant else ""


def _chooser(ws: Workshop, kind: str, participant: str) -> w.Dropdown | None:
    """Give the facilitator's list of who acts, showing ``participant``; on a trainee's
    workshop none (the trainee acts only for themselves)."""
    if ws.is_trainee:
        return None
    box = participant_chooser(ws, kind)
    box.value = _participant(ws, participant)
    return box


class NeedsBoard(RecordForm):
    """Add, edit, categorise and merge the needs the community names."""

    FORM = FormSpec(
        Need,
        layout=(
            Slot("merge"),
            "title",
            "description",
            ("category", "dusun"),
            ("households", "proposed_by"),
        ),
        words="needs.board",
    )

    def build(self) -> None:
        if self.trainee:  # merging is the facilitator's
            return
        self._merge_into = w.Dropdown(
            description=t("needs.board.merge_into", self._lang),
            style={"description_width": "initial"},
            layout=WIDE,
        )
        merge = button(t("needs.board.merge", self._lang), "warning")
        merge.on_click(lambda _: self.merge(self.chosen, self._merge_into.value))
        self._slots["merge"].children = [buttons(self._merge_into, merge)]

    def table_html(self) -> str:
        return needs_table(assess(self._ws), self._lang)

    def redrawn(self, kinds: frozenset[str]) -> None:
        if not self.trainee:
            keep_options(self._merge_into, [("", ""), *self.records_of(Need.KIND)], "")

    def merge(self, drop: str, keep: str) -> None:
        """Merge the need ``drop`` into ``keep``: its votes, scores and rankings move."""
        if not drop or not keep:
            self._status.info(self.say("merge_help"))
            return
        merged = self.attempt(
            self._ws.merge, Need, keep, drop, done=lambda kept: self.say("merged", title=kept.title)
        )
        if merged:
            self.choose("")


class CriteriaPanel(RecordForm):
    """Pick a preset of criteria (the village five, or USG), or add custom ones with weights."""

    FORM = FormSpec(Criterion, layout=(Slot("presets"), ("name", "weight"), "description"))

    def build(self) -> None:
        self._preset = w.Dropdown(
            description=t("criteria.preset", self._lang),
            options=[(t(f"criteria.preset.{p}", self._lang), p) for p in CRITERIA_PRESETS],
            style={"description_width": "initial"},
            layout=WIDE,
        )
        use = button(t("criteria.use_preset", self._lang), "info")
        use.on_click(lambda _: self.use_preset(self._preset.value))
        self._slots["presets"].children = [buttons(self._preset, use)]

    def use_preset(self, preset: str) -> None:
        """Add the preset's criteria that the workshop does not have yet."""
        self.attempt(
            apply_preset,
            self._ws,
            preset,
            done=lambda added: t("criteria.added", self._lang, count=len(added)),
        )

    def table_html(self) -> str:
        rows = [
            [c.name, fmt_number(c.weight, self._lang, 1), c.description]
            for c in self._ws.records(Criterion)
        ]
        return table(
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
        # On a trainee's workshop the rater is the trainee: no box to score as someone else.
        self._fixed = rater
        self._rater: w.Combobox | None = None
        if not ws.is_trainee:
            self._rater = w.Combobox(
                description=field_label("scores", "rater", lang),
                value=rater,
                ensure_option=False,
                placeholder=t("needs.grid.rater_hint", lang),
                style={"description_width": "initial"},
                layout=WIDE,
            )
            self._rater.add_class("planning-who")
            self._rater.observe(lambda _: self._load(fresh=True), names="value")
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
        self.refresh()
        head = [self._rater] if self._rater is not None else []
        super().__init__(ws, [*head, wide, card, self._status])

    @property
    def rater(self) -> str:
        """Who is scoring (a participant or a small group; on a trainee's workshop, the
        trainee)."""
        return self._rater.value if self._rater is not None else self._fixed

    @rater.setter
    def rater(self, name: str) -> None:
        if self._rater is not None:
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
        if self._rater is not None and (not kinds or "participants" in kinds):
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
            for value in _SCALE:
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
        who = self.rater.strip().casefold()
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
            for value, tap in zip(_SCALE, taps, strict=True):
                tap.button_style = "primary" if value == chosen else ""

    def _on_score(self, need: str, criterion: str):  # type: ignore[no-untyped-def]
        def store(change: dict[str, Any]) -> None:
            if not self._loading and str(change["new"]).strip():
                self.set_score(need, criterion, change["new"])

        return store

    def set_score(self, need: str, criterion: str, value: Any) -> None:
        """Store one score of the current rater."""
        names = {c.id: c.name for c in self._criteria}
        self.attempt(
            set_score,
            self._ws,
            self.rater,
            need,
            criterion,
            value,
            done=lambda score: t(
                "needs.grid.saved",
                self._lang,
                need=self._ws.get(Need, need).title,
                criterion=names.get(criterion, criterion),
                value=score.value,
            ),
        )


class DotVotePanel(TallyPanel):
    """One participant places dots on needs; shows the dots left and the totals at once.

    The facilitator chooses who votes; on a trainee's workshop the panel is the trainee's own,
    with no chooser. Each "+" or "−" is one :meth:`Workshop.step`; the stage's rule refuses a
    dot over the budget.
    """

    COUNTED = DotVote
    KINDS = frozenset({"workshop"})  # the dot budget

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._me = _participant(ws, participant)
        self._chooser = _chooser(ws, "dot_votes", participant)
        self._a: Assessment | None = None
        self._chart = w.HTML()
        head = [self._chooser] if self._chooser is not None else []
        for box in head:
            box.add_class("planning-dots-who")
            box.observe(lambda _: self._chose(), names="value")
        super().__init__(ws, participant, head=head, foot=[self._chart])

    @property
    def who(self) -> str:
        """The id of the participant who votes ("" while nobody is chosen)."""
        return (self._chooser.value or "") if self._chooser is not None else self._me

    @property
    def left(self) -> str:
        """The line saying how many dots the chosen participant has left."""
        return _plain_text(self._summary.value)

    @property
    def chart(self) -> str:
        """The dot totals as shown (HTML bars)."""
        return str(self._chart.value)

    @property
    def needs(self) -> list[str]:
        """The ids of the needs that have a row, in board order."""
        return [need for need, _ in self._shape]

    def choose(self, participant: str) -> None:
        """Choose who votes, by name or id (the facilitator's panel only)."""
        if self._chooser is not None:
            self._chooser.value = _participant(self._ws, participant)

    def items(self) -> list[tuple[str, str]]:
        return [(n.id, n.title) for n in self._ws.snapshot(Need)]

    def counts(self) -> dict[str, int]:
        who = self.who
        return {v.need: v.dots for v in self._ws.records(DotVote) if v.participant == who}

    def key(self, item: str) -> dict[str, Any]:
        return {"participant": self.who, "need": item}

    def ready(self) -> bool:
        if not self.who:
            self._status.info(t("needs.dots.choose", self._lang))
        return bool(self.who)

    def done_words(self, item: str, delta: int, count: int | None) -> str:
        title = self._ws.get(Need, item).title
        if count is None:
            return t("needs.dots.nothing_to_take", self._lang, need=title)
        return t("needs.dots.saved", self._lang, need=title, dots=count)

    def summary_html(self) -> str:
        a, who = self._a, self.who
        if a is None or not who:
            return ""
        spent = sum(self.counts().values())
        words = dots_left_text(a.participant_names.get(who, ""), a.dot_budget - spent, self._lang)
        return f'<div class="planning-lead">{esc(words)}</div>'

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        if self._chooser is not None and "participants" in kinds:
            people = options(self._ws.records(Participant), "name")
            keep_options(self._chooser, [("", ""), *people], "")
        self._a = a = assess(self._ws)
        super().refresh(kinds)
        self._chart.value = method_bars(a, "dots", self._lang) if "dots" in a.results else ""

    def _chose(self) -> None:
        self._status.value = ""
        self.refresh()


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
        super().__init__(ws, [self._progress, pair, buttons(self._tie, self._skip), self._status])

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
        self.attempt(
            self._ws.add,
            "pairwise",
            need_a=a,
            need_b=b,
            winner=winner or "",
            done=lambda _: t("common.saved", self._lang),
        )

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
    """One participant's own order of the needs: a place for each need, saved together.

    The facilitator chooses whose order it is; on a trainee's workshop it is the trainee's.
    """

    KINDS = frozenset({"needs", "rankings", "participants"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._me = _participant(ws, participant)
        self._who = _chooser(ws, "rankings", participant)
        if self._who is not None:
            self._who.observe(lambda _: self._load(), names="value")
        self._rows = w.VBox()
        self._places: dict[str, w.Dropdown] = {}
        self._lines: dict[str, w.HBox] = {}  # need id -> its row
        self._needs: tuple[Need, ...] = ()
        self._save = button(t("common.save", lang))
        self._status = Status()
        self._save.on_click(lambda _: self.save())
        self.refresh()
        self._load()
        head = [self._who] if self._who is not None else []
        super().__init__(ws, [*head, self._rows, buttons(self._save), self._status])

    @property
    def who(self) -> str:
        """The id of the participant whose order this is ("" while nobody is chosen)."""
        return (self._who.value or "") if self._who is not None else self._me

    @property
    def needs(self) -> list[str]:
        """The ids of the needs that have a place to choose, in board order."""
        return [n.id for n in self._needs]

    def choose(self, participant: str) -> None:
        """Choose whose order this is, by name or id (the facilitator's form only)."""
        if self._who is not None:
            self._who.value = _participant(self._ws, participant)

    def place(self, need: str, rank: int) -> None:
        """Give a need its place (0: no place)."""
        self._places[need].value = rank

    def save(self) -> None:
        """Store the participant's order as one change (places left blank are not stored)."""
        chosen = {need: box.value for need, box in self._places.items() if box.value}
        self.attempt(
            save_ranking, self._ws, self.who, chosen, done=lambda _: t("common.saved", self._lang)
        )

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        needs = self._ws.snapshot(Need)
        if needs != self._needs:
            self._needs = needs
            self._build(needs)
        if self._who is not None and "participants" in kinds:
            people = options(self._ws.records(Participant), "name")
            keep_options(self._who, [("", ""), *people], "")

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
        who = self.who
        mine = {r.need: r.rank for r in self._ws.records(Ranking) if r.participant == who}
        for need, box in self._places.items():
            place = mine.get(need, 0)
            box.value = place if place <= len(self._places) else 0


class ResultsPanel(HtmlPanel):
    """Every method's ranking as bars, the agreement, the Condorcet winner, disagreements.

    Redraws whenever a record it depends on changes.
    """

    KINDS = frozenset({"needs", "criteria", "scores", "dot_votes", "pairwise", "rankings"})
    last_draw_seconds = 0.0

    def draw(self) -> str:
        start = time.perf_counter()
        html = results_html(assess(self._ws), self._lang)
        self.last_draw_seconds = time.perf_counter() - start
        return html


class ProblemTreePanel(RecordForm):
    """Causes and effects of one need, added one at a time, drawn as a tree under the form."""

    FORM = FormSpec(
        TreeNode,
        layout=("need", "text", "role", "parent"),
        controls={
            "role": Control("toggles"),
            "parent": Control("dropdown", options="parents", first="tree.core_choice"),
        },
    )

    def __init__(self, ws: Workshop, need: str = "") -> None:
        self._drawn: tuple[Any, ...] | None = None  # what the drawing shows
        self._drawing = ""
        super().__init__(ws)
        box = self.control("need")
        start = ws.find(Need, need).id if need else next(iter(trees(ws)), "")
        if start:
            box.value = start
        box.widget.observe(lambda _: self.refresh(), names="value")
        self.refresh()

    @property
    def drawing(self) -> str:
        """The tree as shown (an HTML figure)."""
        return self.table

    def choose_need(self, need: str) -> None:
        """Show the tree of a need, by title or id."""
        self.control("need").value = self._ws.find(Need, need).id

    def parents(self) -> list[tuple[str, str]]:
        """Give the nodes of the tree shown, which a new node may lead to."""
        need = self.control("need").value
        return [(n.text, n.text) for n in self._ws.snapshot(TreeNode) if n.need == need]

    def clear(self) -> None:
        self.control("text").reset()  # the next node goes in the same tree, the same way

    def table_html(self) -> str:
        """Draw the tree of the need chosen, unless what it shows is what is drawn already."""
        need = self.control("need").value
        if not need:
            return ""
        nodes = tuple(n for n in self._ws.snapshot(TreeNode) if n.need == need)
        title = self._ws.get(Need, need).title
        drawing = (need, title, tuple((n.text, n.role, n.parent) for n in nodes))
        if drawing != self._drawn:
            self._drawn = drawing
            # A PNG data URI in an HTML widget: shown the same in JupyterLab, Voila and handouts.
            self._drawing = figure(
                tree_figure(tree_of(self._ws, need), lang=self._lang),
                alt=t("handout.tree_alt", self._lang, need=title),
                scroll=True,
            )
        return self._drawing
