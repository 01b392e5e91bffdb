"""Why a pair was chosen: asked on the phone and in the panel, imported and exported, shown
beside the pair in the results and the handout, and offered as candidate criteria."""

from __future__ import annotations

from pathlib import Path

from planning import open_workshop, widgets
from planning.io import export_tables, import_file
from planning.needs.assessment import assess
from planning.needs.room import PairwiseResults, pairwise_form


def _two_needs(ws):
    return ws.add("needs", title="Air bersih"), ws.add("needs", title="Jalan desa")


def _descriptions(widget) -> list[str]:
    found = [getattr(widget, "description", "")]
    for child in getattr(widget, "children", ()):
        found += _descriptions(child)
    return found


def test_does_the_panel_ask_why_and_show_the_reason_beside_the_pair(ws):
    """Does the pairwise panel ask "Why?", store the reason with the choice, empty the box,
    and do the results show the pair with its reason?"""
    water, _ = _two_needs(ws)
    panel = widgets.PairwisePanel(ws)
    assert "Why?" in _descriptions(panel)
    panel.decide(water.id, "Felt by <b>many</b> households")
    (pair,) = ws.records("pairwise")
    assert (pair.winner, pair.reason) == (water.id, "Felt by <b>many</b> households")
    shown = PairwiseResults(ws).html
    assert "Air bersih over Jalan desa: Felt by &lt;b&gt;many&lt;/b&gt; households" in shown


def test_is_why_asked_on_a_trainees_phone(tmp_path: Path):
    """Does the trainee's pairwise form ask "Mengapa?" and store the trainee's reason?"""
    from planning import create_workshop

    path = tmp_path / "room.sqlite"
    ws_id = create_workshop(path, title="Lokakarya", language="id")
    _two_needs(ws_id)
    ws_id.add("participants", name="Siti")
    phone_ws = open_workshop(path, by="Siti", role="trainee")
    try:
        phone = pairwise_form(phone_ws, "Siti")
        assert "Mengapa?" in _descriptions(phone)
        phone.decide(None, "Sama-sama mendesak")
    finally:
        phone_ws.close()
    (pair,) = ws_id.records("pairwise")
    assert (pair.winner, pair.reason) == ("", "Sama-sama mendesak")
    ws_id.close()


def test_do_pair_reasons_round_trip_through_csv_and_xlsx(demo, tmp_path: Path):
    """Does every reason survive export and import, as CSV and as XLSX?"""
    before = {(p.need_a, p.need_b): p.reason for p in demo.records("pairwise")}
    assert sum(1 for r in before.values() if r) >= 5
    for fmt in ("csv", "xlsx"):
        out = tmp_path / fmt
        export_tables(demo, out, fmt)
        fresh = tmp_path / f"fresh-{fmt}.sqlite"
        from planning import create_workshop

        copy = create_workshop(fresh, title="Copy", language="id")
        try:
            if fmt == "csv":
                for kind in ("needs", "pairwise"):
                    import_file(copy, out / f"{kind}.csv", kind)
            else:
                import_file(copy, out / "workshop.xlsx")
            titles = {n.id: n.title for n in copy.records("needs")}
            got = {(titles[p.need_a], titles[p.need_b]): p.reason for p in copy.records("pairwise")}
            names = {n.id: n.title for n in demo.records("needs")}
            assert got == {(names[a], names[b]): r for (a, b), r in before.items()}
        finally:
            copy.close()


def test_are_the_reasons_in_the_handout_and_offered_as_criteria(demo):
    """Does the handout show the reasons beside their pairs, and does the criteria panel
    offer them (most given first) and add one as a criterion?"""
    from planning.needs.sections import needs_charts

    text = str(needs_charts(demo, "id"))
    assert "Alasan pilihan kelompok" in text
    assert "Menyangkut kesehatan anak" in text
    panel = widgets.CriteriaPanel(demo)
    assert panel.candidates[0] == ("Dirasakan banyak warga setiap kemarau", 2)
    panel.use_reason("Menyangkut kesehatan anak")
    names = [c.name for c in demo.records("criteria")]
    assert "Menyangkut kesehatan anak" in names
    assert "Menyangkut kesehatan anak" not in dict(panel.candidates)
    assert assess(demo).reasons
