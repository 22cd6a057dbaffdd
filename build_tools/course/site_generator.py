"""Which generator reads mkdocs.yml and builds the site: MkDocs 1.6, or ProperDocs when SITE_GENERATOR says so.

MkDocs 1.x has no maintainer and MkDocs 2 drops plugins. ProperDocs (package `properdocs`) continues 1.x and
runs the same mkdocs.yml, Material, mkdocs-static-i18n and our plugin. It does so for a whole process: once
`properdocs.replacement` is imported, every `import mkdocs.…` (ours, Material's, the i18n plugin's) loads
`properdocs.…` instead. So the choice is made once per process, before anything imports MkDocs; a process
that has MkDocs loaded already cannot switch (plugins would subclass one generator's classes and be run by
the other's), and stops with a BuildError instead. The course reading (mkdocs_config) and the site build
(site/build.py) take the generator's functions from here, so both read mkdocs.yml the same way.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from build_tools.course.problems import BuildError

__all__ = ["ENVIRONMENT", "SiteGenerator", "chosen_generator", "site_generator"]

ENVIRONMENT = "SITE_GENERATOR"
"""The environment variable that chooses the generator: `mkdocs` (the default) or `properdocs`."""


@dataclass(frozen=True)
class SiteGenerator:
    """One generator's entry points. Each has its own config class of the same shape, hence `Any`."""

    name: str  # as the build's messages name it
    logger: str  # the logger its records go under; with ProperDocs the `mkdocs.*` loggers of plugins and hooks too
    load_config: Callable[..., Any]
    build: Callable[..., None]
    error: type[Exception]  # what load_config and build raise for a refused configuration or a failed build


@functools.cache
def site_generator() -> SiteGenerator:
    """The generator of this process: ProperDocs when SITE_GENERATOR=properdocs or ProperDocs runs us already
    (`properdocs serve`), else MkDocs. Chosen at the first call and kept: the process cannot switch later."""
    chosen = chosen_generator()
    if chosen not in ("mkdocs", "properdocs"):
        raise BuildError(f"{ENVIRONMENT}={os.environ[ENVIRONMENT]!r} names no site generator\n"
                         f"fix: set {ENVIRONMENT} to mkdocs or properdocs, or unset it (MkDocs)")
    if chosen == "properdocs":
        return _properdocs()
    return _mkdocs()


def chosen_generator() -> str:
    """The generator SITE_GENERATOR names (lower case; `mkdocs` when unset), without importing either: what
    `check` keeps its reading of mkdocs.yml under. ProperDocs when it runs us already (`properdocs serve`)."""
    chosen = os.environ.get(ENVIRONMENT, "").strip().lower() or "mkdocs"
    return "properdocs" if chosen == "mkdocs" and _module_name("mkdocs") == "properdocs" else chosen


def _mkdocs() -> SiteGenerator:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    return SiteGenerator("MkDocs", "mkdocs", load_config, build, MkDocsException)


def _properdocs() -> SiteGenerator:
    loaded = sorted(name for name in list(sys.modules) if name.split(".")[0] == "mkdocs"
                    and _module_name(name).split(".")[0] == "mkdocs")
    if loaded:
        raise BuildError(f"{ENVIRONMENT}=properdocs, but this process has loaded MkDocs already ({loaded[0]})\n"
                         f"fix: set {ENVIRONMENT} in the environment the build starts with (not while it runs), "
                         "and preview with `make serve` (it chooses before loading either), not `mkdocs serve`")
    try:
        import properdocs.replacement  # noqa: F401  -- from here on `import mkdocs.x` loads properdocs.x
    except ImportError:
        raise BuildError(f"{ENVIRONMENT}=properdocs, but ProperDocs is not installed\n"
                         "fix: run `make all` once (it installs pyproject.toml's packages), or unset "
                         f"{ENVIRONMENT}") from None
    from properdocs.commands.build import build
    from properdocs.config import load_config
    from properdocs.exceptions import ProperDocsException

    # As `properdocs build` does: records of plugins and hooks on `mkdocs.*` loggers reach ProperDocs' logger,
    # where its strict mode counts the warnings (else a plugin's warning would not fail the strict build).
    legacy = logging.getLogger("mkdocs")
    legacy.parent, legacy.propagate = logging.getLogger("properdocs"), True
    return SiteGenerator("ProperDocs", "properdocs", load_config, build, ProperDocsException)


def _module_name(name: str) -> str:
    """The real name of the module loaded as `name` ("" when none is): ProperDocs loads its own as `mkdocs…`."""
    return str(getattr(sys.modules.get(name), "__name__", ""))
