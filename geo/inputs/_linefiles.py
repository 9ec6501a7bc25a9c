"""Read the vertices of a user's line from GeoJSON, KML, GeoPackage or CSV bytes.

Each reader returns the line's parts as arrays of lon/lat pairs, heights dropped, and
refuses what is not such a line with one :class:`~geo._errors.LineInputError` line. No
reader evaluates anything, follows a link, expands an XML entity or writes a file: KML
goes through ``defusedxml`` with DTDs forbidden, a GeoPackage is read from memory.
:mod:`geo.inputs.userline` checks the parts (study area, crossings) and builds the line.
"""

from __future__ import annotations

import csv
import io
import json
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import numpy as np
import pyogrio
import shapely
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from geo._errors import LineInputError

__all__ = ["MAX_BYTES", "MAX_VERTICES", "TOO_LARGE", "Parts", "geojson_parts", "read_parts"]

#: The largest file read, in bytes.
MAX_BYTES = 10 * 1024 * 1024
#: What a file past ``MAX_BYTES`` is told.
TOO_LARGE = f"the file is larger than {MAX_BYTES // 2**20} MB, the most this tool reads"
#: The most vertices a line may have, all parts together.
MAX_VERTICES = 200_000
_LINE_TYPES = ("LineString", "MultiLineString")
_GEOJSON_TYPES = ("Point", "MultiPoint", "Polygon", "MultiPolygon", "GeometryCollection")


@dataclass(frozen=True)
class Parts:
    """A line as read: its parts (arrays of lon/lat), the format, and heights dropped."""

    parts: tuple[np.ndarray, ...]
    format: str
    dropped_heights: bool = False


def _fail(message: str) -> NoReturn:
    raise LineInputError(message)


def _too_many() -> NoReturn:
    _fail(f"the line has more than {MAX_VERTICES:,} points, the most this tool reads")


class _Counter:
    """Counts vertices as they are read, to stop a huge file early."""

    def __init__(self) -> None:
        self.count = 0
        self.heights = False

    def add(self, count: int) -> None:
        self.count += count
        if self.count > MAX_VERTICES:
            _too_many()


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(f"{where}: a coordinate should be a number, got {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        _fail(f"{where}: a coordinate should be a finite number, got {_short(value)}")
    return number


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


# --- GeoJSON ---------------------------------------------------------------------------


def _positions(value: object, where: str, counter: _Counter) -> np.ndarray:
    """Read a GeoJSON list of positions as an (n, 2) array of lon/lat."""
    if not isinstance(value, list):
        _fail(f"{where}: 'coordinates' should be a list of positions, got {_short(value)}")
    counter.add(len(value))
    out = np.empty((len(value), 2))
    for i, position in enumerate(value):
        if not isinstance(position, list) or not 2 <= len(position) <= 4:
            _fail(
                f"{where}, point {i + 1}: a position should be [lon, lat], got {_short(position)}"
            )
        out[i] = [_number(v, f"{where}, point {i + 1}") for v in position[:2]]
        for extra in position[2:]:
            _number(extra, f"{where}, point {i + 1}")
        counter.heights |= len(position) > 2
    return out


def _geometry_parts(geometry: object, where: str, counter: _Counter) -> list[np.ndarray]:
    if not isinstance(geometry, dict):
        _fail(f"{where}: has no geometry (got {_short(geometry)})")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "LineString":
        return [_positions(coordinates, where, counter)]
    if kind == "MultiLineString":
        if not isinstance(coordinates, list):
            _fail(f"{where}: 'coordinates' should be a list of lines, got {_short(coordinates)}")
        return [
            _positions(part, f"{where}, part {i + 1}", counter)
            for i, part in enumerate(coordinates)
        ]
    if kind in _GEOJSON_TYPES:
        _fail(f"{where}: a {kind}, but a front line is a LineString or MultiLineString")
    _fail(f"{where}: not a GeoJSON geometry (its 'type' is {_short(kind)})")


def geojson_parts(document: object) -> Parts:
    """Read a GeoJSON object (FeatureCollection, Feature or geometry) as parsed from JSON.

    Raises
    ------
    LineInputError
        If it is not GeoJSON, holds no line, or a geometry that is not a line.
    """
    counter = _Counter()
    if not isinstance(document, dict):
        _fail(f"not GeoJSON: expected an object with a 'type', got {_short(document)}")
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            _fail("not GeoJSON: a FeatureCollection's 'features' should be a list")
        if not features:
            _fail("the GeoJSON holds no features")
    elif kind == "Feature":
        features = [document]
    elif kind in _LINE_TYPES or kind in _GEOJSON_TYPES:
        features = [{"type": "Feature", "geometry": document}]
    else:
        _fail(f"not GeoJSON: its 'type' is {_short(kind)}")
    parts: list[np.ndarray] = []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}" if len(features) > 1 else "the GeoJSON"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            _fail(f"{where}: not a GeoJSON Feature")
        parts.extend(_geometry_parts(feature.get("geometry"), where, counter))
    return Parts(tuple(parts), "GeoJSON", counter.heights)


def _refuse_constant(name: str) -> NoReturn:
    _fail(f"the GeoJSON holds {name}, which is not a coordinate (nor valid JSON)")


def _geojson(data: bytes) -> Parts:
    try:
        document = json.loads(_text(data, "GeoJSON"), parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        _fail(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    except RecursionError:
        _fail("not GeoJSON: nested too deeply")
    return geojson_parts(document)


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(f"not {what}: the file is not UTF-8 text")


# --- KML -------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kml_coordinates(text: str, where: str, counter: _Counter) -> np.ndarray:
    tuples = text.split()
    counter.add(len(tuples))
    out = np.empty((len(tuples), 2))
    for i, item in enumerate(tuples):
        values = item.split(",")
        if not 2 <= len(values) <= 3:
            _fail(f"{where}, point {i + 1}: should be lon,lat[,height], got {_short(item)}")
        try:
            numbers = [float(v) for v in values]
        except ValueError:
            _fail(f"{where}, point {i + 1}: not numbers: {_short(item)}")
        for number in numbers:
            _number(number, f"{where}, point {i + 1}")
        out[i] = numbers[:2]
        counter.heights |= len(values) == 3
    return out


def _kml(data: bytes) -> Parts:
    if data.startswith(b"PK"):
        _fail("a KMZ (zipped KML): unzip it and give the .kml inside")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        _fail(f"the KML declares a DTD or entities, which this tool refuses ({type(exc).__name__})")
    except ParseError as exc:
        _fail(f"not KML: {exc}")
    if _local(root.tag) != "kml":
        _fail(f"not KML: its root element is <{_local(root.tag)}>")
    counter = _Counter()
    parts: list[np.ndarray] = []
    others = set()
    for element in root.iter():
        name = _local(element.tag)
        if name == "LineString":
            found = [c for c in element if _local(c.tag) == "coordinates"]
            where = f"LineString {len(parts) + 1}"
            if not found:
                _fail(f"{where}: has no <coordinates>")
            parts.append(_kml_coordinates(found[0].text or "", where, counter))
        elif name in ("Point", "Polygon", "LinearRing", "Track"):
            others.add(name)
    if not parts:
        what = f" (it holds {', '.join(sorted(others))})" if others else ""
        _fail(f"the KML holds no LineString{what}; a front line is a LineString")
    return Parts(tuple(parts), "KML", counter.heights)


# --- GeoPackage ------------------------------------------------------------------------


def _gpkg(data: bytes) -> Parts:
    if not data.startswith(b"SQLite format 3\x00"):
        _fail("not a GeoPackage: the file is not an SQLite database")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            layers = pyogrio.list_layers(io.BytesIO(data))
            lines = [str(n) for n, kind in layers if kind and "LineString" in str(kind)]
            if not lines:
                _fail("the GeoPackage has no layer of lines; a front line is a LineString")
            info = pyogrio.read_info(io.BytesIO(data), layer=lines[0])
            if int(info["features"]) == 0:
                _fail(f"the GeoPackage's layer {lines[0]!r} holds no features")
            frame = pyogrio.read_dataframe(io.BytesIO(data), layer=lines[0], force_2d=False)
        except LineInputError:
            raise
        except Exception as exc:  # pyogrio raises many types for a bad file
            _fail(f"cannot read the GeoPackage: {' '.join(str(exc).split())[:200]}")
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs(4326)
    counter = _Counter()
    counter.add(int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum()))
    counter.heights = bool(shapely.has_z(frame.geometry.to_numpy()).any())
    parts: list[np.ndarray] = []
    for geometry in frame.geometry:
        if geometry is None or geometry.is_empty:
            continue
        parts.extend(shapely.get_coordinates(g) for g in shapely.get_parts(geometry))
    return Parts(tuple(parts), "GeoPackage", counter.heights)


# --- CSV -------------------------------------------------------------------------------

_LON = ("lon", "longitude", "lng", "x")
_LAT = ("lat", "latitude", "y")


def _columns(header: list[str]) -> tuple[int, int] | None:
    names = [h.strip().lower() for h in header]
    lon = next((names.index(n) for n in _LON if n in names), None)
    lat = next((names.index(n) for n in _LAT if n in names), None)
    return None if lon is None or lat is None else (lon, lat)


def _csv(data: bytes) -> Parts:
    text = _text(data, "CSV")
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    except csv.Error as exc:
        _fail(f"not CSV: {exc}")
    if not rows:
        _fail("the CSV is empty")
    columns = _columns(rows[0])
    first = 2 if columns else 1
    if columns is None:  # no header: the first two columns are lon and lat
        columns = (0, 1)
    else:
        rows = rows[1:]
    counter = _Counter()
    counter.add(len(rows))
    out = np.empty((len(rows), 2))
    for i, row in enumerate(rows):
        where = f"CSV line {i + first}"
        try:
            values = [float(row[c]) for c in columns]
        except (IndexError, ValueError):
            _fail(
                f"{where}: should have a longitude and a latitude (columns lon, lat), "
                f"got {_short(','.join(row))}"
            )
        out[i] = [_number(v, where) for v in values]
    return Parts((out,), "CSV", False)


#: Format -> reader; the file's extension, else its first bytes, names the format.
READERS: dict[str, Callable[[bytes], Parts]] = {
    "geojson": _geojson,
    "json": _geojson,
    "kml": _kml,
    "gpkg": _gpkg,
    "csv": _csv,
    "txt": _csv,
}


def _sniff(data: bytes) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:16]
    if head.startswith(b"SQLite format 3"):
        return "gpkg"
    if head.startswith((b"{", b"[")):
        return "geojson"
    if head.startswith(b"<") or data.startswith(b"PK"):
        return "kml"
    return "csv"


def read_parts(data: bytes, *, name: str) -> Parts:
    """Read a line's parts from a file's bytes, in the format its name's extension says.

    A name without a known extension (``.geojson``, ``.json``, ``.kml``, ``.gpkg``,
    ``.csv``, ``.txt``) is read in the format its first bytes suggest.

    Raises
    ------
    LineInputError
        If the file is empty, too large, or not a line in that format.
    """
    if not data.strip():
        _fail("the file is empty")
    if len(data) > MAX_BYTES:
        _fail(TOO_LARGE)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = READERS.get(extension) or READERS[_sniff(data)]
    return reader(data)
