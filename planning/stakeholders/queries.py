"""The questions a group asks of its map, in words, for the map panel and the handout: how one
actor reaches another, where a flow comes from or goes, who stands out by a chosen measure,
and a close circle seen as one actor. Each answer says in plain words what it means.

The answers are :mod:`planning.stakeholders.methods.queries` (networkx); this module only puts
them into escaped HTML (``planning.render.html``).
"""

from __future__ import annotations

from planning.i18n import fmt_number, label, t
from planning.render.html import card, items, note, paragraph
from planning.stakeholders.assessment import MapAnalysis
from planning.stakeholders.vocab import LINK_TYPES

__all__ = [
    "collapse_html",
    "default_pair",
    "flow_html",
    "measure_label",
    "paths_html",
    "queries_html",
    "size_html",
]

SHOWN = 8  # actors listed at most when sizing by a measure


def _chain(a: MapAnalysis, path: tuple[str, ...]) -> str:
    return " → ".join(a.name(x) for x in path)


def paths_html(a: MapAnalysis, source: str, target: str, lang: str, max_links: int = 3) -> str:
    """Give how ``source`` reaches ``target`` (ids): the shortest ways, the actors every
    shortest way passes, and the other ways up to ``max_links`` links, explained."""
    from planning.stakeholders.methods.queries import paths

    if source == target:
        return note(t("stakeholders.ask.same", lang))
    answer = paths(a.graph, source, target, max_links)
    title = t("stakeholders.ask.paths_title", lang, source=a.name(source), target=a.name(target))
    explain = paragraph(t("stakeholders.ask.paths_help", lang, links=max_links))
    if answer.length is None:
        return card(title, explain + note(t("stakeholders.ask.no_path", lang)))
    lines = [_chain(a, p) for p in answer.shortest]
    body = paragraph(t("stakeholders.ask.shortest", lang, links=answer.length)) + items(lines)
    if answer.through:
        body += paragraph(
            t("stakeholders.ask.through", lang, actors=", ".join(a.name(x) for x in answer.through))
        )
    longer = [_chain(a, p) for p in answer.simple if len(p) - 1 > answer.length]
    if longer:
        body += paragraph(t("stakeholders.ask.longer", lang, links=max_links)) + items(longer)
    return card(title, explain + body)


def _type_words(link_type: str, lang: str) -> str:
    return (
        label("stakeholders.link_type", link_type, lang) if link_type in LINK_TYPES else link_type
    )


def flow_html(a: MapAnalysis, actor: str, link_type: str, lang: str, *, up: bool) -> str:
    """Give where a flow of ``link_type`` reaching ``actor`` comes from (``up``), or where a
    flow from it goes, nearest first, explained."""
    from planning.stakeholders.methods.queries import flow

    found = flow(a.graph, actor, link_type, up=up)
    way = "up" if up else "down"
    kind = _type_words(link_type, lang)
    title = t(f"stakeholders.ask.{way}_title", lang, actor=a.name(actor), type=kind)
    explain = paragraph(t(f"stakeholders.ask.{way}_help", lang, type=kind))
    if not found:
        return card(title, explain + note(t("stakeholders.ask.no_flow", lang)))
    lines = [t("stakeholders.ask.away", lang, actor=a.name(x), links=d) for x, d in found.items()]
    return card(title, explain + items(lines))


def measure_label(measure: str, lang: str) -> str:
    """Give a measure's name in words (the tower's, the links', or a centrality's)."""
    return t(f"stakeholders.ask.measure.{measure}", lang)


def size_html(a: MapAnalysis, measure: str, lang: str) -> str:
    """Give the actors that stand out by ``measure`` (largest first) and what it means."""
    from planning.stakeholders.methods.queries import size_by

    values = size_by(a.graph, a.metrics, measure, a.question)
    title = t("stakeholders.ask.size_title", lang, measure=measure_label(measure, lang))
    explain = paragraph(t(f"stakeholders.ask.measure.{measure}.help", lang))
    digits = 0 if measure in ("degree", "tower") else 2
    lines = [f"{a.name(x)}: {fmt_number(v, lang, digits)}" for x, v in list(values.items())[:SHOWN]]
    return card(title, explain + items(lines))


def collapse_html(a: MapAnalysis, community: int, lang: str) -> str:
    """Give a close circle (Louvain community) as one actor: who is in it and which actors
    outside it are linked to how many of its members."""
    from planning.stakeholders.methods.queries import collapse_community

    c = collapse_community(a.graph, a.metrics, community)
    title = t(
        "stakeholders.ask.collapse_title", lang, members=", ".join(a.name(x) for x in c.members)
    )
    explain = paragraph(t("stakeholders.ask.collapse_help", lang))
    lines = [
        t("stakeholders.ask.contacts", lang, actor=a.name(x), count=n)
        for x, n in c.contacts.items()
    ]
    body = items(lines) if lines else note(t("stakeholders.ask.no_contacts", lang))
    return card(title, explain + body)


def default_pair(a: MapAnalysis) -> tuple[str, str] | None:
    """Give the question the handout asks: how the community group with most links reaches the
    actor with the tallest tower outside the groups (ties: the first entered); None when the
    map has no group or no other actor."""
    groups = [x for x in a.graph if a.graph.nodes[x]["sector"] == "community_group"]
    others = [x for x in a.graph if x not in groups]
    if not groups or not others:
        return None
    group = max(groups, key=lambda x: a.graph.degree(x))
    tallest = max(others, key=lambda x: max(a.graph.nodes[x]["towers"].values(), default=0))
    return group, tallest


def queries_html(a: MapAnalysis, lang: str) -> str:
    """Give the handout's questions of the map: how the busiest community group reaches the
    most influential actor, who stands out as a bridge, and the largest close circle seen as
    one actor."""
    parts = [paragraph(t("stakeholders.ask.intro", lang))]
    pair = default_pair(a)
    if pair is not None:
        parts.append(paths_html(a, *pair, lang))
    parts.append(size_html(a, "betweenness", lang))
    sizes: dict[int, int] = {}
    for m in a.metrics.values():
        sizes[m.community] = sizes.get(m.community, 0) + 1
    if sizes and max(sizes.values()) > 1:
        largest = min(sizes, key=lambda c: (-sizes[c], c))
        parts.append(collapse_html(a, largest, lang))
    return "".join(parts)
