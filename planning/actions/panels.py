"""The action-planning panels: plan settings, logframe (objectives and risks), the activity form,
the indicator editor, votes on activities, the checks, the budget view, the timeline and the
official tables.

The editors are :class:`~planning.widgets.forms.RecordForm` s declared from the records' specs
and the votes a :class:`~planning.widgets.forms.TallyPanel`; every write goes through
``Panel.attempt``, so a refused one shows its message in the workshop's language, leaves the
store as it was and the form as the person typed it. Every panel redraws when the kinds it
shows change, whichever panel, kernel or command wrote them; what a person is typing stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as w

from planning.actions import commands
from planning.actions.assessment import Review, config_of, plan_view, priority_needs, review
from planning.actions.exports import tables
from planning.actions.methods.vocab import LEVELS, OUTCOMES
from planning.actions.records import (
    BALLOTS,
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
from planning.actions.settings import rules_file_label, shipped_rules_files
from planning.actions.views import (
    activities_html,
    allocation_html,
    bidang_html,
    ceilings_html,
    checks_html,
    gantt_html,
    indicators_html,
    laid_out_html,
    raci_html,
    rules_about,
    rules_html,
    selection_html,
    strategy_words,
    totals_html,
)
from planning.actions.words import say
from planning.i18n import fmt_number, label, t
from planning.influence import women_target
from planning.render.html import lead, note
from planning.stakeholders.records import Stakeholder
from planning.store import Workshop
from planning.widgets.common import (
    HtmlPanel,
    Panel,
    Status,
    button,
    buttons,
    line,
    options,
    shown,
    status_html,
)
from planning.widgets.forms import (
    Control,
    FieldControl,
    FormSpec,
    Heading,
    RecordForm,
    Slot,
    TallyPanel,
    chooser,
    keep_options,
    toggles,
)

__all__ = [
    "ActivityForm",
    "ActivityVotePanel",
    "BudgetPanel",
    "CeilingForm",
    "ChecksPanel",
    "GanttPanel",
    "IndicatorEditor",
    "LogframePanel",
    "ObjectiveForm",
    "PlanSettingsPanel",
    "PlanTablesPanel",
    "RiskForm",
]

_EMPTY = ("", "")
# The settings in the order shown, each "dropdown" or typed ("").
_SETTINGS = {"year": "", "top_n": "dropdown", "rules_file": "dropdown", "ballot": "dropdown",
             "vote_budget": "", "accountable": "dropdown", "provinsi": "", "kode_desa": "",
             "kepala_desa": "", "ketua_bpd": "", "women_target": ""}  # fmt: skip
_FORM_SETTINGS = ("provinsi", "kode_desa", "kepala_desa", "ketua_bpd")
"""The forms' header and signature blocks and the village's code (OpenSID's file)."""


def _fields(*widgets: w.Widget) -> w.HBox:
    found = w.HBox(list(widgets))
    found.add_class("planning-fields")
    return found


class _PlanForm(RecordForm):
    """A record editor of the action plan: the stage's styles, its records named by plan id."""

    def __init__(self, ws: Workshop, participant: str = "", **kw: Any) -> None:
        super().__init__(ws, participant, **kw)
        self.add_class("planning-actions")

    def need_options(self) -> list[tuple[str, str]]:
        """Give the priority needs, best first."""
        return [_EMPTY, *((f"{rank}. {title}", n) for n, title, rank in priority_needs(self._ws))]

    def objective_options(self) -> list[tuple[str, str]]:
        """Give the objectives, goals first."""
        view = plan_view(self._ws)
        found = sorted(view.plan.objectives, key=lambda o: (LEVELS.index(o.level), o.id))
        return [_EMPTY, *((f"{o.id} · {o.text}", view.store_id[o.id]) for o in found)]

    def activity_options(self) -> list[tuple[str, str]]:
        """Give the activities of the plan."""
        view = plan_view(self._ws)
        acts = view.plan.activities
        return [_EMPTY, *((f"{a.id} · {a.title}", view.store_id[a.id]) for a in acts)]


class _PlanPanel(HtmlPanel):
    """A view of the plan (the stage's result) under the stage's styles."""

    RESULT = "actions"

    def __init__(self, ws: Workshop, head: list[w.Widget] | None = None) -> None:
        super().__init__(ws, head or [])
        self.add_class("planning-actions")


# -- settings -------------------------------------------------------------------------------


class PlanSettingsPanel(Panel):
    """The plan's year, the Dana Desa rules file, how many needs are priorities, how people
    vote on activities and the budget the votes share out, who is accountable, and the forms'
    province, village code, Kepala Desa and Ketua BPD (each a
    :class:`PlanSetting` record, so one form of all of them rather than a record form)."""

    RESULT = "actions"

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        spec = PlanSetting.specs()["value"]
        self._boxes = {
            s: FieldControl(PlanSetting.KIND, "value", spec,
                            Control(how, label=f"actions.setting.{s}"), lang)
            for s, how in _SETTINGS.items()
        }  # fmt: skip
        self._boxes["ballot"].set_options([(label("actions.ballot", b, lang), b) for b in BALLOTS])
        self._about = w.HTML()
        self._status = Status()
        save = button(t("common.save", lang))
        save.on_click(lambda _: self.save())
        self.refresh()
        b = {s: c.widget for s, c in self._boxes.items()}
        super().__init__(
            ws,
            [_fields(b["year"], b["top_n"]), b["rules_file"], self._about,
             _fields(b["ballot"], b["vote_budget"]), b["accountable"],
             _fields(b["provinsi"], b["kode_desa"]), _fields(b["kepala_desa"], b["ketua_bpd"]),
             b["women_target"], buttons(save), self._status],
        )  # fmt: skip
        self.add_class("planning-actions")

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now, by setting."""
        return {s: box.value for s, box in self._boxes.items()}

    def fill(self, **fields: Any) -> None:
        """Type into the form (``year="2027"``, ``top_n="4"``...)."""
        for setting, value in fields.items():
            self._boxes[setting].value = value

    def save(self) -> None:
        """Store every setting that changed (all of them, or none when one does not fit)."""
        stored = {r.setting: r.value for r in self._ws.records(PlanSetting)}
        defaults = self._defaults()
        changed = [
            {"setting": s, "value": str(v or "")}
            for s, v in self.fields.items()
            if str(v or "") != stored.get(s, defaults[s]) and str(v or "") != defaults[s]
        ]
        self.attempt(
            self._ws.put_many, PlanSetting, changed, done=lambda _: t("common.saved", self._lang)
        )

    def _defaults(self) -> dict[str, str]:
        config = config_of(self._ws)
        budget = "" if config.vote_budget is None else str(config.vote_budget)
        return {"year": str(config.year), "rules_file": config.rules_file,
                "top_n": str(config.top_n), "ballot": config.ballot, "vote_budget": budget,
                "accountable": config.accountable,
                "women_target": str(women_target(self._ws)),
                **{s: getattr(config, s) for s in _FORM_SETTINGS}}  # fmt: skip

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        view = plan_view(self._ws)
        config, b = view.config, self._boxes
        files = shipped_rules_files()
        named = dict.fromkeys([*files, config.rules_file])
        b["rules_file"].set_options((rules_file_label(f, self._lang), f) for f in named)
        count = max(len(self._ws.snapshot("needs")), config.top_n, 1)
        b["top_n"].set_options((str(n), str(n)) for n in range(1, count + 1))
        actors = sorted(
            (a.display_name() for a in self._ws.snapshot(Stakeholder)), key=str.casefold
        )
        b["accountable"].set_options([_EMPTY, *((n, n) for n in actors)])
        if not kinds or kinds & {"plan_settings", "workshop"}:  # else what is typed stays
            budget = (
                "" if config.vote_budget is None else fmt_number(config.vote_budget, self._lang)
            )
            self.fill(year=str(config.year), rules_file=config.rules_file, vote_budget=budget,
                      top_n=str(config.top_n), ballot=config.ballot,
                      accountable=config.accountable,
                      women_target=str(women_target(self._ws)),
                      **{s: getattr(config, s) for s in _FORM_SETTINGS})  # fmt: skip
        self._about.value = rules_about(view.rules, self._lang)


# -- logframe: objectives and risks ---------------------------------------------------------


class ObjectiveForm(_PlanForm):
    """Add or edit an objective of a priority need: a goal, a purpose or an output."""

    FORM = FormSpec(
        Objective,
        layout=(Heading("actions.logframe.objectives"), ("need", "level"), "text"),
        controls={"need": Control(options="need_options")},
    )
    RESULT = "needs"  # its needs are the priorities


class RiskForm(_PlanForm):
    """Add or edit a risk to an activity or an objective, or an assumption it rests on."""

    FORM = FormSpec(
        Risk,
        layout=(
            Heading("actions.logframe.risks"),
            ("activity", "objective", "kind"),
            "text",
            ("likelihood", "impact"),
            "mitigation",
        ),
        controls={
            "activity": Control(options="activity_options"),
            "objective": Control(options="objective_options"),
            "likelihood": Control("dropdown", options="scale"),
            "impact": Control("dropdown", options="scale"),
        },
    )

    def scale(self) -> list[tuple[str, int]]:
        """Give the three steps of how likely and how serious."""
        return [(f"{n} {t(f'actions.scale.{n}', self._lang)}", n) for n in (1, 2, 3)]


class LogframePanel(_PlanPanel):
    """Objectives per priority need (goal, purpose, outputs), risks and assumptions, and the
    logframe they make."""

    def __init__(self, ws: Workshop) -> None:
        self.objectives = ObjectiveForm(ws)
        self.risks = RiskForm(ws)
        super().__init__(ws, [self.objectives, self.risks])

    @property
    def table(self) -> str:
        """The logframe as shown (HTML)."""
        return self.html

    def draw(self) -> str:
        return laid_out_html(tables(self._ws, self._lang)["logframe"], self._lang)


# -- the activity form ----------------------------------------------------------------------


def _codes_options(name: str, lang: str) -> list[tuple[str, str]]:
    from planning.actions.methods.villagecodes import load_codes

    codes = load_codes(name)
    return [_EMPTY, *((codes.named(c, lang), c) for c in codes.codes)]


class ActivityForm(_PlanForm):
    """Add or edit an activity: its need and objective, the way of empowering, who leads and
    who partners (the map's suggestions for the need first), where, when, for whom, the cost,
    the funding source, the bidang and whether the village pays or proposes it upwards."""

    FORM = FormSpec(
        Activity,
        layout=(
            Heading("actions.form.what"),
            "title",
            ("need", "objective"),
            "strategy",
            Heading("actions.form.who"),
            Slot("suggested"),
            "lead",
            Slot("lead_hint"),
            Slot("partners"),
            "implementer",
            Heading("actions.form.where_when"),
            ("dusun", "volume", "unit"),
            ("start", "end"),
            ("men", "women"),
            ("poor_households", "pkh_families"),
            "pkh_support",
            Heading("actions.form.money"),
            ("cost", "wage", "source"),
            ("bidang", "sub_bidang"),
            ("dd_focus", "budget_part"),
            ("mode", "destination", "status"),
            "authority",
            "origin",
        ),
        controls={
            "need": Control(options="need_options"),
            "objective": Control(options="objective_options"),
            "lead": Control(options="lead_options"),
            "bidang": Control("dropdown", options="bidang_options"),
            "sub_bidang": Control("dropdown", options="sub_bidang_options"),
            "dd_focus": Control("dropdown", options="focus_options"),
            "pkh_support": Control("dropdown", options="pkh_options"),
        },
        hidden=("partners",),  # ticked from the map's actors, in its slot
        words="actions.form",
        trainee=(  # what a trainee knows; the facilitator completes the rest
            Heading("actions.form.what"),
            "title",
            "need",
            Heading("actions.form.where_when"),
            "dusun",
            ("start", "end"),
            "cost",
        ),
    )
    RESULT = "stakeholders"  # the priority needs and the map's actors and suggestions

    def build(self) -> None:
        self._partners: dict[str, w.Checkbox] = {}
        self._partner_box = w.HBox()
        self._partner_box.add_class("planning-checks")
        self._slots["partners"].children = [
            line(t("field.activities.partners", self._lang), "planning-hint"),
            self._partner_box,
        ]
        self._lead_hint = w.HTML()
        self._slots["lead_hint"].children = [self._lead_hint]
        self._suggestion_keys: list[tuple[str, str]] = []
        if self.trainee:  # the trainee's form: no objective, actors or bidang to follow
            return
        self.control("need").widget.observe(lambda _: self._need_changed(), names="value")
        self.control("bidang").widget.observe(lambda _: self._bidang_changed(), names="value")
        self.control("lead").widget.observe(lambda _: self._show_lead_hint(), names="value")

    # -- option lists of the form --

    def objective_options(self) -> list[tuple[str, str]]:
        """Give the objectives of the need chosen."""
        view, need = plan_view(self._ws), self.control("need").value
        found = [o for o in view.plan.objectives if need and view.store_id.get(o.need) == need]
        return [_EMPTY, *((f"{o.id} · {o.text}", view.store_id[o.id]) for o in found)]

    def lead_options(self) -> list[tuple[str, str]]:
        """Give the map's actors."""
        return [_EMPTY, *options(self._ws.records(Stakeholder), "name")]

    def pkh_options(self) -> list[tuple[str, str]]:
        """Give the PKH components and P2K2 modules an activity may support."""
        return _codes_options("pkh", self._lang)

    def bidang_options(self) -> list[tuple[str, str]]:
        """Give the bidang of the village budget."""
        return [_EMPTY, *((f"{c} {n.text(self._lang)}", c) for c, n in bidang_ref().bidang.items())]

    def sub_bidang_options(self) -> list[tuple[str, str]]:
        """Give the sub-bidang of the bidang chosen (all of them when none is)."""
        code = self.control("bidang").value
        subs = bidang_ref().sub_bidang.items()
        found = [(f"{c} {n.text(self._lang)}", c) for c, (b, n) in subs if not code or b == code]
        return [_EMPTY, *found]

    def focus_options(self) -> list[tuple[str, str]]:
        """Give the Dana Desa priorities of the plan's year."""
        rules = plan_view(self._ws).rules
        if rules is None:  # the file cannot be read: the checks say so
            return [_EMPTY]
        return [_EMPTY, *((p.name.text(self._lang), p.code) for p in rules.priorities)]

    def choices(self) -> list[tuple[str, str]]:
        view = plan_view(self._ws)
        acts = sorted(view.plan.activities, key=lambda a: a.id)
        return [(f"{a.id} · {a.title}", view.store_id[a.id]) for a in acts]

    # -- what a person sees and does --

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now (partners as the names ticked, separated by ";")."""
        return {**super().fields, "partners": "; ".join(self.partners)}

    @property
    def partners(self) -> list[str]:
        """The names of the partners ticked."""
        return [name for name, box in self._partners.items() if box.value]

    @property
    def suggestions(self) -> list[tuple[str, str]]:
        """The map's suggestions shown for the chosen need: (actor's name, way of empowering)."""
        return list(self._suggestion_keys)

    def options(self, name: str) -> list[tuple[str, str]]:
        """The choices a dropdown of the form offers now: (label, value)."""
        return list(self.control(name).widget.options)

    def fill(self, **fields: Any) -> None:
        """Type into the form (``title="Sumur bor"``, ``need=<id>``, ``start="2026-03-01"``,
        ``partners="PKK; Puskesmas"``...)."""
        if "partners" in fields:
            value = fields.pop("partners")
            names = split_names(value) if isinstance(value, str) else value
            wanted = {p.casefold() for p in names}
            for actor, box in self._partners.items():
                box.value = actor.casefold() in wanted
        super().fill(**fields)

    def choose(self, record: str) -> None:
        super().choose(record)
        if self.chosen:
            self.fill(partners=self._ws.get(Activity, self.chosen).partners)

    def clear(self) -> None:
        super().clear()
        self.fill(partners="")

    def use_suggestion(self, actor: str, *, as_lead: bool = True) -> None:
        """Take one of the map's suggestions (an actor's name): as the lead, or ticked as a
        partner."""
        if as_lead:
            found = [v for n, v in self.options("lead") if n == actor]
            if found:
                self.fill(lead=found[0])
        if actor in self._partners:
            self._partners[actor].value = not as_lead

    def redrawn(self, kinds: frozenset[str]) -> None:
        if self.trainee:
            return
        names = [a.display_name() for a in self._ws.records(Stakeholder)]
        if list(self._partners) != names:
            ticked = set(self.partners)
            self._partners = {
                n: w.Checkbox(value=n in ticked, description=n, indent=False,
                              layout=w.Layout(width="auto"))
                for n in names
            }  # fmt: skip
            self._partner_box.children = list(self._partners.values())
        self._need_changed()
        self._show_lead_hint()

    # -- inside --

    def _need_changed(self) -> None:
        self.control("objective").set_options(self.objective_options())
        self._show_suggestions()

    def _bidang_changed(self) -> None:
        self.control("sub_bidang").set_options(self.sub_bidang_options())

    def _show_suggestions(self) -> None:
        lang, need = self._lang, self.control("need").value
        self._suggestion_keys = []
        box = self._slots["suggested"]
        partners = plan_view(self._ws).map.suggested(need) if need else []
        if not need:
            box.children = []
            return
        if not partners:
            box.children = [line(t("actions.form.no_suggestions", lang), "planning-hint")]
            return
        rows: list[w.Widget] = [line(t("actions.form.suggested", lang), "planning-hint")]
        for p in partners:
            self._suggestion_keys.append((p.name, p.strategy))
            words = f"{p.name} · {strategy_words(p.strategy, lang)}: {say(p.reason, lang)}"
            lead = button(t("actions.form.as_lead", lang, name=p.name), "", tooltip=words)
            partner = button(t("actions.form.as_partner", lang, name=p.name), "", tooltip=words)
            lead.on_click(lambda _, n=p.name: self.use_suggestion(n, as_lead=True))
            partner.on_click(lambda _, n=p.name: self.use_suggestion(n, as_lead=False))
            rows += [line(f"★ {words}"), buttons(lead, partner)]
        box.children = rows

    def _show_lead_hint(self) -> None:
        lead = self.control("lead").value
        found = plan_view(self._ws).map
        if lead and not found.reaches_group(lead):
            words = t("actions.form.lead_alone", self._lang, name=found.names.get(lead, lead))
            self._lead_hint.value = status_html(words, "error")
        else:
            self._lead_hint.value = ""


# -- indicators -----------------------------------------------------------------------------


class IndicatorEditor(_PlanForm):
    """Indicators of the activities and objectives: start from the starter set of an outcome
    (participation, kemandirian, quality of life), edit, add; each shows what it still lacks."""

    FORM = FormSpec(
        Indicator,
        layout=(
            ("activity", "objective"),
            Heading("actions.indicator.starters"),
            Slot("starters"),
            Heading("actions.indicator.form"),
            "name",
            ("unit", "baseline", "target"),
            ("baseline_date", "target_date"),
            "outcome",
            "verification",
            ("dimension", "sdg"),
        ),
        controls={
            "activity": Control(options="activity_options"),
            "objective": Control(options="objective_options"),
            "dimension": Control("dropdown", options="dimension_options"),
            "sdg": Control("dropdown", options="sdg_options"),
        },
        words="actions.indicator",
    )

    def build(self) -> None:
        lang = self._lang
        outcomes = [(label("actions.outcome", o, lang), o) for o in OUTCOMES]
        self._outcome_pick = toggles("", outcomes, OUTCOMES[0])
        self._starters = w.HBox()
        self._outcome_pick.observe(lambda _: self._show_starters(), names="value")
        self._slots["starters"].children = [self._outcome_pick, self._starters]
        self._show_starters()

    def measure(self, kind: str, record: str) -> None:
        """Choose what the indicator measures: ``"activity"`` or ``"objective"`` and its id."""
        self.fill(activity=record if kind == "activity" else "",
                  objective=record if kind == "objective" else "")  # fmt: skip

    def dimension_options(self) -> list[tuple[str, str]]:
        """Give the Indeks Desa dimensions (Permendesa PDT 9/2024)."""
        return _codes_options("indeks_desa", self._lang)

    def sdg_options(self) -> list[tuple[str, str]]:
        """Give the SDGs Desa goals."""
        return _codes_options("sdgs_desa", self._lang)

    def use_starter(self, code: str, outcome: str | None = None) -> None:
        """Fill the form from a starter indicator of the outcome chosen (the group edits it)."""
        self.fill(**commands.starter(code, outcome or self._outcome_pick.value, self._lang))
        self._status.info(t("actions.indicator.starter_used", self._lang))

    def choices(self) -> list[tuple[str, str]]:
        view = plan_view(self._ws)
        return [(f"{i.id} · {i.name}", view.store_id[i.id]) for i in view.plan.indicators]

    def table_html(self) -> str:
        return indicators_html(review(self._ws), self._lang)

    def _show_starters(self) -> None:
        found = []
        for code in commands.STARTERS[self._outcome_pick.value]:
            name = t(f"actions.starter.{code}.name", self._lang)
            b = button(t("actions.indicator.use", self._lang, name=name), "")
            b.on_click(lambda _, c=code: self.use_starter(c))
            found.append(b)
        self._starters.children = [buttons(*found)]


# -- votes on activities --------------------------------------------------------------------


class ActivityVotePanel(TallyPanel):
    """One participant votes on the activities of the village budget: yes or no for each
    (approval), or dots spread over them, as the plan's settings say. On a trainee's workshop
    the voter is the one given (or the trainee): the panel has no chooser of names, and the
    store refuses a vote for anybody else."""

    COUNTED = ActivityVote
    ITEM = "activity"
    WORDS = "actions.vote"
    WHO = "planning-votes-who"
    KINDS = frozenset({"plan_settings", "workshop"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        super().__init__(ws, participant)
        self.add_class("planning-actions")

    left = shown("_summary", "The line saying what the chosen participant has given.")

    @property
    def activities(self) -> list[str]:
        """The ids of the activities one can vote on, in order."""
        return [item for item, _ in self._shape]

    def items(self) -> list[tuple[str, str]]:
        view = plan_view(self._ws)
        acts = [a for a in view.plan.activities if a.in_village_budget]
        return [(view.store_id[a.id], a.title) for a in acts]

    def picture(self, item: str) -> tuple[str, str]:
        found = next((a for a in self._ws.snapshot(Activity) if a.id == item), None)
        return ("actions.strategy", found.strategy) if found and found.strategy else ("", "")

    def signs(self) -> tuple[str, str]:
        if config_of(self._ws).ballot == "approval":
            return (
                "✗ " + t("actions.vote.no", self._lang),
                "✓ " + t("actions.vote.yes", self._lang),
            )
        return ("−1", "+1")

    def done_words(self, item: str, delta: int, count: int | None) -> str:
        return t("common.saved" if count is not None else "actions.vote.nothing", self._lang)

    def summary_html(self) -> str:
        if not self.who:
            return ""
        mine = self.counts()
        if config_of(self._ws).ballot == "approval":
            words = t("actions.vote.approved", self._lang, n=sum(1 for v in mine.values() if v))
        else:
            budget = self._ws.info().dot_budget
            left = budget - sum(mine.values())
            words = t("actions.vote.dots_left", self._lang, left=left, budget=budget)
        return lead(words)


# -- the checks -----------------------------------------------------------------------------


class ChecksPanel(_PlanPanel):
    """Every finding of the plan, by area, each with what to do; where the map suggests a
    better lead, a button makes it the lead."""

    def __init__(self, ws: Workshop) -> None:
        self._top = chooser(t("actions.setting.top_n", ws.lang))
        self._top.observe(lambda change: self._top_changed(change["new"]), names="value")
        self._fixes = w.VBox()
        self._status = Status()
        self._loading = False
        super().__init__(ws, [self._top, self._fixes, self._status])

    @property
    def findings(self) -> list[tuple[str, str]]:
        """Every finding shown, as (check, what it says)."""
        return [(f.check, say(f.what, self._lang)) for f in review(self._ws).findings]

    @property
    def quick_fixes(self) -> list[tuple[str, str]]:
        """The one-tap fixes offered: (activity's record id, actor's name)."""
        r = review(self._ws)
        return [
            (r.view.store_id[f.where_id], r.view.title(actor))
            for f in r.findings
            if f.check == "lead_without_community_path"
            for actor in f.options
        ]

    def set_top_n(self, n: int | str) -> None:
        """Count the ``n`` best-ranked needs as the plan's priorities."""
        saved = t("common.saved", self._lang)
        self.attempt(commands.set_setting, self._ws, "top_n", n, done=lambda _: saved)

    def make_lead(self, activity: str, actor: str) -> None:
        """Make an actor (name or id) the lead of an activity (record id)."""
        self.attempt(
            commands.set_lead,
            self._ws,
            activity,
            actor,
            done=lambda act: t("actions.checks.lead_set", self._lang, title=act.title),
        )

    def draw(self) -> str:
        return checks_html(review(self._ws), self._lang)

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        super().refresh(kinds)
        r, lang = review(self._ws), self._lang
        count = max(len(r.view.plan.needs), r.view.config.top_n, 1)
        self._loading = True
        try:
            keep_options(self._top, [(str(n), str(n)) for n in range(1, count + 1)])
            self._top.value = str(r.view.config.top_n)
        finally:
            self._loading = False
        rows: list[w.Widget] = []
        for f in r.findings:
            if f.check != "lead_without_community_path" or not f.options:
                continue
            record, title = r.view.store_id[f.where_id], r.view.title(f.where_id)
            rows.append(line(t("actions.checks.better_lead", lang, title=title)))
            chosen = []
            for actor in f.options:
                name = r.view.title(actor)
                b = button(t("actions.checks.make_lead", lang, name=name), "", tooltip=title)
                b.on_click(lambda _, a=record, n=actor: self.make_lead(a, n))
                chosen.append(b)
            rows.append(buttons(*chosen))
        self._fixes.children = rows

    def _top_changed(self, value: str) -> None:
        if self._loading or not value or value == str(config_of(self._ws).top_n):
            return
        self.set_top_n(value)


# -- the budget -----------------------------------------------------------------------------


class CeilingForm(_PlanForm):
    """Set, change or remove the ceiling (pagu indikatif) of a funding source."""

    FORM = FormSpec(Ceiling, layout=(Heading("actions.budget.ceilings"), ("source", "amount")))

    def create(self, fields: dict[str, Any]) -> Any:
        return self._ws.put(Ceiling, **fields)  # a source has one ceiling: setting replaces it

    def table_html(self) -> str:
        return ceilings_html(review(self._ws), self._lang)


class BudgetPanel(Panel):
    """The ceiling (pagu indikatif) of each funding source, what the plan asks of it and what
    fits in priority order, the year's Dana Desa rules, and the two vote-based allocations side
    by side."""

    RESULT = "actions"
    # Each part of the view and what draws it.
    PARTS: ClassVar[dict[str, tuple[Callable[[Review, str], str], ...]]] = {
        "selection": (selection_html,),
        "rules": (rules_html,),
        "votes": (allocation_html,),
        "totals": (totals_html, bidang_html),
    }

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = ws.lang
        self.ceilings = CeilingForm(ws)
        self._parts = {name: w.HTML() for name in self.PARTS}
        self.refresh()
        shown: list[w.Widget] = [self.ceilings]
        for name, part in self._parts.items():
            if name != "selection":  # the selection goes with the ceilings, under their table
                shown.append(line(t(f"actions.budget.{name}", ws.lang), "planning-section"))
            shown.append(part)
        super().__init__(ws, shown)
        self.add_class("planning-actions")

    @property
    def html(self) -> dict[str, str]:
        """What each part shows now (HTML): ceilings, selection, rules, votes, totals."""
        return {"ceilings": self.ceilings.table, **{k: v.value for k, v in self._parts.items()}}

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        r = review(self._ws)
        for name, views in self.PARTS.items():
            self._parts[name].value = "".join(view(r, self._lang) for view in views)


# -- timeline and official tables -----------------------------------------------------------


class GanttPanel(_PlanPanel):
    """The timeline of the plan's year: a row per activity grouped by way of empowering."""

    def draw(self) -> str:
        view = plan_view(self._ws)
        if not view.plan.activities:
            return note(t("actions.summary.none", self._lang))
        return gantt_html(view, self._lang)


class PlanTablesPanel(_PlanPanel):
    """The plan in the village's own formats: the activities, the RKP Desa, the DU-RKPDesa
    proposals, the public information board and who does what (RACI)."""

    TABLES = ("activities", "rkp_desa", "du_rkp_desa", "information_board", "raci")

    def __init__(self, ws: Workshop) -> None:
        which = [(t(f"actions.tables.{x}", ws.lang), x) for x in self.TABLES]
        self._which = toggles("", which, self.TABLES[0])
        self._which.observe(lambda _: self.refresh(), names="value")
        super().__init__(ws, [self._which])

    def show(self, which: str) -> None:
        """Show one of :attr:`TABLES`."""
        self._which.value = which

    def draw(self) -> str:
        which, lang = self._which.value, self._lang
        if which == "activities":
            return activities_html(plan_view(self._ws), lang, caption=t("kind.activities", lang))
        if which == "raci":
            return raci_html(review(self._ws), lang)
        return laid_out_html(tables(self._ws, lang)[which], lang)
