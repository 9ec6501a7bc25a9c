"""Shared fixtures: the committed study data and small literal geometries."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import numpy as np
import pytest
import shapely

from geo.engine.projection import GEOD
from geo.engine.zone import ZoneSpec
from geo.inputs.layers import StudyData, load_study_data
from geo.results.analysis import ZoneResult, analyze


@pytest.fixture(scope="session")
def study() -> StudyData:
    return load_study_data()


@pytest.fixture(scope="session")
def default_result(study: StudyData) -> ZoneResult:
    return analyze(study, ZoneSpec())


@pytest.fixture
def short_line() -> shapely.LineString:
    """A 40 km east-west line at 36 N, the latitude of the study."""
    return shapely.LineString([(36.4, 36.0), (36.845, 36.0)])


@pytest.fixture
def everywhere() -> shapely.Polygon:
    """A clip polygon that contains any band around ``short_line``."""
    return shapely.box(34.0, 34.0, 39.0, 38.0)


def geod_distance_to_line_m(lons, lats, line: shapely.LineString, *, step_m: float = 50.0):
    """Oracle: geodesic distance from points to a lon/lat line, by brute force on the ellipsoid.

    The line is sampled every ``step_m`` along its geodesics; the distance is the smallest
    Geod inverse distance to a sample (too long by at most step_m**2 / (8 d)).
    """
    samples = [line.coords[0]]
    for (lon1, lat1), (lon2, lat2) in pairwise(line.coords):
        _, _, seg = GEOD.inv(lon1, lat1, lon2, lat2)
        samples.extend(GEOD.npts(lon1, lat1, lon2, lat2, max(int(seg // step_m), 1)))
        samples.append((lon2, lat2))
    s = np.asarray(samples)
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    best = np.full(lons.shape, np.inf)
    for chunk in np.array_split(np.arange(len(s)), max(len(s) // 2000, 1)):
        slon = np.broadcast_to(s[chunk, 0], (len(lons), len(chunk)))
        slat = np.broadcast_to(s[chunk, 1], (len(lons), len(chunk)))
        plon = np.broadcast_to(lons[:, None], slon.shape)
        plat = np.broadcast_to(lats[:, None], slat.shape)
        _, _, d = GEOD.inv(plon.ravel(), plat.ravel(), slon.ravel(), slat.ravel())
        best = np.minimum(best, np.asarray(d).reshape(slon.shape).min(axis=1))
    return best


@pytest.fixture(scope="session", autouse=True)
def _page_files_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The page publishes its scripts into a folder of the test run, not the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IDLIB_ZONE_CACHE_DIR", str(tmp_path_factory.mktemp("page-files")))
        yield


# The browser tests' fixtures (a server and a browser per test module), for every module.
from browser_harness import (  # noqa: E402, F401
    browser,
    checkout,
    checkout_before,
    page,
    page_files,
    phone,
    server,
)
