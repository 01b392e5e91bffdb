"""Tests of the Net-Map analysis, on small maps worked out by hand and on a village map."""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import village

from planning.errors import DuplicateError, Msg, NotFoundError, ValidationError
from planning.stakeholders.methods import (
    HIGH_AT,
    SAMPLE_ABOVE,
    SAMPLE_SOURCES,
    STRATEGIES,
    STRATEGY_RESOURCES,
    actor_metrics,
    betweenness,
    broker_suggestions,
    build_graph,
    channel_digraph,
    channel_graph,
    closeness,
    communities,
    conflict_only,
    conflict_pairs,
    degree_centralisation,
    downstream,
    ego_network,
    groups,
    isolates,
    map_structure,
    mismatches,
    missing_link_suggestions,
    partner_suggestions,
    paths_between,
    power_interest_grid,
    quadrant,
    reach,
    single_points_of_failure,
    structural_holes,
    suggestions,
    upstream,
    what_if_removed,
)
from planning.stakeholders.methods.centrality import sample_sources, shortest_path_measures

STAGE_DIR = Path(__file__).resolve().parents[2] / "planning/stakeholders"
LOCALES = STAGE_DIR / "locales"


def A(id: str, sector: str = "ngo", **more: Any) -> dict[str, Any]:
    return {"id": id, "sector": sector, **more}


def L(source: str, target: str, type: str = "information", **more: Any) -> dict[str, Any]:
    return {"source": source, "target": target, "type": type, **more}


def chain(*ids: str, type: str = "information") -> list[dict[str, Any]]:
    return [L(u, v, type) for u, v in itertools.pairwise(ids)]


@pytest.fixture(scope="module")
def sukamaju() -> nx.MultiDiGraph:
    return build_graph(village.ACTORS, village.LINKS)


def random_map(n: int, links: int, seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    actors = [
        A(
            f"a{i:03d}",
            rng.choice(["ngo", "community_group", "government", "private"]),
            stance=rng.choice(["supportive", "neutral", "opposed"]),
            interest=rng.randint(0, 5),
            resources=tuple(r for r in ("funding", "training", "technical") if rng.random() < 0.3),
            towers={"q": rng.randint(0, 5)},
        )
        for i in range(n)
    ]
    kinds = ["funding", "information", "training", "technical", "coordination", "conflict"]
    pairs = [rng.sample(range(n), 2) for _ in range(links)] if n > 1 else []
    return build_graph(actors, [L(f"a{u:03d}", f"a{v:03d}", rng.choice(kinds)) for u, v in pairs])


# --- building the graph -----------------------------------------------------------------------


def test_is_a_coordination_link_entered_once_two_edges_marked_two_way():
    """Is a coordination link made two edges, both marked two-way, and a funding link one?"""
    G = build_graph([A("a"), A("b")], [L("a", "b", "coordination"), L("a", "b", "funding")])
    assert sorted(G.edges(keys=True)) == [
        ("a", "b", "coordination"),
        ("a", "b", "funding"),
        ("b", "a", "coordination"),
    ]
    assert G.edges["b", "a", "coordination"]["two_way"] is True
    assert G.edges["a", "b", "funding"]["two_way"] is False


def test_does_an_explicit_two_way_override_the_type_default():
    """Does two_way=False keep a conflict one-way, and two_way=True make funding mutual?"""
    G = build_graph(
        [A("a"), A("b")],
        [L("a", "b", "conflict", two_way=False), L("a", "b", "funding", two_way=True)],
    )
    assert not G.has_edge("b", "a", "conflict")
    assert G.has_edge("b", "a", "funding")


def test_are_dataclass_records_read_like_dicts():
    """Are actor and link objects (dataclasses) read the same as mappings?"""

    @dataclass
    class Actor:
        id: str
        name: str
        sector: str
        level: str = "desa"
        stance: str = "neutral"
        interest: int = 0
        resources: tuple[str, ...] = ()
        towers: dict[str, int] = field(default_factory=dict)

    @dataclass
    class Link:
        source: str
        target: str
        type: str
        strength: int = 1
        two_way: bool = False

    G = build_graph(
        [Actor("a", "Desa", "village_government", towers={"q": 3}), Actor("b", "KWT", "ngo")],
        [Link("a", "b", "funding", 2)],
    )
    H = build_graph(
        [A("a", "village_government", name="Desa", level="desa", towers={"q": 3}),
         A("b", name="KWT", level="desa")],
        [L("a", "b", "funding", strength=2, two_way=False)],
    )  # fmt: skip
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))


def test_is_the_same_link_entered_twice_one_edge_with_the_larger_strength():
    """Is a repeated link one edge keeping the larger strength?"""
    G = build_graph([A("a"), A("b")], [L("a", "b", strength=1), L("a", "b", strength=3)])
    assert G.number_of_edges() == 1
    assert G.edges["a", "b", "information"]["strength"] == 3


@pytest.mark.parametrize(
    ("actors", "links", "error", "field"),
    [
        ([A("a", "bank")], [], ValidationError, "stakeholders.field.sector"),
        ([A("a", stance="hostile")], [], ValidationError, "stakeholders.field.stance"),
        ([A("a", level="rt")], [], ValidationError, "stakeholders.field.level"),
        ([A("a", interest=6)], [], ValidationError, "stakeholders.field.interest"),
        ([A("a", interest=True)], [], ValidationError, "stakeholders.field.interest"),
        ([A("a", towers={"q": -1})], [], ValidationError, "stakeholders.field.towers"),
        ([A("a", resources=("money",))], [], ValidationError, "stakeholders.field.resources"),
        ([{"sector": "ngo"}], [], ValidationError, "stakeholders.field.id"),
        ([A("a"), A("a")], [], DuplicateError, "stakeholders.field.id"),
        ([A("a")], [L("a", "z")], ValidationError, "stakeholders.field.target"),
        ([A("a")], [L("z", "a")], ValidationError, "stakeholders.field.source"),
        ([A("a")], [L("a", "a")], ValidationError, "stakeholders.field.target"),
        (
            [A("a"), A("b")],
            [L("a", "b", strength=4)],
            ValidationError,
            "stakeholders.field.strength",
        ),
        ([A("a"), A("b")], [L("a", "b", " ")], ValidationError, "stakeholders.field.type"),
    ],
)
def test_is_a_bad_record_refused_naming_its_field(actors, links, error, field):
    """Is each kind of bad actor or link refused with an error naming the field?"""
    with pytest.raises(error) as caught:
        build_graph(actors, links)
    assert caught.value.field == Msg(field)


def test_is_a_custom_link_type_kept():
    """Is a link type outside the list (e.g. 'land') kept as its own edge key?"""
    G = build_graph([A("a"), A("b")], [L("a", "b", "land")])
    assert list(G.edges(keys=True)) == [("a", "b", "land")]


# --- per actor ----------------------------------------------------------------------------------


def test_has_the_broker_the_betweenness_worked_out_by_hand():
    """In a -> b -> c plus b -> d, does b carry 3 of the 12 ordered pairs (0.25)?"""
    G = build_graph([A(i) for i in "abcd"], chain("a", "b", "c") + [L("b", "d")])
    b = betweenness(G)
    assert b["b"] == pytest.approx(2 / 6)  # a->c and a->d, of (n-1)(n-2) = 6
    assert b["a"] == b["c"] == b["d"] == 0


def test_does_a_conflict_link_carry_no_brokerage():
    """Does a broker through a conflict link get no betweenness?"""
    G = build_graph([A(i) for i in "abc"], [L("a", "b", "conflict"), L("b", "c")])
    assert betweenness(G)["b"] == 0


def test_are_brokerage_and_closeness_those_of_networkx():
    """Are betweenness and closeness networkx's on the collapsed non-conflict digraph?"""
    for seed in range(8):
        G = random_map(25, 60, seed)
        D = channel_digraph(G)
        expected_b, expected_c = nx.betweenness_centrality(D), nx.closeness_centrality(D)
        got_b, got_c = betweenness(G), closeness(G)
        for a in G:
            assert got_b[a] == pytest.approx(expected_b[a], abs=1e-12)
            assert got_c[a] == pytest.approx(expected_c[a], abs=1e-12)


def test_is_the_sampled_brokerage_scaled_like_networkx_sampling():
    """With chosen sources, is the estimate networkx's subset betweenness scaled as its k?"""
    G = random_map(40, 120, 3)
    D = channel_digraph(G)
    sources = sorted(random.Random(1).sample(sorted(D), 10))
    raw = nx.betweenness_centrality_subset(D, sources, list(D), normalized=False)
    n, k = len(D), len(sources)
    got, _ = shortest_path_measures(D, sources)
    for v in D:
        scale = 1 / ((k - 1) * (n - 2)) if v in sources else 1 / (k * (n - 2))
        assert got[v] == pytest.approx(raw[v] * scale, abs=1e-12)


def test_is_sampling_used_only_above_the_threshold_and_always_the_same():
    """Is betweenness exact up to SAMPLE_ABOVE actors, and sampled the same way above?"""
    assert sample_sources([f"a{i}" for i in range(SAMPLE_ABOVE)]) is None
    many = [f"a{i:04d}" for i in range(SAMPLE_ABOVE + 1)]
    assert sample_sources(many) == sample_sources(list(reversed(many)))
    assert len(sample_sources(many) or []) == SAMPLE_SOURCES
    G = random_map(SAMPLE_ABOVE + 20, 900, 5)
    assert betweenness(G) == betweenness(G)


def test_are_constraint_and_effective_size_those_of_networkx():
    """Are Burt's constraint and effective size networkx's, on the non-conflict graph?"""
    for seed in range(8):
        G = random_map(20, 45, seed)
        UG = channel_graph(G)
        limit, size = nx.constraint(UG), nx.effective_size(UG)
        for a, (c, e) in structural_holes(G).items():
            if math.isnan(limit[a]):
                assert (c, e) == (None, None)
            else:
                assert c == pytest.approx(limit[a]) and e == pytest.approx(size[a])


def test_has_an_isolate_no_constraint_but_a_community_of_its_own():
    """Is an isolate's constraint None (networkx gives NaN), and is it a community alone?"""
    G = build_graph([A("a"), A("b"), A("z")], [L("a", "b")])
    m = actor_metrics(G)["z"]
    assert (m.constraint, m.effective_size) == (None, None)
    assert m.degree == 0 and m.betweenness == 0 and m.closeness == 0
    assert ("z",) in communities(G)


def test_are_links_counted_by_type_and_direction():
    """Are in and out degrees counted per link type, a two-way link once each way?"""
    G = build_graph(
        [A(i) for i in "abc"],
        [L("a", "b", "funding"), L("a", "c", "funding"), L("c", "a", "coordination")],
    )
    m = actor_metrics(G)["a"]
    assert m.out_by_type == {"coordination": 1, "funding": 2}
    assert m.in_by_type == {"coordination": 1}
    assert (m.degree_out, m.degree_in, m.degree) == (3, 1, 4)


def test_are_communities_numbered_by_size_then_smallest_id_whatever_the_order():
    """Are community numbers the same when actors and links are entered in another order?"""
    links = [L(u, v, "coordination") for u, v in ["xy", "yz", "zx", "ab", "bc", "ca", "cd", "da"]]
    links.append(L("a", "x"))
    actors = [A(i) for i in "abcdxyzq"]
    first = communities(build_graph(actors, links))
    shuffled = random.Random(7)
    actors2, links2 = actors[:], links[:]
    shuffled.shuffle(actors2)
    shuffled.shuffle(links2)
    assert communities(build_graph(actors2, links2)) == first
    assert first == (("a", "b", "c", "d"), ("x", "y", "z"), ("q",))


def test_does_the_same_map_give_the_same_results_twice_in_any_order():
    """Is every analysis the same twice, and the same with actors and links shuffled?"""
    G = build_graph(village.ACTORS, village.LINKS)
    rng = random.Random(11)
    actors, links = village.ACTORS[:], village.LINKS[:]
    rng.shuffle(actors)
    rng.shuffle(links)
    H = build_graph(actors, links)
    for f in (
        actor_metrics,
        map_structure,
        single_points_of_failure,
        reach,
        lambda g: mismatches(g, "water"),
        lambda g: suggestions(g, village.NEEDS, "stunting"),
        lambda g: power_interest_grid(g, "stunting"),
        lambda g: [p.actors for p in paths_between(g, "poktan", "posyandu", 4)],
    ):
        assert f(G) == f(G) == f(H)


# --- whole map ----------------------------------------------------------------------------------


def test_is_an_isolate_reported():
    """Is an actor with no link at all an isolate, and in no group?"""
    G = build_graph([A("a"), A("b"), A("z")], [L("a", "b")])
    assert isolates(G) == ("z",)
    assert groups(G) == (("a", "b"),)


def test_is_an_actor_whose_only_link_is_conflict_reported():
    """Is an actor whose only links are conflicts reported apart: not isolated, in no group?"""
    G = build_graph([A(i) for i in "abcd"], [L("a", "b"), L("c", "a", "conflict")])
    s = map_structure(G)
    assert s.isolates == ("d",)
    assert s.conflict_only == ("c",)
    assert s.groups == (("a", "b"),)
    assert (
        conflict_only(build_graph([A("a"), A("b")], [L("a", "b"), L("a", "b", "conflict")])) == ()
    )


def test_is_a_conflict_pair_listed_once_whichever_way_entered():
    """Is a conflict listed once per pair, even entered both ways or one-way?"""
    G = build_graph(
        [A(i) for i in "abc"],
        [L("b", "a", "conflict"), L("a", "b", "conflict"), L("c", "b", "conflict", two_way=False)],
    )
    assert conflict_pairs(G) == (("a", "b"), ("b", "c"))


def test_are_the_groups_largest_first_then_by_smallest_id():
    """Are the disconnected groups ordered by size, then by their smallest id?"""
    G = build_graph(
        [A(i) for i in "abcdefg"], chain("e", "f", "g") + chain("c", "d") + chain("a", "b")
    )
    assert groups(G) == (("e", "f", "g"), ("a", "b"), ("c", "d"))


def test_is_a_star_fully_centralised_and_a_ring_not():
    """Is Freeman centralisation 1 for a star and 0 for a ring, conflict left out?"""
    star = build_graph([A(i) for i in "habcd"], [L("h", x) for x in "abcd"])
    assert degree_centralisation(star) == 1.0
    ring = build_graph([A(i) for i in "abcd"], chain("a", "b", "c", "d", "a"))
    assert degree_centralisation(ring) == 0.0
    ring_with_conflict = build_graph(
        [A(i) for i in "abcd"], [*chain("a", "b", "c", "d", "a"), L("a", "c", "conflict")]
    )
    assert degree_centralisation(ring_with_conflict) == 0.0


# --- around one actor -------------------------------------------------------------------------


def test_does_the_ego_network_stop_at_its_radius():
    """Does the ego network reach 1, 2 or 3 links, in either direction, and refuse 4?"""
    G = build_graph([A(i) for i in "abcde"], [L("b", "a"), L("b", "c"), L("d", "c"), L("d", "e")])
    assert ego_network(G, "a", 1).distance == {"a": 0, "b": 1}
    assert ego_network(G, "a", 3).distance == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert set(ego_network(G, "a", 2).graph.edges()) == {("b", "a"), ("b", "c")}
    with pytest.raises(ValidationError):
        ego_network(G, "a", 4)
    with pytest.raises(NotFoundError):
        ego_network(G, "nobody")


def test_are_paths_shortest_first_with_the_link_types_of_each_step():
    """Are the paths shortest first, at most N, with each step's types both ways?"""
    G = build_graph(
        [A(i) for i in "abcde"],
        [L("a", "b", "funding"), L("b", "e", "coordination"), L("a", "c"), L("c", "d"),
         L("d", "e", "training"), L("a", "e", "conflict")],
    )  # fmt: skip
    paths = paths_between(G, "a", "e", limit=5)
    assert [p.actors for p in paths] == [("a", "b", "e"), ("a", "c", "d", "e")]
    step = paths[0].steps[1]
    assert (step.forward, step.backward) == (("coordination",), ("coordination",))
    assert [p.actors for p in paths_between(G, "a", "e", limit=1)] == [("a", "b", "e")]
    directed = paths_between(G, "a", "e", directed=True)
    assert [p.actors for p in directed] == [("a", "b", "e"), ("a", "c", "d", "e")]
    assert paths_between(G, "e", "a", directed=True) == ()


def test_do_upstream_and_downstream_follow_only_one_link_type():
    """Does funding upstream skip an information link, and give distances?"""
    G = build_graph(
        [A(i) for i in ["apbn", "dinas", "desa", "kwt", "radio"]],
        [L("apbn", "dinas", "funding"), L("dinas", "desa", "funding"),
         L("desa", "kwt", "funding"), L("radio", "kwt", "information")],
    )  # fmt: skip
    assert upstream(G, "kwt", "funding") == {"desa": 1, "dinas": 2, "apbn": 3}
    assert downstream(G, "dinas", "funding") == {"desa": 1, "kwt": 2}
    assert upstream(G, "kwt", "information") == {"radio": 1}
    assert upstream(G, "kwt", "training") == {}


def test_are_upstream_and_downstream_networkx_ancestors_and_descendants():
    """Are the flows the ancestors and descendants of networkx on the subgraph of that type,
    with shortest distances?"""
    for seed in range(5):
        G = random_map(30, 90, seed)
        F = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "funding")
        F.add_nodes_from(G)
        for a in G:
            assert set(upstream(G, a, "funding")) == nx.ancestors(F, a)
            assert downstream(G, a, "funding") == {
                v: d for v, d in nx.single_source_shortest_path_length(F, a).items() if v != a
            }


def test_does_the_ego_network_keep_the_links_among_the_contacts():
    """Does the ego network show a link between two contacts, and a conflict only if asked?"""
    G = build_graph(
        [A(i) for i in "ebcx"],
        [L("e", "b"), L("e", "c"), L("b", "c", "funding"), L("c", "x", "conflict")],
    )
    ego = ego_network(G, "e", 2)
    assert ("b", "c", "funding") in ego.graph.edges(keys=True)
    assert "x" in ego.distance
    assert "x" not in ego_network(G, "e", 2, conflict=False).distance


# --- what if ----------------------------------------------------------------------------------


SPOF_ACTORS = [
    A("bank", "private", resources=("funding",)),
    A("bumdes", "cooperative"),
    A("tani", "community_group"),
    A("desa", "village_government"),
    A("pkk", "community_group"),
]
SPOF_LINKS = [
    L("bank", "bumdes", "funding"),
    L("bumdes", "tani", "funding"),
    L("bank", "desa", "coordination"),
    L("desa", "pkk", "funding"),
    L("tani", "pkk", "conflict"),
]


def test_is_the_single_point_of_failure_named_with_the_groups_it_cuts_off():
    """Is the BUMDes, the farmers' only way to any supplier, a single point of failure?"""
    G = build_graph(SPOF_ACTORS, SPOF_LINKS)
    w = what_if_removed(G, "bumdes")
    assert w.articulation and w.single_point_of_failure
    assert w.cut_off == ("tani",)
    assert w.separated == (("bank", "desa", "pkk"), ("tani",))
    assert w.lost_pairs == 3
    assert single_points_of_failure(G)["bumdes"] == ("tani",)


def test_does_a_second_way_to_the_suppliers_end_a_single_point_of_failure():
    """Is the desa, the PKK's only way to the bank and the BUMDes, a single point of failure,
    and no longer once the PKK has a second way to them?"""
    G = build_graph(SPOF_ACTORS, SPOF_LINKS)
    assert what_if_removed(G, "desa").cut_off == ("pkk",)
    H = build_graph(SPOF_ACTORS, [*SPOF_LINKS, L("pkk", "bumdes", "information")])
    w = what_if_removed(H, "desa")
    assert not w.articulation and not w.single_point_of_failure and w.separated == ()
    # A leaf supplier's removal cuts no one apart.
    assert not what_if_removed(G, "pkk").articulation


def test_is_a_cut_vertex_that_cuts_off_no_community_group_not_a_single_point_of_failure():
    """Is a cut vertex that only separates a non-group actor an articulation, not a failure?"""
    G = build_graph(
        [A("dinas", "government", resources=("funding",)), A("desa", "village_government"),
         A("kwt", "community_group"), A("radio", "media")],
        [L("dinas", "kwt", "funding"), L("desa", "kwt"), L("desa", "radio")],
    )  # fmt: skip
    w = what_if_removed(G, "desa")
    assert w.articulation and not w.single_point_of_failure and w.cut_off == ()
    assert "desa" not in single_points_of_failure(G)


def test_does_removing_one_of_two_routes_raise_the_other_broker():
    """With two routes a->b->d and a->c->d, does removing b make c the top broker?"""
    G = build_graph([A(i) for i in "abcd"], chain("a", "b", "d") + chain("a", "c", "d"))
    w = what_if_removed(G, "b")
    assert [a for a, _ in w.top_before] == ["b", "c"]
    assert w.top_after == (("c", 0.5),)  # a->d of (n-1)(n-2) = 2 ordered pairs
    assert w.rises[0][0] == "c"
    assert not w.articulation


# --- grid -------------------------------------------------------------------------------------


def test_are_the_quadrant_boundaries_at_the_midpoint():
    """Is 3 high and 2 low (high from 2.5), on both power and interest?"""
    assert HIGH_AT == 2.5
    assert quadrant(3, 3) == "manage_closely"
    assert quadrant(3, 2) == "keep_satisfied"
    assert quadrant(2, 3) == "keep_informed"
    assert quadrant(2, 2) == "monitor"
    assert quadrant(2.5, 2.5) == "manage_closely"
    assert quadrant(2.49, 5) == "keep_informed"


def test_does_the_grid_use_the_chosen_question_or_the_highest_tower():
    """Does the grid read the question's tower, 0 without one, the highest without question?"""
    G = build_graph([A("a", interest=4, towers={"q1": 2, "q2": 5})], [])
    assert power_interest_grid(G, "q1")["a"].quadrant == "keep_informed"
    assert power_interest_grid(G, "q2")["a"].quadrant == "manage_closely"
    assert power_interest_grid(G, "q9")["a"].power == 0
    assert power_interest_grid(G)["a"].power == 5


# --- mismatches -------------------------------------------------------------------------------


def test_is_a_tall_tower_without_links_a_mismatch_and_conflict_a_link():
    """Is a tower of 4 with no link flagged, but not one whose only link is a conflict?"""
    G = build_graph(
        [A("a", towers={"q": 4}), A("b", towers={"q": 5}), A("c"), A("d", towers={"q": 3})],
        [L("b", "c", "conflict")],
    )
    kinds = [(m.kind, m.actor) for m in mismatches(G, "q")]
    assert kinds == [("tower_without_links", "a")]


def test_are_many_links_with_a_low_tower_flagged_from_the_75th_percentile_and_four():
    """Is an actor with >= 4 links and >= the 75th percentile, tower <= 1, flagged?"""
    actors = [A("hub", towers={"q": 1}), A("mid", towers={"q": 0})] + [A(f"x{i}") for i in range(6)]
    links = [L("hub", f"x{i}") for i in range(5)] + [L("mid", f"x{i}") for i in range(3)]
    found = [
        m for m in mismatches(build_graph(actors, links), "q") if m.kind == "links_without_tower"
    ]
    assert [(m.actor, m.links) for m in found] == [("hub", 5)]
    assert found[0].threshold == 4.0  # the 75th percentile (2.5) is below the floor of 4


def test_is_a_supportive_tall_actor_that_reaches_no_community_group_flagged():
    """Is a supportive actor with tower >= 3 and no non-conflict path to a group flagged?"""
    G = build_graph(
        [A("kwt", "community_group"),
         A("pkh", "government", stance="supportive", towers={"q": 3}),
         A("ugm", "academia", stance="supportive", towers={"q": 4}),
         A("desa", "village_government")],
        [L("pkh", "desa"), L("ugm", "kwt", "conflict"), L("desa", "kwt", "funding")],
    )  # fmt: skip
    found = [m.actor for m in mismatches(G, "q") if m.kind == "supporter_out_of_reach"]
    assert found == ["ugm"]


def test_is_an_opposed_gatekeeper_told_apart_from_an_opposed_broker():
    """Is an opposed actor on every shortest way to the nearest funder a gatekeeper, and one on
    only some of them a broker?"""
    G = build_graph(
        [A("kwt", "community_group"), A("camat", "government", stance="opposed"),
         A("bpd", "village_government", stance="opposed"), A("desa", "village_government"),
         A("bank", "private", resources=("funding",)),
         A("ugm", "academia", resources=("training",))],
        [L("kwt", "camat"), L("camat", "bank"), L("kwt", "desa"), L("desa", "bpd"),
         L("bpd", "ugm"), L("kwt", "bpd", "conflict")],
    )  # fmt: skip
    found = {m.actor: m for m in mismatches(G) if m.kind == "opposed_broker"}
    assert found["camat"].via == (("kwt", "funding"),)
    assert found["camat"].gatekeeps == (("kwt", "funding"),)
    assert found["bpd"].gatekeeps == (("kwt", "training"),)
    # A second route to the bank through the desa: the camat now lies on some shortest paths.
    H = build_graph(
        [A(n, s, stance=st) for n, s, st in [("kwt", "community_group", "neutral"),
                                             ("camat", "government", "opposed"),
                                             ("desa", "village_government", "neutral")]]
        + [A("bank", "private", resources=("funding",))],
        [L("kwt", "camat"), L("camat", "bank"), L("kwt", "desa"), L("desa", "bank")],
    )  # fmt: skip
    camat = next(m for m in mismatches(H) if m.actor == "camat")
    assert camat.via == (("kwt", "funding"),) and camat.gatekeeps == ()


# --- reach ------------------------------------------------------------------------------------


def test_does_reach_stop_at_two_links_and_tell_far_from_unreachable():
    """Is a supplier three links away missing but not unreachable, and a cut-off one both?"""
    G = build_graph(
        [A("kwt", "community_group"), A("desa", "village_government"), A("bpd"),
         A("bank", "private", resources=("funding",)), A("dinas", "government"),
         A("ugm", "academia", resources=("technical",))],
        [*chain("kwt", "desa", "bpd", "bank"), L("dinas", "desa", "training"),
         L("ugm", "kwt", "conflict")],
    )  # fmt: skip
    r = reach(G)["kwt"]
    assert r.sources == {"funding": {}, "training": {"dinas": 2}, "technical": {}}
    assert r.missing == ("funding", "technical")
    assert r.unreachable == ("technical",)
    assert reach(G, max_links=3)["kwt"].sources["funding"] == {"bank": 3}
    assert reach(G, max_links=3)["kwt"].missing == ("technical",)


def test_does_a_group_count_its_own_resource_at_distance_zero():
    """Does a group that holds training itself reach training at distance 0?"""
    G = build_graph([A("kwt", "community_group", resources=("training",))], [])
    assert reach(G)["kwt"].sources["training"] == {"kwt": 0}


# --- suggestions ------------------------------------------------------------------------------


def test_is_an_opposed_actor_never_suggested():
    """Does no suggestion ever name an opposed actor, on many random maps?"""
    for seed in range(15):
        G = random_map(30, 60, seed)
        opposed = {a for a, s in G.nodes(data="stance") if s == "opposed"}
        needs = [("n1", "Need", ("funding", "training")), ("n2", "Other", ("technical",))]
        for s in suggestions(G, needs, "q"):
            assert not opposed & set(s.actors), (seed, s)


def test_is_the_best_partner_chosen_per_strategy_and_never_twice_for_one_need_when_avoidable():
    """Is the supportive, taller supplier preferred, and another actor used for the next
    strategy of the same need?"""
    G = build_graph(
        [A("tall", "government", stance="supportive", resources=("training", "technical"),
           towers={"q": 5}),
         A("short", "ngo", stance="neutral", resources=("technical",)),
         A("opp", "private", stance="opposed", resources=("training", "technical"),
           towers={"q": 5})],
        [],
    )  # fmt: skip
    found = partner_suggestions(G, [("n", "Need", ("technical",))], "q")
    assert [(s.strategy, s.actors) for s in found] == [
        ("training", ("tall",)),
        ("support", ("short",)),
    ]
    assert set(STRATEGIES) == set(STRATEGY_RESOURCES)


def test_is_an_unknown_needed_resource_refused():
    """Is a need asking for a resource not in the list refused?"""
    G = build_graph([A("a")], [])
    with pytest.raises(ValidationError):
        partner_suggestions(G, [("n", "Need", ("money",))])


def test_is_a_broker_suggested_for_a_resource_three_links_away():
    """Is the actor linked to the group's circle and to the funder suggested as broker?"""
    G = build_graph(
        [A("tani", "community_group"), A("desa", "village_government"), A("bpd"),
         A("camat", "government", stance="supportive"),
         A("bank", "private", resources=("funding",))],
        [*chain("tani", "desa", "bpd", "camat", "bank")],
    )  # fmt: skip
    found = broker_suggestions(G)
    assert [(s.actors, s.offers) for s in found] == [(("tani", "camat", "bank"), ("funding",))]
    assert found[0].reason.key == "stakeholders.suggest.broker"


def test_is_a_missing_link_suggested_only_two_links_apart_and_not_across_a_conflict():
    """Is a supportive supplier two links away suggested, but not one in conflict with the group?"""
    G = build_graph(
        [A("kwt", "community_group"), A("desa", "village_government"),
         A("pusk", "government", stance="supportive", resources=("training",)),
         A("dinkes", "government", stance="supportive", resources=("technical",))],
        [L("kwt", "desa"), L("desa", "pusk"), L("desa", "dinkes"), L("dinkes", "kwt", "conflict")],
    )  # fmt: skip
    assert [s.actors for s in missing_link_suggestions(G)] == [("kwt", "pusk")]


# --- the words --------------------------------------------------------------------------------


def _catalogue() -> dict[str, tuple[str, str]]:
    en, id_ = (json.loads((LOCALES / f"{lang}.json").read_text("utf-8")) for lang in ("en", "id"))
    return {key: (text, id_[key]) for key, text in en.items() if key in id_}


def _render(value: Any, texts: dict[str, tuple[str, str]], lang: int) -> str:
    if isinstance(value, Msg):
        fields = {k: _render(v, texts, lang) for k, v in value.fields.items()}
        template = texts[value.key][lang]
        assert set(re.findall(r"\{(\w+)\}", template)) == set(fields), value.key
        return template.format(**fields)
    if isinstance(value, list | tuple):
        return ", ".join(_render(v, texts, lang) for v in value)
    return str(value)


def test_is_every_reason_key_listed_with_both_texts_filled_by_its_fields(sukamaju):
    """Is every Msg the suggestions make in the stage's catalogues, in English and Indonesian,
    with exactly the fields it is given?"""
    texts = _catalogue()
    made = suggestions(sukamaju, village.NEEDS, "stunting")
    assert {s.kind for s in made} == {"partner", "broker", "missing_link"}
    for s in made:
        for lang in (0, 1):
            assert "{" not in _render(s.reason, texts, lang)
    for strategy in STRATEGIES:
        assert f"stakeholders.strategy.{strategy}" in texts


def test_is_every_error_field_key_listed():
    """Is the field, allowed and kind of every error the functions raise in the stage's
    catalogues, and every literal key in the modules?"""
    texts = _catalogue()
    G = build_graph([A("a"), A("b")], [L("a", "b")])
    attempts = [
        lambda: build_graph([A("a", "bank")], []),
        lambda: build_graph([A("a", level="rt")], []),
        lambda: build_graph([A("a", stance="x")], []),
        lambda: build_graph([A("a", interest=9)], []),
        lambda: build_graph([A("a", resources=("x",))], []),
        lambda: build_graph([A("a", towers={"q": 21})], []),
        lambda: build_graph([{"sector": "ngo"}], []),
        lambda: build_graph([A("a"), A("a")], []),
        lambda: build_graph([A("a")], [L("z", "a")]),
        lambda: build_graph([A("a")], [L("a", "z")]),
        lambda: build_graph([A("a")], [L("a", "a")]),
        lambda: build_graph([A("a"), A("b")], [L("a", "b", "")]),
        lambda: build_graph([A("a"), A("b")], [L("a", "b", strength=0)]),
        lambda: build_graph([A("a"), A("b")], [{"source": "a", "target": "b"}]),
        lambda: ego_network(G, "a", 0),
        lambda: ego_network(G, "zz"),
        lambda: reach(G, 0),
        lambda: partner_suggestions(G, [("n", "N", ("x",))]),
    ]
    for attempt in attempts:
        with pytest.raises((ValidationError, NotFoundError)) as caught:
            attempt()
        for value in caught.value.fields.values():
            for msg in value if isinstance(value, list) else [value]:
                if isinstance(msg, Msg) and msg.key.startswith("stakeholders."):
                    assert msg.key in texts, msg.key
    for module in STAGE_DIR.rglob("*.py"):
        for key in re.findall(r'Msg\(\s*"(stakeholders\.[a-z_.]+)"', module.read_text("utf-8")):
            assert key in texts, (module.name, key)


# --- the village ------------------------------------------------------------------------------


def test_does_the_village_map_have_the_size_promised():
    """Has the demo village about 20 actors and 40 links, of every sector the brief names?"""
    assert len(village.ACTORS) == 20 and len(village.LINKS) == 41
    sectors = {a["sector"] for a in village.ACTORS}
    assert {"village_government", "government", "community_group", "cooperative", "ngo",
            "private", "academia", "religious_customary"} <= sectors  # fmt: skip


def test_does_the_analysis_find_the_village_isolate_broker_and_conflict(sukamaju):
    """Does it find the PDAM isolated, the desa the broker, CSR and the farmers in conflict?"""
    s = map_structure(sukamaju)
    assert s.isolates == ("pdam",)
    assert s.conflicts == (("csr", "poktan"),)
    assert len(s.groups) == 1
    metrics = actor_metrics(sukamaju)
    assert max(metrics, key=lambda a: metrics[a].betweenness) == "desa"
    assert metrics["pdam"].constraint is None
    assert ("tower_without_links", "pdam") in [
        (m.kind, m.actor) for m in mismatches(sukamaju, "water")
    ]


def test_does_the_analysis_find_the_village_single_point_of_failure(sukamaju):
    """Is the cooperative the single point of failure of the farmers' group, and the desa a cut
    vertex that cuts no group off?"""
    assert single_points_of_failure(sukamaju) == {"koperasi": ("poktan",)}
    desa = what_if_removed(sukamaju, "desa")
    assert desa.articulation and not desa.single_point_of_failure
    assert ("bpd",) in desa.separated and ("csr",) in desa.separated


def test_does_the_village_farmers_group_lack_training_and_get_a_broker(sukamaju):
    """Does the farmers' group reach funding only, and is the desa its broker to the puskesmas?"""
    r = reach(sukamaju)["poktan"]
    assert r.sources["funding"] == {"koperasi": 1, "bank": 2, "desa": 2}
    assert r.missing == ("training", "technical") and r.unreachable == ()
    brokers = [s for s in suggestions(sukamaju, village.NEEDS, "stunting") if s.kind == "broker"]
    assert [(s.actors, s.offers) for s in brokers] == [
        (("poktan", "desa", "puskesmas"), ("training", "technical"))
    ]


def test_do_the_village_partners_follow_the_needs_in_priority_order(sukamaju):
    """Are the partners given need by need, in priority order, at most one per strategy?"""
    partners = partner_suggestions(sukamaju, village.NEEDS, "stunting")
    needs = [s.need for s in partners]
    assert needs == sorted(needs, key=[n[0] for n in village.NEEDS].index)
    for need_id, *_ in village.NEEDS:
        strategies = [s.strategy for s in partners if s.need == need_id]
        assert len(strategies) == len(set(strategies)) <= 4
    assert all(sukamaju.nodes[s.actors[0]]["stance"] != "opposed" for s in partners)
