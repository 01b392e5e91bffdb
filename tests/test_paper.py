"""Paper counted too: a paper tally counts in the results and the participation alike."""

from __future__ import annotations

import pytest

from planning import stages
from planning.errors import PlanningError, RightsError
from planning.influence import influence
from planning.paper import PaperGroup, paper_tally
from planning.participation import participation
from planning.store import open_workshop
from tests.plans import add_activity


@pytest.fixture
def room(ws):
    """Two needs, one activity, two people with a phone who put their dots and vote."""
    for name, gender in (("Ani", "female"), ("Budi", "male")):
        ws.add("participants", name=name, gender=gender)
    ws.add("needs", title="Water", proposed_by="Ani")
    ws.add("needs", title="Road", proposed_by="Budi")
    ws.add("dot_votes", participant="Ani", need="Water", dots=2)
    ws.add("dot_votes", participant="Budi", need="Road", dots=3)
    ws.put_many("plan_settings", [{"setting": "year", "value": "2026"}])
    add_activity(ws, "Pipes", "Water")
    ws.add("activity_votes", participant="Ani", activity="Pipes", votes=1)
    return ws


def dots(ws) -> dict[str, int]:
    found = stages.result(ws, "needs").results["dots"]
    titles = {n.id: n.title for n in ws.records("needs")}
    return {titles[need]: int(score) for need, score in found.scores().items()}


def test_does_a_paper_group_raise_the_dots_and_the_participation(room):
    """Do 8 dots on paper from 4 women (2 of them youth) raise the needs' dots by 8, and count
    4 more women in the room and their dots among the inputs?"""
    before = dots(room)
    group = PaperGroup("Ibu-ibu RT 3", {("female", "youth"): 2, ("female", "adult"): 2})
    paper_tally(room, "dot_votes", {"Water": 6, "Road": 2}, group=group)
    after = dots(room)
    assert after["Water"] == before["Water"] + 6 and after["Road"] == before["Road"] + 2
    df, _ = participation(room)
    women = df[(df.step == "dot_votes") & (df.dimension == "gender") & (df.category == "female")]
    assert (
        int(women["people"].iloc[0]) == 5 and int(women["inputs"].iloc[0]) == 1 + 6
    )  # Ani's, and 6 shares
    share = influence(room).decision("dots").share("gender", "female")
    assert share.given == 2 + 8 and share.total == 13
    assert len(room.history()[-1:]) == 1  # one change: undone at once
    room.undo()
    assert dots(room) == before and len(room.records("participants")) == 2


def test_does_a_named_paper_tally_add_to_the_votes(room):
    """Does a paper tally for Budi's vote add to the activity's vote total and his inputs?"""
    paper_tally(room, "activity_votes", {"Pipes": 1}, people=["Budi"])
    votes = {v.participant: v.votes for v in room.records("activity_votes")}
    assert sum(votes.values()) == 2
    found = influence(room).decision("activity_votes")
    assert found.total == 2
    df, _ = participation(room)
    step = df[(df.step == "activity_votes") & (df.dimension == "gender")]
    assert int(step["total_inputs"].iloc[0]) == 2


def test_are_a_paper_voters_never_named_in_a_handout(room):
    """Are the members of an anonymous paper group stored without consent to be named?"""
    paper_tally(
        room, "dot_votes", {"Water": 1}, group=PaperGroup("Kelompok", {("male", "elder"): 1})
    )
    assert not [p for p in room.records("participants") if p.consent]


def test_is_a_trainee_refused(room):
    """Does the store refuse a paper tally from a trainee's workshop, writing nothing?"""
    trainee = open_workshop(room.url, by="Ani", role="trainee")
    before = len(room.history())
    try:
        with pytest.raises(RightsError):
            paper_tally(trainee, "dot_votes", {"Water": 1}, people=["Budi"])
        with pytest.raises(RightsError):
            paper_tally(
                trainee, "dot_votes", {"Water": 1}, group=PaperGroup("X", {("male", "adult"): 1})
            )
    finally:
        trainee.close()
    assert len(room.history()) == before


@pytest.mark.parametrize(
    ("counts", "words"),
    [({"Water": "lots"}, "lots"), ({"Well": 1}, "Well")],
)
def test_is_a_bad_tally_refused_with_one_message(room, counts, words):
    """Is a count that is not a number, or an unknown need, refused, naming it, writing nothing?"""
    before = len(room.history())
    with pytest.raises(PlanningError) as info:
        paper_tally(room, "dot_votes", counts, people=["Budi"])
    assert words in info.value.message("en")
    assert len(room.history()) == before


def test_are_too_many_dots_refused(room):
    """Is a tally over the dot budget of its people refused by the dots' own rule?"""
    with pytest.raises(PlanningError):
        paper_tally(room, "dot_votes", {"Water": 40}, group=PaperGroup("X", {("male", "adult"): 2}))
    assert len(room.records("participants")) == 2


def test_does_the_facilitators_panel_store_a_group_tally(room):
    """Does the paper panel store a group's dots, counted in the results, and say so?"""
    from planning import widgets

    panel = widgets.PaperTallyPanel(room)
    before = dots(room)
    panel.fill(
        kind="dot_votes",
        source="group",
        group="Ibu-ibu RT 3",
        composition={("female", "adult"): 3},
        counts={"Water": 4, "Road": 2},
    )
    panel.save()
    assert "stored" in panel.status
    assert dots(room)["Water"] == before["Water"] + 4
    assert len(room.records("participants")) == 5


def test_does_the_panel_refuse_a_group_without_a_name(room):
    """Is a group with no name refused with one message, nothing written?"""
    from planning import widgets

    panel = widgets.PaperTallyPanel(room)
    panel.fill(
        kind="dot_votes", source="group", composition={("male", "adult"): 1}, counts={"Water": 1}
    )
    before = len(room.history())
    panel.save()
    assert "Name of the paper group" in panel.status and len(room.history()) == before
