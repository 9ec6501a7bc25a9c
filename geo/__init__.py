"""Geometry engine for the approximate Idlib demilitarized zone (Sochi memorandum, 2018).

The zone is a band along a front line derived from towns' control in September 2018.
Everything here is pure: functions take and return shapely/geopandas objects.
"""

from geo._errors import DataError, ZoneInputError
from geo.engine.zone import ZoneSpec, build_zone
from geo.inputs.layers import load_study_data
from geo.outputs.export import export_bytes
from geo.results.analysis import ZoneResult, analyze

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
