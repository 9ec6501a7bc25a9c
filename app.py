"""Streamlit page: the approximate Idlib demilitarized zone on a map, with depth sliders."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from geo import DataError
from geo.i18n import Language, translator
from geo.mapview.basedata import town_spellings
from geo.outputs.captions import data_text
from ui import loaders, state
from ui.lang import browser_language, language_switch, page_direction
from ui.ownline import line_controls
from ui.page_style import page_style
from ui.query import link_language, read_link
from ui.recovery import keep_a_drawable_scenario, report_broken_files
from ui.sidebar import close_sidebar_on_phones, scenario_controls, town_control
from ui.text import plain
from ui.zoneview import zone_view

ROOT = Path(__file__).parent
log = logging.getLogger("idlib_zone")

# ---- the language: the switch's, or on a first visit the link's, else the browser's -------
browser = browser_language(st.context.locale, st.context.headers)
lang: Language = st.session_state.get(state.LANG) or link_language(st.query_params, browser)
_ = translator(lang).gettext
st.set_page_config(
    page_title=_("Idlib demilitarized zone, 2018 (approximate map)"),
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",
)

# ---- data: without it there is no map, only one message ------------------------------------
try:
    all_scenarios = loaders.scenarios()
    base = loaders.base_study_data()
    if not all_scenarios:
        raise DataError("every scenario file is broken (listed in the server log)")
    loaders.file_store()  # outside the checkout: the page writes nothing into it
except DataError as exc:
    log.exception("the map data or its file folder is not available")
    page_direction(lang)
    st.error(
        _("The map data could not be loaded, so no map is shown. {reason}").format(
            reason=plain(exc)
        )
    )
    st.stop()

town_names = base.towns["name"].tolist()
town_spelled = dict(zip(town_names, town_spellings(base.towns, lang=lang), strict=True))

# ---- state: the link is read once, checked parameter by parameter --------------------------
if state.MIN_KM not in st.session_state:
    link = read_link(
        st.query_params.to_dict(), towns=town_names, scenarios=all_scenarios, browser=browser
    )
    state.start_from_link(st.session_state, link)
keep_a_drawable_scenario(all_scenarios, lang=lang)
report_broken_files(lang=lang)

# ---- the page: the choices in the sidebar, then the map and what it holds ------------------
page_direction(lang)
scenario_controls(all_scenarios, lang=lang)
scenario = all_scenarios[state.scenario_name(st.session_state)]
line_controls(scenario, lang=lang)
page_style()
title_col, switch_col = st.columns([7, 2], vertical_alignment="center")
title = "Line of contact over time" if scenario.series else data_text(scenario.title, lang)
title_col.markdown("**" + _("{title}: an approximate map").format(title=plain(title)) + "**")
with switch_col:
    language_switch(lang)
how = (
    _(
        "No official map of the zone was ever published: every boundary here is an "
        "approximation, the road is drawn through sourced town centres (see below)."
    )
    if scenario.line.kind == "road"
    else _(
        "No official map of the zone was ever published: every boundary here is an "
        "approximation, derived from sourced towns' control (see below)."
    )
)
st.caption(plain(data_text(scenario.notes, lang)) + " " + how)
for problem in st.session_state.pop(state.LINK_PROBLEMS, []):
    st.warning(problem, icon="🔗")

zone_view(all_scenarios, town_names, lang)
town_control(town_spelled, lang=lang)
close_sidebar_on_phones()

with st.expander(_("About the memorandum, and how this map is made"), expanded=False):
    about = "about.ar.md" if lang == "ar" else "about.md"
    st.markdown((ROOT / "docs" / about).read_text(encoding="utf-8"))

# The page is out: the rest of the scenario's grid, in the background.
loaders.warm_grid(scenario.name)
