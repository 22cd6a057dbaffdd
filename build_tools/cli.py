"""Command line: parses arguments, runs one step, maps the outcome to an exit code. Nothing else.

Exit codes: 0 done, 1 the course has problems (each printed as `path:line: message [code]`),
2 the command was called wrongly.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from build_tools.course.problems import BuildError, BuildInterrupted, CourseError, format_report


def _check(args: argparse.Namespace) -> int:
    """Every problem; what was found for unchanged inputs is kept in build/.cache/check (`pipeline.check_cache`)."""
    from build_tools.pipeline.check_cache import check_store, checked_report
    from build_tools.pipeline.fingerprints import toolchain_files

    started = time.perf_counter()
    toolchain = None if args.no_cache else toolchain_files()
    store = None if toolchain is None else check_store(args.root, toolchain)
    report = checked_report(args.root, store, toolchain)
    print(format_report(report.problems, ci=bool(os.environ.get("CI"))))
    errors = [p for p in report.problems if not p.warning]
    if not errors:
        print(f"checked {report.pages} pages and {report.sessions} sessions in {time.perf_counter() - started:.2f} s")
    return 1 if errors else 0


def _workers() -> int:
    return os.cpu_count() or 1


def _pdf(args: argparse.Namespace) -> int:
    from build_tools.pipeline.build import render_outputs

    render_outputs(args.root, "pdf", args.out, workers=_workers())
    return 0


def _slides(args: argparse.Namespace) -> int:
    from build_tools.parts.output_jobs import RenderOptions
    from build_tools.pipeline.build import render_outputs

    render_outputs(args.root, "decks", args.out, options=RenderOptions(deck_template=args.template), workers=_workers())
    return 0


def _site(args: argparse.Namespace) -> int:
    from build_tools.pipeline.build import render_outputs

    render_outputs(args.root, "site", args.out, downloads=(args.pdf.resolve(), args.slides.resolve()), workers=1)
    return 0


def _build(args: argparse.Namespace) -> int:
    from build_tools.pipeline.build import main_build

    return main_build(args.root, args.out, workers=args.workers)


def _zip_site(args: argparse.Namespace) -> int:
    from build_tools.site.build import zip_site

    zip_site(args.site, args.out)
    folder = args.out.name.removesuffix(".zip")
    print(f"site: {args.out} ({args.out.stat().st_size / 1e6:.1f} MB); unzip it and open {folder}/index.html")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from build_tools.serve.command import serve

    return serve(args.root, args.host, args.port, report=lambda line: print(line, flush=True))


def _translations(args: argparse.Namespace) -> int:
    from build_tools.checks.checked import course_and_problems
    from build_tools.course.translations import mark_current, report_table

    course, problems = course_and_problems(args.root)
    if args.mark_current:
        wanted = {path.resolve() for path in args.mark_current}
        chosen = {p.key for p in course.pages if (course.root / p.source_path).resolve() in wanted
                  or any((course.root / p.source_path).resolve().is_relative_to(w) for w in wanted if w.is_dir())}
        pages = [p for p in course.pages if p.key in chosen and not course.language(p.language).default]
        found = {(course.root / p.source_path).resolve() for p in course.pages if p.key in chosen}
        unknown = {w for w in wanted if w not in found and not w.is_dir()}
        if unknown:
            print(f"not a page of the course: {', '.join(sorted(str(u) for u in unknown))}", file=sys.stderr)
            return 2
        for path in mark_current(course, course.translations, pages):
            print(f"updated {path.relative_to(course.root) if path.is_relative_to(course.root) else path}")
        course, problems = course_and_problems(args.root)
    print(report_table(course, course.translations))
    return 0


def _linkcheck(args: argparse.Namespace) -> int:
    from build_tools.checks.checked import checked_course
    from build_tools.checks.external_links import check_external_links

    course = checked_course(args.root)

    return check_external_links(course)


def main(argv: list[str] | None = None) -> int:
    """Run one command; course problems become exit 1 with the full report on stderr."""
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    steps: dict[str, Callable[[argparse.Namespace], int]] = {}

    def add(name: str, step: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        steps[name] = step
        return commands.add_parser(name, help=help_text)

    check_parser = add("check", _check, "check the course and report every problem")
    check_parser.add_argument("--no-cache", action="store_true",
                              help="find everything again, without the results kept in build/.cache/check")
    build_parser = add("build", _build, "build every output (only what changed), published together")
    build_parser.add_argument("--out", type=Path, default=Path("build"))
    build_parser.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    add("pdf", _pdf, "build the PDF workbooks").add_argument("--out", type=Path, default=Path("build/pdf"))
    slides_parser = add("slides", _slides, "build the slide decks")
    slides_parser.add_argument("--out", type=Path, default=Path("build/slides"))
    slides_parser.add_argument("--template", type=Path, help="a company .pptx/.potx instead of decks.yml's template")
    site_parser = add("site", _site, "build the website, with the PDFs and decks on its downloads page")
    site_parser.add_argument("--out", type=Path, default=Path("build/site"))
    site_parser.add_argument("--pdf", type=Path, default=Path("build/pdf"), help="built PDFs to offer")
    site_parser.add_argument("--slides", type=Path, default=Path("build/slides"), help="built decks to offer")
    zip_parser = add("zip-site", _zip_site, "zip the built site for offline use")
    zip_parser.add_argument("--site", type=Path, default=Path("build/site"))
    zip_parser.add_argument("--out", type=Path, default=Path("build/site.zip"))
    serve_parser = add("serve", _serve, "preview the site, the PDF pages and the slides while you edit")
    serve_parser.add_argument("--host", default="127.0.0.1",
                              help="the address (default 127.0.0.1; any other previews participants' outputs only)")
    serve_parser.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0: any free port)")
    add("linkcheck", _linkcheck, "check external links online")
    translations = add("translations", _translations, "list translated sections: up to date, stale, missing")
    translations.add_argument("--mark-current", type=Path, nargs="+", metavar="PAGE",
                              help="record these pages (a page of any language marks its translations; a folder, "
                                   "every page in it) as checked against their originals")
    args = parser.parse_args(argv)
    try:
        return steps[args.command](args)
    except (CourseError, BuildError) as error:
        print(str(error), file=sys.stderr)
        return 1
    except (KeyboardInterrupt, BuildInterrupted):
        print("interrupted: nothing half-written was kept; the previous outputs are unchanged", file=sys.stderr)
        return 130
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"error: cannot read or write{where}: {error.strerror or error} "
              "(is the disk full, or the folder read-only?); the previous outputs are unchanged", file=sys.stderr)
        return 1
