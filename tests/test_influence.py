"""Influence: whose needs, whose votes, whose plan, against the women's target."""

from __future__ import annotations

import json

import pytest

from planning import widgets
from planning.cli import main
from planning.influence import HIDDEN, influence, influence_part
from planning.sections import influence as influence_section
from tests.plans import add_activity

WOMEN = [f"Ibu {c}" for c in "ABCDE"]
MEN = [f"Pak {c}" for c in "FGHIJ"]


@pytest.fixture
def village(ws):
    """The hand-worked case: 10 participants (5 women); 8 needs of which women proposed 1;
    dots on the needs; 4 activities (women proposed 1), votes, and a Dana Desa ceiling that
    funds 3 of them (the women's among them: Rp40 juta of Rp100 juta)."""
    for i, name in enumerate(WOMEN + MEN):
        ws.add(
            "participants",
            name=name,
            gender="female" if name in WOMEN else "male",
            dusun="Krajan" if i % 2 else "Cibodas",
            poor_household=i < 3,  # 3 poor households: under 5, never shown
        )
    proposers = [WOMEN[0], *MEN, MEN[0], MEN[1]]
    for i, who in enumerate(proposers):
        ws.add("needs", title=f"Need {i + 1}", proposed_by=who)
    # Dots: every man puts 2 on need 2 and 1 on need 3; every woman 1 on need 1.
    for name in MEN:
        ws.add("dot_votes", participant=name, need="Need 2", dots=2)
        ws.add("dot_votes", participant=name, need="Need 3", dots=1)
    for name in WOMEN:
        ws.add("dot_votes", participant=name, need="Need 1", dots=1)
    ws.put_many("plan_settings", [{"setting": "year", "value": "2026"}])
    plan = [
        ("Clean water pipes", "Need 2", "30.000.000", MEN[0]),
        ("Farm road", "Need 3", "30.000.000", MEN[1]),
        ("Women's savings group", "Need 1", "40.000.000", WOMEN[0]),
        ("Street lights", "Need 2", "500.000.000", MEN[2]),
    ]
    for title, need, cost, who in plan:
        add_activity(ws, title, need, cost=cost, by=who)
    for name in WOMEN + MEN:
        ws.add("activity_votes", participant=name, activity="Clean water pipes", votes=1)
    ws.add("activity_votes", participant=WOMEN[0], activity="Women's savings group", votes=1)
    ws.add("ceilings", source="dana_desa", amount="250.000.000")  # the village plans 42% of it
    return ws


def test_does_the_hand_worked_case_follow_women_from_proposal_to_funding(village):
    """Do the shares along the path say what the hand count says, and is each decision under
    40% flagged with its counts?"""
    found = influence(village)
    women = {d.key: d.share("gender", "female") for d in found.decisions if d.total}
    counts = {key: (s.given, s.total) for key, s in women.items()}
    assert counts["needs_proposed"] == (1, 8)
    assert counts["dots"] == (5, 20)
    assert counts["activities_proposed"] == (1, 4)
    assert counts["activities_funded"] == (1, 3)
    assert women["activities_funded"].amount == 40_000_000
    assert found.decision("activities_funded").total_amount == 100_000_000
    assert counts["activity_votes"] == (6, 11)  # 55%: not short
    short = {s.decision: (s.given, s.total, s.people, s.room) for s in found.shortfalls}
    assert short["needs_proposed"] == (1, 8, 5, 10)
    assert short["activities_funded"] == (1, 3, 5, 10)
    assert "activity_votes" not in short


def test_does_the_summary_json_report_the_path_and_the_shortfalls(village, capsys):
    """Does `planning summary --json` carry each share along the path and each shortfall?"""
    assert main(["summary", village.url.removeprefix("sqlite:///"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["influence"]
    assert data["target"] == 40 and data["room"] == 10 and data["women"] == 5
    path = {step["decision"]: step for step in data["women_path"]}
    assert (path["needs_proposed"]["given"], path["needs_proposed"]["total"]) == (1, 8)
    funded = path["activities_funded"]
    assert (funded["given"], funded["total"]) == (1, 3)
    assert (funded["amount"], funded["total_amount"]) == (40_000_000, 100_000_000)
    short = {s["decision"]: s for s in data["shortfalls"]}
    assert short["needs_proposed"]["given"] == 1 and short["needs_proposed"]["total"] == 8
    assert short["needs_proposed"]["women"] == 5 and short["needs_proposed"]["room"] == 10


def test_does_the_readable_summary_say_the_path_in_words(village, capsys):
    """Does `planning summary` say the women's path in plain words, with the money?"""
    assert main(["summary", village.url.removeprefix("sqlite:///")]) == 0
    out = capsys.readouterr().out
    assert "Women proposed 1 of 8 needs;" in out
    assert "1 of 4 activities; 1 of 3 funded activities (Rp40 million of Rp100 million)" in out
    assert "Needs proposed: women have 1 of 8 (12%), under the 40% target" in out


def test_does_the_panel_show_the_path_and_the_shortfalls(village):
    """Does the participation panel show the path and each shortfall with its counts, and
    leave the three poor households out (as "< 5" in the summary's data), never a share?"""
    html = widgets.ParticipationPanel(village).html
    assert "Women proposed 1 of 8 needs" in html
    assert "Needs proposed: women have 1 of 8 (12%), under the 40% target" in html
    assert "Poor households" not in html
    data = influence_part(village)
    for decision in data["decisions"].values():
        assert decision["by"]["poor_household"]["True"] == {"people": HIDDEN}


def test_is_the_target_a_setting(village):
    """Does a 10% target leave the needs proposed (12%) unflagged?"""
    village.put_many("plan_settings", [{"setting": "women_target", "value": "10"}])
    found = influence(village)
    assert found.target == 10
    assert "needs_proposed" not in {s.decision for s in found.shortfalls}


def test_is_a_bad_target_refused_with_one_message(village):
    """Is a target over 100 refused, naming the setting and what is allowed?"""
    from planning.errors import PlanningError

    with pytest.raises(PlanningError) as info:
        village.put_many("plan_settings", [{"setting": "women_target", "value": "140"}])
    words = info.value.message("en")
    assert "140" in words and "Women's share" in words


def test_are_groups_under_five_never_shown_as_a_share(ws):
    """With 3 women in a room of 8, is no share of women shown, only that too few came?"""
    for i in range(8):
        ws.add("participants", name=f"P{i}", gender="female" if i < 3 else "male")
    ws.add("needs", title="Water", proposed_by="P0")
    ws.add("needs", title="Road", proposed_by="P5")
    data = influence_part(ws)
    assert data["women"] == HIDDEN and not data["women_path"] and data["too_few_women"]
    assert data["decisions"]["needs_proposed"]["by"]["gender"]["female"] == {"people": HIDDEN}
    html = influence_section(ws, "en")._repr_html_()
    assert "Fewer than 5 women" in html and "50%" not in html
    assert "Women proposed" not in html


def test_does_the_handout_count_poor_households_only_in_groups_of_five(village):
    """Does the handout leave the poor households out while they are 3, and show their shares
    once they are 5 (and the rest of the room 5), never who they are?"""
    html = influence_section(village, "id")._repr_html_()
    assert "Perempuan mengusulkan 1 dari 8 kebutuhan" in html
    assert "Rumah tangga miskin" not in html
    for name in ("Ibu D", "Ibu E"):
        village.edit("participants", village.find("participants", name).id, poor_household=True)
    html = influence_section(village, "en")._repr_html_()
    row = html.split("Needs proposed</td>", 1)[1].split("</tr>", 1)[0]
    # The 5 poor households (Ibu A to Ibu E) proposed 1 of 8 needs.
    assert "1 of 8 (12%; room 50%)" in row
    for name in WOMEN + MEN:
        assert name not in html


def test_is_a_poor_household_count_hidden_when_the_rest_are_few(ws):
    """In a room of 7 with 5 poor households, would a count of the other 2 point at them? It is
    hidden: both sides must be at least 5."""
    for i in range(7):
        gender = "female" if i % 2 else "male"
        ws.add("participants", name=f"P{i}", gender=gender, poor_household=i < 5)
    ws.add("needs", title="Water", proposed_by="P0")
    data = influence_part(ws)
    assert data["decisions"]["needs_proposed"]["by"]["poor_household"]["True"] == {"people": HIDDEN}


def test_does_the_facilitators_view_list_the_shortfalls(village):
    """Does the facilitator's view say, folded, each decision under the target with counts?"""
    view = widgets.FacilitatorView(village)
    try:
        assert "under the 40% target" in view.findings
        assert "Needs proposed: women have 1 of 8 (12%)" in view.findings
    finally:
        view.close_panel()


def test_is_a_decision_credited_to_nobody_no_shortfall(village):
    """Are the pairs the facilitator typed for the group (credited to nobody) left unflagged?"""
    village.add("pairwise", need_a="Need 1", need_b="Need 2", winner="Need 2")
    found = influence(village)
    assert found.decision("pairwise").total == 1
    assert "pairwise" not in {s.decision for s in found.shortfalls}
