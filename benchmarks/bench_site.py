"""Time the participant site's build (MkDocs for both languages plus the link check) and print the median.

Uses the built PDFs and decks in build/ when they are all there, stand-in files otherwise (the build only
copies them). Usage: python benchmarks/bench_site.py [--runs N]
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

from build_tools.site.build import build_site, site_downloads  # noqa: E402
from build_tools.cli import checked_course  # noqa: E402
from build_tools.load import LoadResult  # noqa: E402


def download_dirs(result: LoadResult, scratch: Path) -> tuple[Path, Path, str]:
    """build/pdf and build/slides when complete, else stand-ins in `scratch`; and which was used."""
    course = result.course
    pdf_dir, slides_dir = ROOT / "build/pdf", ROOT / "build/slides"
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
    args = parser.parse_args()
    result = checked_course(ROOT)
    times, size = [], 0
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        pdf_dir, slides_dir, source = download_dirs(result, Path(scratch))
        for run in range(args.runs):
            out = Path(scratch) / f"site-{run}"
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                build_site(result, out, pdf_dir=pdf_dir, slides_dir=slides_dir)
            times.append(time.perf_counter() - started)
            size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"site (zh + en, strict, link check; {source}): median {statistics.median(times):.2f} s "
          f"over {args.runs} runs, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
