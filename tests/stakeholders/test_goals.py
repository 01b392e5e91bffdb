"""Net-Map's goals: what each actor wants on an influence question, in the group's words,
several per actor; imported, entered in the panel and the room, shown on the map and handout."""

from __future__ import annotations

from pathlib import Path

from planning import create_workshop, open_workshop, widgets
from planning.io import import_file
from planning.stakeholders.assessment import analyse
from planning.stakeholders.room import goals_form
from planning.stakeholders.sections import stakeholder_map


def _map(ws):
    ws.add("influence_questions", name="Air bersih", question="Siapa berpengaruh pada air?")
    ws.add("stakeholders", name="PDAM", sector="government")
    ws.add("stakeholders", name="PKK", sector="community_group")


def test_does_an_import_give_several_goals_to_one_actor(ws, tmp_path: Path):
    """Does a CSV of goals (Indonesian headings) give one actor several goals on a question,
    and the map's result list them in the order entered?"""
    _map(ws)
    file = tmp_path / "tujuan_aktor.csv"
    file.write_text(
        "aktor,pertanyaan,tujuan\n"
        "PDAM,Air bersih,Pelanggan baru yang membayar\n"
        "PDAM,Air bersih,Pipa tidak bocor\n"
        "PKK,Air bersih,Tidak membeli air dari tangki\n",
        encoding="utf-8",
    )
    assert import_file(ws, file)["goals"]["added"] == 3
    a = analyse(ws)
    pdam = ws.find("stakeholders", "PDAM").id
    question = ws.find("influence_questions", "Air bersih").id
    assert a.goals[pdam][question] == ("Pelanggan baru yang membayar", "Pipa tidak bocor")
    assert import_file(ws, file)["goals"]["added"] == 0  # a re-import adds no duplicates


def test_does_the_goal_form_add_and_the_map_and_handout_show_goals(ws):
    """Does the form add a goal (escaped where shown), and do the map's notes and the
    handout show it beside its actor?"""
    _map(ws)
    form = widgets.GoalForm(ws)
    form.fill(stakeholder="PDAM", question="Air bersih", goal="Air <b>lancar</b>")
    form.add()
    form.fill(stakeholder="PDAM", question="Air bersih", goal="Tagihan dibayar")
    form.add()
    assert "PDAM: Tagihan dibayar" in form.status
    assert "Air &lt;b&gt;lancar&lt;/b&gt;; Tagihan dibayar" in form.table
    notes = widgets.StakeholderMap(ws).notes
    assert "PDAM (Air bersih): Air &lt;b&gt;lancar&lt;/b&gt;; Tagihan dibayar" in notes
    text = str(stakeholder_map(ws, "en"))
    assert "What the actors want (goals)" in text and "Tagihan dibayar" in text


def test_does_a_trainee_place_a_goal_in_the_room(tmp_path: Path):
    """Is goals a room step whose trainee form adds the trainee's goal?"""
    from planning.room import state

    path = tmp_path / "room.sqlite"
    ws = create_workshop(path, title="Lokakarya", language="id")
    _map(ws)
    ws.add("participants", name="Siti")
    assert "goals" in [s.name for s in state.all_steps()]
    phone_ws = open_workshop(path, by="Siti", role="trainee")
    try:
        phone = goals_form(phone_ws, "Siti")
        phone.fill(stakeholder="PKK", question="Air bersih", goal="Air dekat rumah")
        phone.add()
    finally:
        phone_ws.close()
    (goal,) = ws.records("goals")
    assert goal.goal == "Air dekat rumah" and goal.entered_by == "Siti"
    ws.close()


def test_do_goals_go_with_their_actor_and_question(ws):
    """Does removing an actor, or a question, remove its goals in the same change?"""
    _map(ws)
    for goal in ("Pelanggan baru", "Pipa baik"):
        ws.add("goals", stakeholder="PDAM", question="Air bersih", goal=goal)
    ws.add("goals", stakeholder="PKK", question="Air bersih", goal="Air dekat")
    from planning.stakeholders import commands

    commands.remove(ws, "stakeholders", ws.find("stakeholders", "PDAM").id)
    assert [g.goal for g in ws.records("goals")] == ["Air dekat"]
    commands.remove(ws, "influence_questions", ws.find("influence_questions", "Air bersih").id)
    assert ws.records("goals") == []


def test_does_the_drawn_map_flag_each_actor_holding_goals(ws):
    """On the projector's and the handout's map, each actor holding goals on the question drawn
    carries a flag with its count (goals on another question do not count), the legend says so
    in words, and the handout's map says it in its alt text; the drag map flags them too."""
    from planning.stakeholders.assessment import positions
    from planning.stakeholders.charts import analysis_plan, map_figure
    from planning.stakeholders.sections import map_drawing

    _map(ws)
    ws.add("stakeholders", name="BPD", sector="village_government")
    ws.add("influence_questions", name="Jalan", question="Siapa berpengaruh pada jalan?")
    for goal in ("Pelanggan baru", "Pipa baik"):
        ws.add("goals", stakeholder="PDAM", question="Air bersih", goal=goal)
    ws.add("goals", stakeholder="PKK", question="Air bersih", goal="Air dekat")
    ws.add("goals", stakeholder="BPD", question="Jalan", goal="Jalan diaspal")
    a = analyse(ws, "Air bersih")
    for size in ("panel", "handout"):
        fig = map_figure(analysis_plan(a, positions(ws, a), size=size), lang="en")
        flags = [x for ax in fig.axes for x in ax.get_children() if x.get_gid() == "goal"]
        counts = sorted(
            x.get_text() for ax in fig.axes for x in ax.texts if x.get_gid() == "goal-count"
        )
        words = [
            x.get_text() for ax in fig.axes if ax.get_legend() for x in ax.get_legend().get_texts()
        ]
        assert len(flags) == 2 and counts == ["1", "2"]
        assert any("yellow flag: the actor holds goals" in w.replace("\n", " ") for w in words)
    plain = analysis_plan(analyse(ws, "Jalan"), positions(ws, a), size="handout")
    assert [(n.label, n.goals) for n in plain.nodes if n.goals] == [("BPD", 1)]
    assert "2 actors carry a yellow flag" in map_drawing(ws, "en", a)
    assert "2 actors carry a yellow flag" in str(stakeholder_map(ws, "en"))  # the handout
    assert widgets.DragMap(ws).flags == {"PDAM": 2, "PKK": 1}
