"""The stakeholder map's part of the participants' handout, built from the stored workshop.

``templates/handout/notebooks/03_stakeholders.ipynb`` calls these, one line a cell: the map,
the power-interest grid, the bridges (brokers) and the suggestions, in plain words. Every text
is escaped through ``planning.render.html``; contact persons are never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from planning.i18n import t
from planning.render.html import Html, card, heading, items, note, paragraph
from planning.stakeholders.assessment import MapAnalysis, analyse, positions
from planning.stakeholders.charts import analysis_plan, map_html
from planning.stakeholders.queries import queries_html
from planning.stakeholders.views import (
    actors_table,
    brokers_html,
    goal_lines,
    grid_html,
    map_facts,
    reach_lines,
    suggestions_html,
)
from planning.store import Workshop

__all__ = [
    "map_drawing",
    "next_steps",
    "stakeholder_actors",
    "stakeholder_brokers",
    "stakeholder_grid",
    "stakeholder_map",
    "stakeholder_queries",
    "stakeholder_suggestions",
]


def _has_map(a: MapAnalysis) -> bool:
    return bool(a.actors)


class _Section(Protocol):
    def __call__(self, ws: Workshop, lang: str, a: MapAnalysis | None = None) -> Html: ...


def _map_section(title: str) -> Callable[[Callable[[MapAnalysis, str], list[str]]], _Section]:
    """Make a section of the handout, headed by the words ``title``, from what it shows of the
    map's analysis: empty while there is no map; the workshop is analysed unless the analysis
    is given."""

    def make(body: Callable[[MapAnalysis, str], list[str]]) -> _Section:
        def section(ws: Workshop, lang: str, a: MapAnalysis | None = None) -> Html:
            a = a or analyse(ws)
            if not _has_map(a):
                return Html()
            return Html(heading(t(title, lang), 2), *body(a, lang))

        section.__name__ = section.__qualname__ = body.__name__
        section.__doc__ = body.__doc__
        return section

    return make


def map_drawing(
    ws: Workshop, lang: str, a: MapAnalysis | None = None, *, size: str = "handout"
) -> str:
    """Give the drawn map as an HTML figure (an inline PNG) with its alt text and caption."""
    a = a or analyse(ws)
    plan = analysis_plan(a, positions(ws, a), size=size)
    question = a.question_name()
    caption = t("stakeholders.map.size_question", lang, question=question) if question else ""
    alt = t("stakeholders.map.alt", lang, count=len(a.actors), links=len(a.links))
    return map_html(plan, lang=lang, alt=alt, caption=caption, dpi=96)


def stakeholder_map(ws: Workshop, lang: str, a: MapAnalysis | None = None) -> Html:
    """Give the stage's title, the map and the whole map in sentences."""
    a = a or analyse(ws)
    parts = [heading(t("stakeholders.handout.title", lang), 1)]
    if not _has_map(a):
        return Html(*parts, note(t("stakeholders.handout.no_map", lang)))
    parts.append(paragraph(t("stakeholders.handout.intro", lang)))
    parts.append(map_drawing(ws, lang, a))
    parts.append(items(map_facts(a, lang)))
    if a.goals:  # the goals the group placed beside the actors, per question
        parts.append(card(t("stakeholders.goals.title", lang), items(goal_lines(a, lang))))
    return Html(*parts)


@_map_section("stakeholders.grid.title")
def stakeholder_grid(a: MapAnalysis, lang: str) -> list[str]:
    """Give the power-interest grid, for the first influence question."""
    return [grid_html(a, lang)]


@_map_section("stakeholders.brokers.title")
def stakeholder_brokers(a: MapAnalysis, lang: str) -> list[str]:
    """Give the bridges of the map, what losing each would do, and what each community group
    reaches."""
    reach = reach_lines(a, lang)
    shown = [card(t("stakeholders.reach.title", lang), items(reach))] if reach else []
    return [brokers_html(a, lang), *shown]


@_map_section("stakeholders.suggest.title")
def stakeholder_suggestions(a: MapAnalysis, lang: str) -> list[str]:
    """Give whom to work with next: partners per priority need, brokers, links to make."""
    return [suggestions_html(a, lang)]


@_map_section("stakeholders.ask.title")
def stakeholder_queries(a: MapAnalysis, lang: str) -> list[str]:
    """Give questions asked of the map, each with what its answer means: how the busiest
    community group reaches the most influential actor, who is the strongest bridge, the
    largest close circle as one actor."""
    return [queries_html(a, lang)]


@_map_section("stakeholders.handout.actors")
def stakeholder_actors(a: MapAnalysis, lang: str) -> list[str]:
    """Give the table of actors (no contact persons)."""
    return [
        paragraph(t("stakeholders.handout.actors_help", lang, top=a.tower_top)),
        actors_table(a, lang, compact=True),
    ]


def next_steps(ws: Workshop, lang: str, a: MapAnalysis | None = None) -> list[str]:
    """Give the stakeholder map's lines of the handout's next steps: meet the first partner of
    the top need, ask the first broker for an introduction, find a second way around a single
    point of failure."""
    a = a or analyse(ws)
    steps = []
    for need in a.needs[:1]:
        partner = next(
            (s for s in a.suggestions if s.kind == "partner" and s.need == need.id), None
        )
        if partner is not None:
            steps.append(
                t("stakeholders.next.meet", lang, actor=a.name(partner.actors[0]), need=need.title)
            )
    broker = next((s for s in a.suggestions if s.kind == "broker"), None)
    if broker is not None:
        group, middle, source = broker.actors
        steps.append(
            t(
                "stakeholders.next.broker",
                lang,
                broker=a.name(middle),
                group=a.name(group),
                source=a.name(source),
            )
        )
    for actor, groups in list(a.single_points.items())[:1]:
        steps.append(
            t(
                "stakeholders.next.spof",
                lang,
                actor=a.name(actor),
                groups=", ".join(a.name(g) for g in groups),
            )
        )
    return steps
