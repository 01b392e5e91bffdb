"""HTML views of the stakeholder map for panels and handouts: tables, the power-interest grid,
the brokers, what-if, reach and the suggestions, in plain words.

Every text goes through ``planning.render.html`` (escaped). Method names and statistics carry
a plain-language label and a one-line explanation in the workshop's language; the number is
shown small beside a word (low, moderate, high). Contact persons are never shown.
"""

from __future__ import annotations

from planning.errors import Msg, words
from planning.i18n import fmt_number, label, t
from planning.records import several
from planning.render.html import card, esc, items, note, paragraph, table
from planning.stakeholders.assessment import MapAnalysis
from planning.stakeholders.methods.grid import HIGH_AT, QUADRANTS
from planning.stakeholders.records import UNKNOWN_LEVEL, is_two_way
from planning.stakeholders.vocab import SUPPORT_RESOURCES, TOWER_MAX

# Where a measure turns moderate and high, for its word.
LEVELS = {
    "betweenness": (0.05, 0.2),
    "closeness": (0.3, 0.5),
    "constraint": (0.3, 0.5),
    "centralisation": (0.25, 0.5),
}
METRICS = ("links", "betweenness", "closeness", "constraint", "effective_size", "community")


def level_word(measure: str, value: float | None, lang: str) -> str:
    """Give a measure as a word with its number beside it: "high (0.42)".

    Examples
    --------
    >>> level_word("betweenness", 0.42, "en"), level_word("constraint", 0.1, "id")
    ('high (0.42)', 'rendah (0,10)')
    >>> level_word("closeness", None, "en")
    '-'
    """
    if value is None:
        return "-"
    moderate, high = LEVELS[measure]
    level = "high" if value >= high else "moderate" if value >= moderate else "low"
    return f"{t(f'stakeholders.level_word.{level}', lang)} ({fmt_number(value, lang, 2)})"


def resource_words(codes: tuple[str, ...] | list[str], lang: str) -> str:
    """Give resources in words, joined by commas ("-" for none)."""
    return words([Msg(f"stakeholders.offer.{c}") for c in codes], lang)


def actors_table(a: MapAnalysis, lang: str, *, caption: str = "", compact: bool = False) -> str:
    """Give the actors: name, sector, level, stance, interest, resources and each tower
    (``compact``: no level, short headings, narrow enough for A4).

    The contact person is never in it.
    """
    questions = list(a.questions)
    fields: tuple[str, ...] = ("name", "sector", "stance", "interest", "resources")
    if compact:
        headers = [t(f"stakeholders.col.{f}", lang) for f in fields]
        headers += [q.name for q in questions]
    else:
        fields = ("name", "sector", "level", "stance", "interest", "resources", "areas")
        headers = [t(f"field.stakeholders.{f}", lang) for f in fields]
        headers += [t("stakeholders.tower_of", lang, question=q.name) for q in questions]
    rows = []
    for s in a.actors:
        towers = a.graph.nodes[s.id]["towers"] if s.id in a.graph else {}
        level = "" if s.level == UNKNOWN_LEVEL else label("stakeholders.level", s.level, lang)
        row = [
            s.name,
            label("stakeholders.sector", s.sector, lang),
            *([] if compact else [level]),
            label("stakeholders.stance", s.stance, lang),
            s.interest,
            resource_words(several(s.resources), lang),
            *([] if compact else [words([Msg(f"category.{c}") for c in several(s.areas)], lang)]),
            *(towers.get(q.id, "") for q in questions),
        ]
        rows.append(row)
    first = fields.index("interest")
    numeric = [first, *range(len(fields), len(fields) + len(questions))]
    return table(headers, rows, numeric=numeric, caption=caption)


def goal_lines(a: MapAnalysis, lang: str, question: str | None = None) -> list[str]:
    """Give each actor's goals on ``question`` (every question when None), in the group's
    words: "PDAM: a paying customer in every house"."""
    names = {q.id: q.name for q in a.questions}
    lines = []
    for actor in a.actors:
        for q, goals in a.goals.get(actor.id, {}).items():
            if question is None or q == question:
                lines.append(
                    t("stakeholders.goals.line", lang, actor=actor.name, question=names[q],
                      goals="; ".join(goals))
                )  # fmt: skip
    return lines


def goals_table(a: MapAnalysis, lang: str) -> str:
    """Give the goals the group placed: per actor a row, per question a column."""
    placed = [s for s in a.actors if s.id in a.goals]
    if not placed:
        return note(t("stakeholders.goals.none", lang))
    headers = [t("field.stakeholders.name", lang), *(q.name for q in a.questions)]
    rows = [
        [s.name, *("; ".join(a.goals[s.id].get(q.id, ())) for q in a.questions)] for s in placed
    ]
    return table(headers, rows, caption=t("stakeholders.goals.caption", lang))


def links_table(a: MapAnalysis, lang: str, *, caption: str = "") -> str:
    """Give the links: from, type, to, strength, note (a two-way link shows ↔)."""
    headers = [
        t(f"field.links.{f}", lang) for f in ("source", "type", "target", "strength", "note")
    ]
    rows = []
    for x in sorted(a.links, key=lambda x: (a.name(x.source).casefold(), x.type)):
        arrow = "↔" if is_two_way(x.type, a.custom_types) else "→"
        rows.append(
            [
                a.name(x.source),
                f"{arrow} {words(a.link_type_words(x.type), lang)}",
                a.name(x.target),
                x.strength,
                x.note,
            ]
        )
    return table(headers, rows, numeric=[3], caption=caption)


def metrics_table(a: MapAnalysis, lang: str) -> str:
    """Give each actor's place on the map: links in and out, bridge role, ease of reach,
    closed circle, separate contacts and circle number, busiest bridges first."""
    headers = [t("field.stakeholders.name", lang)] + [
        t(f"stakeholders.metric.{m}", lang) for m in METRICS
    ]
    order = sorted(a.metrics.values(), key=lambda m: (-m.betweenness, a.name(m.actor).casefold()))
    rows = []
    for m in order:
        size = m.effective_size
        rows.append(
            [
                a.name(m.actor),
                t("stakeholders.metric.in_out", lang, into=m.degree_in, out=m.degree_out),
                level_word("betweenness", m.betweenness, lang),
                level_word("closeness", m.closeness, lang),
                level_word("constraint", m.constraint, lang),
                "-" if size is None else fmt_number(size, lang, 1),
                m.community + 1,
            ]
        )
    return table(headers, rows, numeric=[6], caption=t("stakeholders.metrics.caption", lang))


def metrics_help(lang: str) -> str:
    """Give what each column of the metrics table means, in plain words."""
    lines = [
        f"{t(f'stakeholders.metric.{m}', lang)}: {t(f'stakeholders.metric.{m}.help', lang)}"
        for m in METRICS
    ]
    return items(lines)


def map_facts(a: MapAnalysis, lang: str) -> list[str]:
    """Give the whole map in sentences: size, isolates, groups, centralisation, conflicts."""
    s = a.structure
    if not a.actors:
        return [t("stakeholders.facts.no_actors", lang)]
    out = [t("stakeholders.facts.counts", lang, actors=len(a.actors), links=len(a.links))]
    if s.isolates:
        out.append(t("stakeholders.facts.isolates", lang, names=_names(a, s.isolates)))
    if s.conflict_only:
        out.append(t("stakeholders.facts.conflict_only", lang, names=_names(a, s.conflict_only)))
    if len(s.groups) == 1:
        out.append(t("stakeholders.facts.groups_one", lang))
    elif s.groups:
        parts = "; ".join(_names(a, g) for g in s.groups)
        out.append(t("stakeholders.facts.groups_many", lang, count=len(s.groups), groups=parts))
    out.append(
        t(
            "stakeholders.facts.centralisation",
            lang,
            level=level_word("centralisation", s.centralisation, lang),
        )
    )
    if s.conflicts:
        pairs = "; ".join(f"{a.name(x)} – {a.name(y)}" for x, y in s.conflicts)
        out.append(t("stakeholders.facts.conflicts", lang, pairs=pairs))
    return out


def _names(a: MapAnalysis, ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(sorted((a.name(x) for x in ids), key=str.casefold))


def grid_html(a: MapAnalysis, lang: str) -> str:
    """Give the power-interest grid as four boxes (two by two, one column on a phone)."""
    by_quadrant: dict[str, list[str]] = {q: [] for q in QUADRANTS}
    for place in a.grid.values():
        by_quadrant[place.quadrant].append(
            f"{a.name(place.actor)} ({place.power}/{place.interest})"
        )
    boxes = []
    for q in QUADRANTS:
        names = sorted(by_quadrant[q], key=str.casefold)
        body = items(names) if names else paragraph("-")
        boxes.append(
            f'<section class="planning-quadrant planning-quadrant-{esc(q)}">'
            f"<h4>{esc(t(f'stakeholders.quadrant.{q}', lang))}</h4>"
            f'<p class="planning-quadrant-help">{esc(t(f"stakeholders.quadrant.{q}.help", lang))}'
            "</p>"
            f"{body}</section>"
        )
    question, high = a.question_name(), fmt_number(HIGH_AT, lang, 1)
    axes = (
        t("stakeholders.grid.axes", lang, question=question, high=high, top=a.tower_top)
        if question
        else t("stakeholders.grid.no_question", lang, high=high, top=a.tower_top)
    )
    return paragraph(axes) + '<div class="planning-pi-grid">' + "".join(boxes) + "</div>"


def brokers_html(a: MapAnalysis, lang: str) -> str:
    """Give the bridges of the map (brokers) and what losing each would do, in sentences."""
    brokers = a.brokers
    if not brokers:
        return paragraph(t("stakeholders.brokers.none", lang))
    lines = [
        t(
            "stakeholders.brokers.line",
            lang,
            actor=a.name(x),
            level=level_word("betweenness", a.metrics[x].betweenness, lang),
        )
        for x in brokers
    ]
    parts = [paragraph(t("stakeholders.metric.betweenness.help", lang)), items(lines)]
    what_if = [s for x in brokers if x in a.what_if for s in what_if_lines(a, x, lang)]
    what_if += [  # a single point of failure is named even when it is not a top bridge
        t("stakeholders.whatif.spof", lang, actor=a.name(x), groups=_names(a, groups))
        for x, groups in a.single_points.items()
        if x not in a.what_if
    ]
    if what_if:
        parts.append(paragraph(t("stakeholders.whatif.title", lang)))
        parts.append(items(what_if))
    return "".join(parts)


def what_if_lines(a: MapAnalysis, actor: str, lang: str) -> list[str]:
    """Give what removing ``actor`` would do, in sentences (a single point of failure named)."""
    from planning.stakeholders.methods import what_if_removed

    w = a.what_if.get(actor) or what_if_removed(a.graph, actor)
    name = a.name(actor)
    out = []
    if w.single_point_of_failure:
        out.append(t("stakeholders.whatif.spof", lang, actor=name, groups=_names(a, w.cut_off)))
    if w.separated:
        pieces = "; ".join(_names(a, p) for p in w.separated[1:])  # all but the largest
        out.append(t("stakeholders.whatif.splits", lang, actor=name, pieces=pieces))
        out.append(t("stakeholders.whatif.lost_pairs", lang, count=w.lost_pairs))
    else:
        out.append(t("stakeholders.whatif.no_split", lang, actor=name))
    if w.rises:
        rising = ", ".join(a.name(x) for x, _ in w.rises[:3])
        out.append(t("stakeholders.whatif.rises", lang, actor=name, actors=rising))
    return out


def reach_lines(a: MapAnalysis, lang: str) -> list[str]:
    """Give, for each community group, what it reaches within two links and what it cannot."""
    out = []
    for group, r in a.reach.items():
        name = a.name(group)
        got = [x for x in SUPPORT_RESOURCES if r.sources[x]]
        if got:
            via = "; ".join(
                f"{t(f'stakeholders.offer.{x}', lang)}: {_names(a, list(r.sources[x])[:3])}"
                for x in got
            )
            out.append(t("stakeholders.reach.line", lang, group=name, via=via))
        far = [x for x in r.missing if x not in r.unreachable]
        if far:
            words_ = resource_words(far, lang)
            out.append(t("stakeholders.reach.missing", lang, group=name, resources=words_))
        if r.unreachable:
            words_ = resource_words(list(r.unreachable), lang)
            out.append(t("stakeholders.reach.unreachable", lang, group=name, resources=words_))
    return out


def mismatch_lines(a: MapAnalysis, lang: str) -> list[str]:
    """Give the mismatches worth raising in the workshop, in sentences."""
    out = []
    for m in a.mismatches:
        fields = {"actor": a.name(m.actor), "tower": m.tower, "links": m.links}
        if m.kind == "opposed_broker":
            pairs = m.gatekeeps or m.via
            key = "opposed_gatekeeper" if m.gatekeeps else "opposed_broker"
            groups = _names(a, sorted({g for g, _ in pairs}))
            res = resource_words(sorted({r for _, r in pairs}, key=SUPPORT_RESOURCES.index), lang)
            out.append(
                t(f"stakeholders.mismatch.{key}", lang, **fields, groups=groups, resources=res)
            )
        else:
            out.append(t(f"stakeholders.mismatch.{m.kind}", lang, **fields))
    return out


def suggestions_html(a: MapAnalysis, lang: str) -> str:
    """Give every suggestion with its reason: partners per priority need (one per empowerment
    strategy), brokers who could open a door, links worth making, and what is worth talking
    about."""
    parts = []
    if not a.needs:
        parts.append(note(t("stakeholders.suggest.no_needs", lang)))
    for need in a.needs:
        mine = [s for s in a.suggestions if s.kind == "partner" and s.need == need.id]
        lines = [s.reason.text(lang) for s in mine]  # each partner with why
        head = t(
            "stakeholders.suggest.for_need",
            lang,
            need=need.title,
            rank=need.rank,
            resources=resource_words(list(need.resources), lang),
        )
        body = items(lines) if lines else paragraph(t("stakeholders.suggest.no_partner", lang))
        if need.guessed:
            body += paragraph(t("stakeholders.suggest.guessed", lang))
        parts.append(card(head, body))
    for kind in ("broker", "missing_link"):
        found = [s.reason.text(lang) for s in a.suggestions if s.kind == kind]
        if found:
            parts.append(card(t(f"stakeholders.suggest.{kind}s", lang), items(found)))
    spof = [
        t(
            "stakeholders.whatif.spof",
            lang,
            actor=a.name(x),
            groups=_names(a, groups),
        )
        for x, groups in a.single_points.items()
    ]
    talk = spof + mismatch_lines(a, lang)
    if talk:
        parts.append(card(t("stakeholders.mismatch.title", lang), items(talk)))
    if not parts:
        parts.append(note(t("stakeholders.suggest.none", lang)))
    return "".join(parts)


def tower_html(height: int, top: int = TOWER_MAX) -> str:
    """Give a tower as stacked blocks (``top`` of them, the workshop's tallest tower; an older,
    taller tower shows all its blocks) with its height written beside it (for the panel).

    Examples
    --------
    >>> tower_html(2).count("planning-tower-on"), tower_html(2).count("planning-tower-block")
    (2, 5)
    """
    blocks = "".join(
        f'<span class="planning-tower-block{" planning-tower-on" if i < height else ""}"></span>'
        for i in range(max(top, height))
    )
    count = f'<b class="planning-count" aria-live="polite">{height}</b>'
    return f'<span class="planning-tower" title="{height}">{blocks}{count}</span>'


def metrics_html(a: MapAnalysis, lang: str) -> str:
    """Give who holds which place on the map, with what each measure means, and the whole map
    in sentences."""
    if not a.actors:
        return note(t("stakeholders.facts.no_actors", lang))
    return (
        items(map_facts(a, lang))
        + metrics_table(a, lang)
        + paragraph(t("stakeholders.metrics.how", lang))
        + metrics_help(lang)
    )
