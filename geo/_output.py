"""Write a command's output: to a file atomically, to a device or pipe as it is, or to stdout.

A regular file is replaced through a temporary file renamed over it, so a failed write
leaves the old file as it was and no partial file behind. Every failure is an
:class:`~geo._errors.OutputError` (or a :class:`~geo._errors.ZoneInputError` for a path
that cannot be an output) with one line that names the path and the reason.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, TextIO

from geo._errors import OutputError, ZoneInputError

__all__ = ["point_at_devnull", "write_output", "write_stdout"]


def _reason(exc: OSError | ValueError) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def point_at_devnull(stream: TextIO) -> None:
    """Point a standard stream that failed at /dev/null, so that its flush at exit succeeds.

    Python's documentation advises this for SIGPIPE; a full disk needs it too.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _write_all(data: bytes, out: BinaryIO) -> None:
    """Write all of ``data`` and flush: a buffered write can return short when a pipe closes."""
    view = memoryview(data)
    while view:
        view = view[out.write(view) :]
    out.flush()


def write_stdout(data: bytes) -> None:
    """Write ``data`` to stdout and flush it, so that a closed or full stdout fails here.

    Raises
    ------
    OutputError
        If stdout is closed or refuses the data; stdout then points at /dev/null.
    """
    if sys.stdout is None:
        msg = "cannot write to standard output: it is closed"
        raise OutputError(msg)
    try:
        sys.stdout.flush()
        _write_all(data, sys.stdout.buffer)
    except OSError as exc:
        point_at_devnull(sys.stdout)
        msg = f"cannot write to standard output: {_reason(exc)}"
        raise OutputError(msg) from None


def _write_in_place(data: bytes, path: str) -> None:
    """Write to a device, a pipe or a socket as it is: open it, never create or rename."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY)
        with os.fdopen(handle, "wb") as out:
            _write_all(data, out)
    except OSError as exc:
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None


def _replace_file(data: bytes, path: str, old: os.stat_result | None) -> None:
    """Write a new or a regular file through a temporary file renamed over it.

    Links are followed, so the file a link points to is replaced and the link stays; an
    existing file keeps its mode (and owner where allowed); a new one gets the usual
    permissions.
    """
    target = Path(os.path.realpath(path))
    if old is not None:
        try:
            same = os.path.samestat(old, target.stat())
        except OSError:
            same = False
        if not same:  # /proc/self/fd/N of a deleted file, for example: no name to rename to
            _write_in_place(data, path)
            return
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".idlib-", suffix=".tmp")
    except OSError as exc:
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None
    try:
        with os.fdopen(handle, "wb") as out:
            if old is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            else:
                mode = stat.S_IMODE(old.st_mode)
                with contextlib.suppress(OSError):
                    os.fchown(out.fileno(), old.st_uid, old.st_gid)
            os.fchmod(out.fileno(), mode)
            _write_all(data, out)
        Path(temp).replace(target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None


def write_output(data: bytes, path: str) -> None:
    """Write ``data`` to ``path``: ``-`` is stdout; devices and pipes are written as they are.

    Parameters
    ----------
    data
        The whole output.
    path
        ``-`` for stdout, or a file name. A regular file (new, or existing, or the file a
        link points to) is replaced atomically and keeps its mode; a character device,
        a FIFO or a socket is opened and written, never created or renamed.

    Raises
    ------
    ZoneInputError
        If ``path`` is empty, a folder, or a block device.
    OutputError
        If the system refuses the write; nothing is then left behind or changed, except
        what a device or pipe had already received.
    """
    if path == "-":
        write_stdout(data)
        return
    if not path:
        msg = "the output path is empty"
        raise ZoneInputError(msg)
    try:
        old: os.stat_result | None = Path(path).stat()
    except FileNotFoundError:
        old = None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte, which no shell can pass
        msg = f"cannot write {path!r}: {_reason(exc)}"
        raise OutputError(msg) from None
    if old is None and path.endswith(os.sep):
        msg = f"cannot write {path!r}: it names a folder, which does not exist"
        raise ZoneInputError(msg)
    if old is None or stat.S_ISREG(old.st_mode):
        _replace_file(data, path, old)
    elif stat.S_ISDIR(old.st_mode):
        msg = f"cannot write {path!r}: it is a folder"
        raise ZoneInputError(msg)
    elif stat.S_ISCHR(old.st_mode) or stat.S_ISFIFO(old.st_mode) or stat.S_ISSOCK(old.st_mode):
        _write_in_place(data, path)
    else:
        msg = f"cannot write {path!r}: it is not a file, a character device or a pipe"
        raise ZoneInputError(msg)
