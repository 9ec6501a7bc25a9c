"""Read the map's CSS, JavaScript and script templates shipped in ``geo/mapview/static/``."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Template

__all__ = ["script_template", "static_text"]


@cache
def static_text(name: str) -> str:
    """Return the text of ``geo/mapview/static/<name>`` (package data)."""
    return (files("geo.mapview") / "static" / name).read_text(encoding="utf-8")


def script_template(name: str) -> Template:
    """Make a branca element template whose ``script`` macro is the Jinja file ``name``."""
    source = "{% macro script(this, kwargs) %}\n" + static_text(name) + "{% endmacro %}\n"
    template: Template = Template(source)
    return template
