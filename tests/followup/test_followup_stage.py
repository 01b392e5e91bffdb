"""The follow-up stage through the store, its commands, its result, its panels and its
outputs: bad input refused with one message and nothing changed, a trainee's rights, the
summary, the export to OpenDK's columns, the photo kept inside the workshop."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image

from planning import stages
from planning.errors import PlanningError
from planning.followup import commands, panels, room, sections
from planning.followup.assessment import result
from planning.followup.commands import PHOTO_MAX_BYTES, photo_bytes, record_progress
from planning.followup.exports import PEMBANGUNAN, write_tables
from planning.followup.records import Photo, Progress, StorySelection
from planning.followup.summary import followup_part, followup_text
from planning.store import open_workshop

PAYLOAD = "<script>alert(1)</script>"


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "orange").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def plan(ws):
    """An English workshop with a plan of two activities, an indicator and two people."""
    ws.add("plan_settings", setting="year", value="2026")
    ws.add("needs", title="Clean water", category="infrastructure")
    for name, gender, consent in (("Ani", "female", True), ("Budi", "male", False)):
        ws.add("participants", name=name, gender=gender, consent=consent)
    for title, source, cost in (
        ("Water pipes", "dana_desa", 100_000_000),
        ("Clean-up", "swadaya", 2_000_000),
    ):
        ws.add("activities", title=title, need="Clean water", strategy="support", bidang="2",
               start="2026-03-01", end="2026-08-31", cost=cost, source=source)  # fmt: skip
    ws.add("indicators", name="Homes with water", activity="Water pipes", baseline=100,
           target=300, target_date="2026-12-31", outcome="quality_of_life")  # fmt: skip
    return ws


def _state(ws):
    return {kind: len(ws.records(kind)) for kind in ("indicator_readings", "progress", "photos")}


@pytest.mark.parametrize(
    ("write", "words"),
    [
        (
            lambda ws: ws.add(
                "indicator_readings", indicator="Homes with wter", date="2026-06-01", value=3
            ),
            "Homes with wter",
        ),
        (
            lambda ws: ws.add("progress", activity="Water pipes", date="2026-06-01", physical=120),
            "120",
        ),
        (
            lambda ws: record_progress(
                ws,
                photo=b"%PDF-1.4 not a picture",
                photo_name="notes.pdf",
                activity="Water pipes",
                date="2026-06-01",
            ),
            "notes.pdf",
        ),
        (
            lambda ws: record_progress(
                ws,
                photo=b"\xff" * (PHOTO_MAX_BYTES + 1),
                photo_name="big.jpg",
                activity="Water pipes",
                date="2026-06-01",
            ),
            "big.jpg",
        ),
        (lambda ws: ws.add("scorecard_scores", criterion="x", group="women", score=3), "x"),
    ],
    ids=["unknown indicator", "over 100%", "not an image", "over 10 MB", "unknown criterion"],
)
def test_bad_input_is_refused_with_one_message_and_nothing_changed(plan, write, words):
    """Is a reading of an unknown indicator, progress over 100%, a photo that is not one or is
    over 10 MB refused with one message naming the value, and nothing stored?"""
    before, seq = _state(plan), plan.change_marker()
    with pytest.raises(PlanningError) as caught:
        write(plan)
    text = caught.value.message("en")
    assert words in text and "Traceback" not in text
    assert "\n" not in text
    assert _state(plan) == before and plan.change_marker() == seq
    assert caught.value.message("id") != text  # said in the workshop's language too


def test_a_selection_needs_the_groups_reason_and_a_story_of_its_domain(plan):
    """Is a selection without a reason, or of a story of another domain, refused?"""
    plan.add("stories", title="Women at the meeting", story="…", domain="participation")
    with pytest.raises(PlanningError) as no_reason:
        commands.select_story(plan, domain="participation", round=1, story="Women at the meeting")
    assert "reason" in no_reason.value.message("en").lower()
    with pytest.raises(PlanningError) as other:
        commands.select_story(plan, domain="kemandirian", round=1, story="Women at the meeting",
                              reason="…")  # fmt: skip
    assert "Women at the meeting" in other.value.message("en")
    assert plan.records(StorySelection) == []


def test_a_photo_is_resized_and_kept_inside_the_workshop(plan, tmp_path):
    """Is a 4000 px photo kept as a JPEG of at most 1280 px, in parts, read back whole, and
    written beside the OpenDK tables?"""
    visit = record_progress(plan, photo=_png(4000, 2000), photo_name="site.png",
                            activity="Water pipes", date="2026-06-01", physical=40,
                            spent=70_000_000, status="late")  # fmt: skip
    assert visit.photo and all(p.photo == visit.photo for p in plan.records(Photo))
    picture = Image.open(io.BytesIO(photo_bytes(plan, visit.photo)))
    assert picture.format == "JPEG" and max(picture.size) == 1280
    written = write_tables(plan, tmp_path, "csv")
    names = sorted(p.name for p in written)
    assert names == [
        f"{visit.photo}.jpg",
        "opendk_pembangunan.csv",
        "opendk_pembangunan_dokumentasi.csv",
    ]
    with open(tmp_path / "opendk_pembangunan.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == PEMBANGUNAN
    assert rows[0]["judul"] == "Water pipes" and rows[0]["anggaran"] == "100000000"
    assert rows[0]["sumber_biaya_pemerintah"] == "100000000" and rows[0]["waktu"] == "184"
    assert rows[1]["sumber_biaya_swadaya"] == "2000000"
    assert rows[0]["foto"] == f"{visit.photo}.jpg"


def test_the_result_gives_the_lights_money_and_outcomes(plan):
    """Does the result light the indicator and the activity, flag money ahead of work and add
    up the realisation and the share of the village's own money?"""
    plan.add("indicator_readings", indicator="Homes with water", date="2026-07-02", value=150)
    record_progress(plan, activity="Water pipes", date="2026-06-01", physical=45,
                    spent=70_000_000, status="late")  # fmt: skip
    r = result(plan)
    assert r.lights() == {"green": 0, "amber": 0, "red": 1, "none": 0}
    water = next(x for x in r.activities if x.activity.title == "Water pipes")
    assert (
        water.state.ahead and water.state.light == "amber"
    )  # 45% with a little over half its days passed
    total = r.realisation["source"][-1]
    assert (total.planned, total.spent) == (102_000_000, 70_000_000)
    assert r.own_share.planned == pytest.approx(2 / 102)
    assert stages.result(plan, "followup") is r  # kept while nothing it reads changed


def test_summary_json_has_every_light_selection_score_change_and_map_change(demo):
    """Does ``planning summary --json`` give the follow-up of the demo, named, never by id?"""
    part = followup_part(demo)
    json.dumps(part)
    assert part["lights"] == {"green": 2, "amber": 1, "red": 3, "none": 5}
    assert {a["status"] for a in part["activities"] if a["status"]} >= {"on_track", "late", "done"}
    assert any(a["money_ahead_of_work"] for a in part["activities"])
    tie = next(s for s in part["selections"] if s["tied"])
    assert tie["selected"] is None and len(tie["tied"]) == 2
    assert any(s["selected"] and s["reason"] for s in part["selections"])
    assert any(x["change"] for x in part["scorecard"]) and part["scorecard_gaps"]
    change = part["map_changes"][0]
    assert change["actors_lost"] == ["Tengkulak Gabah"]
    assert change["became_connected"] == ["Universitas (KKN)"]
    assert "Stunting" in change["towers"]
    text = json.dumps(part)
    assert all(len(w) != 36 or w.count("-") != 4 for w in text.replace('"', " ").split())
    tellers = {s["teller"] for s in part["stories"]}
    assert "Neneng Hasanah" not in tellers and "Siti Aminah" in tellers  # consent only
    assert followup_text(part, "id")[0].startswith("Pemantauan")


def test_a_trainee_tells_votes_and_scores_but_records_no_reading(plan):
    """May a trainee tell their own story, vote and score, but not read an indicator, record a
    visit or vote for someone else?"""
    plan.add("stories", title="New pipes", story="Water at home", domain="quality_of_life")
    plan.add("scorecard_criteria", name="Water every day")
    mine = open_workshop(plan.url, by="Ani", role="trainee")
    try:
        form = room.stories_form(mine, "Ani")
        form.fill(title="Women decide", story=PAYLOAD, domain="participation")
        form.add()
        told = mine.find("stories", "Women decide")
        assert told.teller == mine.find("participants", "Ani").id
        votes = room.votes_form(mine, "Ani")
        votes.step(votes.items()[0][0], +1)
        assert [v.votes for v in mine.records("story_votes")] == [1]
        score = room.scorecard_form(mine, "Ani")
        score.fill(criterion=mine.find("scorecard_criteria", "Water every day").id,
                   group="women", score=4, reason="Better")  # fmt: skip
        score.add()
        assert [s.score for s in mine.records("scorecard_scores")] == [4], score.status
        with pytest.raises(PlanningError):
            mine.add("indicator_readings", indicator="Homes with water", date="2026-06-01", value=1)
        with pytest.raises(PlanningError):
            mine.step("story_votes", 1, participant="Budi", story="New pipes", round=1)
        assert PAYLOAD not in room.review_view(mine, "Ani").html
        assert PAYLOAD not in panels.StoriesPanel(mine).html
    finally:
        mine.close()


def test_panels_on_a_fresh_workshop_and_the_demo_show_everything_escaped(ws, demo):
    """Does every results panel draw on a fresh workshop (no plan yet) and on the demo?"""
    for workshop in (ws, demo):
        for cls in (panels.LightsPanel, panels.RealisationPanel, panels.StoriesPanel,
                    panels.SelectionPanel, panels.ScorecardPanel, panels.MapChangePanel,
                    panels.ReviewPanel, panels.OutcomesPanel):  # fmt: skip
            html = cls(workshop).html
            assert html and "<script" not in html
    review = panels.ReviewPanel(demo).html
    assert "Tengkulak Gabah" in review and "Universitas (KKN)" in review
    assert "Suara sama banyak" in panels.SelectionPanel(demo).html


def test_the_facilitator_records_a_visit_with_a_photo_and_names_a_round(plan):
    """Does the progress form store a visit with its photo in one change, and the round form
    name the map as it stands?"""
    form = panels.ProgressForm(plan)
    form.fill(activity=plan.find("activities", "Water pipes").id, date="2026-06-01",
              physical=30, spent=1000, status="on_track")  # fmt: skip
    form.attach(_png(2000, 1500), "site.png")
    seq = plan.change_marker()
    form.add()
    assert plan.change_marker() == seq + 1, form.status
    assert plan.records(Progress)[0].photo
    rounds = panels.MapRoundForm(plan)
    rounds.fill(round=1, name="June")
    rounds.add()
    assert plan.records("map_rounds")[0].change == seq + 1


def test_an_agreed_action_becomes_an_activity_with_its_origin_kept(plan):
    """Does an agreed action become an activity of the plan in one change, the action naming
    it, and is it refused a second time?"""
    plan.add("scorecard_criteria", name="Open budget")
    plan.add("agreed_actions", title="Budget board in each dusun", criterion="Open budget",
             by_date="2026-12-31")  # fmt: skip
    kept, made = commands.adopt_action(
        plan, "Budget board in each dusun",
        {"strategy": "participatory", "source": "pad_desa", "bidang": "1",
         "start": "2026-11-01", "end": "2026-12-31"},
    )  # fmt: skip
    assert kept.activity == made.id and made.title == "Budget board in each dusun"
    with pytest.raises(PlanningError):
        commands.adopt_action(plan, "Budget board in each dusun", {})
    r = result(plan)
    assert r.agreed[0].activity == made.id
    html = str(sections.report_scorecard(plan, "en")._repr_html_())
    assert html == "" or "Budget board" in html


def test_the_handout_sections_and_minutes_on_the_demo(demo):
    """Does the report name the money, the lights, the stories, the score card and the map,
    and the draft berita acara the attendance by gender and what was agreed?"""
    parts = [getattr(sections, f)(demo, "id")._repr_html_() for f in sections.__all__
             if f != "next_steps"]  # fmt: skip
    html = "".join(parts)
    for words in ("Realisasi", "Lampu", "Perubahan paling penting", "Kartu penilaian",
                  "Peta kemitraan", "Berita acara", "Perempuan", "Ketua BPD",
                  "data:image/jpeg;base64"):  # fmt: skip
        assert words in html, words
    assert "Neneng Hasanah" not in html  # told a story, did not consent to be named
    assert sections.next_steps(demo, "en")


def test_a_rounds_map_survives_copy_export_import_and_merge(demo, tmp_path, capsys):
    """Does each round keep its map, so ``followup.map_changes`` of a copy (``planning copy``,
    an export imported into a new workshop, a merge into a new workshop) is the original's; and
    does the kept map hold no contact person?"""
    from planning.cli import main
    from planning.followup.rounds import kept_texts, unpack
    from planning.summary import summary

    def changes(path):
        capsys.readouterr()
        assert main(["summary", str(path), "--json"]) == 0
        return json.loads(capsys.readouterr().out)["followup"]["map_changes"]

    src = demo.url.removeprefix("sqlite:///")
    original = summary(demo)["followup"]["map_changes"]
    assert original and original[0]["actors_lost"] == ["Tengkulak Gabah"]
    assert main(["copy", src, str(tmp_path / "copy.sqlite")]) == 0
    assert changes(tmp_path / "copy.sqlite") == original
    assert main(["export", src, "-o", str(tmp_path / "x"), "--format", "xlsx"]) == 0
    assert main(["new", str(tmp_path / "imported.sqlite"), "--title", "tmp"]) == 0
    book = str(tmp_path / "x" / "workshop.xlsx")
    assert main(["import", str(tmp_path / "imported.sqlite"), book]) == 0
    assert changes(tmp_path / "imported.sqlite") == original
    assert main(["new", str(tmp_path / "merged.sqlite"), "--title", "tmp"]) == 0
    assert main(["merge", str(tmp_path / "merged.sqlite"), src]) == 0
    assert changes(tmp_path / "merged.sqlite") == original
    # What a round kept stays: a later change of the map changes no map between rounds.
    demo.add("stakeholders", name="Koperasi Baru", sector="private", level="desa")
    assert summary(demo)["followup"]["map_changes"] == original
    kept = [unpack([text]) for text in kept_texts(demo).values()]
    assert len(kept) == 2 and all(k is not None for k in kept)
    contacts = {s.contact for s in demo.records("stakeholders") if s.contact}
    assert contacts  # the demo's map names contact persons, which no round keeps
    text = json.dumps(kept, ensure_ascii=False)
    assert '"contact"' not in text and not any(c in text for c in contacts)


def test_a_round_without_a_kept_map_reads_the_history_and_removing_a_round_removes_its_map(demo):
    """Is a round whose map was not kept (a file that names only its change) read from the
    workshop's history, and does removing a round remove the map it kept?"""
    from planning.followup.records import MapRound, RoundMap
    from planning.summary import summary

    original = summary(demo)["followup"]["map_changes"]
    for part in demo.records(RoundMap):
        demo.remove(RoundMap, part.id)
    assert summary(demo)["followup"]["map_changes"] == original
    commands.mark_round(demo, round=3, name="Juni 2027", date="2027-06-15")
    assert {p.round for p in demo.records(RoundMap)} == {3}
    (third,) = [r for r in demo.records(MapRound) if r.round == 3]
    demo.remove(MapRound, third.id)
    assert demo.records(RoundMap) == []


def test_an_indicators_baseline_date_starts_its_light(plan, tmp_path):
    """Does the time passed count from the indicator's baseline date (by default the first day
    of the plan's year), read from its form and an Indonesian file, and written by the export;
    is a baseline date on or after the target date refused, nothing changed?"""
    from planning.actions.panels import IndicatorEditor
    from planning.io import export_tables, import_file

    plan.add("indicator_readings", indicator="Homes with water", date="2026-07-02", value=150)
    (row,) = result(plan).indicators
    assert row.baseline_date.isoformat() == "2026-01-01" and row.light.light == "red"  # 25% < 50%
    (ind,) = plan.records("indicators")
    plan.edit("indicators", ind.id, baseline_date="2026-06-01")
    (row,) = result(plan).indicators
    assert row.light.elapsed == pytest.approx(31 / 213) and row.light.light == "green"
    assert followup_part(plan)["indicators"][0]["baseline_date"] == "2026-06-01"
    with pytest.raises(PlanningError) as bad:
        plan.edit("indicators", ind.id, baseline_date="2027-01-01")
    text = bad.value.message("en")
    assert "Baseline date" in text and "2027-01-01" in text and "2026-12-31" in text
    assert plan.records("indicators")[0].baseline_date == "2026-06-01"
    assert "baseline_date" in IndicatorEditor(plan).fields
    (written,) = [p for p in export_tables(plan, tmp_path) if p.name == "indicators.csv"]
    with open(written, encoding="utf-8-sig", newline="") as fh:
        assert next(csv.DictReader(fh))["baseline_date"] == "2026-06-01"
    file = tmp_path / "indikator.csv"
    file.write_text(
        "nama,kegiatan,data_awal,tanggal_data_awal,sasaran,tanggal_target\n"
        "Homes with water,Water pipes,100,2026-03-01,300,2026-12-31\n",
        encoding="utf-8",
    )
    import_file(plan, str(file), "indicators")
    assert plan.records("indicators")[0].baseline_date == "2026-03-01"


def test_the_forms_choosers_name_records_never_by_id(demo):
    """Does the chooser of each follow-up form name a record by what it is about (a reading
    by its indicator and day, a score by its criterion, group and round), never by an id, and
    does no labelled control carry the empty tooltip ipywidgets shows as "null"?"""
    import re

    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
    for name in ("MapRoundForm", "ReadingForm", "ProgressForm", "StoryForm", "SelectionForm",
                 "CriterionForm", "ScoreForm", "AgreedActionForm"):  # fmt: skip
        form = getattr(panels, name)(demo)
        labels = [label for label, _ in form.choices()]
        assert labels and not any(uuid.search(x) for x in labels), (name, labels[:3])

        def tooltips(x):
            if hasattr(x, "description"):  # a labelled control
                yield x.tooltip
            for c in getattr(x, "children", ()) or ():
                yield from tooltips(c)

        assert None not in set(tooltips(form)), name
    readings = [label for label, _ in panels.ReadingForm(demo).choices()]
    assert "Jalan dusun diperkeras · 10 Desember 2026" in readings
    scores = [label for label, _ in panels.ScoreForm(demo).choices()]
    assert "Air bersih mengalir setiap hari · Laki-laki · 1" in scores
    assert [label for label, _ in panels.MapRoundForm(demo).choices()] == [
        "1 · Juni 2026",
        "2 · Desember 2026",
    ]
