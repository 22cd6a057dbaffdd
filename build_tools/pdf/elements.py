"""Small helpers for the element trees the PDF step decorates (classes and text of an HTML element)."""

from __future__ import annotations

from xml.etree import ElementTree


def classes(element: ElementTree.Element) -> list[str]:
    """The element's CSS classes."""
    return element.get("class", "").split()


def add_class(element: ElementTree.Element, name: str) -> None:
    """Add a CSS class to the element."""
    element.set("class", " ".join([*classes(element), name]))


def text_of(element: ElementTree.Element) -> str:
    """The element's text with its whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())
