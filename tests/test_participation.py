"""Participation: who contributed to each step, against their share of the room."""

from __future__ import annotations

import pytest

from planning import widgets
from planning.participation import credit, flags, participation, participation_frame
from planning.records import Participant
from planning.sections import participation as participation_section


def room(women: int, men: int) -> list[Participant]:
    people = [Participant(id=f"w{i}", name=f"W{i}", gender="female") for i in range(women)]
    return people + [Participant(id=f"m{i}", name=f"M{i}", gender="male") for i in range(men)]


def test_is_a_third_of_the_room_with_a_tenth_of_the_inputs_flagged():
    """Are women flagged when they are 4 of 12 in the room but give 1 of 10 inputs?"""
    df = participation_frame(room(4, 8), {"needs": ["w0"] + ["m1"] * 9})
    (flag,) = [f for f in flags(df) if f.dimension == "gender"]
    assert (flag.category, flag.people, flag.room, flag.inputs, flag.total_inputs) == (
        "female",
        4,
        12,
        1,
        10,
    )


def test_is_a_fair_share_not_flagged():
    """Is nobody flagged when each gender gives its share of the inputs?"""
    df = participation_frame(room(4, 8), {"dot_votes": ["w0", "w1", "m0", "m1", "m2", "m3"]})
    assert not [f for f in flags(df) if f.dimension == "gender"]


def test_is_a_small_group_never_flagged():
    """Is a category under a tenth of the room left unflagged (too few to compare)?"""
    df = participation_frame(room(1, 11), {"needs": ["m0"] * 10})
    assert not [f for f in flags(df) if f.dimension == "gender"]


def test_is_each_input_credited_to_its_participant(ws):
    """Is a dot vote credited to its voter and a need to whoever entered it?"""
    ani = ws.add("participants", name="Ani", gender="female")
    ws.add("participants", name="Budi", gender="male")
    need = ws.add("needs", title="Air bersih", by="Budi")
    vote = ws.add("dot_votes", participant=ani.id, need=need.id, dots=2)
    people = ws.records("participants")
    assert credit([need, vote], people) == [people[1].id, ani.id]


def test_does_the_workshop_count_every_step(ws):
    """Are the needs and the dots of a small workshop counted per step?"""
    ani = ws.add("participants", name="Ani", gender="female", poor_household=True)
    budi = ws.add("participants", name="Budi", gender="male")
    ws.add("participants", name="Cici", gender="female")
    need = ws.add("needs", title="Air", by="Budi")
    ws.add("needs", title="Jalan", by="Budi")
    ws.add("dot_votes", participant=ani.id, need=need.id, dots=1)
    ws.add("dot_votes", participant=budi.id, need=need.id, dots=1)
    df, found = participation(ws)
    needs = df[(df.step == "needs") & (df.dimension == "gender")].set_index("category")
    assert needs.loc["male", "inputs"] == 2 and needs.loc["female", "inputs"] == 0
    assert any(f.step == "needs" and f.category == "female" for f in found)


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_are_names_never_shown_and_typed_text_escaped(ws, payload):
    """Does the section name nobody and show a typed dusun as text?"""
    ani = ws.add("participants", name="Ani Rahasia", gender="female", dusun=payload, pkh=True)
    need = ws.add("needs", title="Air", by="Ani Rahasia")
    ws.add("dot_votes", participant=ani.id, need=need.id, dots=1)
    for _ in range(9):
        ws.add("participants", name=f"Laki {_}", gender="male", dusun="Krajan")
    html = participation_section(ws, "en")._repr_html_()
    panel = widgets.ParticipationPanel(ws)
    for shown in (html, panel.html):
        assert "Ani Rahasia" not in shown and payload not in shown
    assert "Who contributed" in html
