"""The follow-up as escaped HTML, for the panels and the handout: the lights, the activities
and their photos, the realisation, the stories and the selection, the score card, the map
between rounds, the outcomes, and the draft minutes (berita acara).

Every text a person typed goes through ``planning.render.html``; a teller is named only with
their consent; no contact person, poor-household or PKH status is read.
"""

from __future__ import annotations

import base64
from typing import Any

from planning.followup.assessment import FollowupResult, MapStep
from planning.followup.methods.lights import IndicatorLight
from planning.i18n import fmt_date, fmt_number, fmt_rupiah, label, t
from planning.records import GENDERS
from planning.render.html import card, esc, heading, items, note, paragraph, table

OWN_BIDANG = ("1", "2", "3", "4", "5")


def percent(share: float | None, lang: str) -> str:
    """Give a share as a percentage ("–" for none).

    Examples
    --------
    >>> percent(0.456, "id"), percent(None, "en"), percent(1, "en")
    ('46%', '–', '100%')
    """
    return "–" if share is None else f"{fmt_number(round(share * 100), lang)}%"


def number(value: float | None, lang: str) -> str:
    """Give a number as people write it ("–" for none)."""
    if value is None:
        return "–"
    digits = 0 if float(value).is_integer() else 1
    return fmt_number(value, lang, digits)


def light_word(light: str, lang: str) -> str:
    """Give a light in words (green, amber, red, no reading yet)."""
    return t(f"followup.light.{light}", lang)


def group_word(by: str, key: str, lang: str) -> str:
    """Give what a realisation line is for, in words (a source, a bidang, a strategy, a need)."""
    if not key:
        return t("followup.realisation.total", lang)
    if by == "source":
        return label("actions.source", key, lang)
    if by == "strategy":
        return label("actions.strategy", key, lang)
    if by == "bidang":
        main = key.split(".")[0]
        return t(f"followup.bidang.{main}", lang) if main in OWN_BIDANG else key
    return key


def own_word(group: str, code: str, lang: str) -> str:
    """Give a choice's label, or the text as typed when it is the group's own (a domain of
    change, a score card group, a link type the facilitator added).

    Examples
    --------
    >>> own_word("followup.domain", "kemandirian", "en"), own_word("followup.domain", "Air", "en")
    ('Self-reliance (kemandirian)', 'Air')
    """
    key = f"{group}.{code}"
    found = t(key, lang)
    return code if found == key else found


def domain_word(domain: str, lang: str) -> str:
    """Give a domain of change in words."""
    return own_word("followup.domain", domain, lang)


def score_group_word(group: str, lang: str) -> str:
    """Give a score card group in words."""
    return own_word("followup.group", group, lang)


def lights_legend(lang: str) -> str:
    """Give what the lights mean (the statistics explained)."""
    return note(t("followup.lights.legend", lang))


def indicators_html(r: FollowupResult, lang: str) -> str:
    """Give every indicator with its latest reading and its light."""
    if not r.indicators:
        return paragraph(t("followup.indicators.none", lang))
    rows = []
    for x in r.indicators:
        last = x.light.latest
        read = f"{number(last.value, lang)} ({fmt_date(last.date, lang)})" if last else "–"
        rows.append(
            [
                f"{x.name} ({x.about})" if x.about else x.name,
                number(x.baseline, lang),
                number(x.target, lang),
                read,
                percent(x.light.achieved, lang),
                percent(x.light.elapsed, lang),
                light_word(x.light.light, lang),
            ]
        )
    heads = [t(f"followup.indicators.{k}", lang) for k in _INDICATOR_COLUMNS]
    caption = t("followup.indicators.caption", lang)
    return table(heads, rows, caption=caption, numeric=[1, 2, 4, 5])


_INDICATOR_COLUMNS = ("name", "baseline", "target", "value", "achieved", "elapsed", "light")


def trend_text(light: IndicatorLight, lang: str) -> str:
    """Give an indicator's readings in order, as one line."""
    return " → ".join(f"{number(r.value, lang)} ({fmt_date(r.date, lang)})" for r, _ in light.trend)


def activities_html(r: FollowupResult, lang: str) -> str:
    """Give every activity: its progress against its time, what was spent, its light."""
    if not r.activities:
        return paragraph(t("followup.activities.none", lang))
    rows = []
    for x in r.activities:
        s = x.state
        status = label("followup.status", s.status, lang) if s.status else "–"
        shown = light_word(s.light, lang)
        if s.ahead:
            shown += "; " + t("followup.activities.ahead", lang)
        rows.append(
            [
                x.activity.title,
                status,
                "–" if s.physical is None else f"{s.physical}%",
                percent(s.elapsed, lang),
                fmt_rupiah(s.spent, lang),
                percent(s.spent_share, lang),
                shown,
            ]
        )
    heads = [t(f"followup.activities.{k}", lang) for k in _ACTIVITY_COLUMNS]
    caption = t("followup.activities.caption", lang)
    return table(heads, rows, caption=caption, numeric=[2, 3, 4, 5])


_ACTIVITY_COLUMNS = ("title", "status", "physical", "elapsed", "spent", "spent_share", "light")


def photo_html(jpeg: bytes | None, alt: str) -> str:
    """Give a kept photo as an image inside the page ("" for none)."""
    if not jpeg:
        return ""
    data = base64.b64encode(jpeg).decode("ascii")
    return (
        f'<figure class="planning-figure planning-photo"><img src="data:image/jpeg;base64,{data}"'
        f' alt="{esc(alt)}"></figure>'
    )


def activity_cards(r: FollowupResult, lang: str, photo: Any) -> str:
    """Give each activity visited as a card: its progress, its visits' notes and its latest
    photo (``photo(name)`` gives a kept photo's bytes)."""
    out = []
    for x in (x for x in r.activities if x.visits):
        s = x.state
        lines = [
            t(
                "followup.activities.line",
                lang,
                physical="–" if s.physical is None else f"{s.physical}%",
                elapsed=percent(s.elapsed, lang),
                spent=fmt_rupiah(s.spent, lang),
                planned=fmt_rupiah(x.activity.cost, lang),
                light=light_word(s.light, lang),
            )
        ]
        if s.ahead:
            lines.append(t("followup.activities.ahead_long", lang))
        notes = [f"{fmt_date(v.date, lang)}: {v.note}" for v in x.visits if v.note]
        body = paragraph("\n".join(lines)) + (items(notes) if notes else "")
        if x.photo:
            body += photo_html(
                photo(x.photo), t("followup.photo.alt", lang, title=x.activity.title)
            )
        out.append(card(x.activity.title, body))
    return "".join(out)


def realisation_html(r: FollowupResult, lang: str, by: str = "source") -> str:
    """Give planned against spent by funding source, bidang, strategy or need."""
    lines = r.realisation.get(by, ())
    if len(lines) <= 1:
        return paragraph(t("followup.activities.none", lang))
    rows = [
        [
            group_word(by, x.key, lang),
            fmt_rupiah(x.planned, lang),
            fmt_rupiah(x.spent, lang),
            percent(x.share, lang),
        ]
        for x in lines[:-1]
    ]
    whole = lines[-1]
    total = [
        group_word(by, "", lang),
        fmt_rupiah(whole.planned, lang),
        fmt_rupiah(whole.spent, lang),
        percent(whole.share, lang),
    ]
    heads = [
        t(f"followup.realisation.{k}", lang) for k in (f"by_{by}", "planned", "spent", "share")
    ]
    caption = t(f"followup.realisation.caption_{by}", lang)
    return table(heads, rows, caption=caption, numeric=[1, 2, 3], total=total)


def stories_html(r: FollowupResult, lang: str) -> str:
    """Give the stories told, by domain (a teller named only with consent)."""
    if not r.stories:
        return paragraph(t("followup.stories.none", lang))
    by: dict[str, list[str]] = {}
    for s in r.stories.values():
        who = r.teller(s)
        by.setdefault(s.domain, []).append(f"{s.title} ({who})" if who else s.title)
    return "".join(card(domain_word(d, lang), items(titles)) for d, titles in by.items())


def selection_html(r: FollowupResult, lang: str) -> str:
    """Give per domain and round the story selected and the group's reason, or the stories
    tied for the group to decide."""
    out = []
    for c in r.choices:
        chosen = r.selections.get((c.domain, c.round))
        title = t("followup.selection.title", lang, domain=domain_word(c.domain, lang), n=c.round)
        votes = ", ".join(
            t("followup.selection.votes", lang, title=r.stories[s].title, n=n) for s, n in c.votes
        )
        parts = []
        if chosen is not None and chosen.story in r.stories:
            story = r.stories[chosen.story]
            parts.append(paragraph(t("followup.selection.chosen", lang, title=story.title)))
            parts.append(paragraph(story.story))
            parts.append(paragraph(t("followup.selection.reason", lang, reason=chosen.reason)))
        elif c.tied:
            names = ", ".join(r.stories[s].title for s in c.tied)
            parts.append(note(t("followup.selection.tied", lang, stories=names)))
        elif c.selected:
            parts.append(
                paragraph(t("followup.selection.most", lang, title=r.stories[c.selected].title))
            )
            parts.append(note(t("followup.selection.needs_reason", lang)))
        else:
            parts.append(paragraph(t("followup.selection.no_votes", lang)))
        if votes:
            parts.append(paragraph(votes))
        out.append(card(title, "".join(parts)))
    return "".join(out) or paragraph(t("followup.stories.none", lang))


def scorecard_html(r: FollowupResult, lang: str) -> str:
    """Give the score card: each criterion's score per group and round, the change, the gaps."""
    if not r.score_lines:
        return paragraph(t("followup.scorecard.none", lang))
    rounds = sorted({rnd for x in r.score_lines for rnd, _ in x.scores})
    rows = []
    for x in r.score_lines:
        got = dict(x.scores)
        change = x.latest_change
        shown = "–" if change is None else f"{change:+d}"
        rows.append(
            [r.criteria[x.criterion].name, score_group_word(x.group, lang)]
            + [str(got.get(rnd, "–")) for rnd in rounds]
            + [shown]
        )
    heads = [t("followup.scorecard.criterion", lang), t("followup.scorecard.group", lang)]
    heads += [t("followup.round", lang, n=rnd) for rnd in rounds]
    heads.append(t("followup.scorecard.change", lang))
    width = len(heads)
    out = [
        table(
            heads,
            rows,
            caption=t("followup.scorecard.caption", lang),
            numeric=list(range(2, width)),
        )
    ]
    if r.gaps:
        gap_rows = [
            [
                r.criteria[g.criterion].name,
                t("followup.round", lang, n=g.round),
                t(
                    "followup.scorecard.between",
                    lang,
                    a=score_group_word(g.first, lang),
                    b=score_group_word(g.second, lang),
                ),
                f"{g.gap:+d}",
            ]
            for g in r.gaps
        ]
        gap_heads = [
            t(f"followup.scorecard.{k}", lang) for k in ("criterion", "round", "groups", "gap")
        ]
        out.append(
            table(gap_heads, gap_rows, caption=t("followup.scorecard.gaps", lang), numeric=[3])
        )
    out.append(note(t("followup.scorecard.legend", lang)))
    return "".join(out)


def map_change_html(r: FollowupResult, lang: str) -> str:
    """Give how the partnership map changed between the rounds."""
    if not r.map_steps:
        return paragraph(t("followup.map.none", lang))
    return "".join(map_step_html(step, lang) for step in r.map_steps)


def map_step_html(step: MapStep, lang: str) -> str:
    """Give how the map changed from one round to the next, actors named."""
    c, name = step.change, step.names

    def actors(ids: tuple[str, ...]) -> str:
        return ", ".join(name.get(a, a) for a in ids) or "–"

    def links(found: tuple[tuple[str, str, str], ...]) -> list[str]:
        kind = "stakeholders.link_type"
        return [
            f"{name.get(a, a)} – {name.get(b, b)} ({own_word(kind, k, lang)})" for a, b, k in found
        ]

    lines = [
        t(f"followup.map.{key}", lang, names=actors(ids))
        for key, ids in (
            ("actors_added", c.actors_added),
            ("actors_lost", c.actors_lost),
            ("brokers_gained", c.brokers_gained),
            ("brokers_lost", c.brokers_lost),
            ("isolated", c.became_isolated),
            ("connected", c.became_connected),
        )
    ]
    body = items(lines)
    added, lost = links(c.links_added), links(c.links_lost)
    if added:
        body += paragraph(t("followup.map.links_added", lang, n=len(added))) + items(added)
    if lost:
        body += paragraph(t("followup.map.links_lost", lang, n=len(lost))) + items(lost)
    for q, moved in c.towers.items():
        if moved:
            words = t("followup.map.towers", lang, question=step.questions.get(q, q))
            body += paragraph(words) + items(
                f"{name.get(a, a)}: {h0} → {h1}" for a, h0, h1 in moved
            )
    shifts = [
        [name.get(a, a), *(measure(x, lang) for x in (b0, b1, *c.closeness[a]))]
        for a, (b0, b1) in c.betweenness.items()
        if b0 is None or b1 is None or abs(b0 - b1) > 1e-4
    ][:12]
    if shifts:
        heads = [t(f"followup.map.{k}", lang) for k in ("actor", "b0", "b1", "c0", "c1")]
        # Its title above the table: a caption inside a card is cut on a phone.
        body += paragraph(t("followup.map.measures", lang))
        body += table(heads, shifts, numeric=[1, 2, 3, 4])
        body += note(t("followup.map.legend", lang))
    return card(t("followup.map.title", lang, a=step.before.name, b=step.after.name), body)


def measure(value: float | None, lang: str) -> str:
    """Give a measure between 0 and 1 with two decimals ("–" for an actor not on the map)."""
    return "–" if value is None else fmt_number(value, lang, 2)


def outcomes_html(r: FollowupResult, lang: str) -> str:
    """Give the three outcomes over the rounds: participation, kemandirian, quality of life."""
    parts = [heading(t("followup.outcome.participation", lang), 3)]
    if r.participation:
        rows = [
            [t("followup.round", lang, n=p.round), str(p.people)]
            + [str(p.by_gender.get(g, 0)) for g in GENDERS]
            for p in r.participation
        ]
        heads = [t("followup.outcome.round", lang), t("followup.outcome.people", lang)]
        heads += [label("gender", g, lang) for g in GENDERS]
        parts.append(table(heads, rows, numeric=[1, 2, 3, 4]))
    else:
        parts.append(paragraph(t("followup.outcome.no_rounds", lang)))
    parts.append(heading(t("followup.outcome.kemandirian", lang), 3))
    share = r.own_share
    parts.append(
        paragraph(
            t(
                "followup.outcome.own_share",
                lang,
                planned=percent(share.planned, lang),
                realised=percent(share.realised, lang),
            )
        )
    )
    parts.append(heading(t("followup.outcome.quality_of_life", lang), 3))
    quality = [x for x in r.indicators if x.outcome == "quality_of_life"]
    parts.append(
        items(f"{x.name}: {light_word(x.light.light, lang)}" for x in quality)
        if quality
        else paragraph(t("followup.outcome.no_quality", lang))
    )
    return "".join(parts)


def agreed_html(r: FollowupResult, lang: str, titles: dict[str, str]) -> str:
    """Give what the score card's meeting agreed, and which became activities of the plan."""
    if not r.agreed:
        return ""
    lines = []
    for a in r.agreed:
        criterion = r.criteria.get(a.criterion)
        text = a.title
        if criterion is not None:
            text += f" ({criterion.name})"
        if a.who:
            text += f" – {a.who}"
        if a.by_date:
            text += f", {fmt_date(a.by_date, lang)}"
        if a.activity:
            text += " – " + t("followup.agreed.in_plan", lang, title=titles.get(a.activity, ""))
        lines.append(text)
    return heading(t("followup.agreed.title", lang), 3) + items(lines)
