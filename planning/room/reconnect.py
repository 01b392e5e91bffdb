"""Pages that come back: the words a room page shows when its connection drops.

The page's own script (``templates/voila/templates/planning/reconnect.html.j2``) watches the
kernel's websocket. While it is closed the page says so, holds back taps (what was typed stays
in the form) and asks the server every two seconds whether its kernel is still there. When
the socket opens again the page goes on; when the kernel is gone (culled after
``--cull-after``) the page keeps what was typed, loads again (a new kernel, the same device:
the same name and the open step) and puts the typed values back for the trainee to send.

A notebook's template cannot look words up, so ``planning serve`` writes them into each
served notebook's metadata (``planning_room``), in the workshop's language.
"""

from __future__ import annotations

from planning.i18n import t

WORDS = ("offline", "kept", "back", "restored")
METADATA = "planning_room"


def page_words(lang: str) -> dict[str, str]:
    """Give the words of a page that lost its connection, in ``lang``.

    Examples
    --------
    >>> page_words("id")["offline"]
    'Koneksi terputus, menyambung lagi...'
    """
    return {name: t(f"room.connection_{name}", lang) for name in WORDS}
