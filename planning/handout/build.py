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

The steps between running and writing (scrubbing what changes from run to run, the widget
note, combining the parts) are nbconvert preprocessors in ``planning.handout.preprocessors``;
the cleaning and the final offline check are in ``planning.handout.sanitise``. The handout's
own words are the catalogue keys ``handout.title``, ``handout.generated`` and
``handout.widget_note``.

nbformat, nbclient and nbconvert (and the preprocessors module) are imported only inside
:func:`build_handouts` (importing nbformat alone costs about two seconds); importing this module
stays cheap.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import planning
from planning.errors import Msg, ValidationError
from planning.handout.errors import HandoutError
from planning.handout.sanitise import sanitise
from planning.i18n import LANGUAGES, t
from planning.paths import templates_dir
from planning.render import stylesheet

__all__ = [
    "COMBINED_NAME",
    "build_handouts",
    "handout_dir",
    "handout_notebooks",
    "workshop_handouts",
]

COMBINED_NAME = "handout.html"
MAX_BYTES = 1_500_000  # a handout file larger than this is slow to share and open on a phone
_NOTEBOOK_NAME = re.compile(r"^\d+_[^/\\]+\.ipynb$")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_DETAILS_CHARS = 3000  # the end of a traceback or kernel log kept in an error


def handout_dir() -> Path:
    """Give the handout template's folder (``templates/handout``), found when asked."""
    return templates_dir() / "handout"


def handout_notebooks(directory: Path | None = None) -> list[Path]:
    """Give the handout notebooks ``NN_name.ipynb`` of ``directory`` in the order they print.

    The default directory is ``handout_dir() / "notebooks"``.
    """
    folder = Path(directory) if directory is not None else handout_dir() / "notebooks"
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
    ``handout_dir() / "notebooks"``, sorted by name), then ``handout.html`` with all of them;
    returns the paths in that order. The kernel gets ``PLANNING_WORKSHOP`` (a file made
    absolute; a database URL as it is) and ``PLANNING_LANGUAGE`` in its environment, and a
    temporary working folder.

    The notebooks share one kernel; before each one its namespace is emptied (``%reset -f``),
    its working folder restored, figures closed and matplotlib's settings restored. Pass
    ``fresh_kernels=True`` to give each notebook its own kernel (a second or more each).
    ``generated`` is shown in the footer (default: now, to the minute); everything else is the
    same, byte for byte, for the same inputs.
    """
    _check_language(language)
    paths = [Path(p) for p in (handout_notebooks() if notebooks is None else notebooks)]
    if not paths:
        raise HandoutError("error.handout_no_notebooks", folder=str(handout_dir() / "notebooks"))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise HandoutError("error.handout_not_found", files=missing)
    stems = [p.stem for p in paths]
    clashes = sorted({s for s in stems if stems.count(s) > 1 or f"{s}.html" == COMBINED_NAME})
    if clashes:
        raise HandoutError("error.handout_names", names=clashes)

    title = title or f"{t('handout.title', language)} — {_workshop_name(workshop)}"
    generated = generated or _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # tqdm.auto: a widget bar in a notebook, a text bar on the command line.
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(paths) + 1, disable=None if progress else True, unit="part", file=sys.stderr
    )

    with tempfile.TemporaryDirectory(prefix="planning-handout-") as tmp:
        env = _kernel_env(workshop, language)
        executed = _execute_all(paths, env, tmp, fresh_kernels, timeout, bar)

    from planning.handout.preprocessors import CombinePreprocessor

    bar.set_description(f"writing {len(paths) + 1} files")
    exporter = _exporter()
    shared = {
        "language": language,
        "widget_note": t("handout.widget_note", language),
        "generated": generated,
        "generated_label": t("handout.generated", language),
        "planning_css": stylesheet(),
    }
    written: list[Path] = []
    for path, nb in zip(paths, executed, strict=True):
        page_title = f"{title} — {_section_name(path.stem, language)}"
        doc = _convert(exporter, nb, path, {**shared, "handout_title": page_title})
        written.append(_write(out_dir / f"{path.stem}.html", doc))
    combined, _ = CombinePreprocessor(parts=executed)(executed[0], {})
    doc = _convert(exporter, combined, paths[0], {**shared, "handout_title": title})
    written.append(_write(out_dir / COMBINED_NAME, doc))
    bar.update(1)
    bar.close()
    return written


def workshop_handouts(ws: Any, out_dir: Path, language: str | None = None) -> list[Path]:
    """Write the handouts of an open workshop into ``out_dir`` (default: its own language)."""
    lang = language or ws.lang
    _check_language(lang)
    # A file's path (the kernel opens it itself); any other database URL as it is.
    return build_handouts(
        ws.url.removeprefix("sqlite:///"), out_dir, language=lang, title=ws.info().title
    )


def _check_language(lang: str) -> None:
    """Raise :class:`ValidationError` unless ``lang`` is one of :data:`planning.i18n.LANGUAGES`.

    Examples
    --------
    >>> _check_language("fr")
    Traceback (most recent call last):
    ...
    planning.errors.ValidationError: Language: 'fr' is not allowed. Allowed: id, en.
    """
    if lang not in LANGUAGES:
        raise ValidationError(field=Msg("field.language"), value=lang, allowed=list(LANGUAGES))


# --- execution --------------------------------------------------------------------------------


def _kernel_env(workshop: str, language: str) -> dict[str, str]:
    env = dict(os.environ)
    # The kernel works in a temporary folder: a relative workshop file must become absolute.
    workshop = str(workshop)
    env["PLANNING_WORKSHOP"] = workshop if "://" in workshop else os.path.abspath(workshop)
    env["PLANNING_LANGUAGE"] = language
    # The kernel imports this same package, whatever its working folder. An installed package
    # is found anyway; putting site-packages first on PYTHONPATH could shadow the stdlib.
    package_parent = Path(planning.__file__).resolve().parent.parent
    if not {"site-packages", "dist-packages"} & set(package_parent.parts):
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(package_parent), env.get("PYTHONPATH")])
        )
    env["PYTHONHASHSEED"] = "0"  # set and dict-of-set orders the same on every run
    env.setdefault("SOURCE_DATE_EPOCH", "0")  # no dates inside SVG/PDF figures
    env.pop("MPLBACKEND", None)  # let ipykernel choose the inline backend
    return env


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
    paths: Sequence[Path], env: dict[str, str], cwd: str, fresh: bool, timeout: int, bar: Any
) -> list[Any]:
    from jupyter_core.utils import run_sync

    _import_jupyter()

    return run_sync(_execute_all_async)(paths, env, cwd, fresh, timeout, bar)


async def _execute_all_async(
    paths: Sequence[Path], env: dict[str, str], cwd: str, fresh: bool, timeout: int, bar: Any
) -> list[Any]:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from planning.handout.preprocessors import AFTER_RUN

    log_path = Path(cwd) / "kernel.log"
    executed = []
    km: AsyncKernelManager | None = None
    with open(log_path, "wb") as log:
        try:
            for index, path in enumerate(paths):
                bar.set_description(path.stem)
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
                    raise HandoutError(
                        "error.handout_failed",
                        notebook=path.name,
                        error=_reason(err),
                        details=_tail(str(err)),
                    ) from err
                except DeadKernelError as err:
                    raise HandoutError(
                        "error.handout_kernel_died",
                        notebook=path.name,
                        details=_tail(log_path.read_text(errors="replace")),
                    ) from err
                finally:
                    if client.kc is not None:
                        client.kc.stop_channels()
                del nb.cells[0]
                resources: dict[str, Any] = {
                    "handout_section": index,
                    "metadata": {"name": path.stem},
                }
                for step in AFTER_RUN:
                    nb, resources = step()(nb, resources)
                for text in resources.get("stderr", []):
                    bar.write(text, file=sys.stderr)
                executed.append(nb)
                bar.update(1)
        finally:
            if km is not None and km.has_kernel:
                await km.shutdown_kernel(now=True)
    return executed


def _reason(err: Exception) -> str:
    """Give the failing cell's error as ``Name: value`` (a timeout as its first line)."""
    ename = getattr(err, "ename", "") or type(err).__name__
    evalue = getattr(err, "evalue", None)
    if evalue is None:
        evalue = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return _ANSI.sub("", f"{ename}: {evalue}" if evalue else ename)


def _tail(text: str) -> str:
    """Give the end of a traceback or log, without terminal colours."""
    text = _ANSI.sub("", text).strip()
    return text if len(text) <= _DETAILS_CHARS else "…" + text[-_DETAILS_CHARS:]


# --- conversion -------------------------------------------------------------------------------


def _exporter() -> Any:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from planning.handout.preprocessors import BEFORE_HTML

    config = Config()
    config.HTMLExporter.template_name = "handout"
    config.HTMLExporter.extra_template_basedirs = [str(templates_dir())]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True  # images a markdown cell refers to, as data URIs
    config.HTMLExporter.sanitize_html = False  # sanitise() below does it, keeping tables whole
    config.CSSHTMLHeaderPreprocessor.enabled = False  # code highlighting CSS: no code is shown
    exporter = HTMLExporter(config=config)
    for step in BEFORE_HTML:
        exporter.register_preprocessor(step(), enabled=True)
    return exporter


def _convert(exporter: Any, nb: Any, path: Path, resources: dict[str, str]) -> str:
    # The exporter works on a copy: the executed notebook stays as it is for handout.html.
    res = {"metadata": {"name": path.stem, "path": str(path.parent)}, **resources}
    body, _ = exporter.from_notebook_node(nb, resources=res)
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
    name = re.sub(r"^\d+_", "", stem)
    key = f"handout.section.{name}"
    text = t(key, language)
    return name.replace("_", " ") if text == key else text
