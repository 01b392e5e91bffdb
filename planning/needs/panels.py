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
from typing import Any, cast

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from planning.i18n import t
from planning.needs.assessment import Assessment, assess, tree_of, trees
from planning.needs.charts import tree_figure
from planning.needs.commands import apply_preset, save_ranking, set_score
from planning.needs.records import (
    CRITERIA_PRESETS,
    Criterion,
    DotVote,
    Need,
    Pairwise,
    Ranking,
    Score,
    TreeNode,
)
from planning.needs.views import (
    criteria_table,
    criterion_head,
    dots_left_text,
    method_bars,
    needs_table,
    pairwise_text,
    results_html,
    score_card_title,
)
from planning.records import Participant, Record
from planning.render.html import esc, figure, lead
from planning.render.pictograms import speak_button
from planning.store import Workshop
from planning.widgets.common import (
    WIDE,
    HtmlPanel,
    Panel,
    Status,
    button,
    buttons,
    close_all,
    field_label,
    line,
    row,
    shown,
)
from planning.widgets.forms import (
    Control,
    FieldControl,
    FormSpec,
    RecordForm,
    Slot,
    TallyPanel,
    Who,
    chooser,
    keep_options,
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


def _text(text: str) -> str:
    return f'<span class="planning-text">{esc(text)}</span>'


def _said(text: str, lang: str) -> str:
    """Give a need's title with its read-aloud button before it (shown only on a phone with a
    voice of the language)."""
    return speak_button(text, lang) + _text(text)


def _tap_row(taps: list[w.Button]) -> w.HBox:
    found = w.HBox(taps)
    found.add_class("planning-score-buttons")
    return found


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
            "origin",
        ),
        words="needs.board",
    )

    def build(self) -> None:
        if self.trainee:  # merging is the facilitator's
            return
        self._merge_into = chooser(t("needs.board.merge_into", self._lang))
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
    """Pick a preset of criteria (the village five, or USG), take a reason the group gave at
    its pairs as a criterion, or add custom ones with weights."""

    FORM = FormSpec(
        Criterion, layout=(Slot("presets"), Slot("reasons"), ("name", "weight"), "description")
    )
    KINDS = frozenset({"pairwise"})  # the reasons given at the pairs are candidate criteria

    def build(self) -> None:
        presets = [(t(f"criteria.preset.{p}", self._lang), p) for p in CRITERIA_PRESETS]
        self._preset = chooser(t("criteria.preset", self._lang), presets)
        use = button(t("criteria.use_preset", self._lang), "info")
        use.on_click(lambda _: self.use_preset(self._preset.value))
        self._slots["presets"].children = [buttons(self._preset, use)]
        self._reasons = chooser(t("criteria.from_pairs", self._lang))
        take = button(t("criteria.use_reason", self._lang), "info")
        take.on_click(lambda _: self.use_reason(self._reasons.value or ""))
        self._slots["reasons"].children = [buttons(self._reasons, take)]

    @property
    def candidates(self) -> list[tuple[str, int]]:
        """The reasons given at the pairs that are not criteria yet, most given first."""
        from planning.needs.methods import reason_candidates

        known = [c.name for c in self._ws.snapshot(Criterion)]
        return reason_candidates((r[3] for r in assess(self._ws).reasons), known)

    def use_reason(self, reason: str) -> None:
        """Add a reason given at the pairs as a criterion (its first 80 characters as the name,
        the whole reason as its description)."""
        name = reason if len(reason) <= 80 else reason[:79].rsplit(" ", 1)[0] + "…"
        self.attempt(
            self._ws.add,
            Criterion.KIND,
            name=name,
            description=reason,
            done=lambda _: t("criteria.added", self._lang, count=1),
        )

    def redrawn(self, kinds: frozenset[str]) -> None:
        found = self.candidates
        shown = [(t("criteria.reason_count", self._lang, reason=r, count=n), r) for r, n in found]
        keep_options(self._reasons, shown)
        self._slots["reasons"].layout.display = None if shown else "none"

    def use_preset(self, preset: str) -> None:
        """Add the preset's criteria that the workshop does not have yet."""
        self.attempt(
            apply_preset,
            self._ws,
            preset,
            done=lambda added: t("criteria.added", self._lang, count=len(added)),
        )

    def table_html(self) -> str:
        return criteria_table(self._ws.records(Criterion), self._lang)


class ScoringGrid(Panel):
    """Scores 1 to 5 for every need on every criterion, by one participant or small group.

    On a wide screen (the projector) it is a grid: a row per need, a column per criterion, each
    header over its own column; each box is stored as soon as it changes, and a value outside
    1-5 is refused with a message while the box keeps what was typed. On a narrow screen (a
    phone) it is a card of one need at a time: each criterion as large 1-5 buttons (the score
    chosen stands out, a tap stores it), and "next need". The rows follow the needs and
    criteria as anyone adds them.
    """

    KINDS = frozenset({"needs", "criteria", "scores", "participants"})

    def __init__(self, ws: Workshop, rater: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._fixed = rater  # on a trainee's workshop the rater is the trainee: no box for it
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
        back, ahead = (
            button(t("needs.grid.previous", lang), ""),
            button(t("needs.grid.next", lang), "info"),
        )
        back.on_click(lambda _: self.previous_need())
        ahead.on_click(lambda _: self.next_need())
        card = w.VBox([self._card_title, self._card_rows, buttons(back, ahead)])
        card.add_class("planning-score-card")
        self._heads: list[w.Widget] = []
        self._rows: dict[str, list[w.Widget]] = {}  # need id -> its title and a box a criterion
        self._taps: dict[str, list[w.Button]] = {}  # criterion id -> the card's 1-5
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
        row = self._rows[need]
        return row[1 + [c.id for c in self._criteria].index(criterion)]

    @property
    def card_need(self) -> str | None:
        """The id of the need the card shows (None when there is none)."""
        return self._needs[self._at].id if self._needs else None

    card_title = shown("_card_title", "The heading of the card, as plain text.", plain=True)

    def card_value(self, criterion: str) -> int | None:
        """Give the score the card shows as chosen for a criterion."""
        need = self.card_need
        return self._mine.get((need, criterion)) if need else None

    def show_need(self, need: str) -> None:
        """Show one need on the card, by id or title."""
        found = self._ws.find(Need, need).id
        self._at = next((i for i, n in enumerate(self._needs) if n.id == found), 0)
        self._draw_card()

    def next_need(self, step: int = 1) -> None:
        """Show the next need on the card (after the last, the first again)."""
        self._at = (self._at + step) % len(self._needs) if self._needs else 0
        self._draw_card()

    def previous_need(self) -> None:
        """Show the need before (before the first, the last)."""
        self.next_need(-1)

    def tap(self, criterion: str, value: int) -> None:
        """Store the score ``value`` of the need on the card on a criterion (a tap on it)."""
        if self.card_need is not None:
            self.set_score(self.card_need, criterion, value)

    def set_score(self, need: str, criterion: str, value: Any) -> None:
        """Store one score of the current rater."""
        names = {c.id: c.name for c in self._criteria}
        title = self._ws.get(Need, need).title
        self.attempt(
            set_score, self._ws, self.rater, need, criterion, value,
            done=lambda score: t("needs.grid.saved", self._lang, need=title,
                                 criterion=names.get(criterion, criterion), value=score.value),
        )  # fmt: skip

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
        """Make the headers and the card's buttons for the criteria; the rows of the grid are
        made again too, since each has a box per criterion."""
        close_all([*self._heads, *self._card_rows.children, *self._rows.values()])
        self._rows, self._shown, self._taps = {}, {}, {}
        self._heads = [w.HTML("")]
        for i, c in enumerate(criteria):
            head = w.HTML(criterion_head(c, self._lang))
            head.add_class("planning-grid-head")
            head.add_class(f"planning-col-{i}")
            self._heads.append(head)
        self._grid.layout.grid_template_columns = (
            f"minmax(9em, 2fr) repeat({len(criteria)}, minmax(5em, 1fr))"
        )
        for c in criteria:
            taps = self._taps[c.id] = []
            for v in _SCALE:
                tap = w.Button(description=str(v), tooltip=f"{c.name}: {v}", layout=_AUTO)
                tap.add_class("planning-score-tap")
                tap.on_click(lambda _, crit=c.id, v=v: self.tap(crit, v))
                taps.append(tap)
        self._card_rows.children = [
            w.VBox(
                [line(c.name, "planning-text planning-score-criterion"), _tap_row(self._taps[c.id])]
            )
            for c in criteria
        ]

    def _build_rows(self) -> None:
        """Give each need its row of boxes, reusing the rows of the needs already shown (a need
        added anywhere costs one new row, not a new grid)."""
        wanted = {n.id for n in self._needs}
        close_all([self._rows.pop(i) for i in list(self._rows) if i not in wanted])
        for need in self._needs:
            row = self._rows.get(need.id)
            if row is None:
                row = self._rows[need.id] = [_title(need.title)]
                for i, c in enumerate(self._criteria):
                    box = w.Text(continuous_update=False, layout=_AUTO, style=_TEXT_STYLE)
                    box.add_class("planning-grid-cell")
                    box.add_class(f"planning-col-{i}")
                    box.observe(self._on_score(need.id, c.id), names="value")
                    row.append(box)
            else:
                row[0].value = _text(need.title)
        self._grid.children = [*self._heads, *(x for n in self._needs for x in self._rows[n.id])]

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
            for need, row in self._rows.items():
                for c, box in zip(self._criteria, row[1:], strict=True):
                    stored = str(self._mine.get((need, c.id), ""))
                    if self._shown.get((need, c.id)) != stored:
                        box.value = self._shown[(need, c.id)] = stored
        finally:
            self._loading = False
        self._draw_card()

    def _draw_card(self) -> None:
        need = self.card_need
        count = len(self._needs)
        title = self._needs[self._at].title if need else ""
        self._card_title.value = (
            speak_button(title, self._lang) + score_card_title(title, self._at, count, self._lang)
            if need
            else ""
        )
        for criterion, taps in self._taps.items():
            chosen = self._mine.get((need, criterion)) if need else None
            for v, tap in zip(_SCALE, taps, strict=True):
                tap.button_style = "primary" if v == chosen else ""

    def _on_score(self, need: str, criterion: str):  # type: ignore[no-untyped-def]
        def store(change: dict[str, Any]) -> None:
            if not self._loading and str(change["new"]).strip():
                self.set_score(need, criterion, change["new"])

        return store


class DotVotePanel(TallyPanel):
    """One participant places dots on needs; shows the dots left and the totals at once.

    The facilitator chooses who votes; on a trainee's workshop the panel is the trainee's own,
    with no chooser. Each "+" or "−" is one :meth:`Workshop.step`; the stage's rule refuses a
    dot over the budget.
    """

    COUNTED = DotVote
    ITEM = "need"
    WORDS = "needs.dots"
    WHO = "planning-dots-who"
    KINDS = frozenset({"workshop"})  # the dot budget

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._a: Assessment | None = None
        self._chart = w.HTML()
        super().__init__(ws, participant, foot=[self._chart])

    left = shown(
        "_summary", "The line saying how many dots the chosen participant has left.", plain=True
    )

    chart = shown("_chart", "The dot totals as shown (HTML bars).")

    @property
    def needs(self) -> list[str]:
        """The ids of the needs that have a row, in board order."""
        return [need for need, _ in self._shape]

    def items(self) -> list[tuple[str, str]]:
        return [(n.id, n.title) for n in self._ws.snapshot(Need)]

    def picture(self, item: str) -> tuple[str, str]:
        need = next((n for n in self._ws.snapshot(Need) if n.id == item), None)
        return ("category", need.category) if need is not None else ("", "")

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
        return lead(words)

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._a = a = assess(self._ws)
        super().refresh(kinds)
        self._chart.value = method_bars(a, "dots", self._lang) if "dots" in a.results else ""


class PairwisePanel(Panel):
    """One pair at a time, two large buttons: which need matters more? (or a tie), and why
    (optional: the reasons become candidate criteria of the scoring matrix)."""

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
        spec = Pairwise.specs()["reason"]
        self._reason = FieldControl(Pairwise.KIND, "reason", spec, Control(), lang)
        self._progress = w.HTML()
        self._say = w.HTML()  # each need's read-aloud button, on a phone with a voice
        self._say.add_class("planning-pair-say")
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
            [
                self._progress,
                pair,
                self._say,
                self._reason.widget,
                buttons(self._tie, self._skip),
                self._status,
            ],
        )

    @property
    def pair(self) -> tuple[str, str] | None:
        """The pair of need ids on screen, or None when every pair is decided."""
        return self._pair

    @property
    def choices(self) -> tuple[str, str]:
        """The words on the two choice buttons (the whole titles of the pair)."""
        return self._a.description, self._b.description

    def decide(self, winner: str | None, reason: str | None = None) -> None:
        """Store the group's choice for the pair on screen (None: a tie) with why (``reason``,
        else what the "Why?" box holds) and show the next."""
        if self._pair is None:
            return
        a, b = self._pair
        why = self._reason.value if reason is None else reason
        stored = self.attempt(
            self._ws.add,
            "pairwise",
            need_a=a,
            need_b=b,
            winner=winner or "",
            reason=why,
            done=lambda _: t("common.saved", self._lang),
        )
        if stored:
            self._reason.value = ""
        else:  # another phone gave this pair first: its message stays, the next pair shows
            self.refresh()

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
        self._progress.value = lead(pairwise_text(a, self._lang))
        shown = (self._a, self._b, self._tie, self._skip, self._reason.widget)
        if not todo:
            self._pair = None
            self._a.description = self._b.description = ""
            self._say.value = ""
            for hidden in shown:
                hidden.layout.display = "none"
            if len(a.needs) > 1:
                self._status.ok(t("needs.pair.all_done", self._lang))
            return
        self._pair = todo[0]
        self._a.description, self._b.description = a.titles[todo[0][0]], a.titles[todo[0][1]]
        self._a.tooltip, self._b.tooltip = self._a.description, self._b.description
        self._say.value = "".join(
            speak_button(x, self._lang) for x in (self._a.description, self._b.description)
        )
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
        self._person = Who(ws, "rankings", participant)
        self._person.on_change(self._load)
        self._rows = w.VBox()
        self._places: dict[str, w.Dropdown] = {}
        self._lines: dict[str, w.HBox] = {}  # need id -> its row
        self._needs: tuple[Need, ...] = ()
        self._save = button(t("common.save", lang))
        self._status = Status()
        self._save.on_click(lambda _: self.save())
        self.refresh()
        self._load()
        super().__init__(ws, [*self._person.head, self._rows, buttons(self._save), self._status])

    @property
    def who(self) -> str:
        """The id of the participant whose order this is ("" while nobody is chosen)."""
        return self._person.id

    @property
    def needs(self) -> list[str]:
        """The ids of the needs that have a place to choose, in board order."""
        return [n.id for n in self._needs]

    def choose(self, participant: str) -> None:
        """Choose whose order this is, by name or id (the facilitator's form only)."""
        self._person.choose(participant)

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
        if "participants" in kinds:
            self._person.refresh()

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
                title = w.HTML(_said(need.title, self._lang), layout=_FREE, style=_HTML_STYLE)
                self._lines[need.id] = row(box, title=title)
            else:
                chosen = box.value
                if len(box.options) != len(places):
                    box.options = places
                box.value = chosen if chosen <= len(needs) else 0
                self._lines[need.id].children[-1].value = _said(need.title, self._lang)
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

    RESULT = "needs"
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

    def name_of(self, record: Record) -> str:
        return cast(TreeNode, record).text

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
