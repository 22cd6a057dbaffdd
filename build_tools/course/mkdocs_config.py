"""What the pipeline needs from mkdocs.yml: languages, docs_dir and the Markdown extension setup.

mkdocs.yml is read with MkDocs' own loader (it has `!!python/...` tags and validates plugin options),
so the site, the PDFs and the decks agree on languages and on how Markdown is parsed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from build_tools.course.cache_store import CacheStore
from build_tools.course.model import Language
from build_tools.course.problems import BuildError
from build_tools.course.site_generator import chosen_generator, site_generator


@dataclass(frozen=True)
class SiteConfig:
    """The parts of mkdocs.yml that every output shares."""

    config_file: Path
    docs_dir: Path
    languages: tuple[Language, ...]
    admonition_titles: dict[str, dict[str, str]]  # language → box kind → title of an untitled box
    remote_settings: tuple[tuple[str, str], ...] = ()  # (setting, value) that would load from another host
    untranslated_theme: tuple[str, ...] = ()  # language codes the site's theme has no interface translation for
    theme_dirs: tuple[Path, ...] | None = None  # the folders Material's templates are looked up in (None: no Material)

    @property
    def default_language(self) -> Language:
        """The language whose files carry no suffix."""
        return next(lang for lang in self.languages if lang.default)


class _Messages(logging.Handler):
    """MkDocs' configuration warnings and errors, as plain text (no colour codes), for one report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(re.sub(r"\x1b\[[0-9;]*m", "", record.getMessage()))


def load_site_config(config_file: Path) -> SiteConfig:
    """Load mkdocs.yml quietly; a mkdocs.yml MkDocs refuses stops with its messages (BuildError), never silently."""
    generator = site_generator()
    mkdocs_logger = logging.getLogger(generator.logger)
    previous, propagate = mkdocs_logger.level, mkdocs_logger.propagate
    messages = _Messages()
    mkdocs_logger.setLevel(logging.WARNING)
    mkdocs_logger.addHandler(messages)
    mkdocs_logger.propagate = False
    try:
        config = generator.load_config(config_file=str(config_file), hooks=[])  # hooks belong to the site build only
    except (generator.error, SystemExit) as error:
        lines = messages.lines or [str(error)]
        if any("received: <class 'bool'>" in line for line in lines):
            lines = _yes_no_words(Path(config_file)) + lines
        listing = "\n".join(f"  {line}" for line in lines)
        raise BuildError(f"{Path(config_file).name} cannot be used:\n{listing}\n"
                         "fix: correct mkdocs.yml as the lines above say") from None
    finally:
        mkdocs_logger.removeHandler(messages)
        mkdocs_logger.setLevel(previous)
        mkdocs_logger.propagate = propagate
    languages = _languages(config)
    theme_dirs = tuple(Path(folder) for folder in config["theme"].dirs) if config["theme"].name == "material" else None
    return SiteConfig(
        config_file=Path(config_file).resolve(),
        docs_dir=Path(config["docs_dir"]).resolve(),
        languages=languages,
        admonition_titles=_admonition_titles(config, languages),
        remote_settings=_remote_settings(config),
        untranslated_theme=_untranslated_theme(theme_dirs, languages),
        theme_dirs=theme_dirs,
    )


def kept_site_config(config_file: Path, store: CacheStore | None) -> SiteConfig:
    """`load_site_config`, kept in `store` under the hash of mkdocs.yml, so a `check` of an unchanged mkdocs.yml
    does not import MkDocs (about half a second).

    Kept only for what mkdocs.yml alone decides: a file that reads the environment (`!ENV`) or another file
    (`INHERIT`) is always loaded by MkDocs. The folders MkDocs would check (docs_dir, the theme's) are checked
    again on every use, and the theme's language files looked up again, so a kept reading never hides a problem.
    """
    data = b""
    if store is not None:
        with contextlib.suppress(OSError):  # not there, or unreadable: MkDocs says so in its own words
            data = Path(config_file).read_bytes()
    if store is None or not data or b"!ENV" in data or b"INHERIT" in data:
        return load_site_config(config_file)
    key = hashlib.sha256(f"{Path(config_file).resolve()}\0{chosen_generator()}\0".encode() + data).hexdigest()
    kept = store.get("site", key)
    if (isinstance(kept, SiteConfig) and kept.docs_dir.is_dir()
            and all(folder.is_dir() for folder in kept.theme_dirs or ())):
        return replace(kept, untranslated_theme=_untranslated_theme(kept.theme_dirs, kept.languages))
    site = load_site_config(config_file)
    store.put("site", key, site)
    return site


_YES_NO = re.compile(r"^\s*(?:-\s*)?([\w-]+):\s*(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)\s*(?:#.*)?$")
"""A setting whose unquoted value YAML 1.1 reads as true or false: `locale: no` (Norwegian) is `false`."""


def _yes_no_words(config_file: Path) -> list[str]:
    """Where mkdocs.yml has a yes/no word that YAML reads as true or false, with the fix (MkDocs names no line)."""
    found = []
    for number, line in enumerate(config_file.read_text(encoding="utf-8").splitlines(), start=1):
        match = _YES_NO.match(line)
        if match:
            key, word = match.groups()
            found.append(f"{config_file.name}:{number}: {key}: {word} is read as "
                         f"{'true' if word.lower() in ('y', 'yes', 'on') else 'false'}, not as the text "
                         f"'{word}': write it in quotes ({key}: \"{word}\")")
    return found


def _untranslated_theme(theme_dirs: tuple[Path, ...] | None, languages: tuple[Language, ...]) -> tuple[str, ...]:
    """Languages Material has no interface translation for (`partials/languages/<code>.html` in none of the
    theme's folders, a course's `custom_dir` included): the site build would fail late, after every page."""
    if theme_dirs is None:
        return ()
    return tuple(lang.code for lang in languages if not any(
        (folder / "partials" / "languages" / f"{lang.code}.html").is_file() for folder in theme_dirs))


def _remote_settings(config: Any) -> tuple[tuple[str, str], ...]:
    """Settings that make pages load something from another host at runtime (analytics, remote scripts or
    styles): the built HTML does not show them to the offline check, so they are found here."""
    found = []
    extra = config["extra"] or {}
    if extra.get("analytics"):
        found.append(("analytics", str(extra["analytics"].get("provider", "analytics")
                                       if isinstance(extra["analytics"], dict) else extra["analytics"])))
    for key in ("extra_javascript", "extra_css"):
        for entry in config[key] or ():
            path = str(getattr(entry, "path", entry))
            if re.match(r"^([a-zA-Z][\w+.-]*:|//)", path):
                found.append((key, path))
    return tuple(found)


def _admonition_titles(config: Any, languages: tuple[Language, ...]) -> dict[str, dict[str, str]]:
    """The titles an untitled box gets in each language (the i18n plugin's `admonition_translations`).

    Every output takes them from here, so `!!! question` is titled alike on the site and in the PDF.
    """
    plugin = config["plugins"].get("i18n")
    entries = plugin.config.languages if plugin else []
    given = {lang.locale: dict(lang.admonition_translations or {}) for lang in entries}
    return {language.code: given.get(language.code, {}) for language in languages}


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
