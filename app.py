"""Streamlit page: the approximate Idlib demilitarized zone on a map, with width sliders."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import DataError, ZoneInputError, ZoneSpec, analyze, export_bytes, load_study_data
from geo.analysis import ZoneResult
from geo.assets import localize_assets
from geo.data import StudyData
from geo.export import towns_csv
from geo.mapview import BaseLayers, base_map, prepare_base_layers, zone_layers

st.set_page_config(
    page_title="Idlib demilitarized zone, 2018 (approximate map)", page_icon="🗺️", layout="wide"
)

STATIC_DIR = Path(__file__).parent / "static"
DEFAULT = ZoneSpec()
PRESETS = {
    "Sochi memorandum text (15–20 km)": (15.0, 20.0),
    "Reported 15–25 km": (15.0, 25.0),
}
# Label, file extension, MIME type, and the function that writes the file from a result.
# The files are made when a button is clicked, not on every slider move.
DOWNLOADS = (
    ("GeoJSON (RFC 7946)", "geojson", "application/geo+json", partial(export_bytes, fmt="geojson")),
    ("KML", "kml", "application/vnd.google-earth.kml+xml", partial(export_bytes, fmt="kml")),
    ("GeoPackage", "gpkg", "application/geopackage+sqlite3", partial(export_bytes, fmt="gpkg")),
    ("Towns (CSV)", "csv", "text/csv", towns_csv),
)
SIDE_LABELS = {"opposition": "Opposition side only (memorandum)", "both": "Both sides of the line"}


# ---- cached loaders: data once per server, results once per (widths, side) ----------------
@st.cache_resource(show_spinner=False)
def study_data() -> StudyData:
    return load_study_data()


@st.cache_resource(show_spinner=False)
def base_layers() -> BaseLayers:
    return prepare_base_layers(study_data())


@st.cache_data(show_spinner="Building the zone…", max_entries=128)
def zone_result(min_km: float, max_km: float, side: str) -> ZoneResult:
    return analyze(study_data(), ZoneSpec(min_km=min_km, max_km=max_km, side=side))  # type: ignore[arg-type]


# ---- state: the query string is read once, then kept in step with the widgets -------------
def spec_from_query(params: dict[str, str]) -> ZoneSpec:
    try:
        return ZoneSpec(
            min_km=float(params.get("min_km", DEFAULT.min_km)),
            max_km=float(params.get("max_km", DEFAULT.max_km)),
            side=params.get("side", DEFAULT.side),  # type: ignore[arg-type]
        )
    except ValueError as exc:  # ZoneInputError, or float() of a non-number
        st.session_state["query_error"] = f"The link's zone parameters were not used: {exc}"
        return DEFAULT


if "width_km" not in st.session_state:
    first = spec_from_query(st.query_params.to_dict())
    st.session_state["width_km"] = (first.min_km, min(first.max_km, 50.0))
    st.session_state["side"] = first.side
    if first.max_km > 50.0:
        st.session_state["query_error"] = (
            "The link asked for more than 50 km; the slider stops at 50 km."
        )


def apply_preset(widths: tuple[float, float]) -> None:
    st.session_state["width_km"] = widths


# ---- sidebar -------------------------------------------------------------------------------
with st.sidebar:
    st.header("Zone")
    st.slider(
        "Zone width from the front line (km)",
        min_value=0.0,
        max_value=50.0,
        step=0.5,
        key="width_km",
        help="Left handle: depth of the core band. Right handle: depth of the whole zone.",
    )
    st.radio("Side", options=list(SIDE_LABELS), format_func=SIDE_LABELS.__getitem__, key="side")
    st.caption("Presets")
    for label, widths in PRESETS.items():
        st.button(label, on_click=apply_preset, args=(widths,), width="stretch")

min_km, max_km = st.session_state["width_km"]
side = st.session_state["side"]
st.query_params.from_dict({"min_km": f"{min_km:g}", "max_km": f"{max_km:g}", "side": side})

st.title("Idlib demilitarized zone, September 2018: an approximate map")
st.caption(
    "The Russia–Turkey memorandum of 17 September 2018 set a zone 15–20 km deep inside the "
    "opposition-held Idlib de-escalation area. **No official map was ever published: this map "
    "is an approximation.** See *How this map is made* below."
)
if message := st.session_state.pop("query_error", None):
    st.warning(message)

# ---- compute, keeping the last good result on bad input ------------------------------------
try:
    data = study_data()
except DataError as exc:
    st.error(f"The map data could not be loaded: {exc}")
    st.stop()

result: ZoneResult | None = None
if max_km == 0:
    st.warning(
        "A zone 0 km wide is empty. Widen it with the slider; the last zone stays on the map."
    )
else:
    try:
        result = zone_result(min_km, max_km, side)
    except ZoneInputError as exc:
        st.error(f"This zone cannot be built: {exc}. The last zone stays on the map.")
    except Exception as exc:
        st.error(
            f"Building the zone failed ({type(exc).__name__}). The last zone stays on the map."
        )
if result is not None:
    st.session_state["last_good"] = (min_km, max_km, side)
else:
    result = zone_result(
        *st.session_state.get("last_good", (DEFAULT.min_km, DEFAULT.max_km, DEFAULT.side))
    )
spec = result.spec

# ---- map and numbers -----------------------------------------------------------------------
map_col, numbers_col = st.columns([3, 1], gap="medium")
with map_col:
    fmap = base_map(base_layers())
    layers = zone_layers(result)
    try:
        for element in [fmap, *layers]:
            localize_assets(element, static_dir=STATIC_DIR)
    except DataError as exc:
        st.error(f"The map's scripts are not available offline: {exc}")
    st_folium(
        fmap,
        key="zone_map",
        height=640,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=[],
    )

with numbers_col:
    stats = result.stats
    side_text = "opposition side" if spec.side == "opposition" else "both sides"
    st.subheader(f"{spec.min_km:g}–{spec.max_km:g} km, {side_text}")
    st.metric("Area of the zone", f"{stats.area_km2:,.0f} km²")
    st.caption(f"Core {stats.core_area_km2:,.0f} km² · outer {stats.outer_area_km2:,.0f} km²")
    st.metric("Towns inside", stats.towns_in_zone)
    st.metric("Known population inside", f"{stats.population_in_zone:,}")
    if stats.towns_in_zone_without_population:
        st.caption(
            f"{stats.towns_in_zone_without_population} towns inside have no population figure."
        )
    st.metric("Turkish posts inside", f"{stats.posts_in_zone} of {len(result.posts)}")
    for highway, km in stats.highway_km_in_zone.items():
        st.metric(f"{highway} inside", f"{km:,.1f} km")

    st.subheader("Downloads")
    stem = f"idlib_zone_{spec.min_km:g}-{spec.max_km:g}km_{spec.side}"
    for label, ext, mime, write in DOWNLOADS:
        st.download_button(
            f"Download {label}",
            data=partial(write, result),
            file_name=f"{stem}.{ext}",
            mime=mime,
            on_click="ignore",
            width="stretch",
            key=f"download_{ext}",
        )

# ---- towns table and explanation -----------------------------------------------------------
st.subheader("Towns inside the zone")
inside = pd.DataFrame(result.towns.drop(columns="geometry"))
inside = inside[inside["in_zone"]].sort_values("distance_km")
st.dataframe(
    inside[["name", "governorate", "population", "population_source", "band", "distance_km"]],
    hide_index=True,
    width="stretch",
    column_config={
        "name": "Town",
        "governorate": "Governorate",
        "population": st.column_config.NumberColumn("Population", format="localized"),
        "population_source": "Population source",
        "band": "Band",
        "distance_km": st.column_config.NumberColumn("Distance to front line (km)", format="%.1f"),
    },
)

with st.expander("About the memorandum, and how this map is made", expanded=False):
    st.markdown((Path(__file__).parent / "docs" / "about.md").read_text(encoding="utf-8"))
