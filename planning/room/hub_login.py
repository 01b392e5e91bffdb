"""The hub's login for a course: trainees with the course's password, facilitators their own.

No Unix account is needed for anyone: trainees never get a server, facilitators' servers run
as the hub's own account (``SimpleLocalProcessSpawner``). A trainee types any short name (what
they are called, or the number on their table) and the course's shared password; on the
trainee's page they then pick their name among the workshop's participants, as in the room.
A facilitator logs in with their name and their own password. Nobody is a hub admin, so no
admin password is needed.

Loaded by JupyterHub only (it imports jupyterhub).
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Any

from jupyterhub.auth import Authenticator
from traitlets import Dict, Unicode


def config_file() -> Path:
    """Give the hub's configuration, docs/jupyterhub/jupyterhub_config.py (shipped in the
    package as ``planning/_jupyterhub``), for ``jupyterhub -f``."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "_jupyterhub", package.parent / "docs" / "jupyterhub"):
        if (folder / "jupyterhub_config.py").is_file():
            return folder / "jupyterhub_config.py"
    raise FileNotFoundError("docs/jupyterhub/jupyterhub_config.py not found; reinstall planning")


def login_words(lang: str) -> dict[str, str]:
    """Give the words of the hub's login page (docs/jupyterhub/templates/login.html)."""
    from planning.i18n import t

    keys = ("title", "help", "name", "password", "button", "wrong")
    return {"lang": lang, **{key: t(f"room.hub_{key}", lang) for key in keys}}


def _same(typed: str, wanted: str) -> bool:
    return bool(wanted) and hmac.compare_digest(typed.encode(), wanted.encode())


class CourseAuthenticator(Authenticator):  # type: ignore[misc]
    """Facilitators by their own password; anyone else by the course's shared password."""

    course_password = Unicode(
        "", config=True, help="The password every trainee types (8 characters or more)."
    )
    facilitator_passwords = Dict(
        key_trait=Unicode(), value_trait=Unicode(), config=True, help="Facilitator -> password."
    )

    def check_allowed(self, username: str, authentication: Any = None) -> bool:
        return True  # whoever has the right password; trainees choose their names

    async def authenticate(self, handler: Any, data: dict[str, str]) -> str | None:
        name = self.normalize_username(str(data.get("username", "")).strip())
        typed = str(data.get("password", ""))
        if not name or len(name) > 60:
            return None
        if name in self.facilitator_passwords:
            return name if _same(typed, self.facilitator_passwords[name]) else None
        if len(self.course_password) >= 8 and _same(typed, self.course_password):
            return name
        return None


def prepare_facilitator(spawner: Any) -> None:
    """Before a facilitator's JupyterLab starts: the workbook's notebooks in their folder
    (kept from one session to the next) and the projector's settings (large fonts), as
    ``planning lab`` gives them."""
    import shutil

    from planning.paths import notebooks_dir
    from planning.room.lab import lab_settings, write_settings

    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(notebooks_dir().glob("*.ipynb")):
        if not (home / notebook.name).exists():
            shutil.copy(notebook, home / notebook.name)
    session = home / ".planning-lab"
    write_settings(session)
    spawner.notebook_dir = str(home)
    spawner.args = lab_settings(session)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # A hub run as root runs facilitators' servers as root: JupyterLab refuses that unless told.
        spawner.args.append("--allow-root")


if __name__ == "__main__":
    print(config_file())
