"""Hostile files and failing disks: one test for each row of issue 9's table, and undo.

Each test makes its file, runs the command as a facilitator would, and checks the exit status,
the one message, and that the store is unchanged (its history, and the file's bytes where that
matters). The rows about URLs and servers run on PostgreSQL too (``PLANNING_TEST_POSTGRES``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from planning import create_workshop, open_workshop
from planning.cli import main
from planning.errors import DiskFullError
from planning.limits import MAX_CELL_CHARS, MAX_ROWS, MB

PASSWORD = "s3cret-Pw0rd"


# --- helpers ----------------------------------------------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    """Run the `planning` command in this process; give its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    """Give the one line a refusal printed, checking it is one line and no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(location: str | Path) -> tuple[int, dict[str, int]]:
    """The store as a reader sees it: how many changes, how many records of each kind."""
    ws = open_workshop(location)
    try:
        return len(ws.history()), ws.counts()
    finally:
        ws.close()


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """An English workshop file with two participants and a need."""
    path = tmp_path / "desa.sqlite"
    ws = create_workshop(path, title="Musyawarah", language="en")
    ws.add("participants", name="Siti Aminah", poor_household=True, pkh=True)
    ws.add("participants", name="Budi")
    ws.add("needs", title="Air bersih")
    ws.close()
    return path


def refused_import(workshop: Path, file: Path, *extra: str) -> str:
    """Import ``file``: check it is refused (exit 2, one line) and changes nothing; give the
    message."""
    before, data = digest(workshop), state(workshop)
    status, out, err = cli("import", workshop, file, *extra)
    assert status == 2 and not out, (status, out, err)
    message = one_line(err)
    assert state(workshop) == data and digest(workshop) == before
    return message


def _can_mount(folder: Path, options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


@contextlib.contextmanager
def read_only_folder(folder: Path, files: dict[str, bytes]) -> Iterator[Path]:
    """A folder holding ``files`` that cannot be written: a read-only tmpfs when we are root and
    may mount, else files chmod 444 in a folder chmod 555."""
    folder.mkdir()
    if os.geteuid() != 0:
        for name, data in files.items():
            (folder / name).write_bytes(data)
            (folder / name).chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    if not _can_mount(folder, "size=8m"):
        pytest.skip("running as root without the right to mount: no read-only disk to test on")
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
            (folder / name).chmod(0o444)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- row 1: problem trees ---------------------------------------------------------------------

TREE_HEADER = ["need", "text", "role", "parent"]


@pytest.mark.parametrize(
    ("rows", "line", "words"),
    [
        ([["Air bersih", "air bersih", "cause", ""]], 2, "is the need itself"),
        (
            [
                ["Air bersih", "Pipa bocor", "cause", ""],
                ["Air bersih", "Diare", "effect", "Pipa bocor"],
            ],
            3,
            "on the cause side",
        ),
    ],
    ids=["node-is-its-need", "effect-under-a-cause"],
)
def test_row1_problem_tree_rows_no_reader_can_draw_are_refused(
    workshop: Path, tmp_path: Path, rows, line, words
):
    """Is a tree row no reader can draw refused (exit 2, its line, the reason), and does every
    reader still show the workshop?"""
    file = write_csv(tmp_path / "pohon.csv", TREE_HEADER, rows)
    before, data = digest(workshop), state(workshop)
    status, _, err = cli("import", workshop, file, "--kind", "problem_tree")
    assert status == 2 and "Traceback" not in err
    (problem,) = [line for line in err.splitlines() if line.strip().startswith("line ")]
    assert problem.strip().startswith(f"line {line}:") and words in problem
    assert state(workshop) == data and digest(workshop) == before
    assert cli("summary", workshop)[0] == 0


def test_row1_a_second_import_that_closes_a_loop_is_refused(workshop: Path, tmp_path: Path):
    """Is a second import that would make a loop of causes refused, and do `summary` and the
    handout's tree section show what the first import put in?"""
    first = write_csv(
        tmp_path / "pohon1.csv",
        TREE_HEADER,
        [
            ["Air bersih", "Pipa bocor", "cause", ""],
            ["Air bersih", "Dana kurang", "cause", "pipa BOCOR"],
        ],
    )
    assert cli("import", workshop, first, "--kind", "problem_tree")[0] == 0
    second = write_csv(
        tmp_path / "pohon2.csv", TREE_HEADER, [["Air bersih", "Pipa bocor", "cause", "Dana kurang"]]
    )
    before, data = digest(workshop), state(workshop)
    status, _, err = cli("import", workshop, second, "--kind", "problem_tree")
    assert status == 2 and "line 2:" in err and "circle" in err and "Traceback" not in err
    assert state(workshop) == data and digest(workshop) == before

    status, out, _ = cli("summary", workshop, "--json")
    assert status == 0
    (tree,) = json.loads(out)["needs"]["problem_trees"]
    assert tree == {
        "need": "Air bersih",
        "nodes": [
            {"text": "Pipa bocor", "role": "cause", "leads_to": ["Air bersih"]},
            {"text": "Dana kurang", "role": "cause", "leads_to": ["Pipa bocor"]},
        ],
    }
    from planning.needs.sections import problem_trees

    ws = open_workshop(workshop)
    assert "Dana kurang" in str(problem_trees(ws, "en"))
    ws.close()


def test_row1_a_node_others_lead_to_is_not_removed(workshop: Path):
    """Is removing a cause that another cause leads to refused, so the tree stays drawable?"""
    ws = open_workshop(workshop)
    need = ws.records("needs")[0]
    pipe = ws.add("problem_tree", need=need.id, text="Pipa bocor", role="cause")
    ws.add("problem_tree", need=need.id, text="Dana kurang", role="cause", parent="Pipa bocor")
    with pytest.raises(ValueError, match="Dana kurang"):
        ws.remove("problem_tree", pipe.id)
    assert len(ws.records("problem_tree")) == 2
    ws.close()


# --- row 2: a cell over the csv module's limit --------------------------------------------------


def test_row2_a_cell_over_the_limit_names_its_line(workshop: Path, tmp_path: Path):
    """Is a CSV cell of more than 131,072 characters refused with its line and the limit?"""
    file = write_csv(
        tmp_path / "peserta.csv", ["name", "dusun"], [["Ani", "Krajan"], ["Siti", "x" * 140_000]]
    )
    message = refused_import(workshop, file)
    assert "line 3" in message and f"{MAX_CELL_CHARS}" in message and "limit" in message


# --- row 3: an unclosed quote -----------------------------------------------------------------


def test_row3_an_unclosed_quote_names_the_line_where_it_opened(workshop: Path, tmp_path: Path):
    """Is a quote that is never closed refused, naming the line it opened on, instead of the
    rows after it being swallowed into one cell?"""
    file = tmp_path / "peserta.csv"
    file.write_text(
        'name,gender\nAni,female\nBudi,"male\nCitra,female\nDedi,male\n', encoding="utf-8"
    )
    message = refused_import(workshop, file)
    assert "line 3" in message and 'quote (")' in message


# --- row 4: formula-safe exports --------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+62 812 3456", "-Ujang", "@SUM(A1)"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_row4_exports_write_formulas_as_text_and_read_back_the_same(tmp_path: Path, fmt):
    """Do exports write names and titles that start with =, +, - or @ as text (a "'" in
    front), and does importing the export give the original text back?"""
    src = create_workshop(tmp_path / "src.sqlite", title="Ekspor", language="en")
    for name in [*FORMULAS, "'=already quoted", "Siti"]:
        src.add("participants", name=name)
    src.add("needs", title="=1+1 jalan", dusun="-Krajan")
    out = tmp_path / "out"
    assert cli("export", src.url.removeprefix("sqlite:///"), "-o", out, "--format", fmt)[0] == 0
    if fmt == "csv":
        cells = [
            cell
            for file in out.glob("*.csv")
            for row in csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"), newline=""))
            for cell in row
        ]
    else:
        from openpyxl import load_workbook

        book = load_workbook(out / "workshop.xlsx")
        found = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in found)
        cells = [c.value for c in found if isinstance(c.value, str)]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'" + FORMULAS[0] in cells

    copy = tmp_path / "copy.sqlite"
    create_workshop(copy, title="Salinan", language="en").close()
    files = [out / "workshop.xlsx"]
    if fmt == "csv":
        files = [out / "participants.csv", out / "needs.csv"]
    for file in files:
        assert cli("import", copy, file)[0] == 0
    again = open_workshop(copy)
    assert sorted(p.name for p in again.records("participants")) == sorted(
        p.name for p in src.records("participants")
    )
    (need,) = again.records("needs")
    assert (need.title, need.dusun) == ("=1+1 jalan", "-Krajan")
    again.close()
    src.close()


# --- row 5: files that are not ours are never changed -------------------------------------------


def _other_application(path: Path, journal: str = "delete") -> Path:
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA journal_mode={journal}")
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("INSERT INTO notes (body) VALUES ('milik aplikasi lain')")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_other_application, "another application"),
        (lambda p: _other_application(p, "wal"), "another application"),
        (lambda p: (p.write_bytes(b""), p)[1], "empty"),
    ],
    ids=["another-applications-sqlite", "another-applications-wal-file", "zero-bytes"],
)
@pytest.mark.parametrize("command", ["summary", "history", "undo", "import", "export"])
def test_row5_a_file_that_is_not_a_workshop_is_never_changed(
    tmp_path: Path, make: Callable[[Path], Path], reason: str, command: str
):
    """Is a file that is not a workshop refused by every command, its bytes identical after,
    and no journal made beside it (not even WAL switched on)?"""
    path = make(tmp_path / "other.sqlite")
    before = digest(path)
    extra = {
        "import": [write_csv(tmp_path / "p.csv", ["name"], [["Ani"]])],
        "export": ["-o", tmp_path / "out"],
    }.get(command, [])
    status, _, err = cli(command, path, *extra)
    assert status == 2
    assert "other.sqlite" in one_line(err) and reason in err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other")) == [
        "other.sqlite"
    ]


def test_row5_a_database_of_another_application_is_never_changed(postgres_url: str):
    """Is a PostgreSQL database holding another application's tables refused by `summary`
    and by `new`, with no table added to it?"""
    engine = sa.create_engine(postgres_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE records (id INTEGER PRIMARY KEY, body TEXT)")
    for args in (["summary"], ["new", "--title", "X", "--language", "en"]):
        status, _, err = cli(args[0], postgres_url, *args[1:])
        assert status == 2 and "another application" in one_line(err)
    assert sa.inspect(engine).get_table_names() == ["records"]
    engine.dispose()


# --- row 6: broken files, missing folders, read-only disks ------------------------------------


def _random_bytes(path: Path, workshop: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _truncated(path: Path, workshop: Path) -> None:
    ws = open_workshop(workshop)
    ws.add_many("participants", [{"name": f"Warga {i}", "dusun": "x" * 50} for i in range(400)])
    ws.close()
    path.write_bytes(workshop.read_bytes()[: workshop.stat().st_size // 2])


def _schema_2_1(path: Path, workshop: Path) -> None:
    shutil.copy(workshop, path)
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '2.1' WHERE key = 'schema_version'")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_random_bytes, "not a SQLite database"),
        (_truncated, "cut short"),
        (_schema_2_1, "'2.1'"),
    ],
    ids=["random-bytes", "truncated-workshop", "schema-2.1"],
)
def test_row6_a_broken_file_gets_one_line_saying_what_is_wrong(
    workshop: Path, tmp_path: Path, make, words: str
):
    """Do random bytes, a workshop cut in half and schema version 2.1 each give exit 2 and
    one line naming the file and what is wrong with it?"""
    path = tmp_path / "rusak.sqlite"
    make(path, workshop)
    before = digest(path)
    for command in ("summary", "history", "undo"):
        status, _, err = cli(command, path)
        assert status == 2, err
        line = one_line(err)
        assert "rusak.sqlite" in line and words in line
    assert digest(path) == before


def test_row6_new_into_a_missing_folder_says_so_and_makes_nothing(tmp_path: Path):
    """Does `new` into a folder that does not exist give exit 2, one line, and no folder?"""
    target = tmp_path / "tidak-ada" / "desa.sqlite"
    status, _, err = cli("new", target, "--title", "X", "--language", "en")
    assert status == 2 and "does not exist" in one_line(err) and "tidak-ada" in err
    assert list(tmp_path.iterdir()) == []


def test_row6_a_read_only_workshop_can_be_read_and_not_written(workshop: Path, tmp_path: Path):
    """On a read-only disk: do `summary` and `history` work, while `new`, `import` and `undo`
    give exit 2 and one line, and the file stays as it was?"""
    with read_only_folder(tmp_path / "ro", {"desa.sqlite": workshop.read_bytes()}) as folder:
        path = folder / "desa.sqlite"
        before = digest(path)
        status, out, err = cli("summary", path)
        assert status == 0 and "Musyawarah" in out and "Participants: 2" in out, err
        status, out, err = cli("history", path)
        assert status == 0 and "Air bersih" in out, err
        people = write_csv(tmp_path / "p.csv", ["name"], [["Citra"]])
        for args in (["import", path, people], ["undo", path]):
            status, _, err = cli(*args)
            assert status == 2 and "read-only" in one_line(err)
        status, _, err = cli("new", folder / "baru.sqlite", "--title", "X", "--language", "en")
        assert status == 2 and "cannot be written" in one_line(err)
        assert digest(path) == before
        assert sorted(p.name for p in folder.iterdir()) == ["desa.sqlite"]


# --- row 7: a full disk -----------------------------------------------------------------------


@contextlib.contextmanager
def full_disk(folder: Path) -> Iterator[Callable[[], None]]:
    """A folder on a disk that fills up: a 320 KB tmpfs when we are root and may mount.
    Otherwise SQLite is made to raise SQLITE_FULL itself (``PRAGMA max_page_count``) once
    ``fill()`` is called. Gives ``fill``."""
    folder.mkdir()
    if _can_mount(folder, "size=320k"):
        try:
            yield lambda: None
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return

    def limit(dbapi_conn, _record) -> None:
        if isinstance(dbapi_conn, sqlite3.Connection):
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 4}")

    try:
        yield lambda: sa.event.listen(sa.pool.Pool, "connect", limit)
    finally:
        if sa.event.contains(sa.pool.Pool, "connect", limit):
            sa.event.remove(sa.pool.Pool, "connect", limit)


def test_row7_a_full_disk_says_so_keeps_the_data_and_shows_nothing_personal(tmp_path: Path):
    """Does an import onto a full disk give exit 2 and "disk full" in the workshop's language,
    with no name, no personal field and no SQL in the message, and the data intact?"""
    people = write_csv(
        tmp_path / "peserta.csv",
        ["name", "poor_household", "pkh", "dusun"],
        [[f"Rahasia Warga {i:05d}", "ya", "ya", "Krajan"] for i in range(6000)],
    )
    with full_disk(tmp_path / "disk") as fill:
        path = tmp_path / "disk" / "desa.sqlite"
        ws = create_workshop(path, title="Lokakarya penuh", language="id")
        ws.add("participants", name="Siti Aminah", poor_household=True)
        ws.close()
        data = state(path)
        fill()
        status, out, err = cli("import", path, people)
        assert status == 2 and not out
        line = one_line(err)
        assert "penuh" in line and "tidak tersimpan" in line  # Indonesian: the workshop's
        for secret in ("Rahasia", "Siti", "INSERT", "poor", "miskin", "True", "[SQL"):
            assert secret not in err
        assert state(path) == data
        status, out, _ = cli("summary", path)
        assert status == 0 and "Lokakarya penuh" in out

        ws = open_workshop(path)
        with pytest.raises(DiskFullError) as info:
            ws.add_many("participants", [{"name": f"Rahasia {i}"} for i in range(6000)])
        # Shown in a notebook, the traceback carries no statement or values either.
        assert info.value.__cause__ is None and info.value.__suppress_context__
        ws.close()


# --- rows 8, 9, 10: URLs and servers ----------------------------------------------------------


def test_row8_new_refuses_an_existing_workshop_file_or_database(location: str):
    """Is `new` on an existing workshop (a file, or a PostgreSQL database) refused like an
    existing file, the old title kept?"""
    assert cli("new", location, "--title", "Pertama", "--language", "en")[0] == 0
    data = state(location)
    status, out, err = cli("new", location, "--title", "Kedua", "--language", "en")
    assert status == 2 and not out and "already exists" in one_line(err)
    ws = open_workshop(location)
    assert ws.info().title == "Pertama"
    ws.close()
    assert state(location) == data


def _with_password(url: str, *, database: str | None = None, port: int | None = None) -> str:
    parsed = sa.engine.make_url(url).set(password=PASSWORD)
    if database is not None:
        parsed = parsed.set(database=database)
    if port is not None:
        parsed = parsed.set(host="127.0.0.1", port=port)
    return parsed.render_as_string(hide_password=False)


def test_row9_a_server_that_refuses_or_a_scheme_we_do_not_support_gives_the_reason():
    """Do a refused connection, a bad sslmode and `mysql://` give exit 2 and the reason (the
    scheme naming what is supported), with the password masked?"""
    base = f"postgresql://ani:{PASSWORD}@127.0.0.1:{free_port()}/desa"
    cases = [
        (base, "refused the connection"),
        (base + "?sslmode=kadang", "sslmode"),
        (f"mysql://root:{PASSWORD}@localhost/desa", "postgresql://"),
    ]
    for url, words in cases:
        for command in (["summary", url], ["new", url, "--title", "X", "--language", "en"]):
            status, out, err = cli(*command)
            assert status == 2 and not out
            line = one_line(err)
            assert words in line and PASSWORD not in err and "***" in line, line


def test_row9_an_unknown_database_is_named(postgres_url: str):
    """Does a database the server does not have give exit 2 and its name?"""
    url = _with_password(postgres_url, database="desa_tidak_ada")
    for command in (["summary", url], ["new", url, "--title", "X", "--language", "en"]):
        status, _, err = cli(*command)
        assert status == 2 and "desa_tidak_ada" in one_line(err) and "does not exist" in err
        assert PASSWORD not in err


def test_row10_a_password_in_the_url_is_never_printed(postgres_url: str):
    """Is the password of a database URL masked in what `new` prints and in every error?"""
    url = _with_password(postgres_url)
    status, out, err = cli("new", url, "--title", "Rahasia", "--language", "en")
    assert status == 0 and "***" in out and PASSWORD not in out + err
    printed = [cli("new", url, "--title", "Lagi", "--language", "en")]
    printed += [cli(c, url) for c in ("summary", "history", "undo")]
    printed.append(cli("summary", _with_password(postgres_url, port=free_port())))
    assert [p[0] for p in printed] == [2, 0, 0, 0, 2]
    assert not [p for p in printed if PASSWORD in p[1] + p[2]]


# --- row 11: files a spreadsheet gives -------------------------------------------------------


def _formula_without_value(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "needs"
    sheet.append(["title", "households"])
    sheet.append(["Air bersih", "=10*5"])  # openpyxl saves no result with a formula
    book.save(path)


ROW11 = {
    "missing-file": (None, ["no file", "nope.csv"]),
    "missing-column": (
        lambda p: write_csv(p, ["gender", "dusun"], [["female", "Krajan"]] * 20_000),
        ["no column 'Name'", "gender, dusun"],
    ),
    "empty": (lambda p: p.write_text("", encoding="utf-8"), ["has no rows"]),
    "header-only": (lambda p: write_csv(p, ["name", "gender"], []), ["has no rows"]),
    "column-twice": (
        lambda p: write_csv(p, ["name", "gender", "nama"], [["Ani", "female", "Ani"]]),
        ["columns 1 and 3", "Name"],
    ),
    "cell-beyond-header": (
        lambda p: write_csv(p, ["name", "gender"], [["Ani", "female", "lebih"]]),
        ["line 2", "column 3", "no name"],
    ),
    "utf-16": (lambda p: p.write_text("name\nAni\n", encoding="utf-16"), ["UTF-16"]),
    "latin-1": (lambda p: p.write_bytes("name\nJosé\n".encode("latin-1")), ["Latin-1", "line 2"]),
}


@pytest.mark.parametrize("case", list(ROW11))
def test_row11_a_spreadsheets_file_gets_one_clear_line(workshop: Path, tmp_path: Path, case):
    """Does each of these files give exit 2, one line saying what is wrong, nothing written?"""
    make, words = ROW11[case]
    file = tmp_path / ("nope.csv" if make is None else "data.csv")
    if make is not None:
        make(file)
    message = refused_import(workshop, file, "--kind", "participants")
    for word in words:
        assert word in message, message


def test_row11_an_xlsx_formula_without_its_result_names_the_cell(workshop: Path, tmp_path: Path):
    """Is a formula saved with no result refused, naming its cell, instead of read as empty?"""
    file = tmp_path / "kebutuhan.xlsx"
    _formula_without_value(file)
    message = refused_import(workshop, file)
    assert "B2" in message and "=10*5" in message


def test_row11_an_xlsx_formula_with_its_result_is_read_as_the_result(
    workshop: Path, tmp_path: Path
):
    """Is a formula that a spreadsheet saved with its result read as that result?"""
    file = tmp_path / "kebutuhan.xlsx"
    _formula_without_value(file)
    rewrite_sheet(file, lambda xml: re.sub(rb"<f>10\*5</f><v ?/>", b"<f>10*5</f><v>50</v>", xml))
    assert cli("import", workshop, file)[0] == 0
    ws = open_workshop(workshop)
    assert {n.title: n.households for n in ws.records("needs")}["Air bersih"] == 50
    ws.close()


def test_row11_a_repeated_row_names_its_key_once(workshop: Path, tmp_path: Path):
    """Does a row repeated in a file say which names repeat, the kind written once, no ids?"""
    file = write_csv(
        tmp_path / "titik.csv",
        ["participant", "need", "dots"],
        [["Siti Aminah", "Air bersih", "1"], ["siti aminah", "Air bersih", "2"]],
    )
    status, _, err = cli("import", workshop, file)
    assert status == 2
    assert "line 3: Participant, Need: 'Siti Aminah / Air bersih' appears twice" in err
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", err)  # names, never ids


# --- row 12: limits before loading ------------------------------------------------------------

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t>'
    b'</is></c><c r="B1" t="inlineStr"><is><t>gender</t></is></c></row>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


def rewrite_sheet(path: Path, change: Callable[[bytes], bytes] | None = None, chunks=None) -> None:
    """Rewrite the first sheet of an XLSX file: changed, or streamed from ``chunks()``."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info.filename))
            elif chunks is None:
                assert change is not None
                out.writestr(info, change(src.read(info.filename)))
            else:
                entry = zipfile.ZipInfo(info.filename)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with out.open(entry, "w", force_zip64=True) as fh:
                    for chunk in chunks():
                        fh.write(chunk)


def _xlsx(path: Path, chunks) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "participants"
    book.active.append(["name", "gender"])
    book.save(path)
    rewrite_sheet(path, chunks=chunks)
    return path


def _huge_cell():
    yield SHEET_HEAD + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    block = b"x" * MB
    for _ in range(300):
        yield block
    yield b"</t></is></c></row>" + SHEET_TAIL


def _million_empty_rows():
    yield SHEET_HEAD
    for start in range(2, 1_000_002, 20_000):
        yield b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t></t></is></c></row>' % (i, i)
            for i in range(start, start + 20_000)
        )
    yield SHEET_TAIL


@pytest.fixture(scope="module")
def hostile_xlsx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An XLSX of about 310 KB holding a 300 MB cell, and one of about 5 MB with a million
    empty rows (made once: they take a few seconds)."""
    folder = tmp_path_factory.mktemp("xlsx")
    return {
        "huge-cell": _xlsx(folder / "peserta-sel.xlsx", _huge_cell),
        "million-rows": _xlsx(folder / "peserta-baris.xlsx", _million_empty_rows),
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("case", "size", "words"),
    [
        ("huge-cell", (0.2 * MB, 0.5 * MB), ["100 MB", "limit"]),
        ("million-rows", (3 * MB, 8 * MB), [f"{MAX_ROWS}", "limit"]),
    ],
)
def test_row12_a_file_over_the_limits_is_refused_before_it_is_loaded(
    workshop: Path, hostile_xlsx, case, size, words
):
    """Is an XLSX with a 300 MB cell, or a million empty rows, refused with the limit named,
    before openpyxl loads it (so in well under 2 s: benchmarks/bench_limits.py)?"""
    file = hostile_xlsx[case]
    assert size[0] < file.stat().st_size < size[1]
    message = refused_import(workshop, file)
    for word in words:
        assert word in message, message
    code = (
        "import sys\nfrom planning.io import read_file\n"
        f"try:\n    read_file({str(file)!r})\nexcept ValueError:\n    pass\n"
        "sys.exit(1 if 'openpyxl' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_row12_a_csv_over_the_size_limit_is_refused_unread(workshop: Path, tmp_path: Path):
    """Is a CSV larger than the file limit refused from its size alone?"""
    file = tmp_path / "peserta.csv"
    with open(file, "wb") as fh:
        fh.write(b"name\n")
        fh.truncate(51 * MB)  # sparse: no time spent writing
    message = refused_import(workshop, file)
    assert "51 MB" in message and "50 MB" in message


# --- undo that a facilitator can trust -------------------------------------------------------


def test_undo_says_what_it_reverted_and_dry_run_changes_nothing(workshop: Path, tmp_path: Path):
    """Does `undo --dry-run` say what it would revert (action, file, rows, when, by whom) and
    change nothing, and `undo` then revert exactly that?"""
    people = write_csv(tmp_path / "peserta.csv", ["name"], [["Citra"], ["Dedi"], ["Eka"]])
    assert cli("import", workshop, people)[0] == 0
    before, data = digest(workshop), state(workshop)
    status, out, _ = cli("undo", workshop, "--dry-run")
    assert status == 0
    for words in ("Would undo", "import of peserta.csv", "3 rows", "by facilitator", ":"):
        assert words in out, out
    assert state(workshop) == data and digest(workshop) == before
    status, done, _ = cli("undo", workshop)
    assert status == 0 and done.startswith("Undid change")
    # The same change, said the same way.
    would = out.strip().split(": ", 1)[1].removesuffix(" Nothing was changed (--dry-run).")
    assert done.strip().split(": ", 1)[1] == would
    assert state(workshop)[1]["participants"] == 2
