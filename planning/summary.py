"""What a handout will show, as plain data: ``summary(ws)`` gives one key per stage.

The workshop and its participants are the core's part; each stage adds its own through the
``summary`` and ``summary_text`` it declares (see :mod:`planning.stages`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from planning import stages
from planning.i18n import fmt_date, label, t
from planning.records import AGE_GROUPS, GENDERS, GROUPS, Participant
from planning.store import Workshop


def workshop_part(ws: Workshop) -> dict[str, Any]:
    """Give the workshop's own fields."""
    info = ws.info()
    return info.data()


def participants_part(ws: Workshop) -> dict[str, Any]:
    """Give who took part, counted by gender, age group, group and dusun; names only with consent.

    Poor-household and PKH status are given as counts only, never per person.
    """
    people: list[Participant] = ws.records(Participant)

    def count(field: str, order: tuple[str, ...] = ()) -> dict[str, int]:
        counted = Counter(getattr(p, field) for p in people)
        keys = [k for k in order if counted.get(k)] + sorted(k for k in counted if k not in order)
        return {k: counted[k] for k in keys}

    return {
        "total": len(people),
        "by_gender": count("gender", GENDERS),
        "by_age_group": count("age_group", AGE_GROUPS),
        "by_group": count("group", GROUPS),
        "by_dusun": count("dusun"),
        "poor_households": sum(p.poor_household for p in people),
        "pkh": sum(p.pkh for p in people),
        "named": sorted((p.name for p in people if p.consent), key=str.casefold),
        "not_named": sum(not p.consent for p in people),
    }


def summary(ws: Workshop) -> dict[str, Any]:
    """Give everything a handout shows, one key per stage."""
    from planning.influence import influence_part

    out: dict[str, Any] = {"workshop": workshop_part(ws), "participants": participants_part(ws)}
    out["influence"] = influence_part(ws)
    for stage in stages.stages():
        builder = stage.resolve("summary")
        if builder is not None:
            out[stage.name] = builder(ws)
    return out


def summary_text(ws: Workshop, data: dict[str, Any] | None = None) -> str:
    """Give the summary as readable text in the workshop's language."""
    data = data or summary(ws)
    lang = data["workshop"]["language"]
    w, p = data["workshop"], data["participants"]
    lines = [f"{w['title']}"]
    place = ", ".join(x for x in (w["desa"], w["kecamatan"], w["kabupaten"]) if x)
    if place:
        lines.append(place)
    if w["date"]:
        lines.append(fmt_date(w["date"], lang))
    if w["facilitator"]:
        lines.append(f"{t('field.workshop.facilitator', lang)}: {w['facilitator']}")
    lines += ["", f"{t('summary.participants', lang)}: {p['total']}"]
    for key, group in (
        ("by_gender", "gender"),
        ("by_group", "group"),
        ("by_age_group", "age_group"),
    ):
        parts = ", ".join(f"{label(group, k, lang)} {n}" for k, n in p[key].items())
        lines.append(f"  {t('summary.' + key, lang)}: {parts}")
    dusun = ", ".join(f"{k or '-'} {n}" for k, n in p["by_dusun"].items())
    lines.append(f"  {t('summary.by_dusun', lang)}: {dusun}")
    lines.append(
        f"  {t('summary.poor', lang)}: {p['poor_households']}, {t('summary.pkh', lang)}: {p['pkh']}"
    )
    for stage in stages.stages():
        builder = stage.resolve("summary_text")
        if builder is not None and stage.name in data:
            lines += ["", *builder(data[stage.name], lang)]
    if "influence" in data:
        from planning.influence import influence_lines

        lines += ["", *influence_lines(data["influence"], lang)]
    return "\n".join(lines)
