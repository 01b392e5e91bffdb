"""A trainee's kernel as `planning serve` preheats it: a real ipykernel runs the trainee's
notebook, waits on the request socket (the room's own, in this process) for the request it is
given to, takes the device id from it, and imports nothing the trainee's page does not use."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from planning import create_workshop
from planning.records import Participant
from planning.room.access import QUERY_KEY_ENV
from planning.room.request import wait_for_request
from planning.room.serve import TRAINEE, prepare_folder

KEY = "room-query-key"
KERNEL_ID = "0f3c6a52-1b7e-4d0a-9a63-2f8f4cbb1e11"
DEVICE = "5ab0c3d2e1f00998877665544332211a"
# What a trainee's page never needs (the issue's list, and Voila's helpers' imports).
HEAVY = ("nbconvert", "jupyter_server", "jupyterlab_server", "pandas", "matplotlib", "bqplot")

REPORT = (
    "import json, os, sys\n"
    "print(json.dumps({'device': page._device, 'query': os.environ.get('QUERY_STRING'),"
    " 'heavy': sorted({m.split('.')[0] for m in sys.modules} & set(" + repr(HEAVY) + "))}))"
)


@pytest.fixture
def request_socket() -> Iterator[int]:
    """The room's request socket on a free loopback port, in a thread; the request of
    KERNEL_ID (the browser's device id in its header) is waiting there."""
    import tornado.httpserver
    import tornado.web
    from tornado.netutil import bind_sockets
    from voila.request_info_handler import RequestInfoSocketHandler

    from planning.room.door import QUERY_KEY_SETTING, KernelRequestSocket

    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        app = tornado.web.Application(
            [(r"/voila/query/(?P<key>[^/]+)/(?P<kernel_id>[^/]+)", KernelRequestSocket)],
            **{QUERY_KEY_SETTING: KEY},
        )
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        ready.set()
        loop.run_forever()
        server.stop()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    RequestInfoSocketHandler.send_updates(
        {
            "kernel_id": KERNEL_ID,
            "payload": {"QUERY_STRING": "step=needs", "HTTP_X_PLANNING_DEVICE": DEVICE},
        }
    )
    try:
        yield port
    finally:
        RequestInfoSocketHandler._cache.pop(KERNEL_ID, None)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def test_a_preheated_trainee_kernel_gets_its_request_and_stays_light(
    request_socket: int, tmp_path: Path, monkeypatch
):
    path = tmp_path / "room.sqlite"
    with create_workshop(path, title="Uji", language="id") as ws:
        ws.add_many(Participant, [{"name": "Ani Rahayu"}])
        (tmp_path / "serve").mkdir()
        folder = prepare_folder(ws, tmp_path / "serve")
    nb = nbformat.read(folder / TRAINEE, as_version=4)
    nb.cells[-1].source = "page = " + nb.cells[-1].source
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    env = {
        "PLANNING_WORKSHOP": f"sqlite:///{path}",
        QUERY_KEY_ENV: KEY,
        "VOILA_PREHEAT": "True",
        "VOILA_KERNEL_ID": KERNEL_ID,
        "VOILA_APP_IP": "127.0.0.1",
        "VOILA_APP_PORT": str(request_socket),
        "VOILA_SERVER_URL": "/",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HTTP_X_PLANNING_DEVICE", raising=False)
    assert os.environ["VOILA_PREHEAT"] == "True"  # the kernel inherits this environment
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    out = json.loads(nb.cells[-1].outputs[0]["text"])
    assert out["device"] == DEVICE  # the device id came with the request
    assert out["query"] == "step=needs"
    assert out["heavy"] == []


@pytest.fixture
def preheated_kernel(monkeypatch):
    """This process as a preheated kernel; what a request puts into os.environ is undone."""
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", KERNEL_ID)
    request = ("QUERY_STRING", "HTTP_X_PLANNING_DEVICE")
    for name in request:
        monkeypatch.delenv(name, raising=False)
    yield
    # wait_for_request writes into os.environ itself, which monkeypatch does not undo for a
    # variable that was not there: left over, every `planning serve` a later test starts
    # would hand its kernels this one device (all phones one device).
    for name in request:
        os.environ.pop(name, None)


def test_the_request_arrives_into_the_environment(request_socket: int, preheated_kernel):
    url = f"ws://127.0.0.1:{request_socket}/voila/query/{KEY}"
    assert wait_for_request(url) is True
    assert os.environ["HTTP_X_PLANNING_DEVICE"] == DEVICE
    assert os.environ["QUERY_STRING"] == "step=needs"


@pytest.mark.parametrize("where", ["wrong key", "no server", "not preheated", "no room"])
def test_without_a_request_nothing_is_waited_for(
    request_socket: int, preheated_kernel, monkeypatch, where: str
):
    from tornado.netutil import bind_sockets

    url: str | None = f"ws://127.0.0.1:{request_socket}/voila/query/{KEY}"
    if where == "wrong key":
        url = f"ws://127.0.0.1:{request_socket}/voila/query/wrong"
    elif where == "no server":
        closed = bind_sockets(0, "127.0.0.1")[0]  # a port nobody listens on
        port = closed.getsockname()[1]
        closed.close()
        url = f"ws://127.0.0.1:{port}/voila/query/{KEY}"
    elif where == "not preheated":
        monkeypatch.setenv("VOILA_PREHEAT", "False")
    else:
        url = None  # query_url() outside `planning serve`
    assert wait_for_request(url) is False
    assert "HTTP_X_PLANNING_DEVICE" not in os.environ
