"""JupyterHub for a training course on several machines, with one workshop on PostgreSQL.

Trainees never get a server of their own: the hub runs ``planning serve``'s Voila app as its
service ``planning`` (``python -m planning.room.hub``), which serves the trainee's page and the
facilitator's view exactly as on a laptop, the hub's login in place of the access code, one
kernel per open trainee page. Facilitators are ordinary hub users (not admins) who also get
JupyterLab on the workbook's notebooks, which run as they open. The database URL, with its
password, is only in the service's and the facilitators' environment. The README's section
"A course on several machines" is the whole recipe.

The environment of ``jupyterhub -f jupyterhub_config.py`` (nothing secret is written here):

- ``PLANNING_WORKSHOP``: the workshop, ``postgresql+psycopg://USER:PASSWORD@HOST/DB``.
- ``PLANNING_HUB_PASSWORD``: the course's shared password for trainees (8 characters or more).
- ``PLANNING_FACILITATOR_PASSWORDS``: ``name=password`` pairs separated by spaces.
- ``PLANNING_HUB_URL``: where the hub listens (default ``http://0.0.0.0:8000``);
  ``PLANNING_HUB_PUBLIC_URL``: the address trainees type (shown on the facilitator's view).
- ``PLANNING_HUB_INTERNAL`` (default ``http://127.0.0.1:8081``), ``PLANNING_PROXY_API``
  (default ``http://127.0.0.1:8001``), ``PLANNING_SERVICE_PORT`` (default 10101): loopback
  ports of the hub, the proxy's API and the service.
- ``PLANNING_HUB_HOME``: where facilitators' folders go (default ``./homes``).
- ``PLANNING_LANGUAGE``: ``id`` (default) or ``en`` for facilitators' notebooks.
- ``PLANNING_POOL_SIZE`` (default 2), ``PLANNING_CULL_AFTER`` (default 120 s): trainee kernels
  started ahead, and how long a closed trainee page's kernel stays.
"""

import os
import sys
from pathlib import Path

from planning.room.hub_login import login_words, prepare_facilitator

c = get_config()  # noqa: F821 - JupyterHub defines get_config() when it loads this file

WORKSHOP = os.environ["PLANNING_WORKSHOP"]
FACILITATORS = dict(
    pair.split("=", 1) for pair in os.environ.get("PLANNING_FACILITATOR_PASSWORDS", "").split()
)
SERVICE = "planning"
SERVICE_PORT = int(os.environ.get("PLANNING_SERVICE_PORT", "10101"))
PUBLIC = os.environ.get("PLANNING_HUB_PUBLIC_URL", "")
HOMES = Path(os.environ.get("PLANNING_HUB_HOME", "homes")).resolve()

# --- the hub on the training room's network; its own ports on loopback ---------------------
c.JupyterHub.bind_url = os.environ.get("PLANNING_HUB_URL", "http://0.0.0.0:8000")
c.JupyterHub.hub_bind_url = os.environ.get("PLANNING_HUB_INTERNAL", "http://127.0.0.1:8081")
c.ConfigurableHTTPProxy.api_url = os.environ.get("PLANNING_PROXY_API", "http://127.0.0.1:8001")

# --- who may log in: trainees with the course's password, facilitators with their own ------
c.JupyterHub.authenticator_class = "planning.room.hub_login.CourseAuthenticator"
c.CourseAuthenticator.course_password = os.environ["PLANNING_HUB_PASSWORD"]
if len(c.CourseAuthenticator.course_password) < 8:
    raise SystemExit("PLANNING_HUB_PASSWORD: the course's password needs 8 characters or more")
c.CourseAuthenticator.facilitator_passwords = FACILITATORS
c.Authenticator.allow_all = True
# The login page in the workshop's language (templates/login.html next to this file).
c.JupyterHub.template_paths = [str(Path(__file__).resolve().parent / "templates")]
c.JupyterHub.template_vars = {"planning": login_words(os.environ.get("PLANNING_LANGUAGE", "id"))}

# --- what each may do: every user only reaches the service (and knows their own name, which
# the service's login asks); facilitators also have a server ----------------------------------
IDENTITY = ["read:users:name!user", "read:users:groups!user"]
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": [*IDENTITY, f"access:services!service={SERVICE}"]},
    {
        "name": "facilitator",
        "scopes": ["self", f"access:services!service={SERVICE}"],
        "users": sorted(FACILITATORS),
    },
]


def landing(handler):
    """After logging in: the facilitator's view for facilitators, the trainee's page else."""
    user = handler.current_user
    if user is not None and user.name in FACILITATORS:
        return f"/services/{SERVICE}/voila/render/00_facilitator.ipynb"
    return f"/services/{SERVICE}/"


c.JupyterHub.default_url = landing

# --- the service: the room's Voila, with the database password ------------------------------
c.JupyterHub.services = [
    {
        "name": SERVICE,
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": [sys.executable, "-m", "planning.room.hub"],
        "oauth_no_confirm": True,
        # Seconds the hub waits for the service to listen: it starts two trainee kernels first
        # (about 15 s on a quiet 2-core machine, a minute on a busy one).
        "timeout": 300,
        "environment": {
            "PLANNING_WORKSHOP": WORKSHOP,
            "PLANNING_FACILITATORS": ",".join(sorted(FACILITATORS)),
            "PLANNING_HUB_PUBLIC_URL": PUBLIC,
            "JUPYTER_PLATFORM_DIRS": "1",
            # Trainee kernels started before anyone asks, and seconds a closed page's kernel
            # stays (planning serve's --cull-after).
            "PLANNING_POOL_SIZE": os.environ.get("PLANNING_POOL_SIZE", "2"),
            "PLANNING_CULL_AFTER": os.environ.get("PLANNING_CULL_AFTER", "120"),
        },
    }
]

# --- facilitators' JupyterLab: no Unix account, the workbook's notebooks (each runs as it opens),
# large fonts: prepare_facilitator gives it planning lab's arguments ------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "PLANNING_WORKSHOP": WORKSHOP,
    "PLANNING_LANGUAGE": os.environ.get("PLANNING_LANGUAGE", "id"),
    "JUPYTER_PLATFORM_DIRS": "1",
}
c.Spawner.pre_spawn_hook = prepare_facilitator
# JupyterLab may take more than the default 30 s to answer on a busy 2-core machine.
c.Spawner.http_timeout = 180
c.Spawner.start_timeout = 240
