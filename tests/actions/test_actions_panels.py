"""The action-planning panels, headless: fill the forms, press the buttons, read the store and
what the panels show."""

from __future__ import annotations

import ipywidgets as w
import pytest

from planning import widgets
from planning.actions import panels, room
from planning.actions.assessment import review
from planning.actions.panels import ActivityForm
from planning.actions.records import Activity, ActivityVote, Indicator, Objective, Risk
from planning.errors import RightsError
from planning.i18n import t
from planning.store import open_workshop
from planning.widgets.forms import RecordForm

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']


def _unescaped(html: str) -> bool:
    return any(p in html for p in PAYLOADS)


@pytest.fixture
def village(ws):
    """An English workshop with two needs, a small map and two participants."""
    ws.add("needs", title="Clean water", category="infrastructure")
    ws.add("needs", title="Stunting", category="health")
    ws.add("stakeholders", name="PKK", sector="community_group", stance="supportive")
    ws.add("stakeholders", name="Puskesmas", sector="government", stance="supportive",
           resources="training,technical")  # fmt: skip
    ws.add("stakeholders", name="PDAM", sector="government", resources="technical")
    ws.add("links", source="Puskesmas", target="PKK", type="training")
    for name in ("Ani", "Budi"):
        ws.add("participants", name=name)
    return ws


def walk(widget):
    """Give a widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def fill_activity(form, ws, **kw):
    need = ws.find("needs", kw.pop("need", "Clean water")).id
    form.fill(need=need)
    fields = {
        "title": "Water pipes",
        "strategy": "support",
        "bidang": "2",
        "sub_bidang": "2.4",
        "start": "2026-03-01",
        "end": "2026-06-30",
        "cost": "15.000.000",
        "source": "dana_desa",
        "dusun": "Dusun I",
    }
    form.fill(**{**fields, **kw})


def test_activity_form_adds_with_the_maps_suggestions(village):
    """Does the form propose the map's partners for the need, take one as the lead, tick a
    partner, and store the activity?"""
    form = widgets.ActivityForm(village)
    fill_activity(form, village)
    names = [name for name, _ in form.suggestions]
    assert "Puskesmas" in names and "PDAM" not in names[:1]
    form.use_suggestion("Puskesmas", as_lead=True)
    form.use_suggestion("PKK", as_lead=False)
    form.add()
    (act,) = village.records(Activity)
    assert village.get("stakeholders", act.lead).name == "Puskesmas" and act.partners == "PKK"
    assert (act.cost, act.sub_bidang, act.start) == (15_000_000, "2.4", "2026-03-01")
    assert "Water pipes" in form.status and form.fields["title"] == ""


def test_activity_form_warns_of_a_lead_without_a_community_group(village):
    """Does choosing a lead with no path to a community group say so at once?"""
    form = widgets.ActivityForm(village)
    form.fill(lead=village.find("stakeholders", "PDAM").id)
    assert any("no link to any community group" in str(getattr(c, "value", "")) for c in walk(form))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"end": "2026-01-01"}, ["Ends", "before the start"]),
        ({"cost": "-5"}, ["Cost (Rp)", "-5"]),
        ({"source": "bank"}, ["Funding source", "bank"]),
        ({"strategy": "magic"}, ["Way of empowering", "magic"]),
        ({"mode": "outsourced"}, ["How it is carried out", "outsourced"]),
        ({"bidang": "9", "sub_bidang": ""}, ["Bidang (APBDes)", "9"]),
        ({"lead": "Bupati"}, ["Lead (who is responsible)", "Bupati"]),
        ({"need": "Roads"}, ["Priority need it answers", "Roads"]),
    ],
)
def test_activity_form_refuses_bad_input_and_keeps_what_was_typed(village, change, words):
    """Is bad input refused with its message, nothing stored, and the form left as typed?"""
    form = widgets.ActivityForm(village)
    if "need" in change:
        fill_activity(form, village)
        form.fill(need=change["need"])
    else:
        fill_activity(form, village, **change)
    typed = form.fields
    form.add()
    assert village.records(Activity) == []
    for word in words:
        assert word in form.status, (word, form.status)
    assert form.fields == typed


def test_activity_form_edits_and_removes(village):
    """Does choosing an activity fill the form, saving write a new version, and removing take
    its indicators with it?"""
    form = widgets.ActivityForm(village)
    fill_activity(form, village)
    form.add()
    (act,) = village.records(Activity)
    village.add(Indicator, name="Households", activity=act.id)
    form.choose(act.id)
    assert form.fields["title"] == "Water pipes" and form.fields["cost"] == "15000000"
    form.fill(title="Water pipes and taps", end="2026-07-31")
    form.save()
    assert village.get(Activity, act.id).end == "2026-07-31" and "saved" in form.status.lower()
    form.remove()
    assert village.records(Activity) == [] and village.records(Indicator) == []


def test_indicator_editor_starts_from_a_starter_and_refuses_over_100(village):
    """Does a starter fill the form, a target over 100% get refused, and a fixed one stored
    with its outcome?"""
    form = widgets.ActivityForm(village)
    fill_activity(form, village)
    form.add()
    act = village.records(Activity)[0]
    editor = widgets.IndicatorEditor(village)
    editor.measure("activity", act.id)
    editor.use_starter("women_attending", "participation")
    assert editor.fields["unit"] == "%" and editor.fields["outcome"] == "participation"
    editor.fill(baseline="20", target="120", target_date="2026-12-31")
    editor.add()
    assert village.records(Indicator) == [] and "0 to 100" in editor.status
    editor.fill(target="60")
    editor.add()
    (ind,) = village.records(Indicator)
    assert (ind.target, ind.outcome, ind.activity) == (60.0, "participation", act.id)
    assert "Share of women" in editor.table


def test_logframe_panel_adds_objectives_and_risks(village):
    """Does the logframe panel add an objective for a need and a risk on it, and show them?"""
    panel = widgets.LogframePanel(village)
    need = village.find("needs", "Clean water").id
    panel.objectives.fill(need=need, level="purpose", text="Water all year")
    panel.objectives.add()
    (obj,) = village.records(Objective)
    panel.risks.fill(objective=obj.id, text="Dry season", likelihood=3, impact=2)
    panel.risks.add()
    assert village.records(Risk)[0].likelihood == 3
    assert "Water all year" in panel.table and "Dry season" in panel.table
    panel.risks.fill(objective="", text="Nothing")
    panel.risks.add()
    assert len(village.records(Risk)) == 1 and "required" in panel.risks.status


def test_vote_panel_approves_once_and_says_nothing_changed(village):
    """Does a participant approve an activity once, take it back, and hear that a second take
    back changed nothing?"""
    form = widgets.ActivityForm(village)
    fill_activity(form, village)
    form.add()
    act = village.records(Activity)[0]
    panel = widgets.ActivityVotePanel(village, participant="Ani")
    assert panel.activities == [act.id]
    panel.step(act.id, +1)
    panel.step(act.id, +1)
    assert [v.votes for v in village.records(ActivityVote)] == [1] and "0 or 1" in panel.status
    assert "said yes to: 1" in panel.left
    panel.step(act.id, -1)
    panel.step(act.id, -1)
    assert "Nothing changed" in panel.status


def test_checks_panel_lists_findings_and_applies_a_suggested_lead(demo):
    """Does the checks panel list every finding and make the map's suggestion the lead?"""
    panel = widgets.ChecksPanel(demo)
    checks = {c for c, _ in panel.findings}
    assert "lead_without_community_path" in checks and "outcome_without_indicator" in checks
    assert "What to do" in panel.html or "Yang perlu dilakukan" in panel.html
    activity, actor = panel.quick_fixes[0]
    panel.make_lead(activity, actor)
    assert "lead_without_community_path" not in {c for c, _ in panel.findings}
    panel.set_top_n(4)
    assert "need_without_activity" not in {c for c, _ in panel.findings}
    panel.set_top_n(0)
    assert "1" in panel.status and "50" in panel.status


def test_budget_panel_saves_ceilings_and_refuses_a_bad_amount(demo):
    """Does the budget view store ceilings typed in Indonesian thousands (a source's ceiling
    replaced, not doubled), refuse a word, and redraw the selection?"""
    panel = widgets.BudgetPanel(demo)
    assert "Rp168.160.000" in panel.html["selection"]
    # The ceiling panel shows the part the village plans: 41,97% after PMK 7/2026's Koperasi.
    assert "503.640.000" in panel.html["ceilings"] and "58,03%" in panel.html["ceilings"]
    for source, amount in (("dana_desa", "2.000.000.000"), ("ngo_donor", "35.000.000")):
        panel.ceilings.fill(source=source, amount=amount)
        panel.ceilings.add()
    assert {c.source: c.amount for c in demo.records("ceilings")}["dana_desa"] == 2 * 10**9
    assert "Tidak masuk" not in panel.html["selection"]
    panel.ceilings.fill(source="dana_desa", amount="banyak")
    panel.ceilings.add()
    assert "banyak" in panel.ceilings.status
    assert {c.source: c.amount for c in demo.records("ceilings")}["dana_desa"] == 2 * 10**9
    assert "Pembagian Setara (dengan pelengkapan)" in panel.html["votes"]


def test_settings_panel_stores_only_what_changed(village):
    """Does saving the settings store the changed ones and refuse a bad year?"""
    panel = widgets.PlanSettingsPanel(village)
    panel.fill(year="2027", vote_budget="500.000.000")
    panel.save()
    stored = {r.setting: r.value for r in village.records("plan_settings")}
    assert stored == {"year": "2027", "vote_budget": "500000000"}
    panel.fill(year="dua ribu")
    panel.save()
    assert "dua ribu" in panel.status
    assert {r.setting: r.value for r in village.records("plan_settings")}["year"] == "2027"


def test_a_change_in_one_panel_redraws_the_others(village):
    """Does an activity added in the form appear in the timeline, the tables and the votes?"""
    gantt = widgets.GanttPanel(village)
    tables = widgets.PlanTablesPanel(village)
    votes = widgets.ActivityVotePanel(village)
    checks = widgets.ChecksPanel(village)
    form = widgets.ActivityForm(village)
    fill_activity(form, village, title="Posyandu class", need="Stunting", sub_bidang="2.2")
    form.add()
    act = village.records(Activity)[0]
    assert "Posyandu class" in gantt.html and "Posyandu class" in tables.html
    assert votes.activities == [act.id]
    assert any("Posyandu class" in what for _, what in checks.findings)


def test_plan_tables_panel_shows_each_table(demo):
    """Does the tables panel show the RKP Desa with its form's headers, and the others?"""
    panel = widgets.PlanTablesPanel(demo)
    panel.show("rkp_desa")
    assert "Perkiraan Biaya dan Sumber Pembiayaan" in panel.html and "planning-total" in panel.html
    panel.show("du_rkp_desa")
    assert "Usulan sumur bor" in panel.html
    panel.show("raci")
    assert "RACI" in panel.html


def test_typed_payloads_are_shown_as_text_in_every_panel(village):
    """Is every text a person typed escaped wherever a panel shows it?"""
    form = widgets.ActivityForm(village)
    fill_activity(form, village, title=PAYLOADS[0], dusun=PAYLOADS[1], unit=PAYLOADS[2])
    form.add()
    act = village.records(Activity)[0]
    village.add(Objective, text=PAYLOADS[1], need="Clean water")
    village.add(Indicator, name=PAYLOADS[2], activity=act.id, unit="orang",
                verification=PAYLOADS[0])  # fmt: skip
    village.add(Risk, text=PAYLOADS[0], activity=act.id, mitigation=PAYLOADS[1])
    panels = [
        widgets.LogframePanel(village),
        widgets.IndicatorEditor(village),
        widgets.ChecksPanel(village),
        widgets.BudgetPanel(village),
        widgets.GanttPanel(village),
        widgets.PlanTablesPanel(village),
    ]
    shown = [panels[0].table, panels[1].table, panels[2].html, *panels[3].html.values(),
             panels[4].html]  # fmt: skip
    for which in widgets.PlanTablesPanel.TABLES:
        panels[5].show(which)
        shown.append(panels[5].html)
    assert not any(_unescaped(html) for html in shown)
    assert any("&lt;script&gt;" in html for html in shown)
    assert review(village).view.plan.activities[0].title == PAYLOADS[0]


def test_no_workshop_gives_an_empty_panel():
    """Does a panel given no workshop show nothing (the notebook says how to choose one)?"""
    assert widgets.ActivityForm(None).value == ""


def test_a_workshop_without_a_plan_gets_every_panel_and_an_empty_handout_part(ws_id):
    """Do the panels open on a workshop with no needs, map or plan yet, and does the handout's
    plan part say only that there is no activity yet?"""
    from planning.actions import panels, sections

    for name in panels.__all__:
        assert getattr(widgets, name)(ws_id) is not None
    assert "Belum ada kegiatan" in sections.plan_overview(ws_id, "id").html
    for part in ("plan_logframe", "plan_tables", "plan_timeline", "plan_budget", "plan_checks",
                 "information_board"):  # fmt: skip
        assert getattr(sections, part)(ws_id, "id").html == ""
    assert sections.next_steps(ws_id, "id") == []


@pytest.mark.parametrize(
    "form",
    [
        c
        for c in vars(panels).values()
        if isinstance(c, type) and issubclass(c, RecordForm) and hasattr(c, "FORM")
    ],
)
def test_every_field_of_a_form_is_shown_or_hidden_by_name(form):
    """Is every field of each editor's kind shown or hidden by name, so adding a field to the
    record needs only its locales and one name in the layout?"""
    assert form.FORM.missing() == []


def test_an_activity_chosen_and_saved_unchanged_round_trips_every_field(village):
    """Does every field the activity form shows come back as stored when an activity is
    chosen and saved without a change?"""
    form = widgets.ActivityForm(village)
    fill_activity(form, village, volume="2.5", unit="unit", men="3", women="4",
                  poor_households="5", pkh_families="6", dd_focus="", mode="swakelola",
                  status="agreed", partners="PKK")  # fmt: skip
    form.use_suggestion("Puskesmas", as_lead=True)
    form.add()
    (act,) = village.records(Activity)
    assert set(form.shown) | set(ActivityForm.FORM.hidden) == set(Activity.specs())
    form.choose(act.id)
    form.save()
    assert village.get(Activity, act.id).data() == act.data()
    assert form.fields["partners"] == "PKK" and form.fields["status"] == "agreed"


@pytest.fixture
def trainee(village):
    """Ani's kernel in the room: the workshop opened by her, as a trainee."""
    other = open_workshop(village.url, by="Ani", role="trainee")
    yield other
    other.close()


def test_a_trainees_activity_form_has_no_chooser_save_or_remove(village, trainee):
    """Does a trainee's activity form hold no control that edits or removes an activity, and
    is the activity she adds credited to her?"""
    form = room.activities_form(trainee, "Ani")
    words = {t(k, "en") for k in ("common.save", "common.remove")}
    found = list(walk(form))
    assert not [b for b in found if isinstance(b, w.Button) and b.description in words]
    assert not [
        d for d in found if getattr(d, "description", "") == t("actions.form.edit_which", "en")
    ]
    form.fill(need=village.find("needs", "Clean water").id, title="Water pipes",
              dusun="Dusun I", start="2026-03-01", end="2026-06-30", cost="15.000.000")  # fmt: skip
    form.add()
    (act,) = village.records(Activity)
    assert act.entered_by == "Ani" and "Water pipes" in form.status
    assert (act.strategy, act.source, act.bidang) == ("", "", "")  # the facilitator's to fill


def test_a_trainees_votes_are_her_own(village, trainee):
    """Does a trainee's tally have no chooser of names, count her approval, and refuse a
    vote for somebody else (the store refuses it, whatever the panel was given)?"""
    act = village.add(Activity, title="Water pipes", strategy="support", source="dana_desa",
                      start="2026-03-01", end="2026-06-30", bidang="2")  # fmt: skip
    mine = room.votes_form(trainee, "Ani")
    people = {p.id for p in village.records("participants")}
    assert not [
        x for x in walk(mine) if isinstance(x, w.Dropdown) and people & set(x._options_values)
    ]
    mine.step(act.id, +1)
    assert [(v.votes, v.entered_by) for v in village.records(ActivityVote)] == [(1, "Ani")]
    budi = room.votes_form(trainee, "Budi")
    budi.step(act.id, +1)
    assert len(village.records(ActivityVote)) == 1 and "Budi" in budi.status
    with pytest.raises(RightsError):
        trainee.step(ActivityVote, +1, participant="Budi", activity=act.id)
