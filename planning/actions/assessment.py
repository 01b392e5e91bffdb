"""The action plan of a stored workshop, checked: the pure methods wired to the store.

:func:`plan_view` reads the stage's records once, with the results of the needs (stage 1: the
priority order and which needs are the priorities) and of the partnership map (stage 2: the
actors and the partners it suggests), through ``stages.result``, and turns them into the plain
:class:`~planning.actions.methods.model.Plan` the methods take. :func:`review`, the stage's one
public result (``stages.result(ws, "actions")``), runs every check, the totals, the year's
rules, the ceiling selection, the vote-based allocations and the RACI matrix on it. Both are
kept in the stages' one memo while the kinds they read are the same objects (the store hands
out the same tuple while a kind is unchanged), so a panel redraws in milliseconds.

Inside the methods, needs, objectives, activities, indicators and risks have short ids in the
order they were entered (``N1``, ``G1``/``P1``/``O1`` by level, ``A01``...): the logframe shows
them as references, and ties (between activities of equal rank and votes, between equal votes
in pabutools) are broken the same way in any workshop holding the same plan. Actors keep their
record ids. :attr:`PlanView.store_id` maps a short id back to its record.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planning import stages
from planning.actions.methods.checks import Finding, _finding, check_plan
from planning.actions.methods.model import (
    Activity as MActivity,
)
from planning.actions.methods.model import (
    Indicator as MIndicator,
)
from planning.actions.methods.model import (
    MapInfo,
    Plan,
)
from planning.actions.methods.model import (
    Need as MNeed,
)
from planning.actions.methods.model import (
    Objective as MObjective,
)
from planning.actions.methods.model import (
    Risk as MRisk,
)
from planning.actions.records import (
    Activity,
    ActivityVote,
    Ceiling,
    Indicator,
    Objective,
    PlanSetting,
    Risk,
    split_names,
)
from planning.actions.rules import bidang_ref
from planning.actions.settings import PlanConfig, plan_config, workshop_folder, year_rules
from planning.errors import Msg, PlanningError
from planning.records import MKP, Participant, normalise_name
from planning.store import Workshop

if TYPE_CHECKING:
    from planning.actions.methods.allocation import AllocationComparison
    from planning.actions.methods.budget import BudgetTotals, CeilingSelection, RuleReport
    from planning.actions.methods.raci import Raci
    from planning.actions.methods.reference import YearRules

LEVEL_PREFIX = {"goal": "G", "purpose": "P", "output": "O"}


def _codes(prefix: str, count: int) -> list[str]:
    """Give ``count`` short ids that sort as numbers do.

    Examples
    --------
    >>> _codes("A", 3), _codes("A", 12)[:2]
    (['A1', 'A2', 'A3'], ['A01', 'A02'])
    """
    width = len(str(count))
    return [f"{prefix}{i:0{width}d}" for i in range(1, count + 1)]


def priority_needs(ws: Workshop) -> list[tuple[str, str, int]]:
    """Give every need of stage 1 as ``(id, title, rank)`` in priority order, as the needs'
    result orders them (the combined ranking, then the needs nobody ranked yet)."""
    return [(p.need, p.title, p.rank) for p in stages.result(ws, "needs").order]


@dataclass(frozen=True)
class PlanView:
    """The stored plan as the pure methods see it.

    ``ballots`` maps a participant's name to the short ids of the activities they approved (or
    to their dots per activity); ``store_id`` maps every short id to its record id;
    ``titles`` every short id and actor id to its name; ``rules`` is None when the year-rules
    file cannot be read (``rules_problem`` says why). ``map`` is the map's result
    (``stages.result(ws, "stakeholders")``: ``names``, ``reaches_group(actor)``,
    ``suggested(need)``...); ``top`` the short ids of the priority needs.
    """

    plan: Plan
    config: PlanConfig
    rules: YearRules | None
    rules_problem: PlanningError | None
    ceilings: dict[str, int]
    ballots: dict[str, Any]
    map: Any
    store_id: dict[str, str]
    titles: dict[str, str]
    accountable: str | None
    top: tuple[str, ...]
    voters: int = 0
    records: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def village_ceilings(self) -> dict[str, int]:
        """Give the part of each ceiling the village plans (the pagu reguler: the ceiling less
        what the year's rules pay from outside the village budget)."""
        return self.rules.village_ceilings(self.ceilings) if self.rules else dict(self.ceilings)

    def model_id(self, record_id: str) -> str:
        """Give the short id of a record id ("" when it has none)."""
        return next((m for m, r in self.store_id.items() if r == record_id), "")

    def title(self, model_or_actor_id: str) -> str:
        """Give the name of a short id or an actor id (the id itself when unknown)."""
        return self.titles.get(model_or_actor_id, model_or_actor_id)

    def activity(self, model_id: str) -> MActivity | None:
        """Give the activity with this short id."""
        return next((a for a in self.plan.activities if a.id == model_id), None)


class Reader:
    """The records of one workshop read once for one computation: each kind's snapshot and the
    workshop's own record, asked for as often as needed."""

    def __init__(self, ws: Workshop) -> None:
        self.ws = ws
        self._read: dict[Any, tuple[Any, ...]] = {}
        self._info: Any = None

    def __call__(self, kind: Any) -> tuple[Any, ...]:
        name = kind if isinstance(kind, str) else kind.KIND
        if name not in self._read:
            self._read[name] = self.ws.snapshot(kind)
        return self._read[name]

    def info(self) -> Any:
        if self._info is None:
            self._info = self.ws.info()
        return self._info


def config_of(ws: Workshop, read: Reader | None = None) -> PlanConfig:
    """Give the plan's settings, defaults filled in."""
    read = read or Reader(ws)
    values = {r.setting: r.value for r in read(PlanSetting)}
    return plan_config(values, workshop_date=read.info().date, folder=workshop_folder(ws))


def rules_stamp(ws: Workshop) -> tuple[str, float | None]:
    """Give the year-rules file the plan reads and when it last changed (None: unreadable),
    which the plan's result depends on beside the records."""
    rules_file = config_of(ws).rules_path
    try:
        return str(rules_file), rules_file.stat().st_mtime
    except OSError:
        return str(rules_file), None


def plan_view(ws: Workshop) -> PlanView:
    """Give the stored plan as the methods see it (see :class:`PlanView`), reused while
    nothing the plan's result reads changed."""
    view: PlanView = stages.memo(
        ws, ("actions", "view"), stages.inputs(ws, "actions"), lambda: _plan_view(Reader(ws))
    )
    return view


def _date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def _plan_view(read: Reader) -> PlanView:
    ws = read.ws
    config = config_of(ws, read)
    rules: YearRules | None = None
    problem: PlanningError | None = None
    try:
        rules = year_rules(config.rules_path)
    except PlanningError as err:
        problem = err
    except OSError:
        from planning.errors import ValidationError

        problem = ValidationError(
            "error.file_format",
            field=Msg("actions.setting.rules_file"),
            value=config.rules_file,
            allowed=Msg("actions.allowed.year_file"),
        )
    assessed = stages.result(ws, "needs")
    ranked = [(p.need, p.title, p.rank) for p in assessed.order]
    top = [p.need for p in assessed.priorities]
    mv = stages.result(ws, "stakeholders")

    store_id: dict[str, str] = {}
    titles: dict[str, str] = dict(mv.names)
    need_ids = dict(zip((n for n, _, _ in ranked), _codes("N", len(ranked)), strict=True))
    needs = tuple(MNeed(need_ids[n], title, rank) for n, title, rank in ranked)
    for n, title, _ in ranked:
        store_id[need_ids[n]] = n
        titles[need_ids[n]] = title

    objectives_records = read(Objective)
    obj_ids: dict[str, str] = {}
    for level, prefix in LEVEL_PREFIX.items():
        chosen = [o for o in objectives_records if o.level == level]
        obj_ids.update(zip((o.id for o in chosen), _codes(prefix, len(chosen)), strict=True))
    objectives = tuple(
        MObjective(obj_ids[o.id], need_ids.get(o.need, ""), o.level, o.text)
        for o in objectives_records
    )
    for o in objectives_records:
        store_id[obj_ids[o.id]] = o.id
        titles[obj_ids[o.id]] = o.text

    acts = read(Activity)
    act_ids = dict(zip((a.id for a in acts), _codes("A", len(acts)), strict=True))
    votes_records = read(ActivityVote)
    support: dict[str, int] = {}
    for v in votes_records:
        support[v.activity] = support.get(v.activity, 0) + v.votes
    by_name = {normalise_name(name): actor for actor, name in mv.names.items()}
    # An activity answering a need the women's deliberation proposed keeps that origin.
    mkp_needs = {n.id for n in assessed.needs if n.origin == MKP}
    activities = []
    for a in acts:
        partners = tuple(by_name.get(normalise_name(p), p) for p in split_names(a.partners))
        # The model's activity holds the record's fields, with its references as the plan's
        # codes and its dates as dates.
        fields = a.data() | {
            "id": act_ids[a.id],
            "objective": obj_ids.get(a.objective, ""),
            "need": need_ids.get(a.need, ""),
            "partners": partners,
            "start": _date(a.start),
            "end": _date(a.end),
            "votes": support.get(a.id, 0),
            "origin": MKP if a.origin == MKP or a.need in mkp_needs else a.origin,
        }
        activities.append(MActivity(**fields))
        store_id[act_ids[a.id]] = a.id
        titles[act_ids[a.id]] = a.title

    def target(record: Any) -> tuple[str, str]:
        if record.activity:
            return "activity", act_ids.get(record.activity, "")
        return "objective", obj_ids.get(record.objective, "")

    ind_records = read(Indicator)
    indicators = []
    for i, code in zip(ind_records, _codes("I", len(ind_records)), strict=True):
        kind, on = target(i)
        indicators.append(
            MIndicator(
                code,
                kind,
                on,
                i.name,
                i.unit,
                i.baseline,
                i.target,
                _date(i.target_date) if i.target_date else None,
                i.verification,
                "" if i.outcome == "none" else i.outcome,
                i.dimension,
                i.sdg,
            )
        )
        store_id[code] = i.id
        titles[code] = i.name
    risk_records = read(Risk)
    risks = []
    for r, code in zip(risk_records, _codes("R", len(risk_records)), strict=True):
        kind, on = target(r)
        risks.append(MRisk(code, kind, on, r.text, r.likelihood, r.impact, r.mitigation))
        store_id[code] = r.id
        titles[code] = r.text

    suggestions = {
        need_ids[n.need]: [p.actor for p in n.partners] for n in mv.partners if n.need in need_ids
    }
    map_info = MapInfo(
        actors=dict(mv.names),
        reaches_community={a: mv.reaches_group(a) for a in mv.names},
        suggestions=suggestions,
        community_groups=mv.community_groups,
        links=mv.neighbours,
    )
    from planning.actions.methods.budget import mark_paid_outside

    activities = mark_paid_outside(activities, rules)
    plan = Plan(
        config.year, needs, objectives, tuple(activities), tuple(indicators), tuple(risks), map_info
    )
    people = {p.id: p.name for p in read(Participant)}
    ballots: dict[str, Any] = {}
    # Votes on an activity the year's rules pay from outside the village budget stay stored
    # but are not shared out.
    outside = {a.id for a in activities if a.paid_outside}
    for v in votes_records:
        if v.votes <= 0 or v.activity not in act_ids or act_ids[v.activity] in outside:
            continue
        voter = people.get(v.participant, v.participant)
        if config.ballot == "dots":
            ballots.setdefault(voter, {})[act_ids[v.activity]] = v.votes
        else:
            ballots.setdefault(voter, []).append(act_ids[v.activity])
    accountable = by_name.get(normalise_name(config.accountable)) if config.accountable else None
    return PlanView(
        plan=plan,
        config=config,
        rules=rules,
        rules_problem=problem,
        ceilings={c.source: c.amount for c in read(Ceiling)},
        ballots=ballots,
        map=mv,
        store_id=store_id,
        titles=titles,
        accountable=accountable,
        top=tuple(need_ids[n] for n in top),
        voters=len(ballots),
    )


# -- the review ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """Everything the checks and budgets say about the stored plan.

    ``totals`` add up every activity, ``village`` only those of the village budget;
    ``allocation`` is None when nobody voted or no budget is known (``allocation_note`` says
    which).
    """

    view: PlanView
    findings: tuple[Finding, ...]
    totals: BudgetTotals
    village: BudgetTotals
    reports: tuple[RuleReport, ...]
    selection: CeilingSelection
    allocation: AllocationComparison | None
    allocation_note: Msg | None
    vote_budget: int
    raci: Raci

    @property
    def funded(self) -> tuple[MActivity, ...]:
        """The one selection of what the village budget pays that every reader shows (the RKP
        Desa, the boards, the summary): what fits under the ceilings, or, while no ceiling is
        set, everything the village budget pays."""
        if self.view.ceilings:
            return self.selection.funded
        return tuple(a for a in self.view.plan.activities if a.in_village_budget)


def review(ws: Workshop) -> Review:
    """Give every check, total, rule, the ceiling selection, the vote-based allocations and
    the RACI matrix of the stored plan (see :class:`Review`): the stage's one public result,
    ``stages.result(ws, "actions")``, reused while nothing it reads changed."""
    found: Review = stages.result(ws, "actions")
    return found


def compute_review(ws: Workshop) -> Review:
    """Give the review of the stored plan, computed now (what the stage declares as its
    result; read it through :func:`review`)."""
    return _review(plan_view(ws))


def vote_budget(view: PlanView) -> int:
    """Give the budget the votes share out: the setting, else the ceilings of the sources the
    voted activities are paid from."""
    if view.config.vote_budget is not None:
        return view.config.vote_budget
    voted = {a for ballot in view.ballots.values() for a in ballot}
    sources = {a.source for a in view.plan.activities if a.id in voted}
    return sum(amount for source, amount in view.village_ceilings.items() if source in sources)


def candidates(view: PlanView) -> list[MActivity]:
    """Give the activities put to the vote: those of the village budget."""
    return [a for a in view.plan.activities if a.in_village_budget]


def _review(view: PlanView) -> Review:
    from planning.actions.methods.budget import (
        apply_year_rules,
        budget_totals,
        select_within_ceiling,
    )
    from planning.actions.methods.raci import raci_matrix

    plan = view.plan
    findings = check_plan(
        plan,
        bidang=bidang_ref(),
        rules=view.rules,
        ceilings=view.ceilings,
        top_n=view.config.top_n,
    )
    findings += _settings_findings(view)
    reports = apply_year_rules(plan.activities, view.rules, view.ceilings) if view.rules else []
    budget = vote_budget(view)
    allocation = None
    note: Msg | None = None
    if not view.ballots:
        note = Msg("actions.vote.nobody")
    elif budget <= 0:
        note = Msg("actions.vote.no_budget")
    else:
        from planning.actions.allocations import compare

        allocation = compare(candidates(view), view.ballots, budget)
    return Review(
        view=view,
        findings=tuple(findings),
        totals=budget_totals(plan.activities),
        village=budget_totals(plan.activities, destination="village_budget"),
        reports=tuple(reports),
        selection=select_within_ceiling(plan.activities, view.village_ceilings, plan.needs),
        allocation=allocation,
        allocation_note=note,
        vote_budget=budget,
        raci=raci_matrix(plan.activities, plan.map_info, accountable=view.accountable),
    )


def _settings_findings(view: PlanView) -> list[Finding]:
    """Findings about the plan's settings: a rules file that cannot be read, or is another
    year's."""
    found = []
    if view.rules_problem is not None:
        found.append(
            _finding(
                "rules_file_problem",
                "rules",
                view.config.rules_file,
                {
                    "file": view.config.rules_file,
                    "problem": Msg(view.rules_problem.key, **view.rules_problem.fields),
                },
                {"file": view.config.rules_file},
                severity="error",
            )
        )
    elif view.rules is not None and view.rules.year != view.config.year:
        found.append(
            _finding(
                "rules_other_year",
                "rules",
                str(view.rules.year),
                {"file": view.config.rules_file, "year": view.rules.year, "plan": view.config.year},
                {"plan": view.config.year},
            )
        )
    return found
