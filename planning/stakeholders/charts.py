"""The drawn Net-Map: a plan of what to draw (:func:`map_plan`) and its matplotlib figure.

Colour by sector, size by the influence tower of the chosen question, line colour and style by
link type (no arrowhead for a two-way link), a legend, and labels placed where they overlap
least. The plan is plain data (points, segments, styles), computed in milliseconds even for a
map of hundreds of actors; :func:`map_figure` draws it with matplotlib (imported there), for the
panel, the handout and the PNG and SVG exports.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from planning.i18n import t
from planning.render.charts import _plain, _pyplot
from planning.stakeholders.records import is_two_way
from planning.stakeholders.vocab import LINK_TYPES, SECTORS, TOWER_MAX

SECTOR_COLOURS: dict[str, str] = {
    "village_government": "#1f78b4",
    "government": "#a6cee3",
    "ngo": "#33a02c",
    "community_group": "#ff7f00",
    "cooperative": "#fdbf6f",
    "private": "#6a3d9a",
    "academia": "#cab2d6",
    "media": "#b15928",
    "donor": "#b2df8a",
    "religious_customary": "#fb9a99",
}
# colour, dashes (on-off in points; () is a solid line), width in points
LINK_STYLES: dict[str, tuple[str, tuple[float, ...], float]] = {
    "funding": ("#1b7837", (), 2.6),
    "information": ("#2166ac", (7, 3), 2.0),
    "training": ("#e08214", (9, 3, 2, 3), 2.4),
    "technical": ("#762a83", (2, 2.5), 2.6),
    "coordination": ("#525252", (), 1.6),
    "authority": ("#8c510a", (10, 3, 2, 3, 2, 3), 2.2),
    "conflict": ("#d7191c", (), 3.4),
}
CUSTOM_STYLES: tuple[tuple[str, tuple[float, ...], float], ...] = (
    ("#35978f", (4, 2), 2.2),
    ("#c51b7d", (1, 2), 2.4),
    ("#4d4d4d", (12, 4), 1.8),
)
FIG_PANEL = (13.0, 7.4)  # inches: the projector map, legend at the right
FIG_HANDOUT = (7.6, 7.8)  # inches: fits A4 and a phone screen scales it down, legend below
LABEL_PT = {"panel": 13.5, "handout": 9.5}
MIN_NODE, MAX_NODE = 9.0, 24.0  # node radius in points, tower 0 and tower 5
# Net-Map's goal symbol beside an actor holding goals: a yellow flag (a pennant) with a dark edge.
GOAL_MARK: dict[str, Any] = {"marker": (3, 0, -90), "markersize": 13, "color": "#ffd92f",
                             "markeredgecolor": "#252525", "markeredgewidth": 1.2}  # fmt: skip
# The map's axes and the legend's, in figure fractions (left, bottom, width, height).
BOXES = {
    "panel": ((0.0, 0.05, 0.72, 0.95), (0.73, 0.05, 0.27, 0.95)),
    "handout": ((0.0, 0.37, 1.0, 0.63), (0.0, 0.03, 1.0, 0.33)),
}


@dataclass(frozen=True)
class Node:
    """One actor as drawn: centre and radius in points, colour, label and where it goes."""

    id: str
    x: float
    y: float
    radius: float
    colour: str
    label: str
    label_xy: tuple[float, float]
    label_align: tuple[str, str]
    faded: bool = False
    opposed: bool = False
    removed: bool = False
    cut_off: bool = False
    goals: int = 0  # the actor's goals on the question drawn (a flag beside it with the count)


@dataclass(frozen=True)
class Edge:
    """One link as drawn: from and to (points, trimmed at the circles), its type, whether it
    carries an arrowhead, and whether it is faded."""

    source: str
    target: str
    type: str
    start: tuple[float, float]
    end: tuple[float, float]
    arrow: bool
    faded: bool = False


@dataclass(frozen=True)
class MapPlan:
    """What to draw: the nodes and edges in points inside a ``width`` x ``height`` box."""

    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    styles: dict[str, tuple[str, tuple[float, ...], float]]
    sectors: tuple[str, ...]
    label_size: float
    size_question: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def style_of(link_type: str, custom: Collection[str] = ()) -> tuple[str, tuple[float, ...], float]:
    """Give the colour, dashes and width of a link type (custom types in the order added).

    Examples
    --------
    >>> style_of("conflict")[0], style_of("Pinjaman alat", ["Pinjaman alat"])[0]
    ('#d7191c', '#35978f')
    """
    if link_type in LINK_STYLES:
        return LINK_STYLES[link_type]
    order = list(custom)
    i = order.index(link_type) if link_type in order else 0
    return CUSTOM_STYLES[i % len(CUSTOM_STYLES)]


def map_plan(
    actors: Mapping[str, Mapping[str, Any]],
    links: list[tuple[str, str, str, bool]],
    places: Mapping[str, tuple[float, float]],
    *,
    size: str = "panel",
    custom_types: Collection[str] = (),
    show_types: Collection[str] | None = None,
    keep: Collection[str] | None = None,
    removed: str | None = None,
    cut_off: Collection[str] = (),
    previous: MapPlan | None = None,
) -> MapPlan:
    """Give the plan of the map.

    ``actors``: id -> {"name", "sector", "stance", "tower"}; ``links``: (source, target, type,
    two_way); ``places``: id -> (x, y) in percent from the top left. ``show_types``: the link
    types drawn (all by default); ``keep``: the actors shown in full (the others faded, e.g.
    outside an ego network); ``removed``: an actor taken out for a what-if (crossed out, its
    links faded); ``cut_off``: actors that lose their connection then (ringed). ``previous``:
    the plan drawn before; an actor that has not moved keeps its label where it was, so adding
    an actor places one label, not all (and no label jumps).

    Examples
    --------
    >>> plan = map_plan({"a": {"name": "Desa", "sector": "village_government", "tower": 5},
    ...                  "b": {"name": "KWT", "sector": "community_group", "tower": 0}},
    ...                 [("a", "b", "funding", False), ("a", "b", "coordination", True)],
    ...                 {"a": (20.0, 50.0), "b": (80.0, 50.0)})
    >>> [(e.type, e.arrow) for e in plan.edges]
    [('funding', True), ('coordination', False)]
    >>> plan.nodes[0].radius > plan.nodes[1].radius
    True
    """
    fig_w, fig_h = FIG_PANEL if size == "panel" else FIG_HANDOUT
    box = BOXES["panel" if size == "panel" else "handout"][0]
    width, height = fig_w * 72 * box[2], fig_h * 72 * box[3]
    label_pt = LABEL_PT.get(size, 12.0)
    scale = 1.0 if size == "panel" else 0.7

    def point(actor: str) -> tuple[float, float]:
        x, y = places.get(actor, (50.0, 50.0))
        return (x / 100 * width, (1 - y / 100) * height)

    ids = sorted(actors, key=lambda a: (str(actors[a].get("name", a)).casefold(), a))
    radius = {
        a: scale
        * (
            MIN_NODE
            + (MAX_NODE - MIN_NODE) * min(float(actors[a].get("tower") or 0), TOWER_MAX) / TOWER_MAX
        )
        for a in ids
    }
    shown = set(ids) if keep is None else set(keep)
    centres = {a: point(a) for a in ids}
    texts = {a: _wrap(str(actors[a].get("name", a))) for a in ids}
    kept = {}
    if previous is not None and previous.label_size == label_pt:
        for node in previous.nodes:
            same = (centres.get(node.id), radius.get(node.id), texts.get(node.id))
            if same == ((node.x, node.y), node.radius, node.label):
                kept[node.id] = (node.label_xy, node.label_align)
    labels = _place_labels(
        [(a, centres[a], radius[a], texts[a]) for a in ids], label_pt, width, height, kept
    )
    nodes = []
    for a in ids:
        (lx, ly), align = labels[a]
        nodes.append(
            Node(
                id=a,
                x=centres[a][0],
                y=centres[a][1],
                radius=radius[a],
                colour=SECTOR_COLOURS.get(str(actors[a].get("sector")), "#bdbdbd"),
                label=_wrap(str(actors[a].get("name", a))),
                label_xy=(lx, ly),
                label_align=align,
                faded=a not in shown or a == removed,
                opposed=actors[a].get("stance") == "opposed",
                removed=a == removed,
                cut_off=a in set(cut_off),
                goals=int(actors[a].get("goals") or 0),
            )
        )
    edges = _edges(links, centres, radius, show_types, shown, removed, scale)
    types = sorted({e.type for e in edges}, key=_type_order(custom_types))
    styles = {k: style_of(k, list(custom_types)) for k in types}
    sectors = tuple(s for s in SECTORS if any(actors[a].get("sector") == s for a in ids))
    return MapPlan(width, height, tuple(nodes), edges, styles, sectors, label_pt)


def _type_order(custom: Collection[str]) -> Any:
    order = {k: i for i, k in enumerate([*LINK_TYPES, *custom])}
    return lambda k: (order.get(k, 99), k)


def _wrap(name: str) -> str:
    return textwrap.fill(name, 18, max_lines=2, placeholder="…")


def _edges(
    links: list[tuple[str, str, str, bool]],
    centres: Mapping[str, tuple[float, float]],
    radius: Mapping[str, float],
    show_types: Collection[str] | None,
    shown: Collection[str],
    removed: str | None,
    scale: float,
) -> tuple[Edge, ...]:
    """Give straight edges; several types between one pair are drawn side by side."""
    order = _type_order(())
    by_pair: dict[tuple[str, str], list[tuple[str, str, str, bool]]] = {}
    for link in links:
        u, v, kind, _ = link
        if u not in centres or v not in centres or u == v:
            continue
        if show_types is not None and kind not in show_types:
            continue
        by_pair.setdefault((min(u, v), max(u, v)), []).append(link)
    gap = 4.5 * scale
    out = []
    for (a, b), group in sorted(by_pair.items()):
        group.sort(key=lambda x: (order(x[2]), x[0]))
        (ax, ay), (bx, by) = centres[a], centres[b]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx_, ny_ = -(by - ay) / length, (bx - ax) / length  # normal of a -> b
        for i, (u, v, kind, two_way) in enumerate(group):
            shift = (i - (len(group) - 1) / 2) * gap
            (ux, uy), (vx, vy) = centres[u], centres[v]
            dx, dy = (vx - ux) / length, (vy - uy) / length
            ru, rv = radius[u] + 1.5, radius[v] + (4.0 if not two_way else 1.5)
            start = (ux + dx * ru + nx_ * shift, uy + dy * ru + ny_ * shift)
            end = (vx - dx * rv + nx_ * shift, vy - dy * rv + ny_ * shift)
            faded = (u not in shown or v not in shown) or removed in (u, v)
            out.append(Edge(u, v, kind, start, end, not two_way, faded))
    return tuple(out)


def _place_labels(
    items: list[tuple[str, tuple[float, float], float, str]],
    size: float,
    width: float,
    height: float,
    kept: Mapping[str, tuple[tuple[float, float], tuple[str, str]]] | None = None,
) -> dict[str, tuple[tuple[float, float], tuple[str, str]]]:
    """Give each label a spot beside its circle (below, above, right or left): the one that
    overlaps the labels placed before it and the circles least, staying inside the map.
    Labels in ``kept`` stay where they are and are weighed first.

    The four spots of a label are weighed at once against every box placed so far (numpy), so
    a map of hundreds of actors is labelled in milliseconds.
    """
    import numpy as np

    char_w, line_h = 0.56 * size, 1.2 * size
    n = len(items)
    circles = np.array([[c[0], c[1], r] for _, c, r, _ in items], dtype=float).reshape(n, 3)
    placed = np.zeros((n, 4))
    aligns = [("center", "top"), ("center", "bottom"), ("left", "center"), ("right", "center")]
    out: dict[str, tuple[tuple[float, float], tuple[str, str]]] = {}
    k = 0
    kept = kept or {}
    for a, (x, y), r, text in items:
        if a in kept:
            out[a] = kept[a]
            lines = text.split("\n")
            w, h = max(len(line) for line in lines) * char_w, len(lines) * line_h
            placed[k] = _boxes(x, y, r, w, h)[aligns.index(kept[a][1])]
            k += 1
    for a, (x, y), r, text in items:
        if a in kept:
            continue
        lines = text.split("\n")
        w = max(len(line) for line in lines) * char_w
        h = len(lines) * line_h
        anchors = [(x, y - r - 2), (x, y + r + 2), (x + r + 3, y), (x - r - 3, y)]
        boxes = _boxes(x, y, r, w, h)
        outside = (
            np.clip(-boxes[:, 0], 0, None)
            + np.clip(boxes[:, 2] - width, 0, None)
            + np.clip(-boxes[:, 1], 0, None)
            + np.clip(boxes[:, 3] - height, 0, None)
        )
        cost = outside * 1e6  # never off the map if avoidable
        if k:
            b = placed[:k]
            ox = np.minimum(boxes[:, None, 2], b[None, :, 2]) - np.maximum(
                boxes[:, None, 0], b[None, :, 0]
            )
            oy = np.minimum(boxes[:, None, 3], b[None, :, 3]) - np.maximum(
                boxes[:, None, 1], b[None, :, 1]
            )
            cost += (np.clip(ox, 0, None) * np.clip(oy, 0, None)).sum(axis=1)
        cx = (
            np.clip(circles[None, :, 0], boxes[:, None, 0], boxes[:, None, 2]) - circles[None, :, 0]
        )
        cy = (
            np.clip(circles[None, :, 1], boxes[:, None, 1], boxes[:, None, 3]) - circles[None, :, 1]
        )
        cost += (np.hypot(cx, cy) < circles[None, :, 2]).sum(axis=1) * w * h * 0.5
        best = int(np.argmin(np.round(cost, 6)))
        placed[k] = boxes[best]
        k += 1
        out[a] = (anchors[best], aligns[best])
    return {a: out[a] for a, *_ in items}


def _boxes(x: float, y: float, r: float, w: float, h: float) -> Any:
    """Give the four boxes a label of ``w`` x ``h`` may take beside a circle: below, above
    (in drawing units, y grows upwards), right, left."""
    import numpy as np

    return np.array(
        [
            (x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2),
            (x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h),
            (x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2),
            (x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2),
        ]
    )


def map_figure(plan: MapPlan, *, lang: str, title: str = "", size_note: str = "") -> Any:
    """Give the map as a matplotlib figure, with its legend (sectors, link types, what the
    circle's size means): at the right on the projector, below in a handout."""
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    plt = _pyplot()
    panel = plan.label_size >= LABEL_PT["panel"]
    mode = "panel" if panel else "handout"
    fig = plt.figure(figsize=FIG_PANEL if panel else FIG_HANDOUT)
    ax = fig.add_axes(BOXES[mode][0])
    ax.set_xlim(0, plan.width)
    ax.set_ylim(0, plan.height)
    ax.axis("off")
    if title:
        ax.set_title(_plain(title), loc="left", fontweight="bold", fontsize=plan.label_size + 2)
    for kind, (colour, dashes, lw) in plan.styles.items():
        for faded in (True, False):
            edges = [e for e in plan.edges if e.type == kind and e.faded == faded]
            if not edges:
                continue
            alpha = 0.12 if faded else 0.9
            segs = [(e.start, e.end) for e in edges]
            style = (0, dashes) if dashes else "solid"
            lines = LineCollection(
                segs, colors=colour, linewidths=lw, linestyles=[style], alpha=alpha, zorder=1
            )
            ax.add_collection(lines)
            heads = [_arrowhead(e.start, e.end, 3.2 * lw + 4) for e in edges if e.arrow]
            if heads:
                ax.add_collection(
                    PolyCollection(
                        heads, facecolors=colour, edgecolors="none", alpha=alpha, zorder=2
                    )
                )
    for node in plan.nodes:
        _draw_node(ax, plt, node, plan.label_size)
    legend_pt = plan.label_size - 0.5
    sectors = [
        Patch(
            facecolor=SECTOR_COLOURS[s],
            edgecolor="#252525",
            label=_plain(textwrap.fill(t(f"stakeholders.sector.{s}", lang), 24)),
        )
        for s in plan.sectors
    ]
    kinds = []
    for kind, (colour, dashes, lw) in plan.styles.items():
        words = t(f"stakeholders.link_type.{kind}", lang) if kind in LINK_TYPES else kind
        kinds.append(
            Line2D(
                [0],
                [0],
                color=colour,
                lw=lw + 0.6,
                linestyle=(0, dashes) if dashes else "-",
                label=_plain(textwrap.fill(words, 24)),
            )
        )
    flags = any(n.goals for n in plan.nodes)
    if flags:  # the goal flag, last under the lines
        words = textwrap.fill(t("stakeholders.map.legend_goals", lang), 30 if panel else 24)
        kinds.append(Line2D([0], [0], **GOAL_MARK, linestyle="none", label=_plain(words)))
    box = fig.add_axes(BOXES[mode][1])
    box.axis("off")
    common = {"fontsize": legend_pt, "title_fontsize": legend_pt, "frameon": False}
    if sectors:
        first = box.legend(
            handles=sectors,
            loc="upper left",
            ncol=1 if panel else 3,
            title=t("stakeholders.map.legend_sectors", lang),
            bbox_to_anchor=(0.0, 1.0),
            handlelength=1.2,
            alignment="left",
            **common,
        )
        box.add_artist(first)
    if kinds:
        box.legend(
            handles=kinds,
            loc="upper left",
            ncol=1 if panel else 3,
            title=t("stakeholders.map.legend_links", lang) if plan.styles else None,
            bbox_to_anchor=(0.0, 0.42 + 0.06 * flags) if panel else (0.0, 0.5),
            handlelength=2.6,
            alignment="left",
            **common,
        )
    words = size_note or t("stakeholders.map.size_note", lang)
    fig.text(0.005, 0.0, _plain(textwrap.fill(words, 140 if panel else 90)), fontsize=legend_pt - 1,
             color="#333333", va="bottom")  # fmt: skip
    return fig


def _draw_node(ax: Any, plt: Any, node: Node, size: float) -> None:
    """Draw one actor: its circle (a red ring if opposed, crossed out if removed, a dashed red
    ring around it if cut off) and its label on a light box."""
    alpha = 0.2 if node.faded else 1.0
    circle = plt.Circle(
        (node.x, node.y),
        node.radius,
        facecolor=node.colour,
        edgecolor="#d7191c" if node.opposed else "#252525",
        linewidth=3.0 if node.opposed else 1.2,
        alpha=alpha,
        zorder=3,
    )
    ax.add_patch(circle)
    if node.cut_off:
        ring = plt.Circle(
            (node.x, node.y),
            node.radius + 5,
            fill=False,
            edgecolor="#d7191c",
            linewidth=2.5,
            linestyle=(0, (3, 2)),
            zorder=3,
        )
        ax.add_patch(ring)
    if node.removed:
        r = node.radius
        for sign in (1, -1):
            ax.plot(
                [node.x - r, node.x + r],
                [node.y - sign * r, node.y + sign * r],
                color="#d7191c",
                lw=3,
                zorder=4,
            )
    if node.goals:  # Net-Map's goal symbol: a flag at the circle's upper right, with the count
        fx, fy = node.x + node.radius * 0.8, node.y + node.radius * 0.8
        ax.plot([fx], [fy], **GOAL_MARK, alpha=alpha, zorder=6, gid="goal")
        ax.text(fx + 7, fy, str(node.goals), fontsize=size - 2, fontweight="bold", va="center",
                color="#111111", alpha=alpha, zorder=6, gid="goal-count")  # fmt: skip
    ax.text(
        node.label_xy[0],
        node.label_xy[1],
        _plain(node.label),
        ha=node.label_align[0],
        va=node.label_align[1],
        fontsize=size,
        color="#111111",
        alpha=0.35 if node.faded else 1.0,
        zorder=5,
        bbox={
            "boxstyle": "round,pad=0.15",
            "fc": "white",
            "ec": "none",
            "alpha": 0.25 if node.faded else 0.8,
        },
    )


def _arrowhead(
    start: tuple[float, float], end: tuple[float, float], length: float
) -> list[tuple[float, float]]:
    """Give the triangle of an arrowhead whose tip is ``end``."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    half = length * 0.45
    base = (end[0] - ux * length, end[1] - uy * length)
    return [
        end,
        (base[0] - uy * half, base[1] + ux * half),
        (base[0] + uy * half, base[1] - ux * half),
    ]


def figure_bytes(fig: Any, fmt: str, dpi: int = 110, *, tight: bool = True) -> bytes:
    """Give a figure as PNG or SVG bytes (no time stamp, so the same map gives the same
    bytes), and close it. ``tight=False`` saves the figure as laid out, in one drawing pass."""
    import io

    buf = io.BytesIO()
    try:
        fig.savefig(
            buf,
            format=fmt,
            dpi=dpi,
            bbox_inches="tight" if tight else None,
            facecolor="white",
            metadata={"Software": None} if fmt == "png" else {"Date": None},
        )
    finally:
        _pyplot().close(fig)
    return buf.getvalue()


def map_html(plan: MapPlan, *, lang: str, alt: str, caption: str = "", dpi: int = 100) -> str:
    """Give the drawn map as ``<figure>`` with an inline PNG (alt text and caption escaped)
    that says how tall its smallest text is (``data-text-px``)."""
    import base64

    from planning.render.html import esc, smallest_text_points, text_px_attribute

    flagged = sum(1 for n in plan.nodes if n.goals)
    if flagged:  # the goal flags, said for whoever cannot see them
        alt = f"{alt} {t('stakeholders.map.alt_goals', lang, count=flagged)}"
    fig = map_figure(plan, lang=lang)
    text_px = text_px_attribute(smallest_text_points(fig), dpi)
    data = base64.b64encode(figure_bytes(fig, "png", dpi, tight=False))
    parts = [
        # It scrolls sideways on a phone: tabindex lets a keyboard scroll it too.
        '<figure class="planning-figure planning-map" tabindex="0">'
        f'<img src="data:image/png;base64,{data.decode("ascii")}" alt="{esc(alt)}"{text_px}>'
    ]
    if caption:
        parts.append(f"<figcaption>{esc(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def analysis_plan(
    a: Any,
    places: Mapping[str, tuple[float, float]],
    *,
    size: str = "panel",
    link_type: str | None = None,
    ego: str | None = None,
    depth: int = 1,
    removed: str | None = None,
    previous: MapPlan | None = None,
    measure: str | None = None,
) -> MapPlan:
    """Give the plan of a :class:`~planning.stakeholders.assessment.MapAnalysis`'s map, with
    the panel's filters: one ``link_type`` only, the actors within ``depth`` links of ``ego``,
    or ``removed`` taken out (what-if: the actors it cuts off are ringed); circles sized by
    the question's towers, or by ``measure`` (``methods.queries.MEASURES``, the largest
    value drawn as large as the tallest tower)."""
    from planning.stakeholders.methods import ego_network, what_if_removed

    G = a.graph
    top = a.tower_top or TOWER_MAX  # drawn on the workbook's scale, whatever the workshop's top
    towers: dict[str, float] = {
        x: TOWER_MAX * min(G.nodes[x]["towers"].get(a.question, 0), top) / top if a.question else 0
        for x in G
    }
    if measure:
        from planning.stakeholders.methods.queries import size_by

        values = size_by(G, a.metrics, measure, a.question)
        top = max(values.values(), default=0.0) or 1.0
        towers = {x: TOWER_MAX * v / top for x, v in values.items()}
    actors = {
        x: {
            **{k: d[k] for k in ("name", "sector", "stance")},
            "tower": towers[x],
            "goals": goal_count(a.goals.get(x, {}), a.question),
        }
        for x, d in G.nodes(data=True)
    }
    links = [(x.source, x.target, x.type, _two_way(x.type, a.custom_types)) for x in a.links]
    keep = set(ego_network(G, ego, depth).distance) if ego else None
    cut: tuple[str, ...] = ()
    if removed:
        w = a.what_if.get(removed) or what_if_removed(G, removed)
        cut = tuple(x for piece in w.separated[1:] for x in piece)
    return map_plan(
        actors,
        links,
        places,
        size=size,
        custom_types=list(a.custom_types),
        show_types=None if not link_type else {link_type},
        keep=keep,
        removed=removed,
        cut_off=cut,
        previous=previous,
    )


def goal_count(goals: Mapping[str, Collection[str]], question: str | None) -> int:
    """Give how many goals an actor holds on the question drawn (on every question when the map
    is drawn for none), from its ``question -> goals``.

    Examples
    --------
    >>> goals = {"q1": ("air",), "q2": ("jalan", "pasar")}
    >>> goal_count(goals, "q2"), goal_count(goals, None)
    (2, 3)
    """
    if question:
        return len(goals.get(question, ()))
    return sum(len(g) for g in goals.values())


def _two_way(kind: str, custom: Mapping[str, bool]) -> bool:
    return is_two_way(kind, dict(custom))
