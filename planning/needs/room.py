"""The needs stage in a live workshop: what a trainee fills in at each step, and what the
facilitator projects of it.

The stage declares its steps in ``STAGE.steps`` (``planning.stages.Step``); each names a form
and a results panel here. A form is built for one participant, ``form(ws, name)``, on a
workshop opened with ``by=name, role="trainee"``, so every input is credited to who entered it
and the store refuses one for anyone else.
"""

from __future__ import annotations

from typing import ClassVar

from planning.i18n import t
from planning.needs.assessment import assess
from planning.needs.panels import DotVotePanel, PairwisePanel, RankingForm, ScoringGrid
from planning.needs.records import Criterion, Need
from planning.needs.views import method_bars, needs_table, pair_reasons_html
from planning.render.html import esc
from planning.stages import Lack
from planning.store import Workshop
from planning.widgets.common import HtmlPanel
from planning.widgets.forms import FormSpec, RecordForm

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


class NeedForm(RecordForm):
    """A trainee names a need: its title, a few words, its field; and sees the needs they named.

    It only adds, whoever's workshop it is built on (no chooser, save or remove), and credits
    the need to the participant it is built for (``proposed_by``): on a trainee's workshop the
    store refuses a need proposed by anyone else.
    """

    FORM = FormSpec(
        Need,
        layout=("title", "description", "category"),
        hidden=("dusun", "households", "proposed_by", "origin"),
        words="needs.board",
    )

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        super().__init__(ws, participant, trainee=True)

    @property
    def mine(self) -> str:
        """The needs this trainee named, as shown (HTML)."""
        return self.table

    def table_html(self) -> str:
        who = self._ws.by
        titles = [n.title for n in self._ws.snapshot(Need) if n.entered_by == who]
        if not titles:
            return ""
        items = "".join(f"<li>{esc(title)}</li>" for title in titles)
        head = esc(t("room.your_inputs", self._lang))
        return f'<div class="planning-text">{head}<ul>{items}</ul></div>'


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

    def draw(self) -> str:
        return super().draw() + pair_reasons_html(assess(self._ws), self._lang)


class RankingsResults(_MethodResults):
    """The needs in the combined order of everyone's own order."""

    KINDS = frozenset({"needs", "rankings"})
    METHOD = "borda"


# --- what each step needs before it runs (planning.stages.Lack) ---------------------------


def _needs_at_least(ws: Workshop, count: int) -> list[Lack]:
    if len(ws.snapshot(Need)) >= count:
        return []
    return [Lack("needs.ready.needs" if count == 1 else "needs.ready.two_needs", after="needs")]


def scores_ready(ws: Workshop) -> list[Lack]:
    """The scores step needs criteria (only the facilitator adds them) and a need."""
    found = [] if ws.snapshot(Criterion) else [Lack("needs.ready.criteria", section="criteria")]
    return found + _needs_at_least(ws, 1)


def dots_ready(ws: Workshop) -> list[Lack]:
    """The dots step needs a need to put dots on."""
    return _needs_at_least(ws, 1)


def two_needs_ready(ws: Workshop) -> list[Lack]:
    """Comparing in pairs and ranking need two needs at least."""
    return _needs_at_least(ws, 2)
