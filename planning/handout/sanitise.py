"""Make a handout safe to open offline: clean its body with nh3, then audit the whole file.

:func:`sanitise` keeps the template's head and cleans the ``<body>``; :func:`check_offline`
refuses a document that still has a script, an event handler, an outside URL or CSS that loads
a file. nh3 is imported only inside :func:`sanitise`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from planning.handout.errors import UnsafeHandoutError

__all__ = ["check_offline", "sanitise"]

BODY_TAGS = frozenset({
    "main", "header", "footer", "section", "article", "div", "span", "p", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "kbd", "samp",
    "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "a", "wbr",
})  # fmt: skip
HEAD_TAGS = frozenset({"html", "head", "meta", "title", "style", "body"})
ATTRIBUTES = {
    "*": {"class", "id"},
    "div": {"style", "tabindex"},  # a bar's width (see _BAR_WIDTH); a scrolling box's tabindex
    "figure": {"tabindex"},  # 0 only: a box that scrolls sideways on a phone, for a keyboard
    "img": {"src", "alt", "width", "height", "data-text-px"},
    "a": {"href"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Tags removed with everything inside them.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "noscript", "iframe", "object", "template"})

_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=\s]*")
_BAR_WIDTH = re.compile(r"width:(?:100|\d{1,2})(?:\.\d{1,3})?%")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})?")
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_URL_TEXT = re.compile(r"\b(https?|ftp)://", re.IGNORECASE)
_CSS_LOADS = re.compile(r"@import|url\(\s*['\"]?(?!data:)", re.IGNORECASE)


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "src":
        return value if _DATA_IMAGE.fullmatch(value) else None
    if attr == "href":
        return value if value.startswith("#") else None
    if attr == "style":
        return value if _BAR_WIDTH.fullmatch(value) else None
    if attr == "tabindex":
        return value if value == "0" else None
    if attr == "data-text-px":
        return value if _NUMBER.fullmatch(value) else None
    return value


def sanitise(document: str) -> str:
    """Give the handout document with its ``<body>`` cleaned by nh3, or raise if still unsafe.

    The head (meta, title, the handout CSS) comes from our template; the body keeps document
    structure, tables, lists, figures, ``class``/``id``, images whose ``src`` is a PNG, JPEG or SVG
    data URI, links to ``#`` anchors and a bar's ``style="width:NN%"``. A web address written as
    text stays readable but no longer appears as ``https://`` in the file (the colon becomes
    ``&#58;``).

    Examples
    --------
    >>> doc = ('<html><head><title>t</title></head><body><p onclick="x()">Air</p>'
    ...        '<div class="planning-bar" style="width:50.0%"></div>'
    ...        '<div style="background:url(x)">b</div><script>alert(1)</script></body></html>')
    >>> print(sanitise(doc))
    <html><head><title>t</title></head><body class="handout">
    <p>Air</p><div class="planning-bar" style="width:50.0%"></div><div>b</div>
    </body>
    </html>
    <BLANKLINE>
    """
    import nh3

    start = re.search(r"<body\b[^>]*>", document, re.IGNORECASE)
    end = document.lower().rfind("</body>")
    if start is None or end < start.end():
        raise UnsafeHandoutError("error.handout_no_body")
    body = nh3.clean(
        document[start.end() : end],
        tags=set(BODY_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"data"},
        link_rel=None,
        strip_comments=True,
    )
    body = _URL_TEXT.sub(lambda m: m.group(1) + "&#58;//", body)
    body = _IMG_WITHOUT_SRC.sub("", body)  # its outside or unsafe src was removed
    result = (
        document[: start.start()]
        + '<body class="handout">\n'
        + body.strip()
        + "\n</body>\n</html>\n"
    )
    check_offline(result)
    return result


class _Audit(HTMLParser):
    """What a browser would load or run from a document: every tag, attribute and style text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in BODY_TAGS | HEAD_TAGS:
            self.problems.append(f"tag <{tag}>")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            elif name == "src" and not _DATA_IMAGE.fullmatch(value):
                self.problems.append(f"<{tag} src={value[:60]!r}>")
            elif name == "href" and not value.startswith("#"):
                self.problems.append(f"<{tag} href={value[:60]!r}>")
            elif name == "style" and not (tag == "div" and _BAR_WIDTH.fullmatch(value)):
                self.problems.append(f"style attribute on <{tag}>")
            elif name == "http-equiv" and value.lower() == "refresh":
                self.problems.append(f"{name} attribute on <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_LOADS.search(data):
            self.problems.append("CSS that loads a file (@import or url())")


def check_offline(document: str) -> None:
    """Raise :class:`UnsafeHandoutError` unless ``document`` has no script, handler or outside URL.

    The error's ``problems`` field lists what was found.

    Examples
    --------
    >>> check_offline('<html lang="id"><body><p>&lt;script&gt; onload=1</p></body></html>')
    >>> try:
    ...     check_offline('<p onclick="x()"><img src=x></p>')
    ... except UnsafeHandoutError as err:
    ...     print(err.key, err.fields["problems"])
    error.handout_unsafe ['event handler onclick on <p>', "<img src='x'>"]
    """
    problems = []
    lowered = document.lower()
    if "<script" in lowered:
        problems.append("<script>")
    for scheme in ("http://", "https://"):
        if scheme in lowered:
            problems.append(f"outside URL {scheme}")
    audit = _Audit()
    audit.feed(document)
    audit.close()
    problems += audit.problems
    if problems:
        raise UnsafeHandoutError(problems=list(dict.fromkeys(problems)))
