"""The trainee's page in a few requests: the front end's code files sent together.

Voila's front end (webpack) and the widget manager (rspack) ask for their code in about 85
small files ("chunks"), found one wave after another: the first when ``voila.js`` runs, the
widget manager's when the page has loaded, the widgets' views when their state came. On a
village hotspot (a round trip of 100 ms, 4 Mbit/s shared, six connections) each wave waits
for the one before, and each small file costs a round trip of its own.

A chunk file only pushes its modules onto a global list (``self.webpackChunk_...``); a
runtime that starts later reads the list and takes those chunks as loaded, and asks only for
the others. So the chunk files the trainee's page is known to need (``trainee-chunks.json``
beside the Voila template, recorded from a real load with ``python
benchmarks/hotspot_waterfall.py --record``) are joined at start into two scripts, named by
their content's hash and compressed once (gzip, level 9), which the page asks for from its
head, with ``voila.js`` and the widget manager's entry files (``<link rel="preload">``), and
runs before ``voila.js``. A chunk that is not in them (after an upgrade of Voila) is fetched
as before; a listed file that is not there, or that is not a plain chunk, is left out.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planning.paths import templates_dir

LIST_NAME = "trainee-chunks.json"
METADATA = "planning_load"
URL_PREFIX = "voila/planning/chunks/"
log = logging.getLogger(__name__)

# A chunk file's whole statement (after its licence's comment): it pushes onto its bundler's
# global list, nothing else runs.
_CHUNK = re.compile(
    r"^(?:/\*.*?\*/\s*)?"  # the licence
    r'(?:"use strict";)?'
    r"\(self\.(?:webpack|rspack)Chunk\w*=self\.\w+\|\|\[\]\)\.push\(",
    re.DOTALL,
)


def chunk_list() -> dict[str, list[str]]:
    """Give the recorded files of the trainee's page: ``bundle`` name -> paths under
    ``voila/`` (``static/5764.voila.js``, ``labextensions/<package>/static/<file>``), and
    ``preload``: the other scripts it asks for (``voila.js``, the widget manager's entries)."""
    path = list_path()
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {
        "preload": [str(p) for p in data.get("preload", [])],
        **{str(k): [str(p) for p in v] for k, v in data.get("bundles", {}).items()},
    }


def list_path() -> Path:
    """Give where the recorded list lives (beside the room's Voila template)."""
    return templates_dir() / "voila" / "templates" / "planning" / LIST_NAME


def find(
    relative: str, static_paths: Sequence[str], labextensions_paths: Sequence[str]
) -> Path | None:
    """Give the file Voila serves at ``voila/<relative>``, or None.

    Examples
    --------
    >>> find("static/none.js", [], []) is None
    True
    """
    head, _, rest = relative.partition("/")
    roots = {"static": static_paths, "labextensions": labextensions_paths}.get(head, ())
    if not rest or ".." in rest.split("/"):
        return None
    for root in roots:
        candidate = Path(root) / rest
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Bundle:
    """One script of joined chunks: its name (with its hash), its text and its gzip."""

    name: str
    raw: bytes = field(repr=False)
    gzipped: bytes = field(repr=False)
    files: tuple[str, ...] = ()


def join(name: str, files: Iterable[tuple[str, Path]]) -> Bundle | None:
    """Join the chunk files (relative name, path) into one script, or None when none is a
    plain chunk."""
    parts, kept = [], []
    for relative, path in files:
        text = path.read_bytes()
        if not _CHUNK.match(text[:300].decode("utf-8", "replace")):
            log.info("not joined (not a plain chunk): %s", relative)
            continue
        parts.append(text)
        kept.append(relative)
    if not parts:
        return None
    # A file may end without a semicolon or in a comment: each one is its own statement.
    raw = b"\n;\n".join(parts) + b"\n"
    digest = hashlib.sha256(raw).hexdigest()[:20]
    gzipped = gzip.compress(raw, compresslevel=9, mtime=0)
    return Bundle(f"{name}.{digest}.js", raw, gzipped, tuple(kept))


@dataclass(frozen=True)
class PageLoad:
    """What the trainee's page asks for at once: scripts to preload, bundles to run."""

    bundles: tuple[Bundle, ...] = ()
    preload: tuple[str, ...] = ()

    def metadata(self) -> dict[str, list[str]]:
        """Give the notebook metadata the room's template reads (paths under base_url)."""
        return {
            "preload": [f"voila/{p}" for p in self.preload],
            "scripts": [URL_PREFIX + b.name for b in self.bundles],
        }

    def by_name(self) -> dict[str, Bundle]:
        return {b.name: b for b in self.bundles}


def build(static_paths: Sequence[str], labextensions_paths: Sequence[str]) -> PageLoad:
    """Join the recorded chunks found in Voila's folders; give what the page asks for."""
    recorded = chunk_list()
    preload = tuple(
        p for p in recorded.pop("preload") if find(p, static_paths, labextensions_paths)
    )
    bundles = []
    missing = []
    for name, paths in recorded.items():
        found = []
        for relative in paths:
            path = find(relative, static_paths, labextensions_paths)
            if path is None:
                missing.append(relative)
            else:
                found.append((relative, path))
        bundle = join(name, found)
        if bundle is not None:
            bundles.append(bundle)
    if missing:
        log.info("%d recorded chunk files not found (another Voila?), fetched one by one: %s",
                 len(missing), ", ".join(missing[:5]))  # fmt: skip
    return PageLoad(tuple(bundles), preload)


def mark(notebook: Path, load: PageLoad) -> None:
    """Write what the page asks for at once into the served notebook's metadata."""
    nb: dict[str, Any] = json.loads(notebook.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})[METADATA] = load.metadata()
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


# --- recording the list (benchmarks/hotspot_waterfall.py --record) ---------------------------

_LAB_FILE = re.compile(r"^labextensions/(@[^/]+/[^/]+|[^@/][^/]*)/static/[^/]+\.js$")
_VOILA_CHUNK = re.compile(r"^static/\d+\.voila\.js$")


def sort_out(path: str) -> tuple[str, str] | None:
    """Give where a script the page fetched belongs (``preload``, or the bundle ``voila`` or
    ``widgets``) and its path under ``voila/``; None for anything else.

    Examples
    --------
    >>> sort_out("/voila/static/5764.voila.js")
    ('voila', 'static/5764.voila.js')
    >>> sort_out("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/7.2a0c.js?v=2a0c")
    ('widgets', 'labextensions/@jupyter-widgets/jupyterlab-manager/static/7.2a0c.js')
    >>> sort_out("/voila/static/voila.js"), sort_out("/api/kernels/1") is None
    (('preload', 'static/voila.js'), True)
    """
    relative = path.split("?", 1)[0].split("/voila/", 1)[-1] if "/voila/" in path else ""
    if relative == "static/voila.js":
        return "preload", relative
    if _VOILA_CHUNK.match(relative):
        return "voila", relative
    if _LAB_FILE.match(relative):
        if relative.rsplit("/", 1)[-1].startswith("remoteEntry."):
            return "preload", relative
        return "widgets", relative
    return None


def record(fetched: Iterable[str], fresh: bool = False) -> dict[str, list[str]]:
    """Add the scripts the page fetched one by one (paths of its requests) to the recorded
    list, or start it anew (``fresh``); write it and give it."""
    old = {} if fresh else chunk_list()
    lists: dict[str, list[str]] = {"preload": [], "voila": [], "widgets": []}
    for where, paths in old.items():
        lists.setdefault(where, []).extend(paths)
    for path in fetched:
        found = sort_out(path)
        if found and found[1] not in lists[found[0]]:
            lists[found[0]].append(found[1])
    preload = lists.pop("preload")
    data = {"recorded": RECORDED, "preload": preload, "bundles": lists}
    list_path().write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return {"preload": preload, **lists}


RECORDED = (
    "The scripts the trainee's page fetched (python benchmarks/hotspot_waterfall.py --record):"
    " voila.js and the widget manager's entries are preloaded, the chunks joined"
)
