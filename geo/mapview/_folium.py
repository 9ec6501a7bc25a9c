"""The one place that reaches into folium's and branca's private parts (folium 0.20, branca 0.8).

``pyproject.toml`` pins ``folium>=0.20,<0.21``; ``tests/test_adapters.py`` checks each
function here against what folium does through its public API, so a new release that
changes them fails a test, not the page.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from folium.map import Layer
from jinja2 import Environment

__all__ = [
    "SUPPORTED",
    "Macro",
    "PlainText",
    "children",
    "layer_control_then",
    "parent_name",
    "plain_text",
    "render_layer",
    "render_script",
]

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


class PlainText(Element):
    """Text that is already rendered: branca would compile it as a template once more."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


#: What Jinja reads in a template's text: markup, and line ends it rewrites.
_JINJA_MARKS = ("{{", "{%", "{#", "\r")


def plain_text(text: str) -> Element:
    """Return an element that renders as branca's ``Element(text)``, without compiling ``text``.

    branca adds each rendered macro of an element to the figure as ``Element(output)``,
    which compiles the output as a new Jinja template: most of the time a layer takes to
    render. A text without Jinja markup renders to itself, less one trailing newline
    (Jinja's ``keep_trailing_newline=False``); one with markup is left to branca.
    """
    if any(mark in text for mark in _JINJA_MARKS):
        return Element(text)
    return PlainText(text.removesuffix("\n"))


def _render_macros(element: MacroElement, **kwargs: Any) -> None:
    """Render as ``MacroElement.render`` does, each output added through :func:`plain_text`."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        msg = f"{element.get_name()} must be in a figure before it is rendered"
        raise TypeError(msg)
    macros = element._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            text = plain_text(macro(element, kwargs))
            getattr(figure, part).add_child(text, name=element.get_name())
    for child in children(element):
        if isinstance(child, MacroElement) and type(child).render is MacroElement.render:
            _render_macros(child, **kwargs)
        else:
            child.render(**kwargs)


def render_layer(layer: Layer, **kwargs: Any) -> None:
    """Render a layer as ``folium.map.Layer.render`` does, without compiling its outputs again.

    A layer class of this project calls it from its ``render``; the figure gets the same
    text (``tests/test_adapters.py`` compares whole pages).
    """
    if layer.show:
        add = ElementAddToElement(
            element_name=layer.get_name(), element_parent_name=parent_name(layer)
        )
        layer.add_child(add, name=layer.get_name() + "_add")
    _render_macros(layer, **kwargs)
