"""The needs assessment's own drawing: the problem tree, effects above and causes below.

matplotlib and networkx are imported inside the function, so importing this module costs
nothing; the shared helpers are in :mod:`planning.render.charts`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from planning.i18n import t
from planning.render.charts import _plain, _pyplot

# Text sizes in points: at the panel's 110 dpi a box's words are 18 px and the note 17 px,
# readable from the back of the room; at the handout's 90 dpi, 15 and 14 px.
TREE_TEXT_PT = 12
TREE_NOTE_PT = 11


def tree_figure(graph: Any, *, lang: str) -> Any:
    """Give a drawing of a problem tree: effects above the core problem, causes below.

    ``graph`` is the DiGraph of ``planning.needs.problem_tree`` (node attributes ``role`` and
    ``label``). Each ring of causes or effects sits one row further from the core.
    """
    import networkx as nx

    plt = _pyplot()
    core = next(n for n, d in graph.nodes(data=True) if d.get("role") == "core")
    depth = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), core)
    rows: dict[int, list[Any]] = {}
    for node, d in depth.items():
        role = graph.nodes[node].get("role")
        level = 0 if role == "core" else (d if role == "effect" else -d)
        rows.setdefault(level, []).append(node)
    width = max(len(v) for v in rows.values())
    fig, ax = plt.subplots(figsize=(max(7.2, 2.4 * width), 1.0 + 1.5 * len(rows)))
    pos: dict[Any, tuple[float, float]] = {}
    for level, nodes in rows.items():
        nodes.sort(key=lambda n: str(graph.nodes[n].get("label", n)))
        for i, node in enumerate(nodes):
            pos[node] = ((i + 0.5) / len(nodes), float(level))
    colours = {"core": "#fdd49e", "cause": "#c6dbef", "effect": "#c7e9c0"}
    boxes = {}
    for node, (x, yy) in pos.items():
        d = graph.nodes[node]
        boxes[node] = ax.text(
            x,
            yy,
            _plain(textwrap.fill(str(d.get("label", node)), 22)),
            ha="center",
            va="center",
            fontsize=TREE_TEXT_PT,
            fontweight="bold" if d.get("role") == "core" else "normal",
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.4",
                "fc": colours.get(d.get("role"), "#eee"),
                "ec": "#777",
            },
        )
    fig.canvas.draw()  # the boxes get their size, so arrows can stop at their edges
    for a, b in graph.edges():
        ax.annotate(
            "",
            xy=pos[b],
            xytext=pos[a],
            zorder=2,
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#555",
                "lw": 1.2,
                "patchA": boxes[a].get_bbox_patch(),
                "patchB": boxes[b].get_bbox_patch(),
                "shrinkA": 2,
                "shrinkB": 2,
            },
        )
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(min(rows) - 0.6, max(rows) + 0.6)
    ax.axis("off")
    ax.set_title(t("tree.title", lang), loc="left", fontweight="bold")
    ax.text(
        0.0, max(rows) + 0.45, t("tree.effects_above", lang), fontsize=TREE_NOTE_PT, color="#555"
    )
    fig.tight_layout()
    return fig
