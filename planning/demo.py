"""The demo workshop: Desa Sukamaju, whose poor families take part in PKH.

Built only through the public API (``create_workshop`` and ``import_file``) from the data
files in ``templates/data/demo/``; the README, the notebooks and the tests share it.
"""

from __future__ import annotations

import csv
import importlib.util
import os
from pathlib import Path

from planning import stages
from planning.io import import_file
from planning.paths import home_dir, templates_dir
from planning.store import Workshop, create_workshop, open_workshop


def demo_data_dir() -> Path:
    """Give the folder of the demo workshop's data files."""
    return templates_dir() / "data" / "demo"


def build_demo(
    path: str | os.PathLike[str], *, replace: bool = False, language: str | None = None
) -> Workshop:
    """Create the demo workshop at ``path`` from its data files; give it open.

    With ``replace``, an existing file at ``path`` (a previous demo) is replaced.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if replace:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    folder = demo_data_dir()
    with open(folder / "workshop.csv", encoding="utf-8-sig", newline="") as fh:
        info = next(csv.DictReader(fh))
    if language:
        info["language"] = language
    ws = create_workshop(path, **info)
    ws.set_meta("demo", "1")
    for kind in list(stages.kinds()):
        file = folder / f"{kind}.csv"
        if kind != "workshop" and file.exists():
            import_file(ws, file, kind)
    # What a stage's demo adds beyond its files: planning.<stage>.demo's extend(ws).
    for stage in stages.stages():
        if importlib.util.find_spec(f"planning.{stage.name}.demo") is not None:
            importlib.import_module(f"planning.{stage.name}.demo").extend(ws)
    return ws


def demo_workshop(language: str | None = None) -> Workshop:
    """Give the shared demo workshop in the user's planning folder, creating it if missing."""
    suffix = f"-{language}" if language else ""
    path = home_dir() / f"demo-workshop{suffix}.sqlite"
    if path.exists():
        return open_workshop(path)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    build_demo(tmp, replace=True, language=language).close()
    # Two kernels may build it at once: the first rename wins, the other file is dropped.
    if not path.exists():
        os.replace(tmp, path)
    for suffix_ in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix_).unlink(missing_ok=True)
    return open_workshop(path)
