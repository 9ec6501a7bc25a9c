"""One self-contained HTML file of the map: every script, style and layer inlined.

A journalist can email it or open it in the field: it needs no network. Tiles still show
when a network is there; without one, the offline vector base is drawn.
"""

from __future__ import annotations

import html
import re

from branca.element import Element

from geo._errors import DataError
from geo.i18n import Language, check_language, is_rtl, translator
from geo.inputs.layers import StudyData
from geo.mapview._text import static_text
from geo.mapview.basedata import prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.layers import zone_layers
from geo.mapview.vendor import asset_text
from geo.mapview.view import ViewControl
from geo.outputs.captions import (
    data_text,
    depth_text,
    key_number_lines,
    line_source_text,
    line_title,
    origin_text,
    zone_phrase,
)
from geo.results.analysis import ZoneResult

__all__ = ["standalone_html"]

_SCRIPT = re.compile(r'<script src="(https?://[^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"\s*/?>')


def _inline_script(match: re.Match[str]) -> str:
    # "</script" inside the code would end the element early.
    return "<script>" + asset_text(match.group(1)).replace("</script", "<\\/script") + "</script>"


def _inline_style(match: re.Match[str]) -> str:
    return "<style>" + asset_text(match.group(1)).replace("</style", "<\\/style") + "</style>"


#: The caption's look: a box at the top, in the middle, between the map's controls. It
#: starts folded on screens narrower than 900 px, where it would hide the zone.
_CAPTION_STYLE = "<style>" + static_text("caption.css") + "</style>"
_CAPTION_SCRIPT = "<script>" + static_text("caption.js") + "</script>"


def page_title(result: ZoneResult, *, lang: Language = "en") -> str:
    """Return the file's title: the scenario, the zone's depth, and that it is approximate."""
    _ = translator(lang).gettext
    return _("{title}: zone {depth} (approximate map)").format(
        title=line_title(result.line_source, lang), depth=depth_text(result, lang=lang)
    )


def _caption(result: ZoneResult, lang: Language) -> str:
    """Say the scenario, the zone, its key numbers and its source, as escaped HTML.

    In Arabic the caption is written right to left (``dir="rtl"``).
    """
    _ = translator(lang).gettext
    line = result.line_source
    origin = _("Line from: {origin}.").format(origin=origin_text(line, lang=lang))
    phrase = zone_phrase(result, lang=lang)
    numbers = "<br>".join(html.escape(text.strip()) for text in key_number_lines(result, lang=lang))
    source = _("Source: {source}.").format(source=line_source_text(line, lang))
    caveat = _("No official map of the zone was ever published.")
    direction = "rtl" if is_rtl(lang) else "ltr"
    return (
        f'<details class="idlib-caption" dir="{direction}" lang="{lang}" open>'
        f"<summary>{html.escape(line_title(line, lang))}</summary>"
        f"<p>{html.escape(phrase[0].upper() + phrase[1:])}.</p>"
        f"<p>{html.escape(_('Line: {line}.').format(line=data_text(result.line_name, lang)))}</p>"
        f"<p>{html.escape(origin)}</p>"
        f"<p>{numbers}</p>"
        f'<p class="source">{html.escape(source)} {html.escape(caveat)}</p></details>'
    )


def standalone_html(result: ZoneResult, data: StudyData, *, lang: Language = "en") -> bytes:
    """Render the zone's map, with the page's layers, legend and popups, as one HTML file.

    Its title and a caption over the map say the scenario, the zone's depth and line,
    its key numbers and its source.

    Parameters
    ----------
    result
        The output of :func:`geo.results.analysis.analyze`.
    data
        The study data the result was built on (its line, areas and control points).
    lang
        The language of every word of the file (``en`` or ``ar``): title, caption, layer
        names, legend, tooltips and popups, as on the page.

    Raises
    ------
    DataError
        If a script or style has no offline copy.
    """
    fmap = base_map(prepare_base_layers(data, lang=lang), lang=lang)
    for group in zone_layers(result, lang=lang):
        group.add_to(fmap)
    bounds = tuple(float(v) for v in result.zone.total_bounds)
    ViewControl(side=result.spec.side, bounds=bounds, focus=None).add_to(fmap)  # type: ignore[arg-type]
    root = fmap.get_root()
    # branca writes the title into <title> as it is.
    root.title = html.escape(page_title(result, lang=lang))  # type: ignore[attr-defined]
    root.header.add_child(Element(_CAPTION_STYLE), name="idlib_caption_css")  # type: ignore[attr-defined]
    caption = Element(_caption(result, check_language(lang)) + _CAPTION_SCRIPT)
    root.html.add_child(caption, name="idlib_caption")  # type: ignore[attr-defined]
    # The language of the page; it stays left to right around the map (its caption is RTL).
    page = root.render().replace("<html>", f'<html lang="{lang}">', 1)
    page = _SCRIPT.sub(_inline_script, page)
    page = _STYLE.sub(_inline_style, page)
    leftover = re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', page)
    if leftover:
        msg = f"the map still links to the network: {leftover.group(0)[:80]}"
        raise DataError(msg)
    return page.encode()
