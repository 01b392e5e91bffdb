"""The follow-up's pure methods on hand-worked cases: the lights on their boundaries, the MSC
selection with ties, the score card's change and gaps, the map between rounds against
networkx's own measures."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from planning.followup.methods.lights import Reading, elapsed, indicator_light, light
from planning.followup.methods.mapdiff import diff_maps, link_set, measures
from planning.followup.methods.money import Visit, activity_state, money_ahead, realisation
from planning.followup.methods.msc import choose
from planning.followup.methods.outcomes import own_share
from planning.followup.methods.scorecard import gaps, score_lines

D = dt.date
START, END = D(2026, 1, 1), D(2026, 12, 31)  # 364 days
HALF = D(2026, 7, 2)  # 182 days in: exactly half the time passed


def lit(value, baseline=40.0, target=80.0, day=HALF, end=END):
    return indicator_light([Reading(day, value)], baseline, target, START, end)


def test_achieved_exactly_elapsed_is_green():
    """Is a reading exactly as far as the time passed green?"""
    x = lit(60.0)  # half the way from 40 to 80, half the time
    assert (x.achieved, x.elapsed, x.light) == (0.5, 0.5, "green")


def test_exactly_ten_points_below_is_amber_and_just_under_is_red():
    """Is 0.10 below the time passed amber, and a little more red?"""
    assert lit(56.0).light == "amber"  # achieved 0.40 against 0.50
    assert lit(55.9).light == "red"
    assert light(0.3, 0.4) == "amber"  # 0.4 - 0.1 in floating point is 0.30000000000000004


def test_a_falling_target_works_the_same_way():
    """Is stunting falling from 30 to 20 read as progress, and rising as going backwards?"""
    assert lit(25.0, baseline=30, target=20).light == "green"  # half the way down, on time
    assert lit(26.0, baseline=30, target=20).light == "amber"  # 0.4 done
    worse = lit(32.0, baseline=30, target=20)
    assert worse.achieved == pytest.approx(-0.2) and worse.light == "red"


def test_a_reading_after_the_target_date_counts_all_the_time_passed():
    """After the target date is the time passed clipped to 1, so only the full target is green?"""
    late = lit(79.0, day=D(2027, 2, 1))
    assert late.elapsed == 1.0 and late.light == "amber"
    assert lit(80.0, day=D(2027, 2, 1)).light == "green"
    assert elapsed(D(2025, 6, 1), START, END) == 0.0


def test_no_reading_or_no_target_gives_no_light_and_the_latest_reading_counts():
    """Is there no light without a reading, and does the latest reading count (trend kept)?"""
    assert indicator_light([], 40, 80, START, END).light == "none"
    assert indicator_light([Reading(HALF, 60)], None, 80, START, END).light == "none"
    x = indicator_light([Reading(HALF, 60), Reading(D(2026, 3, 1), 70)], 40, 80, START, END)
    assert x.latest == Reading(HALF, 60) and len(x.trend) == 2 and x.light == "green"


def test_activity_lights_money_ahead_and_realisation():
    """Does an activity read like an indicator, and is money ahead of work over 20 points?"""
    s = activity_state([Visit(HALF, 40, 61)], START, END, 100)
    assert (s.light, s.ahead) == ("amber", True)
    assert activity_state([Visit(HALF, 40, 60)], START, END, 100).ahead is False
    assert activity_state([Visit(HALF, 10, 0, "done")], START, END, 1).light == "green"
    assert activity_state([Visit(HALF, 10, 0, "dropped")], START, END, 1).light == "none"
    assert money_ahead(1, 0, 100)
    lines = realisation({"a": 10, "b": 30}, {"a": 5}, {"a": "x", "b": "x"})
    assert [(x.key, x.planned, x.spent) for x in lines] == [("x", 40, 5), ("", 40, 5)]
    assert own_share({"swadaya": 1, "pad_desa": 1, "dana_desa": 2}, {}).planned == 0.5


def test_msc_selects_the_most_votes_and_a_tie_selects_none():
    """Does a domain's most-voted story get selected, and a tie list the tied stories?"""
    stories = {"a": "participation", "b": "participation", "c": "participation", "d": "own"}
    votes = [("a", 1, 1), ("b", 1, 1), ("b", 1, 1), ("a", 1, 1), ("c", 1, 1), ("d", 1, 1)]
    by = {(c.domain, c.round): c for c in choose(stories, votes, [1])}
    tie = by[("participation", 1)]
    assert tie.selected is None and tie.tied == ("a", "b") and tie.votes[2] == ("c", 1)
    assert by[("own", 1)].selected == "d"
    votes.append(("b", 1, 1))
    assert choose(stories, votes, [1])[0].selected == "b"
    votes.append(("z", 1, 5))  # a vote for a story that is gone counts for nothing
    assert choose(stories, votes, [1])[0].selected == "b"


def test_score_card_change_and_gaps():
    """Is the change each round's score minus the previous one the group gave, and the gap
    the first group's score minus the second's?"""
    rows = [("air", "women", 1, 2), ("air", "women", 3, 5), ("air", "men", 1, 4),
            ("air", "men", 2, 4), ("air", "men", 3, 3)]  # fmt: skip
    lines = {(x.criterion, x.group): x for x in score_lines(rows)}
    assert lines[("air", "women")].changes == ((1, None), (3, 3))
    assert lines[("air", "men")].changes == ((1, None), (2, 0), (3, -1))
    assert [(g.round, g.gap) for g in gaps(lines.values(), "women", "men")] == [(1, -2), (3, 2)]


def _map(edges, towers=None, isolated=()):
    G = nx.MultiDiGraph()
    G.add_nodes_from(isolated)
    for s, t, k, *two in edges:
        G.add_edge(s, t, key=k, two_way=bool(two))
        if two:
            G.add_edge(t, s, key=k, two_way=True)
    for actor, heights in (towers or {}).items():
        G.nodes[actor]["towers"] = heights
    return G


def test_map_diff_on_hand_built_graphs_against_networkx():
    """Does the diff find what was added and lost, and give networkx's own betweenness and
    closeness before and after?"""
    before = _map(
        [("desa", "pkk", "information", True), ("desa", "dinas", "funding"),
         ("dinas", "puskesmas", "coordination"), ("csr", "tani", "conflict")],
        towers={"pkk": {"q": 2}}, isolated=("bumdes",),
    )  # fmt: skip
    after = _map(
        [("desa", "pkk", "information", True), ("bumdes", "pkk", "funding"),
         ("dinas", "puskesmas", "coordination"), ("forum", "desa", "information")],
        towers={"pkk": {"q": 4}, "desa": {"q": 1}}, isolated=("csr", "tani"),
    )  # fmt: skip
    d = diff_maps(before, after)
    assert d.actors_added == ("forum",) and d.actors_lost == ()
    assert d.links_added == (("bumdes", "pkk", "funding"), ("forum", "desa", "information"))
    assert d.links_lost == (("csr", "tani", "conflict"), ("desa", "dinas", "funding"))
    assert d.added_by_type == {"funding": 1, "information": 1}
    assert d.lost_by_type == {"conflict": 1, "funding": 1}
    assert d.towers == {"q": (("desa", 0, 1), ("pkk", 2, 4))}
    assert d.became_isolated == ("csr", "tani") and d.became_connected == ("bumdes",)
    for G, side in ((before, 0), (after, 1)):
        D = nx.DiGraph()
        D.add_nodes_from(G)
        D.add_edges_from((s, t) for s, t, k in G.edges(keys=True) if k != "conflict")
        b, c = nx.betweenness_centrality(D), nx.closeness_centrality(D)
        for actor in G:
            assert d.betweenness[actor][side] == pytest.approx(b[actor])
            assert d.closeness[actor][side] == pytest.approx(c[actor])
    assert d.betweenness["forum"][0] is None
    # Fewer than five brokers each time: a broker is any actor with some betweenness.
    was = {a for a, (b0, _) in d.betweenness.items() if b0}
    now = {a for a, (_, b1) in d.betweenness.items() if b1}
    assert set(d.brokers_gained) == now - was and set(d.brokers_lost) == was - now
    assert link_set(before) == link_set(before.copy()) and d.changed


def test_a_map_compared_with_itself_has_no_change():
    """Is the same map in two rounds no change at all?"""
    G = _map([("a", "b", "information"), ("b", "c", "funding")], towers={"a": {"q": 3}})
    d = diff_maps(G, G.copy())
    assert not d.changed and d.brokers_gained == d.brokers_lost == ()
    assert measures(G).betweenness["b"] == 0.5
