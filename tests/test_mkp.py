"""A women's deliberation (MKP): what it proposes keeps "usulan MKP" from proposal to the
DU-RKPDesa row and the summary."""

from __future__ import annotations

import pytest

from planning import stages, widgets
from planning.actions.exports import data_tables, plan_tables, tables
from planning.errors import PlanningError
from planning.i18n import t
from planning.influence import influence_part
from planning.needs.views import combined_table
from planning.room import state
from planning.store import open_workshop
from planning.summary import summary_text
from tests.plans import add_activity

WOMEN = [f"Ibu {c}" for c in "ABCDEF"]
MEN = [f"Pak {c}" for c in "GHIJ"]


@pytest.fixture
def room(ws):
    for name in WOMEN + MEN:
        ws.add("participants", name=name, gender="female" if name in WOMEN else "male")
    ws.put_many("plan_settings", [{"setting": "year", "value": "2026"}])
    return ws


def propose(ws, name: str, title: str):
    trainee = open_workshop(ws.url, by=name, role="trainee")
    try:
        return trainee.add("needs", title=title, proposed_by=name)
    finally:
        trainee.close()


def test_is_the_origin_kept_from_proposal_to_the_du_rkpdesa_row(room):
    """Does a need a woman proposes in the MKP keep "usulan MKP", and the activity answering it
    carry it into the ranking, the DU-RKPDesa's own column and the summary?"""
    state.open_mkp(room)
    ours = propose(room, "Ibu A", "Posyandu di Dusun II")
    theirs = propose(room, "Pak G", "Jalan tani")  # not in the women's meeting
    state.close_mkp(room)
    later = room.add("needs", title="Lampu jalan")
    assert (ours.origin, theirs.origin, later.origin) == ("mkp", "plenary", "plenary")
    add_activity(
        room,
        "Gedung posyandu",
        "Posyandu di Dusun II",
        cost="150.000.000",
        source="bankeu_kabupaten",
        destination="musrenbang",
        authority="Dinas Kesehatan",
    )
    du = plan_tables(room, "en")["du_rkp_desa"]
    assert du.column_ids()[-1] == "origin"
    (row,) = [r for g in du.groups for r in g.rows]
    assert row[-1].key == "origin.mkp"
    laid = tables(room, "id")["du_rkp_desa"]
    assert "usulan MKP" in str(laid.groups[0][1][0][-1])
    data = data_tables(room, "id")["du_rkp_desa_data"]
    assert data[0][-1] == "Diusulkan di" and data[1][-1] == "usulan MKP"
    room.add("dot_votes", participant="Ibu A", need="Posyandu di Dusun II", dots=2)
    room.add("dot_votes", participant="Pak G", need="Jalan tani", dots=1)
    ranking = combined_table(stages.result(room, "needs"), "id")
    assert "Posyandu di Dusun II (usulan MKP)" in ranking and "Jalan tani (usulan" not in ranking
    steps = {s["decision"]: s for s in influence_part(room)["mkp"]}
    assert (steps["needs_proposed"]["given"], steps["needs_proposed"]["total"]) == (1, 3)
    assert (steps["musrenbang"]["given"], steps["musrenbang"]["total"]) == (1, 1)
    assert "The women's meeting (MKP) proposed 1 of 3 needs" in summary_text(room)


def test_can_the_mkp_be_opened_for_chosen_people(room):
    """Does a meeting opened for two named women leave another woman's proposal plenary?"""
    state.open_mkp(room, ("Ibu A", "Ibu B"))
    assert [p.name for p in state.mkp(room)] == ["Ibu A", "Ibu B"]
    assert propose(room, "Ibu B", "Air").origin == "mkp"
    assert propose(room, "Ibu C", "Sampah").origin == "plenary"


def test_is_a_trainee_refused_the_mkp(room):
    """Does the store refuse a trainee who opens a women's meeting?"""
    trainee = open_workshop(room.url, by="Ibu A", role="trainee")
    try:
        with pytest.raises(PlanningError):
            state.open_mkp(trainee)
    finally:
        trainee.close()
    assert state.mkp(room) is None


def test_does_the_facilitators_view_open_and_close_it(room):
    """Does the facilitator's button open the meeting for the six women, then close it?"""
    view = widgets.FacilitatorView(room)
    try:
        view.toggle_mkp()
        assert "6" in view.mkp and state.mkp(room) is not None
        view.toggle_mkp()
        assert view.mkp == "" and state.mkp(room) is None
    finally:
        view.close_panel()


def test_does_the_facilitators_view_open_it_for_the_people_chosen(room):
    """Does a meeting opened with two people chosen in the view's list hold only them?"""
    view = widgets.FacilitatorView(room)
    try:
        ids = {p.name: p.id for p in room.records("participants")}
        view._mkp_people.value = (ids["Ibu A"], ids["Pak G"])
        view.toggle_mkp()
        assert sorted(p.name for p in state.mkp(room)) == ["Ibu A", "Pak G"]
        assert "2" in view.mkp
    finally:
        view.close_panel()


def test_does_the_rkp_desa_keep_the_origin_in_its_form_and_its_own_column(room):
    """Does a Dana Desa activity proposed in the MKP say "usulan MKP" in the RKP Desa form's
    activity cell (the form's own columns stay as the regulation has them) and in its own
    column of the RKP Desa data, while the room's activity says "seluruh peserta"?"""
    state.open_mkp(room)
    propose(room, "Ibu A", "Posyandu")
    state.close_mkp(room)
    room.add("needs", title="Jalan")
    for title, need in (("Kelas ibu hamil", "Posyandu"), ("Rabat beton", "Jalan")):
        add_activity(room, title, need)
    laid = tables(room, "id")["rkp_desa"]
    cells = [str(row[1]) for _, rows, _ in laid.groups for row in rows]
    text = " ".join(cells)
    assert text.count("usulan MKP") == 1
    assert "usulan MKP" in next(c for c in cells if "Kelas ibu hamil" in c)
    data = data_tables(room, "id")["rkp_desa_data"]
    column = data[0].index("Diusulkan di")
    title = data[0].index("Kegiatan") if "Kegiatan" in data[0] else 4
    origins = {row[title]: row[column] for row in data[1:]}
    assert origins["Kelas ibu hamil"] == "usulan MKP"
    assert origins["Rabat beton"] == t("origin.plenary", "id")
