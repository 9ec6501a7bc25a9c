"""Error classes for bad input, broken data and failed writes."""

from __future__ import annotations

__all__ = ["DataError", "LineInputError", "OutputError", "ZoneInputError"]


class ZoneInputError(ValueError):
    """A zone parameter or an output option that a user gave is not acceptable."""


class DataError(RuntimeError):
    """A data file in ``data/`` is missing, unreadable or not what the engine expects."""


class OutputError(RuntimeError):
    """The result could not be written: the file system, device or pipe refused it."""


class LineInputError(ZoneInputError):
    """A line, a table of control points or edits that a user gave cannot be used."""
