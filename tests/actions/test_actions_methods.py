"""Hand-worked cases for the action-plan methods: checks, budget, ceiling, votes, RACI, tables,
the shipped data and the catalogue keys."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import demo_plan
import pytest

from planning.actions.methods.allocation import compare_allocations, equal_shares, greedy
from planning.actions.methods.budget import (
    apply_year_rules,
    budget_totals,
    priority_order,
    select_within_ceiling,
)
from planning.actions.methods.checks import (
    check_activity_links,
    check_actors,
    check_codes,
    check_dates,
    check_indicators,
    check_needs_covered,
    check_plan,
    check_strategies,
    check_year_rules,
)
from planning.actions.methods.model import (
    Activity,
    Indicator,
    MapInfo,
    Need,
    Objective,
    Plan,
    Risk,
    months_spanned,
    spread_cost,
)
from planning.actions.methods.raci import raci_matrix
from planning.actions.methods.reference import (
    load_bidang,
    load_year_rules,
    year_rules_path,
)
from planning.actions.methods.tables import (
    Period,
    board_totals,
    du_rkp_desa_table,
    gantt_rows,
    information_board,
    logframe_table,
    rkp_desa_table,
    table_rows,
)
from planning.errors import Msg, ValidationError

D = date
BIDANG = load_bidang()

# -- a small clean plan ---------------------------------------------------------------------

NEEDS = (Need("n1", "Air bersih", 1), Need("n2", "Stunting", 2), Need("n3", "Jalan", 3))
OBJECTIVES = (
    Objective("g", "n1", "goal", "Warga sehat"),
    Objective("p", "n1", "purpose", "Air bersih sepanjang tahun"),
    Objective("o1", "n1", "output", "Pipa air berfungsi"),
    Objective("o2", "n2", "output", "Kelas ibu balita berjalan"),
)
MAP = MapInfo(
    actors={"kades": "Kepala Desa", "tpk": "TPK", "bidan": "Bidan", "pkk": "PKK", "kwt": "KWT"},
    reaches_community={"kades": True, "tpk": True, "bidan": True, "pkk": True, "kwt": True},
    suggestions={"n1": ["tpk"], "n2": ["pkk", "bidan"]},
    community_groups=frozenset({"pkk", "kwt"}),
    links={"kades": ("tpk", "pkk"), "bidan": ("pkk",), "tpk": ("kwt",)},
)


def act(id: str, **kw: Any) -> Activity:
    """An activity of the clean plan; keywords replace fields."""
    base = Activity(
        id=id,
        title=f"Kegiatan {id}",
        objective="o1",
        need="n1",
        strategy="support",
        bidang="2",
        sub_bidang="2.4",
        lead="tpk",
        partners=("kwt",),
        dusun="Dusun I",
        volume=100,
        unit="m",
        men=10,
        women=12,
        poor_households=4,
        pkh_families=2,
        start=D(2026, 3, 1),
        end=D(2026, 4, 30),
        cost=10_000_000,
        source="dana_desa",
        mode="swakelola",
        destination="village_budget",
        status="agreed",
    )
    return replace(base, **kw)


ACTIVITIES = (
    act("a1"),
    act("a2", strategy="participatory", bidang="1", sub_bidang="1.4", lead="kades", cost=2_000_000),
    act("a3", objective="o2", need="n2", strategy="training", sub_bidang="2.2", lead="bidan",
        partners=("pkk",), source="add"),
    act("a4", objective="o2", need="n2", strategy="partnership", bidang="4", sub_bidang="4.4",
        lead="pkk", partners=("bidan",), source="swadaya", cost=1_000_000),
    act("a5", need="n3", objective="", strategy="support", sub_bidang="2.3", lead="kades",
        partners=(), destination="musrenbang", source="bankeu_kabupaten", cost=50_000_000),
)  # fmt: skip


def ind(id: str, kind: str, measures: str, **kw: Any) -> Indicator:
    base = Indicator(
        id, kind, measures, f"Indikator {id}", "KK", 10, 20, D(2026, 12, 31), "Survei", ""
    )
    return replace(base, **kw)


INDICATORS = (
    ind("i1", "objective", "o1", outcome="quality_of_life"),
    ind("i2", "objective", "o2", outcome="kemandirian"),
    ind("i3", "activity", "a2", outcome="participation", unit="%", baseline=20, target=60),
    ind("i4", "activity", "a5"),
)
RISKS = (
    Risk("r1", "objective", "o1", "Mata air kering", 2, 3, "Tandon cadangan"),
    Risk("r2", "activity", "a3", "Ibu tidak hadir", 3, 2, ""),
)


def plan(**kw: Any) -> Plan:
    base = Plan(2026, NEEDS, OBJECTIVES, ACTIVITIES, INDICATORS, RISKS, MAP)
    return replace(base, **kw)


def pairs(findings: list[Any]) -> set[tuple[str, str]]:
    return {(f.check, f.where_id) for f in findings}


def verified_rules(tmp_path: Path, **changes: Any) -> Path:
    """The shipped 2026 file, marked as checked, with top-level changes."""
    data = json.loads(year_rules_path(2026).read_text(encoding="utf-8"))
    data["check_before_use"] = False
    for rule in data["rules"]:
        rule["verified"] = True
    data.update(changes)
    path = tmp_path / "dana_desa_2026.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# -- the clean plan has no finding ----------------------------------------------------------


def test_clean_plan_has_no_findings(tmp_path: Path) -> None:
    rules = load_year_rules(verified_rules(tmp_path))
    # Dana Desa: a1 10 jt (no focus). Food security needs 20% of the base, so give it a share.
    acts = (*ACTIVITIES, act("f", dd_focus="food_energy", sub_bidang="2.4", cost=5_000_000))
    assert check_plan(plan(activities=acts), rules=rules) == []


def test_clean_plan_without_rules_has_no_findings() -> None:
    assert check_plan(plan()) == []


# -- traceability ---------------------------------------------------------------------------


def test_need_without_activity_only_in_top_n() -> None:
    acts = [a for a in ACTIVITIES if a.need != "n3"]
    found = check_needs_covered(NEEDS, acts)
    assert pairs(found) == {("need_without_activity", "n3")}
    assert found[0].what == Msg("actions.finding.need_without_activity", need="Jalan", rank=3)
    assert found[0].fix == Msg("actions.fix.need_without_activity", need="Jalan")
    assert check_needs_covered(NEEDS, acts, top_n=2) == []


def test_activity_without_need_and_without_indicator() -> None:
    acts = [act("x", need="", objective=""), act("y", need="n9", objective="o2")]
    found = check_activity_links(acts, NEEDS, INDICATORS)
    # x: no need, no indicator (no objective, none of its own); y: unknown need, but its
    # objective o2 has indicator i2.
    assert pairs(found) == {
        ("activity_without_need", "x"),
        ("activity_without_indicator", "x"),
        ("activity_without_need", "y"),
    }
    y = next(f for f in found if f.where_id == "y")
    assert y.what.fields == {"activity": "Kegiatan y", "need": "n9"}


def test_indicator_directly_on_the_activity_is_enough() -> None:
    found = check_activity_links([act("a5", objective="")], NEEDS, INDICATORS)
    assert found == []


def test_lead_and_partner_not_on_map_and_no_lead() -> None:
    acts = [act("x", lead="camat", partners=("kwt", "ngo")), act("z", lead="")]
    found = check_actors(acts, MAP, NEEDS)
    assert pairs(found) == {
        ("actor_not_on_map", "x"),
        ("activity_without_lead", "z"),
    }
    roles = sorted((f.what.fields["actor"], f.what.fields["role"].key) for f in found[:2])
    assert roles == [("camat", "actions.role.lead"), ("ngo", "actions.role.partner")]


def test_lead_without_community_path_offers_the_maps_suggestions() -> None:
    m = replace(
        MAP,
        actors={**MAP.actors, "pt": "PT Agro"},
        reaches_community={**MAP.reaches_community, "pt": False},
    )
    found = check_actors([act("x", lead="pt", need="n2")], m, NEEDS)
    assert pairs(found) == {("lead_without_community_path", "x")}
    assert found[0].options == ("pkk", "bidan")
    assert found[0].fix == Msg(
        "actions.fix.lead_without_community_path",
        lead="PT Agro",
        need="Stunting",
        suggestions=["PKK", "Bidan"],
    )
    # No suggestion for the need: the other fix.
    found = check_actors([act("x", lead="pt", need="n3")], m, NEEDS)
    assert found[0].fix.key == "actions.fix.lead_without_community_path_none"
    assert found[0].options == ()


def test_a_community_group_missing_from_reaches_counts_as_reaching() -> None:
    m = replace(MAP, reaches_community={})
    assert pairs(check_actors([act("x", lead="pkk"), act("y", lead="tpk")], m)) == {
        ("lead_without_community_path", "y")
    }


def test_strategy_without_activity() -> None:
    acts = [a for a in ACTIVITIES if a.strategy != "partnership"]
    found = check_strategies(acts)
    assert pairs(found) == {("strategy_without_activity", "partnership")}
    assert found[0].what.fields["strategy"] == Msg("actions.strategy.partnership")
    assert check_strategies(ACTIVITIES) == []


# -- indicators -----------------------------------------------------------------------------


def test_indicator_missing_parts_one_finding_each() -> None:
    bare = ind("b", "objective", "o1", unit="", baseline=None, target=None, target_date=None,
               verification=" ", outcome="quality_of_life")  # fmt: skip
    found = [f for f in check_indicators([bare]) if f.where_id == "b"]
    assert [f.what.fields["part"].key for f in found] == [
        "actions.indicator_part.unit",
        "actions.indicator_part.baseline",
        "actions.indicator_part.target",
        "actions.indicator_part.target_date",
        "actions.indicator_part.verification",
    ]


def test_indicator_no_change_percent_over_100_and_outcomes() -> None:
    inds = [
        ind("same", "objective", "o1", baseline=5, target=5, outcome="kemandirian"),
        ind("pct", "objective", "o1", unit=" % ", baseline=40, target=101),
        ind("ok", "objective", "o1", unit="persen", baseline=40, target=100),
    ]
    found = check_indicators(inds)
    assert pairs(found) == {
        ("indicator_no_change", "same"),
        ("indicator_percent_over_100", "pct"),
        ("outcome_without_indicator", "participation"),
        ("outcome_without_indicator", "quality_of_life"),
    }


# -- dates ----------------------------------------------------------------------------------


def test_dates_end_before_start_and_outside_year() -> None:
    acts = [
        act("back", start=D(2026, 5, 1), end=D(2026, 4, 1)),
        act("late", start=D(2026, 12, 1), end=D(2027, 1, 15)),
        act("early", start=D(2025, 12, 1), end=D(2026, 1, 15)),
        act("fine", start=D(2026, 1, 1), end=D(2026, 12, 31)),
    ]
    found = check_dates(acts, 2026)
    assert pairs(found) == {
        ("end_before_start", "back"),
        ("outside_plan_year", "late"),
        ("outside_plan_year", "early"),
    }
    late = next(f for f in found if f.where_id == "late")
    assert late.what.fields == {
        "activity": "Kegiatan late",
        "start": D(2026, 12, 1),
        "end": D(2027, 1, 15),
        "year": 2026,
    }


# -- codes and references -------------------------------------------------------------------


def test_codes_references_and_negative_numbers() -> None:
    acts = (
        act("c1", strategy="lobbying", source="zakat", sub_bidang="2.9"),
        act("c2", bidang="3", sub_bidang="2.2", objective="o9", cost=-1, dd_focus="blt"),
    )
    p = plan(
        activities=acts,
        indicators=(ind("i9", "activity", "gone"),),
        risks=(Risk("r9", "objective", "o1", "x", 4, 2, ""),),
        objectives=(*OBJECTIVES, Objective("o8", "n7", "stage", "?")),
    )
    found = check_codes(p, BIDANG, ["food_energy"])
    assert pairs(found) == {
        ("unknown_code", "c1"),  # strategy, source, sub_bidang
        ("sub_bidang_mismatch", "c2"),
        ("unknown_reference", "c2"),  # objective o9
        ("negative_number", "c2"),
        ("unknown_code", "c2"),  # dd_focus blt not in the focus list given
        ("unknown_reference", "i9"),
        ("unknown_code", "r9"),  # likelihood 4
        ("unknown_code", "o8"),  # level
        ("unknown_reference", "o8"),  # need n7
    }
    c1 = sorted(f.what.fields["part"].key for f in found if f.where_id == "c1")
    assert c1 == ["actions.part.source", "actions.part.strategy", "actions.part.sub_bidang"]
    mismatch = next(f for f in found if f.check == "sub_bidang_mismatch")
    assert mismatch.fix == Msg(
        "actions.fix.sub_bidang_mismatch", activity="Kegiatan c2", bidang="2"
    )


# -- budget ---------------------------------------------------------------------------------


def test_months_spanned_and_spreading() -> None:
    assert months_spanned(D(2026, 11, 20), D(2027, 2, 1)) == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]
    # 1.000.000 over January-March: 333.333 each and the odd Rupiah to January.
    assert spread_cost(1_000_000, D(2026, 1, 20), D(2026, 3, 3)) == {
        "2026-01": 333_334,
        "2026-02": 333_333,
        "2026-03": 333_333,
    }
    # 11 over 4 months: 3, 3, 3, 2.
    assert spread_cost(11, D(2026, 1, 1), D(2026, 4, 1)) == {
        "2026-01": 3,
        "2026-02": 3,
        "2026-03": 3,
        "2026-04": 2,
    }
    # End before start: all in the start month.
    assert spread_cost(7, D(2026, 5, 9), D(2026, 2, 1)) == {"2026-05": 7}


def test_budget_totals_by_hand() -> None:
    t = budget_totals(ACTIVITIES)
    # a1 10 jt DD, a2 2 jt DD, a3 10 jt ADD, a4 1 jt swadaya, a5 50 jt bankeu (musrenbang)
    assert t.total == 73_000_000
    assert t.by_source == {
        "add": 10_000_000,
        "bankeu_kabupaten": 50_000_000,
        "dana_desa": 12_000_000,
        "swadaya": 1_000_000,
    }
    assert t.by_bidang == {"1": 2_000_000, "2": 70_000_000, "4": 1_000_000}
    assert t.by_strategy == {
        "participatory": 2_000_000,
        "partnership": 1_000_000,
        "support": 60_000_000,
        "training": 10_000_000,
    }
    assert t.by_need == {"n1": 12_000_000, "n2": 11_000_000, "n3": 50_000_000}
    assert t.by_destination == {"musrenbang": 50_000_000, "village_budget": 23_000_000}
    # All run March-April: half of each in each month.
    assert t.by_month == {"2026-03": 36_500_000, "2026-04": 36_500_000}
    assert budget_totals(ACTIVITIES, destination="village_budget").total == 23_000_000


def test_year_rules_applied_and_reported(tmp_path: Path) -> None:
    rules = load_year_rules(verified_rules(tmp_path))
    acts = [
        # BLT: 9.000.000 / (3 KPM x 12 months) = 250.000 per family per month: within the cap
        act("blt", dd_focus="blt", sub_bidang="5.3", bidang="5", poor_households=3,
            start=D(2026, 1, 1), end=D(2026, 12, 31), cost=9_000_000),
        # operating 4.000.000 of a 100.000.000 ceiling = 4% > 3%
        act("ops", bidang="1", sub_bidang="1.1", cost=4_000_000),
        # food security 20.000.000 = 20%: exactly the minimum holds
        act("food", dd_focus="food_energy", cost=20_000_000),
        act("add", bidang="1", sub_bidang="1.1", source="add", cost=50_000_000),  # not DD
    ]  # fmt: skip
    reports = {r.rule.code: r for r in apply_year_rules(acts, rules, {"dana_desa": 100_000_000})}
    assert reports["blt_cap"].ok and reports["blt_cap"].applies == ("blt",)
    ops = reports["operating_cap"]
    assert (ops.ok, ops.spent, ops.limit, ops.base, ops.base_from_ceiling) == (
        False,
        4_000_000,
        3_000_000,
        100_000_000,
        True,
    )
    # The 2025 shares are kept in the file only to say they are not in force in 2026.
    assert "food_security_min" not in reports and "blt_share_cap" not in reports
    assert not rules.rule("food_security_min").in_force
    found = check_year_rules(acts, rules, {"dana_desa": 100_000_000})
    assert pairs(found) == {("rule_over_share", "operating_cap")}
    assert found[0].what.fields["percent"] == 4.0 and found[0].what.fields["share"] == 3
    assert found[0].fix.fields["gap"] == 1_000_000
    # Without a ceiling the base is what the plan takes from Dana Desa: 33 jt; 3% is 990.000.
    assert apply_year_rules(acts, rules)[1].limit == 990_000


def test_blt_over_cap_and_without_households(tmp_path: Path) -> None:
    rules = load_year_rules(verified_rules(tmp_path))
    acts = [
        # 3 KPM x 3 months (Jan-Mar) x 300.000 = 2.700.000; 2.700.001 is over by a Rupiah.
        act("over", dd_focus="blt", poor_households=3, start=D(2026, 1, 5), end=D(2026, 3, 20),
            cost=2_700_001),
        act("none", dd_focus="blt", poor_households=0, cost=1_000_000),
        act("cap", dd_focus="blt", poor_households=3, start=D(2026, 1, 5), end=D(2026, 3, 20),
            cost=2_700_000),
    ]  # fmt: skip
    found = check_year_rules(acts, rules, {"dana_desa": 1_000_000_000})
    assert pairs(found) == {("blt_over_cap", "over"), ("blt_no_households", "none")}
    over = next(f for f in found if f.check == "blt_over_cap")
    assert over.what.fields["per_month"] == 300_001
    assert over.fix.fields["cost_at_cap"] == 2_700_000


def test_unverified_rules_are_flagged_once() -> None:
    rules = load_year_rules(year_rules_path(2026))
    found = check_year_rules([], rules)
    assert pairs(found) == {("year_rules_unverified", "2026")}
    assert found[0].severity == "info"


# -- ceiling --------------------------------------------------------------------------------


def test_select_within_ceiling_leaves_one_out_and_says_why() -> None:
    acts = [
        act("w1", need="n1", cost=60, votes=3),
        act("w2", need="n1", cost=30, votes=9),  # same need, more votes: first
        act("s1", need="n2", cost=20),  # would take the DD total to 110 > 100
        act("s2", need="n2", cost=10, source="add"),
        act("j1", need="n3", cost=5, source="csr"),  # no ceiling for csr
        act("m1", need="n1", cost=999, destination="musrenbang"),  # not weighed
        act("z", need="", cost=5),  # no ranked need: last, still fits
    ]
    sel = select_within_ceiling(acts, {"dana_desa": 100, "add": 50}, NEEDS)
    assert [a.id for a in sel.funded] == ["w2", "w1", "s2", "z"]
    assert [(o.activity.id, o.why.key) for o in sel.left_out] == [
        ("s1", "actions.left_out.over_ceiling"),
        ("j1", "actions.left_out.no_ceiling"),
    ]
    # After w2 (30) and w1 (60) 10 of 100 is left; s1 costs 20: over by 10.
    assert sel.left_out[0].why == Msg(
        "actions.left_out.over_ceiling",
        over=10,
        cost=20,
        remaining=10,
        ceiling=100,
        source=Msg("actions.source.dana_desa"),
    )
    assert sel.left_out[1].why.fields == {"source": Msg("actions.source.csr")}
    assert sel.remaining == {"dana_desa": 5, "add": 40}
    assert [a.id for a in priority_order(acts[:3], NEEDS)] == ["w2", "w1", "s1"]


# -- votes ----------------------------------------------------------------------------------


def test_equal_shares_and_greedy_differ_on_approvals() -> None:
    # Budget Rp100 jt, 10 voters: 6 approve a1 and a2, 4 approve c; each costs Rp50 jt.
    # Greedy (cost satisfaction: most approvals first): a1 (6), a2 (6) fill the budget; c out.
    # MES: each voter holds 10 jt. a1: its 6 supporters pay 50/6 = 8,33 jt each (price per
    # unit of satisfaction 1/6); c: its 4 supporters hold only 40 jt < 50 jt, unaffordable.
    # a1 is bought (a1/a2 tie goes to the smaller id); a1's supporters keep 1,67 jt each, 10 jt
    # together, so a2 is unaffordable: MES stops at {a1}, 50 jt.
    # Completion raises each voter's share in steps of 1% (100.000): at 12,5 jt, c's four
    # supporters hold exactly 50 jt, while a2 would need 6 x (b - 8,33) >= 50, b >= 16,67 jt.
    # So {a1, c} (100 jt), exhaustive: returned. Exact fractions make 4 x 12,5 = 50 hold.
    acts = [act("a1", cost=50_000_000), act("a2", cost=50_000_000), act("c", cost=50_000_000)]
    ballots = {f"v{i}": ["a1", "a2"] for i in range(6)} | {f"w{i}": ["c"] for i in range(4)}
    cmp = compare_allocations(acts, ballots, 100_000_000)
    assert cmp.equal_shares.funded == ("a1", "c")
    assert cmp.greedy.funded == ("a1", "a2")
    assert cmp.only_equal_shares == ("c",) and cmp.only_greedy == ("a2",)
    assert [(r.activity, r.support, r.by_equal_shares, r.by_greedy) for r in cmp.rows] == [
        ("a1", 6, True, True),
        ("a2", 6, False, True),
        ("c", 4, True, False),
    ]
    assert cmp.equal_shares.spent == cmp.greedy.spent == 100_000_000
    assert equal_shares(acts, ballots, 100_000_000) == cmp.equal_shares
    assert greedy(acts, ballots, 100_000_000) == cmp.greedy


def test_equal_shares_and_greedy_differ_on_dots() -> None:
    # Budget 100, 5 voters (20 each). x1-x3 give 3 dots to A (cost 60) and 3 to D (cost 40);
    # y1-y2 give 2 dots to C (cost 40).
    # Greedy by dots per Rupiah: D 9/40 = 0,225, A 9/60 = 0,15, C 4/40 = 0,1: D, then A
    # (100 spent); C does not fit.
    # MES: D costs the x's 40/3 = 13,33 each for 3 dots (4,44 per dot), A would cost them 20
    # each (6,67 per dot), C costs the y's 20 each (10 per dot). D first; the x's keep 6,67
    # each (20 < 60), so A is unaffordable; C next (the y's hold exactly 40). {D, C} leaves 20,
    # where A (60) cannot fit: exhaustive, so completion changes nothing.
    acts = [act("A", cost=60), act("C", cost=40), act("D", cost=40)]
    ballots = {f"x{i}": {"A": 3, "D": 3} for i in range(3)} | {f"y{i}": {"C": 2} for i in range(2)}
    cmp = compare_allocations(acts, ballots, 100)
    assert cmp.dots
    assert cmp.equal_shares.funded == ("C", "D")
    assert cmp.greedy.funded == ("A", "D")
    assert [r.support for r in cmp.rows] == [9, 4, 9]


def test_unvoted_activity_is_not_funded_and_bad_ballots_are_refused() -> None:
    acts = [act("a", cost=10), act("b", cost=10)]
    cmp = compare_allocations(acts, {"v": ["a"]}, 100)
    assert cmp.equal_shares.funded == cmp.greedy.funded == ("a",)
    with pytest.raises(ValidationError) as err:
        compare_allocations(acts, {"v": ["zz"]}, 100)
    assert err.value.value == "zz"
    with pytest.raises(ValidationError):
        compare_allocations(acts, {"v": ["a"], "w": {"a": 2}}, 100)
    with pytest.raises(ValidationError):
        compare_allocations(acts, {"v": ["a"]}, -1)
    with pytest.raises(ValidationError):
        compare_allocations([*acts, act("a")], {"v": ["a"]}, 10)


# -- RACI -----------------------------------------------------------------------------------


def test_raci_lead_partners_and_informed_groups() -> None:
    acts = [
        act("x", lead="tpk", partners=("bidan",)),  # tpk is linked to the group kwt
        act("y", lead="kades", partners=("pkk",)),  # pkk is linked to kades but a partner
        act("z", lead="", partners=("kwt",)),
    ]
    r = raci_matrix(acts, MAP)
    assert [row.roles for row in r.rows] == [
        {"tpk": "RA", "bidan": "C", "kwt": "I"},
        {"kades": "RA", "pkk": "C"},
        {"kwt": "C"},
    ]
    assert r.actors == ("kades", "tpk", "bidan", "pkk", "kwt")  # the map's order
    assert r.names["tpk"] == "TPK"
    # With the village head accountable: lead R, head A; head as lead gets both.
    r = raci_matrix(acts[:2], MAP, accountable="kades")
    assert r.rows[0].roles == {"tpk": "R", "kades": "A", "bidan": "C", "kwt": "I"}
    assert r.rows[1].roles == {"kades": "RA", "pkk": "C"}
    # Per activity, and an actor not on the map is a column after the map's actors.
    r = raci_matrix([act("x", lead="tpk", partners=("ngo",))], MAP, accountable={"x": "bpd"})
    assert r.rows[0].roles == {"tpk": "R", "bpd": "A", "ngo": "C", "kwt": "I"}
    assert r.actors == ("tpk", "kwt", "bpd", "ngo")


# -- tables ---------------------------------------------------------------------------------


def test_rkp_desa_grouped_by_bidang_with_subtotals() -> None:
    acts = [
        act("b", bidang="4", sub_bidang="4.4", cost=3_000_000, mode="kerja_sama_antar_desa"),
        act("a", cost=5_000_000, start=D(2026, 6, 1), end=D(2026, 6, 30)),
        act("c", cost=7_000_000, sub_bidang="2.2", start=D(2026, 7, 1), end=D(2026, 7, 30)),
        act("d", bidang="1", sub_bidang="1.4", cost=1_000_000, lead="kades"),
        act("m", cost=99_000_000, destination="musrenbang"),
    ]
    t = rkp_desa_table(acts)
    assert [(g.code, g.title.id, g.subtotal) for g in t.groups] == [
        ("1", "Penyelenggaraan Pemerintahan Desa", 1_000_000),
        ("2", "Pelaksanaan Pembangunan Desa", 12_000_000),
        ("4", "Pemberdayaan Masyarakat Desa", 3_000_000),
    ]
    assert t.total == 16_000_000 and t.amount_column == "amount"
    # Within bidang 2: sub-bidang 2.2 before 2.4; numbered from 1 in each bidang.
    assert [(r[0], r[1][1]) for r in t.groups[1].rows] == [(1, "Kegiatan c"), (2, "Kegiatan a")]
    row = t.groups[1].rows[1]
    sub = Msg("actions.cell.sub_bidang", code="2.4", name=load_bidang().name("2.4"))
    assert dict(zip(t.column_ids(), row, strict=True)) == {
        "no": 2,
        "activity": (sub, "Kegiatan a"),
        "location": "Dusun I",
        "volume": Msg("actions.cell.volume", amount=100, unit="m"),
        "beneficiaries": Msg(
            "actions.cell.beneficiaries", men=10, women=12, poor_households=4, pkh_families=2
        ),
        "period": Period(D(2026, 6, 1), D(2026, 6, 30)),
        "amount": 5_000_000,
        "source": Msg("actions.source.dana_desa"),
        "swakelola": True,
        "kerja_sama_antar_desa": False,
        "kerja_sama_pihak_ketiga": False,
        "implementer": "",  # the village's own implementer; the lead (TPK) is not it
    }
    assert t.groups[2].rows[0][8:11] == (False, True, False)
    top, bottom = t.header_rows()
    assert [(c.label.key, c.colspan, c.rowspan) for c in top] == [
        ("actions.rkp.no", 1, 2),
        ("actions.rkp.activity", 1, 2),
        ("actions.rkp.location", 1, 2),
        ("actions.rkp.volume", 1, 2),
        ("actions.rkp.beneficiaries", 1, 2),
        ("actions.rkp.period", 1, 2),
        ("actions.rkp.group_cost", 2, 1),
        ("actions.rkp.group_mode", 3, 1),
        ("actions.rkp.implementer", 1, 2),
    ]
    assert [c.label.key for c in bottom] == [
        "actions.rkp.amount",
        "actions.rkp.source",
        "actions.rkp.swakelola",
        "actions.rkp.kerja_sama_antar_desa",
        "actions.rkp.kerja_sama_pihak_ketiga",
    ]
    du = du_rkp_desa_table(acts)
    assert du.title == Msg("actions.table.du_rkp_desa")
    assert [r[1][1] for r in table_rows(du)] == ["Kegiatan m"] and du.total == 99_000_000
    # No delivery mode, no village implementer: the source and the authority asked, the origin.
    assert du.column_ids() == ["priority", "activity", "location", "volume", "beneficiaries",
                               "period", "amount", "source", "authority", "origin"]  # fmt: skip
    assert table_rows(du)[0][7] == Msg("actions.supra.none")  # Dana Desa is no supra source


def test_information_board_totals_by_source() -> None:
    t = information_board(ACTIVITIES)
    # a1 10 jt + a2 2 jt DD; a3 10 jt ADD; a4 1 jt swadaya; a5 goes to the Musrenbang.
    assert [(g.code, g.subtotal, len(g.rows)) for g in t.groups] == [
        ("dana_desa", 12_000_000, 2),
        ("add", 10_000_000, 1),
        ("swadaya", 1_000_000, 1),
    ]
    assert t.total == 23_000_000
    assert t.groups[0].rows[0] == (
        1, "Kegiatan a1", "Dusun I", Msg("actions.cell.volume", amount=100, unit="m"),
        Period(D(2026, 3, 1), D(2026, 4, 30)), 10_000_000, Msg("actions.source.dana_desa"), "",
    )  # fmt: skip


def test_gantt_sorted_by_strategy_then_start() -> None:
    acts = [
        act("t2", strategy="training", start=D(2026, 5, 1), end=D(2026, 5, 2)),
        act("s1", strategy="support", start=D(2026, 1, 1), end=D(2026, 2, 2)),
        act("t1", strategy="training", start=D(2026, 2, 1), end=D(2026, 3, 2)),
        act("p1", strategy="participatory", start=D(2026, 9, 1), end=D(2026, 9, 2)),
    ]
    bars = gantt_rows(acts)
    assert [b.activity for b in bars] == ["p1", "t1", "t2", "s1"]
    assert bars[1].months == ("2026-02", "2026-03")


def test_logframe_levels_indicators_and_assumptions() -> None:
    t = logframe_table(OBJECTIVES, ACTIVITIES, INDICATORS, RISKS, NEEDS)
    assert [g.code for g in t.groups] == ["goal", "purpose", "output", "activity"]
    assert [r[0] for r in t.groups[2].rows] == ["o1", "o2"]
    o1 = t.groups[2].rows[0]
    assert o1[1] == "Pipa air berfungsi"
    assert o1[2] == (
        Msg(
            "actions.cell.indicator",
            name="Indikator i1",
            baseline=10,
            target=20,
            unit="KK",
            date=D(2026, 12, 31),
        ),
    )
    assert o1[3] == ("Survei",)
    assert o1[4] == (
        Msg(
            "actions.cell.assumption",
            risk="Mata air kering",
            likelihood=2,
            impact=3,
            mitigation="Tandon cadangan",
        ),
    )
    # Activities by their objective's place (o1 before o2), then start, then id; a5 has none.
    assert [r[0] for r in t.groups[3].rows] == ["a1", "a2", "a3", "a4", "a5"]
    assert t.groups[3].rows[2][4][0].fields["mitigation"] == "-"


# -- shipped data ---------------------------------------------------------------------------


def test_bidang_list() -> None:
    assert list(BIDANG.bidang) == ["1", "2", "3", "4", "5"]
    assert len(BIDANG.sub_bidang) == 27
    counts = {b: sum(p == b for p, _ in BIDANG.sub_bidang.values()) for b in BIDANG.bidang}
    assert counts == {"1": 5, "2": 8, "3": 4, "4": 7, "5": 3}
    assert (
        BIDANG.sub_bidang["4.4"][1].id == "Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga"
    )
    assert BIDANG.bidang["5"].id == "Penanggulangan Bencana, Keadaan Darurat dan Mendesak Desa"


def test_year_file_2026_loads() -> None:
    rules = load_year_rules(year_rules_path(2026))
    assert rules.year == 2026 and rules.check_before_use
    assert [p.code for p in rules.priorities] == [
        "blt",
        "climate_disaster",
        "health",
        "food_energy",
        "kopdes_merah_putih",
        "padat_karya",
        "digital",
        "other",
    ]
    assert rules.rule("blt_cap").amount == 300_000
    assert rules.rule("operating_cap").share == pytest.approx(0.03)
    assert str(rules.rule("operating_cap").share) == "3/100"  # exact
    # Confirmed for 2026: the BLT cap, the 3% operating cap and PMK 7/2026's Koperasi share.
    assert {r.code for r in rules.rules if r.verified} == {
        "blt_cap", "operating_cap", "kopdes_outside"}  # fmt: skip
    assert {r.code for r in rules.rules if not r.in_force} == {"food_security_min", "blt_share_cap"}
    assert rules.rule("kopdes_outside").share == Fraction(5803, 10000)
    assert rules.rule("pktd_wage_share").share == Fraction(1, 2)
    assert rules.rule("blt_paid_at_once").kind == "note"
    assert all(r.source for r in rules.rules)


def _mutate(data: dict[str, Any], path: str, value: Any) -> None:
    keys = re.findall(r"[^.\[\]]+", path)
    target: Any = data
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is _DELETE:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "named", "shown"),
    [
        ("year", "2026", "year", '"2026"'),
        ("year", 1999, "year", "1999"),
        ("source", _DELETE, "source", ""),
        ("check_before_use", "yes", "check_before_use", '"yes"'),
        ("priorities", [], "priorities", "[]"),
        ("priorities[1].code", "blt", "priorities[1].code", '"blt"'),
        ("priorities[0].name_en", " ", "priorities[0].name_en", '" "'),
        ("rules[0].kind", "max_per_person", "rules[0].kind", '"max_per_person"'),
        ("rules[0].amount", -300000, "rules[0].amount", "-300000"),
        ("rules[0].amount", 300000.5, "rules[0].amount", "300000.5"),
        ("rules[1].share", 3, "rules[1].share", "3"),
        ("rules[1].share", True, "rules[1].share", "true"),
        ("rules[1].of", "dana_bos", "rules[1].of", '"dana_bos"'),
        ("rules[1].verified", _DELETE, "rules[1].verified", ""),
        (
            "rules[2].applies_to",
            {"dd_focus": ["pangan"]},
            "rules[2].applies_to.dd_focus",
            '"pangan"',
        ),
        ("rules[2].applies_to", {"dusun": ["I"]}, "rules[2].applies_to.dusun", '"dusun"'),
        ("rules[3].code", "blt_cap", "rules[3].code", '"blt_cap"'),
    ],
)
def test_bad_year_file_is_refused_naming_field_and_value(
    tmp_path: Path, path: str, value: Any, named: str, shown: str
) -> None:
    data = json.loads(year_rules_path(2026).read_text(encoding="utf-8"))
    _mutate(data, path, value)
    bad = tmp_path / "dana_desa_2027.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_year_rules(bad)
    assert err.value.field == Msg("field.actions.data_file", file=bad.name, path=named)
    assert err.value.fields["value"] == shown


def test_year_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "dana_desa_2027.json"
    bad.write_text('{"year": 2027,', encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_year_rules(bad)
    assert err.value.key == "error.file_format"
    with pytest.raises(ValidationError):
        load_year_rules(tmp_path / "missing.json")


def test_bad_bidang_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bidang.csv"
    bad.write_text("code,bidang_code,name_id,name_en\n1,,A,A\n1.1,1,B,B\n1.1,1,C,C\n")
    with pytest.raises(ValidationError) as err:
        load_bidang(bad)
    assert err.value.value == "1.1"
    assert err.value.field.fields["path"] == "line 4: code"


# -- the demo plan --------------------------------------------------------------------------


def test_demo_plan_shows_each_gap_where_it_says() -> None:
    rules = load_year_rules(year_rules_path(2026))
    found = check_plan(demo_plan.PLAN, rules=rules, ceilings=demo_plan.CEILINGS, top_n=5)
    assert set(demo_plan.GAPS.items()) <= pairs(found)
    assert {f.check for f in found} == set(demo_plan.GAPS)
    assert {a.strategy for a in demo_plan.ACTIVITIES} == {
        "participatory",
        "training",
        "partnership",
        "support",
    }
    sel = select_within_ceiling(demo_plan.ACTIVITIES, demo_plan.CEILINGS, demo_plan.NEEDS)
    why = {o.activity.id: o.why.key for o in sel.left_out}
    assert why["a08"] == "actions.left_out.no_ceiling"
    assert "actions.left_out.over_ceiling" in why.values()
    cmp = compare_allocations(demo_plan.candidates(), demo_plan.BALLOTS, demo_plan.VOTE_BUDGET)
    assert cmp.equal_shares.funded != cmp.greedy.funded
    assert cmp.equal_shares.spent <= demo_plan.VOTE_BUDGET
    assert cmp.greedy.spent <= demo_plan.VOTE_BUDGET


# -- catalogue keys -------------------------------------------------------------------------

LOCALES = Path(__file__).resolve().parents[2] / "planning/actions/locales"
_HOLE = re.compile(r"{(\w+)}")


def documented_keys() -> dict[str, set[str]]:
    """Give every key of the stage's catalogues with the fields its words fill in."""
    words = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))
    return {key: set(_HOLE.findall(text)) for key, text in words.items()}


def _msgs(value: Any) -> list[Msg]:
    if isinstance(value, Msg):
        return [value, *(m for v in value.fields.values() for m in _msgs(v))]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _msgs(v)]
    return []


def test_every_msg_key_is_in_the_catalogue_with_its_fields() -> None:
    """Has every key the methods make words in the catalogue, each of its {fields} given?"""
    keys = documented_keys()
    rules = load_year_rules(year_rules_path(2026))
    p = demo_plan.PLAN
    made: list[Msg] = []
    for f in check_plan(p, rules=rules, ceilings=demo_plan.CEILINGS):
        made += _msgs([f.what, f.fix])
    made += _msgs([o.why for o in select_within_ceiling(p.activities, {}, p.needs).left_out])
    made += _msgs(
        [o.why for o in select_within_ceiling(p.activities, {"dana_desa": 1}, p.needs).left_out]
    )
    tables = [
        logframe_table(p.objectives, p.activities, p.indicators, p.risks, p.needs),
        rkp_desa_table(p.activities, left_out=[(p.activities[0], Msg("actions.rkp.not_funded"))]),
        du_rkp_desa_table(p.activities),
        information_board(p.activities),
        board_totals(p.activities),
    ]
    for t in tables:
        made.append(t.title)
        made += _msgs([c.label for c in t.columns] + [c.group for c in t.columns if c.group])
        made += _msgs([g.title for g in t.groups if isinstance(g.title, Msg)])
        made += _msgs(list(table_rows(t)))
    for bad in (check_strategies([]), check_indicators([])):
        made += _msgs([m for f in bad for m in (f.what, f.fix)])
    missing = {m.key for m in made} - set(keys)
    assert not missing
    for m in made:
        assert keys[m.key] <= set(m.fields), m.key


def test_every_code_has_a_label_key() -> None:
    from planning.actions.methods import vocab

    keys = documented_keys()
    groups = {
        "strategy": vocab.STRATEGIES,
        "outcome": vocab.OUTCOMES,
        "source": vocab.FUNDING_SOURCES,
        "mode": vocab.MODES,
        "destination": vocab.DESTINATIONS,
        "status": vocab.STATUSES,
        "level": (*vocab.LEVELS, "activity"),
    }
    for group, codes in groups.items():
        for code in codes:
            assert vocab.label_key(group, code) in keys
