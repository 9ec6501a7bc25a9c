"""The derived front line and opposition area against the reference towns and posts."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.engine.frontline import derive_sides
from geo.inputs.layers import DATA_DIR

REFERENCE = DATA_DIR / "reference"


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name)


def _sided(table: pd.DataFrame) -> list[dict]:
    return table[table["control"].isin(["government", "opposition"])].to_dict("records")


def _on_opposition_side(study, row) -> bool:
    return bool(study.opposition_area.contains(shapely.Point(row["lon"], row["lat"])))


@pytest.mark.parametrize(
    "row", _sided(_table("control_points_2018.csv")), ids=lambda r: r["name"][:24]
)
def test_every_control_point_is_on_its_side(study, row):
    assert _on_opposition_side(study, row) == (row["control"] == "opposition")


@pytest.mark.parametrize(
    "row", _sided(_table("check_places_2018.csv")), ids=lambda r: r["name"][:24]
)
def test_places_that_are_not_control_points_are_on_their_side(study, row):
    """The check table is independent of the control points: it keeps the line honest."""
    assert _on_opposition_side(study, row) == (row["control"] == "opposition")


def test_check_places_are_apart_from_the_control_points():
    from geo.engine.projection import GEOD

    points, checks = _table("control_points_2018.csv"), _table("check_places_2018.csv")
    for row in checks.itertuples():
        _, _, gaps = GEOD.inv(
            [row.lon] * len(points), [row.lat] * len(points), points["lon"], points["lat"]
        )
        assert min(gaps) > 2000.0, row.name
    assert len(checks) >= 25


def test_every_control_point_cites_a_dated_source():
    for name in ("control_points_2018.csv", "check_places_2018.csv"):
        table = _table(name)
        assert table["control_source"].str.len().gt(10).all(), name
        assert table["control_date"].notna().all(), name
        assert not table["control_source"].str.contains("general knowledge", case=False).any()
        assert not table["coord_source"].str.contains("estimate", case=False).any()


def test_kurdish_held_towns_are_not_on_the_opposition_side(study):
    table = _table("control_points_2018.csv")
    for row in table[table["control"] == "sdf"].to_dict("records"):
        assert not _on_opposition_side(study, row), row["name"]


def test_turkish_posts_are_on_the_opposition_side(study):
    assert study.posts.within(study.opposition_area).all()
    assert len(study.posts) == 12


def test_line_runs_from_the_latakia_border_to_the_turkish_held_north(study):
    turkey = study.borders.loc[study.borders["iso_a3"] == "TUR"].geometry.iloc[0]
    start, end = shapely.Point(study.frontline.coords[0]), shapely.Point(study.frontline.coords[-1])
    assert start.distance(turkey) < 0.02  # about 2 km: the line starts at the border
    assert start.x < 36.1 and end.y > 36.3  # northern Latakia ... north-west of Aleppo
    # It ends where the de-escalation area meets the Turkish-held Afrin area.
    assert end.distance(study.turkish_areas) < 0.03
    assert study.frontline.is_simple


def test_derive_sides_on_a_tiny_made_up_front():
    """Two towns each side of a north-south front: the line runs between them."""
    points = gpd.GeoDataFrame(
        {"control": ["government", "government", "opposition", "opposition"]},
        geometry=[
            shapely.Point(36.0, 35.9),
            shapely.Point(36.0, 36.1),
            shapely.Point(36.2, 35.9),
            shapely.Point(36.2, 36.1),
        ],
        crs=4326,
    )
    area = shapely.box(35.8, 35.7, 36.4, 36.3)
    sides = derive_sides(points, syria=area.buffer(1.0), study_area=area, smoothing_km=1.0)
    # Away from the ends, which the smoothing rounds, the line is the bisector: 36.1 E.
    xs = [x for x, y in sides.frontline.coords if 35.8 < y < 36.2]
    assert len(xs) > 10
    assert min(xs) == pytest.approx(36.1, abs=0.001)
    assert max(xs) == pytest.approx(36.1, abs=0.001)
    assert sides.opposition_area.contains(shapely.Point(36.3, 36.0))
    assert not sides.opposition_area.contains(shapely.Point(35.9, 36.0))


@pytest.mark.parametrize("side", ["opposition", "both"])
def test_the_zone_never_enters_the_turkish_held_areas(study, side):
    from geo.engine.projection import geodesic_area_km2
    from geo.engine.zone import ZoneSpec
    from geo.results.analysis import analyze

    zone = analyze(study, ZoneSpec(min_km=15, max_km=50, side=side)).zone
    assert geodesic_area_km2(study.turkish_areas) > 1000  # Afrin and Azaz at least
    overlap = shapely.union_all(zone.geometry.to_numpy()).intersection(study.turkish_areas)
    assert geodesic_area_km2(overlap) < 0.01


@pytest.mark.parametrize("town", [(36.8694, 36.5117), (37.0443, 36.5866)], ids=["Afrin", "Azaz"])
def test_afrin_and_azaz_are_turkish_held_not_opposition(study, town):
    point = shapely.Point(*town)
    assert study.turkish_areas.contains(point)
    assert not study.opposition_area.contains(point)
