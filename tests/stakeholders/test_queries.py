"""Questions a group asks of its map: paths, flows, sizes and a close circle as one."""

import networkx as nx
import pytest

from planning.errors import ValidationError
from planning.stakeholders.assessment import analyse
from planning.stakeholders.methods import actor_metrics, build_graph
from planning.stakeholders.methods.queries import collapse_community, paths, size_by

KITE = ("Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike", "Jane")


@pytest.fixture
def kite():
    K = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(KITE)))
    G = build_graph(
        [{"id": n, "sector": "ngo"} for n in K],
        [{"source": u, "target": v, "type": "coordination"} for u, v in K.edges],
    )
    return K, G


def test_do_the_paths_from_andre_to_jane_pass_heather_and_ike_as_networkx_says(kite):
    """Krackhardt kite: does every shortest path Andre-Jane pass Heather and Ike, and do the
    shortest and the simple paths up to a length match networkx's?"""
    K, G = kite
    answer = paths(G, "Andre", "Jane", 5)
    assert set(answer.shortest) == {tuple(p) for p in nx.all_shortest_paths(K, "Andre", "Jane")}
    assert all({"Heather", "Ike"} <= set(p) for p in answer.shortest)
    assert {"Heather", "Ike"} <= set(answer.through)
    assert answer.length == nx.shortest_path_length(K, "Andre", "Jane") == 4
    expected = {tuple(p) for p in nx.all_simple_paths(K, "Andre", "Jane", cutoff=5)}
    assert set(answer.simple) == expected


def test_is_a_path_length_outside_the_range_refused_with_its_field(kite):
    """Does asking for paths of 0 or 7 links give one message naming the field and range?"""
    _, G = kite
    for bad in (0, 7, True):
        with pytest.raises(ValidationError) as err:
            paths(G, "Andre", "Jane", bad)
        assert "1" in err.value.message("en") and "6" in err.value.message("en")


def test_do_sizes_and_a_collapsed_circle_follow_networkx(kite):
    """Does sizing by degree give networkx's degrees, by betweenness the measures, and does a
    collapsed community keep networkx's quotient graph of the rest?"""
    K, G = kite
    m = actor_metrics(G)
    assert size_by(G, m, "degree") == pytest.approx({n: float(d) for n, d in K.degree})
    assert size_by(G, m, "betweenness")["Heather"] == pytest.approx(m["Heather"].betweenness)
    c = collapse_community(G, m, m["Andre"].community)
    assert "Andre" in c.members and "community" in c.graph
    assert set(c.graph) - {"community"} == set(K) - set(c.members)
    with pytest.raises(ValidationError):
        size_by(G, m, "wealth")


def test_does_the_map_questions_panel_answer_each_question_in_words(demo):
    """Does the panel answer paths (PKK to the Dinas), a flow, a size and a circle, each with
    its explanation, and does the handout section ask its questions?"""
    from planning import widgets
    from planning.stakeholders.sections import stakeholder_queries

    panel = widgets.MapQuestions(demo)
    panel.ask("paths", source="PKK", target="Dinas Kesehatan", max_links=3)
    assert "Bagaimana PKK menjangkau Dinas Kesehatan?" in panel.html
    assert "PKK → Pemerintah Desa → Puskesmas → Dinas Kesehatan" in panel.html
    panel.ask("up", actor="Kelompok Wanita Tani", link_type="funding")
    assert "Pemerintah Desa (1 hubungan jauhnya)" in panel.html
    panel.ask("down", actor="Pemerintah Desa", link_type="funding")
    assert "Kelompok Wanita Tani" in panel.html
    panel.ask("size", measure="betweenness")
    assert "peran jembatan" in panel.html and "Pemerintah Desa: 0,28" in panel.html
    panel.ask("collapse", community=analyse(demo).metrics[_id(demo, "PKK")].community)
    assert "Lingkaran dekat" in panel.html and "PKK" in panel.html
    text = str(stakeholder_queries(demo, "en"))
    assert "Questions to ask the map" in text and "How does" in text and "bridge role" in text


def test_can_the_map_be_sized_by_a_measure(demo):
    """Does the map's circle size offer the measures beside the towers, and say which?"""
    from planning import widgets

    m = widgets.StakeholderMap(demo)
    m.show(measure="betweenness")
    assert "Ukuran lingkaran: peran jembatan." in m.drawing


def _id(ws, name):
    return ws.find("stakeholders", name).id
