"""The handout's own parts: the cover and the next steps every stage adds lines to.

The handout notebooks ``01_cover`` and ``09_next_steps`` call these; each stage's notebook
calls its own ``planning.<stage>.sections``. Every text is escaped through
``planning.render.html``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from planning import stages
from planning.i18n import LANGUAGES, fmt_date, label, t
from planning.participation import SENSITIVE_DIMENSIONS, Flag
from planning.records import Participant, normalise_name
from planning.render.html import Html, frame_table, heading, items, note, paragraph, table
from planning.store import Workshop, open_workshop
from planning.summary import participants_part

if TYPE_CHECKING:
    import pandas as pd


def open_for_handout() -> tuple[Workshop, str]:
    """Give the workshop and language the handout builder passed in the environment."""
    ws = open_workshop(os.environ.get("PLANNING_WORKSHOP") or None)
    lang = os.environ.get("PLANNING_LANGUAGE") or ws.lang
    return ws, lang if lang in LANGUAGES else ws.lang


def unnamed(ws: Workshop) -> set[str]:
    """Give the normalised names of participants who did not consent to be named."""
    return {normalise_name(p.name) for p in ws.records(Participant) if not p.consent}


def cover(ws: Workshop, lang: str) -> Html:
    """Give the cover: title, place, date, facilitator, who took part (counted), names."""
    info = ws.info()
    who = participants_part(ws)
    place = ", ".join(
        x
        for x in (
            f"{t('field.workshop.desa', lang)} {info.desa}" if info.desa else "",
            f"{t('field.workshop.kecamatan', lang)} {info.kecamatan}" if info.kecamatan else "",
            f"{t('field.workshop.kabupaten', lang)} {info.kabupaten}" if info.kabupaten else "",
        )
        if x
    )
    facts = [
        x
        for x in (
            place,
            fmt_date(info.date, lang) if info.date else "",
            f"{t('field.workshop.facilitator', lang)}: {info.facilitator}"
            if info.facilitator
            else "",
        )
        if x
    ]
    parts = [heading(info.title, 1), paragraph("\n".join(facts))]
    parts.append(heading(t("handout.who", lang, n=who["total"]), 2))
    if who["total"]:
        parts += [frame_table(x, caption=c, index=True) for c, x in participation_tables(ws, lang)]
    if who["named"]:
        parts.append(heading(t("handout.names", lang), 3))
        parts.append(paragraph(", ".join(who["named"])))
    if who["not_named"]:
        parts.append(note(t("handout.not_named", lang, n=who["not_named"])))
    return Html(*parts)


def participation_tables(ws: Workshop, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """Give who took part as counts: group by gender (with totals), dusun and age group by gender.

    Poor-household and PKH status are not in these tables: the frame leaves them out.
    """
    import pandas as pd

    people = ws.frame(Participant, lang=lang)
    total = t("common.total", lang)
    people["dusun"] = people["dusun"].fillna("").replace("", "-")
    out = []
    for key, rows in (("by_group", "group"), ("by_dusun", "dusun"), ("by_age_group", "age_group")):
        counts = pd.crosstab(people[rows], people["gender"], margins=True, margins_name=total)
        counts.index.name = t(f"field.participants.{rows}", lang)
        counts.columns.name = None
        out.append((t(f"summary.{key}", lang), counts))
    return out


def participation(ws: Workshop, lang: str) -> Html:
    """Give who contributed to each step against who was in the room, and who to invite.

    One row per step: its inputs, and the share of them from women and from youth beside their
    share of the room; then each group whose share of a step's inputs is well under its share
    of the room, with the counts. Nobody is named, and poor-household and PKH status are left
    out here: in a small room a share of inputs could point at a person (the facilitator sees
    those counts in ``planning.participation.participation_part``).
    """
    from planning.participation import participation as counted

    df, found = counted(ws)
    parts = [heading(t("participation.title", lang), 2), paragraph(t("participation.help", lang))]
    if df.empty:
        return Html(*parts, note(t("participation.none", lang)))
    shown = (("gender", "female"), ("age_group", "youth"))
    headers = [t("participation.step", lang), t("participation.inputs", lang)]
    headers += [t(f"participation.share.{d}", lang) for d, _ in shown]
    rows = []
    for step, part in df.groupby("step", sort=False):
        row: list[object] = [t(f"kind.{step}", lang), int(part["total_inputs"].iloc[0])]
        for dimension, category in shown:
            match = part[(part["dimension"] == dimension) & (part["category"] == category)]
            row.append(
                t(
                    "participation.share_of",
                    lang,
                    inputs=f"{match['input_share'].iloc[0]:.0%}" if len(match) else "0%",
                    room=f"{match['room_share'].iloc[0]:.0%}" if len(match) else "0%",
                )
            )
        rows.append(row)
    parts.append(table(headers, rows, numeric=[1]))
    found = [f for f in found if f.dimension not in SENSITIVE_DIMENSIONS]
    if found:
        parts.append(heading(t("participation.invite", lang), 3))
        parts.append(items(_flag_text(f, lang) for f in found))
    else:
        parts.append(paragraph(t("participation.balanced", lang)))
    return Html(*parts)


def influence(ws: Workshop, lang: str) -> Html:
    """Give whose needs, votes and plan the decisions carried: the women's path from proposal to
    funding, one row per decision with the shares of women, youth, poor households and PKH
    families (counted only, never per person) beside their share of the room, the
    shares by group and dusun along the path, and each shortfall against the women's target.

    A category of fewer than five people in the room shows "< 5", never a share; nobody is
    named.
    """
    from planning.influence import (
        PATH,
        findings_text,
        mkp_text,
        path_text,
        share_text,
        who,
    )
    from planning.influence import influence as counted

    found = counted(ws)
    parts = [heading(t("influence.title", lang), 2), paragraph(t("influence.help", lang))]
    recorded = [d for d in found.decisions if d.total]
    if not recorded:
        return Html(*parts, note(t("influence.none", lang)))
    parts.append(paragraph(t("influence.target", lang, target=found.target)))
    path = path_text(found, "gender", "female", lang)
    if path:
        parts.append(paragraph(path))
    mkp = mkp_text(found, lang)
    if mkp:
        parts.append(paragraph(mkp))
    columns = [("gender", "female"), ("age_group", "youth")]
    # Poor households and PKH families only where they and the rest of the room are five or
    # more (the same in every decision): a column of "< 5" alone says nothing.
    columns += [
        (dim, "True")
        for dim in ("poor_household", "pkh")
        if (s := recorded[0].share(dim, "True")) is not None and not s.hidden
    ]
    headers = [t("influence.decision", lang), t("influence.total", lang)]
    headers += [
        t(f"influence.column.{c if d in ('gender', 'age_group') else d}", lang) for d, c in columns
    ]
    rows = [
        [
            t(f"influence.decision.{d.key}", lang),
            _count(d.total, lang),
            *(share_text(d.share(dim, cat), lang) for dim, cat in columns),
        ]
        for d in recorded
    ]
    parts.append(table(headers, rows, numeric=[1]))
    findings = findings_text(found, lang)
    parts.append(heading(t("influence.findings", lang), 3))
    parts.append(
        items(findings) if findings else paragraph(t("influence.met", lang, target=found.target))
    )
    on_path = [d for d in recorded if d.key in PATH]
    by_rows = []
    for dimension in ("group", "dusun"):
        categories = sorted(
            {s.category for d in on_path for s in d.shares if s.dimension == dimension},
            key=str.casefold,
        )
        for category in categories:
            by_rows.append(
                [who(dimension, category, lang)]
                + [share_text(d.share(dimension, category), lang) for d in on_path]
            )
    if by_rows:
        parts.append(heading(t("influence.by", lang), 3))
        by_headers = [t("influence.category", lang)]
        by_headers += [t(f"influence.decision.{d.key}", lang) for d in on_path]
        parts.append(table(by_headers, by_rows))
    return Html(*parts)


def _count(value: float, lang: str) -> str:
    from planning.influence import count_text

    return count_text(value, lang)


def _flag_text(flag: Flag, lang: str) -> str:
    if flag.dimension == "dusun":
        who = f"{t('field.participants.dusun', lang)} {flag.category or '-'}"
    else:
        who = label(flag.dimension, flag.category, lang)
    return t(
        "participation.flag",
        lang,
        who=who,
        people=flag.people,
        room=flag.room,
        inputs=flag.inputs,
        total=flag.total_inputs,
        step=t(f"kind.{flag.step}", lang),
    )


def next_steps(ws: Workshop, lang: str) -> Html:
    """Give what the group does next: each stage's lines, then the plan and the Musrenbang."""
    steps: list[str] = []
    for stage in stages.stages():
        lines = stage.resolve("next_steps")
        if lines is not None:
            steps += lines(ws, lang)
    steps.append(t("handout.next.plan", lang))
    steps.append(t("handout.next.musrenbang", lang))
    return Html(heading(t("handout.next", lang), 1), items(steps))
