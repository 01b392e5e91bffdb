"""``planning serve`` under JupyterHub: the room's Voila app as one managed service of the hub.

``docs/jupyterhub/jupyterhub_config.py`` starts ``python -m planning.room.hub`` as the hub's
service ``planning``; the proxy sends ``/services/planning/`` to it. It is the room's own Voila
application (:class:`planning.room.serve.RoomVoila`, its configuration, kernels, culling and
offline template), with the hub's login in place of the access code:

- **Login.** :class:`HubIdentityProvider` is JupyterHub's OAuth identity provider
  (``HubOAuth``): a visitor without the hub's cookie is sent to the hub's login page and back.
  Only hub users with the scope ``access:services!service=planning`` get in.
- **No code run by a trainee.** Trainees have no server of their own (the hub's ``user`` role
  holds no ``servers`` scope); their page is a Voila page whose kernel takes only widget
  messages (Voila drops ``execute_request``), so nobody reads the database URL in it.
- **Seats.** The device of a trainee's page is the hub user (:func:`hub_device`), so a reload,
  a second tab or a restart of the hub or of this service keeps the name picked.
- **Facilitator's view.** ``/services/planning/voila/render/00_facilitator.ipynb``, only for
  the hub users named in ``$PLANNING_FACILITATORS`` (every request reaches this service from
  the proxy on loopback, so the room's "only this machine" rule would let anyone in).

Its environment, from the hub: ``PLANNING_WORKSHOP`` (with the database password),
``PLANNING_FACILITATORS``, ``PLANNING_HUB_PUBLIC_URL`` (the address trainees type) and
JupyterHub's ``JUPYTERHUB_*`` variables of a service.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from tornado import web

from planning.i18n import t
from planning.render.html import esc
from planning.room import state
from planning.room.access import new_key
from planning.room.serve import (
    DEVICE_HEADER,
    FACILITATOR,
    RoomVoila,
    RoomVoilaHandler,
    _kernel_environment,
    prepare_folder,
    voila_config,
)
from planning.room.serve import TornadoVoilaHandler as _VoilaPage
from planning.store import open_workshop

SERVICE = "planning"


def hub_device(username: str) -> str:
    """Give the device id of a hub user's pages: the same for every reload and restart.

    Examples
    --------
    >>> hub_device("ani") == hub_device("ani") != hub_device("budi")
    True
    >>> len(hub_device("Ani Lestari"))
    32
    """
    return hashlib.sha256(f"jupyterhub:{username}".encode()).hexdigest()[:32]


def facilitators(raw: str | None = None) -> frozenset[str]:
    """Give the hub users who are facilitators (``$PLANNING_FACILITATORS``, comma-separated).

    Examples
    --------
    >>> sorted(facilitators(" siti, budi,,"))
    ['budi', 'siti']
    """
    text = os.environ.get("PLANNING_FACILITATORS", "") if raw is None else raw
    return frozenset(name.strip() for name in text.split(",") if name.strip())


class HubIdentityProvider(JupyterHubIdentityProvider):  # type: ignore[misc]
    """The hub's OAuth login for the room's Voila, each hub user handed to the kernel as the
    device of their pages (a device header sent by the browser is always replaced)."""

    async def get_user(self, handler: web.RequestHandler) -> Any:
        user = await super().get_user(handler)
        handler.request.headers.pop(DEVICE_HEADER, None)
        if user is not None:
            handler.request.headers[DEVICE_HEADER] = hub_device(user.username)
        return user

    def get_handlers(self) -> list[Any]:
        # Voila adds these as they are; under a hub they live below the service's prefix.
        base = self.hub_auth.base_url
        return [(base.rstrip("/") + path, *rest) for path, *rest in super().get_handlers()]


class HubVoilaHandler(RoomVoilaHandler):
    """Voila's page handler that gives the facilitator's view only to the facilitators."""

    async def get(self, path: str | None = None) -> None:
        if path and Path(path).name == FACILITATOR:
            user = self.current_user
            if user is None or user.username not in self.settings["planning_facilitators"]:
                self.set_status(403)
                self.finish(esc(t("room.facilitator_only", str(self.settings["planning_lang"]))))
                return
        await _VoilaPage.get(self, path)


class HubVoila(RoomVoila):
    """The room's Voila with :class:`HubVoilaHandler` for its pages."""

    def init_handlers(self) -> list[Any]:
        handlers: Sequence[Any] = super().init_handlers()
        return [
            (h[0], HubVoilaHandler, *h[2:]) if len(h) > 1 and h[1] is RoomVoilaHandler else h
            for h in handlers
        ]


def service_config(workshop_url: str, lang: str, folder: Path, query_key: str = "") -> Any:
    """Give the room's Voila configuration as the hub's service ``planning``; a preheated
    kernel asks for its request (its hub user) at the socket keyed ``query_key``."""
    service_url = urlsplit(os.environ["JUPYTERHUB_SERVICE_URL"])
    config = voila_config(
        host=service_url.hostname or "127.0.0.1",
        port=service_url.port or 10101,
        code="",
        lang=lang,
        cull_after=float(os.environ.get("PLANNING_CULL_AFTER", "120")),
        pool_size=int(os.environ.get("PLANNING_POOL_SIZE", "2")),
        preheat=True,
        runtime_dir=str(folder),
        query_key=query_key,
    )
    config.Voila.token = None
    config.Voila.auto_token = False
    config.Voila.identity_provider_class = HubIdentityProvider
    config.Voila.base_url = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE}/")
    config.Voila.tornado_settings = {
        **config.Voila.tornado_settings,
        "planning_lang": lang,
        "planning_facilitators": facilitators(),
    }
    return config


def main() -> int:
    """Run the service until the hub stops it."""
    ws = open_workshop()
    lang = ws.lang
    public = os.environ.get("PLANNING_HUB_PUBLIC_URL", "")
    if public:
        state.set_join(ws, public.rstrip("/") + f"/services/{SERVICE}/", "")
    folder = Path(tempfile.mkdtemp(prefix="planning-hub-"))
    try:
        prepare_folder(ws, folder)
        url = ws.url
        ws.close()
        # Without the key a preheated kernel would not learn whose page it is (its hub user),
        # and a reload would lose the trainee's name.
        query_key = new_key()
        _kernel_environment(url, "127.0.0.1", query_key)
        config = service_config(url, lang, folder, query_key)
        # The service's own hub token stays with the service: no kernel inherits it.
        config.HubOAuth.api_token = os.environ.pop("JUPYTERHUB_API_TOKEN", "")
        app = HubVoila(config=config)
        app.initialize([str(folder)])
        app.start()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
