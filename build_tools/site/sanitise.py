"""A second line of defence on the site: every page body must pass a sanitiser (nh3) unchanged.

The first line is the renderer's allowlist (`markdown_html`). Here the finished body of each page (with
the build's own markup: tables for writing, glossary rows, the lines under headings) goes through nh3
with the allowlist of everything the build writes. If nh3 would remove or change anything, the build
stops: something reached the page that neither the author's allowlist nor the build's markup explains.
The page is published as the build wrote it, never as nh3 rewrote it, so the site's bytes stay the same.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3

TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "colgroup", "col", "div", "span", "strong", "em", "code", "pre", "blockquote", "hr", "br", "wbr", "img",
    "sup", "sub", "kbd", "mark", "small", "abbr",
    "figure", "figcaption", "svg", "g", "rect", "circle", "ellipse", "line", "polygon", "text", "title", "desc",
})
"""The author's constructs (README) and the build's own markup."""
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "th": {"style", "scope"},
    "td": {"style"},
    "col": {"style"},
    "svg": {"viewBox", "role", "aria-labelledby"},  # diagrams (parts/diagram_svg.py): shapes and text only
    "rect": {"x", "y", "width", "height", "rx", "fill"},
    "circle": {"cx", "cy", "r", "fill", "stroke", "stroke-width"},
    "ellipse": {"cx", "cy", "rx", "ry", "fill"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width"},
    "polygon": {"points", "fill"},
    "text": {"x", "y", "font-size", "font-weight", "fill", "text-anchor"},
}
STYLE_PROPERTIES = frozenset({"text-align", "width"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def unsafe_changes(html: str) -> list[str]:
    """What nh3 would remove or change in a page body (empty when the body passes unchanged)."""
    cleaned = nh3.clean(html, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                        url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
                        generic_attribute_prefixes={"data-"}, filter_style_properties=set(STYLE_PROPERTIES))
    before, after = _events(html), _events(cleaned)
    if before == after:
        return []
    for index, (was, now) in enumerate(zip(before, after, strict=False)):
        if was != now:
            return [f"{_shown(was)} would become {_shown(now)} (item {index + 1} of the page body)"]
    shorter = len(after)
    return [f"{_shown(before[shorter]) if len(before) > shorter else 'the end'} would be removed"]


def _shown(event: tuple[str, ...]) -> str:
    text = " ".join(part for part in event[1:] if part)
    return f"{event[0]} {text[:120]!r}"


class _Events(HTMLParser):
    """A page body as a list of (kind, name or text, attributes), serialisation differences removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = []
        for name, value in sorted(attrs):
            value = value or ""
            if name == "style":
                value = value.replace(" ", "").rstrip(";")
            shown.append(f"{name}={value}")
        self.events.append(("start", tag, " ".join(shown)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))


def _events(html: str) -> list[tuple[str, ...]]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return [event for event in parser.events if not (event[0] == "text" and not event[1].strip())]
