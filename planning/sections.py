"""The handout's own parts: the cover and the next steps every stage adds lines to.

The handout notebooks ``01_cover`` and ``09_next_steps`` call these; each stage's notebook
calls its own ``planning.<stage>.sections``. Every text is escaped through
``planning.render.html``.
"""

from __future__ import annotations

import os

from planning import stages
from planning.i18n import LANGUAGES, fmt_date, label, t
from planning.records import Participant, normalise_name
from planning.render.html import Html, heading, items, note, paragraph, table
from planning.store import Workshop, open_workshop
from planning.summary import participants_part


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
    for key, group in (
        ("by_gender", "gender"),
        ("by_group", "group"),
        ("by_dusun", ""),
        ("by_age_group", "age_group"),
    ):
        rows = [[label(group, k, lang) if group else (k or "-"), n] for k, n in who[key].items()]
        parts.append(table([t(f"summary.{key}", lang), t("common.count", lang)], rows, numeric=[1]))
    if who["named"]:
        parts.append(heading(t("handout.names", lang), 3))
        parts.append(paragraph(", ".join(who["named"])))
    if who["not_named"]:
        parts.append(note(t("handout.not_named", lang, n=who["not_named"])))
    return Html(*parts)


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
