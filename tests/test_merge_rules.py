"""A merge runs the target's rules: what it writes every reader can show (issue: nothing
accepted can break a reader). Each case: exit 2 with one message and the target unchanged, or
a reported conflict; afterwards the target's summary (and once, its handout) succeed."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from planning import open_workshop
from planning.cli import main


def cli(*args: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def state(path: Path) -> dict[str, list[tuple[str, str]]]:
    with open_workshop(path) as ws:
        return {
            kind: sorted((r.id, repr(sorted(r.data().items()))) for r in ws.records(kind))
            for kind in ws.counts()
        }


def forge(path: Path, kind: str, record_id: str, data: dict[str, Any] | str) -> None:
    """Store a version no check saw (an older or tampered copy), straight into the file."""
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        top = conn.execute(
            "SELECT max(version) FROM records WHERE kind = ? AND id = ?", (kind, record_id)
        ).fetchone()[0]
        change = conn.execute("SELECT max(seq) FROM changes").fetchone()[0]
        stored = data if isinstance(data, str) else json.dumps(data)
        conn.execute(
            "INSERT INTO records (id, kind, version, data, removed, entered_at, entered_by,"
            " change_seq, source) VALUES (?, ?, ?, ?, 0, '2030-01-01T00:00:00+00:00', 'x', ?, '')",
            (record_id, kind, (top or 0) + 1, stored, change),
        )


@pytest.fixture
def pair(demo_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The demo workshop on two laptops."""
    target, source = tmp_path / "target.sqlite", tmp_path / "source.sqlite"
    shutil.copy(demo_file, target)
    shutil.copy(demo_file, source)
    return target, source


def refused(target: Path, *sources: Path) -> str:
    """Merge, expecting a refusal that changed nothing; give the message."""
    before = state(target)
    status, out, err = cli("merge", target, *sources)
    assert status == 2, (out, err)
    assert "Traceback" not in err and "Error" not in err, err
    assert state(target) == before
    status, _, problem = cli("summary", target)
    assert status == 0, problem
    return err


def test_a_problem_tree_loop_in_the_source_is_refused(pair):
    target, source = pair
    with open_workshop(source) as ws:
        nodes = [n for n in ws.records("problem_tree") if n.parent]
        child = nodes[0]
        parent = next(n for n in ws.records("problem_tree") if n.text == child.parent)
        looped = {**parent.data(), "parent": child.text, "role": child.role}
    forge(source, "problem_tree", parent.id, looped)
    err = refused(target, source)
    assert "tidak digabung" in err


def test_an_actor_with_bad_values_and_a_link_to_nothing_are_refused(pair):
    target, source = pair
    with open_workshop(source) as ws:
        actor = ws.records("stakeholders")[0]
        link = ws.records("links")[0]
    forge(source, "stakeholders", actor.id, {**actor.data(), "sector": "alien", "interest": 99})
    new_link = str(uuid.uuid4())
    forge(source, "links", new_link, {**link.data(), "target": str(uuid.uuid4()), "strength": 9})
    err = refused(target, source)
    assert f'"{actor.name}"' in err and "'alien'" in err and "'9'" in err
    assert new_link not in err and actor.id not in err


def test_a_cost_beyond_what_a_reader_draws_is_refused_on_merge(pair):
    target, source = pair
    with open_workshop(source) as ws:
        activity = ws.records("activities")[0]
    forge(source, "activities", activity.id, {**activity.data(), "cost": 10**19})
    forge(
        source,
        "activities",
        str(uuid.uuid4()),
        {**activity.data(), "title": "Tahun 9999", "end": "9999-12-31"},
    )
    err = refused(target, source)
    assert "1000000000000000" in err and "2100-12-31" in err


def test_damaged_data_in_the_source_gives_one_line(pair):
    target, source = pair
    forge(source, "needs", str(uuid.uuid4()), "{not json")
    err = refused(target, source)
    assert len(err.strip().splitlines()) == 1 and "rusak" in err


def test_several_sources_are_merged_all_or_nothing(pair, tmp_path):
    target, bad = pair
    good = tmp_path / "good.sqlite"
    shutil.copy(target, good)
    with open_workshop(good) as ws:
        ws.add("needs", title="Jembatan gantung")
    with open_workshop(bad) as ws:
        actor = ws.records("stakeholders")[0]
    forge(bad, "stakeholders", actor.id, {**actor.data(), "sector": "alien"})
    refused(target, good, bad)
    status, _, err = cli("merge", target, good, good)
    assert status == 0, err
    with open_workshop(target) as ws:
        assert [n.title for n in ws.records("needs")].count("Jembatan gantung") == 1


def test_records_for_what_the_target_removed_are_conflicts_named_by_name(pair, tmp_path):
    """The target removed an actor and a need; the offline copy added a link from that actor
    and an activity for that need: both are conflicts naming both, not written; with
    --bring-back the removed ones come back with them."""
    target, source = pair
    with open_workshop(source) as ws:
        actor = ws.records("stakeholders")[0]
        other = ws.records("stakeholders")[-1]
        need = next(
            n for n in ws.records("needs") if n.title == "Jalan dusun rusak menuju Sukasari"
        )
        ws.add("links", source=actor.id, target=other.id, type="funding", strength=2)
        activity = ws.records("activities")[0]
        ws.add(
            "activities",
            **{
                **activity.data(),
                "title": "Perbaikan jalan baru",
                "need": need.id,
                "objective": "",
            },
        )
    spare = tmp_path / "spare.sqlite"
    shutil.copy(target, spare)
    for path in (target, spare):
        with open_workshop(path) as ws:
            ws.remove("stakeholders", actor.id)
            ws.remove("needs", need.id)
    status, dry, err = cli("merge", "--dry-run", target, source)
    assert status == 0, err
    before = state(target)
    status, out, err = cli("merge", target, source)
    assert status == 0, err
    assert out.replace("uji coba", "").split("\n")[:1] == dry.split("\n")[:1]
    assert f'"{actor.name}"' in out and '"Jalan dusun rusak menuju Sukasari"' in out, out
    assert "Perbaikan jalan baru" in out and actor.id not in out and need.id not in out
    with open_workshop(target) as ws:
        assert "Perbaikan jalan baru" not in {a.title for a in ws.records("activities")}
        assert actor.id not in {s.id for s in ws.records("stakeholders")}
    assert state(target) == before
    status, _, err = cli("summary", target)
    assert status == 0, err
    status, _, err = cli("handout", target, "-o", tmp_path / "out")
    assert status == 0, err

    status, out, err = cli("merge", "--bring-back", spare, source)
    assert status == 0, err
    with open_workshop(spare) as ws:
        assert "Perbaikan jalan baru" in {a.title for a in ws.records("activities")}
        assert actor.id in {s.id for s in ws.records("stakeholders")}
