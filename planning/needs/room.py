"""The needs stage in a live workshop: what a trainee fills in at each step, and what the
facilitator projects of it.

The stage declares its steps in ``STAGE.steps`` (``planning.stages.Step``); each names a form
and a results panel here. A form is built for one participant, ``form(ws, name)``, on a
workshop opened with ``by=name``, so every input is credited to who entered it.
"""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import label, t
from planning.needs.assessment import assess
from planning.needs.panels import DotVotePanel, PairwisePanel, RankingForm, ScoringGrid
from planning.needs.records import CATEGORIES, Need
from planning.needs.views import method_bars, needs_table
from planning.render.html import esc
from planning.store import Workshop
from planning.widgets.common import BIG, HtmlPanel, Panel, Status, button, field_label

__all__ = [
    "DotsResults",
    "NeedForm",
    "NeedsResults",
    "PairwiseResults",
    "RankingsResults",
    "ScoresResults",
    "dots_form",
    "pairwise_form",
    "rankings_form",
    "scores_form",
]


class NeedForm(Panel):
    """A trainee names a need: its title, a few words, its field; and sees the needs they named."""

    KINDS = frozenset({"needs"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._who = participant
        full = w.Layout(width="100%")
        self._title = w.Text(style=BIG, layout=full)
        self._description = w.Textarea(layout=full)
        self._category = w.Dropdown(
            options=[(label("category", c, lang), c) for c in CATEGORIES],
            value="other",
            layout=full,
        )
        labels = [
            w.HTML(f'<div class="planning-label">{esc(field_label("needs", n, lang))}</div>')
            for n in ("title", "description", "category")
        ]
        self._add = button(t("common.add", lang))
        self._add.on_click(lambda _: self.add())
        self._status = Status()
        self._mine = w.HTML()
        self.refresh()
        super().__init__(
            ws,
            [
                labels[0],
                self._title,
                labels[1],
                self._description,
                labels[2],
                self._category,
                self._add,
                self._status,
                self._mine,
            ],
        )

    @property
    def fields(self) -> dict[str, str]:
        """What the form holds now."""
        return {
            "title": self._title.value,
            "description": self._description.value,
            "category": self._category.value,
        }

    @property
    def mine(self) -> str:
        """The needs this trainee named, as shown (HTML)."""
        return self._mine.value

    def fill(self, title: str = "", description: str = "", category: str = "other") -> None:
        """Type into the form."""
        self._title.value, self._description.value = title, description
        self._category.value = category

    def add(self) -> None:
        """Store the need typed in; keep what was typed when it is refused."""
        try:
            need = self._ws.add(
                Need,
                title=self._title.value,
                description=self._description.value,
                category=self._category.value,
                proposed_by=self._who,
            )
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("needs.board.added", self._lang, title=need.title))
        self.fill()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        who = self._ws.by
        titles = [n.title for n in self._ws.snapshot(Need) if n.entered_by == who]
        if not titles:
            self._mine.value = ""
            return
        items = "".join(f"<li>{esc(title)}</li>" for title in titles)
        head = esc(t("room.your_inputs", self._lang))
        self._mine.value = f'<div class="planning-text">{head}<ul>{items}</ul></div>'


def scores_form(ws: Workshop, participant: str) -> ScoringGrid:
    """Give the scoring grid of one rater."""
    return ScoringGrid(ws, rater=participant)


def dots_form(ws: Workshop, participant: str) -> DotVotePanel:
    """Give one participant's dots."""
    return DotVotePanel(ws, participant=participant)


def pairwise_form(ws: Workshop, participant: str) -> PairwisePanel:
    """Give the pairs to compare (the group's choice, entered by whoever holds the phone)."""
    return PairwisePanel(ws)


def rankings_form(ws: Workshop, participant: str) -> RankingForm:
    """Give one participant's own order of the needs."""
    return RankingForm(ws, participant=participant)


class NeedsResults(HtmlPanel):
    """The needs named so far, as the projector shows them."""

    KINDS = frozenset({"needs"})

    def draw(self) -> str:
        return needs_table(assess(self._ws), self._lang)


class _MethodResults(HtmlPanel):
    """One method's order of the needs as bars, redrawn as the inputs come in."""

    METHOD: ClassVar[str] = ""

    def draw(self) -> str:
        a = assess(self._ws)
        if self.METHOD in a.results:
            return method_bars(a, self.METHOD, self._lang)
        words = esc(t("room.no_results", self._lang))
        return f'<div class="planning-lead">{words}</div>'


class ScoresResults(_MethodResults):
    """The needs in the order of their weighted scores."""

    KINDS = frozenset({"needs", "criteria", "scores"})
    METHOD = "matrix"


class DotsResults(_MethodResults):
    """The needs in the order of their dots."""

    KINDS = frozenset({"needs", "dot_votes"})
    METHOD = "dots"


class PairwiseResults(_MethodResults):
    """The needs in the order of the pairs they won."""

    KINDS = frozenset({"needs", "pairwise"})
    METHOD = "pairwise"


class RankingsResults(_MethodResults):
    """The needs in the combined order of everyone's own order."""

    KINDS = frozenset({"needs", "rankings"})
    METHOD = "borda"
