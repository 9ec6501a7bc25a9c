"""Babel extractor for the scenario files: their title, notes, source and line name.

A scenario's words are shown to the reader as they are (English) or translated by the
same catalog as the code's messages. ``pybabel extract -F babel.cfg`` runs this on
``data/scenarios/*.toml`` (see ``babel.cfg``); the catalog test runs it too.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

__all__ = ["SCENARIO_KEYS", "extract_scenario"]

#: The keys of a scenario file whose text a reader sees: top level, then ``[line]``.
SCENARIO_KEYS = (("title",), ("notes",), ("source",), ("line", "name"))


def _line_of(text: str, key: str, value: str) -> int:
    """Return the first line (from 1) that sets ``key``, or 1 if it is not found."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=", 1)[0].strip() == key and value[:20] in line:
            return number
    return 1


def extract_scenario(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield ``(line, funcname, message, comments)`` for each reader-facing text.

    The signature is Babel's for an extraction method; ``keywords``, ``comment_tags``
    and ``options`` are not used.
    """
    text = fileobj.read().decode("utf-8")
    table: Any = tomllib.loads(text)
    for path in SCENARIO_KEYS:
        value: Any = table
        for key in path:
            value = value.get(key, "") if isinstance(value, dict) else ""
        if isinstance(value, str) and value.strip():
            comment = f"scenario file: {'.'.join(path)}"
            yield _line_of(text, path[-1], value), "_", value, [comment]
