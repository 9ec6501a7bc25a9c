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
from geo._phrase import N_, Phrase

__all__ = ["MAX_BYTES", "MAX_VERTICES", "TOO_LARGE", "Parts", "geojson_parts", "read_parts"]

#: The largest file read, in bytes.
MAX_BYTES = 10 * 1024 * 1024
#: What a file past ``MAX_BYTES`` is told.
TOO_LARGE = Phrase(
    N_("the file is larger than {size} MB, the most this tool reads"),
    {"size": MAX_BYTES // 2**20},
)
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


def _fail(template: str | Phrase, **values: object) -> NoReturn:
    raise LineInputError(template, **values)


def _point(where: str | Phrase, number: int) -> Phrase:
    return Phrase(N_("{where}, point {number}"), {"where": where, "number": number})


def _too_many() -> NoReturn:
    _fail(
        N_("the line has more than {count} points, the most this tool reads"),
        count=f"{MAX_VERTICES:,}",
    )


class _Counter:
    """Counts vertices as they are read, to stop a huge file early."""

    def __init__(self) -> None:
        self.count = 0
        self.heights = False

    def add(self, count: int) -> None:
        self.count += count
        if self.count > MAX_VERTICES:
            _too_many()


def _number(value: object, where: Phrase) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(
            N_("{where}: a coordinate should be a number, got {value}"),
            where=where,
            value=_short(value),
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        _fail(
            N_("{where}: a coordinate should be a finite number, got {value}"),
            where=where,
            value=_short(value),
        )
    return number


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


# --- GeoJSON ---------------------------------------------------------------------------


def _positions(value: object, where: Phrase, counter: _Counter) -> np.ndarray:
    """Read a GeoJSON list of positions as an (n, 2) array of lon/lat."""
    if not isinstance(value, list):
        _fail(
            N_("{where}: 'coordinates' should be a list of positions, got {value}"),
            where=where,
            value=_short(value),
        )
    counter.add(len(value))
    out = np.empty((len(value), 2))
    for i, position in enumerate(value):
        if not isinstance(position, list) or not 2 <= len(position) <= 4:
            _fail(
                N_("{where}: a position should be [lon, lat], got {value}"),
                where=_point(where, i + 1),
                value=_short(position),
            )
        out[i] = [_number(v, _point(where, i + 1)) for v in position[:2]]
        for extra in position[2:]:
            _number(extra, _point(where, i + 1))
        counter.heights |= len(position) > 2
    return out


def _geometry_parts(geometry: object, where: Phrase, counter: _Counter) -> list[np.ndarray]:
    if not isinstance(geometry, dict):
        _fail(N_("{where}: has no geometry (got {value})"), where=where, value=_short(geometry))
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "LineString":
        return [_positions(coordinates, where, counter)]
    if kind == "MultiLineString":
        if not isinstance(coordinates, list):
            _fail(
                N_("{where}: 'coordinates' should be a list of lines, got {value}"),
                where=where,
                value=_short(coordinates),
            )
        return [
            _positions(
                part,
                Phrase(N_("{where}, part {number}"), {"where": where, "number": i + 1}),
                counter,
            )
            for i, part in enumerate(coordinates)
        ]
    if kind in _GEOJSON_TYPES:
        _fail(
            N_("{where}: a {kind}, but a front line is a LineString or MultiLineString"),
            where=where,
            kind=kind,
        )
    _fail(
        N_("{where}: not a GeoJSON geometry (its 'type' is {value})"),
        where=where,
        value=_short(kind),
    )


def geojson_parts(document: object) -> Parts:
    """Read a GeoJSON object (FeatureCollection, Feature or geometry) as parsed from JSON.

    Raises
    ------
    LineInputError
        If it is not GeoJSON, holds no line, or a geometry that is not a line.
    """
    counter = _Counter()
    if not isinstance(document, dict):
        _fail(
            N_("not GeoJSON: expected an object with a 'type', got {value}"), value=_short(document)
        )
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            _fail(N_("not GeoJSON: a FeatureCollection's 'features' should be a list"))
        if not features:
            _fail(N_("the GeoJSON holds no features"))
    elif kind == "Feature":
        features = [document]
    elif kind in _LINE_TYPES or kind in _GEOJSON_TYPES:
        features = [{"type": "Feature", "geometry": document}]
    else:
        _fail(N_("not GeoJSON: its 'type' is {value}"), value=_short(kind))
    parts: list[np.ndarray] = []
    for number, feature in enumerate(features, start=1):
        where = (
            Phrase(N_("feature {number}"), {"number": number})
            if len(features) > 1
            else Phrase(N_("the GeoJSON"))
        )
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            _fail(N_("{where}: not a GeoJSON Feature"), where=where)
        parts.extend(_geometry_parts(feature.get("geometry"), where, counter))
    return Parts(tuple(parts), "GeoJSON", counter.heights)


def _refuse_constant(name: str) -> NoReturn:
    _fail(N_("the GeoJSON holds {name}, which is not a coordinate (nor valid JSON)"), name=name)


def _geojson(data: bytes) -> Parts:
    try:
        document = json.loads(_text(data, "GeoJSON"), parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        _fail(
            N_("not JSON: {reason} at line {line}, column {column}"),
            reason=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        )
    except RecursionError:
        _fail(N_("not GeoJSON: nested too deeply"))
    return geojson_parts(document)


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(N_("not {format}: the file is not UTF-8 text"), format=what)


# --- KML -------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kml_coordinates(text: str, where: Phrase, counter: _Counter) -> np.ndarray:
    tuples = text.split()
    counter.add(len(tuples))
    out = np.empty((len(tuples), 2))
    for i, item in enumerate(tuples):
        values = item.split(",")
        if not 2 <= len(values) <= 3:
            _fail(
                N_("{where}: should be lon,lat[,height], got {value}"),
                where=_point(where, i + 1),
                value=_short(item),
            )
        try:
            numbers = [float(v) for v in values]
        except ValueError:
            _fail(
                N_("{where}: not numbers: {value}"), where=_point(where, i + 1), value=_short(item)
            )
        for number in numbers:
            _number(number, _point(where, i + 1))
        out[i] = numbers[:2]
        counter.heights |= len(values) == 3
    return out


def _kml(data: bytes) -> Parts:
    if data.startswith(b"PK"):
        _fail(N_("a KMZ (zipped KML): unzip it and give the .kml inside"))
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        _fail(
            N_("the KML declares a DTD or entities, which this tool refuses ({reason})"),
            reason=type(exc).__name__,
        )
    except ParseError as exc:
        _fail(N_("not KML: {reason}"), reason=exc)
    if _local(root.tag) != "kml":
        _fail(N_("not KML: its root element is <{tag}>"), tag=_local(root.tag))
    counter = _Counter()
    parts: list[np.ndarray] = []
    others = set()
    for element in root.iter():
        name = _local(element.tag)
        if name == "LineString":
            found = [c for c in element if _local(c.tag) == "coordinates"]
            where = Phrase(N_("LineString {number}"), {"number": len(parts) + 1})
            if not found:
                _fail(N_("{where}: has no <coordinates>"), where=where)
            parts.append(_kml_coordinates(found[0].text or "", where, counter))
        elif name in ("Point", "Polygon", "LinearRing", "Track"):
            others.add(name)
    if not parts:
        if others:
            _fail(
                N_("the KML holds no LineString (it holds {kinds}); a front line is a LineString"),
                kinds=", ".join(sorted(others)),
            )
        _fail(N_("the KML holds no LineString; a front line is a LineString"))
    return Parts(tuple(parts), "KML", counter.heights)


# --- GeoPackage ------------------------------------------------------------------------


def _gpkg(data: bytes) -> Parts:
    if not data.startswith(b"SQLite format 3\x00"):
        _fail(N_("not a GeoPackage: the file is not an SQLite database"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            layers = pyogrio.list_layers(io.BytesIO(data))
            lines = [str(n) for n, kind in layers if kind and "LineString" in str(kind)]
            if not lines:
                _fail(N_("the GeoPackage has no layer of lines; a front line is a LineString"))
            info = pyogrio.read_info(io.BytesIO(data), layer=lines[0])
            if int(info["features"]) == 0:
                _fail(N_("the GeoPackage's layer {layer} holds no features"), layer=repr(lines[0]))
            frame = pyogrio.read_dataframe(io.BytesIO(data), layer=lines[0], force_2d=False)
        except LineInputError:
            raise
        except Exception as exc:  # pyogrio raises many types for a bad file
            _fail(
                N_("cannot read the GeoPackage: {reason}"), reason=" ".join(str(exc).split())[:200]
            )
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
        _fail(N_("not CSV: {reason}"), reason=exc)
    if not rows:
        _fail(N_("the CSV is empty"))
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
        where = Phrase(N_("CSV line {number}"), {"number": i + first})
        try:
            values = [float(row[c]) for c in columns]
        except (IndexError, ValueError):
            _fail(
                N_(
                    "{where}: should have a longitude and a latitude (columns lon, lat), "
                    "got {value}"
                ),
                where=where,
                value=_short(",".join(row)),
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
        _fail(N_("the file is empty"))
    if len(data) > MAX_BYTES:
        _fail(TOO_LARGE)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = READERS.get(extension) or READERS[_sniff(data)]
    return reader(data)
