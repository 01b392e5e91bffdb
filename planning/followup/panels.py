"""The follow-up's panels: the forms a facilitator or a trainee fills in (a reading, a visit
with its photo, a story, a vote, a score), declared from the records' specs with the form
engine, and the results the room projects (the lights, the realisation, the stories and the
selection, the score card's change, the map's change, the outcomes).

Every write goes through ``Panel.attempt``; a trainee's form has only the fields a trainee
fills in (``RecordForm`` builds it so) and the store checks what a trainee may do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from planning.actions.records import Activity
from planning.followup import commands, views
from planning.followup.assessment import plan_year, result
from planning.followup.records import (
    AgreedAction,
    IndicatorReading,
    MapRound,
    Progress,
    ScorecardCriterion,
    ScorecardScore,
    Story,
    StorySelection,
    StoryVote,
)
from planning.i18n import label, t
from planning.records import Record
from planning.render.html import esc, lead
from planning.store import Workshop
from planning.widgets.common import HtmlPanel, button, buttons
from planning.widgets.forms import (
    ACTIONS,
    Control,
    FormSpec,
    RecordForm,
    Slot,
    TallyPanel,
    chooser,
    toggles,
)

__all__ = [
    "AgreedActionForm",
    "CriterionForm",
    "LightsPanel",
    "MapChangePanel",
    "MapRoundForm",
    "OutcomesPanel",
    "ProgressForm",
    "ReadingForm",
    "RealisationPanel",
    "ReviewPanel",
    "ScoreForm",
    "ScorecardPanel",
    "SelectionForm",
    "SelectionPanel",
    "StoriesPanel",
    "StoryForm",
    "StoryVotePanel",
]


def current_round(ws: Workshop) -> int:
    """Give the round now: the latest map round named, or 1."""
    return max((r.round for r in ws.snapshot(MapRound)), default=1)


class _Form(RecordForm):
    """A follow-up form under the stage's styles."""

    def __init__(self, ws: Workshop, participant: str = "", **kw: Any) -> None:
        super().__init__(ws, participant, **kw)
        self.add_class("planning-followup")


class _Results(HtmlPanel):
    """A view of the follow-up's result under the stage's styles."""

    RESULT = "followup"

    def __init__(self, ws: Workshop, head: list[w.Widget] | None = None) -> None:
        super().__init__(ws, head or [])
        self.add_class("planning-followup")


# -- what the facilitator records ------------------------------------------------------------


class ReadingForm(_Form):
    """Record a reading of an indicator of the plan: the day, the value, how it was checked."""

    FORM = FormSpec(
        IndicatorReading,
        layout=("indicator", ("date", "value"), "evidence", "by"),
        words="followup.form",
    )

    def table_html(self) -> str:
        return views.indicators_html(result(self._ws), self._lang)

    def shows(self) -> frozenset[str]:
        return super().shows() | {"activities", "objectives", "plan_settings"}


class ProgressForm(_Form):
    """Record a visit to an activity: progress, money spent, status, a note and a photo from
    the laptop (resized and kept inside the workshop in the same change)."""

    FORM = FormSpec(
        Progress,
        layout=(
            "activity",
            ("date", "physical", "spent"),
            "status",
            "note",
            Slot("photo"),
        ),
        controls={"note": Control("area"), "status": Control("toggles")},
        hidden=("photo",),  # taken from the upload, in its slot
        words="followup.form",
    )

    def build(self) -> None:
        self._upload = w.FileUpload(
            accept="image/*", multiple=False, description=t("followup.form.photo", self._lang)
        )
        self._upload.add_class("planning-upload")
        self._picked: tuple[bytes, str] | None = None
        self._upload.observe(lambda _: self._take(), names="value")
        self._slots["photo"].children = [self._upload]

    def _take(self) -> None:
        files = self._upload.value
        if files:
            first = files[0]
            self._picked = (bytes(first["content"]), str(first.get("name", "")))

    def attach(self, data: bytes, name: str = "") -> None:
        """Attach a photo to the next visit saved (what the upload button does)."""
        self._picked = (data, name)

    def create(self, fields: dict[str, Any]) -> Record:
        data, name = self._picked or (None, "")
        made = commands.record_progress(self._ws, photo=data, photo_name=name, **fields)
        self._picked = None
        return made

    def table_html(self) -> str:
        return views.activities_html(result(self._ws), self._lang)

    def shows(self) -> frozenset[str]:
        return super().shows() | {"photos", "plan_settings"}


class CriterionForm(_Form):
    """Add a criterion of the community score card, in the community's words."""

    FORM = FormSpec(ScorecardCriterion, layout=("name", "about"), words="followup.form")


class MapRoundForm(_Form):
    """Name the partnership map as it stands now as a round (map it again with the same group
    and question, then name the round here)."""

    FORM = FormSpec(
        MapRound, layout=(("round", "name"), "date"), hidden=("change",), words="followup.form"
    )

    def create(self, fields: dict[str, Any]) -> Record:
        return commands.mark_round(self._ws, **fields)

    def name_of(self, record: Record) -> str:
        return f"{getattr(record, 'round', '')} · {getattr(record, 'name', '')}"


class SelectionForm(_Form):
    """Store the story the group selected in a domain and round, with the group's reason."""

    FORM = FormSpec(
        StorySelection,
        layout=(("domain", "round"), "story", "reason"),
        controls={"reason": Control("area"), "domain": Control("toggles")},
        words="followup.form",
    )

    def create(self, fields: dict[str, Any]) -> Record:
        return commands.select_story(self._ws, **fields)


class AgreedActionForm(_Form):
    """Record what the score card's meeting agreed; make it an activity of the plan (its
    origin kept) with the way of empowering, the funding source and the bidang."""

    FORM = FormSpec(
        AgreedAction,
        layout=("title", ("criterion", "round"), ("who", "by_date"), Slot("adopt"), ACTIONS),
        controls={"criterion": Control(options="criterion_options", first="followup.form.none")},
        hidden=("activity",),  # set when it becomes an activity
        words="followup.form",
    )

    def build(self) -> None:
        specs = Activity.specs()
        lang = self._lang
        self._strategy = chooser(
            t("field.activities.strategy", lang),
            [(label("actions.strategy", c, lang), c) for c in specs["strategy"].choices],
        )
        self._source = chooser(
            t("field.activities.source", lang),
            [(label("actions.source", c, lang), c) for c in specs["source"].choices],
        )
        self._bidang = chooser(
            t("field.activities.bidang", lang),
            [(f"{b} {t(f'followup.bidang.{b}', lang)}", b) for b in views.OWN_BIDANG],
        )
        make = button(t("followup.form.adopt", lang), "info")
        make.on_click(lambda _: self.adopt())
        self._slots["adopt"].children = [self._strategy, self._source, self._bidang, buttons(make)]

    def criterion_options(self) -> list[tuple[str, str]]:
        """Give the score card's criteria."""
        return self.records_of("scorecard_criteria")

    def adopt(self) -> None:
        """Make the chosen agreed action an activity of the plan."""
        chosen = self.chosen
        if not chosen:
            self._status.info(self.say("choose"))
            return
        agreed = self._ws.get(AgreedAction, chosen)
        year = plan_year(self._ws)
        start = max(dt.date.today(), dt.date(year, 1, 1)).isoformat()
        end = agreed.by_date or dt.date(year, 12, 31).isoformat()
        fields = {
            "strategy": self._strategy.value,
            "source": self._source.value,
            "bidang": self._bidang.value,
            "start": min(start, end),
            "end": end,
        }
        self.attempt(
            commands.adopt_action,
            self._ws,
            chosen,
            fields,
            done=lambda made: self.say("adopted", name=made[1].title),
        )


# -- what a trainee fills in -----------------------------------------------------------------


class StoryForm(_Form):
    """Tell a story of change: what changed, for whom, and in which domain."""

    FORM = FormSpec(
        Story,
        layout=("title", "story", "domain", "date"),
        # The workbook's domains as buttons on a phone (a group's own come by import).
        controls={
            "story": Control("area", hint="followup.form.story_hint"),
            "domain": Control("toggles"),
        },
        hidden=("teller",),  # the participant the form is for
        words="followup.form",
    )

    def table_html(self) -> str:
        return views.stories_html(result(self._ws), self._lang)

    def shows(self) -> frozenset[str]:
        return super().shows() | {"participants"}


class StoryVotePanel(TallyPanel):
    """One participant's votes for the stories of this round (a vote per story at most)."""

    COUNTED = StoryVote
    ITEM = "story"
    WORDS = "followup.vote"
    KINDS = frozenset({"map_rounds"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        super().__init__(ws, participant)
        self.add_class("planning-followup")

    def items(self) -> list[tuple[str, str]]:
        return [
            (s.id, f"{s.title} · {views.domain_word(s.domain, self._lang)}")
            for s in self._ws.snapshot(Story)
        ]

    def key(self, item: str) -> dict[str, Any]:
        return {**super().key(item), "round": current_round(self._ws)}

    def counts(self) -> dict[str, int]:
        rnd, who = current_round(self._ws), self.who
        return {
            v.story: v.votes
            for v in self._ws.snapshot(StoryVote)
            if v.round == rnd and v.participant == who
        }

    def signs(self) -> tuple[str, str]:
        return ("✗ " + t("followup.vote.no", self._lang), "✓ " + t("followup.vote.yes", self._lang))

    def done_words(self, item: str, delta: int, count: int | None) -> str:
        return t("common.saved" if count is not None else "followup.vote.nothing", self._lang)

    def summary_html(self) -> str:
        if not self.who:
            return ""
        n = sum(self.counts().values())
        return lead(t("followup.vote.given", self._lang, n=n, round=current_round(self._ws)))


class ScoreForm(_Form):
    """Score the score card for one's group: a criterion, the group, the round, 1-5 and why."""

    FORM = FormSpec(
        ScorecardScore,
        layout=("criterion", "group", "round", "score", "reason"),
        controls={"reason": Control("area"), "group": Control("toggles")},
        words="followup.form",
    )

    def build(self) -> None:
        self.control("round").value = current_round(self._ws)

    def clear(self) -> None:
        super().clear()
        self.control("round").value = current_round(self._ws)

    def table_html(self) -> str:
        return views.scorecard_html(result(self._ws), self._lang)


# -- what the room projects ------------------------------------------------------------------


class LightsPanel(_Results):
    """The indicators and the activities with their lights (what the lights mean below)."""

    def draw(self) -> str:
        r = result(self._ws)
        return (
            views.indicators_html(r, self._lang)
            + views.activities_html(r, self._lang)
            + views.lights_legend(self._lang)
        )


class RealisationPanel(_Results):
    """Planned against spent, by funding source, bidang, strategy or need."""

    def __init__(self, ws: Workshop) -> None:
        which = [
            (t(f"followup.realisation.by_{b}", ws.lang), b)
            for b in ("source", "bidang", "strategy", "need")
        ]
        self._by = toggles("", which, "source")
        self._by.observe(lambda _: self.refresh(), names="value")
        super().__init__(ws, [self._by])

    def draw(self) -> str:
        return views.realisation_html(result(self._ws), self._lang, self._by.value)


class StoriesPanel(_Results):
    """The stories told so far, by domain."""

    def draw(self) -> str:
        return views.stories_html(result(self._ws), self._lang)


class SelectionPanel(_Results):
    """Per domain and round: the votes, the story selected and why, or the stories tied."""

    def draw(self) -> str:
        return views.selection_html(result(self._ws), self._lang)


class ScorecardPanel(_Results):
    """The score card: each criterion's score per group and round, its change, the gaps."""

    def draw(self) -> str:
        return views.scorecard_html(result(self._ws), self._lang)


class MapChangePanel(_Results):
    """How the partnership map changed between the rounds."""

    def draw(self) -> str:
        return views.map_change_html(result(self._ws), self._lang)


class OutcomesPanel(_Results):
    """Participation, kemandirian and quality of life over the rounds."""

    def draw(self) -> str:
        return views.outcomes_html(result(self._ws), self._lang)


class ReviewPanel(_Results):
    """The projector's review: the lights, the selected stories, the map's change."""

    def draw(self) -> str:
        r, lang = result(self._ws), self._lang
        head = f'<h3 class="planning-section">{esc(t("followup.review.map", lang))}</h3>'
        return (
            views.indicators_html(r, lang)
            + views.activities_html(r, lang)
            + views.lights_legend(lang)
            + head
            + views.map_change_html(r, lang)
        )
