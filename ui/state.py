"""The page's session state: every key named once, read and written through typed helpers.

Widgets are bound to these keys (``key=MIN_KM``), so the names run unchanged from the link
(``?min_km=15``) through the widgets to :class:`geo.engine.zone.ZoneSpec`.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from geo.engine.zone import Side, ZoneSpec, as_side
from geo.i18n import LANGUAGES, Language
from geo.inputs.edits import LineEdits
from geo.inputs.scenario import dated_name
from ui.query import LinkState

__all__ = [
    "CLOSE_SIDEBAR",
    "COMPARE",
    "DATE",
    "EDITS",
    "LANG",
    "LAST_GOOD",
    "LAST_VIEW",
    "LINK_PROBLEMS",
    "MAP_VIEW",
    "MAX_KM",
    "MIN_KM",
    "OWN_LINE",
    "PLAYED",
    "PLAYING",
    "SCENARIO",
    "SIDE",
    "SWIPE",
    "TIMELINE",
    "TOWN",
    "TOWN_QUERY",
    "View",
    "read_view",
    "scenario_name",
    "start_from_link",
]

#: The scenario chosen, bound to the scenario selectbox: a scenario's name, or the name of a
#: series of dated lines (the file's name, e.g. ``contact-line``), whose day is ``DATE``.
SCENARIO = "scenario"
#: The day of the series' line shown (``YYYY-MM-DD``), bound to the date slider; ``None``
#: or absent for a scenario of its own.
DATE = "date"
#: ``True`` while the play button steps through the days.
PLAYING = "playing"
#: The link's parameters of the last view the play button drew (a later change is the user's).
PLAYED = "played"
#: ``True`` once the reader asked for what each day took (it takes seconds the first time).
TIMELINE = "timeline"
#: ``True`` when the comparison is shown as a swipe between the two zones.
SWIPE = "swipe"
#: The name of the scenario drawn beside it, or ``None``.
COMPARE = "compare"
#: The inner band's depth in km, bound to its slider.
MIN_KM = "min_km"
#: The whole zone's depth in km, bound to its slider.
MAX_KM = "max_km"
#: ``"opposition"`` or ``"both"``, bound to the side radio.
SIDE = "side"
#: The town picked in the search, or ``None``.
TOWN = "town"
#: What is typed in the town search, bound to its text box.
TOWN_QUERY = "town_query"
#: The page's language (``"en"`` or ``"ar"``), bound to the language switch.
LANG = "lang"
#: The map's zoom, centre and layers the link asked for (:class:`geo.mapview.linkview.MapView`);
#: the map shows them once, then keeps the reader's own in the page's address.
MAP_VIEW = "map_view"
#: Sentences about link parameters that were not used, shown once.
LINK_PROBLEMS = "link_problems"
#: ``(scenario name, ZoneResult)`` of the last zone that was built.
LAST_GOOD = "last_good"
#: The widgets' values of the last view that was drawn, to go back to.
LAST_VIEW = "last_view"
#: Set by a choice that should close the sidebar on a phone.
CLOSE_SIDEBAR = "close_sidebar"
#: The user's flips and added points on the scenario's control points
#: (:class:`geo.inputs.edits.LineEdits`; empty: none); the link's ``edits``.
EDITS = "edits"
#: The session's own line (:class:`ui.lines.OwnLine`) or ``None``: the scenario's line
#: edited, or an uploaded or drawn line, with its grid cache. Only the current one is kept.
OWN_LINE = "own_line"
#: What the map sent that the page has acted on: ``(map key, drawing)`` and a flip's id.
MAP_DRAWING_SEEN = "map_drawing_seen"
MAP_FLIP_SEEN = "map_flip_seen"
#: Sentences about a drawing or flip from the map that was not used, shown once.
MAP_PROBLEMS = "map_problems"

#: ``st.session_state`` (its keys may be str or int), or a dict in tests.
State = MutableMapping[Any, Any]


@dataclass(frozen=True)
class View:
    """What the page shows: a scenario, a zone on it, and the optional comparison and town.

    ``choice`` is what the scenario selectbox holds; for a series of dated lines, ``date``
    is the day, and :attr:`scenario` the name of that day's line.
    """

    choice: str
    spec: ZoneSpec
    compare: str | None
    town: str | None
    date: str | None = None
    lang: Language = "en"
    edits: LineEdits = field(default_factory=LineEdits)

    @property
    def scenario(self) -> str:
        """The name of the scenario drawn: the choice, or the chosen day's line of a series."""
        return _line_name(self.choice, self.date)

    @property
    def side(self) -> Side:
        """The zone's side."""
        return self.spec.side

    def query(self) -> dict[str, str]:
        """Return the link's parameters for this view, as the link reader names them.

        The language is in the link when it is not English (``lang=ar``).
        """
        query = {
            SCENARIO: self.choice,
            **({DATE: self.date} if self.date else {}),
            MIN_KM: f"{self.spec.min_km:g}",
            MAX_KM: f"{self.spec.max_km:g}",
            SIDE: self.spec.side,
        }
        query.update({k: v for k, v in ((COMPARE, self.compare), (TOWN, self.town)) if v})
        if self.edits:
            query[EDITS] = self.edits.encode()
        # English is the default: a link without a language opens in its reader's browser's.
        if self.lang != "en":
            query[LANG] = self.lang
        return query


def start_from_link(state: State, link: LinkState) -> None:
    """Fill a new session's state from a checked link (only once per session).

    Parameters
    ----------
    state
        ``st.session_state``, or any mapping in tests.
    link
        The output of :func:`ui.query.read_link`.
    """
    if MIN_KM in state:
        return
    state.update(
        {
            SCENARIO: link.scenario,
            DATE: link.date,
            COMPARE: link.compare,
            MIN_KM: link.min_km,
            MAX_KM: link.max_km,
            SIDE: link.side,
            TOWN: link.town,
            EDITS: link.edits,
            LANG: link.lang,
            MAP_VIEW: link.view,
            LINK_PROBLEMS: link.problems,
        }
    )


def read_view(state: State) -> View:
    """Return the view the widgets hold now.

    Raises
    ------
    geo.ZoneInputError
        If the depths or side are not a zone (the widgets keep them valid; a test may not).
    """
    spec = ZoneSpec(
        min_km=float(state[MIN_KM]), max_km=float(state[MAX_KM]), side=as_side(state[SIDE])
    )
    lang = state.get(LANG)
    return View(
        choice=str(state[SCENARIO]),
        spec=spec,
        compare=state[COMPARE],
        town=state[TOWN],
        date=state.get(DATE),
        lang=lang if lang in LANGUAGES else "en",
        edits=state.get(EDITS) or LineEdits(),
    )


def scenario_name(state: State) -> str:
    """Return the name of the scenario the state asks for (a series' line of its day)."""
    return _line_name(str(state[SCENARIO]), state.get(DATE))


def _line_name(choice: str, day: str | None) -> str:
    return dated_name(choice, day) if day else choice
