"""One self-contained HTML file of the map: every script, style and layer inlined.

A journalist can email it or open it in the field: it needs no network. Tiles still show
when a network is there; without one, the offline vector base is drawn.
"""

from __future__ import annotations

import re

from geo._errors import DataError
from geo.inputs.layers import StudyData
from geo.mapview._offline import offline_text
from geo.mapview.basedata import prepare_base_layers
from geo.mapview.basemap import base_map
from geo.mapview.layers import zone_layers
from geo.mapview.view import ViewControl
from geo.results.analysis import ZoneResult

__all__ = ["standalone_html"]

_SCRIPT = re.compile(r'<script src="(https?://[^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"\s*/?>')


def _inline_script(match: re.Match[str]) -> str:
    # "</script" inside the code would end the element early.
    return "<script>" + offline_text(match.group(1)).replace("</script", "<\\/script") + "</script>"


def _inline_style(match: re.Match[str]) -> str:
    return "<style>" + offline_text(match.group(1)).replace("</style", "<\\/style") + "</style>"


def standalone_html(result: ZoneResult, data: StudyData) -> bytes:
    """Render the zone's map, with the page's layers, legend and popups, as one HTML file.

    Parameters
    ----------
    result
        The output of :func:`geo.results.analysis.analyze`.
    data
        The study data the result was built on (its line, areas and control points).

    Raises
    ------
    DataError
        If a script or style has no offline copy.
    """
    fmap = base_map(prepare_base_layers(data))
    for group in zone_layers(result):
        group.add_to(fmap)
    bounds = tuple(float(v) for v in result.zone.total_bounds)
    ViewControl(side=result.spec.side, bounds=bounds, focus=None).add_to(fmap)  # type: ignore[arg-type]
    page = fmap.get_root().render()
    page = _SCRIPT.sub(_inline_script, page)
    page = _STYLE.sub(_inline_style, page)
    leftover = re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', page)
    if leftover:
        msg = f"the map still links to the network: {leftover.group(0)[:80]}"
        raise DataError(msg)
    return page.encode()
