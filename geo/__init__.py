"""Geometry engine for the approximate Idlib demilitarized zone (Sochi memorandum, 2018).

The zone is a band along a front line derived from towns' control in September 2018.
The engine (``geo.engine``, ``geo.results``) is pure: functions take and return
shapely/geopandas objects. ``geo.inputs`` reads the data folder, ``geo.outputs`` and the
command line write files; nothing here draws the page (no ``st.*``).

Messages name files relative to the data folder; their full paths go to the ``geo``
loggers, which print nothing unless the application configures logging.
"""

import logging

from geo._errors import DataError, ZoneInputError
from geo.engine.zone import ZoneSpec, build_zone
from geo.inputs.layers import load_study_data
from geo.outputs.export import export_bytes
from geo.results.analysis import ZoneResult, analyze

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "DataError",
    "ZoneInputError",
    "ZoneResult",
    "ZoneSpec",
    "analyze",
    "build_zone",
    "export_bytes",
    "load_study_data",
]
