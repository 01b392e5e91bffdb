"""``planning lab``: JupyterLab on the notebooks, with the workshop chosen and a projector's
settings.

The notebooks (the facilitator's view, the trainee's page and every stage's) are copied into a
folder made for the session, so the installed ones stay as shipped. JupyterLab reads its
settings from folders made for the session too: an ``overrides.json`` (JupyterLab's documented
way to change its defaults) sets the simple interface (one document at a time) and no news,
and the session's user settings the larger fonts; the facilitator's own JupyterLab settings are
left alone.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from planning.i18n import t
from planning.paths import labextensions_dir, notebooks_dir
from planning.room.checks import check_port

OPENS = "00_facilitator.ipynb"

# JupyterLab's settings for a projector: read from the back of the room, one thing at a time.
FONTS = {"code-font-size": "20px", "content-font-size1": "22px", "ui-font-size1": "18px"}
PROJECTOR: dict[str, Any] = {
    "@jupyterlab/apputils-extension:themes": {"overrides": FONTS},
    "@jupyterlab/application-extension:shell": {"startMode": "single"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def write_settings(session: Path) -> Path:
    """Write the projector's ``overrides.json`` into ``session/settings``; give the file.

    JupyterLab 4 applies its theme's font sizes from the user's settings only (the themes
    plugin reads ``user.overrides``), so the sizes also go into the session's own user
    settings, which start empty.
    """
    folder = session / "settings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "overrides.json"
    path.write_text(json.dumps(PROJECTOR, indent=1), encoding="utf-8")
    themes = session / "user-settings" / "@jupyterlab" / "apputils-extension"
    themes.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"overrides": FONTS}, indent=1)
    (themes / "themes.jupyterlab-settings").write_text(text, encoding="utf-8")
    return path


def lab_settings(session: Path) -> list[str]:
    """Give what both ``planning lab`` and the hub's facilitators' JupyterLab are given: the
    session's settings folders, no news, and the workbook's extension that runs a shipped
    notebook as it opens (its metadata ``"planning": {"run_on_open": true}``)."""
    return [
        f"--LabApp.app_settings_dir={session / 'settings'}",
        f"--LabApp.user_settings_dir={session / 'user-settings'}",
        f"--LabApp.workspaces_dir={session / 'workspaces'}",
        f"--LabApp.extra_labextensions_path={labextensions_dir()}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]


def lab_arguments(root: Path, session: Path, port: int, token: str, browser: bool) -> list[str]:
    """Give JupyterLab's command-line arguments for the facilitator's session."""
    args = [
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={browser}",
        f"--LabApp.default_url=/lab/tree/{OPENS}",
        *lab_settings(session),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return args


def lab(
    workshop: str, *, port: int | str = 8888, browser: bool = True, out: TextIO = sys.stdout
) -> int:
    """Run JupyterLab for the facilitator until Ctrl+C; give the exit status."""
    from planning.store import open_workshop

    number = check_port(port)
    with open_workshop(workshop) as ws:
        url, lang = ws.url, ws.lang
    session = Path(tempfile.mkdtemp(prefix="planning-lab-"))
    try:
        root = session / "notebooks"
        root.mkdir()
        for notebook in sorted(notebooks_dir().glob("*.ipynb")):
            shutil.copy(notebook, root / notebook.name)
        write_settings(session)
        token = secrets.token_hex(16)
        os.environ["PLANNING_WORKSHOP"] = url
        address = f"http://127.0.0.1:{number}/lab/tree/{OPENS}?token={token}"
        print(t("cli.lab_open", lang, url=address), file=out, flush=True)
        from jupyterlab.labapp import LabApp

        LabApp.launch_instance(argv=lab_arguments(root, session, number, token, browser))
    finally:
        shutil.rmtree(session, ignore_errors=True)
    return 0
