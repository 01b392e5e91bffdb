"""A preheated kernel's wait for its request, without Voila's helpers module.

Voila runs the trainee's notebook in pool kernels before anyone asks for the page; such a
kernel waits for the request it is given to (the browser's device id, in a header) on the
server's request socket. ``voila.utils.wait_for_request`` does that, but importing
``voila.utils`` also imports nbconvert, jupyter_server and jupyterlab_server (about 45 MB in
every trainee's kernel). :func:`wait_for_request` does the same as Voila's, with only
``websockets`` (the client Voila's own helper uses):

- it waits in a thread of its own with an event loop of its own, and the cell waits for that
  thread: the kernel's own loop (its messages and widget comms) is neither run nor replaced;
- the request's variables (``QUERY_STRING``, ``HTTP_*``, ...) go into ``os.environ``, as
  Voila's do, and nothing is returned but whether a request came.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading

# Voila gives a preheated kernel these in its environment.
PREHEAT_ENV = "VOILA_PREHEAT"
KERNEL_ID_ENV = "VOILA_KERNEL_ID"
# How long to wait for the server to answer the connection (Voila's value); the request
# itself is waited for as long as it takes.
OPEN_TIMEOUT = 5.0


def preheated() -> bool:
    """Tell whether this kernel was started by Voila ahead of its request."""
    return os.environ.get(PREHEAT_ENV) == "True"


async def _receive(ws_url: str) -> str | None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    try:
        async with connect(ws_url, open_timeout=OPEN_TIMEOUT) as socket:
            message = await socket.recv()
    except (OSError, TimeoutError, WebSocketException):  # no server, refused, or closed
        return None
    return message if isinstance(message, str) else message.decode()


def wait_for_request(url: str | None) -> bool:
    """Wait for the request this preheated kernel is given to and put its variables into
    ``os.environ``; give whether one came. ``url`` is the request socket's address without
    the kernel's id (see :func:`planning.room.access.query_url`); None or a kernel not
    preheated: nothing to wait for."""
    kernel_id = os.environ.get(KERNEL_ID_ENV, "")
    if url is None or not preheated() or not kernel_id:
        return False
    ws_url = f"{url}/{kernel_id}"
    got: dict[str, str | None] = {}

    def run() -> None:
        loop = asyncio.new_event_loop()  # never set as this thread's or the kernel's loop
        try:
            got["info"] = loop.run_until_complete(_receive(ws_url))
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="planning-request", daemon=True)
    thread.start()
    thread.join()
    info = got.get("info")
    if not info:
        return False
    values = json.loads(info)
    if not isinstance(values, dict):
        return False
    for name, value in values.items():
        os.environ[str(name)] = str(value)
    return True
