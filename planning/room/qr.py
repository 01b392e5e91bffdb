"""The join address as a QR code: in the terminal, as an SVG file, and on the projector.

segno draws it (pure Python, no other dependency); it is imported only here, when a code is
drawn.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO
from urllib.parse import quote


def join_url(url: str, code: str = "") -> str:
    """Give the address a phone opens: with the access code in it, so scanning is enough.

    Examples
    --------
    >>> join_url("http://192.168.1.10:8866/", "482913")
    'http://192.168.1.10:8866/?token=482913'
    >>> join_url("http://127.0.0.1:8866/")
    'http://127.0.0.1:8866/'
    """
    return f"{url}?token={quote(code)}" if code else url


def print_qr(url: str, out: TextIO) -> None:
    """Write the QR code of ``url`` to a terminal (Unicode blocks, two rows a line)."""
    import segno

    segno.make(url, error="m").terminal(out=out, compact=True)


def save_qr(url: str, path: str | os.PathLike[str]) -> Path:
    """Save the QR code of ``url`` as an SVG file; give its path."""
    import segno

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    segno.make(url, error="m").save(str(target), kind="svg", scale=8, border=4)
    return target


def qr_data_uri(url: str) -> str:
    """Give the QR code of ``url`` as an SVG ``data:`` URI, for an ``<img>`` on the projector.

    Examples
    --------
    >>> qr_data_uri("http://127.0.0.1:8866/").startswith("data:image/svg+xml")
    True
    """
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=6, border=4))
