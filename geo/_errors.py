"""Error classes for bad input, broken data and failed writes."""

from __future__ import annotations

from geo._phrase import N_, Phrase

__all__ = ["DataError", "LineInputError", "OutputError", "ZoneInputError"]


class ZoneInputError(ValueError):
    """A zone parameter or an output option that a user gave is not acceptable."""


class DataError(RuntimeError):
    """A data file in ``data/`` is missing, unreadable or not what the engine expects."""


class OutputError(RuntimeError):
    """The result could not be written: the file system, device or pipe refused it."""


class LineInputError(ZoneInputError):
    """A line, a table of control points or edits that a user gave cannot be used.

    Its reason is a :class:`geo._phrase.Phrase`: an English template, marked for
    translation with ``N_``, and what fills its blanks. ``str()`` says it in English; a
    page says it in its reader's language (:func:`geo.i18n.error_text`).

    Examples
    --------
    >>> str(LineInputError("the line is in {count} parts", count=3).about("front.kml"))
    'front.kml: the line is in 3 parts'
    """

    def __init__(self, template: str | Phrase, /, **values: object) -> None:
        self.phrase = template if isinstance(template, Phrase) else Phrase(template, values)
        super().__init__(str(self.phrase))

    def about(self, subject: str | Phrase) -> LineInputError:
        """Return the same reason, said of ``subject`` (a file's name, the drawn line)."""
        return LineInputError(Phrase(_ABOUT, {"subject": subject, "reason": self.phrase}))


#: How a reason follows what it is about.
# TRANSLATORS: an Arabic sentence keeps a Latin file name and its colon apart with a
# right-to-left mark (U+200F) after the name.
_ABOUT = N_("{subject}: {reason}")
