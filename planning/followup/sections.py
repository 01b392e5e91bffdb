"""The follow-up's part of the handout: the musyawarah's report and a draft berita acara.

``templates/handout/notebooks/06_followup.ipynb`` calls these, one line a cell. The report
shows the realisation by funding source and bidang, each activity's progress with its photo,
the indicators with their lights, the selected stories and why, the score card's change and
the map before and after; the draft minutes (date, place, attendance by gender, what was
agreed) start on a page of their own, to be signed. Every text is escaped through
``planning.render.html``; a teller is named only with consent; no contact person,
poor-household or PKH status is shown.
"""

from __future__ import annotations

from collections import Counter

from planning.actions.records import Activity
from planning.followup import views
from planning.followup.assessment import result
from planning.followup.commands import photo_bytes
from planning.i18n import fmt_date, label, t
from planning.records import GENDERS, Participant
from planning.render.html import Html, esc, heading, items, paragraph, table
from planning.store import Workshop

__all__ = [
    "minutes",
    "next_steps",
    "report_activities",
    "report_indicators",
    "report_map",
    "report_money",
    "report_opening",
    "report_scorecard",
    "report_stories",
]


def _empty(ws: Workshop) -> bool:
    r = result(ws)
    return not (r.activities or r.stories or r.score_lines or r.rounds)


def report_opening(ws: Workshop, lang: str) -> Html:
    """Give the report's title: the musyawarah on carrying out the plan of the year."""
    if _empty(ws):
        return Html()
    r = result(ws)
    info = ws.info()
    title = t("handout.followup.title", lang, year=r.year, desa=info.desa or info.title)
    return Html(heading(title, 1), paragraph(t("handout.followup.intro", lang)))


def report_money(ws: Workshop, lang: str) -> Html:
    """Give the realisation: planned against spent by funding source and by bidang."""
    r = result(ws)
    if not r.activities:
        return Html()
    return Html(
        heading(t("handout.followup.money", lang), 2),
        views.realisation_html(r, lang, "source"),
        views.realisation_html(r, lang, "bidang"),
    )


def report_activities(ws: Workshop, lang: str) -> Html:
    """Give each activity's progress (with its latest photo) and its light."""
    r = result(ws)
    if not r.activities:
        return Html()
    return Html(
        heading(t("handout.followup.activities", lang), 2),
        views.activities_html(r, lang),
        views.lights_legend(lang),
        views.activity_cards(r, lang, lambda name: photo_bytes(ws, name)),
    )


def report_indicators(ws: Workshop, lang: str) -> Html:
    """Give the indicators with their lights, and the three outcomes over the rounds."""
    r = result(ws)
    if not r.indicators:
        return Html()
    return Html(
        heading(t("handout.followup.indicators", lang), 2),
        views.indicators_html(r, lang),
        views.lights_legend(lang),
        heading(t("handout.followup.outcomes", lang), 2),
        views.outcomes_html(r, lang),
    )


def report_stories(ws: Workshop, lang: str) -> Html:
    """Give the stories of change the group selected, and why."""
    r = result(ws)
    if not r.stories:
        return Html()
    return Html(heading(t("handout.followup.stories", lang), 2), views.selection_html(r, lang))


def report_scorecard(ws: Workshop, lang: str) -> Html:
    """Give the score card's change and gaps, and what the meeting agreed."""
    r = result(ws)
    if not r.score_lines:
        return Html()
    titles = {a.id: a.title for a in ws.snapshot(Activity)}
    return Html(
        heading(t("handout.followup.scorecard", lang), 2),
        views.scorecard_html(r, lang),
        views.agreed_html(r, lang, titles),
    )


def report_map(ws: Workshop, lang: str) -> Html:
    """Give the partnership map before and after: what changed between the rounds."""
    r = result(ws)
    if not r.map_steps:
        return Html()
    return Html(heading(t("handout.followup.map", lang), 2), views.map_change_html(r, lang))


def minutes(ws: Workshop, lang: str) -> Html:
    """Give the draft berita acara of the musyawarah, to be signed: date, place, attendance
    by gender, what was agreed (the selected stories, the agreed actions)."""
    if _empty(ws):
        return Html()
    r = result(ws)
    info = ws.info()
    people = ws.snapshot(Participant)
    counted = Counter(p.gender for p in people)
    place = ", ".join(x for x in (info.desa, info.kecamatan, info.kabupaten) if x) or "…"
    when = fmt_date(info.date, lang) if info.date else "…"
    attendance = table(
        [t("handout.minutes.who", lang), t("handout.minutes.count", lang)],
        [[label("gender", g, lang), counted.get(g, 0)] for g in GENDERS if counted.get(g)],
        caption=t("handout.minutes.attendance", lang),
        numeric=[1],
        total=[t("handout.minutes.total", lang), len(people)],
    )
    agreed = []
    for (domain, _round), chosen in sorted(r.selections.items(), key=lambda x: (x[0][1], x[0][0])):
        story = r.stories.get(chosen.story)
        if story is not None:
            agreed.append(
                t(
                    "handout.minutes.story",
                    lang,
                    domain=views.domain_word(domain, lang),
                    title=story.title,
                    reason=chosen.reason,
                )
            )
    agreed += [t("handout.minutes.action", lang, title=a.title, who=a.who or "…") for a in r.agreed]
    signs = "".join(
        f'<div class="planning-sign"><div class="planning-sign-line"></div>{esc(t(k, lang))}</div>'
        for k in (
            "handout.minutes.sign_bpd",
            "handout.minutes.sign_head",
            "handout.minutes.sign_people",
        )
    )
    return Html(
        '<div class="planning-minutes">',
        heading(t("handout.minutes.title", lang), 1),
        paragraph(t("handout.minutes.draft", lang)),
        paragraph(t("handout.minutes.opening", lang, date=when, place=place, year=r.year)),
        attendance,
        heading(t("handout.minutes.agreed", lang), 2),
        items(agreed) if agreed else paragraph("…"),
        paragraph(t("handout.minutes.closing", lang)),
        f'<div class="planning-signs">{signs}</div>',
        "</div>",
    )


def next_steps(ws: Workshop, lang: str) -> list[str]:
    """Give the follow-up's lines of the handout's next steps."""
    r = result(ws)
    if not r.activities:
        return []
    steps = []
    red = [x.activity.title for x in r.activities if x.state.light == "red"]
    if red:
        steps.append(t("handout.next.followup_red", lang, titles=", ".join(red)))
    ahead = [x.activity.title for x in r.activities if x.state.ahead]
    if ahead:
        steps.append(t("handout.next.followup_ahead", lang, titles=", ".join(ahead)))
    steps.append(t("handout.next.followup_round", lang))
    return steps
