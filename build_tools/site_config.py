"""What the pipeline needs from mkdocs.yml: languages, docs_dir and the Markdown extension setup.

mkdocs.yml is read with MkDocs' own loader (it has `!!python/...` tags and validates plugin options),
so the site, the PDFs and the decks agree on languages and on how Markdown is parsed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.model import Language


@dataclass(frozen=True)
class SiteConfig:
    """The parts of mkdocs.yml that every output shares."""

    config_file: Path
    docs_dir: Path
    languages: tuple[Language, ...]
    markdown_extensions: tuple[Any, ...]
    extension_configs: dict[str, Any]

    @property
    def default_language(self) -> Language:
        """The language whose files carry no suffix."""
        return next(lang for lang in self.languages if lang.default)


def load_site_config(config_file: Path) -> SiteConfig:
    """Load mkdocs.yml quietly; a broken mkdocs.yml is a developer error and raises."""
    from mkdocs.config import load_config

    mkdocs_logger = logging.getLogger("mkdocs")
    previous = mkdocs_logger.level
    mkdocs_logger.setLevel(logging.ERROR)
    try:
        config = load_config(config_file=str(config_file), hooks=[])  # hooks belong to the site build only
    finally:
        mkdocs_logger.setLevel(previous)
    languages = _languages(config)
    return SiteConfig(
        config_file=Path(config_file).resolve(),
        docs_dir=Path(config["docs_dir"]).resolve(),
        languages=languages,
        markdown_extensions=tuple(config["markdown_extensions"]),
        extension_configs=dict(config["mdx_configs"]),
    )


def _languages(config: Any) -> tuple[Language, ...]:
    """Languages from the i18n plugin, default first; the theme language alone without the plugin."""
    plugin = config["plugins"].get("i18n")
    if plugin is None:
        code = config["theme"].get("language", "en")
        return (Language(code=code, name=code, default=True),)
    entries = [
        Language(code=lang.locale, name=lang.name, default=bool(lang.default))
        for lang in plugin.config.languages
        if lang.build
    ]
    return tuple(sorted(entries, key=lambda lang: not lang.default))
