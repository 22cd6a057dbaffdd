"""The site generator stays swappable: ProperDocs (the maintained fork of MkDocs 1.x) builds the same site.

The two-day fixture course's site is built twice by the real command (`python -m build_tools site`), once
with MkDocs and once with SITE_GENERATOR=properdocs, each in its own process: ProperDocs takes over every
`mkdocs` import of the process it runs in, so it never runs inside the test process. Both sites must have
the same files and the same `<article>` (the page body) on every page; apart from the generator's name in
`<meta name="generator">` they are the same bytes. Strict mode must stay strict under ProperDocs too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from course_copies import TWO_DAY
from site_courses import site_course, stand_in_downloads

from build_tools.checks.checked import checked_course
from build_tools.course.problems import BuildError
from build_tools.course.site_generator import ENVIRONMENT, site_generator

REPOSITORY = Path(__file__).resolve().parents[2]
NAMES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}  # SITE_GENERATOR's value → the name the build prints
GENERATORS = tuple(NAMES)
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')


def in_new_process(generator: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python <args>` in a fresh interpreter with SITE_GENERATOR=`generator` (the toolchain from this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY), ENVIRONMENT: generator}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The fixture course's site built by each generator (stand-in downloads), as {path: bytes} per generator."""
    folder = tmp_path_factory.mktemp("properdocs")
    root = site_course(folder, TWO_DAY)
    pdf_dir, slides_dir = stand_in_downloads(checked_course(root), folder / "downloads")
    built = {}
    for generator in GENERATORS:
        out = folder / f"site-{generator}"
        result = in_new_process(generator, ["-m", "build_tools", "site", "--out", str(out), "--pdf", str(pdf_dir),
                                            "--slides", str(slides_dir)], cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"MB ({NAMES[generator]})" in result.stdout  # the variable chose the generator that ran
        built[generator] = site_files(out)
    return built


@pytest.mark.integration
def test_properdocs_builds_the_same_files(sites):
    assert sorted(sites["properdocs"]) == sorted(sites["mkdocs"])


@pytest.mark.integration
def test_properdocs_builds_the_same_article_on_every_page(sites):
    pages = [path for path in sites["mkdocs"] if path.endswith(".html")]
    assert len(pages) > 20
    for path in pages:
        articles = {generator: ARTICLE.findall(sites[generator][path].decode()) for generator in GENERATORS}
        assert len(articles["mkdocs"]) == 1, path
        assert articles["properdocs"] == articles["mkdocs"], path


@pytest.mark.integration
def test_only_the_generator_tag_tells_the_sites_apart(sites):
    """Navigation, search index, sitemap, assets and the pages' security policy are the same bytes too."""
    differing = [path for path, content in sites["mkdocs"].items() if sites["properdocs"][path] != content]
    for path in differing:
        tags = {generator: GENERATOR_META.findall(sites[generator][path].decode()) for generator in GENERATORS}
        assert "ProperDocs" in "".join(tags["properdocs"]) and "ProperDocs" not in "".join(tags["mkdocs"]), path
        untagged = {generator: GENERATOR_META.sub("", sites[generator][path].decode()) for generator in GENERATORS}
        assert untagged["properdocs"] == untagged["mkdocs"], path
    assert differing  # the ProperDocs site was built by ProperDocs


_HOOK = """
import logging
def on_page_markdown(markdown, **kwargs):
    logging.getLogger("mkdocs.hooks.course").warning("a hook's warning")
    return markdown
"""

_STRICT_BUILD = """
from build_tools.course.site_generator import site_generator
generator = site_generator()
config = generator.load_config(config_file="mkdocs.yml", site_dir="site", strict=True, hooks=["hook.py"])
try:
    generator.build(config)
except generator.error:
    print(generator.name, "refused")
"""


@pytest.mark.integration
@pytest.mark.parametrize("generator", GENERATORS)
def test_a_warning_of_a_hook_fails_the_strict_build(tmp_path, generator):
    """Hooks and plugins log on `mkdocs.*` loggers; under ProperDocs their warnings must still count."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Page\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: strict\ntheme: material\n", encoding="utf-8")
    (tmp_path / "hook.py").write_text(_HOOK, encoding="utf-8")
    result = in_new_process(generator, ["-c", _STRICT_BUILD], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == [NAMES[generator], "refused"]


def test_properdocs_cannot_be_chosen_once_mkdocs_is_loaded(monkeypatch):
    import mkdocs.config  # noqa: F401  -- as in this test process, where MkDocs builds the sites

    monkeypatch.setenv(ENVIRONMENT, "properdocs")
    with pytest.raises(BuildError, match="has loaded MkDocs already"):
        site_generator.__wrapped__()
    assert sys.modules["mkdocs"].__name__ == "mkdocs"  # ProperDocs did not take over this process


def test_an_unknown_generator_is_refused(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, "sphinx")
    with pytest.raises(BuildError, match="names no site generator"):
        site_generator.__wrapped__()
