"""The room's front door inside the server: who is let in, and how they are told no.

- :class:`RoomIdentityProvider` is Voila's identity provider with every code it sees (the
  ``?token=`` parameter and the ``Authorization`` header, on every route) going through the
  room's one :class:`planning.room.access.Gate`; it hands each browser's user id to its
  kernel as the device (``X-Planning-Device``).
- :class:`CodePage` asks for the code in the workshop's language and checks it with the same
  gate; after it the browser goes only to a path of this server.
- :class:`LogoutPage` forgets the browser's login and shows the code page again.
- :class:`KernelRequestSocket` is Voila's socket where a preheated kernel asks for the
  request it was given to, which asks for the server's query key in its path: only the
  server's own kernels know it.

A code that must wait gets ``429`` with ``Retry-After`` and the words of the workshop's
language, on a page or an API alike; nothing is compared then.
"""

from __future__ import annotations

import hmac
import inspect
import math
import re
from typing import Any
from urllib.parse import quote

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from tornado.log import access_log
from traitlets import Unicode
from voila.request_info_handler import RequestInfoSocketHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

from planning.i18n import t
from planning.render.html import esc
from planning.room.access import Gate, Verdict, local_path, scrub

DEVICE_HEADER = "X-Planning-Device"
LANG_SETTING = "planning_lang"
QUERY_KEY_SETTING = "planning_query_key"


def _lang(handler: web.RequestHandler) -> str:
    return str(handler.settings.get(LANG_SETTING, "id"))


class RoomIdentityProvider(PasswordIdentityProvider):  # type: ignore[misc]
    """Voila's token as the room's access code, checked by the room's gate wherever it comes
    from; and each browser's user id handed to its kernel as the device."""

    room_key = Unicode("", config=True, help="The QR code's key, let in at any time.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs["login_handler_class"] = CodePage
        kwargs["logout_handler_class"] = LogoutPage
        super().__init__(**kwargs)
        self.gate = Gate(str(self.token or ""), self.room_key)

    async def get_user_token(self, handler: web.RequestHandler) -> User | None:
        if not self.gate.enabled:
            return None
        presented = self.get_token(handler) or ""
        if not presented:
            return None
        verdict = self.gate.check(handler.request.remote_ip or "", presented)
        if verdict.wait:
            refuse_waiting(handler, verdict)
        if not verdict.ok:
            return None
        found = self.get_user_cookie(handler)
        if inspect.isawaitable(found):
            found = await found
        return found or self.generate_anonymous_user(handler)

    async def _get_user(self, handler: web.RequestHandler) -> User | None:
        user = await super()._get_user(handler)
        if user is not None:
            handler.request.headers[DEVICE_HEADER] = user.username
        elif DEVICE_HEADER in handler.request.headers:
            del handler.request.headers[DEVICE_HEADER]
        return user


def refuse_waiting(handler: web.RequestHandler, verdict: Verdict) -> None:
    """Answer ``429``: too many wrong codes, wait (in the workshop's language); end here."""
    lang = _lang(handler)
    handler.current_user = None  # asked for before the page (its form's xsrf value) is drawn
    handler.clear()
    handler.set_status(429)
    handler.set_header("Retry-After", str(math.ceil(verdict.wait)))
    message = t("room.code_wait", lang, minutes=verdict.minutes)
    raise web.Finish(code_page(handler, message))


def code_page(handler: web.RequestHandler, message: str = "") -> str:
    """Give the code page's HTML (with ``message`` said as an alert) and set its headers."""
    lang = _lang(handler)
    error = f'<p class="error" role="alert">{esc(message)}</p>' if message else ""
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    login = handler.settings.get("login_url", "/login")
    target = esc(f"{login}?next={quote(_next(handler), safe='/')}")
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(t('room.code_title', lang))}</title><style>{_CODE_CSS}</style></head>"
        f"<body><main><h1>{esc(t('room.code_title', lang))}</h1>"
        f"<p>{esc(t('room.code_help', lang))}</p>{error}"
        f'<form method="post" action="{target}">'
        f"{handler.xsrf_form_html()}"
        f'<label for="code">{esc(t("field.room.code", lang))}</label>'
        '<input id="code" name="code" autocomplete="off" autocapitalize="off" '
        'inputmode="numeric" autofocus required>'
        f'<button type="submit">{esc(t("room.code_button", lang))}</button>'
        "</form></main></body></html>"
    )


def _next(handler: web.RequestHandler) -> str:
    """Where to go after the code: a path of this server only, without a code in it."""
    base = str(handler.settings.get("base_url", "/"))
    if handler.request.path.rstrip("/").endswith("/login"):
        wanted = handler.get_argument("next", base)
    else:
        wanted = handler.request.uri or base
    path = local_path(wanted, base)
    head, _, query = path.partition("?")
    kept = [p for p in query.split("&") if p and not p.lower().startswith("token=")]
    return head + ("?" + "&".join(kept) if kept else "")


class CodePage(JupyterHandler):  # type: ignore[misc]
    """The page that asks for the access code, in the workshop's language."""

    @allow_unauthenticated
    def get(self) -> None:
        if self.current_user:
            self.redirect(_next(self))
            return
        self.finish(code_page(self))

    @allow_unauthenticated
    async def post(self) -> None:
        typed = self.get_argument("code", "").strip()
        gate: Gate = self.identity_provider.gate  # type: ignore[attr-defined]
        verdict = gate.check(self.request.remote_ip or "", typed)
        if verdict.ok:
            found = self.identity_provider.get_user_cookie(self)
            if inspect.isawaitable(found):
                found = await found
            user = found or self.identity_provider.generate_anonymous_user(self)
            self.identity_provider.set_login_cookie(self, user)
            self.redirect(_next(self))
            return
        if verdict.wait:
            refuse_waiting(self, verdict)
        self.set_status(403)
        lang = _lang(self)
        token = str(self.identity_provider.token or "")
        words = t(
            "room.code_wrong",
            lang,
            value=typed[:20],
            allowed=t("allowed.code_digits", lang, n=len(token)),
        )
        self.finish(code_page(self, words))


class LogoutPage(JupyterHandler):  # type: ignore[misc]
    """``/logout``: the browser's login is forgotten; the code page again."""

    @allow_unauthenticated
    def get(self) -> None:
        self.identity_provider.clear_login_cookie(self)
        self.redirect(self.settings.get("login_url", "/login"))


class KernelRequestSocket(RequestInfoSocketHandler):  # type: ignore[misc]
    """Voila's request socket for preheated kernels, at ``/voila/query/<key>/<kernel id>``:
    refused without the server's query key (which only its kernels have)."""

    def prepare(self) -> None:
        key = str(self.settings.get(QUERY_KEY_SETTING, ""))
        given = str(self.path_kwargs.get("key", ""))
        if not key or not hmac.compare_digest(given.encode(), key.encode()):
            self.set_status(403)
            self.finish()

    def open(self, key: str, kernel_id: str) -> None:  # type: ignore[override]
        super().open(kernel_id)


_CODE_CSS = (
    "body{font-family:system-ui,sans-serif;margin:0;padding:16px;font-size:20px;color:#1b1b1b}"
    "main{max-width:28em;margin:0 auto}h1{font-size:28px}"
    "label{display:block;font-weight:700;margin:16px 0 8px}"
    "input{font-size:28px;width:100%;box-sizing:border-box;padding:10px;letter-spacing:4px}"
    "button{font-size:24px;margin-top:16px;padding:12px 28px;min-height:56px;width:100%;"
    "background:#1f5f8b;color:#fff;border:0;border-radius:6px}"
    ".error{color:#b2182b;font-weight:700}"
)


# --- static files -----------------------------------------------------------------------------
# A file whose name carries its content's hash (webpack's chunks: 1234.5f3a9c0e1d2b3a4c5d6e.js),
# or asked for with ?v=<hash>, never changes: the browser keeps it a year without asking.
_HASHED = re.compile(r"[.-][0-9a-f]{16,}\.[a-z0-9]+$")
YEAR = 365 * 24 * 3600


class _Kept:
    """What the room's static file handlers share: hashed files kept, a bad path a 404."""

    request: Any

    def get_cache_time(self, path: str, modified: Any, mime_type: str) -> int:
        if "v" in self.request.arguments or _HASHED.search(path):
            return YEAR
        return 0

    def set_extra_headers(self, path: str) -> None:
        if self.get_cache_time(path, None, ""):
            self.set_header("Cache-Control", f"public, max-age={YEAR}, immutable")  # type: ignore[attr-defined]


class KeptStaticFiles(_Kept, MultiStaticFileHandler):  # type: ignore[misc]
    """Voila's ``/voila/static/`` files, hashed ones kept by the browser."""


class KeptTemplateFiles(_Kept, TemplateStaticFileHandler):  # type: ignore[misc]
    """Voila's ``/voila/templates/<template>/static/`` files; any other path is a 404, not
    the 500 of a failed assertion."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/", 2)
        if len(parts) < 3 or parts[1] != "static" or not parts[0] or ".." in path.split("/"):
            raise web.HTTPError(404)
        return str(super().parse_url_path(path))


class JoinedChunks(web.RequestHandler):
    """``/voila/planning/chunks/<name>``: the trainee's page's code files joined (see
    :mod:`planning.room.chunks`), the same public code Voila's static handlers serve one by
    one, compressed once at start and kept by the browser (the name carries the hash)."""

    def initialize(self, bundles: dict[str, Any]) -> None:
        self.bundles = bundles

    def get(self, name: str) -> None:
        bundle = self.bundles.get(name)
        if bundle is None:
            raise web.HTTPError(404)
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", f"public, max-age={YEAR}, immutable")
        if "gzip" in self.request.headers.get("Accept-Encoding", ""):
            # Set here, Tornado's own compression leaves the body as it is (and says Vary).
            self.set_header("Content-Encoding", "gzip")
            self.finish(bundle.gzipped)
        else:
            self.finish(bundle.raw)

    def compute_etag(self) -> None:
        return None  # the name is the version: no hash of 4 MB on each request


def log_request(handler: web.RequestHandler) -> None:
    """Log one request as Tornado does, with every secret of its address hidden."""
    status = handler.get_status()
    if status < 400:
        log = access_log.info
    elif status < 500:
        log = access_log.warning
    else:
        log = access_log.error
    request = handler.request
    log(
        "%d %s %s (%s) %.2fms",
        status,
        request.method,
        scrub(request.uri or ""),
        request.remote_ip,
        1000.0 * request.request_time(),
    )
