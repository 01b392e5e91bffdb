"""Forms built from the records: every form names every field of its kind, an empty cell gives
what a missing column gives, and a trainee's form holds none of the facilitator's controls."""

from __future__ import annotations

import importlib
import pkgutil

import ipywidgets as w
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planning
from planning import stages
from planning.io import import_file
from planning.records import Record, Spec, build
from planning.store import create_workshop, open_workshop
from planning.widgets.forms import RecordForm


def _forms() -> list[type[RecordForm]]:
    """Every form class of the package (the stages' panels and room modules)."""
    for info in pkgutil.walk_packages(planning.__path__, "planning."):
        if info.name.rsplit(".", 1)[-1] in ("panels", "room"):
            importlib.import_module(info.name)
    found, todo = [], list(RecordForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if "FORM" in vars(cls):
            found.append(cls)
    return sorted(found, key=lambda c: c.__qualname__)


def test_are_there_forms_of_every_stage():
    """Does the walk find every stage's editors (so a form cannot hide from the test)?"""
    names = {cls.__name__ for cls in _forms()}
    assert {"NeedsBoard", "NeedForm", "CriteriaPanel", "ProblemTreePanel"} <= names
    assert {"StakeholderForm", "LinkForm"} <= names
    assert {"ActivityForm", "IndicatorEditor", "ObjectiveForm", "RiskForm", "CeilingForm"} <= names


@pytest.mark.parametrize("form", _forms(), ids=lambda c: c.__qualname__)
def test_does_every_form_show_or_hide_each_field_of_its_kind(form):
    """Does each form name every field of its kind, in its layout or among the hidden ones?"""
    assert form.FORM.missing() == []


def _sample(spec: Spec):
    """A value the field takes (for required fields the property needs filled)."""
    if spec.type in ("choice", "choices"):
        return spec.choices[0]
    if spec.type in ("int", "float"):
        return spec.low if spec.low is not None else 1
    if spec.type == "date":
        return "2026-06-01"
    if spec.type == "bool":
        return True
    return "x"


FIELDS = [
    (kind, name)
    for kind, cls in sorted(stages.kinds().items())
    for name, spec in cls.specs().items()
    if not spec.required
]


@pytest.mark.parametrize(("kind", "name"), FIELDS, ids=lambda v: str(v))
def test_does_an_empty_cell_give_what_a_missing_column_gives(kind, name):
    """For every optional field of every kind: is an empty cell, a cell of spaces, None or NaN
    the same as leaving the column out?"""
    cls: type[Record] = stages.kinds()[kind]
    required = {n: _sample(s) for n, s in cls.specs().items() if s.required}
    missing = build(cls, required)
    for empty in ("", "   ", None, float("nan")):
        assert build(cls, {**required, name: empty})[name] == missing[name], empty
    assert missing[name] == cls.specs()[name].default or missing[name] is None


@given(st.sampled_from(FIELDS), st.sampled_from(["", " ", "\t"]))
def test_is_an_empty_cell_the_default_for_any_field(field, empty):
    """The same, drawn at random with other kinds of blank."""
    kind, name = field
    cls = stages.kinds()[kind]
    required = {n: _sample(s) for n, s in cls.specs().items() if s.required}
    assert build(cls, {**required, name: empty})[name] == build(cls, required)[name]


def test_does_an_empty_language_cell_keep_an_indonesian_workshop(tmp_path):
    """The import the issue tried: an empty language cell left the workshop in English."""
    ws = create_workshop(tmp_path / "w.sqlite", title="Lokakarya", language="id")
    file = tmp_path / "workshop.csv"
    file.write_text("title,language,desa\nMusyawarah,,Sukamaju\n", encoding="utf-8")
    import_file(ws, file)
    assert (ws.info().title, ws.info().language, ws.info().desa) == (
        "Musyawarah",
        "id",
        "Sukamaju",
    )


def test_does_an_empty_tree_role_give_the_declared_default(tmp_path):
    """An empty problem-tree role gave "effect", a missing one "cause": now both "cause"."""
    ws = create_workshop(tmp_path / "w.sqlite", title="T")
    ws.add("needs", title="Air bersih")
    file = tmp_path / "problem_tree.csv"
    file.write_text("need,text,role\nAir bersih,Sumur kering,\n", encoding="utf-8")
    import_file(ws, file)
    [node] = ws.records("problem_tree")
    assert node.role == ws.add("problem_tree", need="Air bersih", text="Pipa bocor").role


def _widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _widgets(child)


def test_does_a_trainees_form_hold_none_of_the_facilitators_controls(ws):
    """Built on a trainee's workshop, does a form have no chooser of records, no save, no
    remove and no sensitive field, so a message to the kernel can drive none of them?"""
    from planning.stakeholders.panels import LinkForm, StakeholderForm

    ws.add("participants", name="Ani")
    ws.add("stakeholders", name="Puskesmas", sector="government", contact="Bidan Yanti")
    ws.add("stakeholders", name="BUMDes", sector="cooperative")
    trainee = open_workshop(ws.url, by="Ani", role="trainee")
    for cls in (StakeholderForm, LinkForm):
        form = cls(trainee, "Ani")
        found = list(_widgets(form))
        words = {getattr(x, "description", "") for x in found if isinstance(x, w.Button)}
        assert words == {"Add"}, cls
        assert "contact" not in form.shown
        state = repr([x.get_state() for x in found])
        assert "Bidan Yanti" not in state
        facilitator = cls(ws)
        assert {"Save", "Remove"} <= {
            getattr(x, "description", "") for x in _widgets(facilitator) if isinstance(x, w.Button)
        }
    trainee.close()
