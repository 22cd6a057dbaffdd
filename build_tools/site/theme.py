"""The toolchain's changes to Material's templates, and the 404 page in each language.

The templates under `overrides/` come before Material's (and after a course's own `custom_dir`), so what the
theme gets wrong for accessibility is fixed through its own override mechanism, never by patching the
installed package: the search dialog gets a name and a live result count (`partials/search.html`), and
the 404 page says "not found" in the reader's language (`404.html`).

mkdocs-static-i18n builds every language with the same config and MkDocs writes `404.html` at the site root
each time, so the last language built would win: `not_found_page` keeps the default language's at the root
and moves each other language's into its own folder (`en/404.html`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.templates import TemplateContext

from build_tools.course import localise
from build_tools.course.model import Course

OVERRIDES = Path(__file__).resolve().parent / "overrides"
NOT_FOUND = "404.html"


def add_overrides(config: MkDocsConfig) -> None:
    """Put the toolchain's templates just before Material's own (a course's `custom_dir` still wins)."""
    dirs: list[str] = config.theme.dirs
    if str(OVERRIDES) in dirs:
        return
    material = next((i for i, folder in enumerate(dirs) if "material" in Path(folder).parts[-2:]), len(dirs))
    dirs.insert(material, str(OVERRIDES))


def site_base(config: MkDocsConfig) -> str:
    """The site's path on its host (`/`, or `/course/` under a sub-path): a 404 page's links must be absolute."""
    return (urlsplit(config.site_url or "").path.rstrip("/")) + "/"


def not_found_context(course: Course, language: str, config: MkDocsConfig, context: TemplateContext) -> None:
    """The 404 page's words and home link, and a language switcher that leads to each language's home page.

    Without this the switcher points at whatever page mkdocs-static-i18n set it for last.
    """
    prefix = "" if language == course.default_language.code else f"{language}/"
    base = site_base(config)
    context["course_not_found"] = {  # type: ignore[typeddict-unknown-key]  # the toolchain's own 404.html reads it
        "title": localise.word(course, language, "not_found"),
        "home": localise.word(course, language, "not_found_home"),
        "home_url": f"{base}{prefix}index.html",
    }
    # mkdocs-static-i18n sets `config.extra.alternate` as an attribute on each page, beside the `alternate` key
    lists = [getattr(config.extra, "alternate", None), config.extra.get("alternate")]
    for alternate in (entry for alternates in lists if alternates for entry in alternates):
        code = str(alternate.get("lang", ""))
        other = "" if code == course.default_language.code else f"{code}/"
        alternate["link"] = f"{base}{other}index.html"


def not_found_page(course: Course, language: str, config: MkDocsConfig, output: str) -> str:
    """The 404 page MkDocs is about to write at the site root: the default language's stays there (returned);
    another language's is written into its own folder and MkDocs is handed nothing to write (it then skips)."""
    if language == course.default_language.code:
        return output
    target = Path(config.site_dir) / language / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""
