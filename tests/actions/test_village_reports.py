"""Indicators the village already reports: an Indeks Desa dimension and an SDGs Desa goal per
indicator, a PKH component or P2K2 module per activity, counted in the plan's summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from planning.actions.summary import actions_part, actions_text
from planning.errors import ValidationError
from planning.io import export_tables, import_file


def test_do_indicator_tags_round_trip_and_take_names(demo, tmp_path: Path):
    """Are the demo's tags stored as codes, given back by a CSV export, read again on import,
    and is a dimension given by its name (either language) stored as its code?"""
    stunting = demo.find("indicators", "Prevalensi stunting balita")
    assert (stunting.dimension, stunting.sdg, stunting.unit) == ("layanan_dasar", "3", "%")
    assert "e-PPGBM" in stunting.verification
    export_tables(demo, tmp_path, "csv")
    text = (tmp_path / "indicators.csv").read_text(encoding="utf-8-sig")
    assert "layanan_dasar,3" in text
    changed = demo.edit(
        "indicators", stunting.id, dimension="Basic services", sdg="Desa Sehat dan Sejahtera"
    )
    assert (changed.dimension, changed.sdg) == ("layanan_dasar", "3")
    counts = import_file(demo, tmp_path / "indicators.csv", "indicators")
    assert counts["indicators"]["added"] == 0


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        (
            "dimension",
            "kemiskinan",
            ["Indeks Desa", "'kemiskinan'", "Layanan Dasar", "Aksesibilitas"],
        ),
        ("sdg", "19", ["SDGs Desa", "'19'", "6 Desa Layak Air Bersih dan Sanitasi"]),
    ],
)
def test_is_an_unknown_dimension_or_goal_refused_with_one_clear_message(demo, field, value, words):
    """Does an unknown dimension or goal code get one message naming the field, the value and
    what is allowed (in words, no code of letters), and change nothing?"""
    stunting = demo.find("indicators", "Prevalensi stunting balita")
    with pytest.raises(ValidationError) as err:
        demo.edit("indicators", stunting.id, **{field: value})
    message = err.value.message("id")
    for word in words:
        assert word in message
    assert "layanan_dasar" not in message
    assert demo.find("indicators", "Prevalensi stunting balita") == stunting


def test_does_the_plan_summary_count_the_tags_and_pkh(demo):
    """Does the plan's summary count indicators per dimension and goal and the activities per
    PKH component or P2K2 module, in its data and its readable lines?"""
    part = actions_part(demo)
    reports = part["village_reports"]
    assert reports["indeks_desa"]["layanan_dasar"] == 5
    assert reports["sdgs_desa"]["3"] == 3
    assert reports["pkh"] == {
        "kesehatan": 1, "pendidikan": 1, "kesejahteraan_sosial": 1,
        "p2k2_keuangan": 2, "p2k2_kesehatan": 1,
    }  # fmt: skip
    lines = "\n".join(actions_text(part, "en"))
    assert "Indicators by Indeks Desa dimension: Basic services (5)" in lines
    assert "P2K2 module: household finance and business planning (2)" in lines
    with pytest.raises(ValidationError):
        demo.edit("activities", demo.find("activities", "Posko siaga kekeringan").id,
                  pkh_support="bansos")  # fmt: skip


def test_do_the_forms_offer_the_code_lists(demo):
    """Do the indicator and activity forms offer the dimensions, goals and PKH lists in words,
    and does a starter indicator come tagged?"""
    from planning import widgets

    form = widgets.IndicatorEditor(demo)
    assert ("Layanan Dasar", "layanan_dasar") in form.dimension_options()
    assert ("6 Desa Layak Air Bersih dan Sanitasi", "6") in form.sdg_options()
    form.use_starter("stunting", "quality_of_life")
    assert (form.fields["dimension"], form.fields["sdg"]) == ("layanan_dasar", "3")
    activity = widgets.ActivityForm(demo)
    assert ("Modul P2K2: kesehatan dan gizi", "p2k2_kesehatan") in activity.pkh_options()
