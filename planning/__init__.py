"""A participatory planning workbook: needs, partnerships and action plans for village workshops."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Workshop", "__version__", "create_workshop", "open_workshop"]

if TYPE_CHECKING:
    from planning.store import Workshop, create_workshop, open_workshop


def __getattr__(name: str) -> Any:
    # The store (and SQLAlchemy) load on first use, so `import planning.errors` stays light.
    if name in ("Workshop", "create_workshop", "open_workshop"):
        from planning import store

        return getattr(store, name)
    raise AttributeError(f"module 'planning' has no attribute {name!r}")
