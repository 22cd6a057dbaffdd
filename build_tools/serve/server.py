"""The preview's web server: the last good site, with the preview's panel and overlay put into every page.

Every answer comes at once: a page from the last good site (or a short "building" page before the first),
the state after at most `WAIT_SECONDS` of waiting for news, a PDF page picture once pdftoppm drew it. Pages
get two files of the preview (`/_preview/preview.js` and `.css`): same-origin files, so the site's own
Content-Security-Policy lets them run unchanged.
"""

from __future__ import annotations

import contextlib
import html
import json
import mimetypes
import posixpath
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from build_tools.serve.page_swap import swapped
from build_tools.serve.panel import page_at, panel
from build_tools.serve.session import PreviewSession
from build_tools.serve.slide_preview import slide_picture

ASSETS = Path(__file__).resolve().parent / "assets"
WAIT_SECONDS = 8.0
PREFIX = "/_preview/"

_BUILDING = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Building the preview</title>
{head}</head><body><main><h1>Building the preview…</h1><p>This page shows the site as soon as it is built.</p>
</main></body></html>"""


def preview_server(session: PreviewSession, host: str, port: int) -> ThreadingHTTPServer:
    """A server for `session` bound to host:port (port 0: any free port)."""

    class Handler(_Handler):
        preview = session

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    preview: PreviewSession
    server_version = "course-preview"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  -- the base class's name
        """No line per request: the terminal shows only the course's problems and the rebuilds."""

    def do_GET(self) -> None:  # noqa: N802  -- the base class's name
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        if path.startswith(PREFIX):
            self._preview(path.removeprefix(PREFIX), query)
        else:
            self._site(path)

    def _preview(self, route: str, query: dict[str, str]) -> None:
        session = self.preview
        if route == "state":
            since = int(query.get("since", "-1") or -1)
            self._json(session.state.wait(since, WAIT_SECONDS))
        elif route in ("preview.js", "preview.css"):
            self._file(ASSETS / route, cache=False)
        elif route == "panel":
            self._json(panel(session, query.get("page", ""), query.get("lang", "")))
        elif route.startswith("pdf/"):
            picture = _pdf_picture(session, route.removeprefix("pdf/"))
            self._file(picture) if picture else self._missing()
        elif route.startswith("docs/") and session.course is not None:
            wanted = slide_picture(session.course, route.removeprefix("docs/"), facilitator=session.facilitator)
            self._file(wanted) if wanted is not None else self._missing()
        else:
            self._missing()

    def _site(self, path: str) -> None:
        site = self.preview.state.site_dir
        if site is None:
            self._html(_BUILDING.format(head=_head_tags("", "")))
            return
        relative = posixpath.normpath(path).lstrip("/")
        target = (site / relative).resolve() if relative not in ("", ".") else site.resolve()
        if not target.is_relative_to(site.resolve()):
            self._missing()
            return
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self._missing()
            return
        if target.suffix == ".html":
            relative = target.relative_to(site.resolve()).as_posix()
            found = page_at(self.preview, relative)
            key, language = found if found else ("", "")
            text = target.read_text(encoding="utf-8")
            swap = self.preview.state.swaps.get(relative)
            if swap is not None and self.preview.state.site_dir == site:
                text = swapped(text, swap)
            self._html(_with_preview(text, key, language))
        else:
            self._file(target)

    def _json(self, data: object) -> None:
        self._send(json.dumps(data, default=_plain).encode(), "application/json", cache=False)

    def _html(self, text: str) -> None:
        self._send(text.encode(), "text/html; charset=utf-8", cache=False)

    def _file(self, path: Path, cache: bool = True) -> None:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._send(path.read_bytes(), kind, cache=cache)

    def _missing(self) -> None:
        self._send(b"not found", "text/plain", status=HTTPStatus.NOT_FOUND, cache=False)

    def _send(self, body: bytes, kind: str, *, status: HTTPStatus = HTTPStatus.OK, cache: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left (a reload)
            self.wfile.write(body)


def _plain(value: object) -> object:
    if hasattr(value, "__dict__"):
        return vars(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _head_tags(key: str, language: str) -> str:
    return (f'<meta name="course-preview" content="{html.escape(key)}" data-language="{html.escape(language)}">'
            f'<link rel="stylesheet" href="{PREFIX}preview.css"><script src="{PREFIX}preview.js" defer></script>')


def _with_preview(page: str, key: str, language: str) -> str:
    """The page with the preview's files and the course page it shows named in its head."""
    head = page.find("</head>")
    return page if head < 0 else page[:head] + _head_tags(key, language) + page[head:]


def _pdf_picture(session: PreviewSession, route: str) -> Path | None:
    """`pdf/<version>/<pdf name>/<page>.png`: a page of the current version of one of the preview's PDFs."""
    parts = route.split("/")
    if len(parts) != 3 or not parts[2].endswith(".png") or not parts[2][:-4].isdigit():
        return None
    version = session.pdfs.version
    if version is None or parts[0] != version.name:
        return None
    found = [p for p in (version / "pdf").rglob(parts[1]) if p.is_file()]
    return session.pdfs.picture(found[0], int(parts[2][:-4])) if found else None
