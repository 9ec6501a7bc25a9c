"""Serve the map's JavaScript and CSS from the app itself instead of from CDNs.

Folium points at CDNs; offline, the map would stay blank. The package ``folium-offline``
ships the same files (keyed by their CDN address), and the project ships the plugins it
lacks (:mod:`geo.mapview.vendor`): they are written into a folder the
app serves (:class:`FileStore`), outside the checkout, and every element of a map is
pointed at the local copy. Every file is named by its content, so a browser may keep it
for good, and a file that is there with other content is written again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import platformdirs
from branca.element import Element

from geo._errors import DataError
from geo.mapview._folium import children
from geo.mapview.vendor import asset_text

__all__ = [
    "CACHE_DIR_ENV",
    "FileStore",
    "asset_links",
    "bundle_scripts",
    "cache_dir",
    "localize_assets",
    "publish_script",
]

#: Names the folder the page publishes its files into (default: the user's cache folder).
CACHE_DIR_ENV = "IDLIB_ZONE_CACHE_DIR"
#: The folder of the vendored libraries in a :class:`FileStore`.
VENDOR = "vendor"


def cache_dir() -> Path:
    """Return the folder the page publishes into: ``$IDLIB_ZONE_CACHE_DIR`` or the user's cache."""
    configured = os.environ.get(CACHE_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir("idlib-zone", appauthor=False))


@dataclass(frozen=True)
class FileStore:
    """A folder of files and the URL the app serves it at.

    Parameters
    ----------
    path
        The folder; missing files are written into it.
    url
        Its address on the page, without a trailing slash.
    """

    path: Path
    url: str

    def url_of(self, folder: str, name: str) -> str:
        """Return the URL ``folder/name`` is served at (written or not yet)."""
        return f"{self.url}/{folder}/{name}"

    def publish(self, folder: str, name: str, data: bytes) -> str:
        """Write ``data`` as ``folder/name`` unless it is there already, and return its URL."""
        _write_once(self.path / folder / name, data)
        return self.url_of(folder, name)


def _content_name(data: bytes, base: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()[:16]}-{base}"


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in children(element):
        yield from _walk(child)


def _write_once(target: Path, data: bytes) -> None:
    """Write ``target`` unless it holds ``data`` already; sessions may write it at once.

    A file there with other content (a partial copy, or one changed by hand) is replaced.
    Each writer has its own temporary file and renames it into place, so a reader never
    gets half a file and two writers never share one.

    Raises
    ------
    DataError
        If the folder cannot be written.
    """
    try:
        if target.is_file() and target.read_bytes() == data:
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
    except OSError as exc:
        msg = f"cannot write the map's file {target} ({exc.strerror}); set {CACHE_DIR_ENV}"
        raise DataError(msg) from exc


def publish_script(text: str, *, store: FileStore) -> str:
    """Serve a script of the app's own (the map's shared data) from ``store``'s ``layers/``.

    Returns
    -------
    str
        The script's URL on the app.
    """
    data = text.encode()
    return store.publish("layers", _content_name(data, "layers.js"), data)


def _local_url(url: str, *, store: FileStore) -> str:
    if not url.startswith(("http://", "https://")):
        return url
    data = asset_text(url).encode()
    base = PurePosixPath(urlparse(url).path).name or "asset"
    suffix = "" if base.endswith((".js", ".css")) else ".js"
    return store.publish(VENDOR, _content_name(data, base + suffix), data)


def localize_assets(root: Element, *, store: FileStore) -> list[str]:
    """Point every JS/CSS link in a folium element tree at files in ``store``'s ``vendor/``.

    Parameters
    ----------
    root
        A folium map, feature group or any branca element.
    store
        Where the files are written and served from.

    Returns
    -------
    list of str
        The local URLs in use, in order.

    Raises
    ------
    DataError
        If a link has no offline copy, or the store cannot be written.
    """
    used: list[str] = []
    for element in _walk(root):
        for attribute in ("default_js", "default_css"):
            links = getattr(element, attribute, None)
            if not links:
                continue
            local = [(name, _local_url(url, store=store)) for name, url in links]
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


def bundle_scripts(urls: list[str], *, store: FileStore) -> list[str]:
    """Serve the vendored libraries among ``urls`` as one file, ahead of the page's own scripts.

    streamlit-folium loads a map's scripts one after the other, each waiting for the last:
    eight round trips before the map is drawn. The libraries (Leaflet and its plugins,
    the same for every map) go into one content-named file, in their order, followed by
    the other scripts (the map's data and its own script, which need them) in theirs.

    Parameters
    ----------
    urls
        Script URLs as :func:`asset_links` lists them, from ``store``.
    store
        Where the scripts were published (:func:`localize_assets`, :func:`publish_script`).

    Raises
    ------
    DataError
        If a library cannot be read, or the bundle cannot be written.
    """
    prefix = f"{store.url}/{VENDOR}/"
    libraries = [url for url in urls if url.startswith(prefix)]
    if len(libraries) < 2:
        return list(urls)
    parts = []
    for url in libraries:
        path = store.path / VENDOR / url.removeprefix(prefix)
        try:
            parts.append(path.read_bytes())
        except OSError as exc:
            msg = f"cannot read the map's file {path} ({exc.strerror}); set {CACHE_DIR_ENV}"
            raise DataError(msg) from exc
    # ";" first and between: no file's "use strict" applies to the next, none runs into it.
    data = b";\n" + b"\n;\n".join(parts) + b"\n"
    bundle = store.publish(VENDOR, _content_name(data, "libraries.js"), data)
    return [bundle, *(url for url in urls if not url.startswith(prefix))]
