"""Naive reference for ``make bench``: the whole map rebuilt and re-sent on every rerun.

The same layers as the project's page, made by the same functions of ``geo``, but all
put into one ``folium.Map`` that ``st_folium`` receives whole (no
``feature_group_to_add``): each new width changes the map's script, so the map's iframe
is mounted anew and Leaflet draws everything again. Only the sliders and the map: the
page's numbers, table and downloads are left out, so this is the least the naive pattern
costs on this page.

Its offline scripts are served as the page's are (:func:`ui.zonemap.serve_files`).
"""

import streamlit as st
from streamlit_folium import st_folium

from geo import ZoneSpec, analyze, load_study_data
from geo.inputs.layers import StudyData
from geo.mapview.assets import localize_assets
from geo.mapview.basedata import BaseLayers, prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.layers import zone_layers
from geo.mapview.view import ViewControl
from geo.results.analysis import ZoneResult
from ui.zonemap import serve_files

st.set_page_config(page_title="Naive reference: the whole map on every rerun", layout="wide")


@st.cache_resource(show_spinner=False)
def study_data() -> StudyData:
    return load_study_data()


@st.cache_resource(show_spinner=False)
def base_layers() -> BaseLayers:
    return prepare_base_layers(study_data())


@st.cache_data(show_spinner=False, max_entries=256)
def zone_result(min_km: float, max_km: float, side: str) -> ZoneResult:
    return analyze(study_data(), ZoneSpec(min_km=min_km, max_km=max_km, side=side))  # type: ignore[arg-type]


with st.sidebar:
    min_km = st.slider("Inner band: from the line to … km", 0.0, 100.0, 15.0, 0.5, format="%g km")
    max_km = st.slider("Whole zone: from the line to … km", 0.0, 100.0, 20.0, 0.5, format="%g km")
min_km, max_km, side = min(min_km, max_km), max_km, "opposition"
st.query_params.from_dict({"min_km": f"{min_km:g}", "max_km": f"{max_km:g}", "side": side})

result = zone_result(min_km, max_km, side)
fmap = base_map(base_layers())
for layer in zone_layers(result):
    layer.add_to(fmap)
ViewControl(side=side, bounds=result.zone.total_bounds).add_to(fmap)
localize_assets(fmap, store=serve_files())
st_folium(fmap, key="zone_map", height=600, use_container_width=True, returned_objects=[])
