"""What the preview's panel shows beside a site page: its workbook (and guide) pages and its slides."""

from __future__ import annotations

from build_tools.course.model import Course, Edition
from build_tools.serve.session import PreviewSession
from build_tools.serve.slide_preview import slides_html

EDITION_NAMES = {Edition.PARTICIPANT: "Workbook", Edition.FACILITATOR: "Facilitator guide"}


def page_at(session: PreviewSession, site_path: str) -> tuple[str, str] | None:
    """(page key, language) of the course page a site file (`en/modules/01-x.html`) shows, if any."""
    course = session.course
    return None if course is None else _site_pages(course).get(site_path)


def _site_pages(course: Course) -> dict[str, tuple[str, str]]:
    """Every participant page's site files (with and without directory URLs) → (key, language)."""
    found: dict[str, tuple[str, str]] = {}
    for page in course.pages:
        prefix = "" if course.language(page.language).default else f"{page.language}/"
        stem = page.key.removesuffix("index").rstrip("/")
        for name in ((f"{stem}/index.html", f"{stem}.html") if stem else ("index.html",)):
            found[prefix + name.lstrip("/")] = (page.key, page.language)
    return found


def panel(session: PreviewSession, key: str, language: str) -> dict[str, object]:
    """The panel's content for one course page: the PDF pages' pictures by edition and the slides' HTML."""
    course, plans = session.course, session.slides
    page = None if course is None else course.page(key, language)
    if course is None or plans is None or page is None:
        return {"pdf": [], "slides": "", "deck": False}
    pdf = []
    version = session.pdfs.version
    for edition in session.editions:
        path, numbers = session.pdfs.pages_of(course, language, edition, key)
        urls = [f"/_preview/pdf/{version.name}/{path.name}/{n}.png" for n in numbers] if version else []
        pdf.append({"edition": EDITION_NAMES[edition], "file": path.name, "pages": numbers, "pictures": urls})
    edition = Edition.FACILITATOR if session.facilitator else Edition.PARTICIPANT
    slides = plans.slides_of(page, edition)
    return {"pdf": pdf, "slides": slides_html(slides, edition, course.docs_dir, "/_preview/docs/"),
            "deck": bool(slides), "rendering": "previews" in session.state.current()["busy"]}  # type: ignore[operator]
