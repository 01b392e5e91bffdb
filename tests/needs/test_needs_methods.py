"""Tests of the needs assessment methods, on examples worked out by hand and on properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.errors import BudgetError, DuplicateError, ValidationError
from planning.needs.methods import (
    Dissent,
    MethodResult,
    Ranked,
    borda,
    check_dot_budget,
    check_pair,
    compare_methods,
    condorcet_winner,
    copeland,
    dissent,
    dot_totals,
    dots_left,
    kendalls_w,
    matrix_scores,
    pairwise_wins,
    plurality,
    problem_tree,
    rank_scores,
    weight_sensitivity,
)
from planning.needs.methods.base import fieldname

NEEDS = ["well", "road", "school", "clinic"]

# Seven participants over four needs, chosen so that three methods crown three needs:
#   3 x A B C D,  1 x B C A D,  2 x C D B A,  1 x D C B A
SPLIT = {
    "p1": ["A", "B", "C", "D"],
    "p2": ["A", "B", "C", "D"],
    "p3": ["A", "B", "C", "D"],
    "p4": ["B", "C", "A", "D"],
    "p5": ["C", "D", "B", "A"],
    "p6": ["C", "D", "B", "A"],
    "p7": ["D", "C", "B", "A"],
}
ABCD = ["A", "B", "C", "D"]


def table(result: MethodResult) -> list[tuple[str, float, int]]:
    return [(row.need, row.score, row.rank) for row in result.ranking]


# --- rank_scores ------------------------------------------------------------------------------


def test_do_tied_scores_share_the_best_rank_and_skip_the_next():
    result = rank_scores({"well": 4, "road": 7, "school": 4, "clinic": 1}, NEEDS, "dots")
    # 7 first; the two 4s share 2nd; 1 is 4th, not 3rd ("1224")
    assert table(result) == [
        ("road", 7.0, 1),
        ("well", 4.0, 2),
        ("school", 4.0, 2),
        ("clinic", 1.0, 4),
    ]
    assert result.ranks() == {"road": 1, "well": 2, "school": 2, "clinic": 4}
    assert result.top() == ("road",)


def test_do_ties_keep_the_order_of_the_needs_argument():
    result = rank_scores({"well": 2, "road": 2}, ["road", "well"], "dots")
    assert [row.need for row in result.ranking] == ["road", "well"]


def test_does_float_noise_not_break_a_tie():
    # 0.1 + 0.2 is 0.30000000000000004, which is 0.3 for a village
    result = rank_scores({"well": 0.1 + 0.2, "road": 0.3}, ["road", "well"], "matrix")
    assert result.ranks() == {"road": 1, "well": 1}


def test_does_a_need_without_a_score_score_zero():
    result = rank_scores({"well": 1}, ["well", "road"], "dots")
    assert table(result) == [("well", 1.0, 1), ("road", 0.0, 2)]


def test_does_an_unknown_need_name_the_needs_that_are_known():
    with pytest.raises(ValidationError) as err:
        rank_scores({"wel": 1}, ["well", "road"], "dots")
    assert (err.value.field, err.value.value, err.value.allowed) == (
        fieldname("need"),
        "wel",
        "well, road",
    )


def test_is_a_need_listed_twice_refused():
    with pytest.raises(DuplicateError):
        rank_scores({}, ["well", "well"], "dots")


@pytest.mark.parametrize("score", [math.nan, math.inf, "three", None, True])
def test_is_a_score_that_is_not_a_number_refused(score):
    with pytest.raises(ValidationError) as err:
        rank_scores({"well": score}, ["well"], "dots")
    assert err.value.field == fieldname("score")


# --- dot voting -------------------------------------------------------------------------------


def test_does_the_last_dot_that_fits_pass():
    check_dot_budget(3, 2, 5)  # 3 + 2 = 5


def test_does_a_dot_over_budget_say_how_many_are_left():
    with pytest.raises(BudgetError) as err:
        check_dot_budget(4, 2, 5)  # 4 + 2 = 6 > 5; 1 left
    e = err.value
    assert (e.field, e.value, e.fields["remaining"]) == (fieldname("dots"), 2, 1)
    assert e.allowed.text("en") == "a whole number from 0 to 1"
    assert (e.fields["remaining"], e.fields["budget"]) == (1, 5)
    assert isinstance(e, ValueError)


@pytest.mark.parametrize("adding", [-1, 1.5, True, "2"])
def test_is_a_negative_or_fractional_dot_count_refused(adding):
    with pytest.raises(ValidationError) as err:
        check_dot_budget(0, adding, 5)
    assert not isinstance(err.value, BudgetError)
    assert err.value.field == fieldname("dots")


def test_does_an_overspent_participant_have_zero_dots_left():
    votes = [("Sari", "well", 3), ("Budi", "road", 5), ("Sari", "road", 1)]
    assert dots_left(votes, "Sari", 5) == 1  # 5 - (3 + 1)
    assert dots_left(votes, "Budi", 5) == 0
    assert dots_left(votes, "Budi", 4) == 0  # 4 - 5 would be -1
    assert dots_left(votes, "Ani", 5) == 5


def test_are_dots_added_up_per_need():
    votes = [
        ("Sari", "well", 3),
        ("Sari", "road", 2),
        ("Budi", "road", 1),
        ("Budi", "school", 4),
        ("Ani", "well", 2),
        ("Ani", "clinic", 3),
    ]
    # well 3+2 = 5, road 2+1 = 3, school 4, clinic 3: road and clinic share 3rd
    assert table(dot_totals(votes, NEEDS)) == [
        ("well", 5.0, 1),
        ("school", 4.0, 2),
        ("road", 3.0, 3),
        ("clinic", 3.0, 3),
    ]


def test_does_dot_totals_check_each_participant_against_the_budget():
    votes = [("Sari", "well", 3), ("Budi", "well", 3), ("Sari", "road", 3)]
    assert dot_totals(votes[:2], NEEDS, budget=5).scores()["well"] == 6.0
    with pytest.raises(BudgetError) as err:
        dot_totals(votes, NEEDS, budget=5)  # Sari: 3 + 3 = 6 > 5
    assert (err.value.fields["remaining"], err.value.fields["participant"]) == (2, "Sari")


def test_are_dots_for_an_unknown_need_refused():
    with pytest.raises(ValidationError) as err:
        dot_totals([("Sari", "bridge", 1)], NEEDS)
    assert err.value.value == "bridge"
    assert err.value.allowed == "well, road, school, clinic"


# --- scoring matrix ---------------------------------------------------------------------------

MATRIX = [
    # rater, need, criterion, value
    ("A", "well", "cost", 4),
    ("B", "well", "cost", 2),
    ("A", "well", "urgency", 5),
    ("A", "road", "cost", 2),
    ("A", "road", "urgency", 5),
    ("B", "road", "urgency", 4),
    ("A", "school", "cost", 3),
    ("A", "school", "urgency", 3),
]


def test_does_the_matrix_average_raters_and_weight_criteria():
    m = matrix_scores(MATRIX, {"cost": 3, "urgency": 1}, ["well", "road", "school"])
    # cells: well cost (4+2)/2 = 3, urgency 5; road cost 2, urgency (5+4)/2 = 4.5;
    # school 3 and 3
    assert m.cells == {
        ("well", "cost"): 3.0,
        ("well", "urgency"): 5.0,
        ("road", "cost"): 2.0,
        ("road", "urgency"): 4.5,
        ("school", "cost"): 3.0,
        ("school", "urgency"): 3.0,
    }
    # raw: well 3+5 = 8, road 2+4.5 = 6.5, school 6
    assert table(m.raw) == [("well", 8.0, 1), ("road", 6.5, 2), ("school", 6.0, 3)]
    assert m.raw.method == "matrix_raw"
    # weights 3:1 -> 0.75, 0.25. well .75*3 + .25*5 = 3.5; road .75*2 + .25*4.5 = 2.625;
    # school .75*3 + .25*3 = 3
    assert m.weights == {"cost": 0.75, "urgency": 0.25}
    assert table(m.weighted) == [("well", 3.5, 1), ("school", 3.0, 2), ("road", 2.625, 3)]
    assert m.weighted.method == "matrix"
    assert m.missing == ()


def test_do_zero_weights_count_as_equal_weights():
    m = matrix_scores(MATRIX, {"cost": 0, "urgency": 0}, ["well", "road", "school"])
    # 0.5 each: well 4, road 3.25, school 3
    assert m.weighted.scores() == {"well": 4.0, "road": 3.25, "school": 3.0}


def test_does_a_need_nobody_scored_score_zero():
    m = matrix_scores(MATRIX, {"cost": 1, "urgency": 1}, NEEDS)
    assert m.raw.scores()["clinic"] == 0.0
    assert m.weighted.ranks()["clinic"] == 4
    assert m.missing == (("clinic", "cost"), ("clinic", "urgency"))


def test_does_a_corrected_matrix_score_replace_the_first():
    m = matrix_scores([("A", "well", "cost", 1), ("A", "well", "cost", 5)], {"cost": 1}, ["well"])
    assert m.cells[("well", "cost")] == 5.0


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (("A", "well", "cost", 6), "score"),
        (("A", "well", "cost", 0), "score"),
        (("A", "well", "cost", 2.5), "score"),
        (("A", "well", "cost", True), "score"),
        (("A", "well", "beauty", 3), "criterion"),
        (("A", "bridge", "cost", 3), "need"),
    ],
)
def test_are_bad_matrix_scores_refused(row, field):
    with pytest.raises(ValidationError) as err:
        matrix_scores([row], {"cost": 1, "urgency": 1}, NEEDS)
    assert err.value.field == fieldname(field)


def test_is_a_negative_weight_refused():
    with pytest.raises(ValidationError) as err:
        matrix_scores([], {"cost": -1}, NEEDS)
    assert (err.value.field, err.value.value) == (fieldname("weight"), -1)
    assert err.value.fields["criterion"] == "cost"


# --- weight sensitivity -----------------------------------------------------------------------

SENS = [
    ("g", "well", "cost", 4),
    ("g", "well", "urgency", 2),
    ("g", "road", "cost", 1),
    ("g", "road", "urgency", 4),
]


def weighted(weights):
    return matrix_scores(SENS, weights, ["well", "road"]).weighted


def test_does_the_returned_weight_change_swap_the_top_two():
    # well 3, road 2.5 with equal weights. d_cost = 4-1 = 3, d_urgency = 2-4 = -2.
    # cost: 3x - 2 = 0 at x = 2/3 (change -1/3); urgency: 3 - 2x = 0 at x = 1.5 (change +0.5)
    cost, urgency = weight_sensitivity(SENS, {"cost": 1, "urgency": 1}, ["well", "road"])
    assert (cost.criterion, cost.leader, cost.runner_up) == ("cost", "well", "road")
    assert cost.change == pytest.approx(-1 / 3)
    assert cost.new_weight == pytest.approx(2 / 3)
    assert urgency.change == pytest.approx(0.5)
    assert urgency.new_weight == pytest.approx(1.5)
    for s, other in ((cost, "urgency"), (urgency, "cost")):
        at = weighted({s.criterion: s.weight + s.change, other: 1})
        assert at.ranks() == {"well": 1, "road": 1}  # the two tie exactly there
        past = weighted({s.criterion: s.weight + s.change * 1.01, other: 1})
        assert past.top() == ("road",)
        short = weighted({s.criterion: s.weight + s.change * 0.99, other: 1})
        assert short.top() == ("well",)


def test_is_there_no_change_when_a_criterion_does_not_separate_the_top_two():
    scores = [*SENS, ("g", "well", "size", 3), ("g", "road", "size", 3)]
    by = {
        s.criterion: s
        for s in weight_sensitivity(scores, {"cost": 1, "urgency": 1, "size": 1}, ["well", "road"])
    }
    assert by["size"].change is None and by["size"].new_weight is None
    assert by["cost"].change is not None


def test_does_sensitivity_follow_the_leader_whichever_need_it_is():
    # cost 1, urgency 3: well (4 + 3*2)/4 = 2.5, road (1 + 3*4)/4 = 3.25, so road leads.
    # d (road - well): cost -3, urgency 2.
    # cost: P = 3 * 2 = 6, Q = 3: 6 - 3x = 0 at x = 2, a rise of 1.
    # urgency: P = 1 * -3, Q = 1: 2x - 3 = 0 at x = 1.5, a fall of 1.5.
    cost, urgency = weight_sensitivity(SENS, {"cost": 1, "urgency": 3}, ["well", "road"])
    assert (cost.leader, cost.runner_up) == ("road", "well")
    assert (cost.change, cost.new_weight) == (pytest.approx(1.0), pytest.approx(2.0))
    assert (urgency.change, urgency.new_weight) == (pytest.approx(-1.5), pytest.approx(1.5))


def test_is_there_no_change_when_the_leader_leads_on_every_criterion():
    scores = [
        ("g", "well", "cost", 4),
        ("g", "well", "urgency", 4),
        ("g", "road", "cost", 1),
        ("g", "road", "urgency", 2),
    ]
    # d_cost = 3, d_urgency = 2: x * 3 + 2 > 0 for every x >= 0 (x* = -2/3 < 0), and alike
    got = weight_sensitivity(scores, {"cost": 1, "urgency": 1}, ["well", "road"])
    assert [(s.criterion, s.change, s.new_weight) for s in got] == [
        ("cost", None, None),
        ("urgency", None, None),
    ]


def test_is_there_no_change_of_a_criterion_that_alone_carries_weight():
    # cost 0, urgency 3: the ranking is urgency alone, road 4 over well 2, for any urgency
    # weight > 0, so urgency gets None. cost: d = -3, P = 3 * 2 = 6, Q = 3: x* = 2 (+2).
    cost, urgency = weight_sensitivity(SENS, {"cost": 0, "urgency": 3}, ["well", "road"])
    assert urgency.change is None
    assert (cost.change, cost.new_weight) == (pytest.approx(2.0), pytest.approx(2.0))


def test_does_one_need_give_no_sensitivity():
    assert weight_sensitivity(SENS[:2], {"cost": 1, "urgency": 1}, ["well"]) == ()


# --- pairwise comparison ----------------------------------------------------------------------


def test_are_pairwise_wins_counted_with_half_for_a_tie():
    comps = [
        ("well", "road", "well"),
        ("well", "school", None),  # tie: half each
        ("road", "school", "school"),
        ("clinic", "well", "well"),
    ]
    p = pairwise_wins(comps, NEEDS)
    # well 1 + 0.5 + 1 = 2.5; school 0.5 + 1 = 1.5; road 0; clinic 0
    assert p.wins == {"well": 2.5, "road": 0.0, "school": 1.5, "clinic": 0.0}
    assert table(p.result) == [
        ("well", 2.5, 1),
        ("school", 1.5, 2),
        ("road", 0.0, 3),
        ("clinic", 0.0, 3),
    ]
    assert (p.done, p.expected, p.complete) == (4, 6, False)
    assert p.missing == (("road", "clinic"), ("school", "clinic"))


def test_does_the_last_comparison_of_a_pair_count():
    p = pairwise_wins([("well", "road", "well"), ("road", "well", "road")], ["well", "road"])
    assert p.wins == {"well": 0.0, "road": 1.0}
    assert (p.done, p.complete) == (1, True)


def test_is_a_need_compared_with_itself_refused():
    with pytest.raises(ValidationError) as err:
        pairwise_wins([("well", "well", None)], NEEDS)
    assert (err.value.field, err.value.value) == (fieldname("pair"), "well")
    assert err.value.allowed == "road, school, clinic"


@pytest.mark.parametrize(
    ("a", "b", "winner", "field", "allowed"),
    [
        ("well", "bridge", None, "need", "well, road, school, clinic"),
        ("well", "road", "school", "winner", "well, road"),
    ],
)
def test_does_check_pair_say_what_is_allowed(a, b, winner, field, allowed):
    with pytest.raises(ValidationError) as err:
        check_pair(a, b, winner, NEEDS)
    assert (err.value.field, err.value.allowed) == (fieldname(field), allowed)


# --- individual rankings ----------------------------------------------------------------------


def test_do_borda_copeland_and_plurality_crown_different_needs():
    # Plurality, first places: A 3, B 1, C 2, D 1 -> A.
    assert plurality(SPLIT, ABCD).scores() == {"A": 3.0, "C": 2.0, "B": 1.0, "D": 1.0}
    assert plurality(SPLIT, ABCD).ranks() == {"A": 1, "C": 2, "B": 3, "D": 3}
    # Borda, 3-2-1-0 points:
    #   3 x ABCD: A 9, B 6, C 3;   BCAD: B 3, C 2, A 1;   2 x CDBA: C 6, D 4, B 2;
    #   DCBA: D 3, C 2, B 1.   A 10, B 12, C 13, D 7 -> C.
    assert table(borda(SPLIT, ABCD)) == [
        ("C", 13.0, 1),
        ("B", 12.0, 2),
        ("A", 10.0, 3),
        ("D", 7.0, 4),
    ]
    # Head to head, B over A: BCAD, 2 x CDBA, DCBA = 4 to 3; B over C: 3 x ABCD, BCAD = 4 to 3;
    # B over D: 3 x ABCD, BCAD = 4 to 3. B beats everyone -> Condorcet winner B.
    assert condorcet_winner(SPLIT, ABCD) == "B"
    # Copeland: B 3; C beats A (BCAD, CDBA x2, DCBA = 4-3) and D (6-1): 2; A beats D (4-3): 1
    assert table(copeland(SPLIT, ABCD)) == [
        ("B", 3.0, 1),
        ("C", 2.0, 2),
        ("A", 1.0, 3),
        ("D", 0.0, 4),
    ]
    winners = {plurality(SPLIT, ABCD).top(), borda(SPLIT, ABCD).top(), copeland(SPLIT, ABCD).top()}
    assert winners == {("A",), ("B",), ("C",)}


def test_do_unranked_needs_share_the_remaining_borda_points():
    rankings = {"Sari": ["well", "road", "school", "clinic"], "Budi": ["school"]}
    # Sari 3, 2, 1, 0. Budi: school 3; well, road, clinic share 2 + 1 + 0 -> 1 each.
    # well 4, road 3, school 4, clinic 1
    assert table(borda(rankings, NEEDS)) == [
        ("well", 4.0, 1),
        ("school", 4.0, 1),
        ("road", 3.0, 3),
        ("clinic", 1.0, 4),
    ]


def test_is_there_no_condorcet_winner_in_a_cycle():
    cycle = {"a": ["A", "B", "C"], "b": ["B", "C", "A"], "c": ["C", "A", "B"]}
    assert condorcet_winner(cycle, ["A", "B", "C"]) is None
    # every need wins one head to head and loses one
    assert copeland(cycle, ["A", "B", "C"]).ranks() == {"A": 1, "B": 1, "C": 1}


def test_does_a_tied_majority_give_half_a_copeland_point():
    rankings = {"a": ["A", "B", "C"], "b": ["B", "A", "C"]}
    # A-B 1 to 1: half each; both beat C 2-0. A 1.5, B 1.5, C 0
    assert copeland(rankings, ["A", "B", "C"]).scores() == {"A": 1.5, "B": 1.5, "C": 0.0}
    assert condorcet_winner(rankings, ["A", "B", "C"]) is None


def test_does_a_participant_who_ranked_nothing_count_for_no_first_place():
    rankings = {"Sari": ["road"], "Budi": []}
    assert plurality(rankings, NEEDS).scores()["road"] == 1.0
    assert sum(plurality(rankings, NEEDS).scores().values()) == 1.0


@pytest.mark.parametrize("method", [borda, copeland, plurality, condorcet_winner, kendalls_w])
def test_are_bad_rankings_refused(method):
    with pytest.raises(DuplicateError) as err:
        method({"Sari": ["well", "road", "well"]}, NEEDS)
    assert (err.value.field, err.value.value) == (fieldname("ranking"), "well")
    assert err.value.allowed == "school, clinic"  # what Sari may still place
    with pytest.raises(ValidationError):
        method({"Sari": ["bridge"]}, NEEDS)
    with pytest.raises(ValidationError):
        method({"Sari": "well"}, NEEDS)  # a bare string, not a list of needs


# --- Kendall's W ------------------------------------------------------------------------------


def test_does_kendalls_w_correct_for_unranked_needs():
    rankings = {"Sari": ["A", "B", "C", "D"], "Budi": ["B", "A"], "Ani": ["A"]}
    # places:  Sari 1, 2, 3, 4            T = 0
    #          Budi 2, 1, 3.5, 3.5        T = 2^3 - 2 = 6
    #          Ani  1, 3, 3, 3            T = 3^3 - 3 = 24
    # totals A 4, B 6, C 9.5, D 10.5; mean m(n+1)/2 = 7.5
    # S = 3.5^2 + 1.5^2 + 2^2 + 3^2 = 12.25 + 2.25 + 4 + 9 = 27.5
    # W = 12 S / (m^2 (n^3 - n) - m sum T) = 330 / (9 * 60 - 3 * 30) = 330 / 450 = 11/15
    assert kendalls_w(rankings, ABCD) == pytest.approx(11 / 15, abs=1e-12)


def test_does_kendalls_w_with_one_partial_ranking_match_a_hand_computation():
    rankings = {"Sari": ["A", "B", "C"], "Budi": ["C"]}
    # places Sari 1, 2, 3; Budi 2.5, 2.5, 1 (T = 6). totals 3.5, 4.5, 4 around 4: S = 0.5
    # W = 12 * 0.5 / (4 * 24 - 2 * 6) = 6 / 84
    assert kendalls_w(rankings, ["A", "B", "C"]) == pytest.approx(6 / 84, abs=1e-12)


def test_is_kendalls_w_one_for_identical_partial_rankings():
    # places 1, 2.5, 2.5 twice: totals 2, 5, 5 around 4, S = 6; W = 72 / (4*24 - 2*12) = 1
    assert kendalls_w({"a": ["A"], "b": ["A"]}, ["A", "B", "C"]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("rankings", "needs", "w"),
    [
        ({}, ABCD, 0.0),  # nobody ranked
        ({"a": ["A"], "b": []}, ["A"], 1.0),  # one need: one possible order
        ({"a": ["B", "A", "C"]}, ["A", "B", "C"], 1.0),  # one participant agrees with herself
        ({"a": [], "b": []}, ["A", "B", "C"], 0.0),  # nobody stated an order
        ({"a": ["A", "B"], "b": ["B", "A"]}, ["A", "B"], 0.0),  # totals 3, 3: S = 0
    ],
)
def test_what_does_kendalls_w_give_at_the_edges(rankings, needs, w):
    assert kendalls_w(rankings, needs) == w


# --- dissent ----------------------------------------------------------------------------------


def test_is_dissent_the_share_of_pairs_put_the_other_way():
    rankings = {"Sari": ["A", "B", "C"], "Budi": ["A", "B", "C"], "Ani": ["C"]}
    # Borda: Sari and Budi A 2, B 1, C 0; Ani C 2, A and B 0.5 each -> A 4.5, B 2.5, C 2:
    # group order A, B, C. Ani: A-B tied for her, not for the group: 1/2; C above A: 1;
    # C above B: 1. (0.5 + 1 + 1) / 3 pairs = 5/6
    assert dissent(rankings, ["A", "B", "C"]) == (
        Dissent("Ani", pytest.approx(5 / 6)),
        Dissent("Sari", 0.0),
        Dissent("Budi", 0.0),
    )


# --- compare methods --------------------------------------------------------------------------


def test_does_compare_methods_put_the_methods_side_by_side():
    results = [borda(SPLIT, ABCD), copeland(SPLIT, ABCD), plurality(SPLIT, ABCD)]
    c = compare_methods(results, ABCD)
    # ranks (borda, copeland, plurality): A 3, 3, 1; B 2, 1, 3; C 1, 2, 2; D 4, 4, 3
    # means: C 5/3, B 2, A 7/3, D 11/3
    assert [(r.need, r.rank) for r in c.rows] == [("C", 1), ("B", 2), ("A", 3), ("D", 4)]
    assert c.rows[0].ranks == {"borda": 1, "copeland": 2, "plurality": 2}
    assert c.rows[0].mean_rank == pytest.approx(5 / 3)
    # spreads: A 3-1 = 2, B 3-1 = 2, C 1, D 1
    assert [(d.need, d.spread) for d in c.disagreements] == [("A", 2), ("B", 2)]
    assert c.tops == {"borda": ("C",), "copeland": ("B",), "plurality": ("A",)}
    assert c.top_differs


def test_do_methods_that_agree_show_no_disagreement():
    a = rank_scores({"well": 3, "road": 1}, ["well", "road"], "dots")
    b = rank_scores({"well": 5, "road": 2}, ["well", "road"], "matrix")
    c = compare_methods([a, b], ["well", "road"])
    assert not c.top_differs and c.disagreements == ()
    assert [(r.need, r.mean_rank, r.rank) for r in c.rows] == [("well", 1.0, 1), ("road", 2.0, 2)]


def test_does_compare_methods_refuse_a_result_for_other_needs():
    a = rank_scores({"well": 3}, ["well"], "dots")
    with pytest.raises(ValidationError) as err:
        compare_methods([a], ["well", "road"])
    assert (err.value.field, err.value.value) == (fieldname("dots"), "road")
    with pytest.raises(DuplicateError):
        compare_methods([a, a], ["well"])
    assert compare_methods([], ["well"]).rows == ()


# --- problem tree -----------------------------------------------------------------------------


def test_do_causes_point_to_the_need_and_the_need_to_its_effects():
    g = problem_tree(
        "dirty water",
        [
            ("no budget", "cause", "no pipes"),  # named before its parent is
            ("no pipes", "cause", ""),
            ("diarrhoea", "effect", ""),
            ("missed school", "effect", "diarrhoea"),
            ("no budget", "cause", "dirty water"),  # the same cause under a second parent
        ],
    )
    assert set(g.edges()) == {
        ("no budget", "no pipes"),
        ("no pipes", "dirty water"),
        ("no budget", "dirty water"),
        ("dirty water", "diarrhoea"),
        ("diarrhoea", "missed school"),
    }
    assert dict(g.nodes(data="role")) == {
        "dirty water": "core",
        "no budget": "cause",
        "no pipes": "cause",
        "diarrhoea": "effect",
        "missed school": "effect",
    }
    assert g.nodes["no pipes"]["label"] == "no pipes"


@pytest.mark.parametrize(
    ("nodes", "field"),
    [
        ([("no pipes", "cause", "no roof")], "parent"),
        ([("diarrhoea", "effect", ""), ("no pipes", "cause", "diarrhoea")], "parent"),
        ([("no pipes", "reason", "")], "role"),
        ([("x", "cause", "y"), ("y", "cause", "x")], "parent"),
        ([("no pipes", "cause", ""), ("no pipes", "effect", "")], "role"),
    ],
)
def test_are_bad_problem_tree_links_refused(nodes, field):
    with pytest.raises(ValidationError) as err:
        problem_tree("dirty water", nodes)
    assert err.value.field == fieldname(field)


def test_does_an_unknown_parent_name_the_parents_there_are():
    with pytest.raises(ValidationError) as err:
        problem_tree("dirty water", [("no pipes", "cause", ""), ("no budget", "cause", "no rof")])
    assert err.value.value == "no rof"
    assert err.value.allowed == "dirty water, no pipes"


# --- properties -------------------------------------------------------------------------------


@st.composite
def needs_lists(draw, low=2, high=6):
    n = draw(st.integers(low, high))
    return [f"n{i}" for i in range(n)]


@st.composite
def rankings_of(draw, needs, complete=False):
    participants = draw(st.integers(0, 6))
    out = {}
    for p in range(participants):
        order = draw(st.permutations(needs))
        k = len(needs) if complete else draw(st.integers(0, len(needs)))
        out[f"p{p}"] = list(order[:k])
    return out


@given(data=st.data())
def test_do_complete_pairwise_comparisons_give_n_n_minus_1_over_2_wins(data):
    needs = data.draw(needs_lists(2, 8))
    comps = []
    for i, a in enumerate(needs):
        for b in needs[i + 1 :]:
            winner = data.draw(st.sampled_from([a, b, None]))
            comps.append((a, b, winner) if data.draw(st.booleans()) else (b, a, winner))
    comps = data.draw(st.permutations(comps))
    p = pairwise_wins(comps, needs)
    n = len(needs)
    assert sum(p.wins.values()) == n * (n - 1) / 2
    assert p.complete and p.done == p.expected == n * (n - 1) // 2 and p.missing == ()


def all_methods(needs, votes, matrix, weights, comps, rankings):
    """Give every need's rank under every method, plus the scalar summaries."""
    results = [
        dot_totals(votes, needs),
        matrix_scores(matrix, weights, needs).raw,
        matrix_scores(matrix, weights, needs).weighted,
        pairwise_wins(comps, needs).result,
        borda(rankings, needs),
        copeland(rankings, needs),
        plurality(rankings, needs),
    ]
    ranks = {r.method: r.ranks() for r in results}
    ranks["combined"] = {row.need: row.rank for row in compare_methods(results, needs).rows}
    return (
        ranks,
        condorcet_winner(rankings, needs),
        kendalls_w(rankings, needs),
        {d.participant: d.distance for d in dissent(rankings, needs)},
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_does_renaming_or_reordering_needs_leave_every_ranking_unchanged(data):
    needs = data.draw(needs_lists(2, 6))
    criteria = ["c0", "c1"]
    votes = data.draw(
        st.lists(
            st.tuples(st.sampled_from(["p0", "p1"]), st.sampled_from(needs), st.integers(0, 3))
        )
    )
    matrix = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(["r0", "r1", "r2"]),
                st.sampled_from(needs),
                st.sampled_from(criteria),
                st.integers(1, 5),
            )
        )
    )
    weights = {c: data.draw(st.integers(0, 4)) for c in criteria}
    comps = [
        (a, b, data.draw(st.sampled_from([a, b, None])))
        for i, a in enumerate(needs)
        for b in needs[i + 1 :]
        if data.draw(st.booleans())
    ]
    rankings = data.draw(rankings_of(needs))

    # a new name for every need (a shuffled bijection), and the needs list in a new order
    new_names = data.draw(st.permutations([f"m{i}" for i in range(len(needs))]))
    rename = dict(zip(needs, new_names, strict=True))
    shuffled = [rename[n] for n in data.draw(st.permutations(needs))]

    before = all_methods(needs, votes, matrix, weights, comps, rankings)
    after = all_methods(
        shuffled,
        [(p, rename[n], d) for p, n, d in votes],
        [(r, rename[n], c, v) for r, n, c, v in matrix],
        weights,
        [(rename[a], rename[b], w if w is None else rename[w]) for a, b, w in comps],
        {p: [rename[n] for n in order] for p, order in rankings.items()},
    )
    ranks, winner, w, dissents = before
    assert after[0] == {m: {rename[n]: r for n, r in got.items()} for m, got in ranks.items()}
    assert after[1] == (winner if winner is None else rename[winner])
    assert after[2] == pytest.approx(w, abs=1e-12)
    assert after[3] == pytest.approx(dissents, abs=1e-12)


@given(data=st.data())
def test_is_kendalls_w_one_for_identical_complete_rankings(data):
    needs = data.draw(needs_lists(2, 8))
    order = list(data.draw(st.permutations(needs)))
    m = data.draw(st.integers(1, 8))
    assert abs(kendalls_w({f"p{i}": order for i in range(m)}, needs) - 1.0) <= 1e-9


@given(data=st.data())
def test_is_kendalls_w_between_zero_and_one(data):
    needs = data.draw(needs_lists(1, 7))
    rankings = data.draw(rankings_of(needs, complete=data.draw(st.booleans())))
    assert 0.0 <= kendalls_w(rankings, needs) <= 1.0


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_does_every_weight_change_tie_the_top_two_and_no_less_swap_them(data):
    needs = data.draw(needs_lists(2, 4))
    criteria = [f"c{i}" for i in range(data.draw(st.integers(1, 3)))]
    scores = [
        (r, n, c, data.draw(st.integers(1, 5)))
        for r in ("r0", "r1")
        for n in needs
        for c in criteria
    ]
    weights = {c: float(data.draw(st.integers(0, 5))) for c in criteria}

    def lead(ws, a, b):
        got = matrix_scores(scores, ws, needs).weighted.scores()
        return got[a] - got[b]

    for s in weight_sensitivity(scores, weights, needs):
        a, b = s.leader, s.runner_up
        assert lead(weights, a, b) >= -1e-9
        others = sum(w for c, w in weights.items() if c != s.criterion)
        if s.change is None:
            tries = [
                lead({**weights, s.criterion: x}, a, b)
                for x in (1e-6, s.weight / 2 or 0.5, s.weight or 1, 2 * s.weight + 1, 1e3)
            ]
            if others == 0:
                # this criterion alone decides, whatever its weight (only all-zero differs)
                assert tries == pytest.approx([tries[0]] * len(tries), abs=1e-9)
            else:
                # no weight > 0 of this criterion puts the runner-up ahead
                assert min(tries) >= -1e-9
            continue
        assert s.new_weight == pytest.approx(s.weight + s.change)
        assert s.new_weight >= 0 and others > 0
        assert abs(lead({**weights, s.criterion: s.new_weight}, a, b)) <= 1e-9
        m = matrix_scores(scores, weights, needs)
        d = m.cells[(a, s.criterion)] - m.cells[(b, s.criterion)]
        step = 1e-4 * max(1.0, s.new_weight)
        beyond = s.new_weight - math.copysign(step, d)  # the runner-up gains in this direction
        assert lead({**weights, s.criterion: beyond}, a, b) < 0
        if abs(s.change) > step:
            short = s.new_weight + math.copysign(step, d)
            assert lead({**weights, s.criterion: short}, a, b) > 0


def test_is_a_ranked_row_a_frozen_record():
    row = Ranked("well", 1.0, 1)
    with pytest.raises(AttributeError):
        row.rank = 2  # type: ignore[misc]


# --- messages ---------------------------------------------------------------------------------

SPEAKING_ERRORS = {
    "budget": lambda: check_dot_budget(4, 2, 5, participant="Sari"),
    "negative dots": lambda: check_dot_budget(0, -1, 5),
    "unknown need": lambda: dot_totals([("Sari", "bridge", 1)], NEEDS),
    "need twice": lambda: rank_scores({}, ["well", "well"], "dots"),
    "bad score": lambda: matrix_scores([("A", "well", "cost", 9)], {"cost": 1}, NEEDS),
    "bad weight": lambda: matrix_scores([], {"cost": -1}, NEEDS),
    "unknown criterion": lambda: matrix_scores([("A", "well", "x", 3)], {"cost": 1}, NEEDS),
    "self pair": lambda: check_pair("well", "well", None, NEEDS),
    "bad winner": lambda: check_pair("well", "road", "school", NEEDS),
    "ranked twice": lambda: borda({"Sari": ["well", "well"]}, NEEDS),
    "method twice": lambda: compare_methods([borda({}, NEEDS)] * 2, NEEDS),
    "empty text": lambda: problem_tree("dirty water", [("", "cause", "")]),
    "unknown parent": lambda: problem_tree("dirty water", [("no pipes", "cause", "x")]),
    "loop": lambda: problem_tree("w", [("x", "cause", "y"), ("y", "cause", "x")]),
}


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("case", list(SPEAKING_ERRORS))
def test_does_every_error_fill_every_hole_of_its_message(case, lang):
    with pytest.raises(ValidationError) as err:
        SPEAKING_ERRORS[case]()
    message = err.value.message(lang)
    assert "{" not in message and err.value.key in {
        "error.invalid",
        "error.budget",
        "error.duplicate",
        "error.unknown_ref",
        "error.self_pair",
        "error.winner",
        "error.required",
        "error.tree_loop",
    }
