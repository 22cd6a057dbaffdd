"""The preview's three loops: the site (watch, check, quick swap), the whole site's builder, and the PDF pages.

The site loop polls the course's files; on a save it reads and checks the course and swaps the new text of the
saved pages into the last site's pages (`page_swap`), so the browser reloads within about a second. A course
with errors publishes nothing: the problems go to the browser's overlay and the terminal, and the last good
site stays. The builder rebuilds the whole site in a thread of its own, so the next save is checked at once.
The previews loop takes the newest good course whenever it is free (saves made while it works are coalesced),
re-renders the PDFs whose inputs changed and draws the edited pages' PDF pages, then finds what else the
renderers would refuse (`make check`'s own function).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from build_tools.checks.checked import course_and_problems
from build_tools.course.model import Course, Edition, Page
from build_tools.course.problems import BuildError, Problem
from build_tools.pipeline.check_cache import check_store
from build_tools.pipeline.fingerprints import toolchain_files
from build_tools.pipeline.output_checks import output_problems
from build_tools.serve.page_swap import quick_swaps
from build_tools.serve.pdf_preview import PdfPreview
from build_tools.serve.site_preview import SitePreview, SiteRefused
from build_tools.serve.slide_preview import SlidePlans
from build_tools.serve.state import PreviewState, ShownProblem
from build_tools.serve.watch import Snapshot, changed, snapshot

POLL_SECONDS = 0.1
DEFER_SECONDS = 30.0
"""After a quick swap, how long the whole site waits for the PDF pages to be drawn before it is built anyway."""
PRUNE_AFTER = 200
"""Entries written to the check cache after which its oldest are removed (`CacheStore.prune`): a page per save."""
SETTLE_SECONDS = 0.05
"""After a change is seen, the time an editor gets to finish writing (some save in two steps)."""

Report = Callable[[str], None]


class PreviewSession:
    """One `serve`: the course at `root`, previewed from `work`; `facilitator` only on this machine's address."""

    def __init__(self, root: Path, work: Path, *, facilitator: bool, report: Report = print) -> None:
        self.root = root.resolve()
        self.work = work
        self.facilitator = facilitator
        self.editions = (Edition.PARTICIPANT, Edition.FACILITATOR) if facilitator else (Edition.PARTICIPANT,)
        self.report = report
        self.state = PreviewState()
        self.site = SitePreview(work)
        self.pdfs = PdfPreview(work, self.editions)
        self.course: Course | None = None  # the newest good course: the panel shows its pages and slides
        self._built: Course | None = None  # the course of the published site
        self._previewed: Course | None = None  # the course of the PDF pages shown
        self.slides: SlidePlans | None = None
        self._check: list[ShownProblem] = []
        self._outputs: list[ShownProblem] = []
        self._printed = ""
        self._wanted = threading.Condition()
        self._pending: tuple[Course, float] | None = None
        self._site_lines: list[ShownProblem] = []  # what MkDocs refused of the last whole site
        self._site_wanted = threading.Condition()
        self._forking = threading.Lock()
        """Held while MkDocs builds and while workers are forked: a process forked while another thread is
        inside MkDocs (importing, logging) could inherit a lock that nobody in the child ever releases."""
        self._site_due: tuple[Course, float, float] | None = None  # a whole site to build: course, saved, not after
        self._stop = threading.Event()
        self.store = check_store(self.root, toolchain_files())
        """`make check`'s cache: a save reads only the pages it changed again (a third of a second sooner)."""

    # --- the site -----------------------------------------------------------------------------------

    def run_site_loop(self) -> None:
        """Check and show the course once, then after every save until `stop`."""
        seen = snapshot(self.root)
        self.rebuild(time.time())
        while not self._stop.wait(POLL_SECONDS):
            now = snapshot(self.root)
            if changed(seen, now):
                saved = _newest(now, changed(seen, now))
                time.sleep(SETTLE_SECONDS)
                seen = snapshot(self.root)
                self.rebuild(saved)

    def run_site_builder(self) -> None:
        """Build the whole site of the newest good course whenever one is due; one deferred after a quick swap
        waits for the PDF pages (at most `DEFER_SECONDS`), so the two do not share the cores. In a loop of
        its own, so a save made meanwhile is checked (and a problem shown) at once."""
        while not self._stop.is_set():
            with self._site_wanted:
                self._site_wanted.wait_for(lambda: self._site_due is not None or self._stop.is_set())
            while not self._stop.is_set():
                due = self._site_due
                if due is None or due[2] <= time.monotonic() or self._previews_idle():
                    break
                self._stop.wait(POLL_SECONDS)
            with self._site_wanted:
                due, self._site_due = self._site_due, None
            if due is not None and not self._stop.is_set():
                self._build_site(due[0], due[1])

    def _previews_idle(self) -> bool:
        return self._pending is None and "previews" not in self.state.current()["busy"]  # type: ignore[operator]

    def rebuild(self, saved: float) -> None:
        """Read and check the course; show a good one at once (quick swap), else its problems over the last
        good preview. The whole site is left to `run_site_builder`."""
        started = time.perf_counter()
        self.state.set_busy("check", True)
        try:
            course, problems = course_and_problems(self.root, self.store)
            if self.store.written >= PRUNE_AFTER:
                self.store.prune()
                self.store.written = 0
        except (BuildError, OSError) as error:
            self._show_check([], saved, other=ShownProblem.other("docs", str(error), "fix the file it names"))
            return
        finally:
            self.state.set_busy("check", False)
        if any(not p.warning for p in problems):
            self._site_due_for(None)  # the last good site and its swaps stay beneath the problems
            self._show_check(problems, saved)
            return
        self.slides = SlidePlans(course)
        self.course = course
        self._previews_wanted(course, saved)
        swaps = None
        if self._built is not None and self.state.site_dir is not None:
            swaps = quick_swaps(self._built, course, self.state.site_dir)
        if swaps:
            self.state.swaps = {swap.site_path: swap for swap in swaps}
            self._show_check(problems, saved, site=True)
            self.report(f"page{'s' if len(swaps) > 1 else ''} updated in {time.perf_counter() - started:.1f} s "
                        f"({', '.join(swap.site_path for swap in swaps)}); the whole site follows")
            self._site_due_for((course, saved, time.monotonic() + DEFER_SECONDS))
        else:
            self._show_check(problems, saved)
            self._site_due_for((course, saved, 0.0))

    def _site_due_for(self, due: tuple[Course, float, float] | None) -> None:
        with self._site_wanted:
            self._site_due = due
            self._site_wanted.notify_all()

    def _build_site(self, course: Course, saved: float) -> None:
        """The whole site of a good course, published when MkDocs accepts it."""
        started = time.perf_counter()
        self.state.set_busy("site", True)
        try:
            with self._forking:
                folder = self.site.build(course, self.work / "downloads" / "pdf", self.work / "downloads" / "slides")
        except SiteRefused as refused:
            self._site_lines = [ShownProblem.other("mkdocs.yml", line, "fix what the line names, then save again")
                                for line in refused.lines]
            self._publish(saved)
            return
        finally:
            self.state.set_busy("site", False)
        self._built = course
        self._site_lines = []
        self.state.publish_site(folder)
        self._publish(saved, bump_site=True)
        self.report(f"site updated in {time.perf_counter() - started:.1f} s")

    def _previews_wanted(self, course: Course, saved: float) -> None:
        """Hand the newest good course to the previews loop (a course it has not started yet is replaced)."""
        with self._wanted:
            self._pending = (course, saved)
            self._wanted.notify_all()

    def _show_check(self, problems: list[Problem], saved: float, *, other: ShownProblem | None = None,
                    site: bool = False) -> None:
        self._check = [ShownProblem.of(p) for p in problems] + ([other] if other else [])
        self._publish(saved, bump_site=site)

    def _publish(self, saved: float, *, bump_site: bool = False, bump_previews: bool = False) -> None:
        """The state the browser reads, and the same problems in the terminal (each new list once)."""
        shown = list(dict.fromkeys([*self._check, *self._site_lines, *self._outputs]))
        state = self.state.current()
        changes: dict[str, object] = {"problems": shown, "saved": saved}
        if bump_site:
            changes["site"] = int(state["site"]) + 1  # type: ignore[call-overload]
        if bump_previews:
            changes["previews"] = int(state["previews"]) + 1  # type: ignore[call-overload]
        self.state.update(**changes)
        printed = "\n".join(_terminal_line(p) for p in shown)
        if printed != self._printed:
            self._printed = printed
            errors = sum(1 for p in shown if not p.warning)
            if printed:
                self.report(printed)
            self.report(f"{errors} problem{'s' if errors != 1 else ''} shown in the browser; the last good preview "
                        "stays beneath" if errors else "no problems: the preview is up to date")

    # --- the PDF pages and slides -------------------------------------------------------------------

    def run_previews_loop(self) -> None:
        """Render the newest good course's PDFs whenever it changes."""
        while not self._stop.is_set():
            with self._wanted:
                self._wanted.wait_for(lambda: self._pending is not None or self._stop.is_set())
                if self._stop.is_set() or self._pending is None:
                    return
                course, saved = self._pending
                self._pending = None
            self.render_previews(course, saved)

    def render_previews(self, course: Course, saved: float) -> None:
        """The PDFs again (only what changed), the edited pages' PDF pages drawn, then what else `make check`
        would find that the site's check does not (the renderers' refusals, every language's decks)."""
        started = time.perf_counter()
        self.state.set_busy("previews", True)
        try:
            with self._forking:
                results = self.pdfs.render(course)
            failed = [p for result in results.values() for p in result.problems]
            errors = [ShownProblem.other("docs", r.error, "see the message") for r in results.values() if r.error]
            if not failed and not errors:
                self.pdfs.draw(course, _edited(self._previewed, course))
                self.pdfs.forget_old_pictures()
                self._previewed = course
                redrawn = [job for job, r in results.items() if r.summary != "unchanged"]
                self.report(f"previews updated in {time.perf_counter() - started:.1f} s"
                            f" ({', '.join(redrawn) or 'no PDF changed'})")
            self._outputs = [ShownProblem.of(p) for p in dict.fromkeys(failed)] + errors
        except BuildError as error:
            self._outputs = [ShownProblem.other("docs", str(error), "fix what it names, then save again")]
        finally:
            self.state.set_busy("previews", False)
        self._publish(saved, bump_previews=True)
        if self._pending is not None or self._outputs:
            return  # a newer save is waiting, or the PDFs' own problems are shown already
        self.state.set_busy("checks", True)
        try:
            with self._forking:
                self._outputs = [ShownProblem.of(p) for p in output_problems(course)]
        except BuildError as error:
            self._outputs = [ShownProblem.other("docs", str(error), "fix what it names, then save again")]
        finally:
            self.state.set_busy("checks", False)
        self._publish(saved)

    def stop(self) -> None:
        self._stop.set()
        for condition in (self._wanted, self._site_wanted):
            with condition:
                condition.notify_all()


def _edited(before: Course | None, after: Course) -> list[Page]:
    """The pages of `after` whose text differs from `before` (every page when there is no `before`)."""
    if before is None:
        return []
    old = {(p.key, p.language): p.body_lines for p in before.pages}
    return [p for p in after.pages if old.get((p.key, p.language)) != p.body_lines]


def _newest(files: Snapshot, paths: list[str]) -> float:
    """When the newest of the changed files was saved (now, for a deleted one)."""
    times = [files[path][0] / 1e9 for path in paths if path in files]
    return max(times) if times else time.time()


def _terminal_line(problem: ShownProblem) -> str:
    kind = "warning: " if problem.warning else ""
    code = f" [{problem.code}]" if problem.code else ""
    return f"{problem.where}: {kind}{problem.message}{code}\n    fix: {problem.fix}"

