"""The workshop store: round trip, history and undo, migration, duplicates, bad input.

Every test that does not look at the SQLite file itself runs on SQLite and on PostgreSQL (the
``location`` fixture; PostgreSQL when ``PLANNING_TEST_POSTGRES`` names a server).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from planning import create_workshop, open_workshop
from planning.errors import (
    DuplicateError,
    NotFoundError,
    PlanningError,
    SchemaVersionError,
    ValidationError,
)
from planning.store.schema import SCHEMA_1_DDL, SCHEMA_VERSION


@pytest.fixture
def ws(location: str):
    """A new, empty workshop in English, on SQLite and on PostgreSQL."""
    workshop = create_workshop(location, title="Test workshop", desa="Sukamaju", language="en")
    yield workshop
    workshop.close()


@pytest.fixture
def ws_id(location: str):
    """A new, empty workshop in Bahasa Indonesia, on SQLite and on PostgreSQL."""
    workshop = create_workshop(location, title="Lokakarya uji", language="id")
    yield workshop
    workshop.close()


def query(ws, sql: str, **params) -> list[tuple]:
    """Run SQL on a workshop's database directly, beside the store."""
    engine = sa.create_engine(ws.url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def snapshot(ws) -> tuple:
    """Everything the store holds, to compare before and after a refused change."""
    return tuple((kind, tuple(ws.records(kind))) for kind in ("participants", "needs")) + (
        len(ws.history()),
    )


def test_round_trip_keeps_every_field(ws):
    """Does a record read back from a reopened file equal what was written?"""
    added = ws.add(
        "participants",
        name="Siti Aminah",
        gender="perempuan",
        age_group="adult",
        group="kader",
        dusun="Krajan",
        poor_household="ya",
        pkh=True,
        consent="yes",
    )
    ws.close()
    again = open_workshop(ws.url)
    (back,) = again.records("participants")
    assert back == added
    assert back.gender == "female" and back.poor_household and back.pkh and back.consent
    assert len(back.id) == 36 and back.entered_by == "facilitator" and back.entered_at
    again.close()


def test_every_record_says_who_entered_it(ws):
    """Is the participant who entered a record kept with it?"""
    rec = ws.add("participants", name="Ujang", by="Ujang")
    assert rec.entered_by == "Ujang"
    assert ws.history()[-1].by == "Ujang"


def test_edit_writes_a_new_version_and_keeps_the_old(ws):
    """Does an edit keep the old version in the history instead of overwriting it?"""
    rec = ws.add("participants", name="Asep", dusun="Krajan")
    edited = ws.edit("participants", rec.id, dusun="Cibodas")
    assert edited.version == 2 and edited.id == rec.id
    assert ws.get("participants", rec.id).dusun == "Cibodas"
    rows = query(ws, "select version, data from records where id = :id order by seq", id=rec.id)
    assert [(v, json.loads(d)["dusun"]) for v, d in rows] == [(1, "Krajan"), (2, "Cibodas")]


def test_remove_marks_and_undo_brings_back(ws):
    """Does a removal hide the record, and undo bring it back unchanged?"""
    rec = ws.add("participants", name="Euis")
    ws.remove("participants", rec.id)
    assert ws.records("participants") == []
    with pytest.raises(NotFoundError):
        ws.get("participants", rec.id)
    undone = ws.undo()
    assert undone is not None and undone.action == "remove"
    assert ws.get("participants", rec.id).data() == rec.data()


def test_undo_reverts_changes_one_by_one(ws):
    """Does each undo revert the last change not yet undone, and history say so?"""
    a = ws.add("participants", name="A")
    ws.edit("participants", a.id, dusun="Krajan")
    ws.add("participants", name="B")
    assert [c.action for c in (ws.undo(), ws.undo())] == ["add", "edit"]
    assert [p.name for p in ws.records("participants")] == ["A"]
    assert ws.get("participants", a.id).dusun == ""
    history = ws.history()
    assert [c.action for c in history] == ["new", "add", "edit", "add", "undo", "undo"]
    assert [c.undone for c in history] == [False, False, True, True, False, False]
    assert ws.undo().action == "add"
    assert ws.records("participants") == []
    assert ws.undo() is None  # the workshop's creation is not undone


def test_undo_of_an_import_removes_all_its_rows(ws):
    """Is a whole import one change that one undo reverts?"""
    ws.import_records({"participants": [(2, {"name": "A"}), (3, {"name": "B"})]}, source="x.csv")
    assert len(ws.records("participants")) == 2
    ws.undo()
    assert ws.records("participants") == []


def test_undo_dry_run_says_what_and_changes_nothing(ws):
    """Does a dry run give the change undo would revert, and write nothing?"""
    ws.import_records({"participants": [(2, {"name": "A"}), (3, {"name": "B"})]}, source="x.csv")
    history = ws.history()
    change = ws.undo(dry_run=True)
    assert change is not None and (change.action, change.summary, change.count) == (
        "import",
        "x.csv",
        2,
    )
    assert ws.history() == history and len(ws.records("participants")) == 2
    assert ws.undo() == change.__class__(**{**change.__dict__, "undone": True})


def test_undo_restores_the_state_before_a_change_that_wrote_a_record_twice(ws):
    """Does undo of an import that wrote the workshop record twice bring back the title from
    before the import, not the one in between?"""
    rows = [(2, {"title": "Kedua"}), (3, {"title": "Ketiga"})]
    ws.import_records({"workshop": rows}, source="workshop.csv")
    assert ws.info().title == "Ketiga"
    ws.undo()
    info = ws.info()
    assert info.title == "Test workshop" and info.version == 4


def test_undo_of_an_edit_after_other_undos_restores_each_version(ws):
    """Do versions keep counting up through edits and undos, each undo restoring the last?"""
    a = ws.add("participants", name="A", dusun="Satu")
    ws.edit("participants", a.id, dusun="Dua")
    ws.edit("participants", a.id, dusun="Tiga")
    assert ws.undo().action == "edit"
    assert ws.get("participants", a.id).dusun == "Dua"
    assert ws.undo().action == "edit"
    back = ws.get("participants", a.id)
    assert (back.dusun, back.version) == ("Satu", 5)
    assert ws.undo().action == "add" and ws.records("participants") == []


@pytest.mark.parametrize(
    "name", ["  dinas  sosial", "DINAS SOSIAL", "Dinas\u00a0Sosial", "dinas sosial\t"]
)
def test_duplicate_names_are_refused_and_name_the_existing(ws, name):
    """Is "  dinas  sosial" refused next to "Dinas Sosial", naming the existing record?"""
    ws.add("participants", name="Dinas Sosial")
    before = snapshot(ws)
    with pytest.raises(DuplicateError, match="Dinas Sosial"):
        ws.add("participants", name=name)
    assert snapshot(ws) == before


def test_unicode_forms_are_one_name(ws):
    """Are NFC and NFD spellings of the same name duplicates?"""
    ws.add("participants", name="Jos\u00e9")
    with pytest.raises(DuplicateError):
        ws.add("participants", name="Jose\u0301")


def test_an_edit_cannot_take_another_records_name(ws):
    """Is renaming a record to a name another record has refused?"""
    ws.add("participants", name="Ani")
    b = ws.add("participants", name="Budi")
    with pytest.raises(DuplicateError):
        ws.edit("participants", b.id, name=" ani ")
    assert ws.get("participants", b.id).name == "Budi"


@pytest.mark.parametrize(
    ("fields", "field_word"),
    [
        ({"name": ""}, "Name"),
        ({"name": "x" * 81}, "Name"),
        ({"name": "Ok", "gender": "robot"}, "Gender"),
        ({"name": "Ok", "poor_household": "maybe"}, "Poor household"),
        ({"name": "Ok", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_refused_and_leaves_the_store_unchanged(ws, fields, field_word):
    """Does bad input raise an error naming the field, and change nothing?"""
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        ws.add("participants", **fields)
    assert field_word in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, PlanningError)
    assert snapshot(ws) == before


def test_errors_name_field_value_and_what_is_allowed(ws):
    """Does an error show the field, the bad value and the allowed values?"""
    with pytest.raises(ValidationError) as info:
        ws.add("participants", name="Ok", gender="robot")
    text = str(info.value)
    assert "Gender" in text and "robot" in text and "female" in text and "male" in text


def test_errors_come_in_the_workshops_language(ws_id):
    """Is the message in Bahasa Indonesia for an Indonesian workshop?"""
    with pytest.raises(ValidationError) as info:
        ws_id.add("participants", name="Ok", gender="robot")
    text = info.value.message(ws_id.lang)
    assert "Jenis kelamin" in text and "perempuan" in text


def test_a_message_in_an_indonesian_workshop_has_no_english(ws_id):
    """Is every part of a refusal (field, what is allowed) in Bahasa Indonesia?"""
    ws_id.add("participants", name="Ani")
    with pytest.raises(PlanningError) as info:
        ws_id.add("needs", title="Jalan", households="banyak")
    text = info.value.message(ws_id.lang)
    assert "banyak" in text and "bilangan bulat" in text
    english = ("Households", "is not allowed", "Allowed", "whole number", "from", "to 100000")
    assert not [word for word in english if word in text], text
    with pytest.raises(PlanningError) as info:
        ws_id.add("dot_votes", participant="Ani", need="Tidak ada", dots=1)
    text = info.value.message(ws_id.lang)
    assert "Tidak ada" in text and "unknown" not in text and "Known" not in text


def test_control_characters_are_stripped(ws):
    """Are control and direction-override characters removed from typed text?"""
    rec = ws.add("participants", name="Ani\x07\u202e ta\x00", dusun="Kra\njan")
    assert rec.name == "Ani ta" and rec.dusun == "Kra jan"


def test_unknown_reference_lists_the_known_names(ws):
    """Does a vote for an unknown need name the needs there are?"""
    ws.add("participants", name="Ani")
    ws.add("needs", title="Air bersih")
    with pytest.raises(ValidationError, match="Air bersih"):
        ws.add("dot_votes", participant="Ani", need="Air kotor", dots=1)


def test_newer_schema_is_refused_with_the_version_needed(ws):
    """Is a file from a newer version refused, saying which version is needed?"""
    ws.close()
    query(ws, "update meta set value = '99' where key = 'schema_version'")
    query(ws, "update meta set value = '7.3.0' where key = 'written_by'")
    with pytest.raises(SchemaVersionError) as info:
        open_workshop(ws.url)
    assert "99" in str(info.value) and "7.3.0" in str(info.value)


def test_older_schema_is_migrated_on_open(tmp_path: Path):
    """Is a schema-1 file migrated to the current schema with its records intact?"""
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    for ddl in SCHEMA_1_DDL:
        db.execute(ddl)
    db.executemany(
        "insert into meta values (?, ?)",
        [("schema_version", "1"), ("written_by", "0.0.9"), ("created_at", "x")],
    )
    db.execute(
        "insert into changes (at, by, action, kind, summary, count) values "
        "('2026-01-01', 'facilitator', 'new', 'workshop', 'Lama', 1)"
    )
    info = {
        "title": "Lama",
        "desa": "",
        "kecamatan": "",
        "kabupaten": "",
        "date": "",
        "facilitator": "",
        "language": "id",
        "dot_budget": 5,
    }
    db.execute(
        "insert into records (id, kind, version, data, removed, entered_at, entered_by,"
        " change_seq) values ('workshop', 'workshop', 1, ?, 0, 'x', 'facilitator', 1)",
        (json.dumps(info),),
    )
    db.commit()
    db.close()
    ws = open_workshop(path)
    assert ws.schema_version() == SCHEMA_VERSION
    assert ws.info().title == "Lama"
    ws.add("participants", name="Baru")
    assert [p.name for p in ws.records("participants")] == ["Baru"]


def test_missing_file_is_not_created(tmp_path: Path):
    """Does opening a file that is not there refuse, without creating it?"""
    with pytest.raises(NotFoundError):
        open_workshop(tmp_path / "nope.sqlite")
    assert not (tmp_path / "nope.sqlite").exists()


def test_existing_file_is_not_overwritten(ws):
    """Is creating a workshop over an existing file (or database) refused?"""
    with pytest.raises(ValidationError):
        create_workshop(ws.url, title="Again")
    assert ws.info().title == "Test workshop" and len(ws.history()) == 1


def test_file_is_in_wal_mode(tmp_path: Path):
    """Is the SQLite file in WAL mode, so readers never block the writer?"""
    create_workshop(tmp_path / "w.sqlite", title="WAL").close()
    mode = sqlite3.connect(tmp_path / "w.sqlite").execute("pragma journal_mode").fetchone()[0]
    assert mode == "wal"


def test_workshop_info_can_be_edited(ws):
    """Does changing the language change the messages' language?"""
    ws.update_info(language="id")
    assert ws.lang == "id"
    with pytest.raises(ValidationError) as info:
        ws.add("participants", name="")
    assert "Nama" in info.value.message(ws.lang)


# -- the workshop as it stood after a change ------------------------------------------------

AS_OF_KINDS = ("workshop", "participants", "needs", "dot_votes", "stakeholders", "links")


def _everything(ws) -> dict[str, tuple]:
    return {kind: ws.snapshot(kind) for kind in AS_OF_KINDS}


def test_as_of_gives_exactly_what_snapshot_gave_right_after_each_change(ws):
    """After adding, editing, removing, importing, merging and undoing (an undo of an undo's
    neighbour too), does ``as_of(seq)`` give, for every kind, what ``snapshot`` gave right
    after change ``seq``?"""
    seen = {ws.change_marker(): _everything(ws)}

    def step(work) -> None:
        work()
        seen[ws.change_marker()] = _everything(ws)

    step(lambda: ws.add("participants", name="Ani", gender="p"))
    step(lambda: ws.add_many("needs", [{"title": "Air bersih"}, {"title": "Jalan"}]))
    step(lambda: ws.put("dot_votes", participant="Ani", need="Air bersih", dots=3))
    step(lambda: ws.edit("needs", ws.find("needs", "Jalan").id, title="Jalan dusun"))
    step(lambda: ws.add("needs", title="Jalan desa"))
    step(lambda: ws.add("stakeholders", name="PDAM", sector="government"))
    step(lambda: ws.add("stakeholders", name="KWT", sector="community_group"))
    step(lambda: ws.add("links", source="PDAM", target="KWT", type="technical"))
    step(lambda: ws.remove("needs", ws.find("needs", "Jalan desa").id))
    step(lambda: ws.undo())
    step(
        lambda: ws.merge(
            "needs", ws.find("needs", "Air bersih").id, ws.find("needs", "Jalan desa").id
        )
    )
    step(lambda: ws.update_info(language="id", dot_budget=7))
    step(lambda: ws.undo())
    step(lambda: ws.undo())
    step(lambda: ws.remove("stakeholders", ws.find("stakeholders", "KWT").id))
    assert len(seen) == 16
    for seq, then in seen.items():
        past = ws.as_of(seq)
        assert {kind: past.snapshot(kind) for kind in AS_OF_KINDS} == then, seq
        assert past.info() == then["workshop"][0] and past.lang == then["workshop"][0].language
    assert ws.as_of(ws.change_marker() + 10).snapshot("needs") == ws.snapshot("needs")


def test_a_view_of_the_past_reads_like_the_workshop_and_refuses_writes(ws):
    """Does ``as_of`` offer get, find and records as the workshop does, keep one snapshot
    tuple per kind, and refuse to write?"""
    from planning.errors import ReadOnlyError

    need = ws.add("needs", title="Air bersih")
    first = ws.change_marker()
    ws.edit("needs", need.id, title="Air minum")
    past = ws.as_of(first)
    assert past.get("needs", need.id).title == "Air bersih"
    assert past.find("needs", "air bersih").id == need.id
    assert past.records("needs") == [past.get("needs", need.id)]
    assert past.snapshot("needs") is past.snapshot("needs")
    with pytest.raises(NotFoundError, match="Air minum"):
        past.find("needs", "Air minum")
    with pytest.raises(ReadOnlyError):
        past.add("needs", title="Jalan")
    assert ws.find("needs", "Air minum").version == 2


def test_a_stage_result_runs_over_the_past(ws):
    """Does ``stages.result`` run over ``as_of``, giving the map as first drawn while the
    workshop's own result shows the map re-drawn?"""
    from planning import stages

    ws.add("stakeholders", name="PDAM", sector="government")
    ws.add("stakeholders", name="KWT", sector="community_group")
    ws.add("links", source="PDAM", target="KWT", type="technical")
    first = ws.change_marker()
    ws.add("stakeholders", name="BPD", sector="village_government")
    ws.add("links", source="BPD", target="KWT", type="coordination")
    then, now = stages.result(ws.as_of(first), "stakeholders"), stages.result(ws, "stakeholders")
    assert sorted(then.names.values()) == ["KWT", "PDAM"]
    assert sorted(now.names.values()) == ["BPD", "KWT", "PDAM"]
    assert len(then.links) == 1 and len(now.links) == 2


def test_is_a_file_in_use_never_taken_for_a_cut_short_copy(tmp_path: Path, monkeypatch):
    """While a checkpoint copies the log back, the file's first page (with the new page count)
    is written before the pages that lengthen it. Beside its ``-wal`` such a file is in use and
    is read with its log; only a file alone is judged cut short by its length."""
    from planning.store.database import check_workshop_file

    path = tmp_path / "w.sqlite"
    create_workshop(path, title="T", desa="D", language="id").close()
    data = bytearray(path.read_bytes())
    pages = int.from_bytes(data[28:32], "big")
    data[28:32] = (pages + 3).to_bytes(4, "big")  # the count of a checkpoint under way
    path.write_bytes(bytes(data))
    with pytest.raises(ValidationError, match="cut short"):
        check_workshop_file(path)
    # Beside a log, SQLite reads the file with it (here the reading itself is left out).
    from planning.store import database

    monkeypatch.setattr(database, "_read_meta", lambda _: {"schema_version": str(SCHEMA_VERSION)})
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"")
    try:
        assert check_workshop_file(path).path == path
    finally:
        wal.unlink()
