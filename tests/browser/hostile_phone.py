"""A scripted phone: a second websocket to the kernel of the trainee's page it has open, and the
Jupyter messages any script on that page could send over it.

Voila 0.5.13 forwards only ``comm_open``, ``comm_close``, ``comm_msg``, ``comm_info_request``,
``kernel_info_request`` and ``shutdown_request`` from a page's websocket to its kernel
(``allowed_message_types`` in ``voila/app.py``; an ``execute_request`` is dropped with a
warning in the server's log). That is enough to reach every widget the kernel holds:

- ``comm_info_request`` lists every comm of the kernel (a widget is a comm of target
  ``jupyter.widget``), hidden ones included;
- a ``comm_msg`` ``{"method": "request_state"}`` to a widget's comm makes the kernel send the
  widget's whole state back (an ``update`` on iopub);
- a ``comm_open`` of target ``jupyter.widget.control`` (metadata ``{"version": "1.0.0"}``, the
  control protocol's) and a ``comm_msg`` ``{"method": "request_states"}`` on it gives every
  widget's state in one ``update_states`` message;
- ``{"method": "update", "state": {"index": i}, "buffer_paths": []}`` sets a selection widget as
  if its options were clicked, ``{"method": "custom", "content": {"event": "click"}}`` presses a
  button: the kernel runs the widget's Python callbacks either way.

The page's own widget manager is not used: the phone opens its own ``WebSocket`` from the page
(same origin, so the login cookie goes along) to ``api/kernels/<kernelId>/channels``, the kernel
id read from the page's ``#jupyter-config-data`` (Voila's page config). The kernel sends iopub
messages to every connection, so the phone also sees what its requests make the kernel send to
the page. Frames are JSON text; a message with binary buffers (an image widget's picture) comes
as a binary frame whose JSON part is kept and its buffers counted.

    phone = HostilePhone.on(page)
    states = phone.states()          # comm id -> the widget's state
    phone.choose_every_option(states)
    phone.click(buttons)
    phone.messages                   # every message the kernel sent the phone
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Installed on the page as ``window.__phone``: a websocket of its own to the page's kernel.
CLIENT_JS = r"""(kernelId) => {
  const root = document.baseURI.replace(/voila\/render\/.*$/, '');
  const url = new URL(`api/kernels/${kernelId}/channels?session_id=phone-${Date.now()}`, root);
  url.protocol = url.protocol.replace('http', 'ws');
  const k = {received: [], waiting: {}, idle: {}, session: 'phone-' + Math.random()};
  const decode = (data) => {
    if (typeof data === 'string') return JSON.parse(data);
    // jupyter_server's binary frame: the number of parts, their offsets, the JSON, the buffers
    const view = new DataView(data);
    const n = view.getUint32(0);
    const offsets = [];
    for (let i = 0; i < n; i++) offsets.push(view.getUint32(4 * (i + 1)));
    const end = n > 1 ? offsets[1] : undefined;
    const msg = JSON.parse(new TextDecoder().decode(data.slice(offsets[0], end)));
    msg.buffer_count = n - 1;
    return msg;
  };
  k.ready = new Promise((resolve, reject) => {
    const ws = new WebSocket(url.href);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => resolve(true);
    ws.onerror = () => reject(new Error('the kernel websocket did not open: ' + url.href));
    ws.onmessage = (event) => {
      const msg = decode(event.data);
      k.received.push(msg);
      const parent = (msg.parent_header || {}).msg_id;
      if (msg.channel === 'shell' && k.waiting[parent]) k.waiting[parent](msg);
      if (msg.channel === 'iopub' && msg.header.msg_type === 'status'
          && msg.content.execution_state === 'idle' && k.idle[parent]) k.idle[parent]();
    };
    k.ws = ws;
  });
  let n = 0;
  k.send = (msg_type, content, metadata) => {
    const id = `${k.session}-${n++}`;
    k.ws.send(JSON.stringify({
      header: {msg_id: id, msg_type, username: 'phone', session: k.session, version: '5.3',
               date: new Date().toISOString()},
      parent_header: {}, metadata: metadata || {}, content, buffers: [], channel: 'shell',
    }));
    return id;
  };
  // Send messages, then a comm_info_request; resolve with its reply once the kernel is idle
  // after it (the kernel handles a connection's shell messages in order: all are handled).
  k.burst = (messages, timeout) => {
    for (const [type, content, metadata] of messages) k.send(type, content, metadata);
    const id = k.send('comm_info_request', {});
    const reply = new Promise((resolve) => { k.waiting[id] = resolve; });
    const idle = new Promise((resolve) => { k.idle[id] = resolve; });
    const late = new Promise((_, reject) => setTimeout(
      () => reject(new Error(`the kernel did not answer in ${timeout} ms`)), timeout));
    return Promise.race([Promise.all([reply, idle]).then(([r]) => r), late]);
  };
  // As JSON text: Playwright passes one string much faster than thousands of objects.
  k.take = () => { const out = k.received; k.received = []; return JSON.stringify(out); };
  window.__phone = k;
  return k.ready;
}"""

WIDGET = "jupyter.widget"
CONTROL = "jupyter.widget.control"
CONTROL_VERSION = "1.0.0"  # ipywidgets 8's widget control protocol


def comm_msg(comm_id: str, data: Mapping[str, Any]) -> list[Any]:
    return ["comm_msg", {"comm_id": comm_id, "data": dict(data)}]


def is_choice(state: Mapping[str, Any]) -> bool:
    """A widget of options the kernel picks one (or several) of: Dropdown, Select,
    ToggleButtons, RadioButtons, SelectionSlider, SelectMultiple..."""
    return "_options_labels" in state and "index" in state


def is_button(state: Mapping[str, Any]) -> bool:
    return state.get("_model_name") == "ButtonModel"


@dataclass
class HostilePhone:
    """The page's kernel, driven over a websocket of the phone's own."""

    page: Any
    kernel_id: str
    timeout_ms: int = 60_000
    messages: list[dict[str, Any]] = field(default_factory=list)
    control: str = ""

    @classmethod
    def on(cls, page: Any) -> HostilePhone:
        """Open the phone's websocket to the kernel of the Voila page ``page`` shows."""
        config = json.loads(page.locator("#jupyter-config-data").text_content())
        phone = cls(page, str(config["kernelId"]))
        page.evaluate(CLIENT_JS, phone.kernel_id)
        return phone

    def burst(self, messages: Iterable[list[Any]]) -> dict[str, Any]:
        """Send ``messages``; wait until the kernel handled them; give its list of comms."""
        reply = self.page.evaluate(
            "([m, t]) => __phone.burst(m, t).then((r) => JSON.stringify(r))",
            [list(messages), self.timeout_ms],
        )
        self.messages.extend(json.loads(self.page.evaluate("() => __phone.take()")))
        reply = json.loads(reply)
        return dict(reply["content"]["comms"])

    def comms(self) -> dict[str, str]:
        """Give every comm of the kernel: comm id -> target name."""
        return {c: v.get("target_name", "") for c, v in self.burst([]).items()}

    def states(self, comm_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Ask each widget (every one by default) for its state; give comm id -> state."""
        ids = (
            [c for c, target in self.comms().items() if target == WIDGET]
            if comm_ids is None
            else list(comm_ids)
        )
        start = len(self.messages)
        self.burst(comm_msg(c, {"method": "request_state"}) for c in ids)
        return _updates(self.messages[start:], set(ids))

    def control_states(self) -> dict[str, dict[str, Any]]:
        """Ask the widget control comm for every widget's state at once."""
        opening: list[list[Any]] = []
        if not self.control:
            self.control = uuid.uuid4().hex
            opening.append(
                [
                    "comm_open",
                    {"comm_id": self.control, "target_name": CONTROL, "data": {}},
                    {"version": CONTROL_VERSION},
                ]
            )
        start = len(self.messages)
        self.burst([*opening, comm_msg(self.control, {"method": "request_states"})])
        found: dict[str, dict[str, Any]] = {}
        for m in self.messages[start:]:
            data = m.get("content", {}).get("data", {})
            if m["header"]["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                for comm_id, entry in data.get("states", {}).items():
                    found[comm_id] = dict(entry.get("state", {}))
        return found

    def choose_every_option(
        self, comm_id: str, state: Mapping[str, Any], most: int = 0
    ) -> list[int]:
        """Set a selection widget to each of its options in turn (at most ``most``, spread
        from the first to the last, when given); give the indexes set."""
        count = len(state.get("_options_labels", ()))
        picks = list(range(count))
        if most and count > most:
            picks = sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})
        several = isinstance(state.get("index"), list)
        self.burst(
            comm_msg(
                comm_id,
                {"method": "update", "state": {"index": [i] if several else i}, "buffer_paths": []},
            )
            for i in picks
        )
        return picks

    def known_states(self) -> dict[str, dict[str, Any]]:
        """Give the state of every widget as the messages so far say it: the states asked
        for, the widgets the kernel opened since (``comm_open`` carries the whole state) and
        every update after; closed ones left out."""
        found: dict[str, dict[str, Any]] = {}
        for m in self.messages:
            kind = m["header"]["msg_type"]
            content = m.get("content", {})
            comm_id = content.get("comm_id")
            data = content.get("data", {}) or {}
            if kind == "comm_open" and content.get("target_name") == WIDGET:
                found[comm_id] = dict(data.get("state", {}))
            elif kind == "comm_msg" and data.get("method") in ("update", "echo_update"):
                found.setdefault(comm_id, {}).update(data.get("state", {}))
            elif kind == "comm_close":
                found.pop(comm_id, None)
        return found

    def click(self, comm_ids: Iterable[str]) -> None:
        """Press each button, one after the other."""
        for comm_id in comm_ids:
            self.burst([comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})])

    def sent_text(self) -> str:
        """Everything the kernel sent the phone, as one JSON text (to search)."""
        return json.dumps(self.messages, ensure_ascii=False)


def _updates(messages: Iterable[Mapping[str, Any]], ids: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for m in messages:
        content = m.get("content", {})
        data = content.get("data", {})
        is_update = m["header"]["msg_type"] == "comm_msg" and data.get("method") == "update"
        if is_update and content.get("comm_id") in ids:
            found.setdefault(content["comm_id"], {}).update(data.get("state", {}))
    return found


def descendants(states: Mapping[str, Mapping[str, Any]], classes: set[str]) -> set[str]:
    """Give the comm ids of the widgets that carry one of ``classes`` and all inside them."""
    found: set[str] = set()
    todo = [c for c, s in states.items() if classes & set(s.get("_dom_classes", ()))]
    while todo:
        comm_id = todo.pop()
        if comm_id in found:
            continue
        found.add(comm_id)
        for child in states.get(comm_id, {}).get("children", ()):
            if isinstance(child, str) and child.startswith("IPY_MODEL_"):
                todo.append(child.removeprefix("IPY_MODEL_"))
    return found
