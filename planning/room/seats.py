"""Seats that are let go: a name held on a phone that left is released after a while.

A trainee's page says it is still there by writing, every :data:`BEAT` seconds, when it last
looked into its own seat (``seat.<device>`` = ``<participant id>|<time>``; a trainee's
workshop writes only ``seat.`` keys). Once its page has gone, its kernel is shut down after
the cull time and the time stops moving. The facilitator sets after how many minutes unseen
a seat is released (``room.seat_release``, 0 for never) and can release one by hand.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from planning.errors import Msg, ValidationError
from planning.room.state import SEAT_PREFIX, SEEN, check_device, release, seat_person
from planning.store import Workshop

BEAT = 30.0  # seconds between a page's "still here"
RELEASE_KEY = "room.seat_release"
RELEASE_DEFAULT = 15  # minutes
RELEASE_MAX = 24 * 60


@dataclass(frozen=True)
class Seat:
    """A name held on a device, and when its page last looked (None: not known)."""

    device: str
    person: str
    seen: _dt.datetime | None

    def unseen(self, now: _dt.datetime | None = None) -> float | None:
        """Give the seconds since the page last looked, or None when not known."""
        if self.seen is None:
            return None
        return max(0.0, ((now or _now()) - self.seen).total_seconds())


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0)


def _seen(value: str) -> _dt.datetime | None:
    _, _, at = value.partition(SEEN)
    try:
        return _dt.datetime.fromisoformat(at) if at else None
    except ValueError:
        return None


def seat_list(ws: Workshop) -> list[Seat]:
    """Give every seat held, by device."""
    found = ws.meta_items(SEAT_PREFIX)
    return [
        Seat(key.removeprefix(SEAT_PREFIX), seat_person(value), _seen(value))
        for key, value in sorted(found.items())
        if value
    ]


def beat(ws: Workshop, device: str, person: str, now: _dt.datetime | None = None) -> None:
    """Say that ``device``'s page holding ``person``'s name is still there."""
    at = (now or _now()).isoformat()
    ws.set_meta(SEAT_PREFIX + check_device(device), f"{person}{SEEN}{at}")


def release_after(ws: Workshop) -> int:
    """Give the minutes unseen after which a seat is released (0: never)."""
    raw = ws.meta(RELEASE_KEY)
    try:
        return min(max(int(raw), 0), RELEASE_MAX) if raw is not None else RELEASE_DEFAULT
    except ValueError:
        return RELEASE_DEFAULT


def set_release_after(ws: Workshop, minutes: object) -> int:
    """Set the minutes unseen after which a seat is released (0: never); give them."""
    try:
        value = int(str(minutes).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= RELEASE_MAX:
        raise ValidationError(
            field=Msg("field.room.seat_release"),
            value=minutes,
            allowed=Msg("allowed.minutes", most=RELEASE_MAX),
        )
    ws.set_meta(RELEASE_KEY, str(value))
    return value


def release_idle(ws: Workshop, now: _dt.datetime | None = None) -> list[Seat]:
    """Release the seats whose page has not looked for longer than the facilitator's time;
    give them. A seat whose time is not known is left alone."""
    minutes = release_after(ws)
    if not minutes:
        return []
    gone = [s for s in seat_list(ws) if (s.unseen(now) or 0.0) > minutes * 60]
    for seat in gone:
        release(ws, seat.device)
    return gone
