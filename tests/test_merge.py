"""Merging workshops filled in offline on separate copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planning import open_workshop
from planning.cli import main
from planning.store.merge import merge_workshops


def state(ws) -> dict:
    """The current records of every kind, by id, as a person would compare them."""
    from planning import stages

    return {
        kind: sorted((r.id, repr(sorted(r.data().items()))) for r in ws.records(kind))
        for kind in stages.kinds()
        if kind != "workshop"
    }


@pytest.fixture
def copies(ws, tmp_path: Path):
    """A workshop with a need and a participant, copied to two laptops."""
    ws.add("participants", name="Ani")
    ws.add("needs", title="Air bersih", households=10)
    ws.close()
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    shutil.copy(tmp_path / "w.sqlite", a)
    shutil.copy(tmp_path / "w.sqlite", b)
    return open_workshop(a), open_workshop(b)


def test_does_merging_bring_each_copys_new_records_and_keep_their_ids(copies):
    """Does a need added on each laptop reach the target once, with its own id?"""
    a, b = copies
    road = b.add("needs", title="Jalan")
    a.add("needs", title="Sekolah")
    report = merge_workshops(a, b)
    assert report.written == {"needs": 1}
    assert {n.title for n in a.records("needs")} == {"Air bersih", "Jalan", "Sekolah"}
    assert a.get("needs", road.id).title == "Jalan"


def test_does_merging_twice_change_nothing(copies):
    """Is a second merge of the same copy a no-op (no new versions, no new records)?"""
    a, b = copies
    b.add("needs", title="Jalan")
    merge_workshops(a, b)
    before = (state(a), len(a.history()))
    again = merge_workshops(a, b)
    assert not again.changed and state(a) == before[0]


def test_do_both_directions_give_the_same_workshop(copies, tmp_path):
    """Does A+B equal B+A, conflicts included?"""
    a, b = copies
    need = a.records("needs")[0]
    a.edit("needs", need.id, households=20)
    b.edit("needs", need.id, households=30)
    b.add("needs", title="Jalan")
    a.add("participants", name="Budi")
    a2, b2 = tmp_path / "a2.sqlite", tmp_path / "b2.sqlite"
    for ws, copy in ((a, a2), (b, b2)):
        ws.close()  # the last writes leave the WAL for the file itself before it is copied
        shutil.copy(ws.url.removeprefix("sqlite:///"), copy)
    a, b = (
        open_workshop(a.url.removeprefix("sqlite:///")),
        open_workshop(b.url.removeprefix("sqlite:///")),
    )
    ab = merge_workshops(a, b)
    with open_workshop(b2) as left, open_workshop(a2) as right:
        ba = merge_workshops(left, right)
        assert state(left) == state(a)
    assert ab.conflicts == ba.conflicts == [("needs", "Air bersih")]


def test_is_a_record_typed_on_both_copies_joined_by_its_name(copies):
    """Is a participant added on both laptops (different ids) one participant after a merge?"""
    a, b = copies
    a.add("participants", name="Cici")
    cici_b = b.add("participants", name="  cici ")
    need = b.records("needs")[0]
    b.add("dot_votes", participant=cici_b.id, need=need.id, dots=2)
    report = merge_workshops(a, b)
    assert ("participants", "Cici") in report.joined
    (cici,) = [p for p in a.records("participants") if p.name.casefold() == "cici"]
    assert [(v.participant, v.dots) for v in a.records("dot_votes")] == [(cici.id, 2)]


def test_is_a_merge_one_change_that_undo_reverts(copies):
    """Does one undo take the whole merge back?"""
    a, b = copies
    need = b.records("needs")[0]
    b.edit("needs", need.id, households=11)
    b.edit("needs", need.id, households=12)
    b.add("needs", title="Jalan")
    before = state(a)
    merge_workshops(a, b)
    assert a.get("needs", need.id).households == 12
    a.undo()
    assert state(a) == before


def test_does_the_command_line_merge_and_report(copies, capsys):
    """Does `planning merge` write the versions and say what it joined?"""
    a, b = copies
    b.add("needs", title="Jalan")
    target, source = a.url.removeprefix("sqlite:///"), b.url.removeprefix("sqlite:///")
    a.close()
    assert main(["merge", target, source]) == 0
    assert "needs 1" in capsys.readouterr().out
    assert main(["merge", target, source]) == 0
    assert ": 0 " in capsys.readouterr().out
