"""The server's start: the engine is imported ahead, and no Streamlit component with it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

from ui import startup

ROOT = Path(__file__).resolve().parents[1]


def test_importing_ahead_loads_the_engine_and_declares_no_component() -> None:
    """A component declared outside a page's run is never registered (the map's frame was
    a 404): the modules imported ahead must not import streamlit-folium."""
    code = (
        "import sys, asyncio\n"
        "from ui import startup\n"
        "startup.import_engine()\n"
        "print(all(m in sys.modules for m in startup.AHEAD),"
        " 'streamlit_folium' in sys.modules, 'ui.zonemap' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == ["True", "False", "False"]


def test_the_lifespan_starts_the_import_in_a_thread_and_serves_at_once(monkeypatch) -> None:
    imported = threading.Event()
    monkeypatch.setattr(startup, "import_engine", lambda: imported.wait(5) or None)
    served = []

    async def serve() -> None:
        async with startup.import_ahead(object()):
            served.append([t.name for t in threading.enumerate() if t.name == "import-ahead"])

    asyncio.run(serve())
    imported.set()
    # Serving began while the import was still running, in a thread of its own.
    assert served == [["import-ahead"]]
