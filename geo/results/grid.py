"""Zones on the sliders' grid, built from buffers computed once per step.

The page's sliders move in fixed steps (``STEP_KM``, 0 to ``MAX_WIDTH_KM``), so a zone
on that grid is made of at most two distinct buffers of the front line. :class:`ZoneCache`
keeps, for each step, the line's buffer in the local metric frame, and for each side and
step the clipped band in lon/lat with everything measured against it: its geodesic area,
which towns and posts it covers, and how many kilometres of each highway run inside it.
A zone for ``(min_km, max_km, side)`` then takes

* the core band: the stored band of step ``min_km`` (the same operations as
  :func:`geo.engine.zone.build_zone`, so the same geometry);
* the outer band: the difference of the two stored buffers, clipped, repaired and
  projected back as :func:`geo.engine.zone.build_zone` does, each vertex taking the lon/lat
  stored with the two bands (1 to 3 ms in all); its area is the difference of the two
  bands' stored areas;
* towns and posts: covered by the core band of ``min_km``, else by the band of
  ``max_km``; the borderline flags follow from each place's fixed distance to the line;
* highway kilometres: those inside the band of ``max_km``, which is the union of the
  two bands.

Results equal :func:`geo.results.analysis.analyze`: the same geometries
(``tests/test_grid.py``
checks them within 1e-6 degrees; they are in fact identical), the same tables and
statistics; the outer band's unrounded ``area_km2`` and a highway's ``km_in_zone`` agree
to 1e-6 km² and 1e-9 km. Widths off the grid fall back to :func:`geo.results.analysis.analyze`.

Memory is bounded by the grid: a buffer per step (``GRID_STEPS`` of them) and a band
per side and step, with a table of the band's vertices in both frames (so that an outer
band is projected back by look-up). The whole grid of both sides holds about 21 MB of
coordinates and takes about 30 MB of resident memory with the committed data
(:meth:`ZoneCache.nbytes` tells), and about 2.3 s of CPU to compute; on top come at most
``max_results`` finished results (about 50 kB each: their tables share memory with the
study layers until written to).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from geopandas.array import from_shapely
from shapely.geometry.base import BaseGeometry

from geo.engine.projection import (
    LocalFrame,
    PipelineProjection,
    densify_geodesic,
    geodesic_area_km2,
    geodesic_length_km,
)
from geo.engine.uncertainty import line_uncertainty_stats
from geo.engine.zone import (
    BANDS,
    DENSIFY_STEP_KM,
    MAX_WIDTH_KM,
    SIDES,
    ZoneSpec,
    buffer_m,
    finish_band,
)
from geo.results._band import COORD_BYTES, Band
from geo.results.analysis import ZoneResult, analyze
from geo.results.stats import PlaceArrays, located_places, zone_stats

if TYPE_CHECKING:
    from geo.inputs.layers import StudyData

__all__ = ["GRID_STEPS", "STEP_KM", "ZoneCache", "on_grid"]

#: The sliders' step, in kilometres.
STEP_KM = 0.5
#: Steps from 0 to ``MAX_WIDTH_KM`` inclusive.
GRID_STEPS = round(MAX_WIDTH_KM / STEP_KM) + 1


def _step_of(width_km: float) -> int | None:
    """Return the grid step of a width, or ``None`` if the width is not on the grid."""
    steps = width_km / STEP_KM
    index = round(steps)
    if steps != index or not 0 <= index < GRID_STEPS:
        return None
    return index


def on_grid(spec: ZoneSpec) -> bool:
    """Whether both widths of ``spec`` are on the sliders' grid (0.5 km steps)."""
    return _step_of(spec.min_km) is not None and _step_of(spec.max_km) is not None


class ZoneCache:
    """Zones on the sliders' grid in a few milliseconds, equal to :func:`analyze`.

    One instance serves every session of a server (share it with ``st.cache_resource``);
    it is safe to call from several threads. Steps are computed when first needed, or
    all at once with :meth:`warm`.

    Parameters
    ----------
    data
        The study layers, from :func:`geo.inputs.layers.load_study_data`.
    max_results
        How many finished results to keep (least recently used first out). The per-step
        tables are bounded by the grid itself.

    Examples
    --------
    >>> cache = ZoneCache(load_study_data())  # doctest: +SKIP
    >>> cache.result(ZoneSpec(15, 20, "opposition")).stats.area_km2  # doctest: +SKIP
    """

    def __init__(self, data: StudyData, *, max_results: int = 256) -> None:
        if max_results < 0:
            msg = f"'max_results' should be 0 or more, got {max_results}"
            raise ValueError(msg)
        self.data = data
        self.max_results = max_results
        # The same frame, line and clip areas as geo.engine.zone.build_zone, built once.
        self._frame = LocalFrame.centred_on(data.frontline)
        self._line_m = self._frame.to_local(
            densify_geodesic(data.frontline, step_km=DENSIFY_STEP_KM)
        )
        clips = {"opposition": data.opposition_area, "both": data.syria_outside_turkish_areas}
        self._clip_m = {
            side: self._frame.to_local(densify_geodesic(clip, step_km=DENSIFY_STEP_KM))
            for side, clip in clips.items()
        }
        self._line_projection = PipelineProjection(self._frame)
        self._towns = PlaceArrays.of(data.towns)
        self._posts = PlaceArrays.of(data.posts)
        self._town_points = np.asarray(data.towns.geometry.to_numpy())
        self._post_points = np.asarray(data.posts.geometry.to_numpy())
        self._highway_length_km = [geodesic_length_km(g) for g in data.highways.geometry]
        self._line_stats = line_uncertainty_stats(data.line_uncertainty)
        highways = data.highways.copy()
        highways["length_km"] = self._highway_length_km
        highways["km_in_zone"] = 0.0
        self._highways_template = highways
        self._highway_names = [str(h) for h in data.highways["highway"]]
        self._zone_template = gpd.GeoDataFrame(
            {
                "band": list(BANDS),
                "min_km": [0.0] * 2,
                "max_km": [0.0] * 2,
                "side": ["opposition"] * 2,
                "area_km2": [0.0] * 2,
            },
            geometry=[shapely.MultiPolygon()] * 2,
            crs=4326,
        )
        self._crs = self._zone_template.crs
        self._buffers: dict[int, BaseGeometry] = {}
        self._bands: dict[tuple[str, int], Band] = {}
        self._projections: dict[tuple[float, float], PipelineProjection] = {}
        self._results: OrderedDict[tuple[float, float, str], ZoneResult] = OrderedDict()
        self._lock = threading.Lock()

    # ---- public ----------------------------------------------------------------------
    def result(self, spec: ZoneSpec) -> ZoneResult:
        """Return the zone for ``spec`` and everything measured against it.

        Parameters
        ----------
        spec
            Widths and side; widths off the 0.5 km grid are computed by
            :func:`geo.results.analysis.analyze`, and not kept.

        Returns
        -------
        ZoneResult
            Equal to ``analyze(data, spec)``. Results are shared between callers: treat
            them as read-only, as with ``st.cache_resource``.
        """
        key = (float(spec.min_km), float(spec.max_km), spec.side)
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
                return found
        min_step, max_step = _step_of(spec.min_km), _step_of(spec.max_km)
        if min_step is None or max_step is None:
            return analyze(self.data, spec)
        built = self._build(spec, min_step, max_step)
        with self._lock:
            if self.max_results:
                self._results[key] = built
                self._results.move_to_end(key)
                while len(self._results) > self.max_results:
                    self._results.popitem(last=False)
        return built

    @property
    def frame(self) -> LocalFrame:
        """The local metric frame the buffers and clip areas are in."""
        return self._frame

    def preview_parts_m(self, side: str, step: int) -> tuple[BaseGeometry, BaseGeometry]:
        """Return the line's buffer at grid ``step`` and the clip area of ``side``, in metres.

        Their intersection, finished, is the band from the line to the step's width. The
        page's preview (:mod:`geo.mapview.preview`) simplifies each before intersecting,
        so that every step shares the clip area's simplified edges.
        """
        if not 0 <= step < GRID_STEPS:
            msg = f"'step' should be between 0 and {GRID_STEPS - 1}, got {step}"
            raise ValueError(msg)
        return self._buffer(step), self._clip_m[side]

    def warm(self, sides: Iterable[str] = SIDES, *, steps: Iterable[int] | None = None) -> None:
        """Compute the bands of every step (or of ``steps``) for ``sides`` now.

        About 5 ms a step and side on one core; the whole grid of both sides takes about
        2 s. Run it in a thread (:meth:`warm_in_background`) to keep a server
        answering meanwhile.
        """
        chosen = list(range(GRID_STEPS)) if steps is None else list(steps)
        for side in sides:
            for step in chosen:
                self._band(side, step)

    def warm_in_background(self, sides: Iterable[str] = SIDES) -> threading.Thread:
        """Start :meth:`warm` in a daemon thread and return the thread."""
        thread = threading.Thread(
            target=self.warm, args=(tuple(sides),), name="zone-cache-warm", daemon=True
        )
        thread.start()
        return thread

    def nbytes(self) -> dict[str, int]:
        """Estimated memory of the stored steps (coordinates and arrays), in bytes.

        Returns
        -------
        dict
            ``buffers`` and ``bands`` in bytes, and the counts ``buffer_steps``,
            ``band_steps`` and ``results``. Python and GEOS object overheads come on
            top (a few hundred bytes an object).
        """
        with self._lock:
            buffers = list(self._buffers.values())
            bands = list(self._bands.values())
            results = len(self._results)
        return {
            "buffers": sum(int(shapely.get_num_coordinates(b)) for b in buffers) * COORD_BYTES,
            "bands": sum(b.nbytes for b in bands),
            "buffer_steps": len(buffers),
            "band_steps": len(bands),
            "results": results,
        }

    def clear(self) -> None:
        """Forget every stored step and result."""
        with self._lock:
            self._buffers.clear()
            self._bands.clear()
            self._projections.clear()
            self._results.clear()

    # ---- steps -----------------------------------------------------------------------
    def _buffer(self, step: int) -> BaseGeometry:
        found = self._buffers.get(step)
        if found is None:
            # Computed outside the lock: two threads may both build it, the same way.
            found = buffer_m(self._line_m, width_km=step * STEP_KM)
            with self._lock:
                found = self._buffers.setdefault(step, found)
        return found

    def _band(self, side: str, step: int) -> Band:
        found = self._bands.get((side, step))
        if found is None:
            found = self._measure_band(side, step)
            with self._lock:
                found = self._bands.setdefault((side, step), found)
        return found

    def _to_lonlat_band(
        self, band_m: BaseGeometry, known: tuple[Band, ...] = ()
    ) -> tuple[BaseGeometry, np.ndarray, np.ndarray]:
        """Finish a metric band as :func:`geo.engine.zone.build_zone` does.

        The same :func:`~geo.engine.zone.finish_band`, with a faster projection back:
        vertices that are vertices of the ``known`` bands take their stored lon/lat, and
        only the others are projected (each point on its own, so the numbers are the same).

        Returns
        -------
        tuple
            The band in lon/lat, and its metric vertices (as complex numbers) with their
            lon/lat, before the last repair.
        """
        seen: dict[str, np.ndarray] = {}

        def to_lonlat(kept: BaseGeometry) -> BaseGeometry:
            coords_m = np.ascontiguousarray(shapely.get_coordinates(kept))
            keys = coords_m.view(np.complex128).ravel()
            lonlat = np.empty_like(coords_m)
            todo = np.ones(len(keys), dtype=bool)
            for band in known:
                band.look_up(keys, lonlat, todo)
            if todo.any():
                inverse = self._line_projection.inverse
                lon, lat = inverse.transform(coords_m[todo, 0], coords_m[todo, 1])
                lonlat[todo] = np.column_stack([lon, lat])
            seen["keys"], seen["lonlat"] = keys, lonlat
            return shapely.transform(kept, lambda _: lonlat)

        band = finish_band(band_m, to_lonlat=to_lonlat)
        return band, seen["keys"], seen["lonlat"]

    def _measure_band(self, side: str, step: int) -> Band:
        band_m = self._buffer(step).intersection(self._clip_m[side])
        core, keys, lonlat = self._to_lonlat_band(band_m)
        order = np.argsort(keys)
        n_towns, n_posts = len(self._town_points), len(self._post_points)
        empty = core.is_empty
        return Band(
            geometry=core,
            area_km2=0.0 if empty else geodesic_area_km2(core),
            towns=np.zeros(n_towns, dtype=bool)
            if empty
            else np.asarray(shapely.covered_by(self._town_points, core), dtype=bool),
            posts=np.zeros(n_posts, dtype=bool)
            if empty
            else np.asarray(shapely.covered_by(self._post_points, core), dtype=bool),
            highway_km=np.zeros(len(self._highway_length_km)) if empty else self._highway_km(core),
            keys_m=keys[order],
            lonlat=lonlat[order],
        )

    def _projection(self, frame: LocalFrame) -> PipelineProjection:
        key = (frame.lon, frame.lat)
        found = self._projections.get(key)
        if found is None:
            found = PipelineProjection(frame)
            with self._lock:
                found = self._projections.setdefault(key, found)
        return found

    def _highway_km(self, band: BaseGeometry) -> np.ndarray:
        """Kilometres of each highway inside ``band``, as :func:`measure_highways` counts."""
        projection = self._projection(LocalFrame.centred_on(shapely.box(*band.bounds)))
        roads_m = [projection.to_local(g) for g in self.data.highways.geometry]
        band_m = shapely.make_valid(projection.to_local(band))
        inside = [projection.to_lonlat(g) for g in shapely.intersection(roads_m, band_m)]
        return np.array([geodesic_length_km(g) for g in inside], dtype=float)

    # ---- one zone --------------------------------------------------------------------
    def _build(self, spec: ZoneSpec, min_step: int, max_step: int) -> ZoneResult:
        side = spec.side
        core, whole = self._band(side, min_step), self._band(side, max_step)
        # The ring as geo.engine.zone.build_zone makes it; the buffer of step 0 is empty.
        ring_m = self._buffer(max_step).difference(self._buffer(min_step))
        outer, _, _ = self._to_lonlat_band(ring_m.intersection(self._clip_m[side]), (whole, core))
        # The bands do not overlap and make up the band of max_km: the outer band's area
        # is the difference of two stored areas (equal to measuring it to ~1e-9 km²,
        # and free, where measuring a large ring costs 2 ms).
        outer_area = max(whole.area_km2 - core.area_km2, 0.0) if not outer.is_empty else 0.0
        zone = self._zone_template.copy(deep=False)
        zone.isetitem(1, [float(spec.min_km)] * 2)
        zone.isetitem(2, [float(spec.max_km)] * 2)
        zone.isetitem(3, [spec.side] * 2)
        zone.isetitem(4, [core.area_km2, outer_area])
        zone.isetitem(5, from_shapely([core.geometry, outer], crs=self._crs))
        towns = _located(self._towns, spec, core.towns, whole.towns, outer_empty=outer.is_empty)
        posts = _located(self._posts, spec, core.posts, whole.posts, outer_empty=outer.is_empty)
        highways = self._highways_template.copy(deep=False)
        # The two bands do not overlap: together they are the band of max_km.
        highways.isetitem(highways.columns.get_loc("km_in_zone"), whole.highway_km.copy())
        stats = zone_stats(
            (core.area_km2, outer_area),
            towns=towns,
            posts=posts,
            population=self._towns.population,
            highway_km=dict(zip(self._highway_names, whole.highway_km, strict=True)),
            line_uncertainty_km=self._line_stats,
        )
        return ZoneResult(
            spec=spec,
            zone=zone,
            frontline=self.data.frontline,
            line_runs=self.data.line_uncertainty,
            line_name=self.data.line_name,
            line_source=self.data.line_source,
            towns=towns,
            posts=posts,
            highways=highways,
            stats=stats,
        )


def _located(
    places: PlaceArrays,
    spec: ZoneSpec,
    in_core: np.ndarray,
    in_whole: np.ndarray,
    *,
    outer_empty: bool,
) -> gpd.GeoDataFrame:
    """Apply the rules of :mod:`geo.results.stats` to what the stored bands cover.

    The outer band covers what the band of ``max_km`` covers beyond the core band; an
    empty band covers nothing, as :func:`geo.engine.overlay.covered_by_bands` says.
    """
    in_outer = np.zeros_like(in_whole) if outer_empty else in_whole & ~in_core
    return located_places(places, spec, in_core=in_core, in_outer=in_outer)
