"""Words with named blanks: said in English by ``str()``, in a reader's language elsewhere.

A message that a page shows in its reader's language, but that is made far from the page
(why a file was refused), is kept as a :class:`Phrase`: its English template, marked for
the catalog with ``N_``, and what fills its blanks, which may be phrases too.
:func:`geo.i18n.say` says it in a language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["N_", "Phrase"]


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Mark a message for the catalog without translating it here (translated where used)."""
    return message


@dataclass(frozen=True)
class Phrase:
    """An English template with named blanks, and their values.

    Examples
    --------
    >>> str(Phrase("{where}, point {number}", {"where": Phrase("the GeoJSON"), "number": 2}))
    'the GeoJSON, point 2'
    """

    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        if not self.values:
            return self.template
        return self.template.format(**{k: str(v) for k, v in self.values.items()})
