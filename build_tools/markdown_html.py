"""The one Markdown → HTML conversion, configured exactly like the site's `markdown_extensions`.

Named `markdown_html` (not `markdown`) so that MkDocs' hook loader, which puts this folder on
sys.path, cannot shadow the Markdown library.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import markdown

from build_tools.model import Course


class MarkdownConverter:
    """Renders Markdown fragments the way MkDocs renders pages (same extensions and options)."""

    def __init__(self, course: Course):
        self._markdown = markdown.Markdown(
            extensions=list(course.markdown_extensions), extension_configs=dict(course.extension_configs)
        )

    def to_html(self, text: str) -> str:
        """HTML of a Markdown fragment; state (toc, footnotes) is reset between calls."""
        self._markdown.reset()
        return self._markdown.convert(text)

    def to_element(self, text: str) -> ElementTree.Element:
        """The fragment's HTML as an element tree under a `<div>`, for renderers that walk structure."""
        html = self.to_html(text)
        return ElementTree.fromstring(f"<div>{_xml_safe(html)}</div>")


def _xml_safe(html: str) -> str:
    """Python-Markdown emits HTML, not XML: close void tags and escape bare entities it may produce."""

    html = re.sub(r"<(br|hr|img|input|meta|link)(\s[^<>]*?)?\s*/?>", lambda m: f"<{m[1]}{m[2] or ''} />", html)
    html = re.sub(r"&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)", "&amp;", html)
    html = re.sub(
        r"&(nbsp|ndash|mdash|hellip|laquo|raquo|ldquo|rdquo|lsquo|rsquo|copy|para);",
        lambda m: {
            "nbsp": "&#160;",
            "ndash": "&#8211;",
            "mdash": "&#8212;",
            "hellip": "&#8230;",
            "laquo": "&#171;",
            "raquo": "&#187;",
            "ldquo": "&#8220;",
            "rdquo": "&#8221;",
            "lsquo": "&#8216;",
            "rsquo": "&#8217;",
            "copy": "&#169;",
            "para": "&#182;",
        }[m[1]],
        html,
    )
    return html
