"""The look of the map, the exports and the page in one place: colours, names, opacities."""

from __future__ import annotations

import pandas as pd

from geo.i18n import N_, Language, format_number, translator

__all__ = [
    "BAND_ALPHA",
    "BAND_LABELS",
    "BASE_NAMES",
    "COLORS",
    "DASHES",
    "LAYER_NAMES",
    "LEGEND_OPACITY",
    "MAP_OPACITY",
    "PRINT_COLORS",
    "format_population",
]

#: Map colours; the legend, the layers and the exports use the same ones.
COLORS = {
    "core": "#b2182b",
    "outer": "#f4a582",
    "frontline": "#1a1a1a",
    "opposition_area": "#1b7837",
    "turkish_area": "#8c8c8c",
    "uncertainty": "#7b3294",
    "highway": "#2166ac",
    "post": "#542788",
    "town": "#4d4d4d",
    "borderline": "#f1a340",
    "syria": "#f7f4ea",
    "turkey": "#e0e0e0",
    "government": "#d6604d",
    "opposition": "#1b7837",
    "turkish": "#35978f",
    "sdf": "#fee08b",
    "compare": "#c51b7d",
    "changed_certain": "#67001f",
    "changed_uncertain": "#f4a582",
}
#: Dash patterns of the lines that must not be taken for one another.
DASHES = {"opposition_area": "6 4", "compare": "12 4 2 4", "compare_line": "2 6"}
#: Overlay names: stable across widths, so the page can keep the user's layer choices; the
#: keys are the link's names for them (``layers=-towns``).
#: English; translated where shown.
LAYER_NAMES = {
    "core": N_("Zone: inner band"),
    "outer": N_("Zone: outer band"),
    "towns": N_("Towns"),
    "posts": N_("Turkish observation posts"),
    "control_points": N_("How the line was derived: control points"),
    "uncertainty": N_("Line known to within ± x km (uncertainty)"),
    "turkish_areas": N_("Turkish-held areas (outside the zone)"),
    "opposition_area": N_("Opposition-held area"),
    "highways": N_("M4 and M5 highways (schematic)"),
    "frontline": N_("The line the zone follows (derived)"),
    "changed": N_("Changed hands (certain / within the lines' uncertainty)"),
}
#: The backgrounds, one at a time (radio buttons): the offline base first and by default.
#: The keys are the link's names for them (``layers=satellite``). English; translated where
#: shown.
BASE_NAMES = {
    "offline": N_("Offline base: Syria and Turkey (Natural Earth)"),
    "osm": N_("OpenStreetMap (online)"),
    "topo": N_("OpenTopoMap (online)"),
    "satellite": N_("Satellite (Esri, online)"),
}
#: English; translated where shown.
BAND_LABELS = {"core": N_("inner band"), "outer": N_("outer band")}
#: Fill opacities on the page's map (and of the bands in KML, so they look the same).
MAP_OPACITY = {"core": 0.45, "outer": 0.4, "turkish_area": 0.3, "uncertainty": 0.15}
#: The legend's swatches: small, so drawn denser than the layers they stand for.
LEGEND_OPACITY = {"core": 0.75, "outer": 0.8, "uncertainty": 0.25, "turkish_area": 0.5}
#: Fill opacity of the zone's bands on the print map, over the opaque country fills.
BAND_ALPHA = {"core": 0.45, "outer": 0.55}
#: The print map's sea and border lines.
PRINT_COLORS = {"sea": "#dce9f2", "border": "#555555"}


def format_population(
    population: object, *, year: object = None, source: object = None, lang: Language = "en"
) -> str:
    """Write a population as a whole number with its year and source, or say it is unknown."""
    if population is None or pd.isna(population):  # type: ignore[call-overload]
        return translator(lang).gettext("no figure")
    text = format_number(int(population), lang)  # type: ignore[call-overload]
    details = [
        str(int(v)) if isinstance(v, float | int) else str(v)
        for v in (year, source)
        if v is not None and not pd.isna(v) and v != ""  # type: ignore[call-overload]
    ]
    joined = translator(lang).gettext(", ").join(details)
    return f"{text} ({joined})" if details else text
