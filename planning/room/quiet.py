"""The room server's terminal says in one line what happened, and shows no traceback.

A phone that comes back after its kernel was shut down (no page for ``--cull-after``
seconds) asks for that kernel a few times before its page loads again: jupyter_server writes
three lines for each ask ("Kernel does not exist", "wrote error", the 404). Voila's page, when
it closes, posts a shutdown without the form's check, which is refused in three lines more.
:class:`RoomLog` drops those and says once per kernel, in one line, what they mean.
"""

from __future__ import annotations

import logging
import re

_GONE = re.compile(r"Kernel does not exist: ([0-9a-f-]{8,})")
_KERNEL_URL = re.compile(r"^40[34] (GET|POST) /(voila/)?api/(kernels|shutdown)/")
LOGGERS = ("", "tornado.access", "tornado.application", "tornado.general", "ServerApp")


class RoomLog(logging.Filter):
    """Drops the repeated lines of pages asking for a kernel that has gone; says it once."""

    def __init__(self) -> None:
        super().__init__()
        self._told: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            return True
        gone = _GONE.search(text)
        if gone and not text.startswith("wrote error"):
            kernel = gone.group(1)
            if kernel in self._told:
                return False
            self._told.add(kernel)
            record.msg = "A page came back after its kernel %s was shut down: it loads again."
            record.args = (kernel,)
            record.levelno, record.levelname = logging.INFO, "INFO"
            return True
        if gone or _KERNEL_URL.match(text):
            return False
        return not (text.startswith("wrote error") and "_xsrf" in text)


def install(*loggers: logging.Logger) -> RoomLog:
    """Put one :class:`RoomLog` on every handler of these loggers and the server's own."""
    room = RoomLog()
    seen: set[int] = set()
    # Tornado's loggers have no handler of their own here: their warnings reach Python's
    # last resort, which writes them to the terminal as they are.
    last = [logging.lastResort] if logging.lastResort is not None else []
    for logger in (*loggers, *(logging.getLogger(name) for name in LOGGERS)):
        for handler in [*logger.handlers, *last]:
            if id(handler) not in seen:
                seen.add(id(handler))
                handler.addFilter(room)
    return room
