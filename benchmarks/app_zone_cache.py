"""The project's page with the grid cache in place of ``analyze``: a preview for ``make bench``.

``app.py`` is run unchanged; only ``geo.analyze``, which it imports, is replaced by
:meth:`geo.precompute.ZoneCache.result`, shared by every session of the server. This
shows what the engine's speed-up is worth on the page before the page switches to it.
"""

import runpy
import sys
from pathlib import Path

import streamlit as st

import geo
from geo.analysis import ZoneResult
from geo.data import StudyData, load_study_data
from geo.precompute import ZoneCache
from geo.zone import ZoneSpec

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # app.py imports ui/ from beside it
    sys.path.insert(0, str(ROOT))


@st.cache_resource(show_spinner=False)
def zone_cache() -> ZoneCache:
    return ZoneCache(load_study_data())


def cached_analyze(data: StudyData, spec: ZoneSpec) -> ZoneResult:
    return zone_cache().result(spec)


geo.analyze = cached_analyze
runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
