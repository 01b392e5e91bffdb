"""The tallest influence tower is the workshop's setting (1 to 20, 5 unless set): the store
refuses a taller tower from the panel, a phone and an import, and every label says the range."""

from __future__ import annotations

from pathlib import Path

import pytest

from planning import create_workshop, open_workshop, widgets
from planning.errors import PlanningError, ValidationError
from planning.io import import_file
from planning.stakeholders import commands
from planning.stakeholders.room import towers_form
from planning.stakeholders.sections import stakeholder_actors
from planning.stakeholders.views import grid_html


def _map(ws):
    ws.add("influence_questions", name="Air bersih", question="Siapa berpengaruh pada air?")
    for name in ("PDAM", "PKK"):
        ws.add("stakeholders", name=name, sector="government")


def test_does_a_top_of_ten_allow_eight_and_five_refuse_a_new_eight(ws):
    """Set to 10, a tower of 8 is stored; set back to 5, a new 8 is refused naming the field,
    the value and the range, while the stored 8 stays and may come down."""
    _map(ws)
    assert commands.set_tower_top(ws, "10") == 10
    assert commands.set_tower(ws, "PDAM", "Air bersih", 8).height == 8
    assert commands.set_tower_top(ws, 5) == 5
    with pytest.raises(ValidationError) as caught:
        commands.set_tower(ws, "PKK", "Air bersih", 8)
    assert caught.value.message("en") == (
        "Tower height: '8' is not allowed. Allowed: a whole number from 0 to 5."
    )
    assert [t.height for t in ws.records("influence")] == [8]  # nothing lost, nothing added
    assert commands.step_tower(ws, "PDAM", "Air bersih", -1) == 7  # an old tower comes down
    assert commands.step_tower(ws, "PDAM", "Air bersih", 1) is None  # but grows no taller


@pytest.mark.parametrize("value", ["0", "21", "tinggi"])
def test_is_a_bad_top_refused_with_a_clear_message(ws, value):
    """A top outside 1 to 20 gets one message naming the setting, the value and the range."""
    with pytest.raises(PlanningError) as caught:
        commands.set_tower_top(ws, value)
    text = caught.value.message("en")
    assert "Tallest influence tower" in text and value in text and "20" in text
    assert ws.records("plan_settings") == []


def test_do_the_panel_and_handout_labels_follow_the_top(ws):
    """The tally says 0 to the top and draws that many blocks, its + stops at the top, and the
    handout and grid say the range; the facilitator's chooser sets it."""
    _map(ws)
    panel = widgets.InfluenceTowers(ws)
    panel.set_top(10)
    assert commands.workshop_tower_top_of(ws) == 10 and "Towers may now be up to 10" in panel.status
    panel.refresh(frozenset({"plan_settings"}))
    assert "0 to 10 blocks" in panel._summary.value
    assert panel.count_html("x", 3).count("planning-tower-block") == 10
    for _ in range(11):
        panel.step(ws.find("stakeholders", "PKK").id, 1)
    assert panel.height("PKK") == 10 and "already at 10" in panel.status
    assert "(0-10)" in str(stakeholder_actors(ws, "en"))
    from planning.stakeholders.assessment import analyse

    assert "(0-10)" in grid_html(analyse(ws), "en")
    assert "0-5" not in str(stakeholder_actors(ws, "en")).replace("Interest is scored 0-5", "")


def test_does_the_store_refuse_a_taller_tower_from_a_phone_and_an_import(tmp_path: Path):
    """A trainee's tap past the top changes nothing, and a trainee cannot change the top; an
    import of a tower above it is refused and stores nothing."""
    path = tmp_path / "room.sqlite"
    ws = create_workshop(path, title="Lokakarya", language="id")
    _map(ws)
    ws.add("participants", name="Siti")
    commands.set_tower_top(ws, 3)
    phone_ws = open_workshop(path, by="Siti", role="trainee")
    try:
        phone = towers_form(phone_ws, "Siti")
        for _ in range(5):
            phone.step(phone_ws.find("stakeholders", "PKK").id, 1)
        assert phone.height("PKK") == 3 and "sudah setinggi 3" in phone.status
        with pytest.raises(ValidationError):  # straight to the store: refused there too
            phone_ws.step("influence", 1, stakeholder="PKK", question="Air bersih")
        with pytest.raises(PlanningError):
            commands.set_tower_top(phone_ws, 10)
    finally:
        phone_ws.close()
    assert [t.height for t in ws.records("influence")] == [3]
    file = tmp_path / "menara.csv"
    file.write_text("aktor,pertanyaan,tinggi\nPDAM,Air bersih,4\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_file(ws, file)
    assert all(w in caught.value.message("id") for w in ("Tinggi menara", "4", "3"))
    assert [t.height for t in ws.records("influence")] == [3]
    ws.close()
