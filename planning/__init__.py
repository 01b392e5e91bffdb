"""A participatory planning workbook: needs, partnerships and action plans for village workshops."""

__version__ = "0.1.0"

from planning.store import Workshop, create_workshop, open_workshop

__all__ = ["Workshop", "__version__", "create_workshop", "open_workshop"]
