"""The stakeholder map out of the workbook: GraphML and GEXF for Gephi and other network tools
(every attribute but the contact person), and the drawn map as PNG or SVG.

``planning export PATH -o DIR --format graphml,gexf,png,svg`` calls these (the stage declares
them in its ``STAGE.exports``). networkx and matplotlib are imported when they are used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planning.i18n import t
from planning.records import several
from planning.stakeholders.assessment import MapAnalysis, analyse, positions
from planning.stakeholders.charts import SECTOR_COLOURS, analysis_plan, figure_bytes, map_figure
from planning.stakeholders.records import UNKNOWN_LEVEL, is_two_way
from planning.stakeholders.vocab import LINK_TYPES
from planning.store import Workshop

if TYPE_CHECKING:
    import networkx as nx

GRAPH_FILE = "stakeholders"
MAP_FILE = "stakeholder_map"


def export_graph(
    ws: Workshop, lang: str | None = None, a: MapAnalysis | None = None
) -> nx.MultiDiGraph:
    """Give the map as a networkx MultiDiGraph with every attribute, for GraphML and GEXF.

    Nodes are keyed by actor id: ``label`` and ``name``, sector, level and stance (codes, and
    ``*_label`` in the workshop's language), interest, resources (codes joined by commas),
    notes, one ``tower_<question>`` per influence question, ``x``/``y`` (the stored place, in
    percent from the top left), and the measures: degree in and out, betweenness, closeness,
    constraint and effective size (left out for an actor with no link), community, quadrant.
    Edges are the links as entered, keyed by link id: type, ``type_label``, strength,
    ``two_way`` and note. The contact person is never exported here.
    """
    import networkx as nx

    a = a or analyse(ws)
    lang = lang or ws.lang
    places = positions(ws, a)
    G = nx.MultiDiGraph(name=ws.info().title)
    qname = {q.id: q.name for q in a.questions}
    for s in a.actors:
        m = a.metrics[s.id]
        attrs: dict[str, Any] = {
            "label": s.name,
            "name": s.name,
            "sector": s.sector,
            "sector_label": t(f"stakeholders.sector.{s.sector}", lang),
            "level": "" if s.level == UNKNOWN_LEVEL else s.level,
            "stance": s.stance,
            "stance_label": t(f"stakeholders.stance.{s.stance}", lang),
            "interest": s.interest,
            "resources": ",".join(several(s.resources)),
            "notes": s.notes,
            "x": float(places[s.id][0]),
            "y": float(places[s.id][1]),
            "degree_in": m.degree_in,
            "degree_out": m.degree_out,
            "betweenness": float(m.betweenness),
            "closeness": float(m.closeness),
            "community": m.community,
            "quadrant": a.grid[s.id].quadrant,
        }
        if m.constraint is not None:
            attrs["constraint"] = float(m.constraint)
        if m.effective_size is not None:
            attrs["effective_size"] = float(m.effective_size)
        for q, height in a.graph.nodes[s.id]["towers"].items():
            attrs[f"tower_{_attr_name(qname[q])}"] = height
        G.add_node(s.id, **attrs)
    for x in a.links:
        G.add_edge(
            x.source,
            x.target,
            key=x.id,
            type=x.type,
            type_label=t(f"stakeholders.link_type.{x.type}", lang)
            if x.type in LINK_TYPES
            else x.type,
            strength=x.strength,
            two_way=is_two_way(x.type, a.custom_types),
            note=x.note,
        )
    return G


def _attr_name(name: str) -> str:
    """Give a question's short name as part of an attribute name (letters, digits, "_")."""
    return re.sub(r"\W+", "_", name.strip()).strip("_").lower() or "q"


def write_graphml(ws: Workshop, out_dir: Path) -> list[Path]:
    """Write the map as GraphML (``stakeholders.graphml``)."""
    import networkx as nx

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{GRAPH_FILE}.graphml"
    nx.write_graphml(export_graph(ws), path, named_key_ids=True)
    return [path]


def write_gexf(ws: Workshop, out_dir: Path) -> list[Path]:
    """Write the map as GEXF (``stakeholders.gexf``), with each actor's place, colour and size
    for Gephi's view."""
    import networkx as nx

    out_dir.mkdir(parents=True, exist_ok=True)
    G = export_graph(ws)
    for _, d in G.nodes(data=True):
        colour = SECTOR_COLOURS.get(d["sector"], "#bdbdbd").lstrip("#")
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        towers = [v for k, v in d.items() if k.startswith("tower_")]
        d["viz"] = {
            "position": {"x": d["x"] * 10, "y": (100 - d["y"]) * 10, "z": 0.0},
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": 10.0 + 4 * max(towers, default=0),
        }
    path = out_dir / f"{GRAPH_FILE}.gexf"
    nx.write_gexf(G, path)
    return [path]


def _map(ws: Workshop, out_dir: Path, fmt: str) -> list[Path]:
    a = analyse(ws)
    plan = analysis_plan(a, positions(ws, a))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{MAP_FILE}.{fmt}"
    path.write_bytes(figure_bytes(map_figure(plan, lang=ws.lang), fmt, 150))
    return [path]


def write_png(ws: Workshop, out_dir: Path) -> list[Path]:
    """Write the drawn map as PNG (``stakeholder_map.png``, 150 dpi)."""
    return _map(ws, out_dir, "png")


def write_svg(ws: Workshop, out_dir: Path) -> list[Path]:
    """Write the drawn map as SVG (``stakeholder_map.svg``)."""
    return _map(ws, out_dir, "svg")
