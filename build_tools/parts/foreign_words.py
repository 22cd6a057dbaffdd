"""Chinese words on a page in another language, marked with their language (`<span lang="zh">`).

An English page that quotes 明, 聽 or 儒, or a glossary row's Chinese term, must say that these words are
Chinese (WCAG 3.1.2, language of parts): a screen reader then reads them with a Chinese voice, and the
PDF's structure tree carries `/Lang` for them. Every run of Han characters in the text of a page whose
language is not written in Han characters is marked; tags and attribute values are left as they are.

Han characters in traditional forms are `zh-Hant`: a run that only traditional Chinese writes (聽), or
every run of a page or deck whose Han characters are all traditional or shared by both forms (明, 聽
and 儒 together). The decks mark their runs by the same rules (`WordLanguages`), and English words in
a Chinese deck as English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.course.cjk import HAN_RUN

HAN_WRITTEN = ("zh", "ja", "ko")
"""Languages whose own text holds Han characters: their pages are left as they are."""
TRADITIONAL = "zh-Hant"
"""The language of Han characters in traditional forms."""
_LATIN_WORD = re.compile(r"[A-Za-z]")
_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = frozenset({"code", "pre", "script", "style", "title"})
_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


def han_language(codes: list[str]) -> str:
    """The language code for Han text in a course with these languages: its Chinese one, else `zh`."""
    return next((code for code in codes if code.split("-")[0] == "zh"), "zh")


def traditional(text: str) -> bool:
    """Whether the Han characters of a text are in traditional forms (some only traditional Chinese writes,
    none only simplified); hanzidentifier is loaded on first use (its tables take 50 ms to compile)."""
    import hanzidentifier

    return bool(hanzidentifier.identify(text) == hanzidentifier.TRADITIONAL)


def han_code(run: str, han: str, traditional_context: bool = False) -> str:
    """The language of a run of Han characters in text of another language: `zh-Hant` when the run, or
    its context (the page, the deck), is in traditional forms; else `han`."""
    return TRADITIONAL if traditional_context or traditional(run) else han


@dataclass(frozen=True)
class WordLanguages:
    """The language of each word of a text written in `language`, when it is another: Han characters in a
    language not written in them, Latin words in one that is (`latin` names the course's language for
    them; none, and they are left as the text's own)."""

    language: str
    han: str
    latin: str | None
    traditional: bool = False
    """Whether the Han characters of the whole page or deck are in traditional forms."""

    @classmethod
    def of_course(cls, codes: list[str], language: str, context: str = "") -> WordLanguages:
        """The rules for text in `language` of a course with these language codes; `context` is all the text
        of the page or deck."""
        latin = next((code for code in codes if code.split("-")[0] not in HAN_WRITTEN), None)
        return cls(language, han_language(codes), latin, traditional("".join(HAN_RUN.findall(context))))

    def of(self, piece: str) -> str | None:
        """The language of a piece of text in one script, or None when it is the text's own."""
        if self.language.split("-")[0] in HAN_WRITTEN:
            return self.latin if self.latin and _LATIN_WORD.search(piece) else None
        return han_code(piece, self.han, self.traditional) if HAN_RUN.search(piece) else None


def mark_han_words(html: str, page_language: str, han: str = "zh") -> str:
    """`html` with every run of Han characters in its text wrapped in `<span lang="{han}">`, or `zh-Hant` for
    traditional forms (none on a page in Chinese, Japanese or Korean). Text inside code, scripts and
    existing `lang` marks is not touched."""
    if page_language.split("-")[0] in HAN_WRITTEN or not HAN_RUN.search(html):
        return html
    whole = traditional("".join(HAN_RUN.findall(html)))
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
            out.append(HAN_RUN.sub(lambda m: f'<span lang="{han_code(m[0], han, whole)}">{m[0]}</span>', part))
    return "".join(out)
