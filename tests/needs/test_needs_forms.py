"""The needs stage's forms on a trainee's workshop: they hold no control that acts for someone
else, and what a trainee enters is theirs (planning.widgets.forms, STYLE.md "Rights live where
the write happens")."""

from __future__ import annotations

import ipywidgets as w
import pytest

from planning import open_workshop
from planning.errors import PlanningError
from planning.needs.records import DotVote, Need

# --- a trainee's workshop --------------------------------------------------------------------


@pytest.fixture
def trainee(ws):
    """Ani's workshop as the trainees' page opens it, with Budi in the room too."""
    ws.add("participants", name="Ani")
    ws.add("participants", name="Budi")
    ws.add("needs", title="Air bersih")
    mine = open_workshop(ws.url, by="Ani", role="trainee")
    yield mine
    mine.close()


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _choosers(panel, ws) -> list[str]:
    """Give the widgets of a panel that choose who acts: a list offering participants, or a
    box to type anyone's name in."""
    people = ws.records("participants")
    names = {p.name for p in people} | {p.id for p in people}
    found = []
    for widget in _walk(panel):
        if isinstance(widget, w.Combobox):
            found.append(widget.description)
        elif isinstance(widget, w.Dropdown):
            offered = {*map(str, widget._options_labels), *map(str, widget._options_values)}
            if offered & names:
                found.append(widget.description)
    return found


def _editors(panel) -> list[str]:
    """Give the buttons of a panel that change or remove what is stored."""
    return [
        widget.description
        for widget in _walk(panel)
        if isinstance(widget, w.Button) and widget.description in ("Save", "Remove")
    ]


def test_a_trainees_need_form_can_only_add(trainee):
    """On a trainee's workshop: no chooser of participants, no save, no remove."""
    from planning.needs.room import NeedForm

    form = NeedForm(trainee, "Ani")
    assert _choosers(form, trainee) == [] and _editors(form) == []
    assert form.chosen == "" and "proposed_by" not in form.shown


def test_a_trainees_need_is_credited_to_them(trainee):
    """Is the need a trainee adds proposed and entered by them?"""
    from planning.needs.room import NeedForm

    form = NeedForm(trainee, "Ani")
    form.fill(title="Jalan desa", category="infrastructure")
    form.add()
    need = trainee.find(Need, "Jalan desa")
    assert (need.proposed_by, need.entered_by, need.category) == ("Ani", "Ani", "infrastructure")
    assert "Jalan desa" in form.mine


def test_a_need_proposed_by_someone_else_is_refused(trainee):
    """Does the store refuse a trainee's need credited to another participant?"""
    with pytest.raises(PlanningError):
        trainee.add(Need, title="Pasar", proposed_by="Budi")
    assert [n.title for n in trainee.records(Need)] == ["Air bersih"]


@pytest.mark.parametrize("panel", ["DotVotePanel", "ScoringGrid", "RankingForm"])
def test_a_trainees_panels_have_no_participant_chooser(trainee, panel):
    """Do the dots, the scores and the ranking of a trainee hold no chooser of who acts?"""
    from planning.needs import room

    make = {
        "DotVotePanel": room.dots_form,
        "ScoringGrid": room.scores_form,
        "RankingForm": room.rankings_form,
    }[panel]
    assert _choosers(make(trainee, "Ani"), trainee) == []


def test_a_trainees_dots_are_their_own(trainee):
    """Does the trainee's tally step their own dots, and the store refuse Budi's?"""
    from planning.needs.room import dots_form

    need = trainee.find(Need, "Air bersih").id
    dots = dots_form(trainee, "Ani")
    dots.step(need, +1)
    (vote,) = trainee.records(DotVote)
    assert vote.participant == trainee.find("participants", "Ani").id and vote.dots == 1
    with pytest.raises(PlanningError):
        trainee.step(DotVote, +1, participant="Budi", need=need)
    assert [v.dots for v in trainee.records(DotVote)] == [1]
