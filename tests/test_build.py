"""The committed data files are exactly what the build script produces."""

from __future__ import annotations

import pytest

from geo.inputs.layers import DATA_DIR, LAYER_FILES

build = pytest.importorskip("geo.build")


def test_committed_data_matches_a_fresh_build(tmp_path):
    build.write_layers(build.build_layers(), tmp_path)
    for name in LAYER_FILES.values():
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), (
            f"{name} differs: run make data"
        )


def test_every_data_file_has_a_sources_line():
    sources = (DATA_DIR / "SOURCES.md").read_text()
    references = sorted(p.relative_to(DATA_DIR) for p in (DATA_DIR / "reference").glob("*.csv"))
    scenarios = sorted(p.relative_to(DATA_DIR) for p in (DATA_DIR / "scenarios").glob("*.toml"))
    for name in [*LAYER_FILES.values(), *map(str, references), *map(str, scenarios)]:
        assert f"`{name}`" in sources, name


def test_every_town_has_a_population_or_says_why_not():
    import geopandas as gpd

    towns = gpd.read_file(DATA_DIR / "towns.geojson")
    missing = towns["population"].isna()
    assert towns.loc[missing, "population_source"].str.contains("no ").all()
    dated = towns.loc[~missing, "population_source"]
    assert dated.str.contains("census|GeoNames|SimpleMaps|estimate|20[01][0-9]").all()


def test_reference_coordinates_agree_with_geonames():
    """Every row that names a GeoNames place lies within 1 km of it."""
    assert build.reference_flags() == []
