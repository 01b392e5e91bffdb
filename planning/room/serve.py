"""``planning serve``: Voila for the room, with an access code, preheated kernels and culling.

One Voila server (0.5) serves two pages of a folder made for the session: the trainee's page
(``/``, which is ``/voila/render/trainee.ipynb``) and the facilitator's view
(``/voila/render/00_facilitator.ipynb``, only to the machine that runs the server).

- **Access code.** Bound to anything but loopback, the server asks for a code: it is Voila's
  own token (jupyter_server's identity provider), typed on :class:`CodePage` in the workshop's
  language. The QR code's address carries a long room key instead (``?token=``), which
  nobody guesses. Every code, however it comes (code page, ``?token=``, ``Authorization``
  header), goes through one :class:`planning.room.access.Gate`: constant time, a few wrong
  codes a minute per address and in all, then a growing wait; the room key is let in at any
  time. Every page, kernel and websocket handler is authenticated (the kernels' own request
  socket, ``/voila/query``, asks for the room key in its path), so without the code a
  visitor gets the code page and never the workshop. No code is written to the log, and the
  code and key leave the workshop file when serving ends.
- **Light.** Responses are compressed (Tornado's ``compress_response``), and so are the
  kernels' websocket messages when the browser offers it; Voila's static files are kept by
  the browser (their names carry their hash, ``voila.js`` gets one in its address), so a
  second load fetches almost nothing. The trainee's page asks for its code at once, from its
  head, Voila's and the widget manager's chunks joined into two scripts
  (:mod:`planning.room.chunks`): about 10 requests instead of 90, none waiting for another.
- **Devices.** jupyter_server keeps a random user id in each browser's login cookie (with or
  without a code), so a reload keeps it; :class:`RoomIdentityProvider` hands it to the
  trainee's kernel in the request (``X-Planning-Device``), and the trainee's page uses it to
  keep one device per name.
- **Kernels.** Two trainee kernels are preheated (the notebook runs before anyone asks), the
  facilitator's none. :class:`RoomKernelManager` shuts down a kernel once no page has been
  connected to it for ``cull_after`` seconds, so kernels never outnumber the open pages plus
  the pool for long.
- **No stalled page.** Voila's executor uses :class:`planning.room.kernels.SlicedKernelClient`,
  which never waits for a reply in one endless poll (see that module).
- **Offline.** The ``planning`` Voila template (``templates/voila/templates/planning``) is the
  stock ``lab`` template without its two CDN links: the pages request nothing outside the
  machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from planning.errors import Msg, ValidationError
from planning.i18n import t
from planning.paths import notebooks_dir, templates_dir
from planning.render.html import esc
from planning.room import durable, quiet, reconnect, state
from planning.room.access import QUERY_KEY_ENV, new_key
from planning.room.checks import check_code, check_host, check_port
from planning.room.kernels import SlicedKernelClient
from planning.room.qr import join_url, print_qr, save_qr
from planning.store import Workshop

TRAINEE = "trainee.ipynb"
FACILITATOR = "00_facilitator.ipynb"
TEMPLATE = "planning"
# The front ends the pages load: ipywidgets' and Voila's widget manager for it.
WIDGETS_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
)
CODE_CHARS = "0123456789"


def new_code(length: int = 6) -> str:
    """Give a random access code of digits, easy to type on a phone."""
    return "".join(secrets.choice(CODE_CHARS) for _ in range(length))


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host``.

    Examples
    --------
    >>> is_loopback("127.0.0.2"), is_loopback("0.0.0.0")
    (True, False)
    """
    return ipaddress.ip_address(host).is_loopback


def join_hosts(host: str) -> list[str]:
    """Give the addresses trainees can use: ``host`` itself, or for every network (0.0.0.0)
    the machine's own IPv4 addresses, loopback last."""
    if not ipaddress.ip_address(host).is_unspecified:
        return [host]
    import psutil

    found = [
        a.address
        for addrs in psutil.net_if_addrs().values()
        for a in addrs
        if a.family.name == "AF_INET"
        and not ipaddress.ip_address(a.address).is_loopback
        and not ipaddress.ip_address(a.address).is_link_local
    ]
    return [*sorted(set(found)), "127.0.0.1"]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def prepare_folder(ws: Workshop, folder: Path) -> Path:
    """Copy the trainee's and the facilitator's notebooks into ``folder``, titled for the
    workshop (the page's title)."""
    info = ws.info()
    for name, title in ((TRAINEE, "room.trainee_title"), (FACILITATOR, "room.facilitator_title")):
        nb = json.loads((notebooks_dir() / name).read_text(encoding="utf-8"))
        nb.setdefault("metadata", {})["title"] = f"{t(title, ws.lang)} · {info.title}"
        nb["metadata"][reconnect.METADATA] = reconnect.page_words(ws.lang)
        (folder / name).write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def voila_config(
    *,
    host: str,
    port: int,
    code: str,
    lang: str,
    cull_after: float,
    room_key: str = "",
    query_key: str = "",
    pool_size: int,
    preheat: bool,
    runtime_dir: str,
) -> Any:
    """Give the traitlets configuration of the room's Voila server."""
    from traitlets.config import Config

    c = Config()
    c.Voila.ip = host
    c.Voila.port = port
    c.Voila.port_retries = 0
    c.Voila.open_browser = False
    c.Voila.token = code
    c.Voila.connection_dir_root = runtime_dir
    c.Voila.identity_provider_class = RoomIdentityProvider
    c.RoomIdentityProvider.room_key = room_key
    c.Voila.tornado_settings = {LANG_SETTING: lang, QUERY_KEY_SETTING: query_key}
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.strip_sources = True
    # The pages' widgets are ipywidgets only: no other front end (bqplot, pygments) is sent.
    c.VoilaConfiguration.extension_allowlist = list(WIDGETS_EXTENSIONS)
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.preheat_kernel = preheat
    c.VoilaConfiguration.default_pool_size = pool_size if preheat else 0
    c.VoilaConfiguration.http_header_envs = [DEVICE_HEADER]
    c.VoilaConfiguration.multi_kernel_manager_class = RoomKernelManager
    c.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        TRAINEE: {"pool_size": pool_size},
    }
    c.VoilaKernelManager.fill_delay = 0
    c.MappingKernelManager.cull_idle_timeout = int(cull_after)
    c.MappingKernelManager.cull_interval = max(2, int(cull_after // 4))
    c.MappingKernelManager.cull_connected = False
    # Voila's executor waits for each reply in slices: a missed wake-up never stalls a page.
    c.KernelManager.client_factory = SlicedKernelClient
    c.HTMLExporter.language_code = lang
    return c


def serve(
    workshop: str,
    *,
    host: str = "0.0.0.0",
    port: int = 8866,
    code: str | None = None,
    qr: str | os.PathLike[str] | None = None,
    cull_after: float = 120,
    pool_size: int = 2,
    preheat: bool = True,
    out: TextIO = sys.stdout,
) -> int:
    """Serve the workshop to the room until Ctrl+C (or SIGTERM); give the exit status.

    Prints the join address, the access code (unless bound to loopback), the QR code, where
    the QR code's SVG is saved, and the facilitator's address.
    """
    from planning.store import open_workshop

    host, port = check_host(host), check_port(port)
    if cull_after < 10:
        raise ValidationError(
            field=Msg("field.room.cull"), value=cull_after, allowed=Msg("allowed.seconds")
        )
    if code is not None:
        code = check_code(code)
    elif not is_loopback(host):
        code = new_code()
    code = code or ""
    key = new_key() if code else ""
    ws = open_workshop(workshop)
    lang = ws.lang
    addresses = join_hosts(host)
    url = f"http://{_url_host(addresses[0])}:{port}/"
    state.set_join(ws, url, code, key)
    env_url = ws.url
    folder = Path(tempfile.mkdtemp(prefix="planning-room-"))
    try:
        qr_path = Path(qr) if qr is not None else _default_qr(ws)
        save_qr(join_url(url, key), qr_path)
        local = "127.0.0.1" if ipaddress.ip_address(host).is_unspecified else host
        facilitator = f"http://{_url_host(local)}:{port}/voila/render/{FACILITATOR}"
        facilitator = join_url(facilitator, key)

        print(t("cli.serve_join", lang, url=url), file=out)
        for other in addresses[1:]:
            print(f"    http://{_url_host(other)}:{port}/", file=out)
        if code:
            print(t("cli.serve_code", lang, code=code), file=out)
        print_qr(join_url(url, key), out)
        print(t("cli.serve_qr", lang, path=qr_path), file=out)
        print(t("cli.serve_facilitator", lang, url=facilitator), file=out)
        print(t("cli.serve_stop", lang), file=out, flush=True)

        prepare_folder(ws, folder)
        ws.close()
        query_key = new_key()
        _kernel_environment(env_url, local, query_key)
        config = voila_config(
            host=host,
            port=port,
            code=code,
            room_key=key,
            query_key=query_key,
            lang=lang,
            cull_after=cull_after,
            pool_size=pool_size,
            preheat=preheat,
            runtime_dir=str(folder),
        )
        app = RoomVoila(config=config)
        app.initialize([str(folder)])
        quiet.install(app.log)
        keeper = durable.Checkpointer(env_url).start()
        try:
            app.start()
        finally:
            done = keeper.stop()  # after the kernels stopped: the file alone holds the day
            if done is not None:
                app.log.info("Workshop saved in its file (%s pages written back).", done[1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        ws.close()
        # The code and the key open the room only while it is served: not kept in the file.
        with open_workshop(env_url) as after:
            state.set_join(after, url)
    return 0


def _default_qr(ws: Workshop) -> Path:
    if ws.url.startswith("sqlite:///"):
        file = Path(ws.url.removeprefix("sqlite:///"))
        return file.with_name(file.stem + "-join.svg")
    return Path.cwd() / "planning-join.svg"


def _kernel_environment(workshop_url: str, local: str, key: str = "") -> None:
    """Set what every kernel inherits: the workshop, where the request info is asked (with
    the room key), and the folder of the offline Voila template."""
    os.environ["PLANNING_WORKSHOP"] = workshop_url
    os.environ[QUERY_KEY_ENV] = key
    # A preheated kernel asks the server for its request over a websocket at this address.
    os.environ["VOILA_APP_IP"] = local
    jupyter_path = [str(templates_dir()), os.environ.get("JUPYTER_PATH", "")]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in jupyter_path if p)


# --- the Voila application --------------------------------------------------------------------
# Voila and jupyter_server are imported here, when a room is served, never by other commands.

from jupyter_server.base.handlers import FileFindHandler  # noqa: E402
from jupyter_server.serverapp import DEFAULT_STATIC_FILES_PATH  # noqa: E402
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager  # noqa: E402
from jupyter_server.utils import url_path_join  # noqa: E402
from tornado import web  # noqa: E402
from traitlets import Float  # noqa: E402
from voila.app import Voila  # noqa: E402
from voila.request_info_handler import RequestInfoSocketHandler  # noqa: E402
from voila.static_file_handler import (  # noqa: E402
    MultiStaticFileHandler,
    TemplateStaticFileHandler,
)
from voila.tornado.handler import TornadoVoilaHandler  # noqa: E402

from planning.room.door import (  # noqa: E402
    DEVICE_HEADER,
    LANG_SETTING,
    QUERY_KEY_SETTING,
    JoinedChunks,
    KeptStaticFiles,
    KeptTemplateFiles,
    KernelRequestSocket,
    RoomIdentityProvider,
    log_request,
)


class RoomKernelManager(AsyncMappingKernelManager):  # type: ignore[misc]
    """Shuts a kernel down once no page has been connected to it for ``cull_idle_timeout``.

    jupyter_server culls a kernel idle that long, but a trainee's kernel is never idle: its
    panels redraw whenever anyone writes, even after its page closed. What says the page is
    gone is that no websocket is connected. A kernel whose page never connected (the browser
    left while the page loaded) goes after ``never_connected`` seconds, which is longer than a
    page takes to load. Voila keeps its preheated kernels out of culling.
    """

    never_connected = Float(
        120.0, config=True, help="Seconds a kernel may wait for its page's first connection."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._alone_since: dict[str, float] = {}
        self._born: dict[str, float] = {}
        self._was_connected: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        now = time.monotonic()
        born = self._born.setdefault(kernel_id, now)
        if self._connected(kernel_id):
            self._was_connected.add(kernel_id)
            self._alone_since.pop(kernel_id, None)
            return
        if kernel_id in self._was_connected:
            alone = now - self._alone_since.setdefault(kernel_id, now)
            if alone < self.cull_idle_timeout:
                return
        elif now - born < max(self.never_connected, self.cull_idle_timeout):
            return
        self.log.info("Culling kernel %s: no page connected", kernel_id)
        await self.shutdown_kernel(kernel_id)

    def notify_connect(self, kernel_id: str) -> None:
        # A page may connect and close between two looks of the culler: remember it here.
        self._was_connected.add(kernel_id)
        super().notify_connect(kernel_id)

    def _connected(self, kernel_id: str) -> bool:
        """Whether a page's websocket to the kernel is open now.

        jupyter_server's connection count can stay above zero after a page closed (seen here
        once in a few dozen loads), so the open websocket connections themselves are asked.
        """
        if self._kernel_connections.get(kernel_id, 0) <= 0:
            return False
        from jupyter_server.services.kernels.connection import channels

        live = getattr(channels.ZMQChannelsWebsocketConnection, "_open_sockets", None)
        if live is None:
            return True
        return any(
            conn.kernel_id == kernel_id
            and getattr(conn.websocket_handler, "ws_connection", None) is not None
            for conn in list(live)
        )

    async def shutdown_all(self, now: bool = False) -> None:  # type: ignore[override]
        # The server is stopping. A preheated kernel is still running its page's first cell
        # (it waits for a visitor), and asked to stop politely it prints a traceback of its
        # closed socket: stop every kernel at once; the server then checkpoints the file.
        self._stopping = True
        await super().shutdown_all(now=True)

    async def shutdown_kernel(  # type: ignore[override]
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> None:
        if getattr(self, "_stopping", False):
            kwargs["now"] = True
        for seen in (self._alone_since, self._born):
            seen.pop(kernel_id, None)
        self._was_connected.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)


class RoomVoilaHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's page handler, which gives the facilitator's view only to this machine."""

    async def get(self, path: str | None = None) -> None:
        if path and Path(path).name == FACILITATOR and not _local(self.request.remote_ip):
            self.set_status(403)
            self.finish(esc(t("room.facilitator_only", str(self.settings[LANG_SETTING]))))
            return
        await super().get(path)


class ToTrainee(web.RequestHandler):
    """``/``: the trainee's page (the access code in the address goes along)."""

    def get(self) -> None:
        query = self.request.query
        target = url_path_join(self.settings.get("base_url", "/"), f"voila/render/{TRAINEE}")
        self.redirect(target + (f"?{query}" if query else ""))


def _local(ip: str | None) -> bool:
    try:
        return ip is not None and ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


class RoomVoila(Voila):  # type: ignore[misc]
    """Voila with the room's front door: ``/`` is the trainee's page, the facilitator's view
    stays on this machine, every code goes through the room's gate (see
    :mod:`planning.room.door`), responses are compressed, static files kept by browsers, and
    the trainee's page asks for its code at once (:mod:`planning.room.chunks`)."""

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        from planning.room import chunks

        self.page_load = chunks.build(self.static_paths, self.labextensions_path)
        trainee = Path(self.root_dir) / TRAINEE
        if trainee.is_file():
            chunks.mark(trainee, self.page_load)

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        settings["compress_response"] = True
        # A kernel's messages are JSON (the widgets' state when a page opens: about 100 KB for
        # a trainee's names, a tenth of it deflated): compressed when the browser offers it.
        settings["websocket_compression_options"] = {}
        settings["log_function"] = log_request
        # jupyter_server's error pages link its favicon with static_url: without its static
        # folder, a 404 of one of its handlers drew a traceback in the terminal.
        settings.setdefault("static_path", DEFAULT_STATIC_FILES_PATH)
        return settings

    def init_handlers(self) -> list[Any]:
        handlers: Sequence[Any] = super().init_handlers()
        out = [
            (url_path_join(self.server_url, "/"), ToTrainee),
            (
                url_path_join(self.server_url, r"/voila/planning/chunks/([^/]+)"),
                JoinedChunks,
                {"bundles": self.page_load.by_name()},
            ),
        ]
        for handler in handlers:
            cls = handler[1] if len(handler) > 1 else None
            if cls in _REPLACED:
                handler = (handler[0], _REPLACED[cls], *handler[2:])
            elif cls is FileFindHandler and "/voila/labextensions/" in handler[0]:
                # Their files carry their hash (?v=): kept by the browser, not asked again.
                handler = (handler[0], cls, {**handler[2], "no_cache_paths": []})
            elif cls is RequestInfoSocketHandler:
                pattern = handler[0].replace("/voila/query/", "/voila/query/(?P<key>[^/]+)/")
                handler = (pattern, KernelRequestSocket, *handler[2:])
            out.append(handler)
        return out


_REPLACED: dict[type, type] = {
    TornadoVoilaHandler: RoomVoilaHandler,
    MultiStaticFileHandler: KeptStaticFiles,
    TemplateStaticFileHandler: KeptTemplateFiles,
}
