"""The demo workshop's action plan, checked through the store: findings, budgets, ceilings,
votes, the summary, the exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from planning.actions import commands
from planning.actions.allocations import cache_key, compare
from planning.actions.assessment import candidates, plan_view, review
from planning.actions.exports import rows_of, tables, write_tables
from planning.actions.summary import actions_part, actions_text
from planning.actions.words import say
from planning.cli import main

# Where each kind of gap of the demo plan is (templates/data/demo), by check.
DEMO_GAPS = {
    "need_without_activity": "Informasi bantuan sosial tidak merata",
    "activity_without_need": "Operasional pemerintah desa (Dana Desa)",
    "activity_without_indicator": "Gotong royong perawatan saluran dan bahu jalan",
    "activity_without_lead": "Forum warga memantau pembangunan air bersih",
    "lead_without_community_path": "Pelatihan teknisi dan pengurus pengelola air",
    "indicator_missing": "Kasus diare",
    "indicator_no_change": "Kader posyandu terlatih",
    "outcome_without_indicator": "participation",
    "outside_plan_year": "Sosialisasi gizi seimbang di sekolah",
    "blt_over_cap": "BLT Desa untuk keluarga miskin ekstrem",
    "blt_no_households": "BLT Desa lansia tunggal (tambahan)",
    "ceiling_overspent": "dana_desa",
    "year_rules_unverified": "2026",
}


def test_the_demo_plan_shows_a_gap_for_each_kind_of_check(demo):
    """Does the demo's plan give each deliberate gap, where the demo data puts it?"""
    r = review(demo)
    found = {(f.check, r.view.title(f.where_id)) for f in r.findings}
    assert set(DEMO_GAPS.items()) <= found
    assert {f.check for f in r.findings} == set(DEMO_GAPS)
    strategies = {a.strategy for a in r.view.plan.activities}
    assert strategies == {"participatory", "training", "partnership", "support"}
    sources = {a.source for a in r.view.plan.activities}
    assert len(sources) >= 5


def test_the_demo_ceiling_forces_a_choice_and_the_votes_split_the_rules(demo):
    """Does the Dana Desa ceiling leave an activity out with its reason, and do the Method of
    Equal Shares and the greedy rule fund different activities within the budget?"""
    r = review(demo)
    why = {o.activity.title: say(o.why, "en") for o in r.selection.left_out}
    road = "Pengerasan jalan dusun menuju Sukasari 1,2 km"
    assert why[road].startswith("Over the Dana Desa (DD) ceiling by Rp168,160,000")
    assert "No ceiling is set for NGO or donor." in why.values()
    c = r.allocation
    assert c is not None and c.equal_shares.funded != c.greedy.funded
    assert c.equal_shares.spent <= r.vote_budget and c.greedy.spent <= r.vote_budget
    assert r.vote_budget == 500_000_000 and r.view.voters == 20


def test_a_lead_far_from_the_community_is_offered_the_maps_suggestions(demo):
    """Is PDAM (on no path to a community group) flagged with the map's suggested leads, and
    does making one the lead clear the finding?"""
    r = review(demo)
    (f,) = [f for f in r.findings if f.check == "lead_without_community_path"]
    offered = [r.view.title(a) for a in f.options]
    assert offered and "PDAM" not in offered
    assert all(r.view.map.reaches_group(a) for a in f.options)
    commands.set_lead(demo, r.view.store_id[f.where_id], f.options[0])
    assert "lead_without_community_path" not in {x.check for x in review(demo).findings}


def test_the_plan_reads_a_partner_per_strategy_for_the_priority_needs_from_the_map(demo):
    """Does the plan read, from the map's result, the top needs in order, each with partners of
    the four ways?"""
    needs = plan_view(demo).map.partners
    assert [n.title for n in needs][:2] == [
        "Air bersih sulit didapat saat kemarau",
        "Modal usaha ibu-ibu KPM PKH terbatas",
    ]
    assert len(needs) == 5  # the demo's top_n
    assert {p.strategy for p in needs[0].partners} == {
        "participatory", "training", "partnership", "support"
    }  # fmt: skip
    assert all(p.reaches_group for n in needs for p in n.partners)


def test_the_top_n_setting_decides_which_needs_must_have_an_activity(demo):
    """With four priority needs, is the fifth need's gap gone?"""
    commands.set_setting(demo, "top_n", 4)
    assert "need_without_activity" not in {f.check for f in review(demo).findings}


def test_summary_json_gains_the_plan(demo, capsys):
    """Does `summary --json` give activities with need, strategy, bidang, lead, partners and
    cost, the totals, every finding, the ceiling selection and the allocations?"""
    assert main(["summary", demo.url.removeprefix("sqlite:///"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["actions"]
    first = data["activities"][0]
    assert {"need", "strategy", "bidang", "lead", "partners", "cost", "source"} <= set(first)
    assert first["need"] == "Air bersih sulit didapat saat kemarau"
    assert first["partners"] == ["Karang Taruna", "Universitas (KKN)"]
    assert data["totals"]["total"] == sum(a["cost"] for a in data["activities"])
    assert data["totals"]["by_source"]["dana_desa"] == 899_800_000
    assert {f["check"] for f in data["findings"]} == set(DEMO_GAPS)
    assert all(f["what"] and f["fix"] for f in data["findings"])
    dd = data["ceilings"]["dana_desa"]
    assert data["selection"]["left_out"] and dd["ceiling"] == 12 * 10**8
    assert dd["village_part"] == 503_640_000  # 41,97%: PMK 7/2026 pays 58,03% from outside
    assert data["totals"]["village_by_source"]["dana_desa"] == 749_800_000
    assert data["totals"]["paid_from_outside"] == 150_000_000
    votes = data["votes"]
    assert votes["equal_shares"]["funded"] != votes["greedy"]["funded"]
    assert data["year"] == 2026 and data["rules_checked"] is False


def test_summary_text_reads_in_the_workshops_language(demo):
    """Do the plan's summary lines speak Indonesian for the demo?"""
    lines = actions_text(actions_part(demo), "id")
    text = "\n".join(lines)
    assert lines[0] == "Rencana aksi 2026:" and "Rp749.800.000 / pagu Rp1.200.000.000" in text
    assert "direncanakan desa Rp503.640.000" in text
    assert "Metode Pembagian Setara" in text and "Belum terdanai" in text


def test_exported_tables_are_grouped_totalled_and_formula_safe(demo, tmp_path: Path):
    """Do the CSV tables carry the two-level RKP header, a row per bidang with its subtotal,
    the total, and no typed text that a spreadsheet would run as a formula?"""
    act = demo.records("activities")[0]
    demo.edit("activities", act.id, title='=HYPERLINK("http://x")', dusun="+62 Cibodas")
    written = write_tables(demo, tmp_path, "csv")
    assert sorted(p.name for p in written) == [
        "board_totals.csv", "du_rkp_desa.csv", "du_rkp_desa_data.csv", "information_board.csv",
        "information_board_data.csv", "logframe.csv", "rkp_desa.csv", "rkp_desa_data.csv",
    ]  # fmt: skip
    with open(tmp_path / "rkp_desa.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "Rencana Kerja Pemerintah Desa (RKP Desa)"
    # The form's header: Tahun, Desa, Kecamatan, Kabupaten/Kota, Provinsi.
    assert [r[:2] for r in rows[1:6]] == [
        ["Tahun", "2026"],
        ["Desa", "Sukamaju"],
        ["Kecamatan", "Sukaresmi"],
        ["Kabupaten/Kota", "Garut"],
        ["Provinsi", "Jawa Barat"],
    ]
    assert (
        rows[6][:2] == ["No", "Bidang/Jenis Kegiatan"]
        and rows[6][6] == "Perkiraan Biaya dan Sumber Pembiayaan"
    )
    assert rows[7][6:8] == ["Jumlah (Rp)", "Sumber"]
    assert rows[8][0] == "1 Penyelenggaraan Pemerintahan Desa"
    assert any(r[1].startswith("Jumlah 2 Pelaksanaan Pembangunan Desa") for r in rows)
    total = next(r for r in rows if r[1].startswith("Jumlah yang terdanai"))
    assert int(total[6]) == sum(a.cost for a in review(demo).funded)
    # The place, date and the Kepala Desa's signature block close the form.
    assert [r[0] for r in rows[-3:]] == ["Sukamaju, 20 November 2026", "Kepala Desa Sukamaju",
                                         "Asep Saepudin"]  # fmt: skip
    cells = [c for r in rows for c in r]
    # The title sits below its sub-bidang in one cell, so the cell starts with no formula.
    assert any(c.endswith('\n=HYPERLINK("http://x")') for c in cells) and "'+62 Cibodas" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_exported_xlsx_shows_the_grouping_and_totals(demo, tmp_path: Path):
    """Is the XLSX laid out with bold group, subtotal and total rows, merged headers, amounts as
    numbers, and typed text that stays text?"""
    from openpyxl import load_workbook

    act = demo.records("activities")[0]
    demo.edit("activities", act.id, title="=1+1")
    (path,) = write_tables(demo, tmp_path, "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == [
        "rkp_desa", "du_rkp_desa", "logframe", "information_board", "board_totals",
        "rkp_desa_data", "du_rkp_desa_data", "information_board_data",
    ]  # fmt: skip
    sheet = book["rkp_desa"]
    kinds = [kind for kind, _ in rows_of(tables(demo)["rkp_desa"])]
    for row, kind in enumerate(kinds, start=1):
        column = {"subtotal": 2, "total": 2, "header": 7}.get(kind, 1)
        bold = sheet.cell(row=row, column=column).font.bold
        assert bold == (kind in ("title", "header", "group", "subtotal", "total")), (row, kind)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "G7:H7" in merged and "A7:A8" in merged  # below the form's five header lines
    total = sheet.cell(row=kinds.index("total") + 1, column=7)
    assert isinstance(total.value, int) and total.number_format == "#,##0"
    titles = [sheet.cell(row=r, column=2).value for r in range(1, sheet.max_row + 1)]
    cell = next(
        sheet.cell(row=r, column=2) for r, v in enumerate(titles, 1) if str(v).endswith("\n=1+1")
    )
    assert cell.data_type == "s"


def test_exported_xlsx_holds_the_plain_data_tables(demo, tmp_path: Path):
    """Does the XLSX carry each plain data table as a sheet, the same rows as its CSV (one
    header row, one row per activity), typed text kept as text and starting no formula?"""
    from openpyxl import load_workbook

    act = demo.records("activities")[0]
    demo.edit("activities", act.id, title='=HYPERLINK("http://x")', dusun="+62 Cibodas")
    (path,) = write_tables(demo, tmp_path / "x", "xlsx")
    write_tables(demo, tmp_path / "c", "csv")
    book = load_workbook(path)

    def same(value):  # a number is a number, whichever file holds it
        try:
            return float(value)
        except (TypeError, ValueError):
            return "" if value is None else value

    for name in ("rkp_desa_data", "du_rkp_desa_data", "information_board_data"):
        sheet = book[name]
        assert not sheet.merged_cells.ranges and sheet.freeze_panes == "A2"
        got = [[same(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        raw = (tmp_path / "c" / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        with open(tmp_path / "c" / f"{name}.csv", encoding="utf-8", newline="") as fh:
            assert got == [[same(v) for v in row] for row in csv.reader(fh)], name
        assert sheet.cell(row=1, column=1).font.bold
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s" and not cell.value.startswith(("=", "+", "@"))
    rows = list(book["rkp_desa_data"].iter_rows(values_only=True))
    assert len(rows) == 1 + sum(a.in_village_budget for a in plan_view(demo).plan.activities)
    assert any('\'=HYPERLINK("http://x")' in r and "'+62 Cibodas" in r for r in rows)


def test_planning_export_writes_the_plans_tables_beside_the_records(demo, tmp_path: Path):
    """Does `planning export` write the four tables in both formats?"""
    src = demo.url.removeprefix("sqlite:///")
    assert main(["export", src, "-o", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "rkp_desa.csv").is_file() and (
        tmp_path / "c" / "activities.csv"
    ).is_file()
    assert main(["export", src, "-o", str(tmp_path / "x"), "--format", "xlsx"]) == 0
    written = {p.name for p in (tmp_path / "x").iterdir()}
    assert {"plan_tables.xlsx", "workshop.xlsx"} <= written  # the follow-up's OpenDK table too


def test_allocations_are_remembered_by_their_inputs(demo, tmp_path: Path, monkeypatch):
    """Is an allocation read back from its file, and computed again when the file is spoiled?"""
    monkeypatch.setenv("PLANNING_HOME", str(tmp_path))
    view = plan_view(demo)
    acts, budget = candidates(view), 500_000_000
    first = compare(acts, view.ballots, budget)
    (file,) = (tmp_path / "cache").iterdir()
    assert cache_key(acts, view.ballots, budget) in file.name
    assert compare(acts, view.ballots, budget) == first
    file.write_text("{not json", encoding="utf-8")
    assert compare(acts, view.ballots, budget) == first
    assert (
        compare(acts, view.ballots, budget - 1) != first
        or len(list((tmp_path / "cache").iterdir())) == 2
    )


def test_review_is_reused_until_a_record_changes(demo):
    """Is the review the same object while nothing changed, and new after a change?"""
    first = review(demo)
    assert review(demo) is first
    commands.set_ceiling(demo, "add", "1.000.000")
    assert review(demo) is not first


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_finding_is_worded_in_both_languages(demo, lang):
    """Is every finding's text free of unfilled {fields} and raw keys in both languages?"""
    for f in review(demo).findings:
        for text in (say(f.what, lang), say(f.fix, lang)):
            assert "{" not in text and not text.startswith("actions."), text
