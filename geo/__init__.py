"""Geometry engine for the approximate Idlib demilitarized zone (Sochi memorandum, 2018).

The zone is a band along a front line derived from towns' control in September 2018.
Everything here is pure: functions take and return shapely/geopandas objects.
"""

from geo._errors import DataError, ZoneInputError
from geo.analysis import ZoneResult, analyze
from geo.data import load_study_data
from geo.export import export_bytes
from geo.zone import ZoneSpec, build_zone

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
