"""The session state: one name per key, from the link to the zone."""

from __future__ import annotations

import pytest

from geo import ZoneInputError
from geo.inputs.scenario import load_scenarios
from ui import state
from ui.query import read_link


def test_a_link_reaches_the_zone_with_the_same_names():
    link = read_link(
        {"min_km": "10", "max_km": "25", "side": "both", "town": "Saraqib"},
        towns=["Saraqib"],
        scenarios=load_scenarios().scenarios,
    )
    session: dict[str, object] = {}
    state.start_from_link(session, link)
    view = state.read_view(session)
    assert (view.spec.min_km, view.spec.max_km, view.side) == (10.0, 25.0, "both")
    assert view.query() == {
        "scenario": "sochi-2018",
        "min_km": "10",
        "max_km": "25",
        "side": "both",
        "town": "Saraqib",
    }
    # The link is read once: a second call keeps what the widgets changed since.
    session[state.MIN_KM] = 12.5
    state.start_from_link(session, link)
    assert state.read_view(session).spec.min_km == 12.5


def test_a_side_that_is_not_a_side_is_refused():
    session = {
        state.SCENARIO: "sochi-2018",
        state.COMPARE: None,
        state.MIN_KM: 15.0,
        state.MAX_KM: 20.0,
        state.SIDE: "scenario/both",
        state.TOWN: None,
    }
    with pytest.raises(ZoneInputError, match="'side' should be one of opposition, both"):
        state.read_view(session)
