"""The stakeholder panels, headless, through what a person does: fill a form, press a button,
read the store and what the panel shows."""

from __future__ import annotations

import pytest

from planning import widgets
from planning.stakeholders.assessment import positions
from planning.widgets import WorkshopState

PANELS = [
    "StakeholderForm",
    "LinkForm",
    "InfluenceTowers",
    "StakeholderMap",
    "DragMap",
    "MetricsPanel",
    "PowerInterestGrid",
    "SuggestionsPanel",
]


def _actors(ws, *names, sector="community_group"):
    for name in names:
        ws.add("stakeholders", name=name, sector=sector)


def test_does_the_actor_form_add_edit_and_remove_an_actor(ws):
    """Does the form store an actor with its resources, edit it, and remove it?"""
    form = widgets.StakeholderForm(ws)
    form.fill(name="Puskesmas", sector="government", level="kecamatan", stance="supportive",
              interest=4, resources=["training", "technical"], contact="Bidan Yanti")  # fmt: skip
    form.add()
    assert form.status == "Added: Puskesmas."
    actor = ws.find("stakeholders", "Puskesmas")
    assert (actor.sector, actor.interest, actor.resources) == (
        "government",
        4,
        "training,technical",
    )
    assert form.fields["name"] == ""  # cleared for the next actor
    assert "Puskesmas" in form.table and "Bidan Yanti" not in form.table
    form.choose("Puskesmas")
    assert form.fields["resources"] == ["training", "technical"]
    form.fill(interest=5)
    form.save()
    assert ws.get("stakeholders", actor.id).interest == 5
    form.remove()
    assert form.status == "Removed: Puskesmas, with its links and towers."
    assert ws.records("stakeholders") == []


def test_does_the_actor_form_refuse_a_duplicate_and_keep_what_was_typed(ws_id):
    """Is a duplicate refused in Indonesian, the store unchanged and the form as typed?"""
    _actors(ws_id, "Karang Taruna")
    form = widgets.StakeholderForm(ws_id)
    form.fill(name="karang  taruna", sector="community_group")
    form.add()
    assert form.status == "Aktor: 'karang taruna' sudah ada sebagai 'Karang Taruna'."
    assert len(ws_id.records("stakeholders")) == 1
    assert form.fields["name"] == "karang  taruna"


def test_does_an_added_actor_get_a_place_that_moves_nobody(ws):
    """Once the map is arranged, does a new actor get a free place and nobody else move?"""
    _actors(ws, "A", "B", "C")
    ws.add("links", source="A", target="B", type="funding")
    widgets.StakeholderMap(ws)  # drawing the map stores the first layout
    before = {p.stakeholder: (p.x, p.y) for p in ws.records("positions")}
    assert len(before) == 3
    form = widgets.StakeholderForm(ws)
    form.fill(name="D", sector="ngo")
    form.add()
    after = {p.stakeholder: (p.x, p.y) for p in ws.records("positions")}
    assert {k: after[k] for k in before} == before
    new = after[ws.find("stakeholders", "D").id]
    assert all(abs(new[0] - x) + abs(new[1] - y) > 5 for x, y in before.values())


def test_does_the_link_form_offer_known_actors_and_types_and_refuse_a_self_link(ws):
    """Does the link form list the actors and types, store a link, and refuse a self-link?"""
    _actors(ws, "Desa", "KWT")
    form = widgets.LinkForm(ws)
    assert form.types[:7] == ["funding", "information", "training", "technical", "coordination",
                              "authority", "conflict"]  # fmt: skip
    form.fill(source="Desa", target="KWT", type="funding", strength=3, note="Dana desa")
    form.add()
    assert form.status == "Link added: Desa → KWT (funding)."
    assert [(x.type, x.strength, x.note) for x in ws.records("links")] == [
        ("funding", 3, "Dana desa")
    ]
    form.fill(source="Desa", target="Desa")
    form.add()
    assert form.status.startswith("To: 'Desa' is not allowed.")
    assert len(ws.records("links")) == 1
    form.add_type("Pinjaman alat", two_way=True)
    assert form.types[-1] == "Pinjaman alat"
    assert "Dana desa" in form.table


def test_do_the_towers_go_up_and_down_by_tap_and_say_when_nothing_changed(ws_id):
    """Does + raise a tower, − lower it, and pressing − at 0 say that nothing changed?"""
    _actors(ws_id, "Puskesmas")
    panel = widgets.InfluenceTowers(ws_id)
    assert panel.status.startswith("Tambahkan dulu pertanyaan pengaruh")
    panel.add_question("Stunting", "Siapa berpengaruh atas penurunan stunting?")
    panel.step("Puskesmas", -1)
    assert panel.status == "Menara Puskesmas sudah 0: tidak ada yang berubah."
    assert ws_id.records("influence") == []
    for _ in range(6):
        panel.step("Puskesmas", +1)
    assert panel.status == "Menara Puskesmas sudah setinggi 5: tidak ada yang berubah."
    assert panel.height("Puskesmas") == 5
    panel.step("Puskesmas", -1)
    assert panel.height("Puskesmas") == 4
    panel.set_height("Puskesmas", "7")
    assert panel.status.startswith("Tinggi menara: '7' tidak diperbolehkan")
    assert panel.height("Puskesmas") == 4


def test_does_the_map_filter_by_type_ego_and_what_if(demo):
    """Does the map draw, filter, and say what losing the cooperative would do?"""
    panel = widgets.StakeholderMap(demo)
    figure = '<figure class="planning-figure planning-map" tabindex="0">'
    assert panel.drawing.startswith(figure + '<img src="data:')
    plain = panel.drawing
    panel.show(link_type="funding")
    assert panel.drawing != plain
    panel.show(ego="Kelompok Tani Sumber Rejeki", depth=1)
    panel.show(remove="Koperasi Tani Makmur")
    assert "single point of failure" in panel.notes
    assert "Kelompok Tani Sumber Rejeki" in panel.notes


def test_does_moving_an_actor_move_only_that_actor(demo):
    """Do the arrows move one actor by a step and leave every other place as it was?"""
    panel = widgets.StakeholderMap(demo)
    before = {p.stakeholder: (p.x, p.y) for p in demo.records("positions")}
    pdam = demo.find("stakeholders", "PDAM").id
    panel.nudge("PDAM", 4, -4)
    after = {p.stakeholder: (p.x, p.y) for p in demo.records("positions")}
    assert after[pdam] == (before[pdam][0] + 4, before[pdam][1] - 4)
    assert {k: v for k, v in after.items() if k != pdam} == {
        k: v for k, v in before.items() if k != pdam
    }
    panel.tidy()
    assert positions(demo) != after


def test_does_dragging_an_actor_keep_it_there_on_every_page(demo):
    """Does a drag store the actor's place (nobody else moves), show it on another open page,
    and is a drop outside the map kept at its edge?"""
    dragged, other = widgets.DragMap(demo), widgets.DragMap(demo)
    stored = positions(demo)
    names = {a.id: a.name for a in demo.records("stakeholders")}
    assert dragged.actors == {names[k]: v for k, v in stored.items()}
    assert "Kelompok tani" in dragged.legend or "kelompok" in dragged.legend.lower()
    index = list(dragged.actors).index("PDAM")
    dragged._dropped(None, {"event": "drag_end", "index": index, "point": {"x": 12.5, "y": 80}})
    assert dragged.status == "Dipindahkan: PDAM"
    pdam = demo.find("stakeholders", "PDAM").id
    after = positions(demo)
    assert after[pdam] == (12.5, 80.0)
    assert {k: v for k, v in after.items() if k != pdam} == {
        k: v for k, v in stored.items() if k != pdam
    }
    assert other.actors["PDAM"] == (12.5, 80.0)  # the other page, at once
    dragged.drop("PDAM", 130, -4)
    assert positions(demo)[pdam] == (100.0, 0.0)
    demo.undo()
    assert positions(demo)[pdam] == (12.5, 80.0)  # one undo, one drag
    dragged._dropped(None, {"index": 999, "point": {"x": 1, "y": 1}})  # nobody: nothing moves
    assert positions(demo)[pdam] == (12.5, 80.0)


def test_do_the_metrics_grid_and_suggestions_explain_themselves(demo):
    """Does each analysis panel show its numbers with plain words in the workshop's language?"""
    metrics = widgets.MetricsPanel(demo)
    assert "Peran jembatan (betweenness)" in metrics.html
    assert "Seberapa sering aktor ini berada di jalan terpendek" in metrics.html
    assert "Belum terhubung dengan siapa pun: PDAM." in metrics.html
    grid = widgets.PowerInterestGrid(demo)
    assert "Libatkan erat" in grid.html and "Pemerintah Desa (5/5)" in grid.html
    grid.choose("Air bersih")
    assert "Pemerintah Desa (4/5)" in grid.html
    suggestions = widgets.SuggestionsPanel(demo)
    assert "Untuk “Air bersih sulit didapat saat kemarau”" in suggestions.html
    assert "Koperasi Tani Makmur adalah satu-satunya titik penghubung" in suggestions.html
    suggestions.save_need("Jalan dusun rusak menuju Sukasari", ["technical", "authority"])
    assert "membutuhkan dukungan teknis, kewenangan" in suggestions.html


def test_does_an_actor_added_in_one_panel_appear_in_every_open_panel(ws):
    """Is an actor added on the form offered at once in the link form, towers and map?"""
    _actors(ws, "Desa")
    ws.add("influence_questions", name="Budget")
    link, towers, grid = (
        widgets.LinkForm(ws),
        widgets.InfluenceTowers(ws),
        widgets.PowerInterestGrid(ws),
    )
    mapped = widgets.StakeholderMap(ws)
    form = widgets.StakeholderForm(ws)
    form.fill(name="Koperasi", sector="cooperative")
    form.add()
    link.fill(source="Desa", target="Koperasi", type="funding")
    link.add()
    towers.step("Koperasi", +1)
    assert towers.height("Koperasi") == 1
    assert "Koperasi" in grid.html
    assert "2 actors and 1 links" in mapped.notes


def test_running_a_panels_cell_again_leaves_one_listener(ws):
    """Does showing each panel twice keep one listener per panel?"""
    state = WorkshopState.of(ws)
    start = state.listeners
    for _ in range(2):
        for name in PANELS:
            getattr(widgets, name)(ws)
    assert state.listeners == start + len(PANELS)


@pytest.mark.parametrize("name", PANELS)
def test_a_panel_without_a_workshop_shows_nothing(name):
    """Given no workshop, does each panel show nothing?"""
    shown = getattr(widgets, name)(None)
    assert shown.value == ""


PAYLOADS = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_payloads_are_shown_as_text_in_every_panel(ws, payload):
    """Is every typed text (actor, note, question, custom type) escaped in every panel?"""
    actor, other = f"{payload} A", f"{payload} B"
    ws.add("stakeholders", name=actor, sector="community_group", notes=payload, contact=payload)
    ws.add("stakeholders", name=other, sector="government", stance="supportive",
           resources="funding, training")  # fmt: skip
    ws.add("influence_questions", name=f"{payload} Q", question=payload)
    ws.add("link_types", name=f"{payload} T")
    ws.add("links", source=other, target=actor, type="funding", note=payload)
    ws.add("links", source=actor, target=other, type=f"{payload} T")
    ws.add("needs", title=f"{payload} need", category="health")
    for name in PANELS:
        panel = getattr(widgets, name)(ws)
        shown = _html_of(panel)
        assert payload not in shown, name
        assert "&lt;" in shown, name  # the payload is there, as text
    form = widgets.StakeholderForm(ws)
    form.fill(name=actor, sector="ngo")
    form.add()
    assert form.status.startswith(f"Actor: '{actor}' is already there")
    assert payload not in _html_of(form)


def _html_of(widget) -> str:
    """Give the HTML every HTML widget inside ``widget`` shows (the payload must be escaped)."""
    import ipywidgets as w

    found = [widget.value] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        found.append(_html_of(child))
    return "".join(found)
