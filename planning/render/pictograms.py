"""Pictures on the choices, for people who read little: each need category, strategy, funding
source, type of link and the vote buttons carry a pictogram.

The pictograms are SVG files shipped in ``planning/render/pictograms/`` (``<group>.<code>.svg``,
the choice's group and code as the records name them), put into the page as ``data:`` URIs, so
a phone loads them with no request at all, offline. Each has alt text in both languages
(``picto.<group>.<code>`` in the catalogue): what the picture shows and what it stands for.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from planning.i18n import t
from planning.render.html import esc

FOLDER = Path(__file__).with_name("pictograms")
# A code without its own picture (a link type the facilitator added) takes its group's "other".
FALLBACK = "other"


def names() -> tuple[str, ...]:
    """Give every shipped pictogram's ``<group>.<code>``, sorted."""
    return tuple(sorted(p.stem for p in FOLDER.glob("*.svg")))


def has_pictures(group: str) -> bool:
    """Whether a choice group's choices carry pictograms."""
    return any(name.startswith(group + ".") for name in names())


def found(group: str, code: str) -> str:
    """Give the ``<group>.<code>`` of the picture a choice shows ("" for none)."""
    shipped = set(names())
    for name in (f"{group}.{code}", f"{group}.{FALLBACK}", group):
        if name in shipped:
            return name
    return ""


@cache
def data_uri(name: str) -> str:
    """Give a shipped pictogram as a ``data:`` URI (nothing to fetch)."""
    raw = (FOLDER / f"{name}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")


def alt(name: str, lang: str) -> str:
    """Give a pictogram's alt text in the language."""
    return t(f"picto.{name}", lang)


def pictogram(group: str, code: str, lang: str, *, size: int = 48) -> str:
    """Give the ``<img>`` of a choice's pictogram with its alt text ("" when it has none).

    Examples
    --------
    >>> html = pictogram("category", "health", "en")
    >>> html.startswith('<img class="planning-picto" src="data:image/svg+xml;base64,')
    True
    >>> 'alt="Picture of a red cross: health"' in html
    True
    >>> pictogram("category", "nothing-like-it", "en") == pictogram("category", "other", "en")
    True
    """
    name = found(group, code)
    if not name:
        return ""
    return (
        f'<img class="planning-picto" src="{data_uri(name)}" alt="{esc(alt(name, lang))}" '
        f'width="{size}" height="{size}">'
    )


def labelled(group: str, code: str, words: str, lang: str, *, size: int = 48) -> str:
    """Give a choice as its picture with a large label beside it (the label escaped)."""
    return (
        f'<span class="planning-picto-choice">{pictogram(group, code, lang, size=size)}'
        f'<span class="planning-picto-label">{esc(words)}</span></span>'
    )


def speak_button(text: str, lang: str) -> str:
    """Give a button that reads ``text`` aloud on the phone (the room's page shows it only
    where the browser has a voice of ``lang``; see ``planning-speak.js``)."""
    name = found("speak", "") or "speak"
    words = t("picto.read_aloud", lang, text=text)  # which text, when several are side by side
    return (
        f'<button type="button" class="planning-speak" data-lang="{esc(lang)}" '
        f'data-speak="{esc(text)}" aria-label="{esc(words)}">'
        f'<img src="{data_uri(name)}" alt="" width="32" height="32"></button>'
    )


def css_class(name: str) -> str:
    """Give the class that puts a pictogram on a picture button ("planning-pic-category-health").

    Examples
    --------
    >>> css_class("actions.source.dana_desa")
    'planning-pic-actions-source-dana_desa'
    """
    return "planning-pic-" + name.replace(".", "-")


def choices_css(pictures: Iterable[str]) -> str:
    """Give the stylesheet of a row of picture buttons: each button as a large card, its
    picture above its large label, and one rule per pictogram (``data:`` URIs, nothing to
    fetch). A chosen card is marked by its colour and a check mark in its words."""
    rules = [
        ".planning-pic-grid { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 8px; }",
        ".planning-pic-heading { font-size: 20px; font-weight: 600; display: block; "
        "margin: 8px 0 4px; }",
        ".planning-pic-button.jupyter-button { height: auto; min-height: 120px; width: 140px; "
        "white-space: normal; padding: 80px 6px 8px; line-height: 1.2; font-size: 20px; "
        "font-weight: 600; background-repeat: no-repeat; background-position: center 10px; "
        "background-size: 64px 64px; border: 2px solid #888; border-radius: 10px; }",
        ".planning-pic-button.planning-pic-chosen { border: 4px solid #0b5394; }",
    ]
    for name in sorted(set(pictures)):
        rules.append(f'.{css_class(name)} {{ background-image: url("{data_uri(name)}"); }}')
    return "".join(rules)


def vote_css() -> str:
    """Give the stylesheet that puts the vote pictograms on a tally's "+" and "−" buttons and
    sizes the read-aloud button (44 px, a finger's tap)."""
    return (
        ".planning-tally-plus, .planning-tally-minus { background-repeat: no-repeat; "
        "background-position: 6px center; background-size: 28px 28px; padding-left: 38px; }"
        f'.planning-tally-plus {{ background-image: url("{data_uri("vote.plus")}"); }}'
        f'.planning-tally-minus {{ background-image: url("{data_uri("vote.minus")}"); }}'
        ".planning-speak { min-width: 44px; min-height: 44px; align-items: center; "
        "justify-content: center; background: #fff; border: 1px solid #888; border-radius: 8px; "
        "margin: 0 6px; padding: 4px; cursor: pointer; }"
        ".planning-picto { vertical-align: middle; margin-right: 8px; }"
        ".planning-picto-choice { display: inline-flex; align-items: center; gap: 8px; }"
        ".planning-picto-label { font-size: 20px; font-weight: 600; }"
    )
