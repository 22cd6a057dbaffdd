"""The benchmark (`make bench`): the toolchain timed as a trainer and a developer meet it, as ratios to the yardstick.

- `make check` on the first course (the whole process): cold (nothing kept from an earlier check), on an
  unchanged course, and after one sentence of one page was edited (a Chinese page, an English page);
- `make all`: clean, no-op, one edited sentence, a ten-times course, two clones at different paths;
- with `--suite`: `make test-fast`, and `make test` twice: with no verdicts kept from earlier runs (as CI on a
  fresh clone; the kept ones are set aside and put back) and again with the verdicts that run kept (a developer's
  next run: only changed pages and PDFs checked again, tests/kept_verdicts.py).

Each case runs the real command on a copy of the repository's course in a temporary folder and prints the
median wall time and the peak memory of the whole process tree (the build and its workers, sampled every
20 ms). The ten-times course is generated on the fly from the first course: its modules repeated ten times
(40 modules) over ten days. `../shared/yardstick` (raw WeasyPrint on a plain 43-page document) runs in the
same run, before and after the cases, and every figure is also printed as a multiple of it: machines differ
about twofold. Last come issue 26's measures: the clean build against the raw engine's time for the same
PDF pages on two cores (the yardstick's seconds per page × the pages ÷ 2), an edited build as a share of
a clean one, and the clean build's CPU seconds against the raw engine's CPU for the same pages (a shared
machine's load moves CPU seconds far less than wall-clock ones).

With `--serve` (or `--serve-only`), `make serve` on the first course: save → site page reloaded, save → PDF pages
and slides updated, broken save → problem shown (`serve_bench.py`).

Usage: python benchmarks/bench.py [--runs N] [--skip-large] [--suite] [--check-only] [--serve | --serve-only]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITED_PAGE = "docs/modules/02-role-thinking.md"
EDITED_TWIN = "docs/modules/02-role-thinking.en.md"
CHECK_CACHE = Path("build/.cache/check")
YARDSTICK_PAGES = 43  # the plain document `../shared/yardstick` lays out
CORES = 2  # the measure of issue 26: the yardstick's seconds per page × the build's PDF pages ÷ two cores


def copy_course(target: Path) -> Path:
    """The course sources (docs/, slides/, mkdocs.yml) in a fresh folder."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "slides", target / "slides", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parent = int(fields[1])
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
        rss[int(entry.name)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def run_build(root: Path, memory: bool = False, cpu: list[float] | None = None) -> tuple[float, int, str]:
    """(seconds, peak tree RSS, stdout) of one `build` in `root`; the CPU seconds of the build and its workers
    are appended to `cpu` when given.

    Sampling memory walks /proc, which costs CPU the build would use on a 2-core machine, so timed runs
    do not sample (peak 0); the peak comes from a run of its own, sampled every 0.1 s.
    """
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as `make all` runs it (the Makefile keeps compiled modules)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "build_tools", "build", "--out", "build"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    sampling = memory

    def sample() -> None:
        nonlocal peak
        while sampling:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, errors = process.communicate()
    seconds = time.perf_counter() - started
    sampling = False
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{output}\n{errors}")
    if cpu is not None:
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime)
    return seconds, peak, output


def outputs_hashes(root: Path) -> dict[str, str]:
    current = root / "build" / ".current"
    return {p.relative_to(current).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(current.rglob("*")) if p.is_file() and p.name != "manifest.json"}


def english_inodes(root: Path) -> dict[str, int]:
    """The inode of every English output: PDFs, decks and the English site (a rewritten file gets a new one)."""
    current = root / "build" / ".current"
    found = {}
    for path in sorted(current.rglob("*")):
        relative = path.relative_to(current)
        if path.is_file() and ("en" in relative.parts[:-1] or "-en-" in path.name or path.name.endswith("-en.pptx")):
            found[relative.as_posix()] = path.stat().st_ino
    return found


def ten_times(root: Path) -> None:
    """Make the course in `root` ten times larger: 40 modules over ten days (ids made unique per copy)."""
    docs = root / "docs"
    modules = sorted((docs / "modules").glob("0[1-4]-*.md"))
    number = 5
    for copy in range(2, 11):
        for original in sorted(m for m in modules if not m.name.endswith(".en.md")):
            stem = original.name.removesuffix(".md").split("-", 1)[1]
            for suffix in ("", ".en"):
                source = original.with_name(original.name.removesuffix(".md") + suffix + ".md")
                text = source.read_text(encoding="utf-8")
                text = re.sub(r"\{#(?!objectives\b)([\w\-]+)", rf"{{#\1-x{copy}", text)  # section ids keep their name
                text = re.sub(r"\]\(#([\w\-]+)\)", rf"](#\1-x{copy})", text)
                (docs / "modules" / f"{number:02d}-{stem}-x{copy}{suffix}.md").write_text(text, encoding="utf-8")
            number += 1
    settings = (docs / "course.yml").read_text(encoding="utf-8")
    settings = settings.replace("teaching_minutes: 360", "teaching_minutes: 3600")
    day = settings[settings.index("  - start:"):].rstrip("\n") + "\n"
    settings = settings.rstrip("\n") + "\n" + day * 9
    (docs / "course.yml").write_text(settings, encoding="utf-8")
    (docs / "translations").exists() and shutil.rmtree(docs / "translations")


def timed(command: list[str], cwd: Path) -> float:
    """Seconds one command takes; a failing command is not a benchmark, so it stops here."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as `make` runs it (the Makefile keeps compiled modules)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds


def median(values: list[float]) -> float:
    return statistics.median(values)


def edit_sentence(root: Path, relative: str, run: int) -> None:
    """One sentence of one page edited, differently in every run (so no run finds another's kept results)."""
    page = root / relative
    stop = "。" if not relative.endswith(".en.md") else ". "
    page.write_text(page.read_text(encoding="utf-8").replace(stop, stop + " " * (run + 1), 1), encoding="utf-8")


def check_rows(scratch: Path, runs: int) -> list[tuple[str, float, int, float | None]]:
    """`make check` cold, unchanged and after a one-page edit (a Chinese page, an English one), each the whole
    process; the kept results are those of the check before (as in a trainer's edit, check, look).

    The machine is shared, so each round runs the yardstick once right before its checks, and each figure is
    also the median of its ratios to the yardstick of its own round (the load changes from minute to minute).
    """
    root = copy_course(scratch / "check")
    check = [sys.executable, "-m", "build_tools", "check"]
    names = ["`make check`, cold (nothing kept)", "`make check`, unchanged course",
             *(f"`make check` after one sentence edited in {page}" for page in (EDITED_PAGE, EDITED_TWIN))]
    seconds: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        yardstick = yardstick_seconds(1, quiet=True)
        shutil.rmtree(root / CHECK_CACHE, ignore_errors=True)
        found = [timed(check, root), timed(check, root)]
        for page in (EDITED_PAGE, EDITED_TWIN):
            edit_sentence(root, page, run)
            found.append(timed(check, root))
        for name, value in zip(names, found, strict=True):
            seconds[name].append(value)
            if yardstick:
                ratios[name].append(value / yardstick)
    return [(name, median(seconds[name]), 0, median(ratios[name]) if ratios[name] else None) for name in names]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true", help="leave out the ten-times course")
    parser.add_argument("--suite", action="store_true", help="time make test-fast and make test too (minutes)")
    parser.add_argument("--check-only", action="store_true", help="time only `make check` (a minute)")
    parser.add_argument("--serve", action="store_true", help="time `make serve` too (save → site, previews, problem)")
    parser.add_argument("--serve-only", action="store_true", help="time `make serve` only")
    args = parser.parse_args()
    before = yardstick_seconds(args.runs)  # run before and after the cases: a shared machine's load drifts
    scratch = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    rows: list[tuple[str, float, int, float | None]] = []
    try:
        if args.serve or args.serve_only:
            from serve_bench import serve_rows

            served = serve_rows(copy_course(scratch / "serve"), args.runs)
            rows += [(name, seconds, 0, None) for name, seconds in served]
            if args.serve_only:
                return report(rows, args.runs, before)
        rows += check_rows(scratch, args.runs)
        if args.check_only:
            return report(rows, args.runs, before)
        clean, noop, edit, clean_cpu = [], [], [], []
        english_kept = True
        pages = 0
        for run in range(args.runs):
            root = copy_course(scratch / f"run{run}")
            seconds, _, output = run_build(root, cpu=clean_cpu)
            clean.append(seconds)
            pages = pdf_pages(output)
            seconds, _, output = run_build(root)
            assert "up to date" in output, output
            noop.append(seconds)
            english = english_inodes(root)
            page = root / EDITED_PAGE
            page.write_text(page.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
            seconds, _, _ = run_build(root)
            edit.append(seconds)
            after = english_inodes(root)
            # the edited page's English twin gains the notice that it may lag the Chinese (issue 13)
            twin = "site/en/" + EDITED_PAGE.removeprefix("docs/").removesuffix(".md") + ".html"
            rewritten = [name for name, ino in english.items() if after.get(name) != ino and name != twin]
            english_kept &= not rewritten and len(english) > 50
            if rewritten:
                print(f"English files rewritten by the Chinese edit: {rewritten[:5]}")
        print(f"clean runs: {' '.join(f'{v:.2f}' for v in clean)} s; edit runs: {' '.join(f'{v:.2f}' for v in edit)} s")
        other = copy_course(scratch / "another" / "clone" / "path")
        _, peak, _ = run_build(other, memory=True)  # a clean build too: its peak is the clean build's
        rows.append(("clean `make all`", median(clean), peak, None))
        rows.append(("no-op `make all`", median(noop), 0, None))
        rows.append((f"one sentence edited in {EDITED_PAGE}", median(edit), 0, None))
        print(f"English outputs rewritten by the Chinese edit: {'no' if english_kept else 'YES'} (besides the "
              "edited page's English twin, which now notes that it may lag the Chinese)")
        first = copy_course(scratch / "first")
        run_build(first)
        same = outputs_hashes(first) == outputs_hashes(other)
        print(f"two clones at different paths: {'byte-identical' if same else 'DIFFERENT'} outputs")
        if not args.skip_large:
            large = copy_course(scratch / "large")
            ten_times(large)
            seconds, peak, _ = run_build(large, memory=True)
            rows.append(("the course ten times larger (40 modules, 10 days), clean", seconds, peak, None))
            print(f"ten-times course / clean course: {seconds / median(clean):.1f}×")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.suite:
        rows += suite_rows()
    report(rows, args.runs, before, (pages, median(clean), median(edit)))
    return cpu_report(pages, clean_cpu)


def cpu_report(pages: int, clean_cpu: list[float]) -> int:
    """Issue 26's measure in CPU seconds, which a shared machine's load barely moves: the clean builds' CPU (the
    build and its workers) against the raw engine's CPU for the same pages (the yardstick's document laid out
    and written in this process). With both cores kept busy the wall-clock ratio above equals it; idle cores
    (the build's start, its last job alone) only add to the wall-clock one."""
    per_page = yardstick_cpu_per_page()
    if per_page and pages and clean_cpu:
        print(f"clean build CPU {' '.join(f'{v:.1f}' for v in clean_cpu)} s / the raw engine's CPU for its {pages} "
              f"pages ({per_page * pages:.1f} s, yardstick {per_page * YARDSTICK_PAGES:.2f} s CPU): "
              f"{median(clean_cpu) / (per_page * pages):.2f}× (median)")
    return 0


def yardstick_cpu_per_page(runs: int = 3) -> float | None:
    """CPU seconds per page of `../shared/yardstick`'s document, laid out and written here (median of `runs`)."""
    script = ROOT.parent / "shared" / "yardstick" / "yardstick.py"
    if not script.is_file():
        return None
    import importlib.util

    from weasyprint import HTML

    spec = importlib.util.spec_from_file_location("yardstick", script)
    assert spec is not None and spec.loader is not None
    yardstick = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(yardstick)
    source = yardstick.document()
    HTML(string=source).render().write_pdf()  # fonts and caches warm, as the yardstick's start-up is not timed
    times = []
    for _ in range(runs):
        started = time.process_time()
        HTML(string=source).render().write_pdf()
        times.append(time.process_time() - started)
    return median(times) / YARDSTICK_PAGES


def suite_rows() -> list[tuple[str, float, int, float | None]]:
    """`make test-fast`; `make test` with no kept verdicts (those kept are set aside and put back); `make test`
    again with the verdicts that run kept."""
    kept = ROOT / "test-artifacts" / ".cache" / "verdicts"
    aside = kept.with_name("verdicts-set-aside")
    shutil.rmtree(aside, ignore_errors=True)
    rows: list[tuple[str, float, int, float | None]] = [
        ("`make test-fast`", timed(["make", "--no-print-directory", "test-fast"], ROOT), 0, None)]
    if kept.exists():
        kept.rename(aside)
    try:
        rows.append(("`make test`, no verdicts kept (a fresh clone, as CI)",
                     timed(["make", "--no-print-directory", "test"], ROOT), 0, None))
        rows.append(("`make test` again, the verdicts of that run kept",
                     timed(["make", "--no-print-directory", "test"], ROOT), 0, None))
    finally:
        if aside.exists():
            shutil.rmtree(kept, ignore_errors=True)
            aside.rename(kept)
    return rows


def report(rows: list[tuple[str, float, int, float | None]], runs: int, before: float | None,
           build: tuple[int, float, float] | None = None) -> int:
    """The table: each case's median, as seconds and as a multiple of the yardstick run before and after the
    cases (a shared machine's load drifts); then, after a build, issue 26's two measures."""
    after = yardstick_seconds(runs)
    yardstick = (before + after) / 2 if before and after else after
    if yardstick:
        print(f"yardstick (raw WeasyPrint, 43 plain pages, this run): median {before or 0:.2f} s before the cases, "
              f"{after or 0:.2f} s after; figures below use their mean, {yardstick:.2f} s")
    print(f"{'case':<72} {'median s':>9} {'× yardstick':>12} {'peak MiB':>9}  (check: median of per-round ratios)")
    for name, seconds, peak, own_ratio in rows:
        ratio = f"{own_ratio:.2f}" if own_ratio is not None else f"{seconds / yardstick:.2f}" if yardstick else "n/a"
        print(f"{name:<72} {seconds:>9.2f} {ratio:>12} {peak / 2**20 if peak else float('nan'):>9.0f}")
    if build:
        pages, clean, edit = build
        if yardstick and pages:
            engine = yardstick / YARDSTICK_PAGES * pages / CORES
            print(f"clean build / the raw engine's time for its {pages} PDF pages on {CORES} cores (yardstick's "
                  f"s/page × {pages} ÷ {CORES} = {engine:.2f} s): {clean / engine:.2f}×")
        print(f"edited build / clean build: {edit / clean:.0%}")
    return 0


def pdf_pages(output: str) -> int:
    """The PDF pages a clean build made, from its report (`pdf:zh:participant: 102 pages in 9.1 s`)."""
    return sum(int(count) for count in re.findall(r"pdf:[\w-]+:\w+: (\d+) pages", output))


def yardstick_seconds(runs: int, quiet: bool = False) -> float | None:
    """`../shared/yardstick` in this run (machines differ about twofold: figures are read as ratios to it)."""
    script = ROOT.parent / "shared" / "yardstick" / "yardstick.py"
    if not script.is_file():
        if not quiet:
            print(f"no yardstick at {script}: figures in seconds only")
        return None
    output = subprocess.run([sys.executable, str(script), "--runs", str(max(runs, 3))], capture_output=True,
                            text=True, check=True).stdout
    found = re.search(r"in ([\d.]+) s", output)
    return float(found[1]) if found else None


if __name__ == "__main__":
    sys.exit(main())
