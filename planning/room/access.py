"""The room's one check of an access code: constant time, limited per address and in all.

Every way a code reaches ``planning serve`` (the code page, ``?token=`` in an address, the
``Authorization: token`` header, the QR code's link) goes through :meth:`Gate.check`:

- the **room key** (a long random secret that only the QR code, the projector's QR code and
  the facilitator's address carry) is accepted at any time: nobody guesses 128 bits, so it
  needs no limit and the room still gets in while someone tries codes;
- the typed **code** (a few digits, to say aloud) is compared only while the limits allow:
  ``per_address`` wrong codes a ``window`` from one address, ``in_all`` from all addresses
  together. An address over its limit waits ``window`` seconds, twice that the next time,
  and so on up to ``longest``; while the whole room is over its limit every code waits
  until the oldest wrong code of the window is older than ``window``. A code that waits is
  not compared at all, so waiting answers nothing about it.

Both comparisons use :func:`hmac.compare_digest`. The gate keeps no code anyone typed; the
server never logs one (see :func:`scrub`).
"""

from __future__ import annotations

import hmac
import math
import os
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

# Query parameters whose value is never written to a log.
SECRET_PARAMETERS = frozenset({"token", "code", "key", "_xsrf"})


def new_key() -> str:
    """Give a room key: 128 random bits, safe in an address."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Verdict:
    """What the gate says of one code: let in, or not; and how many seconds to wait first."""

    ok: bool
    wait: float = 0.0

    @property
    def minutes(self) -> int:
        """The wait in whole minutes, rounded up (at least 1)."""
        return max(1, math.ceil(self.wait / 60))


@dataclass
class _Address:
    wrong: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0
    strikes: int = 0
    last: float = 0.0


class Gate:
    """One check for every code the server gets (see the module)."""

    def __init__(
        self,
        code: str,
        key: str = "",
        *,
        per_address: int = 5,
        in_all: int = 30,
        window: float = 60.0,
        longest: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._code = code.encode()
        self._key = key.encode()
        self.per_address = per_address
        self.in_all = in_all
        self.window = window
        self.longest = longest
        self._clock = clock
        self._wrong: deque[float] = deque()
        self._addresses: dict[str, _Address] = {}

    @property
    def enabled(self) -> bool:
        """Whether the room asks for a code at all (not when served to this machine only)."""
        return bool(self._code or self._key)

    def check(self, address: str, presented: str) -> Verdict:
        """Say whether ``presented`` lets the browser at ``address`` in."""
        given = presented.strip().encode()
        if not given:
            return Verdict(False)
        if self._key and hmac.compare_digest(given, self._key):
            return Verdict(True)
        now = self._clock()
        wait = self.wait(address, now)
        if wait > 0:
            return Verdict(False, wait)
        if self._code and hmac.compare_digest(given, self._code):
            return Verdict(True)
        self._count_wrong(address, now)
        return Verdict(False)

    def wait(self, address: str, now: float | None = None) -> float:
        """Give the seconds ``address`` must wait before its next code is compared (0: none)."""
        now = self._clock() if now is None else now
        self._forget(now)
        seen = self._addresses.get(address)
        own = seen.locked_until - now if seen else 0.0
        room = 0.0
        if len(self._wrong) >= self.in_all:
            room = self._wrong[-self.in_all] + self.window - now
        return max(0.0, own, room)

    def _count_wrong(self, address: str, now: float) -> None:
        self._wrong.append(now)
        seen = self._addresses.setdefault(address, _Address())
        seen.last = now
        seen.wrong.append(now)
        if len(seen.wrong) >= self.per_address:
            seen.strikes += 1
            seen.locked_until = now + min(self.longest, self.window * 2 ** (seen.strikes - 1))
            seen.wrong.clear()

    def _forget(self, now: float) -> None:
        """Drop wrong codes older than the window, and addresses quiet for longer than the
        longest wait (so the gate's memory stays small however many addresses try)."""
        while self._wrong and self._wrong[0] <= now - self.window:
            self._wrong.popleft()
        for address, seen in list(self._addresses.items()):
            while seen.wrong and seen.wrong[0] <= now - self.window:
                seen.wrong.popleft()
            if not seen.wrong and seen.locked_until <= now and now - seen.last > self.longest:
                del self._addresses[address]


def scrub(uri: str) -> str:
    """Give a request's address with every secret parameter's value hidden, for a log.

    Examples
    --------
    >>> scrub("/voila/render/trainee.ipynb?token=482913&x=1")
    '/voila/render/trainee.ipynb?token=%5Bsecret%5D&x=1'
    >>> scrub("/voila/query/abc/def")
    '/voila/query/[secret]'
    """
    parts = urlsplit(uri)
    path = parts.path
    if path.startswith("/voila/query/"):
        path = "/voila/query/[secret]"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        hidden = [(k, "[secret]" if _secret(k) else scrub(v) if "?" in v else v) for k, v in pairs]
        query = urlencode(hidden)
    return urlunsplit(("", "", path, query, ""))


def _secret(parameter: str) -> bool:
    name = parameter.lower()
    return name in SECRET_PARAMETERS or "token" in name


def local_path(wanted: str, default: str) -> str:
    """Give ``wanted`` if it is a path on this server, else ``default``: never another site.

    Browsers read a backslash as a slash and drop tabs and newlines, so ``/\\host``,
    ``/\\t/host`` and their percent-encoded forms lead elsewhere as ``//host`` does.

    Examples
    --------
    >>> local_path("/voila/render/trainee.ipynb?x=1", "/")
    '/voila/render/trainee.ipynb?x=1'
    >>> [local_path(w, "/") for w in ("//evil.example", "/%5Cevil.example", "https://e.x/")]
    ['/', '/', '/']
    """
    decoded = wanted
    for _ in range(3):  # an address encoded twice or thrice is decoded as far
        decoded = unquote(decoded)
    if any(ch == "\\" or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in decoded):
        return default
    if not wanted.startswith("/") or decoded.startswith("//"):
        return default
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return default
    return wanted


# --- the kernels' side ------------------------------------------------------------------------
# Where a kernel finds the key it shows the server when it asks for its request.
QUERY_KEY_ENV = "PLANNING_QUERY_KEY"


def query_url() -> str | None:
    """Give the address where a preheated kernel asks ``planning serve`` for its request
    (Voila adds the kernel's id), with the server's query key; None outside a room."""
    key = os.environ.get(QUERY_KEY_ENV, "")
    if not key:
        return None
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_SERVER_URL", "/")
    return f"ws://{host}:{port}{base}voila/query/{key}"
