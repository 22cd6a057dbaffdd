"""The Content-Security-Policy written into every site page: what the page may run and load.

Defence in depth behind the renderer's allowlist and the sanitiser: if markup that runs script reached a
page anyway (an event handler, an inline `<script>`, a `javascript:` link), the browser refuses to run it.

The policy is a `<meta http-equiv>` in the page itself, so it also holds for the classroom zip opened from
disk, where no server sends headers. Scripts, styles, images, fonts, frames and connections may come from the
site itself only; no `unsafe-inline`, no `unsafe-eval`. The theme's own inline scripts are allowed by the
hash of their exact text, and the build's own style attributes (table alignment, column widths) by the hash
of their exact values (`'unsafe-hashes'` covers those values only), all computed from the finished page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<text>.*?)</script\s*>", re.S | re.I)
_SCRIPT_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_RUNNABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)

FIXED_DIRECTIVES = (
    "default-src 'self'",
    "img-src 'self' data:",  # the theme's icons are data: URLs in its stylesheet
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
)


class PolicyError(Exception):
    """The page has no `<meta charset>` to put the policy after (the theme's head changed)."""


def _source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script the browser would run (JSON data blocks are not run)."""
    found = []
    for script in _SCRIPT.finditer(page):
        attributes = script["attributes"] or ""
        if re.search(r"\ssrc\s*=", attributes, re.I):
            continue
        kind = _SCRIPT_TYPE.search(attributes)
        if (kind[1].lower() if kind else "") in _RUNNABLE_TYPES:
            found.append(script["text"])
    return found


def style_attributes(page: str) -> list[str]:
    """Every `style` attribute's value, as the browser reads it (character references decoded)."""
    return [html.unescape(double if double is not None else single or "")
            for double, single in _STYLE_ATTRIBUTE.findall(page)]


def policy_for(page: str) -> str:
    """The policy of one finished page: fixed directives, and hashes of its own inline scripts and styles."""
    scripts = sorted({_source(text) for text in inline_scripts(page)})
    styles = sorted({_source(value) for value in style_attributes(page)})
    style_sources = ["'self'", *(["'unsafe-hashes'", *styles] if styles else [])]
    return "; ".join([
        *FIXED_DIRECTIVES,
        " ".join(["script-src", "'self'", *scripts]),
        " ".join(["style-src", *style_sources]),
    ])


def with_policy(page: str) -> str:
    """The page with its policy as the first thing after `<meta charset>` (a policy covers what follows it)."""
    charset = _CHARSET.search(page)
    if charset is None:
        raise PolicyError("the page has no <meta charset>, so its Content-Security-Policy has nowhere to go")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{html.escape(policy_for(page), quote=False)}">'
    return page[: charset.end()] + meta + page[charset.end():]
