"""The participants' handouts: run the handout notebooks, convert them to HTML, sanitise.

``build`` runs the notebooks (one kernel) and writes the files, ``preprocessors`` holds the
nbconvert steps between running and writing, ``sanitise`` makes the HTML safe to open offline.
Importing this package imports neither nbconvert, nbformat, nbclient, nh3 nor matplotlib.
"""

from __future__ import annotations

from planning.handout.build import (
    COMBINED_NAME,
    build_handouts,
    handout_dir,
    handout_notebooks,
    workshop_handouts,
)
from planning.handout.errors import HandoutError, UnsafeHandoutError
from planning.handout.sanitise import check_offline, sanitise

__all__ = [
    "COMBINED_NAME",
    "HandoutError",
    "UnsafeHandoutError",
    "build_handouts",
    "check_offline",
    "handout_dir",
    "handout_notebooks",
    "sanitise",
    "workshop_handouts",
]
