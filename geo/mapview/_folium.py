"""The one place that reaches into folium's and branca's private parts (folium 0.20, branca 0.8).

``pyproject.toml`` pins ``folium>=0.20,<0.21``; ``tests/test_adapters.py`` checks each
function here against what folium does through its public API, so a new release that
changes them fails a test, not the page.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Environment

__all__ = ["SUPPORTED", "Macro", "children", "layer_control_then", "parent_name", "render_script"]

#: The folium releases this module was read from (as pinned in ``pyproject.toml``).
SUPPORTED = ">=0.20,<0.21"


def parent_name(element: Element) -> str:
    """Return the JavaScript name of the element ``element`` was added to (its map, say)."""
    parent = element._parent
    if parent is None:
        msg = f"{element.get_name()} must be added to a map before it is rendered"
        raise TypeError(msg)
    name: str = parent.get_name()
    return name


def children(element: Element) -> list[Element]:
    """Return the elements added to ``element``, in order."""
    return list(getattr(element, "_children", {}).values())


def render_script(element: MacroElement, **kwargs: Any) -> str:
    """Render an element's ``script`` macro alone, as branca does inside a figure."""
    text: str = element._template.module.script(element, kwargs)
    return text


class Macro(MacroElement):
    """A branca element with a script template; in it, ``this.map_name`` is its parent's name.

    Parameters
    ----------
    name
        The prefix of the element's JavaScript name (branca's default: ``macro_element``).
    """

    def __init__(self, name: str | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        if name is not None:
            self._name = name

    @property
    def map_name(self) -> str:
        """The JavaScript name of the element this one was added to."""
        return parent_name(self)


def layer_control_then(after: str) -> Any:
    """Make a template for a ``folium.LayerControl`` subclass: folium's own script, then more.

    Parameters
    ----------
    after
        Jinja source run after the control is made, with ``this`` the control (its layers
        are ``{{ this.get_name() }}_layers``).
    """
    environment = Environment(autoescape=False)  # noqa: S701 - JavaScript, not HTML
    environment.globals["layer_control_script"] = folium.LayerControl._template.module.script
    return environment.from_string(
        "{% macro script(this, kwargs) %}\n{{ layer_control_script(this, kwargs) }}\n"
        + after
        + "{% endmacro %}\n"
    )
