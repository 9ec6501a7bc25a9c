"""The live preview of a session's own line: its bands packed in the background.

A scenario's bands are packed once per server (:func:`ui.loaders.warm_grid`). A line the
user edits, uploads or draws gets a file of its own, named by what its bands are made
from (:func:`geo.mapview.preview.preview_name`), so sessions with the same edits share
it. One worker thread packs them for the whole server: one line at a time (about 1.2 s of
CPU for one side), with at most :data:`MAX_WAITING` lines waiting; a line beyond that has
no preview until a later step asks again. The packing uses a grid cache of its own,
dropped once the file is written, so a session keeps only the steps it visits.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import streamlit as st

from geo.engine.zone import Side
from geo.inputs.layers import StudyData
from geo.mapview.assets import FileStore
from geo.mapview.preview import pack_preview, pending_preview, preview_name
from geo.results.grid import ZoneCache
from ui import loaders

__all__ = ["MAX_WAITING", "own_preview_url"]

log = logging.getLogger("idlib_zone")
#: Own lines waiting to be packed (or being packed) at most, for the whole server.
MAX_WAITING = 4


class _Packer:
    """One worker thread that packs own lines' preview files, one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: set[str] = set()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="own-line-preview")

    def reserve(self, name: str) -> bool:
        """Take ``name`` into the queue; False when the queue is full."""
        with self._lock:
            if name in self._waiting:
                return True
            if len(self._waiting) >= MAX_WAITING:
                return False
            self._waiting.add(name)
            return True

    def is_waiting(self, name: str) -> bool:
        """Whether ``name`` is queued or being packed."""
        with self._lock:
            return name in self._waiting

    def start(self, name: str, data: StudyData, side: Side, store: FileStore) -> None:
        """Pack ``data``'s bands on ``side`` into ``name``, in the worker thread."""
        self._pool.submit(self._pack, name, data, side, store)

    def _pack(self, name: str, data: StudyData, side: Side, store: FileStore) -> None:
        try:
            packed = pack_preview(ZoneCache(data, max_results=1), (side,))
            store.publish(loaders.PREVIEW_FOLDER, name, packed)
        except Exception:
            log.exception("the live preview of a user's line could not be packed")
        finally:
            with self._lock:
                self._waiting.discard(name)


@st.cache_resource(show_spinner=False)
def _packer() -> _Packer:
    return _Packer()


def own_preview_url(data: StudyData, side: Side) -> str | None:
    """Return where the page serves the bands of a user's line on ``side``, packing them if new.

    Until they are packed the file says "pending" and the map asks again, as for a
    scenario. None when the server's queue of lines to pack is full.
    """
    name = preview_name(data, (side,))
    store = loaders.file_store()
    path = store.path / loaders.PREVIEW_FOLDER / name
    packer = _packer()
    if path.is_file() and (packer.is_waiting(name) or path.read_bytes() != pending_preview()):
        return store.url_of(loaders.PREVIEW_FOLDER, name)  # packed, or on its way
    if not packer.reserve(name):
        return None
    store.publish(loaders.PREVIEW_FOLDER, name, pending_preview())
    packer.start(name, data, side, store)
    return store.url_of(loaders.PREVIEW_FOLDER, name)
