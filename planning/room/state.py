"""The state of a live workshop that every kernel shares: the step the facilitator has opened,
who holds which name on which device, and the address trainees join.

It lives in the workshop's own settings (``meta``), not among its records: it is the room's
state, not something the group decided, so it is neither exported, merged nor in the handout.
Every kernel reads it through the same store, so a step opened on the facilitator's laptop
reaches every trainee's page (see :class:`planning.room.watch.Watch`).

Keys: ``room.step`` (the step and when it was opened, JSON), ``room.join`` (the join address,
JSON), ``room.pictures`` ("1" while the phones show choices as pictures) and one
``seat.<device>`` per device that picked a name (the participant's id, and when
its page last looked: see :mod:`planning.room.seats`). Each
device writes only its own key, so two phones picking names at once never overwrite each other.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from planning import stages
from planning.errors import Msg, ValidationError
from planning.i18n import t
from planning.records import Participant
from planning.stages import Step
from planning.store import Workshop

STEP_KEY = "room.step"
JOIN_KEY = "room.join"
PICTURES_KEY = "room.pictures"  # "1": the phones show choices as pictures with large labels
SEAT_PREFIX = "seat."
SEEN = "|"  # a seat's value: the participant's id, then "|" and when the page last looked


def seat_person(value: str) -> str:
    """Give the participant id a seat's stored value names.

    Examples
    --------
    >>> seat_person("p1|2026-12-02T08:00:00+00:00"), seat_person("p1")
    ('p1', 'p1')
    """
    return value.split(SEEN, 1)[0]


DEVICE_CHARS = frozenset("0123456789abcdef-")


@dataclass(frozen=True)
class OpenStep:
    """The step the facilitator has opened, and when (UTC, ISO seconds)."""

    step: Step
    opened_at: str

    def elapsed(self, now: _dt.datetime | None = None) -> float:
        """Give the seconds since the step was opened.

        Examples
        --------
        >>> from planning.stages import Step
        >>> s = OpenStep(Step("dots", "dots", "", ""), "2026-11-28T10:00:00+00:00")
        >>> s.elapsed(_dt.datetime(2026, 11, 28, 10, 2, 30, tzinfo=_dt.UTC))
        150.0
        """
        now = now or _dt.datetime.now(_dt.UTC)
        try:
            opened = _dt.datetime.fromisoformat(self.opened_at)
        except ValueError:
            return 0.0
        return max(0.0, (now - opened).total_seconds())


def all_steps() -> tuple[Step, ...]:
    """Give every step of a live workshop, every stage's in workshop order."""
    return stages.steps()


def step_title(step: Step, lang: str) -> str:
    """Give a step's title as the room numbers it: its place among all the workshop's steps,
    then its guide's title without the stage's own number ("7. Siapa yang terlibat?").

    Examples
    --------
    >>> step_title(find_step("actors"), "en")
    '6. Who is involved?'
    """
    title = _NUMBERED.sub("", t(f"guide.{step.guide}.title", lang))
    return f"{all_steps().index(step) + 1}. {title}"


_NUMBERED = re.compile(r"^\d+\.\s*")


def find_step(name: str) -> Step:
    """Give the step called ``name``, or raise naming the steps there are."""
    for step in all_steps():
        if step.name == name:
            return step
    raise ValidationError(
        field=Msg("field.room.step"), value=name, allowed=", ".join(s.name for s in all_steps())
    )


def current(ws: Workshop) -> OpenStep:
    """Give the step the facilitator has opened (the first one until one is opened)."""
    return _open_step(ws.meta(STEP_KEY))


def now(ws: Workshop) -> tuple[OpenStep, bool]:
    """Give, in one read, the step open now and whether the phones show pictures (what a
    phone looks at every second)."""
    found = ws.meta_items("room.")
    return _open_step(found.get(STEP_KEY)), found.get(PICTURES_KEY) == "1"


def _open_step(raw: str | None) -> OpenStep:
    if raw:
        try:
            data = json.loads(raw)
            return OpenStep(find_step(str(data["step"])), str(data.get("at", "")))
        except (ValueError, KeyError, TypeError, ValidationError):
            pass  # a step a newer or older version stored: start from the first
    return OpenStep(all_steps()[0], "")


def pictures(ws: Workshop) -> bool:
    """Whether the facilitator asked the phones to show choices as pictures with large labels
    (for people who read little)."""
    return ws.meta(PICTURES_KEY) == "1"


def set_pictures(ws: Workshop, on: bool) -> None:
    """Ask every phone to show choices as pictures with large labels (``on``), or as words.
    Only the facilitator does (the store refuses a trainee's workshop)."""
    if on:
        ws.set_meta(PICTURES_KEY, "1")
    else:
        ws.delete_meta(PICTURES_KEY)


def open_step(ws: Workshop, name: str) -> OpenStep:
    """Open the step called ``name`` for everyone in the room; give it."""
    step = find_step(name)
    at = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    ws.set_meta(STEP_KEY, json.dumps({"step": step.name, "at": at}))
    return OpenStep(step, at)


def move(ws: Workshop, by: int) -> OpenStep:
    """Open the step ``by`` places after the current one (before it when negative); at either
    end of the list the step stays."""
    names = [s.name for s in all_steps()]
    here = names.index(current(ws).step.name)
    there = min(max(here + by, 0), len(names) - 1)
    if there == here:
        return current(ws)
    return open_step(ws, names[there])


# --- names and devices ------------------------------------------------------------------------


def check_device(device: str) -> str:
    """Give a device id as stored, or refuse one that is not a short hex id."""
    text = device.strip().lower()
    if not text or len(text) > 34 or not set(text) <= DEVICE_CHARS:
        raise ValidationError(
            field=Msg("field.room.device"), value=device, allowed=Msg("allowed.device")
        )
    return text


def seats(ws: Workshop) -> dict[str, str]:
    """Give the participant id each device holds (device -> participant id)."""
    found = ws.meta_items(SEAT_PREFIX)
    return {
        key.removeprefix(SEAT_PREFIX): seat_person(value) for key, value in found.items() if value
    }


def holders(ws: Workshop, seat_map: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """Give the devices each participant's name is held on (participant id -> devices)."""
    out: dict[str, list[str]] = {}
    for device, person in sorted((seat_map if seat_map is not None else seats(ws)).items()):
        out.setdefault(person, []).append(device)
    return out


def others_holding(ws: Workshop, participant_id: str, device: str) -> list[str]:
    """Give the other devices that hold this participant's name."""
    return [d for d in holders(ws).get(participant_id, []) if d != check_device(device)]


def claim(ws: Workshop, device: str, participant: str) -> Participant:
    """Let ``device`` hold a participant's name (by name or id); give the participant.

    Whether another device holds the name already is asked first (:func:`others_holding`): the
    trainee confirms, and the facilitator sees the name held twice.
    """
    person = ws.find(Participant, participant)
    at = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    ws.set_meta(SEAT_PREFIX + check_device(device), f"{person.id}{SEEN}{at}")
    return person


def release(ws: Workshop, device: str) -> None:
    """Let ``device`` give its name back."""
    ws.delete_meta(SEAT_PREFIX + check_device(device))


def seat_of(ws: Workshop, device: str) -> Participant | None:
    """Give the participant whose name ``device`` holds, if any (and they are still listed)."""
    person = seat_person(ws.meta(SEAT_PREFIX + check_device(device)) or "")
    if not person:
        return None
    for p in ws.snapshot(Participant):
        if p.id == person:
            return p
    return None


# --- the join address -------------------------------------------------------------------------


def set_join(ws: Workshop, url: str, code: str = "", key: str = "") -> None:
    """Store the address trainees join (and its access code and room key), for the
    facilitator's view; ``planning serve`` stores them without code and key when it ends."""
    data = {"url": url, "code": code, **({"key": key} if key else {})}
    ws.set_meta(JOIN_KEY, json.dumps(data))


def join(ws: Workshop) -> tuple[str, str]:
    """Give the join address and access code ``planning serve`` stored ("" when not served)."""
    raw = ws.meta(JOIN_KEY)
    if not raw:
        return "", ""
    try:
        data = json.loads(raw)
        return str(data.get("url", "")), str(data.get("code", ""))
    except (ValueError, AttributeError):
        return "", ""


def join_key(ws: Workshop) -> str:
    """Give the room key the QR code carries while the room is served ("" when not)."""
    try:
        return str(json.loads(ws.meta(JOIN_KEY) or "{}").get("key", ""))
    except (ValueError, AttributeError):
        return ""


# --- who contributed --------------------------------------------------------------------------


def contributors(ws: Workshop, step: Step) -> list[Participant]:
    """Give the participants who have given an input to ``step``, in the room's order."""
    from planning.participation import credit
    from planning.records import kind_class

    people = ws.snapshot(Participant)
    found: set[str] = set()
    for kind in step.kinds:
        found.update(credit(ws.snapshot(kind_class(kind)), people))
    return [p for p in people if p.id in found]


# --- a women's deliberation (MKP) ---------------------------------------------------------------


def open_mkp(ws: Workshop, people: tuple[str, ...] = ()) -> tuple[Participant, ...]:
    """Open a women's deliberation (musyawarah khusus perempuan) for ``people`` (names or ids;
    by default every woman in the room): until it is closed, every need and activity its people
    or the facilitator propose keeps the origin "usulan MKP". Gives who is in it. Only the
    facilitator opens one (the store refuses a trainee's workshop)."""
    from planning.store.writes import MKP_META

    room = ws.records(Participant)
    by_name = {p.name.casefold(): p for p in room} | {p.id: p for p in room}
    chosen = []
    for name in people:
        found = by_name.get(name) or by_name.get(name.casefold())
        if found is None:
            raise ValidationError(
                "error.unknown_ref",
                field=Msg("field.mkp.people"),
                value=name,
                allowed=sorted((p.name for p in room), key=str.casefold),
            )
        chosen.append(found)
    ws.set_meta(MKP_META, ",".join(p.id for p in chosen))
    return tuple(chosen) if chosen else tuple(p for p in room if p.gender == "female")


def close_mkp(ws: Workshop) -> None:
    """Close the women's deliberation: what is proposed next is the whole room's again."""
    from planning.store.writes import MKP_META

    ws.delete_meta(MKP_META)


def mkp(ws: Workshop) -> tuple[Participant, ...] | None:
    """Give who is in the open women's deliberation (None when none is open)."""
    from planning.store.writes import MKP_META

    value = ws.meta(MKP_META)
    if value is None:
        return None
    chosen = set(value.split(",")) - {""}
    room = ws.snapshot(Participant)
    return tuple(p for p in room if (p.id in chosen if chosen else p.gender == "female"))
