"""Declared schemas of the data layers, and their validation when a layer is loaded.

Each layer of ``data/`` has one entry in :data:`SCHEMAS`: its properties (name, dtype,
whether a feature may lack it, allowed values), the geometry types it may hold, and the
rules every geometry must follow (not null, not empty, valid, inside :data:`ENVELOPE`).
The schemas are ``pandera`` data frame schemas; :func:`validate_layer` runs one on a layer
as read and turns every failure into a one-line :class:`~geo._errors.DataError` naming
the file, the feature and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa
import shapely
from pandera import dtypes
from pandera.engines import pandas_engine
from pandera.engines.geopandas_engine import Geometry

from geo._errors import DataError
from geo.engine.frontline import CONTROL_VALUES
from geo.engine.projection import geodesic_length_km
from geo.inputs._tables import (
    NON_NEGATIVE,
    number_column,
    one_of,
    rule,
    text_column,
    validate_frame,
)

__all__ = [
    "ENVELOPE",
    "FRONTLINE_KM",
    "SCHEMAS",
    "LayerSchema",
    "frontline_length_fits",
    "validate_layer",
]

#: Every coordinate of every layer lies in this lon/lat box (west, south, east, north): the
#: study area (``geo.engine.frontline.STUDY_AREA``, 35.7-37.35 E, 35.05-36.7 N) and the borders,
#: clipped to it plus 0.3 degrees, with a margin.
ENVELOPE = (35.0, 34.5, 38.0, 37.3)
#: Sensible geodesic length of the front line, km (about 250 km in the committed data).
FRONTLINE_KM = (50.0, 1000.0)


class GeometryColumn(Geometry):
    """Pandera's geopandas ``Geometry`` (with its CRS check), as one result per column."""

    def check(self, pandera_dtype: dtypes.DataType, data_container: Any = None) -> bool:
        """Check the dtype and CRS of the whole column."""
        result = super().check(cast(pandas_engine.DataType, pandera_dtype), data_container)
        return result if isinstance(result, bool) else all(result)


def _geometry_of(types: tuple[str, ...]) -> pa.Check:
    return rule(
        f"geometry should be a {' or '.join(types)}",
        lambda s: s.geom_type.isin(types),
        lambda geom, *_: f"got a {geom.geom_type}",
    )


def _inside_envelope(s: gpd.GeoSeries) -> pd.Series:
    west, south, east, north = ENVELOPE
    b = s.bounds
    inside = (b.minx >= west) & (b.maxx <= east) & (b.miny >= south) & (b.maxy <= north)
    result: pd.Series = inside | s.is_empty  # an empty geometry has its own rule
    return result


def frontline_length_fits(length_km: float) -> bool:
    """Whether a front line this long (geodesic km) is sensible: :data:`FRONTLINE_KM`."""
    low, high = FRONTLINE_KM
    return low <= length_km <= high


def _frontline_lengths_fit(s: gpd.GeoSeries) -> pd.Series:
    return pd.Series([frontline_length_fits(geodesic_length_km(g)) for g in s], index=s.index)


#: Rules that every geometry of every layer follows, after its type.
_EVERY_GEOMETRY = (
    rule("geometry is empty", lambda s: ~s.is_empty),
    rule(
        "geometry is not valid",
        lambda s: s.is_valid,
        lambda geom, *_: shapely.is_valid_reason(geom),
    ),
    rule(
        "geometry is outside the study area",
        _inside_envelope,
        lambda geom, *_: "bounds " + ", ".join(f"{v:.6g}" for v in geom.bounds),
    ),
)
_ONE_FEATURE = rule(
    "should hold exactly one feature",
    lambda frame: len(frame) == 1,
    lambda _, frame, __: f"it holds {len(frame)}",
)


@dataclass(frozen=True)
class LayerSchema:
    """What one layer file holds.

    Parameters
    ----------
    geometry
        Geometry types a feature may have, e.g. ``("Polygon", "MultiPolygon")``.
    columns
        Properties: name -> pandera column (dtype, nullable, checks). Columns not named
        here are allowed and not checked.
    geometry_rules
        Rules for this layer's geometries beyond type, non-null, non-empty, valid and
        inside :data:`ENVELOPE`.
    one_feature
        The file holds exactly one feature.
    rules
        Rules about the whole layer (pandera data frame checks).
    """

    geometry: tuple[str, ...]
    columns: Mapping[str, pa.Column]
    geometry_rules: tuple[pa.Check, ...] = ()
    one_feature: bool = False
    rules: tuple[pa.Check, ...] = ()

    def __post_init__(self) -> None:
        # The registry is read-only: a schema's columns cannot be changed once declared.
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))

    def pandera(self) -> pa.DataFrameSchema:
        """Build the pandera schema of the layer, as ``pyogrio`` reads it, in EPSG:4326."""
        geometry = pa.Column(
            GeometryColumn(crs="EPSG:4326"),
            [_geometry_of(self.geometry), *_EVERY_GEOMETRY, *self.geometry_rules],
            nullable=False,
        )
        return pa.DataFrameSchema(
            {**self.columns, "geometry": geometry},
            checks=[_ONE_FEATURE, *self.rules] if self.one_feature else list(self.rules),
        )


def _count_syria(frame: pd.DataFrame) -> int:
    return int((frame["iso_a3"] == "SYR").sum()) if "iso_a3" in frame else 0


_POLYGONS = ("Polygon", "MultiPolygon")

#: Layer name (a key of ``geo.inputs.layers.LAYER_FILES``) -> declared schema. A layer is
#: validated when ``LAYER_FILES`` names it; a schema may wait here for its file.
SCHEMAS: Mapping[str, LayerSchema] = MappingProxyType(
    {
        "frontline": LayerSchema(
            geometry=("LineString",),
            columns={"name": text_column()},
            geometry_rules=(
                rule(
                    f"front line should be {FRONTLINE_KM[0]:g}-{FRONTLINE_KM[1]:g} km long",
                    _frontline_lengths_fit,
                    lambda geom, *_: f"it is {geodesic_length_km(geom):.1f} km",
                ),
            ),
            one_feature=True,
        ),
        "opposition_area": LayerSchema(
            geometry=_POLYGONS, columns={"name": text_column()}, one_feature=True
        ),
        "borders": LayerSchema(
            geometry=_POLYGONS,
            columns={
                "iso_a3": text_column(
                    pa.Check.str_matches(r"^[A-Z]{3}$", error="should be three capital letters")
                ),
                "name": text_column(),
            },
            rules=(
                rule(
                    "should hold exactly one Syria feature (iso_a3 'SYR')",
                    lambda frame: _count_syria(frame) == 1,
                    lambda _, frame, __: f"it holds {_count_syria(frame)}",
                ),
            ),
        ),
        "control_points": LayerSchema(
            geometry=("Point",),
            columns={
                "name": text_column(),
                "control": text_column(one_of(CONTROL_VALUES)),
                "control_source": text_column(),
                "control_date": text_column(),
                "coord_source": text_column(),
                "source_table": text_column(),
            },
        ),
        "posts": LayerSchema(
            geometry=("Point",),
            columns={
                "number": number_column(
                    int, pa.Check.ge(1, error="should be 1 or more"), unique=True
                ),
                "name": text_column(),
                "operator": text_column(),
                "established": text_column(),
                "position_accuracy_km": number_column(float, NON_NEGATIVE),
                "position_note": text_column(),
            },
        ),
        "towns": LayerSchema(
            geometry=("Point",),
            columns={
                # Unique: a town is looked up by its name (the search, the comparison's table).
                "name": text_column(unique=True),
                "name_ar": text_column(),
                "geonames_name": text_column(),
                # Many towns' population is unknown, and so is the year of the figure.
                "population": number_column(float, NON_NEGATIVE, nullable=True),
                "population_year": number_column(
                    float, pa.Check.in_range(1900, 2100, error="should be a year"), nullable=True
                ),
                "population_source": text_column(),
                "coord_source": text_column(),
                # Empty where the town is not a control point.
                "control": text_column(one_of(("", *CONTROL_VALUES))),
                "control_source": text_column(),
            },
        ),
        "highways": LayerSchema(
            geometry=("LineString",),
            columns={"highway": text_column(), "name": text_column()},
        ),
        "turkish_areas": LayerSchema(geometry=_POLYGONS, columns={"name": text_column()}),
        "line_uncertainty": LayerSchema(
            geometry=("LineString",),
            columns={"line_uncertainty_km": number_column(float, NON_NEGATIVE)},
        ),
        "uncertainty_corridor": LayerSchema(
            geometry=_POLYGONS,
            columns={
                "name": text_column(),
                "line_uncertainty_km": number_column(float, NON_NEGATIVE),
            },
        ),
    }
)


_COMPILED: dict[str, pa.DataFrameSchema] = {}


def validate_layer(name: str, frame: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Check a layer against its schema in :data:`SCHEMAS`.

    Parameters
    ----------
    name
        The layer's key in :data:`SCHEMAS`.
    frame
        The layer as read, in EPSG:4326, one row per feature in file order.
    path
        The file it was read from, as messages name it (relative to the data folder).

    Returns
    -------
    geopandas.GeoDataFrame
        The layer with its properties in the declared dtypes.

    Raises
    ------
    DataError
        On the first problem, in one line: file, feature (index in the file's
        ``features`` array, from 0, and name) and rule, with the count of the others.
    """
    if name not in SCHEMAS:
        msg = f"{path}: no schema is declared for layer {name!r} in geo.inputs._validate.SCHEMAS"
        raise DataError(msg)
    if name not in _COMPILED:
        _COMPILED[name] = SCHEMAS[name].pandera()
    validated: gpd.GeoDataFrame = validate_frame(_COMPILED[name], frame, str(path))
    return validated
