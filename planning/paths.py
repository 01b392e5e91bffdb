"""Where the shipped templates are: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """Give the templates folder (handout template, data templates, demo data)."""
    for candidate in (_PACKAGE / "_templates", _PACKAGE.parent / "templates"):
        if (candidate / "data").is_dir() and (candidate / "handout").is_dir():
            return candidate
    raise FileNotFoundError("planning templates folder not found; reinstall the package")


def notebooks_dir() -> Path:
    """Give the notebooks folder (the stages', the trainee's and the facilitator's)."""
    for candidate in (_PACKAGE / "_notebooks", _PACKAGE.parent / "notebooks"):
        if (candidate / "trainee.ipynb").is_file():
            return candidate
    raise FileNotFoundError("planning notebooks folder not found; reinstall the package")


RUN_ON_OPEN = "planning-run-on-open"


def labextensions_dir() -> Path:
    """Give the folder of the workbook's JupyterLab extensions (built, so no node is needed):
    ``planning-run-on-open`` runs a notebook whose metadata asks for it (``"planning":
    {"run_on_open": true}``) as soon as it opens. JupyterLab finds it when given the folder
    (``--LabApp.extra_labextensions_path``), as ``planning lab`` and the hub's facilitators'
    JupyterLab are."""
    folder = _PACKAGE / "_labextension"
    if (folder / RUN_ON_OPEN / "package.json").is_file():
        return folder
    raise FileNotFoundError("planning's JupyterLab extension not found; reinstall the package")


def home_dir() -> Path:
    """Give the folder for the user's workshops (``$PLANNING_HOME`` or ~/.planning)."""
    home = Path(os.environ.get("PLANNING_HOME") or Path.home() / ".planning")
    home.mkdir(parents=True, exist_ok=True)
    return home
