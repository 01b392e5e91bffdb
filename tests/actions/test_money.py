"""The 2026 money as it flows, one selection on every board, and the plan leaving the workbook
for OpenSID and pabulib (and a pabulib file read back)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from planning.actions.assessment import review
from planning.actions.exports import plan_tables, tables
from planning.actions.interchange import OPENSID_COLUMNS
from planning.actions.sections import information_board
from planning.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _path(ws) -> str:
    return ws.url.removeprefix("sqlite:///")


# -- the demo's money -------------------------------------------------------------------------


def test_every_source_fits_its_ceiling_or_an_error_names_it(demo):
    """Is every source's planned village total within the part of its ceiling the village plans,
    or is there an error finding naming that source?"""
    r = review(demo)
    village = r.view.village_ceilings
    over = {s for s, planned in r.village.by_source.items() if planned > village.get(s, planned)}
    named = {f.where_id for f in r.findings if f.check == "ceiling_overspent"}
    assert over == named == {"dana_desa"}
    assert all(f.severity == "error" for f in r.findings if f.check == "ceiling_overspent")
    # PMK 7/2026: 58,03% of the Rp1,2 miliar pagu goes to the Koperasi Desa Merah Putih.
    assert village["dana_desa"] == 1_200_000_000 - 696_360_000


def test_the_koperasi_is_paid_from_outside_the_village_budget(demo, capsys):
    """Is the Koperasi activity marked as paid from outside, and left out of the village budget,
    the RKP Desa, the board, the selection and the votes?"""
    r = review(demo)
    (kop,) = [a for a in r.view.plan.activities if a.dd_focus == "kopdes_merah_putih"]
    assert kop.paid_outside == "kopdes_outside" and not kop.in_village_budget
    assert kop not in r.funded and kop.id not in {o.activity.id for o in r.selection.left_out}
    assert r.village.by_source["dana_desa"] == 899_800_000 - kop.cost
    laid = tables(demo)
    shown = [laid[name] for name in ("rkp_desa", "information_board", "board_totals")]
    texts = [c for t in shown for _, rows, _ in t.groups for row in rows for c in row]
    assert not any(kop.title in str(c) for c in texts)
    assert not any(kop.id in b for b in r.view.ballots.values())
    assert main(["summary", _path(demo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["actions"]
    (row,) = [a for a in data["activities"] if a["title"] == kop.title]
    assert row["paid_from_outside"] is True


def _board_total(html: str) -> int:
    words = re.search(r"kegiatan yang muat dalam pagu: Rp([\d.]+)", html)
    assert words is not None
    return int(words.group(1).replace(".", ""))


def test_the_boards_the_rkp_desa_and_the_summary_give_one_total(demo, tmp_path, capsys):
    """Do the handout's board, the exported board, the RKP Desa and the summary show the same
    selection and total, with what does not fit as 'Belum terdanai' saying why?"""
    r = review(demo)
    funded = sum(a.cost for a in r.funded)
    made = plan_tables(demo)
    assert made["rkp_desa"].total == made["information_board"].total == funded
    assert made["board_totals"].total == funded
    assert _board_total(information_board(demo, "id").html) == funded
    waiting = made["rkp_desa"].groups[-1]
    assert waiting.code == "not_funded" and len(waiting.rows) == len(r.selection.left_out)
    assert all(len(row[1]) == 3 for row in waiting.rows)  # sub-bidang, title, why
    assert main(["export", _path(demo), "-o", str(tmp_path)]) == 0
    with open(tmp_path / "information_board.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert int(rows[-1][5]) == funded
    capsys.readouterr()
    assert main(["summary", _path(demo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["actions"]
    assert data["selection"]["funded_total"] == funded
    # Financing is no spending: the board's totals keep penyertaan modal apart from the bidang.
    blocks = {g.code: g.subtotal for g in made["board_totals"].groups}
    assert blocks["financing"] == 95_000_000
    assert blocks["spending"] + blocks["financing"] == funded


def test_no_apbn_pkh_anywhere():
    """Is PKH (a cash transfer to families) gone as a funding source from code, data and words?"""
    for folder in ("planning", "templates", "notebooks"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".json", ".csv", ".ipynb", ".md"):
                text = path.read_text(encoding="utf-8")
                assert "apbn_pkh" not in text and "APBN (PKH)" not in text, path


def test_dates_outside_the_fiscal_year_are_an_error_for_the_village_budget(demo):
    """Is an activity from 1 December 2026 to 29 January 2027 an error when the village pays?"""
    (f,) = [f for f in review(demo).findings if f.check == "outside_plan_year"]
    assert f.severity == "error"


# -- OpenSID --------------------------------------------------------------------------------


def opensid_get_csv(text: str) -> list[dict[str, str]]:
    """OpenSID 2410's ``get_csv``: split on line breaks (``preg_split('/\\r*\\n+|\\r+/')``),
    ``str_getcsv`` each line, keep only rows with as many fields as the header."""
    lines = re.split(r"\r*\n+|\r+", text)
    parsed = [next(csv.reader([line])) if line else [""] for line in lines]
    header = parsed[0]
    return [dict(zip(header, row, strict=True)) for row in parsed[1:] if len(row) == len(header)]


def test_opensid_reads_every_row_of_every_csv(demo, tmp_path):
    """Does OpenSID's parser read every row of every CSV in the zip, headers exactly as its
    table migrations, with a cell holding =, a comma, a quote and a line break?"""
    act = next(a for a in demo.records("activities") if a.title.startswith("Pembangunan"))
    hostile = '=SUM(1), "kran" umum\nbaru'
    demo.edit("activities", act.id, title=hostile, dusun="Cibodas, RT 2")
    assert main(["export", _path(demo), "-o", str(tmp_path), "--format", "opensid"]) == 0
    funded = len(review(demo).funded)
    with zipfile.ZipFile(tmp_path / "opensid_siskeudes.zip") as zf:
        assert sorted(zf.namelist()) == sorted(OPENSID_COLUMNS)
        for name, columns in OPENSID_COLUMNS.items():
            raw = zf.read(name)
            assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
            text = raw.decode("utf-8")
            rows = opensid_get_csv(text)
            assert list(next(csv.reader(io.StringIO(text)))) == list(columns)
            assert len(rows) == (1 if name == "Ref_Version.csv" else funded), name
    kegiatan = opensid_get_csv(
        zipfile.ZipFile(tmp_path / "opensid_siskeudes.zip").read("Ta_RPJM_Kegiatan.csv").decode()
    )
    names = {r["Nama_Kegiatan"] for r in kegiatan}
    assert '\'=SUM(1), "kran" umum baru' in names  # formula-safe, one line
    pagu = opensid_get_csv(
        zipfile.ZipFile(tmp_path / "opensid_siskeudes.zip")
        .read("Ta_RPJM_Pagu_Tahunan.csv")
        .decode()
    )
    first = next(r for r in pagu if r["Lokasi_Spesifik"] == "Cibodas, RT 2")
    assert (first["Jml_Sas_Pria"], first["Jml_Sas_Wanita"], first["Jml_Sas_ARTM"]) == (
        "310",
        "325",
        "64",
    )
    assert {r["Kd_Sumber"] for r in pagu} <= {
        "DDS",
        "ADD",
        "PAD",
        "SWD",
        "PBK",
        "PBP",
        "PBH",
        "DLL",
    }


def _kd_desa(zip_path: Path) -> set[str]:
    """Give every Kd_Desa of the zip and every code that should start with it."""
    found: set[str] = set()
    with zipfile.ZipFile(zip_path) as zf:
        for name in ("Ta_RPJM_Kegiatan.csv", "Ta_RPJM_Pagu_Tahunan.csv", "Ta_Kegiatan.csv"):
            for row in opensid_get_csv(zf.read(name).decode()):
                found.add(row["Kd_Desa"])
                found |= {row[c].split(".", 2)[0] + "." + row[c].split(".", 2)[1] + "."
                          for c in ("Kd_Keg", "Kd_Bid", "Kd_Sub") if c in row}  # fmt: skip
    return found


def test_opensid_takes_the_villages_code_from_the_settings(demo, tmp_path, capsys):
    """While the plan has no village code the export says so (the file reads 00.0000.); the
    Kemendagri code the facilitator sets gives Siskeudes' Kd_Desa, its kecamatan and desa
    parts, in every code of the zip; a code that is not one is refused, nothing changed."""
    from planning.errors import ValidationError

    assert main(["export", _path(demo), "-o", str(tmp_path / "a"), "--format", "opensid"]) == 0
    err = capsys.readouterr().err
    assert "Kode Desa belum diisi" in err and "00.0000." in err
    assert _kd_desa(tmp_path / "a" / "opensid_siskeudes.zip") == {"00.0000."}
    before = demo.records("plan_settings")
    with pytest.raises(ValidationError) as bad:
        demo.put("plan_settings", setting="kode_desa", value="32.05.15")
    text = bad.value.message("id")
    assert "Kode Desa" in text and "32.05.15" in text and "32.05.15.2001" in text
    assert demo.records("plan_settings") == before
    demo.put("plan_settings", setting="kode_desa", value="3205152001")
    assert review(demo).view.config.kode_desa == "32.05.15.2001"
    assert main(["export", _path(demo), "-o", str(tmp_path / "b"), "--format", "opensid"]) == 0
    assert "Kode Desa" not in capsys.readouterr().err
    assert _kd_desa(tmp_path / "b" / "opensid_siskeudes.zip") == {"15.2001."}


def test_the_settings_panel_keeps_the_village_code_and_the_forms_names(demo):
    """Does the facilitator's settings form show and store the village code, the province and
    the names that sign the forms?"""
    from planning.actions.panels import PlanSettingsPanel

    panel = PlanSettingsPanel(demo)
    assert panel.fields["provinsi"] == "Jawa Barat" and panel.fields["kode_desa"] == ""
    panel.fill(kode_desa="32.05.15.2001", ketua_bpd="Dedi K.")
    panel.save()
    stored = {r.setting: r.value for r in demo.records("plan_settings")}
    assert stored["kode_desa"] == "32.05.15.2001" and stored["ketua_bpd"] == "Dedi K."
    panel.fill(kode_desa="kode")
    panel.save()
    assert "kode" in panel.status
    assert {r.setting: r.value for r in demo.records("plan_settings")}["kode_desa"] == (
        "32.05.15.2001"
    )


# -- pabulib --------------------------------------------------------------------------------


def _equal_shares(instance, profile):
    from pabutools.election import Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    step = max(1, int(instance.budget_limit) // (100 * len(profile)))
    return completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": step}, {"sat_class": Cost_Sat}],
    )


def test_pabulib_reads_the_vote_and_equal_shares_funds_what_the_workbook_shows(demo, tmp_path):
    """Does pabutools read the .pb file (voters with dusun, gender and age group, no names), and
    does the Method of Equal Shares on it fund what the workbook shows?"""
    from pabutools.election import Instance, parse_pabulib

    assert main(["export", _path(demo), "-o", str(tmp_path), "--format", "pabulib"]) == 0
    path = tmp_path / "activity_votes.pb"
    instance, profile = parse_pabulib(str(path))
    r = review(demo)
    assert int(instance.budget_limit) == r.vote_budget and len(profile) == r.view.voters
    assert {"sex", "age_group", "dusun"} <= set(profile[0].meta)
    text = path.read_text(encoding="utf-8")
    assert not any(name in text for name in r.view.ballots)  # no voter's name
    # The workbook puts to the rules only what someone voted for.
    voted = {p for ballot in profile for p in ballot}
    shown = Instance(voted, budget_limit=instance.budget_limit)
    funded = {p.name for p in _equal_shares(shown, profile)}
    assert r.allocation is not None
    assert funded == set(r.allocation.equal_shares.funded)


def test_a_pabulib_file_reads_back_into_a_new_workshop(demo, tmp_path, capsys):
    """Does `planning import` read the exported .pb into a fresh workshop, giving the same
    Equal Shares outcome?"""
    assert main(["export", _path(demo), "-o", str(tmp_path), "--format", "pabulib"]) == 0
    fresh = tmp_path / "fresh.sqlite"
    assert main(["new", str(fresh), "--title", "Uji pabulib", "--date", "2026-11-20"]) == 0
    assert main(["import", str(fresh), str(tmp_path / "activity_votes.pb")]) == 0
    capsys.readouterr()
    assert main(["summary", str(fresh), "--json"]) == 0
    back = json.loads(capsys.readouterr().out)["actions"]
    r = review(demo)
    assert r.allocation is not None
    want = {r.view.title(a) for a in r.allocation.equal_shares.funded}
    assert set(back["votes"]["equal_shares"]["funded"]) == want


def test_a_file_that_is_not_pabulib_is_refused(ws, tmp_path, capsys):
    bad = tmp_path / "x.pb"
    bad.write_text("hello;world\n", encoding="utf-8")
    assert main(["import", _path(ws), str(bad)]) == 2
    assert "x.pb" in capsys.readouterr().err
    assert not ws.records("activities")


# -- through CSV import and `planning summary --json` -----------------------------------------


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _activity(title: str, cost: int) -> dict[str, object]:
    return {
        "title": title,
        "strategy": "support",
        "bidang": "2",
        "sub_bidang": "2.3",
        "start": "2026-03-01",
        "end": "2026-04-30",
        "cost": cost,
        "source": "dana_desa",
        "implementer": "TPK",
    }


def _summary(path: Path, capsys) -> dict[str, object]:
    capsys.readouterr()
    assert main(["summary", str(path), "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)["actions"]
    return data


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    path = tmp_path / "w.sqlite"
    assert main(["new", str(path), "--title", "Uji", "--date", "2026-11-20"]) == 0
    return path


def test_a_consul_style_ceiling_skips_what_does_not_fit_and_funds_the_next(fresh, tmp_path, capsys):
    """CONSUL's rule: by votes, fund while it fits, skip one that does not and try the next."""
    votes = {"Jalan A": 5, "Jalan B": 4, "Jalan C": 3, "Jalan D": 1}
    costs = {"Jalan A": 60, "Jalan B": 50, "Jalan C": 40, "Jalan D": 10}
    people = [{"name": f"Warga {i}"} for i in range(5)]
    ballots = [
        {"participant": f"Warga {i}", "activity": t, "votes": 1}
        for t, n in votes.items()
        for i in range(n)
    ]
    for name, rows in (
        ("participants", people),
        ("activities", [_activity(t, c) for t, c in costs.items()]),
        ("activity_votes", ballots),
        # Rp239 less PMK 7/2026's 58,03% (Rp139, rounded up) leaves Rp100 for the village.
        ("ceilings", [{"source": "dana_desa", "amount": 239}]),
    ):
        assert main(["import", str(fresh), str(_write(tmp_path / f"{name}.csv", rows))]) == 0
    data = _summary(fresh, capsys)
    selection = data["selection"]
    assert data["ceilings"]["dana_desa"]["village_part"] == 100  # after PMK 7/2026's share
    assert selection["funded"] == ["Jalan A", "Jalan C"] and selection["funded_total"] == 100
    assert [o["activity"] for o in selection["left_out"]] == ["Jalan B", "Jalan D"]


def test_the_51_49_example_through_csv_import(fresh, tmp_path, capsys):
    """equalshares.net's opening example: 51% approve ten red projects, 49% ten blue ones,
    money for ten. Equal Shares funds five of each; the greedy rule ten red."""
    red = [f"Merah {i}" for i in range(10)]
    blue = [f"Biru {i}" for i in range(10)]
    people = [{"name": f"W{i:03d}"} for i in range(100)]
    ballots = [
        {"participant": f"W{i:03d}", "activity": t}
        for i in range(100)
        for t in (red if i < 51 else blue)
    ]
    for name, rows in (
        ("plan_settings", [{"setting": "vote_budget", "value": 1000}]),
        ("participants", people),
        ("activities", [_activity(t, 100) for t in red + blue]),
        ("activity_votes", ballots),
    ):
        assert main(["import", str(fresh), str(_write(tmp_path / f"{name}.csv", rows))]) == 0
    votes = _summary(fresh, capsys)["votes"]
    assert sorted(votes["equal_shares"]["funded"]) == sorted(red[:5] + blue[:5])
    assert sorted(votes["greedy"]["funded"]) == sorted(red)
