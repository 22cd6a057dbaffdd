"""Rules for links, images and handouts: every reference resolves inside docs/ (in its own language, to a
page, anchor or file the outputs publish), and materials lists link handouts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools.checks.unread_pages import unread_pages
from build_tools.course.editions import shows_line
from build_tools.course.handouts import linked_pages, materials_items
from build_tools.course.links import link_target
from build_tools.course.markdown_reading import allowed_url
from build_tools.course.model import (
    Course,
    Edition,
    Page,
    Reference,
)
from build_tools.course.problems import Problem
from build_tools.parts.output_files import PUBLISHED_TYPES


def check_links(course: Course) -> Iterator[Problem]:
    """Internal links and anchors resolve in their own language; images exist; nothing leaves docs/."""
    docs = course.docs_dir
    unread = unread_pages(course)
    for page in course.pages:
        for reference in page.references:
            resolved = link_target(page, reference.target)
            if resolved is not None and (resolved.page_key, page.language) in unread:
                continue  # the target could not be read: that problem is reported
            yield from _check_reference(course, page, reference, docs)


def _check_reference(course: Course, page: Page, reference: Reference, docs: Path) -> Iterator[Problem]:
    """One link or image: web addresses are only spelled right; everything else must resolve inside docs/."""
    target, is_image, source = reference.target, reference.is_image, reference.source
    if is_image and not reference.text.strip() and not reference.in_raw_html:  # raw HTML is refused on its own
        yield Problem(source, "link.no_alt", f"image '{target}' has no alt text: a screen reader says nothing "
                                             "for it (the site, the tagged PDF and the slides show it)")
    parts = urlsplit(target)
    if parts.scheme in ("http", "https"):
        if is_image:
            yield Problem(source, "link.remote_image", f"image '{target}' is on the internet")
        elif not re.fullmatch(r"[A-Za-z0-9.\-]+\.[A-Za-z]{2,}(:\d+)?", parts.netloc) or " " in target:
            yield Problem(source, "link.bad_url", f"'{target}' is not a valid web address")
        return
    if parts.scheme == "mailto":
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", parts.path):
            yield Problem(source, "link.bad_url", f"'{target}' is not a valid e-mail link")
        return
    if not allowed_url(target) or (is_image and parts.scheme):
        shown = target if len(target) <= 60 else target[:60] + "…"
        yield Problem(source, "link.bad_url", f"'{shown}' is not allowed: links may only be web addresses "
                                              "(http, https), e-mail (mailto) or paths inside docs/")
        return
    if not target:
        yield Problem(source, "link.missing_page", "link has no target")
        return
    resolved = link_target(page, target)
    if resolved is None:
        yield Problem(source, "link.outside_docs", f"'{target}' points outside docs/")
        return
    if resolved.same_page:
        if resolved.fragment not in page.anchor_ids:
            yield Problem(source, "link.missing_anchor", f"this page has no anchor '#{parts.fragment}'")
        return
    if resolved.page_key is not None:
        target_page = course.page(resolved.page_key, page.language)
        if target_page is None:
            yield Problem(source, "link.missing_page", f"'{target}' does not match any page")
        elif target_page.facilitator_only and shows_line(page, Edition.PARTICIPANT, source.line):
            yield Problem(source, "link.facilitator_only",
                          f"participants see this link, but {target_page.source_path.as_posix()} is for "
                          "facilitators only (it is not on the site or in the workbook)")
        elif resolved.fragment and resolved.fragment not in target_page.anchor_ids:
            yield Problem(
                source,
                "link.missing_anchor",
                f"'{target}': {target_page.source_path.as_posix()} has no anchor '#{parts.fragment}'",
            )
        return
    if not (docs / resolved.path).is_file():
        code = "link.missing_image" if is_image else "link.missing_page"
        what = "image" if is_image else "file"
        yield Problem(source, code, f"{what} '{unquote(target)}' does not exist{_why_missing(docs, resolved.path)}")
    elif not resolved.path.lower().endswith(PUBLISHED_TYPES) and shows_line(page, Edition.PARTICIPANT, source.line):
        kinds = ", ".join(t.lstrip(".").upper() for t in PUBLISHED_TYPES)
        yield Problem(source, "link.file_type",
                      f"'{target}' is not a page or an image the site publishes ({kinds}): participants would "
                      "get a broken link")


def _why_missing(docs: Path, path: str) -> str:
    """What a trainer most likely got wrong when a linked file is not there: a Windows path, or a name whose
    accents or characters are composed differently (a file saved on a Mac) than in the link."""
    if "\\" in path:
        return ": write paths with '/', not '\\'"
    folder = (docs / path).parent
    if folder.is_dir():
        wanted = unicodedata.normalize("NFC", Path(path).name)
        for candidate in folder.iterdir():
            if candidate.name != Path(path).name and unicodedata.normalize("NFC", candidate.name) == wanted:
                return (": a file of that name is there, but its letters are composed differently (a name saved on "
                        "a Mac): type the file's name again")
    return ""


def check_handouts(course: Course) -> Iterator[Problem]:
    """Handouts are linked from a materials list, and materials lists link only to handouts; a materials entry
    that names a handout by its title without linking it is found too (the checklist would miss its copies)."""
    for language in course.languages:
        view = course.view(language.code)
        linked: set[str] = set()
        handouts = [(p, p.title.strip().lower()) for p in view.pages if p.handout is not None
                    and len(p.title.strip()) >= 2]
        for session in view.sessions:
            for item in materials_items(session):
                text = item.text.lower()
                named = next((p for p, title in handouts if title in text), None)
                if named is not None and not item.references:
                    yield Problem(item.source, "handout.unlinked",
                                  f"'{item.text}' names the handout '{named.title}' "
                                  f"({named.source_path.as_posix()}) but does not link it")
                for reference, page in linked_pages(view, session, item):
                    linked.add(page.key)
                    if page.handout is None:
                        yield Problem(reference.source, "handout.not_handout",
                                      f"materials link to {page.source_path.as_posix()}, which is not a handout")
        for page in view.pages:
            if page.handout is not None and page.key not in linked:
                entry = page.entry("handout")
                yield Problem(entry.source if entry else page.source,
                              "handout.unlinked", "no session's materials list links to this handout")
