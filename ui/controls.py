"""The zone's own controls, drawn under the map: the two depths and the side.

On a phone the map, these controls and the numbers come one after the other, so a change
shows on the map right above the control; the sidebar keeps the choices made once
(scenario, comparison, presets, a town).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.engine.zone import MAX_WIDTH_KM
from geo.i18n import N_, Language, translator
from geo.results.grid import STEP_KM
from ui.state import MAX_KM, MIN_KM, SIDE

__all__ = ["SIDE_LABELS", "depth_controls"]

#: The side's labels in English (translated where shown).
SIDE_LABELS = {
    "opposition": N_("Opposition side (memorandum)"),
    "both": N_("Both sides of the line"),
}


def _min_changed() -> None:
    # The inner band cannot be deeper than the zone: the zone follows it.
    state = st.session_state
    if state[MIN_KM] > state[MAX_KM]:
        state[MAX_KM] = state[MIN_KM]


def _max_changed() -> None:
    state = st.session_state
    if state[MAX_KM] < state[MIN_KM]:
        state[MIN_KM] = state[MAX_KM]


def depth_controls(sides: Sequence[str], *, lang: Language) -> None:
    """Draw the two depth sliders and the side in one row, where the caller puts them.

    The page calls this inside its map fragment, under the map: a step reruns the
    fragment only.

    Parameters
    ----------
    sides
        The sides the scenario allows.
    lang
        The page's language.
    """
    _ = translator(lang).gettext
    *sliders, side = st.columns([4, 4, 5])
    for column, (label, key, changed, explained) in zip(
        sliders,
        (
            (
                _("Inner band: to … km"),
                MIN_KM,
                _min_changed,
                _("How far from the front line the inner band reaches."),
            ),
            (
                _("Whole zone: to … km"),
                MAX_KM,
                _max_changed,
                _("How far from the front line the whole zone reaches."),
            ),
        ),
        strict=True,
    ):
        column.slider(
            label,
            help=explained,
            min_value=0.0,
            max_value=MAX_WIDTH_KM,
            step=STEP_KM,
            format=_("%g km"),
            key=key,
            on_change=changed,
        )
    side.radio(
        _("Side of the line"),
        options=list(sides),
        format_func=lambda name: _(SIDE_LABELS[name]),
        key=SIDE,
    )
