"""The line a view draws: a scenario's (shared by every session) or the session's own.

:class:`BuiltInLine` reaches the server-wide caches of :mod:`ui.loaders` by the scenario's
name. :class:`OwnLine` is the scenario's line with the user's edits, or a line the user
uploaded or drew: its study data and its own :class:`~geo.results.grid.ZoneCache` live in
this session's state only (one at a time: a new line replaces the last, and going back
to the built-in line drops it), so later depth changes are as fast as for a scenario;
its live preview's file is packed in the background and shared (:mod:`ui.ownpreview`).
Both are drawn by the same functions of :mod:`ui.loaders`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import shapely

from geo.engine.zone import Side, ZoneSpec
from geo.i18n import Language
from geo.inputs.edits import LineEdits
from geo.inputs.layers import StudyData
from geo.inputs.scenario import Scenario
from geo.mapview.basedata import BaseLayers
from geo.results.analysis import ZoneResult
from geo.results.compare import Comparison, compare
from geo.results.grid import ZoneCache
from ui import loaders
from ui.ownpreview import own_preview_url
from ui.zonemap import MapShell, layers_script

__all__ = ["BuiltInLine", "OwnLine"]

#: Results an own line keeps (about 50 kB each): a session's recent slider steps.
OWN_RESULTS = 32
#: Rendered base maps an own line keeps: without and with one comparison.
OWN_SHELLS = 2


@dataclass(frozen=True)
class BuiltInLine:
    """A scenario's line, from the server's caches."""

    scenario: Scenario

    @property
    def name(self) -> str:
        """The scenario's name (the caches' key)."""
        return self.scenario.name

    @property
    def sides(self) -> tuple[Side, ...]:
        """The sides a zone may take along this line."""
        return self.scenario.sides

    @property
    def data(self) -> StudyData:
        """The study data along the line."""
        return loaders.study_data(self.name)

    def result(self, spec: ZoneSpec) -> ZoneResult:
        """Return the zone at these depths and side."""
        return loaders.zone_result(self.name, spec.min_km, spec.max_km, spec.side)

    def shell(self, other: str | None, lang: Language, *, swipe: bool = False) -> MapShell:
        """Return the base map, with a layer control for a comparison with ``other``."""
        return loaders.shell(self.name, other, lang, swipe)

    def step(self, spec: ZoneSpec, other: str | None, lang: Language) -> str:
        """Return the zone's layers as the map's script."""
        return loaders.step_layers(self.name, spec.min_km, spec.max_km, spec.side, other, lang)

    def bounds(self, lang: Language) -> tuple[float, float, float, float]:
        """Return the study area's bounds (for an empty zone)."""
        return loaders.base_layers(self.name, lang)[0].bounds

    def comparison(self, spec: ZoneSpec, other: str) -> Comparison:
        """Compare the zone at ``spec`` with ``other``'s default zone."""
        return loaders.comparison(self.name, spec.min_km, spec.max_km, spec.side, other)

    def preview_url(self) -> str | None:
        """Return where the page serves this line's bands for the live preview."""
        return loaders.preview_url(self.name)


@dataclass(eq=False)
class OwnLine:
    """The session's own line: its data, grid cache and rendered map, for this session.

    ``origin`` says what it is: ``edits`` (the scenario's line with ``edits``), ``file``
    or ``drawn``; its data's ``line_source`` says where it comes from.
    """

    scenario: Scenario
    origin: Literal["edits", "file", "drawn"]
    data: StudyData
    edits: LineEdits = field(default_factory=LineEdits)
    cache: ZoneCache = field(init=False)
    _published: dict[Language, tuple[BaseLayers, str]] = field(default_factory=dict, init=False)
    _shells: dict[tuple[str | None, Language, bool], MapShell] = field(
        default_factory=dict, init=False
    )
    _preview: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.cache = ZoneCache(self.data, max_results=OWN_RESULTS)

    @property
    def name(self) -> str:
        """The scenario's name: the widths, the comparison and the link follow it."""
        return self.scenario.name

    @property
    def sides(self) -> tuple[Side, ...]:
        """The scenario's sides for its edited line; both for a user's line."""
        return self.scenario.sides if self.origin == "edits" else ("opposition", "both")

    def default_spec(self) -> ZoneSpec:
        """Return the scenario's zone, on a side this line has."""
        spec = self.scenario.spec
        return spec if spec.side in self.sides else replace(spec, side=self.sides[0])

    def result(self, spec: ZoneSpec) -> ZoneResult:
        """Return the zone at these depths and side, from the session's grid cache."""
        return self.cache.result(spec)

    def _layers(self, lang: Language) -> tuple[BaseLayers, str]:
        if lang not in self._published:
            self._published.clear()  # one language at a time
            self._published[lang] = loaders.published_layers(self.data, lang)
        return self._published[lang]

    def shell(self, other: str | None, lang: Language, *, swipe: bool = False) -> MapShell:
        """Return the base map of this line, rendered once per comparison, language, swipe."""
        key = (other, lang, swipe)
        if key not in self._shells:
            if len(self._shells) >= OWN_SHELLS:
                self._shells.pop(next(iter(self._shells)))
            first = self.result(self.default_spec())
            published = self._layers(lang)
            # An edited line's map offers the scenario's own points; a user's line, none.
            flips = loaders.flippable_points(self.name) if self.origin == "edits" else []
            self._shells[key] = loaders.render_shell(
                published, first, other, lang, swipe=swipe, flips=flips
            )
        return self._shells[key]

    def step(self, spec: ZoneSpec, other: str | None, lang: Language) -> str:
        """Return the zone's layers as the map's script."""
        changed: tuple[shapely.Geometry | None, shapely.Geometry | None] = (None, None)
        if other:
            versus = self.comparison(spec, other)
            changed = (versus.changed_certain, versus.changed_uncertain)
        return layers_script(loaders.map_layers(self.result(spec), other, lang, changed))

    def bounds(self, lang: Language) -> tuple[float, float, float, float]:
        """Return the study area's bounds (for an empty zone)."""
        return self._layers(lang)[0].bounds

    def preview_url(self) -> str | None:
        """Return where the page serves this line's bands for the live preview.

        The bands of the line's first side (the opposition's, but for a scenario drawn on
        both sides only) are packed in the background (:mod:`ui.ownpreview`); the other
        side is not previewed, as for a dated line. None while the server's queue is full.
        """
        if self._preview is None:
            self._preview = own_preview_url(self.data, self.sides[0])
        return self._preview

    def comparison(self, spec: ZoneSpec, other: str) -> Comparison:
        """Compare the zone at ``spec`` with ``other``'s default zone."""
        return compare(
            self.result(spec),
            loaders.default_result(other),
            second_data=loaders.study_data(other),
            names=(self.name, other),
            first_data=self.data,
        )
