"""Serve the map's JavaScript and CSS from the app itself instead of from CDNs.

Folium points at CDNs; offline, the map would stay blank. The package ``folium-offline``
ships the same files (keyed by their CDN address), and the project ships the plugins it
lacks (:mod:`geo.mapview.vendor`): they are written once into the app's static folder and
every element of a map is pointed at the local copy.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from branca.element import Element

from geo.mapview._folium import children
from geo.mapview.vendor import asset_text

__all__ = ["STATIC_URL", "asset_links", "localize_assets", "publish_script", "vendor_name"]

#: Where Streamlit serves the app's ``static/`` folder (``server.enableStaticServing``).
STATIC_URL = "/app/static"


def vendor_name(url: str) -> str:
    """File name for a CDN address: a short hash (versions differ) and the base name."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    base = PurePosixPath(urlparse(url).path).name or "asset"
    suffix = "" if base.endswith((".js", ".css")) else ".js"
    return f"{digest}-{base}{suffix}"


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in children(element):
        yield from _walk(child)


def _write_once(target: Path, data: bytes) -> None:
    """Write ``target`` unless it is already there; sessions may write it at once.

    Each writer has its own temporary file and renames it into place, so a reader never
    gets half a file and two writers never share one.
    """
    if target.exists() and target.stat().st_size == len(data):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temp).chmod(0o644)  # served to every visitor, as a plain file would be
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def publish_script(text: str, *, static_dir: Path) -> str:
    """Serve a script of the app's own (the map's shared data) from ``static_dir/layers``.

    The file is named by its content, so a browser may cache it for good.

    Returns
    -------
    str
        The script's URL on the app.
    """
    data = text.encode()
    name = f"{hashlib.sha256(data).hexdigest()[:16]}.js"
    _write_once(static_dir / "layers" / name, data)
    return f"{STATIC_URL}/layers/{name}"


def _local_url(url: str, *, static_dir: Path) -> str:
    if not url.startswith(("http://", "https://")):
        return url
    text = asset_text(url)
    name = vendor_name(url)
    _write_once(static_dir / "vendor" / name, text.encode())
    return f"{STATIC_URL}/vendor/{name}"


def localize_assets(root: Element, *, static_dir: Path) -> list[str]:
    """Point every JS/CSS link in a folium element tree at files in ``static_dir/vendor``.

    Parameters
    ----------
    root
        A folium map, feature group or any branca element.
    static_dir
        The app's ``static/`` folder; missing files are written there.

    Returns
    -------
    list of str
        The local URLs in use, in order.

    Raises
    ------
    DataError
        If a link has no offline copy.
    """
    used: list[str] = []
    for element in _walk(root):
        for attribute in ("default_js", "default_css"):
            links = getattr(element, attribute, None)
            if not links:
                continue
            local = [(name, _local_url(url, static_dir=static_dir)) for name, url in links]
            setattr(element, attribute, local)
            used.extend(url for _, url in local)
    return list(dict.fromkeys(used))


def asset_links(root: Element) -> tuple[list[str], list[str]]:
    """List the scripts and the style sheets an element tree asks for, each once, in order.

    Returns
    -------
    tuple of (list of str, list of str)
        Script URLs and style-sheet URLs.
    """
    scripts: list[str] = []
    styles: list[str] = []
    for element in _walk(root):
        scripts.extend(url for _, url in getattr(element, "default_js", None) or ())
        styles.extend(url for _, url in getattr(element, "default_css", None) or ())
    return list(dict.fromkeys(scripts)), list(dict.fromkeys(styles))
