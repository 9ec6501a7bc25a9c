"""The derived front line and opposition area against the reference towns and posts."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.data import DATA_DIR
from geo.frontline import derive_sides

REFERENCE = DATA_DIR / "reference"


def _reference_towns() -> pd.DataFrame:
    towns = pd.read_csv(REFERENCE / "contact_line_towns.csv")
    return towns[towns["control_sep2018"].isin(["government", "opposition"])]


@pytest.mark.parametrize("row", _reference_towns().to_dict("records"), ids=lambda r: r["name"][:24])
def test_every_reference_town_is_on_its_side(study, row):
    point = shapely.Point(row["lon"], row["lat"])
    on_opposition_side = study.opposition_area.contains(point)
    assert on_opposition_side == (row["control_sep2018"] == "opposition")


def test_third_party_town_is_not_on_the_opposition_side(study):
    towns = pd.read_csv(REFERENCE / "contact_line_towns.csv")
    tell_rifaat = towns[towns["name"] == "Tell Rifaat"].iloc[0]
    assert not study.opposition_area.contains(shapely.Point(tell_rifaat["lon"], tell_rifaat["lat"]))


def test_turkish_posts_are_on_the_opposition_side(study):
    assert study.posts.within(study.opposition_area).all()
    assert len(study.posts) == 12


def test_line_runs_from_the_latakia_border_to_north_of_aleppo(study):
    turkey = study.borders.loc[study.borders["iso_a3"] == "TUR"].geometry.iloc[0]
    start, end = shapely.Point(study.frontline.coords[0]), shapely.Point(study.frontline.coords[-1])
    assert start.distance(turkey) < 0.02  # about 2 km: the line starts at the border
    assert start.x < 36.0 and end.y > 36.4  # northern Latakia ... north of Aleppo
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
    from geo.analysis import analyze
    from geo.projection import geodesic_area_km2
    from geo.zone import ZoneSpec

    zone = analyze(study, ZoneSpec(min_km=15, max_km=50, side=side)).zone
    assert geodesic_area_km2(study.turkish_areas) > 1000  # Afrin and Azaz at least
    overlap = shapely.union_all(zone.geometry.to_numpy()).intersection(study.turkish_areas)
    assert geodesic_area_km2(overlap) < 0.01


@pytest.mark.parametrize("town", [(36.8694, 36.5117), (37.0443, 36.5866)], ids=["Afrin", "Azaz"])
def test_afrin_and_azaz_are_turkish_held_not_opposition(study, town):
    point = shapely.Point(*town)
    assert study.turkish_areas.contains(point)
    assert not study.opposition_area.contains(point)
