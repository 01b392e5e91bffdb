"""JupyterHub for a training course on several machines, with one workshop on PostgreSQL.

Every trainee logs in to the hub and gets their own single-user server. The trainee's page
(Voila, read-only) opens at once; the facilitator's account opens JupyterLab on the
facilitator's view. Every server reaches the same workshop, a PostgreSQL database, so the
room's panels show everyone's input within a second or two, whichever machine it came from.

Start: ``PLANNING_WORKSHOP=postgresql+psycopg://planning:SECRET@db-host/workshop \\
PLANNING_HUB_PASSWORD=... PLANNING_FACILITATORS=siti jupyterhub -f jupyterhub_config.py``

Nothing secret is written here: the database URL (with its password) and the course's shared
password come from the environment of the hub, which hands the URL to each user's server.
Needs, beside ``pip install planning voila``: ``pip install jupyterhub jupyterhub-idle-culler``
and ``npm install -g configurable-http-proxy`` on the hub machine (tested in this repository:
see tests/test_jupyterhub_config.py).
"""

import os
import sys

c = get_config()  # noqa: F821 - JupyterHub defines get_config() when it loads this file

WORKSHOP = os.environ["PLANNING_WORKSHOP"]  # postgresql+psycopg://user:password@host/db
FACILITATORS = {name for name in os.environ.get("PLANNING_FACILITATORS", "").split(",") if name}
# Where the admin copied the notebooks: planning's own, found with
#   python -c "from planning.paths import notebooks_dir; print(notebooks_dir())"
NOTEBOOKS = os.environ.get("PLANNING_NOTEBOOKS", "/srv/planning/notebooks")

# --- the hub, on the training room's network -------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("PLANNING_HUB_URL", "http://0.0.0.0:8000")

# --- who may log in: one shared course password, names chosen by the trainees ----------------
# For a longer course, use PAM accounts or jupyterhub-firstuseauthenticator instead.
c.JupyterHub.authenticator_class = "shared-password"  # JupyterHub 5.3 or newer
c.SharedPasswordAuthenticator.user_password = os.environ["PLANNING_HUB_PASSWORD"]  # 8+ chars
c.Authenticator.admin_users = FACILITATORS
c.Authenticator.allow_all = True

# --- each user's server: the workshop chosen, the notebooks there, Voila for trainees ---------
c.Spawner.environment = {
    "PLANNING_WORKSHOP": WORKSHOP,
    "PLANNING_LANGUAGE": os.environ.get("PLANNING_LANGUAGE", "id"),
}
c.Spawner.notebook_dir = NOTEBOOKS
c.Spawner.default_url = "/voila/render/trainee.ipynb"
c.Spawner.mem_limit = "400M"  # a trainee's kernel takes about 140 MB


def facilitator_opens_lab(spawner):
    """The facilitators' servers open JupyterLab on the facilitator's view."""
    if spawner.user.name in FACILITATORS:
        spawner.default_url = "/lab/tree/00_facilitator.ipynb"


c.Spawner.pre_spawn_hook = facilitator_opens_lab

# --- idle servers stop, so the machines hold only the people in the room ---------------------
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=1800"],
    }
]
