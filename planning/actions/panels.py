"""The action-planning panels: plan settings, logframe (objectives and risks), the activity form,
the indicator editor, votes on activities, the checks, the budget view, the timeline and the
official tables.

Each panel is a thin class: its buttons call its public methods, which read the inputs, call
one command of :mod:`planning.actions.commands` (or the store) and show the result, or turn a
domain error into a message in the workshop's language that leaves the store as it was and the
form as the person typed it. Every panel redraws when the kinds it shows change, whichever
panel, kernel or command wrote them; what a person is typing stays.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from planning import stages
from planning.actions import commands
from planning.actions.assessment import PlanView, config_of, plan_view, priority_needs, review
from planning.actions.exports import tables
from planning.actions.methods.vocab import (
    DESTINATIONS,
    FUNDING_SOURCES,
    LEVELS,
    MODES,
    OUTCOMES,
    STATUSES,
    STRATEGIES,
)
from planning.actions.records import (
    BALLOTS,
    OUTCOME_CHOICES,
    RISK_KINDS,
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
from planning.actions.settings import shipped_rules_files, year_rules
from planning.actions.views import (
    activities_html,
    allocation_html,
    bidang_html,
    ceilings_html,
    checks_html,
    gantt_html,
    laid_out_html,
    raci_html,
    rules_html,
    selection_html,
    strategy_words,
    totals_html,
)
from planning.actions.words import say
from planning.errors import PlanningError
from planning.i18n import fmt_number, label, t
from planning.records import Participant
from planning.render.html import esc, note, paragraph
from planning.stakeholders.records import Stakeholder
from planning.store import Workshop
from planning.widgets.common import (
    BIG,
    Panel,
    Status,
    box_values,
    button,
    fill_boxes,
    options,
    participant_chooser,
)

__all__ = [
    "ActivityForm",
    "ActivityVotePanel",
    "BudgetPanel",
    "ChecksPanel",
    "GanttPanel",
    "IndicatorEditor",
    "LogframePanel",
    "PlanSettingsPanel",
    "PlanTablesPanel",
]

# What the plan reads besides its own records: the needs' priorities and the map.
NEEDS_KINDS = stages.reads("needs")
MAP_KINDS = stages.reads("stakeholders")
EVERYTHING = stages.reads("actions")
_LABEL = {"description_width": "initial"}


def _text(description: str, value: str = "", *, wide: bool = False) -> w.Text:
    return w.Text(
        description=description,
        value=value,
        style={**_LABEL, **BIG},
        layout=w.Layout(width="auto", flex="1 1 100%" if wide else "1 1 20em"),
    )


def _dropdown(description: str, choices: Sequence[tuple[str, str]], value: str = "") -> w.Dropdown:
    box = w.Dropdown(
        description=description, options=list(choices), style=_LABEL, layout=w.Layout(width="auto")
    )
    if value in dict(box.options).values():
        box.value = value
    return box


def _set_options(box: w.Dropdown, choices: Sequence[tuple[str, str]]) -> None:
    """Give a dropdown new options, keeping its value when it is still one of them."""
    keep = box.value
    choices = list(choices)
    if list(box.options) == choices:
        return
    box.options = choices
    values = [v for _, v in choices]
    box.value = keep if keep in values else (values[0] if values else None)


def _fields(*children: w.Widget) -> w.HBox:
    box = w.HBox(list(children))
    box.add_class("planning-fields")
    return box


def _buttons(*children: w.Widget) -> w.HBox:
    box = w.HBox(list(children))
    box.add_class("planning-buttons")
    return box


def _section(text: str) -> w.HTML:
    html = w.HTML(f"<div>{esc(text)}</div>")
    html.add_class("planning-section")
    return html


def _hint(text: str = "") -> w.HTML:
    html = w.HTML(f"<div>{esc(text)}</div>" if text else "")
    html.add_class("planning-hint")
    return html


def _date(value: Any) -> _dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _number_text(value: Any, lang: str) -> str:
    """Give a stored number as a box shows it (no ``.0``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class _ActionsPanel(Panel):
    """A panel of the action plan: the stage's styles, the workshop's language."""

    def __init__(self, ws: Workshop, children: list[w.Widget], *, key: str = "") -> None:
        super().__init__(ws, children, key=key)
        self.add_class("planning-actions")


def _need_options(ws: Workshop, lang: str) -> list[tuple[str, str]]:
    return [("", "")] + [(f"{rank}. {title}", need) for need, title, rank in priority_needs(ws)]


def _actor_options(ws: Workshop) -> list[tuple[str, str]]:
    return [("", ""), *options(ws.records("stakeholders"), "name")]


# -- settings -------------------------------------------------------------------------------


class PlanSettingsPanel(_ActionsPanel):
    """The plan's year, the Dana Desa rules file, how many needs are priorities, how people
    vote on activities and the budget the votes share out, and who is accountable."""

    KINDS = frozenset({"plan_settings", "stakeholders", "needs", "workshop"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._year = _text(t("actions.setting.year", lang))
        self._rules = _dropdown(t("actions.setting.rules_file", lang), [])
        self._top = _dropdown(t("actions.setting.top_n", lang), [])
        self._ballot = _dropdown(
            t("actions.setting.ballot", lang),
            [(label("actions.ballot", b, lang), b) for b in BALLOTS],
        )
        self._budget = _text(t("actions.setting.vote_budget", lang))
        self._accountable = _dropdown(t("actions.setting.accountable", lang), [])
        self._about = w.HTML()
        self._save = button(t("common.save", lang))
        self._status = Status()
        self._boxes = {
            "year": self._year,
            "rules_file": self._rules,
            "top_n": self._top,
            "ballot": self._ballot,
            "vote_budget": self._budget,
            "accountable": self._accountable,
        }
        self._save.on_click(lambda _: self.save())
        self._load()
        super().__init__(
            ws,
            [
                _fields(self._year, self._top),
                _fields(self._rules),
                self._about,
                _fields(self._ballot, self._budget),
                _fields(self._accountable),
                _buttons(self._save),
                self._status,
            ],
        )

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now, by setting."""
        return box_values(self._boxes)

    def fill(self, **fields: Any) -> None:
        """Type into the form (``year="2027"``, ``top_n="4"``...)."""
        fill_boxes(self._boxes, fields, offer=True)

    def save(self) -> None:
        """Store every setting that changed (all of them, or none when one does not fit)."""
        stored = {r.setting: r.value for r in self._ws.records(PlanSetting)}
        config = config_of(self._ws)
        defaults = {
            "year": str(config.year),
            "rules_file": config.rules_file,
            "top_n": str(config.top_n),
            "ballot": config.ballot,
            "vote_budget": "" if config.vote_budget is None else str(config.vote_budget),
            "accountable": config.accountable,
        }
        changed = [
            {"setting": s, "value": str(v or "")}
            for s, v in self.fields.items()
            if str(v or "") != stored.get(s, defaults[s]) and str(v or "") != defaults[s]
        ]
        try:
            self._ws.put_many(PlanSetting, changed)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        self._load()

    def _load(self) -> None:
        config = config_of(self._ws)
        lang = self._lang
        self._year.value = str(config.year)
        files = shipped_rules_files()
        if config.rules_file not in files:
            files.append(config.rules_file)
        _set_options(self._rules, [(f, f) for f in files])
        self._rules.value = config.rules_file
        count = max(len(self._ws.snapshot("needs")), config.top_n, 1)
        _set_options(self._top, [(str(n), str(n)) for n in range(1, count + 1)])
        self._top.value = str(config.top_n)
        self._ballot.value = config.ballot
        self._budget.value = (
            "" if config.vote_budget is None else fmt_number(config.vote_budget, lang)
        )
        _set_options(
            self._accountable, [("", ""), *((n, n) for n, _ in _actor_options(self._ws)[1:])]
        )
        if config.accountable in dict(self._accountable.options).values():
            self._accountable.value = config.accountable
        try:
            rules = year_rules(config.rules_path)
        except (PlanningError, OSError):
            self._about.value = ""
            return
        words = t("actions.settings.rules_about", lang, year=rules.year, source=rules.source)
        if rules.check_before_use:
            words += " " + t("actions.settings.rules_unchecked", lang)
        self._about.value = paragraph(words)


# -- logframe: objectives and risks ---------------------------------------------------------


class LogframePanel(_ActionsPanel):
    """Objectives per priority need (goal, purpose, outputs), risks and assumptions, and the
    logframe they make."""

    KINDS = frozenset({"objectives", "activities", "indicators", "risks"}) | NEEDS_KINDS

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._need = _dropdown(t("field.objectives.need", lang), [])
        self._level = _dropdown(
            t("field.objectives.level", lang),
            [(label("actions.level", x, lang), x) for x in LEVELS],
            "output",
        )
        self._objective = _text(t("field.objectives.text", lang), wide=True)
        self._add_objective = button(t("actions.logframe.add_objective", lang))
        self._target = _dropdown(t("actions.field.risks_target", lang), [])
        self._risk = _text(t("field.risks.text", lang), wide=True)
        self._kind = _dropdown(
            t("field.risks.kind", lang),
            [(label("actions.risk_kind", k, lang), k) for k in RISK_KINDS],
            "risk",
        )
        scale = [(f"{n} {t(f'actions.scale.{n}', lang)}", str(n)) for n in (1, 2, 3)]
        self._likelihood = _dropdown(t("field.risks.likelihood", lang), scale, "2")
        self._impact = _dropdown(t("field.risks.impact", lang), scale, "2")
        self._mitigation = _text(t("field.risks.mitigation", lang), wide=True)
        self._add_risk = button(t("actions.logframe.add_risk", lang))
        self._table = w.HTML()
        self._status = Status()
        self._add_objective.on_click(lambda _: self.add_objective())
        self._add_risk.on_click(lambda _: self.add_risk())
        self.refresh()
        super().__init__(
            ws,
            [
                _section(t("actions.logframe.objectives", lang)),
                _fields(self._need, self._level),
                _fields(self._objective),
                _buttons(self._add_objective),
                _section(t("actions.logframe.risks", lang)),
                _fields(self._target, self._kind),
                _fields(self._risk),
                _fields(self._likelihood, self._impact),
                _fields(self._mitigation),
                _buttons(self._add_risk),
                self._status,
                self._table,
            ],
        )

    @property
    def table(self) -> str:
        """The logframe as shown (HTML)."""
        return self._table.value

    def fill(self, **fields: Any) -> None:
        """Type into the forms: need, level, objective; target, kind, risk, likelihood,
        impact, mitigation."""
        boxes = {
            "need": self._need,
            "level": self._level,
            "objective": self._objective,
            "target": self._target,
            "kind": self._kind,
            "risk": self._risk,
            "likelihood": self._likelihood,
            "impact": self._impact,
            "mitigation": self._mitigation,
        }
        scales = {k: str(v) for k, v in fields.items() if k in ("likelihood", "impact")}
        fill_boxes(boxes, {**fields, **scales})

    def add_objective(self) -> None:
        """Add the objective in the form."""
        try:
            self._ws.add(
                Objective,
                text=self._objective.value,
                need=self._need.value,
                level=self._level.value,
            )
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._objective.value = ""
        self._status.ok(t("common.saved", self._lang))

    def add_risk(self) -> None:
        """Add the risk or assumption in the form to the activity or objective chosen."""
        kind, _, record = (self._target.value or "").partition(":")
        try:
            self._ws.add(
                Risk,
                text=self._risk.value,
                activity=record if kind == "activity" else "",
                objective=record if kind == "objective" else "",
                kind=self._kind.value,
                likelihood=self._likelihood.value,
                impact=self._impact.value,
                mitigation=self._mitigation.value,
            )
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._risk.value = self._mitigation.value = ""
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        _set_options(self._need, _need_options(self._ws, self._lang))
        _set_options(self._target, _targets(plan_view(self._ws), self._lang))
        laid = tables(self._ws, self._lang)["logframe"]
        self._table.value = laid_out_html(laid, self._lang)


def _targets(view: PlanView, lang: str) -> list[tuple[str, str]]:
    """Give the activities and objectives something can be about, for a dropdown."""
    found = [("", "")]
    for o in sorted(view.plan.objectives, key=lambda o: (LEVELS.index(o.level), o.id)):
        found.append((f"{o.id} · {o.text}", f"objective:{view.store_id[o.id]}"))
    for a in view.plan.activities:
        found.append((f"{a.id} · {a.title}", f"activity:{view.store_id[a.id]}"))
    return found


# -- the activity form ----------------------------------------------------------------------

_TEXT_FIELDS = ("title", "dusun", "volume", "unit", "men", "women", "poor_households",
                "pkh_families", "cost")  # fmt: skip
_CHOICE_FIELDS = ("need", "objective", "strategy", "bidang", "sub_bidang", "dd_focus", "lead",
                  "source", "mode", "destination", "status")  # fmt: skip


class ActivityForm(_ActionsPanel):
    """Add or edit an activity: its need and objective, the way of empowering, who leads and
    who partners (the map's suggestions for the need first), where, when, for whom, the cost,
    the funding source, the bidang and whether the village pays or proposes it upwards."""

    KINDS = (
        frozenset({"activities", "objectives", "plan_settings", "participants"})
        | NEEDS_KINDS
        | MAP_KINDS
    )

    FACILITATOR_ONLY = ("_pick", "_save", "_remove")

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        f = lambda name: t(f"field.activities.{name}", lang)  # noqa: E731
        self._pick = _dropdown(t("actions.form.edit_which", lang), [])
        self._boxes: dict[str, Any] = {name: _text(f(name)) for name in _TEXT_FIELDS}
        self._boxes["title"].layout.flex = "1 1 100%"
        self._boxes["need"] = _dropdown(f("need"), [])
        self._boxes["objective"] = _dropdown(f("objective"), [])
        self._boxes["strategy"] = _dropdown(
            f("strategy"), [(strategy_words(s, lang), s) for s in STRATEGIES], STRATEGIES[0]
        )
        ref = bidang_ref()
        self._boxes["bidang"] = _dropdown(
            f("bidang"), [("", "")] + [(f"{c} {n.text(lang)}", c) for c, n in ref.bidang.items()]
        )
        self._boxes["sub_bidang"] = _dropdown(f("sub_bidang"), [("", "")])
        self._boxes["dd_focus"] = _dropdown(f("dd_focus"), [("", "")])
        self._boxes["lead"] = _dropdown(f("lead"), [])
        self._boxes["source"] = _dropdown(
            f("source"),
            [(label("actions.source", s, lang), s) for s in FUNDING_SOURCES],
            "dana_desa",
        )
        self._boxes["mode"] = _dropdown(
            f("mode"),
            [(label("actions.mode", m, lang), m) for m in MODES],
            "swakelola",
        )
        self._boxes["destination"] = _dropdown(
            f("destination"),
            [(label("actions.destination", d, lang), d) for d in DESTINATIONS],
            "village_budget",
        )
        self._boxes["status"] = _dropdown(
            f("status"),
            [(label("actions.status", s, lang), s) for s in STATUSES],
            "proposed",
        )
        self._start = w.DatePicker(
            description=f("start"), style=_LABEL, layout=w.Layout(width="auto")
        )
        self._end = w.DatePicker(description=f("end"), style=_LABEL, layout=w.Layout(width="auto"))
        self._suggested = w.VBox()
        self._lead_hint = _hint()
        self._partners: dict[str, w.Checkbox] = {}
        self._partner_box = w.HBox()
        self._partner_box.add_class("planning-checks")
        self._add = button(t("common.add", lang))
        self._save = button(t("common.save", lang), "info")
        self._remove = button(t("common.remove", lang), "warning")
        self._status = Status()
        self._suggestion_keys: list[tuple[str, str]] = []
        self._add.on_click(lambda _: self.add())
        self._save.on_click(lambda _: self.save())
        self._remove.on_click(lambda _: self.remove())
        self._pick.observe(lambda change: self.choose(change["new"]), names="value")
        self._boxes["need"].observe(lambda _: self._need_changed(), names="value")
        self._boxes["bidang"].observe(lambda _: self._bidang_changed(), names="value")
        self._boxes["lead"].observe(lambda _: self._show_lead_hint(), names="value")
        self.refresh()
        b = self._boxes
        super().__init__(
            ws,
            [
                self._pick,
                _section(t("actions.form.what", lang)),
                _fields(b["title"]),
                _fields(b["need"], b["objective"]),
                _fields(b["strategy"]),
                _section(t("actions.form.who", lang)),
                self._suggested,
                _fields(b["lead"]),
                self._lead_hint,
                _hint(f("partners")),
                self._partner_box,
                _section(t("actions.form.where_when", lang)),
                _fields(b["dusun"], b["volume"], b["unit"]),
                _fields(self._start, self._end),
                _fields(b["men"], b["women"]),
                _fields(b["poor_households"], b["pkh_families"]),
                _section(t("actions.form.money", lang)),
                _fields(b["cost"], b["source"]),
                _fields(b["bidang"], b["sub_bidang"]),
                _fields(b["dd_focus"]),
                _fields(b["mode"], b["destination"], b["status"]),
                _buttons(self._add, self._save, self._remove),
                self._status,
            ],
        )

    # -- what a person sees and does --

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now (partners as the names ticked, separated by ";")."""
        out = {name: self._boxes[name].value for name in (*_TEXT_FIELDS, *_CHOICE_FIELDS)}
        out["start"] = self._start.value.isoformat() if self._start.value else ""
        out["end"] = self._end.value.isoformat() if self._end.value else ""
        out["partners"] = "; ".join(self.partners)
        return out

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
        return list(self._boxes[name].options)

    def fill(self, **fields: Any) -> None:
        """Type into the form (``title="Sumur bor"``, ``need=<id>``, ``start="2026-03-01"``,
        ``partners="PKK; Puskesmas"``...)."""
        for name, value in fields.items():
            if name in ("start", "end"):
                (self._start if name == "start" else self._end).value = _date(value)
            elif name == "partners":
                wanted = (
                    {p.casefold() for p in split_names(value)}
                    if isinstance(value, str)
                    else {p.casefold() for p in value}
                )
                for actor, box in self._partners.items():
                    box.value = actor.casefold() in wanted
            elif name in _TEXT_FIELDS:
                self._boxes[name].value = "" if value is None else str(value)
            else:
                fill_boxes(self._boxes, {name: value}, offer=True)

    def choose(self, activity: str) -> None:
        """Show an activity in the form to edit it ("" for a new one)."""
        if activity != self._pick.value:
            self._pick.value = activity
            return
        if not activity:
            return
        a = self._ws.get(Activity, activity)
        data = a.data()
        self.fill(need=data["need"])
        self.fill(bidang=data["bidang"])
        self.fill(**{k: v for k, v in data.items() if k not in ("need", "bidang")})
        self.fill(
            **{
                k: _number_text(data[k], self._lang)
                for k in ("volume", "men", "women", "poor_households", "pkh_families", "cost")
            }
        )

    def use_suggestion(self, actor: str, *, as_lead: bool = True) -> None:
        """Take one of the map's suggestions (an actor's name): as the lead, or ticked as a
        partner."""
        if as_lead:
            found = [v for n, v in self._boxes["lead"].options if n == actor]
            if found:
                self._boxes["lead"].value = found[0]
            if actor in self._partners:
                self._partners[actor].value = False
        elif actor in self._partners:
            self._partners[actor].value = True

    def add(self) -> None:
        """Add the activity in the form."""
        try:
            act = commands.save_activity(self._ws, self._data())
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("actions.form.added", self._lang, title=act.title))
        self._clear()

    def save(self) -> None:
        """Save the form into the activity chosen (or add it when none is chosen)."""
        if not self._pick.value:
            self.add()
            return
        try:
            act = commands.save_activity(self._ws, self._data(), activity=self._pick.value)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("actions.form.saved", self._lang, title=act.title))

    def remove(self) -> None:
        """Remove the activity chosen (its indicators, risks and votes go with it)."""
        if not self._pick.value:
            self._status.info(t("actions.form.choose_first", self._lang))
            return
        title = self._ws.get(Activity, self._pick.value).title
        try:
            commands.remove(self._ws, Activity.KIND, self._pick.value)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("actions.form.removed", self._lang, title=title))
        self._pick.value = ""
        self._clear()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        ws, lang = self._ws, self._lang
        view = plan_view(ws)
        acts = sorted(view.plan.activities, key=lambda a: a.id)
        _set_options(
            self._pick,
            [(t("actions.form.new", lang), "")]
            + [(f"{a.id} · {a.title}", view.store_id[a.id]) for a in acts],
        )
        _set_options(self._boxes["need"], _need_options(ws, lang))
        _set_options(self._boxes["lead"], _actor_options(ws))
        names = [a.display_name() for a in ws.records(Stakeholder)]
        if list(self._partners) != names:
            ticked = set(self.partners)
            self._partners = {
                n: w.Checkbox(
                    value=n in ticked, description=n, indent=False, layout=w.Layout(width="auto")
                )
                for n in names
            }
            self._partner_box.children = list(self._partners.values())
        try:
            rules = year_rules(view.config.rules_path)
            focus = [(f"{p.code} · {p.name.text(lang)}", p.code) for p in rules.priorities]
        except (PlanningError, OSError):
            focus = []
        _set_options(self._boxes["dd_focus"], [("", ""), *focus])
        self._need_changed()
        self._bidang_changed()
        self._show_lead_hint()

    # -- inside --

    def _data(self) -> dict[str, Any]:
        return self.fields

    def _clear(self) -> None:
        for name in _TEXT_FIELDS:
            self._boxes[name].value = ""
        self._start.value = self._end.value = None
        for box in self._partners.values():
            box.value = False

    def _need_changed(self) -> None:
        view = plan_view(self._ws)
        need = self._boxes["need"].value
        objectives = [
            (f"{o.id} · {o.text}", view.store_id[o.id])
            for o in view.plan.objectives
            if need and view.store_id.get(o.need) == need
        ]
        _set_options(self._boxes["objective"], [("", ""), *objectives])
        self._show_suggestions(view, need)

    def _show_suggestions(self, view: PlanView, need: str) -> None:
        lang = self._lang
        self._suggestion_keys = []
        if not need:
            self._suggested.children = []
            return
        partners = view.map.suggested(need)
        if not partners:
            self._suggested.children = [_hint(t("actions.form.no_suggestions", lang))]
            return
        rows: list[w.Widget] = [_hint(t("actions.form.suggested", lang))]
        for p in partners:
            self._suggestion_keys.append((p.name, p.strategy))
            words = f"{p.name} · {strategy_words(p.strategy, lang)}: {say(p.reason, lang)}"
            lead = button(t("actions.form.as_lead", lang, name=p.name), "", tooltip=words)
            partner = button(t("actions.form.as_partner", lang, name=p.name), "", tooltip=words)
            lead.on_click(lambda _, n=p.name: self.use_suggestion(n, as_lead=True))
            partner.on_click(lambda _, n=p.name: self.use_suggestion(n, as_lead=False))
            rows.append(w.HTML(f'<div class="planning-text">★ {esc(words)}</div>'))
            rows.append(_buttons(lead, partner))
        self._suggested.children = rows

    def _bidang_changed(self) -> None:
        ref = bidang_ref()
        code = self._boxes["bidang"].value
        subs = [
            (f"{c} {n.text(self._lang)}", c)
            for c, (b, n) in ref.sub_bidang.items()
            if not code or b == code
        ]
        _set_options(self._boxes["sub_bidang"], [("", ""), *subs])

    def _show_lead_hint(self) -> None:
        lead = self._boxes["lead"].value
        view = plan_view(self._ws)
        if lead and not view.map.reaches_group(lead):
            name = view.map.names.get(lead, lead)
            self._lead_hint.value = (
                f'<div class="planning-status planning-status-error">'
                f"{esc(t('actions.form.lead_alone', self._lang, name=name))}</div>"
            )
        else:
            self._lead_hint.value = ""


# -- indicators -----------------------------------------------------------------------------


class IndicatorEditor(_ActionsPanel):
    """Indicators of the activities and objectives: start from the starter set of an outcome
    (participation, kemandirian, quality of life), edit, add; each shows what it still lacks."""

    KINDS = frozenset({"indicators", "activities", "objectives"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        f = lambda name: t(f"field.indicators.{name}", lang)  # noqa: E731
        self._pick = _dropdown(t("actions.indicator.edit_which", lang), [])
        self._target = _dropdown(t("actions.field.indicators_target", lang), [])
        self._outcome_pick = w.ToggleButtons(
            options=[(label("actions.outcome", o, lang), o) for o in OUTCOMES],
            style={"button_width": "auto"},
        )
        self._starters = w.VBox()
        self._name = _text(f("name"), wide=True)
        self._unit = _text(f("unit"))
        self._baseline = _text(f("baseline"))
        self._target_value = _text(f("target"))
        self._date = w.DatePicker(
            description=f("target_date"), style=_LABEL, layout=w.Layout(width="auto")
        )
        self._verification = _text(f("verification"), wide=True)
        self._outcome = _dropdown(
            f("outcome"), [(label("actions.outcome", o, lang), o) for o in OUTCOME_CHOICES], "none"
        )
        self._add = button(t("common.add", lang))
        self._save = button(t("common.save", lang), "info")
        self._remove = button(t("common.remove", lang), "warning")
        self._status = Status()
        self._table = w.HTML()
        self._add.on_click(lambda _: self.add())
        self._save.on_click(lambda _: self.save())
        self._remove.on_click(lambda _: self.remove())
        self._pick.observe(lambda change: self.choose(change["new"]), names="value")
        self._outcome_pick.observe(lambda _: self._show_starters(), names="value")
        self.refresh()
        self._show_starters()
        super().__init__(
            ws,
            [
                self._pick,
                self._target,
                _section(t("actions.indicator.starters", lang)),
                self._outcome_pick,
                self._starters,
                _section(t("actions.indicator.form", lang)),
                _fields(self._name),
                _fields(self._unit, self._baseline, self._target_value),
                _fields(self._date, self._outcome),
                _fields(self._verification),
                _buttons(self._add, self._save, self._remove),
                self._status,
                self._table,
            ],
        )

    @property
    def table(self) -> str:
        """The indicators as shown (HTML)."""
        return self._table.value

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now."""
        kind, _, record = (self._target.value or "").partition(":")
        return {
            "name": self._name.value,
            "activity": record if kind == "activity" else "",
            "objective": record if kind == "objective" else "",
            "unit": self._unit.value,
            "baseline": self._baseline.value,
            "target": self._target_value.value,
            "target_date": self._date.value.isoformat() if self._date.value else "",
            "verification": self._verification.value,
            "outcome": self._outcome.value,
        }

    def fill(self, **fields: Any) -> None:
        """Type into the form (``target="activity:<id>"``, ``name=...``, ``baseline="20"``...)."""
        boxes = {
            "target": self._target,
            "name": self._name,
            "unit": self._unit,
            "baseline": self._baseline,
            "target_value": self._target_value,
            "verification": self._verification,
            "outcome": self._outcome,
        }
        if "target_date" in fields:
            self._date.value = _date(fields["target_date"])
        fill_boxes(boxes, {k: v for k, v in fields.items() if k != "target_date"})

    def measure(self, kind: str, record: str) -> None:
        """Choose what the indicator measures: ``"activity"`` or ``"objective"`` and its id."""
        self._target.value = f"{kind}:{record}"

    def use_starter(self, code: str, outcome: str | None = None) -> None:
        """Fill the form from a starter indicator of the outcome chosen (the group edits it)."""
        outcome = outcome or self._outcome_pick.value
        fields = commands.starter(code, outcome, self._lang)
        self._name.value, self._unit.value = fields["name"], fields["unit"]
        self._verification.value, self._outcome.value = fields["verification"], outcome
        self._status.info(t("actions.indicator.starter_used", self._lang))

    def choose(self, indicator: str) -> None:
        """Show an indicator in the form to edit it ("" for a new one)."""
        if indicator != self._pick.value:
            self._pick.value = indicator
            return
        if not indicator:
            return
        i = self._ws.get(Indicator, indicator)
        target = f"activity:{i.activity}" if i.activity else f"objective:{i.objective}"
        self.fill(
            target=target,
            name=i.name,
            unit=i.unit,
            baseline=_number_text(i.baseline, self._lang),
            target_value=_number_text(i.target, self._lang),
            target_date=i.target_date,
            verification=i.verification,
            outcome=i.outcome,
        )

    def add(self) -> None:
        """Add the indicator in the form."""
        try:
            ind = self._ws.add(Indicator, **self.fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("actions.indicator.added", self._lang, name=ind.name))
        self._name.value = self._unit.value = self._baseline.value = ""
        self._target_value.value = self._verification.value = ""
        self._date.value = None

    def save(self) -> None:
        """Save the form into the indicator chosen (or add it when none is chosen)."""
        if not self._pick.value:
            self.add()
            return
        try:
            ind = self._ws.edit(Indicator, self._pick.value, **self.fields)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("actions.indicator.saved", self._lang, name=ind.name))

    def remove(self) -> None:
        """Remove the indicator chosen."""
        if not self._pick.value:
            self._status.info(t("actions.form.choose_first", self._lang))
            return
        try:
            commands.remove(self._ws, Indicator.KIND, self._pick.value)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._pick.value = ""
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        view = plan_view(self._ws)
        lang = self._lang
        _set_options(self._target, _targets(view, lang))
        _set_options(
            self._pick,
            [(t("actions.indicator.new", lang), "")]
            + [(f"{i.id} · {i.name}", view.store_id[i.id]) for i in view.plan.indicators],
        )
        self._table.value = _indicators_html(view, review(self._ws), lang)

    def _show_starters(self) -> None:
        outcome = self._outcome_pick.value
        rows: list[w.Widget] = []
        for code in commands.STARTERS[outcome]:
            name = t(f"actions.starter.{code}.name", self._lang)
            b = button(t("actions.indicator.use", self._lang, name=name), "")
            b.on_click(lambda _, c=code: self.use_starter(c))
            rows.append(b)
        self._starters.children = [_buttons(*rows)]


def _indicators_html(view: PlanView, r: Any, lang: str) -> str:
    from planning.render.html import table

    missing: dict[str, list[str]] = {}
    for f in r.findings:
        if f.where_kind == "indicator":
            missing.setdefault(f.where_id, []).append(say(f.what, lang))
    headers = [
        t("actions.logframe.ref", lang),
        t("field.indicators.name", lang),
        t("actions.indicator.measures", lang),
        t("actions.indicator.change", lang),
        t("field.indicators.target_date", lang),
        t("field.indicators.outcome", lang),
        t("actions.indicator.smart", lang),
    ]
    rows = []
    for i in view.plan.indicators:
        before = _number_text(i.baseline, lang) or "?"
        change = f"{before} → {_number_text(i.target, lang) or '?'} {i.unit}"
        rows.append(
            [
                i.id,
                i.name,
                view.title(i.measures_id) or "-",
                change,
                i.target_date.isoformat() if i.target_date else "-",
                label("actions.outcome", i.outcome or "none", lang),
                "✓" if i.id not in missing else "✗ " + " ".join(missing[i.id]),
            ]
        )
    return table(headers, rows, caption=t("kind.indicators", lang))


# -- votes on activities --------------------------------------------------------------------


class ActivityVotePanel(_ActionsPanel):
    """One participant votes on the activities of the village budget: yes or no for each
    (approval), or dots spread over them, as the plan's settings say."""

    KINDS = frozenset({"activities", "activity_votes", "participants", "plan_settings", "workshop"})

    def __init__(self, ws: Workshop, participant: str = "") -> None:
        self._ws = ws
        self._lang = ws.lang
        self._who = participant_chooser(ws, "activity_votes")
        self._who.add_class("planning-votes-who")
        self._left = w.HTML()
        self._rows = w.VBox()
        self._counts: dict[str, w.HTML] = {}
        self._shape: tuple[Any, ...] = ()
        self._status = Status()
        self._who.observe(lambda _: self.refresh(), names="value")
        self.refresh()
        if participant:
            self.choose(participant)
        super().__init__(ws, [self._who, self._left, self._rows, self._status])

    @property
    def left(self) -> str:
        """The line saying what the chosen participant has given."""
        return self._left.value

    @property
    def activities(self) -> list[str]:
        """The ids of the activities one can vote on, in order."""
        return list(self._counts)

    def choose(self, participant: str) -> None:
        """Choose who votes, by name or id."""
        self._who.options = [("", ""), *options(self._ws.records(Participant), "name")]
        self._who.value = self._ws.find(Participant, participant).id

    def vote(self, activity: str, delta: int) -> None:
        """Give (``+1``) or take back (``-1``) a vote of the chosen participant on an activity."""
        if not self._who.value:
            self._status.info(t("actions.vote.choose", self._lang))
            return
        try:
            after = commands.vote(self._ws, self._who.value, activity, delta)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        if after is None:
            self._status.info(t("actions.vote.nothing", self._lang))
        else:
            self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        view = plan_view(self._ws)
        config = view.config
        acts = [a for a in view.plan.activities if a.destination == "village_budget"]
        shape = (tuple((a.id, a.title) for a in acts), config.ballot)
        if shape != self._shape:
            self._shape = shape
            self._build(view, acts, config.ballot)
        if "participants" in kinds:
            keep = self._who.value
            self._who.options = [("", ""), *options(self._ws.records(Participant), "name")]
            self._who.value = keep if keep in dict(self._who.options).values() else ""
        who = self._who.value
        mine = {v.activity: v.votes for v in self._ws.records(ActivityVote) if v.participant == who}
        for act, count in self._counts.items():
            count.value = f'<span class="planning-count">{mine.get(act, 0)}</span>'
        if not who:
            self._left.value = ""
        elif config.ballot == "approval":
            words = t("actions.vote.approved", self._lang, n=sum(1 for v in mine.values() if v))
            self._left.value = f'<div class="planning-lead">{esc(words)}</div>'
        else:
            budget = self._ws.info().dot_budget
            words = t(
                "actions.vote.dots_left",
                self._lang,
                left=budget - sum(mine.values()),
                budget=budget,
            )
            self._left.value = f'<div class="planning-lead">{esc(words)}</div>'

    def _build(self, view: PlanView, acts: Sequence[Any], ballot: str) -> None:
        rows = []
        self._counts = {}
        yes = "✓ " + t("actions.vote.yes", self._lang) if ballot == "approval" else "+1"
        no = "✗ " + t("actions.vote.no", self._lang) if ballot == "approval" else "−1"
        for a in acts:
            record = view.store_id[a.id]
            plus = button(yes, "success", tooltip=a.title)
            minus = button(no, "", tooltip=a.title)
            plus.add_class("planning-vote-plus")
            minus.add_class("planning-vote-minus")
            plus.on_click(lambda _, r=record: self.vote(r, +1))
            minus.on_click(lambda _, r=record: self.vote(r, -1))
            count = w.HTML(layout=w.Layout(width="3em"))
            self._counts[record] = count
            title = w.HTML(f'<div class="planning-text">{esc(a.title)}</div>')
            rows.append(w.VBox([title, _buttons(plus, minus, count)]))
        self._rows.children = rows


# -- the checks -----------------------------------------------------------------------------


class ChecksPanel(_ActionsPanel):
    """Every finding of the plan, by area, each with what to do; where the map suggests a
    better lead, a button makes it the lead."""

    KINDS = EVERYTHING

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._top = _dropdown(t("actions.setting.top_n", lang), [])
        self._top.observe(lambda change: self._top_changed(change["new"]), names="value")
        self._fixes = w.VBox()
        self._html = w.HTML()
        self._status = Status()
        self._loading = False
        self.refresh()
        super().__init__(ws, [_fields(self._top), self._fixes, self._status, self._html])

    @property
    def html(self) -> str:
        """The findings as shown (HTML)."""
        return self._html.value

    @property
    def findings(self) -> list[tuple[str, str]]:
        """Every finding shown, as (check, what it says)."""
        return [(f.check, say(f.what, self._lang)) for f in review(self._ws).findings]

    @property
    def quick_fixes(self) -> list[tuple[str, str]]:
        """The one-tap fixes offered: (activity's record id, actor's name)."""
        r = review(self._ws)
        out = []
        for f in r.findings:
            if f.check == "lead_without_community_path":
                for actor in f.options:
                    out.append((r.view.store_id[f.where_id], r.view.title(actor)))
        return out

    def set_top_n(self, n: int | str) -> None:
        """Count the ``n`` best-ranked needs as the plan's priorities."""
        try:
            commands.set_setting(self._ws, "top_n", n)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def make_lead(self, activity: str, actor: str) -> None:
        """Make an actor (name or id) the lead of an activity (record id)."""
        try:
            act = commands.set_lead(self._ws, activity, actor)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("actions.checks.lead_set", self._lang, title=act.title))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        r = review(self._ws)
        lang = self._lang
        count = max(len(r.view.plan.needs), r.view.config.top_n, 1)
        self._loading = True
        try:
            _set_options(self._top, [(str(n), str(n)) for n in range(1, count + 1)])
            self._top.value = str(r.view.config.top_n)
        finally:
            self._loading = False
        self._html.value = checks_html(r, lang)
        rows: list[w.Widget] = []
        for f in r.findings:
            if f.check != "lead_without_community_path" or not f.options:
                continue
            record = r.view.store_id[f.where_id]
            title = r.view.title(f.where_id)
            words = t("actions.checks.better_lead", lang, title=title)
            rows.append(w.HTML(f'<div class="planning-text">{esc(words)}</div>'))
            chosen = []
            for actor in f.options:
                name = r.view.title(actor)
                b = button(t("actions.checks.make_lead", lang, name=name), "", tooltip=title)
                b.on_click(lambda _, a=record, n=actor: self.make_lead(a, n))
                chosen.append(b)
            rows.append(_buttons(*chosen))
        self._fixes.children = rows

    def _top_changed(self, value: str) -> None:
        if self._loading or not value or value == str(config_of(self._ws).top_n):
            return
        self.set_top_n(value)


# -- the budget -----------------------------------------------------------------------------


class BudgetPanel(_ActionsPanel):
    """The ceiling (pagu indikatif) of each funding source, what the plan asks of it and what
    fits in priority order, the year's Dana Desa rules, and the two vote-based allocations side
    by side."""

    KINDS = EVERYTHING

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._amounts = {s: _text(label("actions.source", s, lang)) for s in FUNDING_SOURCES}
        self._save = button(t("actions.budget.save_ceilings", lang))
        self._status = Status()
        self._ceilings = w.HTML()
        self._selection = w.HTML()
        self._rules = w.HTML()
        self._votes = w.HTML()
        self._totals = w.HTML()
        self._save.on_click(lambda _: self.save_ceilings())
        self._load_ceilings()
        self.refresh()
        super().__init__(
            ws,
            [
                _section(t("actions.budget.ceilings", lang)),
                _hint(t("actions.budget.ceilings_help", lang)),
                _fields(*self._amounts.values()),
                _buttons(self._save),
                self._status,
                self._ceilings,
                self._selection,
                _section(t("actions.budget.rules", lang)),
                self._rules,
                _section(t("actions.budget.votes", lang)),
                self._votes,
                _section(t("actions.budget.totals", lang)),
                self._totals,
            ],
        )

    @property
    def html(self) -> dict[str, str]:
        """What each part shows now (HTML): ceilings, selection, rules, votes, totals."""
        return {
            "ceilings": self._ceilings.value,
            "selection": self._selection.value,
            "rules": self._rules.value,
            "votes": self._votes.value,
            "totals": self._totals.value,
        }

    def fill(self, **amounts: Any) -> None:
        """Type ceilings into the form by funding source (``dana_desa="800.000.000"``)."""
        for source, value in amounts.items():
            self._amounts[source].value = str(value)

    def save_ceilings(self) -> None:
        """Store the ceilings typed (an emptied box removes its ceiling): all, or none."""
        wanted = {s: box.value.strip() for s, box in self._amounts.items()}

        def work(ctx: Any) -> None:
            for source, text in wanted.items():
                if not text:
                    found = ctx.find(Ceiling, source=source)
                    if found is not None:
                        ctx.remove(Ceiling, found.id)
                    continue
                ctx.put(Ceiling, {"source": source, "amount": text})

        try:
            self._ws.write(work, action="edit")
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        self._status.ok(t("common.saved", self._lang))

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        r = review(self._ws)
        lang = self._lang
        if "ceilings" in kinds:
            self._load_ceilings()
        self._ceilings.value = ceilings_html(r, lang)
        self._selection.value = selection_html(r, lang)
        self._rules.value = rules_html(r, lang)
        self._votes.value = allocation_html(r, lang)
        self._totals.value = totals_html(r, lang) + bidang_html(r, lang)

    def _load_ceilings(self) -> None:
        stored = {c.source: c.amount for c in self._ws.records(Ceiling)}
        for source, box in self._amounts.items():
            box.value = fmt_number(stored[source], self._lang) if source in stored else ""


# -- timeline and official tables -----------------------------------------------------------


class GanttPanel(_ActionsPanel):
    """The timeline of the plan's year: a row per activity grouped by way of empowering."""

    KINDS = frozenset({"activities", "plan_settings", "workshop"})

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = ws.lang
        self._html = w.HTML()
        self.refresh()
        super().__init__(ws, [self._html])

    @property
    def html(self) -> str:
        """The timeline as shown (HTML)."""
        return self._html.value

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        view = plan_view(self._ws)
        if not view.plan.activities:
            self._html.value = note(t("actions.summary.none", self._lang))
            return
        self._html.value = gantt_html(view, self._lang)


class PlanTablesPanel(_ActionsPanel):
    """The plan in the village's own formats: the activities, the RKP Desa, the DU-RKPDesa
    proposals, the public information board and who does what (RACI)."""

    KINDS = EVERYTHING
    TABLES = ("activities", "rkp_desa", "du_rkp_desa", "information_board", "raci")

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._which = w.ToggleButtons(
            options=[(t(f"actions.tables.{x}", lang), x) for x in self.TABLES],
            style={"button_width": "auto"},
        )
        self._html = w.HTML()
        self._which.observe(lambda _: self.refresh(), names="value")
        self.refresh()
        super().__init__(ws, [self._which, self._html])

    @property
    def html(self) -> str:
        """The table shown (HTML)."""
        return self._html.value

    def show(self, which: str) -> None:
        """Show one of :attr:`TABLES`."""
        self._which.value = which

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        which, lang = self._which.value, self._lang
        if which == "activities":
            self._html.value = activities_html(
                plan_view(self._ws), lang, caption=t("kind.activities", lang)
            )
        elif which == "raci":
            self._html.value = raci_html(review(self._ws), lang)
        else:
            self._html.value = laid_out_html(tables(self._ws, lang)[which], lang)
