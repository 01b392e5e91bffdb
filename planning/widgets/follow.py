"""The kernel's one periodic look at the room: what others wrote, and the step that is open.

A trainee's page and the facilitator's view each run in their own kernel. About once a second,
on the kernel's own event loop (no thread, no busy loop), :data:`FOLLOW` asks each workshop that
has a room page open whether anyone wrote since the last look (the latest change number, one
cheap query) and, if so, tells the workshop's panels which kinds changed; then it lets each
room page look at the room's state (the open step, the names held, the timer). Outside a running
event loop (a script, a headless test) nothing is scheduled: call :meth:`Follow.tick`.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Protocol

from planning.store import Workshop
from planning.widgets.common import WorkshopState

log = logging.getLogger(__name__)


class RoomPage(Protocol):
    """A page that follows the room: it names its workshop and looks at the room on a tick."""

    @property
    def workshop(self) -> Workshop | None: ...

    def look(self) -> None: ...


class Follow:
    """Tells open room pages, and their workshops' panels, what changed anywhere."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        # By id: widgets are not told apart by equality, so a WeakSet would keep only one.
        self._pages: weakref.WeakValueDictionary[int, RoomPage] = weakref.WeakValueDictionary()
        self._seen: weakref.WeakKeyDictionary[Workshop, int] = weakref.WeakKeyDictionary()
        self._handle: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.ticks = 0

    def add(self, page: RoomPage) -> None:
        """Let ``page`` follow the room, and start looking if a loop runs."""
        self._pages[id(page)] = page
        self.start()

    def discard(self, page: RoomPage) -> None:
        """Stop telling ``page``."""
        self._pages.pop(id(page), None)

    def remember(self, ws: Workshop) -> None:
        """Take the workshop's latest change as seen (its panels were just drawn from it)."""
        self._seen[ws] = ws.change_marker()

    @property
    def running(self) -> bool:
        """Whether the next look is scheduled."""
        return self._handle is not None

    def start(self) -> None:
        """Schedule the next look on the running loop, unless it is scheduled already."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._handle is not None and self._loop is loop and not loop.is_closed():
            return
        self.stop()
        self._loop = loop
        self._handle = loop.call_later(self.interval, self._tick)

    def stop(self) -> None:
        """Cancel the next look."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None

    def tick(self) -> None:
        """Look once: tell each workshop's panels what others wrote, then each page the room."""
        pages = list(self._pages.values())
        for ws in {id(p.workshop): p.workshop for p in pages if p.workshop is not None}.values():
            self._catch_up(ws)
        for page in pages:
            page.look()

    def _catch_up(self, ws: Workshop) -> None:
        seen = self._seen.get(ws)
        if seen is None:
            self._seen[ws] = ws.change_marker()
            return
        latest, kinds = ws.changes_since(seen)
        if latest == seen:
            return
        self._seen[ws] = latest
        WorkshopState.of(ws).changed(kinds)

    def _tick(self) -> None:
        self._handle = None
        if not self._pages or self._loop is None or self._loop.is_closed():
            return  # nothing open: the next page starts it again
        self.ticks += 1
        try:
            self.tick()
        except Exception:  # a workshop that cannot be read now; the next tick tries again
            log.exception("following the room failed")
        self._handle = self._loop.call_later(self.interval, self._tick)


FOLLOW = Follow()
