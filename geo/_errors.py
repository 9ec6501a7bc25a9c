"""Error classes for bad input and broken data."""

from __future__ import annotations

__all__ = ["DataError", "ZoneInputError"]


class ZoneInputError(ValueError):
    """A zone parameter or an output option that a user gave is not acceptable."""


class DataError(RuntimeError):
    """A data file in ``data/`` is missing, unreadable or not what the engine expects."""
