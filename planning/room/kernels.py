"""The kernel client Voila's executor uses under ``planning serve``: it never waits for a
message in one endless poll.

The stalled page (about one Voila load in 15-30 here, compare voila-dashboards/voila#1446):
the kernel has run the cell and gone idle (``/api/kernels`` says so, its last activity long
past), yet the page stays on "Executing 1 of n" for ever. Voila executes the notebook with
nbclient, which waits for the cell's reply with ``shell_channel.get_msg(timeout=None)``: one
``poll`` on a ``zmq.asyncio`` socket with no timeout. That poll is woken by the socket's
edge-triggered file descriptor; a wake-up that is missed (the edge consumed while the same
socket sends, on two busy cores) leaves a reply that has arrived unread, with nothing left to
wake the poll. A poll that starts anew checks the socket's events at once, so asking in
slices of half a second turns a missed wake-up into at most half a second's wait; a message
that is there is never left unread.
"""

from __future__ import annotations

import logging
import time
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

SLICE = 0.5  # seconds
log = logging.getLogger(__name__)


class SlicedChannel(AsyncZMQSocketChannel):  # type: ignore[misc]
    """A channel whose ``get_msg`` polls in slices, looking at the socket anew each time."""

    async def get_msg(  # type: ignore[override]
        self, timeout: float | None = None
    ) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE if deadline is None else min(SLICE, deadline - time.monotonic())
            try:
                return await super().get_msg(timeout=max(left, 0.0))
            except Empty:
                if self.socket is not None and int(self.socket.get(zmq.EVENTS)) & zmq.POLLIN:
                    # A message is there though the poll was never woken: the missed wake-up.
                    log.warning("kernel client: a message was waiting unseen; read it now")
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class SlicedKernelClient(AsyncKernelClient):  # type: ignore[misc]
    """The asyncio kernel client with sliced waits on the shell and iopub channels."""

    shell_channel_class = Type(SlicedChannel)
    iopub_channel_class = Type(SlicedChannel)
