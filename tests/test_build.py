"""The committed data files are exactly what the build script produces."""

from __future__ import annotations

import pytest

from geo.data import DATA_DIR, LAYER_FILES

build = pytest.importorskip("geo.build")


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    build.write_layers(build.build_layers(), folder)
    return folder


def test_committed_data_matches_a_fresh_build(tmp_path):
    build.write_layers(build.build_layers(), tmp_path)
    for name in LAYER_FILES.values():
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), (
            f"{name} differs: run make data"
        )


def test_every_data_file_has_a_sources_line():
    sources = (DATA_DIR / "SOURCES.md").read_text()
    for name in [*LAYER_FILES.values(), "reference/control_points_extra.csv"]:
        assert f"`{name}`" in sources, name


def test_towns_say_where_their_population_comes_from():
    import geopandas as gpd

    towns = gpd.read_file(DATA_DIR / "towns.geojson")
    assert set(towns["population_source"]) >= {"GeoNames", "unknown"}
    assert towns["population_source"].str.startswith("Wikipedia (").any()
    assert towns.loc[towns["population_source"] == "unknown", "population"].isna().all()
