"""What a trainee's workshop may do, checked by the store where the write happens: it adds
records in the trainee's own name and steps their own counts; every edit or removal of
anyone's record, every write for another participant and every read of a sensitive field is
refused with a message naming what was asked and what a trainee may do."""

from __future__ import annotations

import pytest

from planning import stages
from planning.errors import RightsError
from planning.records import Participant, sensitive_fields
from planning.store import open_workshop


@pytest.fixture
def room(ws):
    """A workshop the facilitator set up, and the same workshop opened for the trainee Ani."""
    ws.add_many(
        Participant,
        [
            {"name": "Ani", "gender": "female", "poor_household": True, "pkh": True},
            {"name": "Budi", "gender": "male"},
        ],
    )
    ws.add("needs", title="Air bersih", proposed_by="Budi")
    ws.add("stakeholders", name="Puskesmas", sector="government", contact="Bidan Yanti 0812")
    ws.add("stakeholders", name="BUMDes", sector="cooperative")
    ws.add("influence_questions", name="Dana desa")
    trainee = open_workshop(ws.url, by="Ani", role="trainee")
    yield ws, trainee
    trainee.close()


def _refused(work, *words: str) -> str:
    with pytest.raises(RightsError) as caught:
        work()
    text = caught.value.message("en")
    for word in words:
        assert word in text, text
    return text


def test_is_an_edit_or_removal_of_any_record_refused_with_its_message(room):
    """Can a trainee's workshop neither edit nor remove a record, whoever entered it?"""
    ws, trainee = room
    actor = ws.find("stakeholders", "Puskesmas")
    before = len(ws.history())
    _refused(lambda: trainee.edit("stakeholders", actor.id, name="Dinas"), "Puskesmas", "adding")
    _refused(lambda: trainee.remove("stakeholders", actor.id), "Remove", "Puskesmas")
    mine = trainee.add("stakeholders", name="Kader Posyandu", sector="community_group")
    assert mine.entered_by == "Ani"
    _refused(lambda: trainee.remove("stakeholders", mine.id), "Remove")
    _refused(lambda: trainee.undo(), "Undo")
    assert len(ws.history()) == before + 1  # only the actor Ani added
    assert ws.get("stakeholders", actor.id).name == "Puskesmas"


def test_are_the_messages_in_the_workshops_language(room):
    """Does the refusal read in Indonesian, naming the field, the value and what is allowed?"""
    ws, trainee = room
    actor = ws.find("stakeholders", "Puskesmas")
    with pytest.raises(RightsError) as caught:
        trainee.remove("stakeholders", actor.id)
    assert caught.value.message("id") == (
        "Hapus: 'Puskesmas' bukan untuk halaman peserta. Yang boleh: menambah catatan baru atas "
        "nama Anda sendiri; fasilitator yang mengubah dan menghapusnya."
    )


def test_does_a_trainee_enter_only_in_their_own_name(room):
    """Are dots, votes and needs for another participant refused, and Ani's own stored?"""
    ws, trainee = room
    assert trainee.step("dot_votes", +1, participant="Ani", need="Air bersih") == 1
    _refused(lambda: trainee.step("dot_votes", +1, participant="Budi", need="Air bersih"), "Ani")
    _refused(lambda: trainee.add("needs", title="Jalan", proposed_by="Budi"), "Budi", "Ani")
    assert trainee.add("needs", title="Jalan", proposed_by="Ani").entered_by == "Ani"
    _refused(lambda: trainee.add("participants", name="Citra"), "facilitator")
    assert [d.dots for d in ws.records("dot_votes")] == [1]


def test_does_a_trainee_change_their_own_counts_and_nobody_elses(room):
    """May Ani take back her own dot, but not change Budi's?"""
    ws, trainee = room
    ws.step("dot_votes", +2, participant="Budi", need="Air bersih")
    budi = ws.find("needs", "Air bersih")
    trainee.step("dot_votes", +1, participant="Ani", need="Air bersih")
    assert trainee.step("dot_votes", -1, participant="Ani", need="Air bersih") == 0
    [theirs] = [d for d in ws.records("dot_votes") if d.need == budi.id and d.dots == 2]
    _refused(lambda: trainee.edit("dot_votes", theirs.id, dots=0), "Budi", "your own name")


def test_does_a_trainee_move_a_shared_tower_by_one_step_only(room):
    """Are towers stepped by one (the group's tally), and a jump refused?"""
    _ws, trainee = room
    assert trainee.step("influence", +1, stakeholder="BUMDes", question="Dana desa") == 1
    assert trainee.step("influence", +1, stakeholder="BUMDes", question="Dana desa") == 2
    _refused(
        lambda: trainee.put("influence", stakeholder="BUMDes", question="Dana desa", height=5),
        "one step",
    )


def test_does_a_trainees_workshop_never_hold_a_sensitive_field(room):
    """Do a trainee's records come without the contact person and the poor/PKH flags, and is
    asking for one by name refused?"""
    ws, trainee = room
    assert ws.find("stakeholders", "Puskesmas").contact == "Bidan Yanti 0812"
    assert trainee.find("stakeholders", "Puskesmas").contact == ""
    ani = trainee.find(Participant, "Ani")
    assert (ani.poor_household, ani.pkh) == (False, False)
    assert "Bidan" not in repr(trainee.snapshot("stakeholders"))
    for kind, cls in stages.kinds().items():
        for name in sensitive_fields(cls):
            _refused(lambda k=kind, n=name: trainee.frame(k, sensitive=[n]), "facilitator")
    frame = trainee.frame("stakeholders")
    assert "contact" not in frame.columns


def test_may_a_trainee_write_only_their_own_seat(room):
    """Does a trainee's workshop write its device's seat but no other setting?"""
    _ws, trainee = room
    trainee.set_meta("seat.abc123", "x")
    _refused(lambda: trainee.set_meta("room.step", "{}"), "Setting")
    _refused(lambda: trainee.delete_meta("demo"), "Setting")


def test_is_every_kind_declared_for_trainees_with_a_known_right():
    """Does every kind say what a trainee may do with a right the store knows, and name an
    owner and a count that are its fields?"""
    for cls in stages.kinds().values():
        assert cls.TRAINEE in ("", "add", "own", "step"), cls.KIND
        assert cls.TRAINEE != "own" or cls.OWNER, cls.KIND
        assert cls.TRAINEE != "step" or cls.COUNT in cls.specs(), cls.KIND
        assert not cls.OWNER or cls.OWNER in cls.specs(), cls.KIND
