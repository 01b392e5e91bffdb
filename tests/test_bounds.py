"""Bounds on every number and date a reader draws, declared once in the specs
(``planning.records``: NUMBER_LIMIT, FIRST_DATE, LAST_DATE), refused alike on import, on a
panel's input and on merge (tests/test_merge_rules.py); and whatever is accepted the plan's
figures draw."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planning import stages
from planning.errors import ImportRowsError, ValidationError
from planning.io import import_file
from planning.records import FIRST_DATE, LAST_DATE, NUMBER_LIMIT

ROW = {
    "title": "Water pipes",
    "need": "Clean water",
    "strategy": "support",
    "sub_bidang": "2.4",
    "lead": "Puskesmas",
    "start": "2026-03-01",
    "end": "2026-06-30",
    "cost": "15000000",
    "source": "dana_desa",
}


@pytest.fixture
def village(ws):
    ws.add("needs", title="Clean water", category="infrastructure")
    ws.add("stakeholders", name="Puskesmas", sector="government", resources="training")
    return ws


def test_every_number_and_date_field_is_bounded():
    """Does every number field of every kind stop at most at NUMBER_LIMIT either side?"""
    for cls in stages.kinds().values():
        for spec in cls.specs().values():
            if spec.type in ("int", "float"):
                low, high = spec.bounds()
                assert -NUMBER_LIMIT <= low <= high <= NUMBER_LIMIT


EXTREMES = [
    ("cost", str(10**19), "1000000000000000"),
    ("cost", str(NUMBER_LIMIT + 1), "1000000000000000"),
    ("volume", "1e300", "1000000000000000"),
    ("end", "9999-12-31", "2100-12-31"),
    ("start", "1800-01-01", "1900-01-01"),
]


@pytest.mark.parametrize(("name", "value", "words"), EXTREMES)
def test_an_extreme_value_is_refused_on_import(village, tmp_path: Path, name, value, words):
    file = tmp_path / "activities.csv"
    row = {**ROW, name: value}
    file.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    before = len(village.history())
    with pytest.raises(ImportRowsError) as info:
        import_file(village, file)
    assert words in info.value.message("en") and value in info.value.message("en")
    assert len(village.history()) == before


@pytest.mark.parametrize(("name", "value", "words"), EXTREMES)
def test_an_extreme_value_is_refused_on_a_panel(village, name, value, words):
    """Typed into the plan's activity form, is it refused on the status line, nothing
    stored?"""
    from planning.actions.panels import ActivityForm

    form = ActivityForm(village)
    fields = {**ROW, "need": village.records("needs")[0].id}
    fields["lead"] = village.records("stakeholders")[0].id
    form.fill(**{k: v for k, v in fields.items() if k in form.shown})
    before = len(village.history())
    try:
        form.fill(**{name: value})
    except ValidationError as err:  # a control that cannot even hold it says so itself
        assert words in err.message("en")
        return
    form.add()
    assert len(village.history()) == before
    assert words in form.status, form.status


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cost=st.integers(0, NUMBER_LIMIT),
    volume=st.floats(0, NUMBER_LIMIT),
    start=st.dates(FIRST_DATE, LAST_DATE),
    days=st.integers(0, 365 * 250),
)
@example(cost=NUMBER_LIMIT, volume=NUMBER_LIMIT, start=FIRST_DATE, days=365 * 250)
@example(cost=0, volume=0.0, start=LAST_DATE, days=0)
def test_the_plans_figures_draw_any_accepted_value(village, cost, volume, start, days):
    """Whatever the bounds accept (the costs, volumes and dates at their edges), do the
    handout's plan sections build, figures drawn, without raising?"""
    from planning.actions import sections

    end = min(start + dt.timedelta(days=days), LAST_DATE)
    row = {**ROW, "cost": cost, "volume": volume, "start": start, "end": end}
    for old in village.records("activities"):
        village.remove("activities", old.id)
    village.add("activities", **row)
    village.add("activities", **{**row, "title": "Second", "cost": NUMBER_LIMIT})
    for build in (sections.plan_timeline, sections.plan_budget, sections.plan_tables):
        assert str(build(village, "en"))


def test_a_rules_file_is_a_shipped_year_or_beside_the_workshop(village, tmp_path: Path):
    """Is a rules file elsewhere on the machine refused before it is opened, by its name only,
    and one beside the workshop taken by its name?"""
    import shutil

    from planning.actions import commands
    from planning.actions.settings import DATA_DIR

    for elsewhere in ("/etc/passwd", "../../etc/passwd"):
        with pytest.raises(ValidationError) as info:
            commands.set_setting(village, "rules_file", elsewhere)
        text = info.value.message("en")
        assert "'passwd'" in text and "/etc" not in text and "root" not in text
    beside = Path(village.url.removeprefix("sqlite:///")).parent / "aturan_2027.json"
    shutil.copy(DATA_DIR / "dana_desa_2026.json", beside)
    assert commands.set_setting(village, "rules_file", str(beside)).value == "aturan_2027.json"
