"""The form engine's forms: every form names each field of its kind, and a trainee's forms
hold no control that acts for someone else (planning.widgets.forms, STYLE.md "A form is
declared" and "Rights live where the write happens")."""

from __future__ import annotations

import importlib

import ipywidgets as w
import pytest

from planning import open_workshop, stages
from planning.errors import PlanningError
from planning.needs.records import DotVote, Need
from planning.widgets.forms import RecordForm


def _form_modules() -> list[str]:
    """Give every stage's panels module and the modules its room steps name."""
    found: set[str] = set()
    for stage in stages.stages():
        if stage.panels:
            found.add(stage.panels)
        for step in stage.steps:
            for target in (step.form, step.results):
                found.add(target.split(":")[0])
    return sorted(found)


def _forms() -> list[type[RecordForm]]:
    for module in _form_modules():
        importlib.import_module(module)
    out, todo = [], list(RecordForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if "FORM" in vars(cls):
            out.append(cls)
    return sorted(out, key=lambda c: c.__qualname__)


FORMS = _forms()


def test_the_needs_forms_are_walked():
    """Does the walk find the needs stage's forms (so a form cannot hide from the test)?"""
    names = {cls.__name__ for cls in FORMS}
    assert {"NeedsBoard", "NeedForm", "CriteriaPanel", "ProblemTreePanel"} <= names


@pytest.mark.parametrize("form", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_shows_or_hides_each_field_of_its_kind(form):
    """Does each form name every field of its kind, shown or hidden, and only fields?"""
    assert form.FORM.missing() == []


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
