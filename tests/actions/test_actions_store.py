"""The action plan's records in the store: every rule refuses bad input with one message in the
workshop's language and changes nothing; Indonesian column names and values are accepted;
removal and merge carry the plan's records along."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planning.actions import commands
from planning.actions.records import Activity, ActivityVote, Indicator, Objective, Risk
from planning.cli import main
from planning.errors import PlanningError, ValidationError
from planning.io import import_file


@pytest.fixture
def village(ws):
    """A small English workshop: two needs, a map of three actors, two participants."""
    ws.add("needs", title="Clean water", category="infrastructure")
    ws.add("needs", title="Stunting", category="health")
    ws.add("stakeholders", name="PKK", sector="community_group", stance="supportive")
    ws.add("stakeholders", name="Puskesmas", sector="government", resources="training")
    ws.add("stakeholders", name="PDAM", sector="government", resources="technical")
    ws.add("links", source="Puskesmas", target="PKK", type="training")
    for name in ("Ani", "Budi"):
        ws.add("participants", name=name)
    return ws


def activity(ws, **kw: Any) -> Activity:
    row = {
        "title": "Water pipes",
        "need": "Clean water",
        "strategy": "support",
        "sub_bidang": "2.4",
        "lead": "Puskesmas",
        "partners": "PKK",
        "start": "2026-03-01",
        "end": "2026-06-30",
        "cost": "15.000.000",
        "source": "dana_desa",
    }
    return ws.add(Activity, **{**row, **kw})


def unchanged(ws, call) -> PlanningError:
    """Run ``call``; check it raises a PlanningError and the history did not move."""
    before = len(ws.history())
    with pytest.raises(PlanningError) as info:
        call()
    assert len(ws.history()) == before
    return info.value


def test_an_activity_is_stored_with_codes_from_words(village):
    """Are a sub-bidang's name, a strategy's and source's Indonesian words stored as codes,
    the bidang derived, and the partners spelled as on the map?"""
    a = activity(
        village, strategy="pelatihan", sub_bidang="Kesehatan", source="DD", partners="pkk",
        dd_focus="Health", mode="", destination="APBDes",
    )  # fmt: skip
    assert (a.strategy, a.bidang, a.sub_bidang, a.source) == ("training", "2", "2.2", "dana_desa")
    assert (a.partners, a.dd_focus, a.mode, a.destination) == (
        "PKK",
        "health",
        "swakelola",
        "village_budget",
    )
    assert a.cost == 15_000_000 and a.status == "proposed"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"end": "2026-01-01"}, ["Ends", "2026-01-01", "2026-03-01"]),
        ({"cost": "-5"}, ["Cost (Rp)", "-5", "at least 0"]),
        ({"source": "bank"}, ["Funding source", "bank", "Dana Desa (DD)"]),
        ({"strategy": "magic"}, ["Way of empowering", "magic", "Partnership"]),
        ({"mode": "outsourced"}, ["How it is carried out", "outsourced", "(swakelola)"]),
        ({"bidang": "9"}, ["Bidang (APBDes)", "'9'", "4 Community empowerment"]),
        ({"sub_bidang": "4.9"}, ["Sub-bidang", "4.9", "4.4 Women's empowerment"]),
        ({"bidang": "3", "sub_bidang": "2.4"}, ["Sub-bidang", "not part of bidang 3"]),
        ({"need": "Roads"}, ["Priority need it answers", "Roads", "Clean water, Stunting"]),
        ({"lead": "Bupati"}, ["Lead (who is responsible)", "Bupati", "PDAM, PKK, Puskesmas"]),
        ({"partners": "PKK; Dinas X"}, ["Partners", "Dinas X", "PDAM, PKK, Puskesmas"]),
        ({"dd_focus": "roads"}, ["Dana Desa focus", "roads", "blt Tackling extreme poverty"]),
        ({"start": "01/03/2026"}, ["Starts", "01/03/2026", "YYYY-MM-DD"]),
        ({"destination": "moon"}, ["Paid by", "moon"]),
    ],
)
def test_bad_activity_input_is_refused_and_changes_nothing(village, change, words):
    """Does each kind of bad input give one message naming the field, the value and what is
    allowed, in the workshop's language, and store nothing?"""
    err = unchanged(village, lambda: activity(village, **change))
    text = err.message("en")
    for word in words:
        assert word in text, (word, text)
    assert "Traceback" not in text and village.records(Activity) == []


def test_a_message_is_in_the_workshops_language(ws_id):
    """Is the same refusal written in Indonesian for an Indonesian workshop?"""
    ws_id.add("needs", title="Air bersih")
    err = unchanged(
        ws_id,
        lambda: ws_id.add(
            Activity,
            title="Pipa",
            strategy="support",
            sub_bidang="2.4",
            start="2026-05-01",
            end="2026-04-01",
            source="dana_desa",
        ),
    )
    assert "lebih awal dari tanggal mulai" in err.message("id")


def test_an_edit_that_breaks_a_rule_keeps_the_old_version(village):
    """Is an edit to an end before the start refused, the activity as it was?"""
    a = activity(village)
    unchanged(village, lambda: village.edit(Activity, a.id, end="2026-02-01"))
    assert village.get(Activity, a.id).end == "2026-06-30"


def test_indicators_measure_one_thing_and_percentages_stay_in_0_to_100(village):
    """Is an indicator about neither or both refused, and a percentage target over 100?"""
    a = activity(village)
    o = village.add(Objective, text="Water all year", need="Clean water", level="purpose")
    err = unchanged(village, lambda: village.add(Indicator, name="Share", unit="%"))
    assert "What the indicator measures is required" in err.message("en")
    err = unchanged(
        village, lambda: village.add(Indicator, name="Share", activity=a.id, objective=o.id)
    )
    assert "Water pipes + Water all year" in err.message("en")
    err = unchanged(
        village,
        lambda: village.add(Indicator, name="Share", activity=a.id, unit="persen", target=120),
    )
    assert "'120'" in err.message("en") and "0 to 100" in err.message("en")
    ok = village.add(Indicator, name="Share", activity=a.id, unit="%", baseline=20, target=60)
    assert (ok.baseline, ok.target, ok.outcome) == (20.0, 60.0, "none")
    unchanged(village, lambda: village.edit(Indicator, ok.id, target=101))


def test_a_risk_is_about_one_activity_or_objective(village):
    """Is a risk about nothing refused, and likelihood outside 1-3?"""
    a = activity(village)
    unchanged(village, lambda: village.add(Risk, text="Rain"))
    unchanged(village, lambda: village.add(Risk, text="Rain", activity=a.id, likelihood=4))
    r = village.add(Risk, text="Rain", activity=a.id, kind="asumsi", likelihood=3)
    assert (r.kind, r.likelihood, r.impact) == ("assumption", 3, 2)


def test_approvals_are_yes_or_no_and_dots_stay_within_the_budget(village):
    """Is a second approval of the same activity refused, and more dots than the budget?"""
    a = activity(village)
    assert commands.vote(village, "Ani", a.id, +1) == 1
    err = unchanged(village, lambda: commands.vote(village, "Ani", a.id, +1))
    assert "0 or 1" in err.message("en")
    assert commands.vote(village, "Ani", a.id, -1) == 0
    assert commands.vote(village, "Ani", a.id, -1) is None
    commands.set_setting(village, "ballot", "titik")
    village.update_info(dot_budget=3)
    assert commands.vote(village, "Budi", a.id, +3) == 3
    err = unchanged(village, lambda: commands.vote(village, "Budi", a.id, +1))
    assert "Budi has 3 dots" in err.message("en")


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("year", "20x6", ["Year of the plan", "2000 to 2100"]),
        ("top_n", "0", ["Number of priority needs", "1 to 50"]),
        ("ballot", "yes", ["How people vote", "approval"]),
        ("rules_file", "nope.json", ["Dana Desa rules file", "dana_desa_2026.json"]),
        ("accountable", "Bupati", ["Accountable", "Bupati", "PKK"]),
        ("vote_budget", "banyak", ["Budget the votes share out", "banyak"]),
    ],
)
def test_bad_settings_are_refused(village, setting, value, words):
    """Does each setting refuse what does not fit it, naming it and what is allowed?"""
    err = unchanged(village, lambda: commands.set_setting(village, setting, value))
    for word in words:
        assert word in err.message("en"), (word, err.message("en"))


def test_settings_are_stored_as_they_mean(village, tmp_path: Path):
    """Are a budget in Indonesian thousands, an actor's spelling and another rules file kept
    in their stored form, and does a bad rules file give the file's own message?"""
    assert commands.set_setting(village, "vote_budget", "Rp500.000.000").value == "500000000"
    assert commands.set_setting(village, "accountable", " pkk ").value == "PKK"
    bad = tmp_path / "dana_desa_2027.json"
    bad.write_text('{"year": "2027"}', encoding="utf-8")
    err = unchanged(village, lambda: commands.set_setting(village, "rules_file", str(bad)))
    assert "dana_desa_2027.json" in err.message("en") and "year" in err.message("en")


def test_ceilings_are_set_and_removed(village):
    """Does a ceiling take Indonesian thousands, refuse a negative amount and go away when
    emptied?"""
    c = commands.set_ceiling(village, "Dana Desa", "800.000.000")
    assert c is not None and (c.source, c.amount) == ("dana_desa", 800_000_000)
    unchanged(village, lambda: commands.set_ceiling(village, "dana_desa", "-1"))
    assert commands.set_ceiling(village, "dana_desa", "") is None
    assert village.records("ceilings") == []


def test_removing_an_activity_takes_its_indicators_risks_and_votes(village):
    """Does removing an activity remove what hangs on it, and one undo bring it all back?"""
    a = activity(village)
    village.add(Indicator, name="People", activity=a.id)
    village.add(Risk, text="Rain", activity=a.id)
    commands.vote(village, "Ani", a.id, +1)
    commands.remove(village, "activities", a.id)
    kinds = ("activities", "indicators", "risks", "activity_votes")
    assert [village.records(k) for k in kinds] == [[], [], [], []]
    village.undo()
    assert len(village.records("indicators")) == len(village.records("activity_votes")) == 1


def test_removing_an_objective_frees_its_activities(village):
    """Does removing an objective remove its indicators and leave its activities without it?"""
    o = village.add(Objective, text="Pipes work", need="Clean water")
    a = activity(village, objective=o.id)
    village.add(Indicator, name="Households", objective=o.id)
    commands.remove(village, "objectives", o.id)
    assert village.get(Activity, a.id).objective == "" and village.records(Indicator) == []


def test_merged_participants_keep_one_approval(village):
    """Do two merged participants who both approved an activity keep one approval?"""
    a = activity(village)
    ani, budi = village.find("participants", "Ani"), village.find("participants", "Budi")
    commands.vote(village, ani.id, a.id, +1)
    commands.vote(village, budi.id, a.id, +1)
    village.merge("participants", ani.id, budi.id)
    assert [(v.participant, v.votes) for v in village.records(ActivityVote)] == [(ani.id, 1)]


def test_commands_set_a_lead_from_the_map(village):
    """Does making a partner the lead take it out of the partners?"""
    a = activity(village, lead="PDAM", partners="PKK; Puskesmas")
    after = commands.set_lead(village, a.id, "puskesmas")
    assert village.get("stakeholders", after.lead).name == "Puskesmas"
    assert after.partners == "PKK"
    with pytest.raises(ValidationError):
        commands.set_lead(village, a.id, "Nobody")


def test_a_starter_indicator_is_in_the_workshops_language(village, ws_id):
    """Does a starter indicator come with its words, unit and means of verification?"""
    a = activity(village)
    fields = commands.starter("women_attending", "participation", village.lang)
    ind = village.add("indicators", **fields, activity=a.id, baseline=20, target=50,
                      target_date="2026-12-31")  # fmt: skip
    assert (ind.unit, ind.outcome, ind.target) == ("%", "participation", 50.0)
    assert ind.name.startswith("Share of women") and ind.verification
    stunting = commands.starter("stunting", "quality_of_life", "id")
    assert (stunting["name"], stunting["unit"]) == ("Prevalensi stunting balita", "%")
    assert "e-PPGBM" in stunting["verification"]


def test_a_facilitators_spreadsheet_in_indonesian_is_imported(village, tmp_path: Path):
    """Are Indonesian file, column and value names accepted for activities and indicators?"""
    file = tmp_path / "kegiatan.csv"
    file.write_text(
        "Judul;Kebutuhan;Strategi;Sub bidang;Penanggung jawab;Mitra;Lokasi;Mulai;Selesai;"
        "Biaya;Sumber dana;Pola pelaksanaan;Tujuan usulan\n"
        "Kelas ibu;Stunting;pelatihan;2.2;Puskesmas;PKK;Dusun I;2026-02-01;2026-11-30;"
        "48.000.000;Dana Desa;swakelola;anggaran desa (rkp desa/apbdes)\n",
        encoding="utf-8",
    )
    counts = import_file(village, file)
    assert counts["activities"]["added"] == 1
    (a,) = village.records(Activity)
    assert (a.strategy, a.bidang, a.cost, a.destination) == ("training", "2", 48_000_000,
                                                             "village_budget")  # fmt: skip
    file = tmp_path / "indikator.csv"
    file.write_text(
        "Nama,Kegiatan,Satuan,Data awal,Target,Tanggal target,Alat verifikasi,Hasil\n"
        "Ibu hadir,Kelas ibu,orang,10,40,2026-12-31,Daftar hadir,partisipasi\n",
        encoding="utf-8",
    )
    assert import_file(village, file)["indicators"]["added"] == 1
    assert village.records(Indicator)[0].outcome == "participation"


def test_a_bad_row_in_a_file_is_exit_2_and_nothing_is_imported(village, tmp_path: Path, capsys):
    """Does the command line refuse a file with one bad activity (exit 2), naming its line?"""
    file = tmp_path / "activities.csv"
    file.write_text(
        "title,need,strategy,sub_bidang,start,end,cost,source\n"
        "Pipes,Clean water,support,2.4,2026-03-01,2026-04-01,1000,dana_desa\n"
        "Roads,Clean water,support,2.3,2026-05-01,2026-04-01,1000,dana_desa\n",
        encoding="utf-8",
    )
    path = village.url.removeprefix("sqlite:///")
    assert main(["import", path, str(file)]) == 2
    err = capsys.readouterr().err
    assert "3:" in err and "before the start" in err and "Traceback" not in err
    assert village.records(Activity) == []
