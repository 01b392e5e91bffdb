"""The limits of what the workbook reads, in one place.

A file is checked against them before it is loaded (its size on disk, the unpacked size of each
part of an XLSX, the number of rows of a CSV or a sheet) and while it is streamed (each cell's
length), so a hostile or broken file is refused in well under two seconds, naming the limit,
instead of filling the memory of a facilitator's laptop.
"""

from __future__ import annotations

MB = 1024 * 1024

MAX_FILE_BYTES = 50 * MB
"""A CSV or XLSX file on disk (a 100,000-row participant list is about 6 MB)."""

MAX_UNPACKED_BYTES = 100 * MB
"""One part of an XLSX file (a sheet, the shared strings) once unpacked."""

MAX_ROWS = 100_000
"""Rows of one CSV file or one sheet, the header included, empty rows included."""

MAX_CELL_CHARS = 32_767
"""Characters in one cell: what a spreadsheet cell itself can hold."""


def megabytes(size: int) -> str:
    """Give a size in bytes as people read it.

    Examples
    --------
    >>> megabytes(MAX_FILE_BYTES)
    '50 MB'
    >>> megabytes(310 * 1024)
    '0.3 MB'
    """
    value = size / MB
    return f"{value:.0f} MB" if value >= 10 or value.is_integer() else f"{value:.1f} MB"
