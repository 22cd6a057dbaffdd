"""Time the slide decks of a course and print medians: planning, each deck, each language's set.

Usage: python benchmarks/bench_slides.py [--runs N] [--root COURSE]   (the repository's course by default)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.checks.checked import checked_course  # noqa: E402
from build_tools.course.model import Edition  # noqa: E402
from build_tools.parts.output_files import deck_name  # noqa: E402
from build_tools.slides.render import plan_all_decks, render_deck  # noqa: E402
from build_tools.slides.settings import load_deck_settings  # noqa: E402


def main() -> int:
    """Plan and write every deck `--runs` times (in memory) and print the median of each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the course to build (default: this repository)")
    args = parser.parse_args()
    course = checked_course(args.root)
    settings = load_deck_settings(args.root, ROOT / "slides" / "decks.yml" if args.root != ROOT else None)
    planning: list[float] = []
    decks: dict[str, list[float]] = defaultdict(list)
    sets: dict[str, list[float]] = defaultdict(list)
    slides: dict[str, int] = {}
    for _ in range(args.runs):
        started = time.perf_counter()
        plans = plan_all_decks(course, settings)
        planning.append(time.perf_counter() - started)
        per_set: dict[str, float] = defaultdict(float)
        for plan in plans:
            name = f"{plan.language}/{deck_name(course, plan.language, plan.module)}"
            started = time.perf_counter()
            for edition in Edition:
                render_deck(plan, edition, settings)
            elapsed = time.perf_counter() - started
            decks[name].append(elapsed)
            per_set[plan.language] += elapsed
            slides[name] = len(plan.slides)
        for language, seconds in per_set.items():
            sets[language].append(seconds)
    print(f"plan all decks (measure text, split lists): median {statistics.median(planning):.2f} s")
    for name, times in decks.items():
        print(f"  {name:<36} {slides[name]:>4} slides, both editions: median {statistics.median(times):.2f} s")
    for language, times in sets.items():
        print(f"deck set {language} (whole course + modules, both editions): median {statistics.median(times):.2f} s")
    total = statistics.median(planning) + sum(statistics.median(t) for t in sets.values())
    print(f"all decks: median {total:.2f} s over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
