"""The handout's errors: planning errors with a catalogue key, so the CLI catches PlanningError.

Examples
--------
>>> err = HandoutError("error.handout_failed", notebook="02_needs.ipynb",
...                    error="ZeroDivisionError: division by zero", details="1/0")
>>> isinstance(err, PlanningError) and isinstance(err, RuntimeError)
True
>>> err.key, err.fields["notebook"]
('error.handout_failed', '02_needs.ipynb')
"""

from __future__ import annotations

from planning.errors import PlanningError

__all__ = ["HandoutError", "UnsafeHandoutError"]


class HandoutError(PlanningError, RuntimeError):
    """A handout could not be built: a notebook failed, or a template or notebook is missing.

    Keys: ``error.handout_failed`` (``notebook``, ``error``: the failing cell's error name and
    value, ``details``: its traceback), ``error.handout_kernel_died`` (``notebook``,
    ``details``), ``error.handout_no_notebooks`` (``folder``), ``error.handout_not_found``
    (``files``), ``error.handout_names`` (``names``).
    """

    key = "error.handout_failed"
    exit_status = 1  # the command line's status: the workshop or a notebook failed, not input


class UnsafeHandoutError(HandoutError, ValueError):
    """A built handout still has a script, an event handler or an outside URL.

    Keys: ``error.handout_unsafe`` (``problems``: a list of what was found) and
    ``error.handout_no_body`` (the template gave no ``<body>``).
    """

    key = "error.handout_unsafe"


# Shown (in tracebacks, doctests) by the name people import them under.
HandoutError.__module__ = UnsafeHandoutError.__module__ = "planning.handout"
