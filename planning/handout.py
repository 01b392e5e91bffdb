"""Build the participants' HTML handouts: run the handout notebooks, convert, sanitise.

Each stage of the workshop adds its part of the handout as one notebook,
``templates/handout/notebooks/NN_name.ipynb``; :func:`build_handouts` runs them all headless in
one kernel, writes ``NN_name.html`` for each and ``handout.html`` with all of them, in
Bahasa Indonesia or English. The files open offline on a phone and print on A4: no script, no
outside URL, CSS inline, every image a data URI.

The notebooks find their workshop in the kernel's environment::

    import os
    from planning import open_workshop
    ws = open_workshop(os.environ["PLANNING_WORKSHOP"])
    lang = os.environ["PLANNING_LANGUAGE"]

nbformat, nbclient and nbconvert are imported only inside :func:`build_handouts` (importing
nbformat alone costs about two seconds); importing this module stays cheap.
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO

from planning.paths import templates_dir

__all__ = [
    "HANDOUT_DIR",
    "HandoutError",
    "UnsafeHandoutError",
    "build_handouts",
    "check_offline",
    "handout_notebooks",
    "sanitise",
    "templates_dir",
]

LANGUAGES = ("id", "en")
COMBINED_NAME = "handout.html"
MAX_BYTES = 1_500_000  # a handout file larger than this is slow to share and open on a phone
_NOTEBOOK_NAME = re.compile(r"^\d+_[^/\\]+\.ipynb$")

# Words the template shows; a stage's own words belong in its notebook.
_WORDS = {
    "id": {
        "title": "Handout lokakarya",
        "generated": "Dibuat",
        "widget_note": (
            "Bagian interaktif ini hanya tampil di buku kerja Jupyter, tidak di handout."
        ),
    },
    "en": {
        "title": "Workshop handout",
        "generated": "Generated",
        "widget_note": (
            "This interactive part is shown only in the Jupyter workbook, not in the handout."
        ),
    },
}


class HandoutError(RuntimeError):
    """A handout could not be built: a notebook failed, or a template or notebook is missing."""


class UnsafeHandoutError(HandoutError, ValueError):
    """A built handout still has a script, an event handler or an outside URL."""


HANDOUT_DIR = templates_dir() / "handout"


def handout_notebooks(directory: Path | None = None) -> list[Path]:
    """Give the handout notebooks ``NN_name.ipynb`` of ``directory`` in the order they print.

    The default directory is ``HANDOUT_DIR / "notebooks"``.
    """
    folder = Path(directory) if directory is not None else HANDOUT_DIR / "notebooks"
    return sorted(p for p in folder.glob("*.ipynb") if _NOTEBOOK_NAME.match(p.name))


def build_handouts(
    workshop: str,
    out_dir: Path,
    *,
    language: str,
    notebooks: Sequence[Path] | None = None,
    progress: bool = True,
    generated: str | None = None,
    title: str = "",
    fresh_kernels: bool = False,
    timeout: int = 600,
) -> list[Path]:
    """Run the handout notebooks for ``workshop`` and write their HTML into ``out_dir``.

    Writes ``<stem>.html`` for each notebook, in the order given (by default the notebooks of
    ``HANDOUT_DIR / "notebooks"``, sorted by name), then ``handout.html`` with all of them;
    returns the paths in that order. The kernel gets ``PLANNING_WORKSHOP`` (a file made
    absolute; a database URL as it is) and ``PLANNING_LANGUAGE`` in its environment, and a
    temporary working folder.

    The notebooks share one kernel; before each one its namespace is emptied (``%reset -f``),
    its working folder restored, figures closed and matplotlib's settings restored. Pass
    ``fresh_kernels=True`` to give each notebook its own kernel (a second or more each).
    ``generated`` is shown in the footer (default: now, to the minute); everything else is the
    same, byte for byte, for the same inputs.
    """
    if language not in LANGUAGES:
        raise ValueError(f"Unknown handout language {language!r}. Known: {', '.join(LANGUAGES)}")
    paths = [Path(p) for p in (handout_notebooks() if notebooks is None else notebooks)]
    if not paths:
        raise HandoutError(f"No handout notebooks to build (looked in {HANDOUT_DIR / 'notebooks'})")
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise HandoutError("Handout notebook not found: " + ", ".join(missing))
    stems = [p.stem for p in paths]
    clashes = sorted({s for s in stems if stems.count(s) > 1 or f"{s}.html" == COMBINED_NAME})
    if clashes:
        raise HandoutError(f"Handout notebook names must be unique and not 'handout': {clashes}")

    words = _WORDS[language]
    title = title or f"{words['title']} — {_workshop_name(workshop)}"
    generated = generated or _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    bar = _Progress(len(paths) + 1, enabled=progress)

    with tempfile.TemporaryDirectory(prefix="planning-handout-") as tmp:
        env = _kernel_env(workshop, language)
        executed = _execute_all(paths, env, tmp, fresh_kernels, timeout, bar)

    bar.step(f"writing {len(paths) + 1} files")
    exporter = _exporter()
    shared = {
        "language": language,
        "widget_note": words["widget_note"],
        "generated": generated,
        "generated_label": words["generated"],
    }
    written: list[Path] = []
    for path, nb in zip(paths, executed, strict=True):
        page_title = f"{title} — {_section_name(path.stem, language)}"
        doc = _convert(exporter, nb, path, {**shared, "handout_title": page_title})
        written.append(_write(out_dir / f"{path.stem}.html", doc))
    combined = _combine(executed)
    doc = _convert(exporter, combined, paths[0], {**shared, "handout_title": title})
    written.append(_write(out_dir / COMBINED_NAME, doc))
    bar.done()
    return written


# --- execution --------------------------------------------------------------------------------


def workshop_handouts(ws: Any, out_dir: Path, language: str | None = None) -> list[Path]:
    """Write the handouts of an open workshop into ``out_dir`` (default: its own language)."""
    from planning.errors import ValidationError

    lang = language or ws.lang
    if lang not in LANGUAGES:
        raise ValidationError(
            field="--language", value=lang, allowed=", ".join(LANGUAGES), lang=ws.lang
        )
    # A file's path (the kernel opens it itself); any other database URL as it is.
    return build_handouts(
        ws.url.removeprefix("sqlite:///"), out_dir, language=lang, title=ws.info().title
    )


def _kernel_env(workshop: str, language: str) -> dict[str, str]:
    env = dict(os.environ)
    # The kernel works in a temporary folder: a relative workshop file must become absolute.
    workshop = str(workshop)
    env["PLANNING_WORKSHOP"] = workshop if "://" in workshop else os.path.abspath(workshop)
    env["PLANNING_LANGUAGE"] = language
    # The kernel imports this same package, whatever its working folder. An installed package
    # is found anyway; putting site-packages first on PYTHONPATH could shadow the stdlib.
    package_parent = Path(__file__).resolve().parent.parent
    if not {"site-packages", "dist-packages"} & set(package_parent.parts):
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(package_parent), env.get("PYTHONPATH")])
        )
    env["PYTHONHASHSEED"] = "0"  # set and dict-of-set orders the same on every run
    env.setdefault("SOURCE_DATE_EPOCH", "0")  # no dates inside SVG/PDF figures
    env.pop("MPLBACKEND", None)  # let ipykernel choose the inline backend
    return env


_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

_RESET = """\
get_ipython().run_line_magic("reset", "-f")
import os as _os, sys as _sys
_os.chdir({cwd!r})
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
if "matplotlib" in _sys.modules:
    _sys.modules["matplotlib"].rc_file_defaults()
del _os, _sys
"""


def _import_jupyter() -> None:
    """Import nbformat without the two to ten seconds jsonschema spends on ``rfc3987_syntax``.

    jsonschema compiles that package's IRI grammars at import only to check the "iri" string
    format, which notebooks never use. If jsonschema is not imported yet, it is imported here
    without it; a process that already has jsonschema is left as it is.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import nbformat

        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import nbformat  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


def _execute_all(
    paths: Sequence[Path], env: dict[str, str], cwd: str, fresh: bool, timeout: int, bar: _Progress
) -> list[Any]:
    from jupyter_core.utils import run_sync

    _import_jupyter()

    return run_sync(_execute_all_async)(paths, env, cwd, fresh, timeout, bar)


async def _execute_all_async(
    paths: Sequence[Path], env: dict[str, str], cwd: str, fresh: bool, timeout: int, bar: _Progress
) -> list[Any]:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    log_path = Path(cwd) / "kernel.log"
    executed = []
    km: AsyncKernelManager | None = None
    with open(log_path, "wb") as log:
        try:
            for index, path in enumerate(paths):
                bar.step(path.stem)
                nb = nbformat.read(path, as_version=4)
                if km is None or fresh:
                    if km is not None:
                        await km.shutdown_kernel(now=True)
                    km = AsyncKernelManager(kernel_name="python3")
                    # The kernel's own chatter (e.g. "running over TCP without encryption") goes
                    # to a log that is quoted if the kernel dies.
                    await km.start_kernel(
                        env=env,
                        cwd=cwd,
                        stdout=log,
                        stderr=log,
                        extra_arguments=["--HistoryManager.hist_file=:memory:"],
                    )
                nb.cells.insert(0, nbformat.v4.new_code_cell(_RESET.format(cwd=cwd)))
                client = NotebookClient(
                    nb,
                    km=km,
                    timeout=timeout,
                    startup_timeout=60,
                    allow_errors=False,
                    record_timing=False,
                    store_widget_state=False,
                    kernel_name="python3",
                )
                try:
                    await client.async_execute()
                except (CellExecutionError, CellTimeoutError) as err:
                    raise HandoutError(f"Handout notebook {path.name} failed:\n{err}") from err
                except DeadKernelError as err:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    raise HandoutError(f"The kernel died running {path.name}:\n{tail}") from err
                finally:
                    if client.kc is not None:
                        client.kc.stop_channels()
                del nb.cells[0]
                executed.append(_scrub(nb, index, path.stem, bar))
        finally:
            if km is not None and km.has_kernel:
                await km.shutdown_kernel(now=True)
    return executed


def _scrub(nb: Any, index: int, stem: str, bar: _Progress) -> Any:
    """Give the executed notebook without anything that changes from run to run.

    Drops code cells that show nothing (inputs are not shown), stderr output (passed on to our
    stderr instead), JavaScript output, execution counts and timings; numbers cells
    ``s<i>-c<j>`` and widget views ``s<i>-w<k>`` (their state is not kept: a widget view becomes
    the template's note).
    """
    nb.metadata.pop("widgets", None)
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    cells = []
    widgets = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.execution_count = None
            kept = []
            for out in cell.outputs:
                if out.output_type == "stream" and out.get("name") == "stderr":
                    bar.note(f"{stem}: {out.text.rstrip()}")
                    continue
                data = out.get("data", {})
                if "application/javascript" in data:
                    continue
                if _WIDGET_VIEW in data:
                    out.data = {_WIDGET_VIEW: {"model_id": f"s{index}-w{widgets}"}}
                    out.metadata = {}
                    widgets += 1
                if "execution_count" in out:
                    out.execution_count = None
                out.pop("transient", None)
                kept.append(out)
            cell.outputs = kept
            if not kept:
                continue
        cells.append(cell)
    for j, cell in enumerate(cells):
        cell.id = f"s{index}-c{j}"
    nb.cells = cells
    return nb


def _with_widget_note(nb: Any) -> Any:
    """Give ``nb`` with a stand-in widget state, so the template shows its note for each view.

    nbconvert renders a widget view only when the notebook carries that widget's state; the
    handout needs none of it (the template writes no widget script), only the model ids.
    """
    ids: dict[str, dict[str, Any]] = {
        out.data[_WIDGET_VIEW]["model_id"]: {}
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if _WIDGET_VIEW in out.get("data", {})
    }
    nb.metadata.pop("widgets", None)
    if ids:
        nb.metadata["widgets"] = {_WIDGET_STATE: {"state": ids}}
    return nb


def _combine(notebooks: Sequence[Any]) -> Any:
    """Give one notebook with every cell of ``notebooks``; each later part starts with a rule."""
    combined = copy.deepcopy(notebooks[0])
    combined.cells = []
    for nb in notebooks:
        cells = copy.deepcopy(nb.cells)
        if cells and combined.cells:
            tags = cells[0].metadata.setdefault("tags", [])
            tags.append("handout-section")
        combined.cells.extend(cells)
    return combined


# --- conversion -------------------------------------------------------------------------------


def _exporter() -> Any:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = "handout"
    config.HTMLExporter.extra_template_basedirs = [str(templates_dir())]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True  # images a markdown cell refers to, as data URIs
    config.HTMLExporter.sanitize_html = False  # sanitise() below does it, keeping tables whole
    config.CSSHTMLHeaderPreprocessor.enabled = False  # code highlighting CSS: no code is shown
    return HTMLExporter(config=config)


def _convert(exporter: Any, nb: Any, path: Path, resources: dict[str, str]) -> str:
    res = {"metadata": {"name": path.stem, "path": str(path.parent)}, **resources}
    body, _ = exporter.from_notebook_node(_with_widget_note(nb), resources=res)
    return sanitise(body)


def _write(path: Path, text: str) -> Path:
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        warnings.warn(
            f"{path.name} is {len(data) / 1e6:.1f} MB; phones open a handout under"
            f" {MAX_BYTES / 1e6:.1f} MB more easily (smaller or fewer figures help)",
            stacklevel=3,
        )
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


# --- sanitising -------------------------------------------------------------------------------

_BODY_TAGS = {
    "main", "header", "footer", "section", "article", "div", "span", "p", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "kbd", "samp",
    "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "a",
}  # fmt: skip
_HEAD_TAGS = {"html", "head", "meta", "title", "style", "body"}
_ATTRIBUTES = {
    "*": {"class", "id"},
    "img": {"src", "alt", "width", "height"},
    "a": {"href"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "col": {"span"},
    "colgroup": {"span"},
}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=\s]*")
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_URL_TEXT = re.compile(r"\b(https?|ftp)://", re.IGNORECASE)


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "src":
        return value if _DATA_IMAGE.fullmatch(value) else None
    if attr == "href":
        return value if value.startswith("#") else None
    return value


def sanitise(document: str) -> str:
    """Give the handout document with its ``<body>`` cleaned by nh3, or raise if still unsafe.

    The head (meta, title, the handout CSS) comes from our template; the body keeps document
    structure, tables, lists, figures, ``class``/``id``, images whose ``src`` is a PNG, JPEG or SVG
    data URI and links to ``#`` anchors. A web address written as text stays readable but no
    longer appears as ``https://`` in the file (the colon becomes ``&#58;``).
    """
    import nh3

    start = re.search(r"<body\b[^>]*>", document, re.IGNORECASE)
    end = document.lower().rfind("</body>")
    if start is None or end < start.end():
        raise UnsafeHandoutError(
            "The handout template gave no <body>; is templates/handout intact?"
        )
    body = nh3.clean(
        document[start.end() : end],
        tags=_BODY_TAGS,
        clean_content_tags={"script", "style", "noscript", "iframe", "object", "template"},
        attributes=_ATTRIBUTES,
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
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _BODY_TAGS | _HEAD_TAGS:
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
            elif name == "style" or (name == "http-equiv" and value.lower() == "refresh"):
                self.problems.append(f"{name} attribute on <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and re.search(r"@import|url\(\s*['\"]?(?!data:)", data, re.IGNORECASE):
            self.problems.append("CSS that loads a file (@import or url())")


def check_offline(document: str) -> None:
    """Raise :class:`UnsafeHandoutError` unless ``document`` has no script, handler or outside URL.

    Examples
    --------
    >>> check_offline('<html lang="id"><body><p>&lt;script&gt; onload=1</p></body></html>')
    >>> check_offline('<p onclick="x()"><img src=x></p>')
    Traceback (most recent call last):
    ...
    planning.handout.UnsafeHandoutError: Unsafe handout: event handler onclick on <p>; <img src='x'>
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
        raise UnsafeHandoutError("Unsafe handout: " + "; ".join(dict.fromkeys(problems)))


# --- small helpers ----------------------------------------------------------------------------


def _workshop_name(workshop: str) -> str:
    name = Path(str(workshop)).name
    for suffix in (".sqlite3", ".sqlite", ".db"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _section_name(stem: str, language: str = "en") -> str:
    """Give a handout notebook's section name in the language (catalogue key
    ``handout.section.<name>``), or its file name without the number."""
    from planning.i18n import t

    name = re.sub(r"^\d+_", "", stem)
    key = f"handout.section.{name}"
    text = t(key, language)
    return name.replace("_", " ") if text == key else text


class _Progress:
    """One progress line on stderr for the whole set: ``[2/5] 02_needs``."""

    def __init__(self, total: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.count = 0
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.tty = enabled and self.stream.isatty()
        self.started = time.perf_counter()

    def step(self, label: str) -> None:
        self.count += 1
        if not self.enabled:
            return
        width = 20
        filled = width * (self.count - 1) // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r\x1b[2K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        if self.enabled:
            self.stream.write(("\n" if self.tty else "") + text + "\n")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            seconds = time.perf_counter() - self.started
            line = f"[{'#' * 20}] {self.total}/{self.total} done in {seconds:.1f} s"
            self.stream.write(("\r\x1b[2K" if self.tty else "") + line + "\n")
            self.stream.flush()
