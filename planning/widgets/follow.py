"""The room's look, once a second: what others wrote, and the step that is open.

A trainee's page and the facilitator's view each run in their own kernel. The kernel has one
periodic callback (:data:`planning.widgets.common.LIVE`, on its own event loop: no thread, no
busy loop); it asks each open workshop whether anyone wrote since the last look and redraws the
panels of the kinds that changed, then :data:`FOLLOW` lets each room page look at the room's
state (the open step, the names held, the timer). Outside a running event loop (a script, a
headless test) nothing is scheduled: call :meth:`Follow.tick`.
"""

from __future__ import annotations

import logging
import weakref
from typing import Protocol

from planning.store import Workshop
from planning.widgets.common import LIVE, WorkshopState

log = logging.getLogger(__name__)


class RoomPage(Protocol):
    """A page that follows the room: it names its workshop and looks at the room on a tick."""

    @property
    def workshop(self) -> Workshop | None: ...

    def look(self) -> None: ...


class Follow:
    """Tells open room pages, and their workshops' panels, what changed anywhere."""

    def __init__(self) -> None:
        # By id: widgets are not told apart by equality, so a WeakSet would keep only one.
        self._pages: weakref.WeakValueDictionary[int, RoomPage] = weakref.WeakValueDictionary()
        LIVE.also(self._look)

    def add(self, page: RoomPage) -> None:
        """Let ``page`` follow the room, and start the kernel's look if a loop runs."""
        self._pages[id(page)] = page
        LIVE.start()

    def discard(self, page: RoomPage) -> None:
        """Stop telling ``page``."""
        self._pages.pop(id(page), None)

    def remember(self, ws: Workshop) -> None:
        """Take the workshop's latest change as seen (its panels were just drawn from it)."""
        WorkshopState.of(ws).poll()

    def tick(self) -> None:
        """Look once: tell each workshop's panels what others wrote, then each page the room."""
        pages = list(self._pages.values())
        for ws in {id(p.workshop): p.workshop for p in pages if p.workshop is not None}.values():
            WorkshopState.of(ws).poll()
        self._look()

    def _look(self) -> bool:
        pages = list(self._pages.values())
        for page in pages:
            page.look()
        return bool(pages)


FOLLOW = Follow()
