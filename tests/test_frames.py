"""Records as pandas DataFrames, and the tables built from them."""

from __future__ import annotations

import pandas as pd
import pytest

from planning import stages
from planning.render.html import frame_table
from planning.sections import participation_tables

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def test_does_every_kind_give_a_frame_with_its_fields(demo):
    """Has every kind a DataFrame with one column per field it shows, indexed by id?"""
    for kind, cls in stages.kinds().items():
        df = demo.frame(kind)
        shown = [n for n, s in cls.specs().items() if not s.sensitive]
        assert list(df.columns) == shown, kind
        assert df.index.name == "id" and len(df) == len(demo.records(kind)), kind


def test_are_the_dtypes_readable(demo):
    """Are choices categorical, counts nullable integers, flags booleans and dates dates?"""
    needs = demo.frame("needs")
    assert isinstance(needs["category"].dtype, pd.CategoricalDtype)
    assert str(needs["households"].dtype) == "Int64"
    assert str(demo.frame("criteria")["weight"].dtype) == "Float64"
    assert str(demo.frame("participants")["consent"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(demo.frame("workshop")["date"])


def test_is_a_reference_shown_by_name(demo):
    """Does a dot vote show its participant's and need's names, not their ids?"""
    votes = demo.frame("dot_votes")
    names = {p.name for p in demo.records("participants")}
    titles = {n.title for n in demo.records("needs")}
    assert set(votes["participant"]) <= names and set(votes["need"]) <= titles


def test_are_sensitive_columns_left_out_unless_asked_for(demo):
    """Are poor-household and PKH status absent by default and present only when named?"""
    people = demo.frame("participants")
    assert "poor_household" not in people and "pkh" not in people
    asked = demo.frame("participants", sensitive=["pkh"])
    assert "pkh" in asked and "poor_household" not in asked


def test_are_choices_labelled_in_the_language_asked(ws_id):
    """Are choice codes written as labels of the language asked for?"""
    ws_id.add("participants", name="Ani", gender="female")
    assert ws_id.frame("participants", lang="id")["gender"].tolist() == ["perempuan"]
    assert ws_id.frame("participants")["gender"].tolist() == ["female"]


def test_do_the_participation_tables_count_by_hand(ws):
    """Do the cover's tables count a hand-made group of four, with totals?"""
    for name, gender, group, dusun in [
        ("A", "female", "warga", "Krajan"),
        ("B", "female", "kader", "Krajan"),
        ("C", "male", "warga", "Cibodas"),
        ("D", "male", "warga", ""),
    ]:
        ws.add("participants", name=name, gender=gender, group=group, dusun=dusun)
    tables = dict(participation_tables(ws, "en"))
    by_group = tables["By group"]
    assert by_group.loc["residents", "female"] == 1 and by_group.loc["residents", "male"] == 2
    assert by_group.loc["Total", "Total"] == 4
    assert tables["By hamlet (dusun)"].loc["-", "Total"] == 1


def test_is_the_scoring_matrix_a_pivot_of_the_means(ws):
    """Is each cell of the handout's matrix the mean of the raters' scores?"""
    from planning.needs.sections import needs_matrix

    well = ws.add("needs", title="Well")
    ws.add("needs", title="Road")
    cost = ws.add("criteria", name="Cost")
    for rater, value in (("A", 4), ("B", 2)):
        ws.add("scores", rater=rater, need=well.id, criterion=cost.id, value=value)
    html = needs_matrix(ws, "en")._repr_html_()
    assert '<td class="num">3.0</td>' in html or '<td class="num">3</td>' in html
    assert "nobody has scored" in html  # Road has no score yet


@pytest.mark.parametrize("payload", PAYLOADS)
def test_is_typed_text_escaped_on_the_dataframe_path(ws, payload):
    """Does a script typed into a name reach the HTML of a DataFrame table as text?"""
    ws.add("participants", name=payload, dusun=payload)
    html = frame_table(ws.frame("participants"), caption=payload)
    assert payload not in html and "&lt;" in html
    for _, table in participation_tables(ws, "en"):
        assert payload not in frame_table(table, index=True)
