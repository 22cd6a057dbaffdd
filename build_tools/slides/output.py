"""The decks as an output of the build: one job per language, each drawing that language's decks."""

from __future__ import annotations

from pathlib import Path

from build_tools.course.files import write_atomically
from build_tools.course.model import Course, Edition
from build_tools.parts.output_files import deck_path, link_or_copy
from build_tools.parts.output_jobs import Job, Rendered, RenderOptions, SourceGroups, digest, page_lines


class DeckOutput:
    """Each language's decks (whole course and per module, trainer and participant editions)."""

    kind = "decks"
    folder = "slides"
    module = "build_tools.slides.render"

    def jobs(self, course: Course, sources: SourceGroups, code: str) -> list[Job]:
        jobs = []
        for language in course.languages:
            own = sources.pages.get(language.code, {})
            key = digest("decks", language.code, code, sources.shared, sources.assets, sources.slides, own)
            lines = page_lines(course, language.code)
            jobs.append(Job(f"decks:{language.code}", self.kind, key, language.code, weight=lines, code=code))
        return jobs

    def render(self, course: Course, job: Job, folder: Path, cache: Path | None, options: RenderOptions) -> Rendered:
        """Every deck of one language; with a cache, a deck whose slides, settings and images are unchanged is
        not drawn again (the cache holds each deck under the fingerprint of what it shows)."""
        from build_tools.slides.render import deck_fingerprint, plan_decks, render_deck
        from build_tools.slides.settings import load_deck_settings

        settings = load_deck_settings(course.root, template=options.deck_template)
        plans = plan_decks(course, settings, job.language)
        written, kept = [], set()
        for plan in plans:
            for edition in (Edition.FACILITATOR, Edition.PARTICIPANT):
                path = deck_path(folder, course, plan.language, plan.module, edition)
                if cache is None:
                    write_atomically(path, render_deck(plan, edition, settings))
                else:
                    cached = cache / f"{deck_fingerprint(plan, edition, settings, course.root)}.pptx"  # cache: per code
                    if not cached.is_file():
                        write_atomically(cached, render_deck(plan, edition, settings))
                    path.parent.mkdir(parents=True, exist_ok=True)
                    link_or_copy(cached, path)
                    kept.add(cached.name)
                written.append(path.relative_to(folder).as_posix())
        if cache is not None and cache.is_dir():
            for old in cache.iterdir():
                if old.name not in kept:
                    old.unlink(missing_ok=True)
        return Rendered(written, f"{len(plans)} decks, {sum(len(p.slides) for p in plans)} slides")

