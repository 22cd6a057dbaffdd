"""Chinese words on a page in another language, marked with their language (`<span lang="zh">`).

An English page that quotes 明, 聽 or 儒, or a glossary row's Chinese term, must say that these words are
Chinese (WCAG 3.1.2, language of parts): a screen reader then reads them with a Chinese voice, and the
PDF's structure tree carries `/Lang` for them. Every run of Han characters in the text of a page whose
language is not written in Han characters is marked; tags and attribute values are left as they are.
"""

from __future__ import annotations

import re

from build_tools.course.cjk import HAN_RUN

HAN_WRITTEN = ("zh", "ja", "ko")
"""Languages whose own text holds Han characters: their pages are left as they are."""
_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = frozenset({"code", "pre", "script", "style", "title"})
_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


def han_language(codes: list[str]) -> str:
    """The language code for Han text in a course with these languages: its Chinese one, else `zh`."""
    return next((code for code in codes if code.split("-")[0] == "zh"), "zh")


def mark_han_words(html: str, page_language: str, han: str = "zh") -> str:
    """`html` with every run of Han characters in its text wrapped in `<span lang="{han}">` (none on a page
    in Chinese, Japanese or Korean). Text inside code, scripts and existing `lang` marks is not touched."""
    if page_language.split("-")[0] in HAN_WRITTEN or not HAN_RUN.search(html):
        return html
    out, verbatim, marked = [], 0, 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = _NAME.match(part)
            tag = name[1].lower() if name else ""
            closing = part.startswith("</")
            if tag in _VERBATIM:
                verbatim += -1 if closing else 1
            elif tag == "span" and (closing and marked or " lang=" in part):
                marked += -1 if closing else 1
            out.append(part)
        elif verbatim or marked:
            out.append(part)
        else:
            out.append(HAN_RUN.sub(lambda m: f'<span lang="{han}">{m[0]}</span>', part))
    return "".join(out)
