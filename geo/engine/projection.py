"""Local azimuthal-equidistant projection and geodesic densification.

Buffers and overlays are computed in metres in a projection centred on the data,
never in degrees or Web Mercator; lengths and areas are measured on the ellipsoid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import TypeVar

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

__all__ = [
    "GEOD",
    "LocalFrame",
    "PipelineProjection",
    "densify_geodesic",
    "geodesic_area_km2",
    "geodesic_length_km",
    "transform_with",
]

GEOD = Geod(ellps="WGS84")
WGS84 = CRS.from_epsg(4326)

G = TypeVar("G", bound=BaseGeometry)


def transform_with(transformer: Transformer, geometry: G) -> G:
    """Apply a pyproj transformer to every coordinate of a shapely geometry."""

    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    result: G = shapely.transform(geometry, apply)
    return result


@dataclass(frozen=True)
class LocalFrame:
    """An azimuthal-equidistant projection centred on a point, with transforms both ways.

    Parameters
    ----------
    lon, lat
        Centre of the projection in degrees.
    """

    lon: float
    lat: float

    @classmethod
    def centred_on(cls, geometry: BaseGeometry) -> LocalFrame:
        """Build the frame centred on the middle of a geometry's bounding box."""
        minx, miny, maxx, maxy = geometry.bounds
        return cls(lon=round((minx + maxx) / 2, 4), lat=round((miny + maxy) / 2, 4))

    @cached_property
    def crs(self) -> CRS:
        """The projected CRS, in metres."""
        return CRS.from_proj4(
            f"+proj=aeqd +lat_0={self.lat} +lon_0={self.lon} +datum=WGS84 +units=m +no_defs"
        )

    @cached_property
    def _forward(self) -> Transformer:
        return Transformer.from_crs(WGS84, self.crs, always_xy=True)

    @cached_property
    def _inverse(self) -> Transformer:
        return Transformer.from_crs(self.crs, WGS84, always_xy=True)

    def _transform(self, geometry: G, *, forward: bool) -> G:
        return transform_with(self._forward if forward else self._inverse, geometry)

    def to_local(self, geometry: G) -> G:
        """Project a lon/lat geometry into this frame (metres)."""
        return self._transform(geometry, forward=True)

    def to_lonlat(self, geometry: G) -> G:
        """Project a geometry in this frame (metres) back to lon/lat degrees."""
        return self._transform(geometry, forward=False)

    def series_to_local(self, series: gpd.GeoSeries) -> np.ndarray:
        """Project a lon/lat GeoSeries into this frame, as an array of geometries."""
        return np.asarray(series.to_crs(self.crs).to_numpy())


def _densify_ring(coords: np.ndarray, step_m: float) -> np.ndarray:
    out: list[tuple[float, float]] = [tuple(coords[0])]
    for (lon1, lat1), (lon2, lat2) in pairwise(coords):
        _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
        n_inner = int(np.ceil(dist / step_m)) - 1
        if n_inner > 0:
            out.extend(GEOD.npts(lon1, lat1, lon2, lat2, n_inner))
        out.append((lon2, lat2))
    return np.asarray(out, dtype=float)


def densify_geodesic(geometry: G, *, step_km: float = 1.0) -> G:
    """Insert points along geodesics so that no segment is longer than ``step_km``.

    Parameters
    ----------
    geometry
        A lon/lat LineString, Polygon or a collection of them.
    step_km
        The longest allowed segment, in kilometres.

    Returns
    -------
    The same geometry type, with every segment replaced by points on the geodesic.
    """
    step_m = step_km * 1000.0
    if geometry.is_empty:  # a scenario's area may be empty (the M4 corridor has no sides)
        return geometry
    if isinstance(geometry, shapely.LineString):
        return shapely.LineString(_densify_ring(np.asarray(geometry.coords), step_m))  # type: ignore[no-any-return]
    if isinstance(geometry, shapely.Polygon):
        shell = _densify_ring(np.asarray(geometry.exterior.coords), step_m)
        holes = [_densify_ring(np.asarray(r.coords), step_m) for r in geometry.interiors]
        return shapely.Polygon(shell, holes)  # type: ignore[no-any-return]
    if isinstance(geometry, shapely.MultiLineString | shapely.MultiPolygon):
        parts = [densify_geodesic(part, step_km=step_km) for part in geometry.geoms]
        return type(geometry)(parts)  # type: ignore[no-any-return]
    msg = f"'geometry' should be a line or polygon, got {geometry.geom_type}"
    raise TypeError(msg)


def geodesic_area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat (multi)polygon on the WGS84 ellipsoid, in square kilometres."""
    if geometry.is_empty:
        return 0.0
    area_m2, _ = GEOD.geometry_area_perimeter(geometry)
    return abs(area_m2) / 1e6


def geodesic_length_km(geometry: BaseGeometry) -> float:
    """Length of a lon/lat (multi)line on the WGS84 ellipsoid, in kilometres."""
    if geometry.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geometry)) / 1000.0


class PipelineProjection:
    """Both transforms of a :class:`~geo.engine.projection.LocalFrame`, built from its pipeline.

    ``Transformer.from_crs`` searches PROJ's database for the operation, about 8 ms each
    time; the pipeline it finds is a fixed text, built here in a tenth of a millisecond.
    The numbers are the same (``tests/test_grid.py`` compares them).
    """

    def __init__(self, frame: LocalFrame) -> None:
        aeqd = f"+proj=aeqd +lat_0={frame.lat} +lon_0={frame.lon} +x_0=0 +y_0=0 +ellps=WGS84"
        self.forward = Transformer.from_pipeline(
            f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {aeqd}"
        )
        self.inverse = Transformer.from_pipeline(
            f"+proj=pipeline +step +inv {aeqd} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
        )

    def to_local(self, geometry: BaseGeometry) -> BaseGeometry:
        """Project lon/lat into the frame (metres)."""
        return transform_with(self.forward, geometry)

    def to_lonlat(self, geometry: BaseGeometry) -> BaseGeometry:
        """Project from the frame (metres) back to lon/lat."""
        return transform_with(self.inverse, geometry)
