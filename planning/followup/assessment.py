"""The follow-up's one result (``stages.result(ws, "followup")``): every light, realisation,
selection, score change and map change, from the store, the plan's records and the map as it
stood at each round: the map the round kept (``round_maps``, see ``planning.followup.rounds``),
else ``stages.result(ws.as_of(change), "stakeholders")``.

The plan is read through ``planning.actions.records`` (its activities and indicators, and its
year among its settings), the map only through the stakeholder stage's result.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from planning import stages
from planning.actions.records import Activity, Indicator, Objective, PlanSetting
from planning.followup.methods.lights import IndicatorLight, Reading, indicator_light
from planning.followup.methods.mapdiff import MapChange, Measures, diff_maps
from planning.followup.methods.money import ActivityState, Line, Visit, activity_state, realisation
from planning.followup.methods.msc import Choice, choose
from planning.followup.methods.outcomes import (
    OwnShare,
    RoundParticipation,
    own_share,
    participation,
)
from planning.followup.methods.scorecard import Gap, ScoreLine, gaps, score_lines
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
from planning.needs.records import Need
from planning.records import Participant, normalise_name

GAP_PAIRS = (("women", "men"), ("users", "providers"))
REALISATION_BY = ("source", "bidang", "strategy", "need")


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator of the plan with its light."""

    id: str
    name: str
    unit: str
    about: str  # the activity or objective it measures, by name
    baseline: float | None
    target: float | None
    baseline_date: dt.date
    target_date: dt.date
    outcome: str
    light: IndicatorLight
    evidence: str  # how its latest reading was checked


@dataclass(frozen=True)
class ActivityRow:
    """An activity of the plan with its visits and where it stands."""

    activity: Activity
    need: str  # by name
    state: ActivityState
    visits: tuple[Progress, ...]

    @property
    def photo(self) -> str:
        """Give the name of the latest visit's photo ("" for none)."""
        return next((v.photo for v in reversed(self.visits) if v.photo), "")


@dataclass(frozen=True)
class MapStep:
    """The map's change from one round to the next, actors named."""

    before: MapRound
    after: MapRound
    change: MapChange
    names: dict[str, str]
    questions: dict[str, str]


@dataclass(frozen=True)
class FollowupResult:
    """Everything the follow-up says, for the panels, the summary and the handout."""

    year: int
    indicators: tuple[IndicatorRow, ...]
    activities: tuple[ActivityRow, ...]
    realisation: dict[str, tuple[Line, ...]]
    stories: dict[str, Story]
    choices: tuple[Choice, ...]
    selections: dict[tuple[str, int], StorySelection]
    criteria: dict[str, ScorecardCriterion]
    score_lines: tuple[ScoreLine, ...]
    gaps: tuple[Gap, ...]
    rounds: tuple[MapRound, ...]
    map_steps: tuple[MapStep, ...]
    participation: tuple[RoundParticipation, ...]
    own_share: OwnShare
    agreed: tuple[AgreedAction, ...]
    named: frozenset[str] = field(default_factory=frozenset)  # participants who consent
    people: dict[str, Participant] = field(default_factory=dict)

    @property
    def current_round(self) -> int:
        """Give the round now: the latest one named, or 1."""
        return max((r.round for r in self.rounds), default=1)

    def teller(self, story: Story) -> str:
        """Give who told a story as a handout may say it: their name only with consent."""
        who = self.people.get(story.teller)
        return who.name if who is not None and who.id in self.named else ""

    def lights(self) -> dict[str, int]:
        """Give how many indicators have each light."""
        out = {k: 0 for k in ("green", "amber", "red", "none")}
        for row in self.indicators:
            out[row.light.light] += 1
        return out


def result(ws: Any) -> FollowupResult:
    """Give the follow-up's result (kept while nothing it reads changed)."""
    found: FollowupResult = stages.result(ws, "followup")
    return found


def plan_year(ws: Any) -> int:
    """Give the plan's year: its setting, else the workshop's year, else this year."""
    for s in ws.snapshot(PlanSetting):
        if s.setting == "year" and s.value.strip().isdigit():
            return int(s.value)
    date = ws.info().date
    return int(date[:4]) if date else dt.date.today().year


def _day(text: str, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(text) if text else default


def compute(ws: Any) -> FollowupResult:
    """Compute the follow-up's result (the stage declares it; read it with :func:`result`)."""
    year = plan_year(ws)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    acts = {a.id: a for a in ws.snapshot(Activity)}
    objs = {o.id: o for o in ws.snapshot(Objective)}
    needs = {n.id: n.title for n in ws.snapshot(Need)}
    people = {p.id: p for p in ws.snapshot(Participant)}
    readings: dict[str, list[IndicatorReading]] = {}
    for r in ws.snapshot(IndicatorReading):
        readings.setdefault(r.indicator, []).append(r)
    indicators = []
    for ind in ws.snapshot(Indicator):
        mine = sorted(readings.get(ind.id, ()), key=lambda r: r.date)
        target_day = _day(ind.target_date, last)
        baseline_day = _day(ind.baseline_date, first)  # by default the plan's first day
        shown = indicator_light(
            [Reading(dt.date.fromisoformat(r.date), r.value) for r in mine],
            ind.baseline,
            ind.target,
            baseline_day,
            target_day,
        )
        about = acts[ind.activity].title if ind.activity in acts else ""
        about = about or (objs[ind.objective].text if ind.objective in objs else "")
        indicators.append(
            IndicatorRow(
                ind.id,
                ind.name,
                ind.unit,
                about,
                ind.baseline,
                ind.target,
                baseline_day,
                target_day,
                ind.outcome,
                shown,
                mine[-1].evidence if mine else "",
            )
        )
    visits: dict[str, list[Progress]] = {}
    for v in ws.snapshot(Progress):
        visits.setdefault(v.activity, []).append(v)
    rows = []
    for a in acts.values():
        mine_v = tuple(sorted(visits.get(a.id, ()), key=lambda v: v.date))
        state = activity_state(
            [Visit(dt.date.fromisoformat(v.date), v.physical, v.spent, v.status) for v in mine_v],
            _day(a.start, first),
            _day(a.end, last),
            a.cost,
        )
        rows.append(ActivityRow(a, needs.get(a.need, ""), state, mine_v))
    # The money is the village budget's (APBDes): a proposal to the Musrenbang is not spent here.
    funded = [a for a in acts.values() if a.destination == "village_budget"]
    planned = {a.id: a.cost for a in funded}
    spent = {r.activity.id: r.state.spent for r in rows}
    real = {
        by: realisation(
            planned,
            spent,
            {a.id: needs.get(a.need, "") if by == "need" else getattr(a, by) for a in funded},
        )
        for by in REALISATION_BY
    }
    by_source_planned = {x.key: x.planned for x in real["source"] if x.key}
    by_source_spent = {x.key: x.spent for x in real["source"] if x.key}
    stories = {s.id: s for s in ws.snapshot(Story)}
    votes = ws.snapshot(StoryVote)
    selections = {(s.domain, s.round): s for s in ws.snapshot(StorySelection)}
    rounds = tuple(sorted(ws.snapshot(MapRound), key=lambda r: r.round))
    vote_rounds = {v.round for v in votes} | {r.round for r in rounds} | {k[1] for k in selections}
    choices = choose(
        {s.id: s.domain for s in stories.values()},
        [(v.story, v.round, v.votes) for v in votes],
        vote_rounds or {1},
    )
    criteria = {c.id: c for c in ws.snapshot(ScorecardCriterion)}
    scores = [s for s in ws.snapshot(ScorecardScore) if s.criterion in criteria]
    lines = score_lines((s.criterion, s.group, s.round, s.score) for s in scores)
    found_gaps = tuple(g for a, b in GAP_PAIRS for g in gaps(lines, a, b))
    return FollowupResult(
        year=year,
        indicators=tuple(indicators),
        activities=tuple(rows),
        realisation=real,
        stories=stories,
        choices=choices,
        selections=selections,
        criteria=criteria,
        score_lines=lines,
        gaps=found_gaps,
        rounds=rounds,
        map_steps=tuple(_map_steps(ws, rounds)),
        participation=participation(_contributors(votes, scores, people), _genders(people)),
        own_share=own_share(by_source_planned, by_source_spent),
        agreed=tuple(ws.snapshot(AgreedAction)),
        named=frozenset(p.id for p in people.values() if p.consent),
        people=people,
    )


def _genders(people: dict[str, Participant]) -> dict[str, str]:
    return {p.id: p.gender for p in people.values()}


def _contributors(
    votes: Iterable[StoryVote], scores: Iterable[ScorecardScore], people: dict[str, Participant]
) -> dict[int, list[str]]:
    by_name = {normalise_name(p.name): p.id for p in people.values()}
    out: dict[int, list[str]] = {}
    for v in votes:
        out.setdefault(v.round, []).append(v.participant)
    for s in scores:
        who = by_name.get(normalise_name(s.entered_by))
        if who:
            out.setdefault(s.round, []).append(who)
    return out


def map_at(ws: Any, change: int) -> Any:
    """Give the map's analysis as it stood right after ``change`` (computed once: the past
    does not change)."""
    return stages.memo(
        ws, ("followup.map", change), (), lambda: stages.result(ws.as_of(change), "stakeholders")
    )


def round_map(ws: Any, rnd: MapRound, kept: dict[int, str]) -> Any:
    """Give the map's analysis at a round: over the map the round kept (``round_maps``, which
    every copy carries), else as the workshop's history has it after the round's change; None
    when neither is there (a view of the past holds no history of its own)."""
    from planning.followup.rounds import kept_map

    text = kept.get(rnd.round)
    found = kept_map(ws, text) if text is not None else None
    if found is None and hasattr(ws, "as_of"):
        found = map_at(ws, rnd.change)
    return found


def _map_steps(ws: Any, rounds: tuple[MapRound, ...]) -> list[MapStep]:
    from planning.followup.rounds import kept_texts

    kept = kept_texts(ws)
    out = []
    for before, after in itertools.pairwise(rounds):
        a0, a1 = round_map(ws, before, kept), round_map(ws, after, kept)
        if a0 is None or a1 is None:
            continue
        change = diff_maps(
            a0.graph,
            a1.graph,
            before_measures=_measures(a0),
            after_measures=_measures(a1),
        )
        names = {**a0.names, **a1.names}
        questions = {q.id: q.name for q in (*a0.questions, *a1.questions)}
        out.append(MapStep(before, after, change, names, questions))
    return out


def _measures(a: Any) -> Measures:
    return Measures(
        {k: m.betweenness for k, m in a.metrics.items()},
        {k: m.closeness for k, m in a.metrics.items()},
    )
