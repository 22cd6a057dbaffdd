"""Small helpers for the element trees the PDF step decorates (classes, text and HTML of an element)."""

from __future__ import annotations

from xml.etree import ElementTree

from markupsafe import Markup

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def classes(element: ElementTree.Element) -> list[str]:
    """The element's CSS classes."""
    return element.get("class", "").split()


def add_class(element: ElementTree.Element, name: str) -> None:
    """Add a CSS class to the element."""
    element.set("class", " ".join([*classes(element), name]))


def text_of(element: ElementTree.Element) -> str:
    """The element's text with its whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def remove_keeping_tail(parent: ElementTree.Element, child: ElementTree.Element) -> None:
    """Remove `child` but keep the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def inner_html(element: ElementTree.Element) -> Markup:
    """The serialised content of an element, without the element's own tag."""
    html = ElementTree.tostring(element, encoding="unicode", method="html")
    start = html.index(">") + 1
    end = html.rindex("</")
    return Markup(html[start:end].strip())
