"""The stakeholder stage on the demo workshop: the analysis wired to the store, what the action
stage reads, the summary, the exports, the layout and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from planning.stakeholders.assessment import analyse, positions
from planning.stakeholders.layout import MIN_GAP, first_layout, place_missing
from planning.summary import summary, summary_text

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planning.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_does_the_demo_map_have_the_actors_links_and_questions_promised(demo):
    """Has the demo about 20 actors, about 40 links of several types, two questions?"""
    counts = demo.counts()
    assert counts["stakeholders"] == 20 and counts["links"] == 41
    assert counts["influence_questions"] == 2 and counts["influence"] == 40
    assert len({x.type for x in demo.records("links")}) == 7
    assert counts["positions"] == 20


def test_does_the_analysis_find_the_demo_isolate_broker_conflict_and_weak_point(demo):
    """Does the stored demo give the PDAM isolated, the desa the broker, CSR and the farmers
    in conflict, and the cooperative the farmers' single point of failure?"""
    a = analyse(demo)
    name = a.name
    assert [name(x) for x in a.structure.isolates] == ["PDAM"]
    assert name(a.brokers[0]) == "Pemerintah Desa"
    assert [sorted(map(name, pair)) for pair in a.structure.conflicts] == [
        ["CSR PT Agro Lestari", "Kelompok Tani Sumber Rejeki"]
    ]
    assert {name(x): [name(g) for g in gs] for x, gs in a.single_points.items()} == {
        "Koperasi Tani Makmur": ["Kelompok Tani Sumber Rejeki"]
    }
    assert a.question_name() == "Stunting"
    assert analyse(demo, "Air bersih").question_name() == "Air bersih"


def test_is_the_analysis_reused_while_the_map_is_unchanged(demo):
    """Is the same analysis given back until a record of the map changes?"""
    first = analyse(demo)
    assert analyse(demo) is first
    demo.add("stakeholders", name="Bank Sampah", sector="community_group")
    assert analyse(demo) is not first


def test_does_the_map_give_partners_per_priority_need_for_the_action_stage(demo):
    """Does the map's result give, per priority need in order, partners with ids, names,
    reasons and whether they reach a community group, never an opposed actor?"""
    found = analyse(demo).partners
    assert [n.rank for n in found] == sorted(n.rank for n in found)
    assert found[0].title == "Air bersih sulit didapat saat kemarau"
    assert found[0].resources == ("funding", "technical")  # as the group said (codes in order)
    names = {s.id: s.name for s in demo.records("stakeholders")}
    opposed = {s.id for s in demo.records("stakeholders") if s.stance == "opposed"}
    for need in found:
        strategies = [p.strategy for p in need.partners]
        assert len(strategies) == len(set(strategies)) <= 4
        for p in need.partners:
            assert names[p.actor] == p.name and p.actor not in opposed
            assert p.reason.text("id").startswith(p.name)
            assert p.reaches_group == (p.group_distance is not None)


def test_does_the_summary_json_carry_the_stakeholder_map(demo):
    """Does `summary` give, per actor, its sector, stance, towers, quadrant and measures, and
    isolates, components, unreachable resources, what-if and suggestions, all by name?"""
    data = json.loads(json.dumps(summary(demo), ensure_ascii=False))
    part = data["stakeholders"]
    desa = next(a for a in part["actors"] if a["name"] == "Pemerintah Desa")
    assert desa["sector"] == "village_government" and desa["stance"] == "supportive"
    assert desa["towers"] == {"Stunting": 5, "Air bersih": 4}
    assert desa["quadrant"] == "manage_closely"
    for key in ("degree", "betweenness", "closeness", "constraint", "community"):
        assert key in desa
    assert part["isolates"] == ["PDAM"]
    assert len(part["components"]) == 1
    assert "unreachable" in part and "reach" in part
    assert part["what_if"][0]["actor"] == "Pemerintah Desa"
    assert part["single_points_of_failure"] == {
        "Koperasi Tani Makmur": ["Kelompok Tani Sumber Rejeki"]
    }
    kinds = {s["kind"] for s in part["suggestions"]}
    assert kinds == {"partner", "broker", "missing_link"}
    assert all(s["reason"] for s in part["suggestions"])
    text = json.dumps(part, ensure_ascii=False)
    assert "0812-0000" not in text and "Bidan Yanti" not in text  # no contact person
    assert "Peta pemangku kepentingan" in summary_text(demo)


def test_does_the_summary_command_print_the_stakeholders_key(demo):
    """Does `planning summary --json` on the demo print the stakeholders part?"""
    path = demo.url.removeprefix("sqlite:///")
    result = _cli("summary", "--json", path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stakeholders"]["isolates"] == ["PDAM"]


@pytest.fixture
def exported(demo, tmp_path):
    path = demo.url.removeprefix("sqlite:///")
    out = tmp_path / "out"
    result = _cli("export", path, "-o", str(out), "--format", "graphml,gexf,png,svg")
    assert result.returncode == 0, result.stderr
    return out


def test_does_graphml_read_back_with_every_attribute(demo, exported):
    """Does networkx read the GraphML back with every actor, link and attribute (and no
    contact person)?"""
    G = nx.read_graphml(exported / "stakeholders.graphml", force_multigraph=True)
    assert G.number_of_nodes() == 20 and G.number_of_edges() == 41
    by_name = {d["name"]: d for _, d in G.nodes(data=True)}
    desa = by_name["Pemerintah Desa"]
    assert (
        desa["sector"] == "village_government"
        and desa["resources"] == "funding,facilities,authority"
    )
    assert desa["tower_stunting"] == 5 and desa["tower_air_bersih"] == 4
    assert desa["quadrant"] == "manage_closely" and desa["x"] == 45.0
    for key in ("betweenness", "closeness", "constraint", "effective_size", "community"):
        assert key in desa
    assert "constraint" not in by_name["PDAM"]  # no link: no constraint
    types = {d["type"] for *_, d in G.edges(data=True)}
    assert types == {"funding", "information", "training", "technical", "coordination",
                     "authority", "conflict"}  # fmt: skip
    conflict = next(d for *_, d in G.edges(data=True) if d["type"] == "conflict")
    assert conflict["two_way"] is True and conflict["note"] == "Sengketa lahan"
    raw = (exported / "stakeholders.graphml").read_text("utf-8")
    assert "contact" not in raw and "0812-0000" not in raw


def test_does_gexf_read_back_with_positions_and_colours(exported):
    """Does networkx read the GEXF back as a directed multigraph with Gephi's view data?"""
    G = nx.read_gexf(exported / "stakeholders.gexf")
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == 20 and G.number_of_edges() == 41
    node = next(d for _, d in G.nodes(data=True) if d["label"] == "Pemerintah Desa")
    assert node["viz"]["position"]["x"] == 450.0 and node["stance"] == "supportive"


def test_are_the_png_and_svg_of_the_map_written(exported):
    """Are the drawn map's PNG and SVG written, the SVG with the actors' names as text?"""
    png = (exported / "stakeholder_map.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    svg = (exported / "stakeholder_map.svg").read_text("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_is_an_unknown_export_format_refused_with_exit_2(demo, tmp_path):
    """Does `planning export --format pdf` exit 2 naming the formats, writing nothing?"""
    path = demo.url.removeprefix("sqlite:///")
    result = _cli("export", path, "-o", str(tmp_path / "out"), "--format", "pdf")
    assert result.returncode == 2
    assert "csv, xlsx, graphml, gexf, png, svg" in result.stderr
    assert not (tmp_path / "out").exists()


def test_does_a_first_layout_keep_actors_apart_and_repeat_itself():
    """Does the first layout keep actors apart, inside the map, the same each time?"""
    ids = [f"a{i}" for i in range(12)]
    pairs = [(ids[i], ids[(i * 5 + 1) % 12]) for i in range(12)]
    one, two = first_layout(ids, pairs), first_layout(list(reversed(ids)), pairs)
    assert one == two
    pts = list(one.values())
    closest = min(
        ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5
        for i, (x1, y1) in enumerate(pts)
        for x2, y2 in pts[i + 1 :]
    )
    assert closest >= MIN_GAP * 0.8


def test_does_placing_new_actors_move_nobody(demo):
    """Do new actors get places near their links while every placed actor stays?"""
    before = positions(demo)
    new = place_missing(before, ["x1", "x2"], [("x1", next(iter(before)))])
    assert set(new) == {"x1", "x2"} and positions(demo) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_does_an_export_import_into_a_new_workshop_give_the_same_map(demo, tmp_path, fmt):
    """Does exporting the map's tables (CSV or XLSX) and importing them into a new workshop
    give the same actors, links, towers and places, a formula-like note staying text?"""
    from planning import create_workshop
    from planning.io import export_tables, import_file

    demo.add("link_types", name="Pinjaman alat", two_way=True)
    demo.add("links", source="BUMDes Maju Bersama", target="Koperasi Tani Makmur",
             type="Pinjaman alat", note='=HYPERLINK("http://x","klik")')  # fmt: skip
    written = export_tables(demo, tmp_path / "out", fmt)
    fresh = create_workshop(tmp_path / "new.sqlite", title="Salinan", language="id")
    kinds = ["needs", "stakeholders", "influence_questions", "influence", "link_types", "links",
             "positions", "need_resources"]  # fmt: skip
    if fmt == "csv":
        for kind in kinds:
            import_file(fresh, tmp_path / "out" / f"{kind}.csv", kind)
    else:
        import_file(fresh, written[0])

    def shape(ws):
        names = {s.id: s.name for s in ws.records("stakeholders")}
        return (
            sorted((s.name, s.sector, s.level, s.stance, s.interest, s.resources, s.contact)
                   for s in ws.records("stakeholders")),
            sorted((names[x.source], names[x.target], x.type, x.strength, x.note)
                   for x in ws.records("links")),
            sorted((names[t.stakeholder], t.height) for t in ws.records("influence")),
            sorted((names[p.stakeholder], p.x, p.y) for p in ws.records("positions")),
        )  # fmt: skip

    assert shape(fresh) == shape(demo)
    note = next(x.note for x in fresh.records("links") if x.type == "Pinjaman alat")
    assert note == '=HYPERLINK("http://x","klik")'
