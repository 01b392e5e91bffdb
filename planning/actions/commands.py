"""What the action-plan panels store: each command checks and writes in one transaction.

Every command goes through the store (``Workshop.write``), so the stage's rules run on what it
writes and bad input changes nothing: the command raises a :class:`~planning.errors.
PlanningError` whose message names the field, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planning.actions.records import (
    Activity,
    ActivityVote,
    Ceiling,
    Indicator,
    Objective,
    PlanSetting,
    Risk,
    join_names,
    split_names,
)
from planning.errors import Msg, ValidationError
from planning.i18n import t
from planning.records import Record
from planning.stakeholders.records import Stakeholder
from planning.store import Workshop, WriteContext

# The starter indicators offered per outcome: (code, unit key) in the order shown. Their name,
# unit and means of verification are words in the catalogues (actions.starter.<code>.*), so the
# group gets them in the workshop's language and edits them before adding.
STARTERS: dict[str, tuple[str, ...]] = {
    "participation": ("women_attending", "poor_deciding", "residents_working"),
    "kemandirian": ("own_funding", "groups_running", "group_savings"),
    "quality_of_life": ("water_all_year", "stunting", "women_income"),
}
# What each starter feeds of what the village reports: (Indeks Desa dimension, SDGs Desa goal),
# codes of data/indeks_desa.csv and data/sdgs_desa.csv.
STARTER_TAGS: dict[str, tuple[str, str]] = {
    "women_attending": ("tata_kelola", "5"),
    "poor_deciding": ("tata_kelola", "10"),
    "residents_working": ("ekonomi", "8"),
    "own_funding": ("tata_kelola", "17"),
    "groups_running": ("sosial", "18"),
    "group_savings": ("ekonomi", "8"),
    "water_all_year": ("layanan_dasar", "6"),
    "stunting": ("layanan_dasar", "3"),
    "women_income": ("ekonomi", "5"),
}


def starter(code: str, outcome: str, lang: str) -> dict[str, str]:
    """Give a starter indicator's fields in ``lang``: name, unit, means of verification,
    outcome, and the Indeks Desa dimension and SDGs Desa goal it feeds, for the group to edit.

    Examples
    --------
    >>> starter("women_attending", "participation", "en")["unit"]
    '%'
    >>> {k: v for k, v in starter("stunting", "quality_of_life", "id").items() if k != "outcome"}
    {'name': 'Prevalensi stunting balita', 'unit': '%', \
'verification': 'Penimbangan dan pengukuran bulanan posyandu, dicatat di e-PPGBM', \
'dimension': 'layanan_dasar', 'sdg': '3'}
    """
    dimension, sdg = STARTER_TAGS.get(code, ("", ""))
    return {
        "name": t(f"actions.starter.{code}.name", lang),
        "unit": t(f"actions.starter.{code}.unit", lang),
        "verification": t(f"actions.starter.{code}.verification", lang),
        "outcome": outcome,
        "dimension": dimension,
        "sdg": sdg,
    }


def save_activity(
    ws: Workshop,
    fields: Mapping[str, Any],
    *,
    partners: Iterable[str] | None = None,
    activity: str = "",
) -> Activity:
    """Add an activity (or, given its id, write a new version of it) with these fields;
    ``partners`` are the names (or ids) of actors on the map, replacing those in ``fields``."""
    data = dict(fields)
    if partners is not None:

        def work(ctx: WriteContext) -> Activity:
            actors: dict[str, Record] = ctx.records("stakeholders")
            names = [actors[p].display_name() if p in actors else p for p in partners]
            row = {**data, "partners": join_names(names)}
            return ctx.edit(Activity, activity, row) if activity else ctx.add(Activity, row)

    else:

        def work(ctx: WriteContext) -> Activity:
            return ctx.edit(Activity, activity, data) if activity else ctx.add(Activity, data)

    return ws.write(work, action="edit" if activity else "add")


def set_lead(ws: Workshop, activity: str, actor: str) -> Activity:
    """Make an actor of the map (name or id) the lead of an activity; a partner who becomes
    the lead stops being a partner."""

    def work(ctx: WriteContext) -> Activity:
        act = ctx.current(Activity, activity)
        lead = ctx.resolve("stakeholders", actor, "lead", Activity.KIND)
        name: str = ctx.records(Stakeholder)[lead].display_name()
        partners = [p for p in split_names(act.partners) if p.casefold() != name.casefold()]
        return ctx.edit(Activity, activity, {"lead": lead, "partners": join_names(partners)})

    return ws.write(work, action="edit")


def set_ceiling(ws: Workshop, source: str, amount: Any) -> Ceiling | None:
    """Set the ceiling (pagu indikatif) of a funding source; an empty amount removes it.

    Gives the ceiling, or None when it was removed (or there was none to remove).
    """
    if str(amount).strip() == "":

        def remove(ctx: WriteContext) -> None:
            found = ctx.find(
                Ceiling, source=ctx.prepare(Ceiling, {"source": source, "amount": 0})["source"]
            )
            if found is not None:
                ctx.remove(Ceiling, found.id)

        ws.write(remove, action="remove")
        return None
    return ws.put(Ceiling, source=source, amount=amount)


def set_setting(ws: Workshop, setting: str, value: Any) -> PlanSetting:
    """Set one of the plan's settings (year, rules file, priority needs, ballot, vote budget,
    accountable); an empty value goes back to the default."""
    return ws.put(PlanSetting, setting=setting, value=str(value if value is not None else ""))


def vote(ws: Workshop, participant: str, activity: str, delta: int) -> int | None:
    """Add ``delta`` votes (negative: take back) of a participant on an activity (the stage's
    rule keeps an approval 0 or 1 and dots within the budget). Gives the participant's votes on
    the activity afterwards, or None when there was nothing to take back."""
    return ws.step(ActivityVote, delta, participant=participant, activity=activity)


def remove(ws: Workshop, kind: str, record_id: str) -> None:
    """Remove an objective, activity, indicator or risk (an activity takes its indicators,
    risks and votes with it; one undo brings them back)."""
    if kind not in (Objective.KIND, Activity.KIND, Indicator.KIND, Risk.KIND):
        raise ValidationError(
            field=Msg("field.kind"),
            value=kind,
            allowed=[Msg(f"kind.{k}") for k in ("objectives", "activities", "indicators", "risks")],
        )
    ws.remove(kind, record_id)
