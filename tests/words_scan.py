"""The words scan: what a person reads on a page or panel holds no UUID, no code or
snake_case name, no `null`/`undefined`/`None`, and no word of the other language.

Shared by the headless scan of every panel (tests/test_words_scan.py) and the browser's scan
of every step (tests/browser/test_room_day_browser.py). A panel is an ipywidgets tree: the
text of its HTML (not its styles or scripts) and the attributes a person reads (``title``,
``placeholder``, ``alt``, ``aria-*`` that carry words), and the widgets' descriptions,
placeholders, tooltips, option labels and tab titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

# Words of the other language that must not show (whole words, as they are written: "ADD",
# the village fund's Indonesian acronym, is no English "Add").
ENGLISH = ("the", "and", "Add", "Save", "Step", "step", "votes", "greedy", "training", "null")
ENGLISH += ("undefined",)
INDONESIAN = ("dan", "yang", "untuk", "Tambah", "Simpan", "Langkah", "langkah", "kebutuhan")
INDONESIAN += ("kegiatan",)

# A UUID (or its first parts), a snake_case token, a value the code never filled in.
CODES = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:null|undefined|None)\b"
)

# The attributes a person reads (aria-* that hold words, not states or ids).
READ = frozenset(
    {"title", "placeholder", "alt", "aria-label", "aria-description", "aria-placeholder"}
    | {"aria-roledescription", "aria-valuetext"}
)


def other_words(lang: str) -> tuple[str, ...]:
    """The words of the other language a page in ``lang`` must not show."""
    return ENGLISH if lang == "id" else INDONESIAN


class _Read(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in READ and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def read_html(html: str) -> str:
    """Give what a person reads of a piece of HTML.

    >>> read_html('<style>a_b{}</style><p title="Judul">Isi <b>tebal</b></p>')
    'Judul Isi  tebal'
    """
    parser = _Read()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def texts(widget: Any, seen: set[int] | None = None) -> Iterator[str]:
    """Give every piece of text a person reads in a widget tree."""
    import ipywidgets as w

    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    if isinstance(widget, w.HTML | w.HTMLMath):
        yield read_html(widget.value)
    elif isinstance(widget, w.Label):
        yield widget.value
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            yield read_html(value)
    if isinstance(widget, w.Combobox):
        yield from map(str, widget.options)
    elif hasattr(widget, "_options_labels"):
        yield from map(str, widget._options_labels)
    if isinstance(widget, w.ToggleButtons):
        yield from widget.tooltips or ()
    if isinstance(widget, w.Output):
        for out in widget.outputs:
            data = out.get("data", {})
            if "text/html" in data:
                html = data["text/html"]
                yield read_html(html if isinstance(html, str) else "".join(html))
            elif "text/plain" in data:
                yield str(data["text/plain"])
            if "text" in out:
                yield str(out["text"])
    yield from (str(title) for title in getattr(widget, "titles", ()) or () if title)
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, w.Widget):
            yield from texts(child, seen)


def typed(ws: Any) -> list[str]:
    """Give what people typed into a workshop (titles, names, notes), longest first: it is in
    their language, not the package's, so the word list does not look into it."""
    from planning import stages

    found: set[str] = set()
    for kind in stages.kinds():
        for record in ws.snapshot(kind):
            for name, spec in record.specs().items():
                value = getattr(record, name)
                if not isinstance(value, str) or len(value) < 3:
                    continue
                if spec.type in ("text", "longtext") or (
                    spec.type == "choice" and value not in (spec.choices or ())
                ):
                    found.add(value)  # a choice of its own ("other") is typed too
    return sorted(found, key=len, reverse=True)


def hits(pieces: Iterable[str], words: Iterable[str], typed: Iterable[str] = ()) -> list[str]:
    """Give each code, UUID and word of the other language found, with where it stands.

    >>> hits(["Kebutuhan 'acbad282-1c2b-4f0e-9d1e-5c4a2b3d4e5f' sudah ada"], ["the"])
    ["acbad282-1c2b-4f0e: …Kebutuhan 'acbad282-1c2b-4f0e-9d1e-5c4a2b3d4e5f' sudah ada…"]
    >>> hits(["Sumur bor and the well"], ["the", "and"], typed=["Sumur bor and the well"])
    []
    """
    words, typed = list(words), list(typed)
    found: dict[str, str] = {}

    def note(what: str, text: str, at: int) -> None:
        found.setdefault(what, f"{what}: …{text[max(0, at - 50) : at + 60].strip()}…")

    for text in pieces:
        if not text:
            continue
        for match in CODES.finditer(text):
            note(match.group(0), text, match.start())
        ours = text
        for value in typed:
            if value in ours:
                ours = ours.replace(value, " ")
        for word in words:
            match = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", ours)
            if match:
                note(word, ours, match.start())
    return sorted(found.values())
