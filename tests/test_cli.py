"""The `planning` command: every subcommand, and bad input (exit 2, nothing written)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from planning import create_workshop, open_workshop
from planning.cli import main
from planning.demo import demo_data_dir
from planning.errors import StoreBusyError
from planning.stages import kinds
from planning.store.database import translate


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command as a facilitator would, in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "planning.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_new_creates_a_workshop(tmp_path: Path, capsys):
    """Does `new` create the file with the title, desa, date and language given?"""
    path = tmp_path / "w.sqlite"
    assert (
        main(
            [
                "new",
                str(path),
                "--title",
                "Musyawarah",
                "--village",
                "Sukamaju",
                "--date",
                "2026-11-28",
                "--language",
                "en",
            ]
        )
        == 0
    )
    assert "Musyawarah" in capsys.readouterr().out
    info = open_workshop(path).info()
    assert (info.title, info.desa, info.date, info.language) == (
        "Musyawarah",
        "Sukamaju",
        "2026-11-28",
        "en",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--title", "X", "--date", "28/11/2026"],
        ["--title", "X", "--language", "fr"],
        ["--title", ""],
    ],
)
def test_new_refuses_bad_input_and_writes_nothing(tmp_path: Path, capsys, args):
    """Does bad input give exit 2, a message naming the field, and no file?"""
    path = tmp_path / "w.sqlite"
    assert main(["new", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("planning new:") and "Traceback" not in err
    assert not path.exists()


def test_new_refuses_to_overwrite(tmp_path: Path, capsys):
    """Is an existing workshop never overwritten by `new`?"""
    path = tmp_path / "w.sqlite"
    assert main(["new", str(path), "--title", "A"]) == 0
    assert main(["new", str(path), "--title", "B"]) == 2
    assert open_workshop(path).info().title == "A"


def test_import_csv_twice_adds_no_duplicates(ws, tmp_path: Path, capsys):
    """Does importing the same file twice leave one copy of each row?"""
    path = ws.url.removeprefix("sqlite:///")
    csv_file = demo_data_dir() / "participants.csv"
    assert main(["import", path, str(csv_file)]) == 0
    assert main(["import", path, str(csv_file)]) == 0
    assert len(ws.records("participants")) == 20
    assert "participants: 0 added, 0 changed, 20 unchanged" in capsys.readouterr().out


def test_import_semicolon_bom_and_indonesian_headers(ws, tmp_path: Path):
    """Are semicolons, a BOM and Indonesian column names accepted?"""
    file = tmp_path / "peserta.csv"
    file.write_text(
        "\ufeffNama;Jenis kelamin;Dusun;Penerima PKH\nSiti;perempuan;Krajan;ya\n"
        "Budi;L;Cibodas;tidak\n",
        encoding="utf-8",
    )
    assert main(["import", ws.url.removeprefix("sqlite:///"), str(file)]) == 0
    people = {p.name: p for p in ws.records("participants")}
    assert people["Siti"].gender == "female" and people["Siti"].pkh
    assert people["Budi"].gender == "male" and people["Budi"].dusun == "Cibodas"


def test_import_with_one_bad_row_rejects_the_file(ws, tmp_path: Path, capsys):
    """Does one bad row reject the whole file and list every bad row with its line?"""
    file = tmp_path / "people.csv"
    file.write_text(
        "name,gender,pkh\nSiti,female,yes\nBudi,robot,no\n,male,no\nAni,female,??\n",
        encoding="utf-8",
    )
    history = len(ws.history())
    assert (
        main(["import", ws.url.removeprefix("sqlite:///"), str(file), "--kind", "participants"])
        == 2
    )
    err = capsys.readouterr().err
    assert "3:" in err and "4:" in err and "5:" in err and "robot" in err and "2:" not in err
    assert ws.records("participants") == [] and len(ws.history()) == history


def test_import_unknown_kind_says_how_to_name_it(ws, tmp_path: Path, capsys):
    """Is a file whose kind cannot be told refused with the kinds there are?"""
    file = tmp_path / "data.csv"
    file.write_text("colour,size\nred,3\n", encoding="utf-8")
    assert main(["import", ws.url.removeprefix("sqlite:///"), str(file)]) == 2
    assert "--kind" in capsys.readouterr().err


def test_export_then_import_gives_the_same_workshop(demo, tmp_path: Path):
    """Does importing an export (CSV and XLSX) into a new workshop give the same workshop?"""
    from planning.summary import summary

    src = demo.url.removeprefix("sqlite:///")
    for fmt in ("csv", "xlsx"):
        out = tmp_path / fmt
        assert main(["export", src, "-o", str(out), "--format", fmt]) == 0
        copy = tmp_path / f"copy-{fmt}.sqlite"
        assert main(["new", str(copy), "--title", "tmp"]) == 0
        # The records (the plan's official tables beside them are reports, not records).
        files = [out / "workshop.xlsx"]
        if fmt == "csv":  # in dependency order, as a facilitator would; an empty kind has no rows
            files = [out / f"{k}.csv" for k in kinds() if demo.records(k)]
        for file in files:
            assert main(["import", str(copy), str(file)]) == 0
        again = open_workshop(copy)
        # The export carries no history, but each follow-up round keeps its map (round_maps):
        # the maps between rounds are the demo's too.
        ours, theirs = summary(again), summary(demo)
        assert ours["followup"]["map_changes"] and ours == theirs
        for kind in ("participants", "needs", "scores", "dot_votes", "rankings"):
            assert sorted(r.data().items().__repr__() for r in again.records(kind)) == sorted(
                r.data().items().__repr__() for r in demo.records(kind)
            ), kind
        # and importing it again adds nothing
        for file in files:
            assert main(["import", str(copy), str(file)]) == 0
        assert len(again.records("scores")) == len(demo.records("scores"))


def test_summary_json_has_workshop_participants_and_needs(demo, capsys):
    """Does `summary --json` give one key per stage with the participant counts?"""
    assert main(["summary", demo.url.removeprefix("sqlite:///"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"workshop", "participants", "needs"} <= set(data)
    p = data["participants"]
    assert p["total"] == 20 and sum(p["by_gender"].values()) == 20
    assert sum(p["by_dusun"].values()) == 20 and p["poor_households"] == 11
    assert "Neneng Hasanah" not in p["named"]  # did not consent


def test_summary_text_is_readable(demo, capsys):
    """Does the plain summary show the title and the priorities?"""
    assert main(["summary", demo.url.removeprefix("sqlite:///")]) == 0
    out = capsys.readouterr().out
    assert "Desa Sukamaju" in out and "Prioritas" in out and "Kendall" in out


def test_history_and_undo(ws, capsys):
    """Does `history` list changes and `undo` revert the last one?"""
    path = ws.url.removeprefix("sqlite:///")
    ws.add("participants", name="Siti")
    assert main(["history", path]) == 0
    assert "Siti" in capsys.readouterr().out
    assert main(["undo", path]) == 0
    assert ws.records("participants") == []
    assert main(["history", path]) == 0
    assert "(undone)" in capsys.readouterr().out


def test_history_names_records_and_people_not_ids(ws, capsys):
    """Does `history` name the need and the person of a dot vote, and who entered each change?"""
    from planning.needs.commands import cast_dot, set_score

    path = ws.url.removeprefix("sqlite:///")
    ani = ws.add("participants", name="Ani Rahmawati")
    need = ws.add("needs", title="Air bersih")
    crit = ws.add("criteria", name="Parah")
    cast_dot(ws, ani.id, need.id, +1)
    set_score(ws, "Kelompok Krajan", need.id, crit.id, 4)
    capsys.readouterr()
    assert main(["history", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["#", "Time", "(UTC)", "By", "Change"]
    dot, score = lines[-2], lines[-1]
    assert "Ani Rahmawati" in dot.split("dot votes")[0]  # who entered it
    assert dot.endswith("dot votes changed: Ani Rahmawati · Air bersih: 1")
    assert score.endswith("scores changed: Kelompok Krajan · Air bersih · Parah: 4")
    assert "Kelompok Krajan" in score.split("scores")[0]
    out = "\n".join(lines)
    assert ani.id not in out and need.id not in out and crit.id not in out
    assert "facilitator" in lines[2]


@pytest.mark.parametrize("command", ["summary", "history"])
def test_a_reader_that_stops_early_ends_it_quietly(demo, command):
    """Does `planning summary ... | head` end with status 0 and nothing on stderr, even when the
    reader has gone before anything is written?"""
    path = demo.url.removeprefix("sqlite:///")
    proc = subprocess.Popen(
        [sys.executable, "-m", "planning.cli", command, path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdout.close()  # like `head` that has read its lines and left
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err) == (0, "")


def test_missing_workshop_is_exit_2(tmp_path: Path):
    """Does a missing workshop file give exit 2 and a clear message, and create nothing?"""
    for args in (["summary"], ["history"], ["undo"], ["export", "-o", str(tmp_path / "o")]):
        result = run(args[0], str(tmp_path / "nope.sqlite"), *args[1:])
        assert result.returncode == 2, result
        assert "nope.sqlite" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_demo_creates_the_demo_workshop(tmp_path: Path):
    """Does `planning demo` build the demo workshop and print where it is?"""
    result = run("demo", "-o", str(tmp_path), "--no-handouts")
    assert result.returncode == 0, result.stderr
    assert "demo-workshop.sqlite" in result.stdout
    assert len(open_workshop(tmp_path / "demo-workshop.sqlite").records("participants")) == 20


def test_commands_without_jupyter_do_not_import_nbformat(demo):
    """Do summary/history/export stay clear of nbformat and nbconvert (2 s to import)?"""
    code = (
        "import sys; from planning.cli import main; "
        f"main(['summary', {demo.url.removeprefix('sqlite:///')!r}, '--json']); "
        f"main(['history', {demo.url.removeprefix('sqlite:///')!r}]); "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('nbformat', 'nbconvert', 'nbclient', 'pandas', 'matplotlib', 'ipywidgets')]; "
        "sys.stderr.write(repr(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_undo_of_a_removal_names_the_records_in_the_workshops_language(ws_id, capsys):
    """Does undoing the removal of a dot vote (a record that refers to a person and a need)
    name them, not their ids, with who entered it in the workshop's language?"""
    path = ws_id.url.removeprefix("sqlite:///")
    ws_id.add("participants", name="Sari", consent=True)
    ws_id.add("needs", title="Air bersih")
    vote = ws_id.add("dot_votes", participant="Sari", need="Air bersih", dots=2)
    ws_id.remove("dot_votes", vote.id)
    capsys.readouterr()
    assert main(["undo", path, "--dry-run"]) == 0
    assert main(["undo", path]) == 0
    assert main(["undo", path]) == 0  # the vote's own adding
    out = capsys.readouterr().out
    assert "penghapusan voting titik (Sari · Air bersih: 2)" in out
    assert "penambahan voting titik (Sari · Air bersih: 2)" in out
    assert "oleh fasilitator" in out and "facilitator" not in out
    assert not UUID.search(out), out
    # The change's own summary, kept in the file, names them too.
    assert not any(UUID.search(c.summary) for c in ws_id.history()), ws_id.history()


def test_a_workshop_whose_tables_were_changed_is_said_in_words_not_sql(tmp_path, monkeypatch):
    """A file whose tables another program changed: exit 2 and one line in the workshop's
    words, without SQLite's "no such column: records.kind"?"""
    path = tmp_path / "w.sqlite"
    create_workshop(path, title="Lokakarya", language="id").close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE records RENAME COLUMN kind TO sort")
    conn.commit()
    conn.close()
    monkeypatch.setenv("PLANNING_LANGUAGE", "id")
    result = run("summary", str(path))
    assert result.returncode == 2, result
    assert "tabel-tabelnya tidak seperti yang dibuat versi buku kerja ini" in result.stderr
    assert "records" not in result.stderr and "column" not in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.IntegrityError("UNIQUE constraint failed: records.seq"), "bertabrakan"),
        (sqlite3.OperationalError("no such table: changes"), "tabel-tabelnya"),
        (sqlite3.OperationalError("table records has no column named source"), "tabel-tabelnya"),
        (sqlite3.OperationalError('near "SELEC": syntax error'), "alasan yang tidak dikenal"),
        (
            sa.exc.IntegrityError(
                "INSERT INTO records (id) VALUES (?)",
                {"id": "3f2a0b1c-0000-4000-8000-000000000000"},
                sqlite3.IntegrityError("NOT NULL constraint failed: records.data"),
            ),
            "bertabrakan",
        ),
    ],
)
def test_a_raw_database_error_becomes_words_without_sql_or_ids(tmp_path, error, words):
    """Does a database error the workbook did not expect reach a person as the workshop and a
    reason in words, never SQL, a table, a constraint or an id?"""
    url = "sqlite:///" + str(tmp_path / "w.sqlite")
    text = translate(error, url).message("id")
    assert words in text and str(tmp_path / "w.sqlite") in text
    for sql in ("records", "changes", "constraint", "SELEC", "INSERT", "syntax", "3f2a0b1c"):
        assert sql not in text, text


def test_a_lock_held_elsewhere_is_said_as_busy():
    """Does "database is locked" reach a person as the workshop being busy?"""
    error = sa.exc.OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("locked"))
    assert isinstance(translate(error, "sqlite:////tmp/w.sqlite"), StoreBusyError)


def test_does_an_import_say_what_it_did_in_plain_words(tmp_path: Path, capsys):
    """Does `planning import` count what it did by the kind's name in the workshop's language
    (no "participants +3 ~0 =0"), and take an age group by its label without its note?"""
    file = tmp_path / "pagi.sqlite"
    create_workshop(file, title="Pagi", language="id").close()
    people = tmp_path / "peserta.csv"
    people.write_text("name,gender,age_group\nAni,perempuan,dewasa\nCitra,perempuan,pemuda\n",
                      encoding="utf-8")  # fmt: skip
    assert main(["import", str(file), str(people)]) == 0
    said = capsys.readouterr().out
    assert "peserta: 2 baru, 0 diubah, 0 tetap" in said and "participants" not in said
    with open_workshop(file) as ws:
        assert sorted(p.age_group for p in ws.records("participants")) == ["adult", "youth"]
