"""The rules the store applies when action-plan records are written, removed or merged.

Each rule runs inside the write transaction (``WriteContext``). What the field specs already
refuse: an unknown need, objective, activity or lead actor (``error.unknown_ref``), an unknown
strategy, funding source, mode, destination or status, a negative count or cost, a date that is
not a date. The rules add what needs the data files or other records: a bidang, sub-bidang or
Dana Desa focus that is not in the files (given as a code or a name, stored as the code), a
partner who is not on the map (stored as the map spells the name), an end before the start, an
indicator or risk that is about both or neither of an activity and an objective, a percentage
outside 0-100, more votes than the ballot allows, a setting that does not fit. Removing an
activity removes its indicators, risks and votes in the same change; removing an objective
removes its indicators and risks and leaves its activities without one.
"""

from __future__ import annotations

from typing import Any

from planning.actions.methods.checks import is_percent
from planning.actions.methods.reference import BidangRef, Named, YearRules, load_bidang
from planning.actions.records import (
    Activity,
    ActivityVote,
    Indicator,
    Objective,
    PlanSetting,
    Risk,
    join_names,
    split_names,
)
from planning.actions.settings import parse_setting, plan_config, workshop_folder, year_rules
from planning.errors import Msg, ValidationError, whole_between
from planning.records import Record, normalise_name
from planning.stages import MergeOutcome
from planning.store.writes import WriteContext, known_names

_BIDANG: list[BidangRef] = []


def bidang_ref() -> BidangRef:
    """Give the bidang list of the shipped data file (read once)."""
    if not _BIDANG:
        _BIDANG.append(load_bidang())
    return _BIDANG[0]


def _key(text: str) -> str:
    return normalise_name(text).strip(" .")


def bidang_code(ref: BidangRef, text: str, *, sub: bool) -> str | None:
    """Give the code a bidang (or, with ``sub``, a sub-bidang) is given by: its code, its name
    in either language, or both ("2.4 Kawasan Permukiman"); None when it is none of them.

    Examples
    --------
    >>> ref = load_bidang()
    >>> bidang_code(ref, "Kawasan Permukiman", sub=True), bidang_code(ref, "4.4", sub=True)
    ('2.4', '4.4')
    >>> bidang_code(ref, "2 Pelaksanaan Pembangunan Desa", sub=False)
    '2'
    >>> bidang_code(ref, "9", sub=False) is None
    True
    """
    table = (
        {code: named for code, (_, named) in ref.sub_bidang.items()} if sub else dict(ref.bidang)
    )
    wanted = _key(text)
    if not wanted:
        return None
    for code, named in table.items():
        names = {_key(named.id), _key(named.en), code}
        if wanted in names or wanted in {f"{code} {n}" for n in names}:
            return code
        if wanted in {f"{code}. {n}" for n in names}:
            return code
    return None


def focus_code(rules: YearRules, text: str) -> str | None:
    """Give the code of the year's Dana Desa focus ``text`` names (code or name), or None."""
    wanted = _key(text).replace(" ", "_")
    for p in rules.priorities:
        if wanted in (p.code, _key(p.name.id).replace(" ", "_"), _key(p.name.en).replace(" ", "_")):
            return p.code
    return None


class NamedCode(Msg):
    """A code with its name from a data file, written in the language it is shown in.

    Examples
    --------
    >>> from planning.errors import words
    >>> words([NamedCode("2.2", Named("Kesehatan", "Health"))], "en")
    '2.2 Health'
    """

    def __init__(self, code: str, name: Named) -> None:
        super().__init__("actions.named_code", code=code, id=name.id, en=name.en)

    def text(self, lang: str) -> str:
        return f"{self.fields['code']} {self.fields['en' if lang == 'en' else 'id']}"


def named(code: str, name: Named) -> Msg:
    """Give a code with its name from a data file, in the language it is shown in."""
    return NamedCode(code, name)


def _settings(ctx: WriteContext) -> dict[str, str]:
    return {r.setting: r.value for r in ctx.records(PlanSetting).values()}


def _config(ctx: WriteContext) -> Any:
    return plan_config(
        _settings(ctx), workshop_date=ctx.info().date, folder=workshop_folder(ctx.ws)
    )


def _bidang_names(ref: BidangRef, field: str) -> list[Msg]:
    """Give the bidang or the sub-bidang (``field``) a plan may name, as "code name"."""
    if field == "sub_bidang":
        return [named(c, n) for c, (_, n) in ref.sub_bidang.items()]
    return [named(c, n) for c, n in ref.bidang.items()]


def _bidang_code(ref: BidangRef, field: str, value: str) -> str:
    """Give the code of the bidang or sub-bidang (``field``) ``value`` names, or refuse it."""
    code = bidang_code(ref, value, sub=field == "sub_bidang")
    if code is None:
        raise ValidationError(
            field=Msg(f"field.activities.{field}"), value=value, allowed=_bidang_names(ref, field)
        )
    return code


def activity(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """An activity's bidang (none yet, or the sub-bidang's), sub-bidang and focus are in the
    data files, its partners on the map, and it ends on or after the day it starts."""
    ref = bidang_ref()
    sub = _bidang_code(ref, "sub_bidang", data["sub_bidang"]) if data["sub_bidang"] else ""
    if data["bidang"]:
        code = _bidang_code(ref, "bidang", data["bidang"])
    else:  # none yet (a trainee's activity): the plan's checks ask the facilitator for it
        code = ref.sub_bidang[sub][0] if sub else ""
    if sub and ref.sub_bidang[sub][0] != code:
        raise ValidationError(
            "actions.error.sub_bidang",
            field=Msg("field.activities.sub_bidang"),
            value=data["sub_bidang"],
            bidang=named(code, ref.bidang[code]),
            allowed=[named(c, n) for c, (b, n) in ref.sub_bidang.items() if b == code],
        )
    data["bidang"], data["sub_bidang"] = code, sub
    if data["dd_focus"]:
        rules = year_rules(_config(ctx).rules_path)
        focus = focus_code(rules, data["dd_focus"])
        if focus is None:
            raise ValidationError(
                field=Msg("field.activities.dd_focus"),
                value=data["dd_focus"],
                allowed=[named(p.code, p.name) for p in rules.priorities],
            )
        data["dd_focus"] = focus
    if data["end"] < data["start"]:
        raise ValidationError(
            "actions.error.end_before_start",
            field=Msg("field.activities.end"),
            value=data["end"],
            start=data["start"],
            allowed=Msg("actions.allowed.on_or_after", day=data["start"]),
        )
    data["partners"] = join_names(_partners(ctx, data["partners"]))
    village_code(data, "activities", "pkh_support", "pkh")


def village_code(data: dict[str, Any], kind: str, field: str, codes: str) -> None:
    """Store a field naming a code of the village's code lists (by code or name) as the code,
    or refuse it naming the codes allowed."""
    from planning.actions.methods.villagecodes import code_in, load_codes

    if not data[field]:
        return
    found = load_codes(codes)
    code = code_in(found, data[field])
    if code is None:
        raise ValidationError(
            field=Msg(f"field.{kind}.{field}"),
            value=data[field],
            allowed=found.words(),
        )
    data[field] = code


def _partners(ctx: WriteContext, text: str) -> list[str]:
    """Give the partners named in ``text`` as the map spells them, each once."""
    actors: dict[str, Record] = ctx.records("stakeholders")
    names = {normalise_name(a.display_name()): a.display_name() for a in actors.values()}
    found: list[str] = []
    for part in split_names(text):
        pieces = [part] if normalise_name(part) in names else [p for p in part.split(",") if p]
        for piece in pieces:
            name = names.get(normalise_name(piece))
            if name is None:
                raise ValidationError(
                    "error.unknown_ref",
                    field=Msg("field.activities.partners"),
                    value=piece.strip(),
                    allowed=known_names(actors.values(), limit=30),
                )
            if name not in found:
                found.append(name)
    return found


def _one_target(ctx: WriteContext, kind: str, data: dict[str, Any]) -> None:
    """Refuse a record about both or neither of an activity and an objective."""
    if bool(data["activity"]) != bool(data["objective"]):
        return
    shown = ""
    if data["activity"]:
        acts, objs = ctx.records(Activity), ctx.records(Objective)
        act, obj = acts.get(data["activity"]), objs.get(data["objective"])
        shown = (
            f"{act.title if act else data['activity']} + {obj.text if obj else data['objective']}"
        )
    raise ValidationError(
        "error.required" if not shown else "error.invalid",
        field=Msg(f"actions.field.{kind}_target"),
        value=shown,
        allowed=Msg("actions.allowed.one_target"),
    )


def indicator(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """An indicator measures one activity or one objective; a percentage lies in 0-100; its
    baseline date comes before its target date; its Indeks Desa dimension and SDGs Desa goal are
    in the data files."""
    _one_target(ctx, "indicators", data)
    if (
        data["baseline_date"]
        and data["target_date"]
        and data["baseline_date"] >= data["target_date"]
    ):
        raise ValidationError(
            field=Msg("field.indicators.baseline_date"),
            value=data["baseline_date"],
            allowed=Msg("actions.allowed.before", day=data["target_date"]),
        )
    village_code(data, "indicators", "dimension", "indeks_desa")
    village_code(data, "indicators", "sdg", "sdgs_desa")
    if is_percent(data["unit"]):
        for name in ("baseline", "target"):
            value = data[name]
            if value is not None and not 0 <= value <= 100:
                raise ValidationError(
                    field=Msg(f"field.indicators.{name}"),
                    value=int(value) if float(value).is_integer() else value,
                    allowed=Msg("actions.allowed.percent"),
                )


def risk(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A risk or assumption is about one activity or one objective."""
    _one_target(ctx, "risks", data)


def vote(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """An approval is 0 or 1; dots add up to at most the workshop's dot budget per person."""
    config = _config(ctx)
    if config.ballot == "approval":
        if data["votes"] > 1:
            raise ValidationError(
                field=Msg("field.activity_votes.votes"),
                value=data["votes"],
                allowed=Msg("actions.allowed.approval"),
            )
        return
    budget = ctx.info().dot_budget
    spent = sum(
        v.votes
        for v in ctx.records(ActivityVote).values()
        if v.participant == data["participant"] and v.id != record_id
    )
    if spent + data["votes"] > budget:
        who = ctx.records("participants").get(data["participant"])
        raise ValidationError(
            "actions.error.dots",
            field=Msg("field.activity_votes.votes"),
            value=data["votes"],
            participant=who.display_name() if who else "",
            budget=budget,
            allowed=whole_between(0, max(0, budget - spent)),
        )


def setting(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A setting's value fits it (a year, a rules file that loads, an actor on the map...)."""
    value = parse_setting(data["setting"], data["value"], workshop_folder(ctx.ws))
    if data["setting"] == "accountable" and value:
        actors: dict[str, Record] = ctx.records("stakeholders")
        wanted = normalise_name(value)
        found = next(
            (a for a in actors.values() if normalise_name(a.display_name()) == wanted), None
        )
        if found is None:
            raise ValidationError(
                "error.unknown_ref",
                field=Msg("actions.setting.accountable"),
                value=value,
                allowed=known_names(actors.values(), limit=30),
            )
        value = found.display_name()
    data["value"] = value


def remove_activity(ctx: WriteContext, record: Record) -> None:
    """Removing an activity removes its indicators, risks and votes in the same change."""
    for cls in (Indicator, Risk, ActivityVote):
        for other in list(ctx.records(cls).values()):
            if getattr(other, "activity", "") == record.id:
                ctx.remove(cls, other.id)


def remove_objective(ctx: WriteContext, record: Record) -> None:
    """Removing an objective removes its indicators and risks; its activities keep their need
    and lose the objective."""
    from planning.store.schema import RowWrite

    for cls in (Indicator, Risk):
        for other in list(ctx.records(cls).values()):
            if getattr(other, "objective", "") == record.id:
                ctx.remove(cls, other.id)
    for act in list(ctx.records(Activity).values()):
        if act.objective == record.id:
            data = {**act.data(), "objective": ""}
            ctx.write(RowWrite(act.id, act.version + 1, data, False, Activity.KIND))


def merge_votes(
    ctx: WriteContext, record: Record, data: dict[str, Any], twin: Record | None
) -> MergeOutcome:
    """A participant's votes on two merged activities (or of two merged participants) add up,
    an approval staying one."""
    if twin is None:
        return "write", data
    assert isinstance(record, ActivityVote) and isinstance(twin, ActivityVote)
    total = twin.votes + record.votes
    if _config(ctx).ballot == "approval":
        total = min(total, 1)
    return "combine", {**twin.data(), "votes": total}


RULES = {
    Activity.KIND: activity,
    Indicator.KIND: indicator,
    Risk.KIND: risk,
    ActivityVote.KIND: vote,
    PlanSetting.KIND: setting,
}
REMOVE_RULES = {Activity.KIND: remove_activity, Objective.KIND: remove_objective}
MERGE_HOOKS = {ActivityVote.KIND: merge_votes}
