"""Time the participant site's build (MkDocs in-process for every language plus the link check); print the median.

Uses the built PDFs and decks in build/ when they are all there, stand-in files otherwise (the build only
copies them). Usage: python benchmarks/bench_site.py [--runs N] [--root COURSE]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.checks.checked import checked_course  # noqa: E402
from build_tools.course.model import Course  # noqa: E402
from build_tools.site.build import build_site, site_downloads  # noqa: E402


def download_dirs(course: Course, scratch: Path) -> tuple[Path, Path, str]:
    """<root>/build/pdf and build/slides when complete, else stand-ins in `scratch`; and which was used."""
    pdf_dir, slides_dir = course.root / "build/pdf", course.root / "build/slides"
    wanted = [d for lang in course.languages for d in site_downloads(course, lang.code, pdf_dir, slides_dir)]
    if all(d.source_path.is_file() for d in wanted):
        return pdf_dir, slides_dir, "the built PDFs and decks"
    pdf_dir, slides_dir = scratch / "pdf", scratch / "slides"
    for lang in course.languages:
        for download in site_downloads(course, lang.code, pdf_dir, slides_dir):
            download.source_path.parent.mkdir(parents=True, exist_ok=True)
            download.source_path.write_bytes(b"stand-in")
    return pdf_dir, slides_dir, "stand-in downloads"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the course repository (default: this one)")
    args = parser.parse_args()
    course = checked_course(args.root)
    times, size = [], 0
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        pdf_dir, slides_dir, source = download_dirs(course, Path(scratch))
        for run in range(args.runs):
            out = Path(scratch) / f"site-{run}"
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                build_site(course, out, pdf_dir=pdf_dir, slides_dir=slides_dir)
            times.append(time.perf_counter() - started)
            size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    languages = " + ".join(lang.code for lang in course.languages)
    print(f"site ({languages}, strict, link check; {source}): median {statistics.median(times):.2f} s "
          f"over {args.runs} runs, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
