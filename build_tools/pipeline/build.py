"""`make all`: every output of the course, built side by side, only what changed, published together.

1. Nothing changed since the last build (same files, same toolchain): stop at once.
2. Load and check the course; any problem stops the build before anything is rendered.
3. Split the work into jobs (each language's two PDFs, each language's decks, the site, the zip), each
   keyed by a hash of exactly what it is made from. A job whose key is unchanged is carried over from
   the last build (hard links); the others run in worker processes, longest first.
4. The new outputs are assembled in `build/.versions/<id>/` and published with one atomic rename of
   `build/.current`; `build/pdf`, `build/slides`, `build/site` and `build/site.zip` point into it. A
   failure, Ctrl-C or a kill at any moment leaves the previous version in place, whole; the next build
   repairs everything. Two builds at once in one folder: the second stops with a message.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import importlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from build_tools.checks.checked import checked_course
from build_tools.course.files import write_atomically
from build_tools.course.model import Course, Edition
from build_tools.course.problems import BuildError, BuildInterrupted, CourseError, Problem
from build_tools.parts import chinese_words
from build_tools.parts.output_files import deck_path, pdf_path
from build_tools.pipeline.workers import forked_pool, in_background, shared_course

PACKAGE = Path(__file__).resolve().parents[1]
"""The toolchain package (build_tools/): its files are part of every output's fingerprint."""
RENDERER_FOLDERS = ("pdf", "slides", "site")
OUTPUTS = ("pdf", "slides", "site", "site.zip")
VERSIONS, CURRENT, LOCK, MANIFEST, CACHE = ".versions", ".current", ".lock", "manifest.json", ".cache"
_RENDERERS = {"pdf": "build_tools.pdf.render", "decks": "build_tools.slides.render", "site": "build_tools.site.build"}
"""The module each kind of job runs: imported before the workers fork, so they share it."""
_TOOL_PACKAGES = ("weasyprint", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "python-pptx", "markdown-it-py",
                  "Markdown", "pymdown-extensions", "jieba", "Pillow", "fonttools")


@dataclass(frozen=True)
class Job:
    """One unit of work and the hash of everything it is made from."""

    id: str
    kind: str  # "pdf", "decks", "site"
    key: str
    language: str = ""
    edition: Edition | None = None
    weight: int = 1  # rough cost, to start the longest jobs first


@dataclass
class JobResult:
    """What a job wrote (paths relative to the version folder) or the problems that stopped it."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    summary: str = ""


# --- fingerprints ---------------------------------------------------------------------------------


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_files(root: Path) -> dict[str, str]:
    """Every input file of the course (docs/, slides/, mkdocs.yml) → its content hash; links are never followed.

    Deleting, adding or renaming a file changes this map as surely as editing one does.
    """
    found: dict[str, str] = {}
    for folder in ("docs", "slides"):
        for current, dirs, names in os.walk(root / folder, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = Path(current) / name
                relative = path.relative_to(root).as_posix()
                found[relative] = f"link:{os.readlink(path)}" if path.is_symlink() else _file_hash(path)
    config = root / "mkdocs.yml"
    if config.is_file():
        found["mkdocs.yml"] = _file_hash(config)
    return found


def toolchain_files() -> dict[str, str]:
    """Every file of the package → its content hash, read once per build; library versions under `versions`."""
    found = {
        path.relative_to(PACKAGE).as_posix(): _file_hash(path)
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    versions = []
    for name in _TOOL_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name}={metadata.version(name)}")
    found["versions"] = " ".join(versions)
    return found


def toolchain_fingerprint(toolchain: dict[str, str], output: str = "") -> str:
    """The code and library versions that make one kind of output: the core plus that output's sub-package.

    With no `output`, the whole package: what the no-op test compares.
    """
    chosen = {name: digest for name, digest in toolchain.items()
              if not output or name.split("/", 1)[0] not in RENDERER_FOLDERS or name.split("/", 1)[0] == output}
    return _digest(chosen)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def plan_jobs(course: Course, files: dict[str, str], toolchain: dict[str, str]) -> list[Job]:
    """The jobs of a build, each keyed by its own inputs: editing a Chinese page leaves English outputs alone."""
    docs = course.docs_dir.relative_to(course.root).as_posix() + "/"
    code = {output: toolchain_fingerprint(toolchain, output) for output in RENDERER_FOLDERS}
    by_language: dict[str, dict[str, str]] = {lang.code: {} for lang in course.languages}
    for page in course.pages:
        relative = page.source_path.as_posix()
        by_language.setdefault(page.language, {})[relative] = files.get(relative, "")
    pages = {p.source_path.as_posix() for p in course.pages}
    assets = {k: v for k, v in files.items() if k.startswith(docs) and k not in pages and "/translations/" not in k}
    shared = {k: v for k, v in files.items() if k in (docs + "course.yml", "mkdocs.yml")}
    slides = {k: v for k, v in files.items() if k.startswith("slides/")}
    jobs: list[Job] = []
    for language in course.languages:
        own = by_language.get(language.code, {})
        weight = sum(len(p.body_lines) for p in course.pages_in(language.code))
        for edition in (Edition.FACILITATOR, Edition.PARTICIPANT):
            key = _digest("pdf", language.code, edition.value, code["pdf"], shared, assets, own)
            jobs.append(Job(f"pdf:{language.code}:{edition.value}", "pdf", key, language.code, edition,
                            weight=weight * (3 if edition is Edition.FACILITATOR else 2)))
        key = _digest("decks", language.code, code["slides"], shared, assets, slides, own)
        jobs.append(Job(f"decks:{language.code}", "decks", key, language.code, weight=weight))
    jobs.append(Job("site", "site", _digest("site", code["site"], files), weight=sum(j.weight for j in jobs) // 4))
    return jobs


# --- the build folder ------------------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """Hold `build/.lock` for the whole build; a second build in the same folder stops with a clear message."""
    build_dir.mkdir(parents=True, exist_ok=True)
    handle = open(build_dir / LOCK, "a+")  # noqa: SIM115 - held for the duration of the build
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(f"another build is running in {build_dir} ({holder}); wait for it to finish, "
                             "then run `make all` again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def current_version(build_dir: Path) -> Path | None:
    """The published version folder, if any."""
    link = build_dir / CURRENT
    if not link.is_symlink():
        return None
    target = (build_dir / os.readlink(link)).resolve()
    return target if target.is_dir() else None


def read_manifest(version: Path | None) -> dict:
    """The manifest of a version: its inputs' fingerprint and each job's key and files."""
    if version is None:
        return {}
    try:
        return json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remove_stale(build_dir: Path, keep: set[Path]) -> None:
    """Versions that are neither published nor being built (left by a killed build) are deleted."""
    versions = build_dir / VERSIONS
    if not versions.is_dir():
        return
    for folder in versions.iterdir():
        if folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def publish(build_dir: Path, version: Path) -> None:
    """Make `version` the current build with one atomic rename; the output names point through `.current`."""
    link = build_dir / CURRENT
    temporary = build_dir / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(version.relative_to(build_dir))
    os.replace(temporary, link)
    for name in OUTPUTS:
        entry = build_dir / name
        wanted = f"{CURRENT}/{name}"
        if entry.is_symlink() and os.readlink(entry) == wanted:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        elif entry.exists() or entry.is_symlink():
            entry.unlink()
        staged = build_dir / f".{name}-{os.getpid()}"
        staged.symlink_to(wanted)
        os.replace(staged, entry)


def _carry_over(old: Path, new: Path, files: list[str]) -> None:
    """Hard-link an unchanged job's files into the new version (a copy where links are not possible)."""
    for relative in files:
        source, target = old / relative, new / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, copy_function=_link_or_copy)
        else:
            _link_or_copy(source, target)


def _keep_same_files(old: Path, new: Path, files: list[str]) -> None:
    """A rebuilt job's files that came out byte for byte as before become links to the old ones.

    The site is one job for every language: after a Chinese edit, its English pages come out the same
    and stay the very files they were (same inode, same time), like every output no edit reached.
    """
    for relative in files:
        top = new / relative
        for path in (sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]):
            before = old / path.relative_to(new)
            try:
                same = (before.is_file() and not before.is_symlink() and before.stat().st_size == path.stat().st_size
                        and before.read_bytes() == path.read_bytes())
                if same:
                    staged = path.with_name(f".{path.name}.same")
                    os.link(before, staged)
                    os.replace(staged, path)
            except OSError:
                continue  # another file system, or no hard links: the new copy stays


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# --- jobs, run in worker processes -----------------------------------------------------------------

def run_job(job: Job, version: str) -> JobResult:
    """Build one job's outputs into the version folder; problems are returned, never raised."""
    started = time.perf_counter()
    course = shared_course()
    out = Path(version)
    result = JobResult()
    try:
        if job.kind == "pdf":
            result.files, result.summary = _pdf_job(course, job, out)
        elif job.kind == "decks":
            result.files, result.summary = _decks_job(course, job, out)
        else:
            result.files, result.summary = _site_job(course, out)
    except CourseError as error:
        result.problems = list(error.problems)
    except BuildError as error:
        result.error = str(error)
    result.seconds = time.perf_counter() - started
    return result


def _cache_dir(version: Path, job: Job) -> Path:
    """Where a job keeps what its next run may reuse: `build/.cache/<job>`, beside the versions."""
    return version.parent.parent / CACHE / job.id.replace(":", "-")


def _pdf_job(course: Course, job: Job, out: Path) -> tuple[list[str], str]:
    from build_tools.pdf.render import build_document, check_documents, render_one

    assert job.edition is not None
    document = build_document(course, job.language, job.edition)
    check_documents(course, [document])
    # The last render, kept beside the versions: the next build re-renders only the chapters that changed.
    # A release build renders every PDF whole: the same bytes as any clean build of the same sources.
    release = course.settings is not None and course.settings.release
    cache = None if release else _cache_dir(out, job)
    data, pages = render_one(course, document, cache)
    path = pdf_path(out / "pdf", course, job.language, job.edition)
    write_atomically(path, data)
    return [path.relative_to(out).as_posix()], f"{pages} pages"


def _decks_job(course: Course, job: Job, out: Path) -> tuple[list[str], str]:
    """Every deck of one language; a deck whose slides, settings and images are unchanged is not drawn again."""
    from build_tools.slides.render import deck_fingerprint, plan_decks, render_deck
    from build_tools.slides.settings import load_deck_settings

    settings = load_deck_settings(course.root)
    cache = _cache_dir(out, job)
    written, kept = [], set()
    plans = plan_decks(course, settings, job.language)
    for plan in plans:
        for edition in (Edition.FACILITATOR, Edition.PARTICIPANT):
            path = deck_path(out / "slides", course, plan.language, plan.module, edition)
            cached = cache / f"{deck_fingerprint(plan, edition, settings, course.root)}.pptx"
            if not cached.is_file():
                write_atomically(cached, render_deck(plan, edition, settings))
            path.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(cached, path)
            written.append(path.relative_to(out).as_posix())
            kept.add(cached.name)
    for old in cache.iterdir():
        if old.name not in kept:
            old.unlink(missing_ok=True)
    return written, f"{len(plans)} decks, {sum(len(p.slides) for p in plans)} slides"


def _site_job(course: Course, out: Path) -> tuple[list[str], str]:
    """The site, with stand-ins where the downloads go: the real files are linked in when every job is done."""
    import io
    from contextlib import redirect_stdout

    from build_tools.site.build import build_site, site_downloads

    stand_ins = Path(tempfile.mkdtemp(prefix=".stand-ins-", dir=out))
    try:
        pdf_dir, slides_dir = stand_ins / "pdf", stand_ins / "slides"
        for language in course.languages:
            for download in site_downloads(course, language.code, pdf_dir, slides_dir):
                download.source_path.parent.mkdir(parents=True, exist_ok=True)
                download.source_path.write_bytes(b"")
        with redirect_stdout(io.StringIO()) as log:
            build_site(course, out / "site", pdf_dir=pdf_dir, slides_dir=slides_dir)
    finally:
        shutil.rmtree(stand_ins, ignore_errors=True)
    summary = next((line.removeprefix("site: ") for line in reversed(log.getvalue().splitlines())
                    if "pages" in line), "")
    return ["site"], summary.split(" → ")[0].rsplit(" in ", 1)[0]  # the build adds the job's own time


# --- the build -------------------------------------------------------------------------------------


def _downloads_into_site(course: Course, version: Path) -> None:
    """Put the real participant PDFs and decks where the site's downloads page links them."""
    from build_tools.site.build import site_downloads

    site = version / "site"
    for language in course.languages:
        prefix = "" if language.default else f"{language.code}/"
        for download in site_downloads(course, language.code, version / "pdf", version / "slides"):
            target = site / f"{prefix}{download.site_path}"
            target.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            _link_or_copy(download.source_path, target)


def build_all(root: Path, build_dir: Path, report: Callable[[str], None] = print,
              workers: int | None = None) -> int:
    """Build every output of the course into `build_dir`; 0 when published (or up to date), 1 on problems."""
    started = time.perf_counter()
    root, build_dir = root.resolve(), build_dir.resolve()
    with build_lock(build_dir), _without_collection():
        current = current_version(build_dir)
        manifest = read_manifest(current)
        files = source_files(root)
        toolchain = toolchain_files()
        inputs = _digest(files, toolchain_fingerprint(toolchain))
        if current is not None and manifest.get("inputs") == inputs and _intact(build_dir):
            report(f"everything is up to date ({time.perf_counter() - started:.2f} s)")
            return 0
        course = _checked_while_loading(root)
        jobs = plan_jobs(course, files, toolchain)
        versions = build_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        version = Path(tempfile.mkdtemp(prefix=f"{int(time.time())}-", dir=versions))
        _remove_stale(build_dir, {version.resolve(), *( [current.resolve()] if current else [])})
        try:
            results = _run(course, jobs, manifest, current, version, report, workers)
            failed = {job_id: r for job_id, r in results.items() if r.problems or r.error}
            if failed:
                problems = list(dict.fromkeys(p for r in failed.values() for p in r.problems))
                errors = [r.error for r in failed.values() if r.error]
                if problems:
                    raise CourseError(problems)
                raise BuildError("\n".join(errors))
            _downloads_into_site(course, version)
            zip_key = _digest("zip", [results[j.id].files for j in jobs], [manifest.get("jobs", {}).get(j.id)
                                                                         for j in jobs], [j.key for j in jobs])
            _zip(course, version, manifest, current, zip_key, report)
            new_manifest = {"inputs": inputs, "jobs": {j.id: j.key for j in jobs} | {"zip": zip_key},
                            "files": {j.id: results[j.id].files for j in jobs} | {"zip": ["site.zip"]}}
            write_atomically(version / MANIFEST, json.dumps(new_manifest, indent=1).encode())
            version.chmod(0o755)
            publish(build_dir, version)
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        if current is not None:
            shutil.rmtree(current, ignore_errors=True)
        built = sum(1 for j in jobs if not results[j.id].summary.startswith("unchanged"))
        report(f"built {built} of {len(jobs)} jobs in {time.perf_counter() - started:.1f} s; outputs in "
               f"{_shown(build_dir)}/ (pdf, slides, site, site.zip)")
        return 0


@contextlib.contextmanager
def _without_collection() -> Iterator[None]:
    """No garbage collection in the build's own process: it builds the course once and keeps it, so the
    passes only cost time (0.15-0.2 s of the start, before any worker runs). Workers collect as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _checked_while_loading(root: Path) -> Course:
    """The checked course (CourseError otherwise); a forked process reads and checks it while this one
    loads the renderers and jieba for the workers, so the two steps share the two cores (0.5 s sooner)."""
    with in_background(_check, root) as checking:
        for module in _RENDERERS.values():
            if checking.done() and checking.result()[0] is None:
                break  # a broken course: say so at once
            importlib.import_module(module)
        else:
            chinese_words.preload()
        course, problems, error = checking.result()
    if problems:
        raise CourseError(problems)
    if course is None:
        raise BuildError(error)
    return course


def _check(root: Path) -> tuple[Course | None, list[Problem], str]:
    """`checked_course` in the background worker, its outcome as plain data (CourseError does not pickle)."""
    try:
        return checked_course(root), [], ""
    except CourseError as error:
        return None, list(error.problems), ""
    except BuildError as error:
        return None, [], str(error)


def _intact(build_dir: Path) -> bool:
    """The published outputs are all there (a user may have deleted one by hand)."""
    return all((build_dir / name).exists() for name in OUTPUTS)


def _run(course: Course, jobs: list[Job], manifest: dict, current: Path | None, version: Path,
         report: Callable[[str], None], workers: int | None) -> dict[str, JobResult]:
    """Carry over unchanged jobs; run the others in worker processes, longest first, reporting each."""
    old_keys, old_files = manifest.get("jobs", {}), manifest.get("files", {})
    results: dict[str, JobResult] = {}
    todo = []
    for job in jobs:
        if current is not None and old_keys.get(job.id) == job.key and all(
                (current / f).exists() for f in old_files.get(job.id, ["-"])):
            _carry_over(current, version, old_files[job.id])
            results[job.id] = JobResult(files=list(old_files[job.id]), summary="unchanged")
        else:
            todo.append(job)
    if not todo:
        return results
    count = min(len(todo), workers or os.cpu_count() or 1)
    report(f"building {len(todo)} of {len(jobs)} outputs in {count} process{'es' if count > 1 else ''} "
           f"({len(jobs) - len(todo)} unchanged)")
    with forked_pool(course, count, preload=sorted({_RENDERERS[job.kind] for job in todo})) as pool:
        pending: dict[Future[JobResult], Job] = {
            pool.submit(run_job, job, str(version)): job for job in sorted(todo, key=lambda j: -j.weight)
        }
        done_count = 0
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                job = pending.pop(future)
                result = future.result()
                results[job.id] = result
                if current is not None and not (result.problems or result.error):
                    _keep_same_files(current, version, result.files)
                done_count += 1
                state = result.summary if not (result.problems or result.error) else "FAILED"
                report(f"  [{done_count}/{len(todo)}] {job.id}: {state} in {result.seconds:.1f} s")
    return results


def _zip(course: Course, version: Path, manifest: dict, current: Path | None, key: str,
         report: Callable[[str], None]) -> None:
    import io
    from contextlib import redirect_stdout

    from build_tools.site.build import zip_site

    if current is not None and manifest.get("jobs", {}).get("zip") == key and (current / "site.zip").is_file():
        _link_or_copy(current / "site.zip", version / "site.zip")
        return
    with redirect_stdout(io.StringIO()):
        zip_site(version / "site", version / "site.zip")
    report(f"  site.zip: {(version / 'site.zip').stat().st_size / 1e6:.1f} MB")


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def main_build(root: Path, build_dir: Path, workers: int | None = None) -> int:
    """The CLI's `build` step; Ctrl-C and SIGTERM stop it cleanly, so a killed build cleans up too."""
    def stop(signum: int, frame: object) -> None:
        raise BuildInterrupted(signal.Signals(signum).name)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return build_all(root, build_dir, report=lambda line: print(line, flush=True), workers=workers)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.stdout.flush()
