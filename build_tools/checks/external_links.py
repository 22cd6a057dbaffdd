"""`make linkcheck`: ask every web address in the course whether it still answers (needs internet).

Not part of `make check` or `make test`: those must work offline. Each http(s) reference of every page
(both languages, trainer notes included) is tried with HEAD, then GET when a server refuses HEAD, with a
10 s timeout. Answers that worked are remembered for a week in `.cache/linkcheck.json`, so a rerun only
asks again about new and failing addresses.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from build_tools.course.model import Course
from build_tools.course.source import SourceLocation

CACHE_FILE = Path(".cache") / "linkcheck.json"
TIMEOUT_SECONDS = 10.0
CACHE_DAYS = 7
_USER_AGENT = "Mozilla/5.0 (compatible; course-toolchain linkcheck)"
_RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True)
class LinkResult:
    """The answer for one address: worked or not, the HTTP status (None without one) and a short reason."""

    url: str
    ok: bool
    status: int | None
    detail: str
    checked: str  # ISO timestamp (UTC)


def external_references(course: Course) -> dict[str, list[SourceLocation]]:
    """Every http(s) address in the course, with the places that use it."""
    places: dict[str, list[SourceLocation]] = defaultdict(list)
    for page in course.pages:
        for reference in page.references:
            if reference.target.lower().startswith(("http://", "https://")):
                places[reference.target].append(reference.source)
    return {url: sorted(where) for url, where in sorted(places.items())}


def check_url(url: str, timeout: float = TIMEOUT_SECONDS) -> LinkResult:
    """HEAD the address (GET when the server refuses HEAD); any 2xx or 3xx answer counts as working."""
    result = _request(url, "HEAD", timeout)
    if not result.ok and (result.status in _RETRY_WITH_GET or result.status is None):
        result = _request(url, "GET", timeout)
    return result


def check_external_links(
    course: Course, *, cache_file: Path | None = None, timeout: float = TIMEOUT_SECONDS, workers: int = 8
) -> int:
    """Check every web address of the course and print the results; 0 when all work, 1 otherwise."""
    cache_path = cache_file or course.root / CACHE_FILE
    references = external_references(course)
    cache = _read_cache(cache_path)
    now = dt.datetime.now(dt.timezone.utc)
    fresh = {url: cache[url] for url in references if url in cache and _still_fresh(cache[url], now)}
    to_check = [url for url in references if url not in fresh]
    print(f"linkcheck: {len(references)} web addresses, {len(fresh)} known good, checking {len(to_check)} …")
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        checked = dict(zip(to_check, pool.map(lambda url: check_url(url, timeout), to_check), strict=True))
    results = {**fresh, **checked}
    broken = 0
    for url, where in references.items():
        result = results[url]
        note = " (cached)" if url in fresh else ""
        status = result.status if result.status is not None else "---"
        if result.ok:
            print(f"  ok     {status} {url}{note}")
        else:
            broken += 1
            print(f"  BROKEN {status} {url}: {result.detail}")
            for place in where:
                print(f"         {place}")
    _write_cache(cache_path, {**cache, **checked})
    print(f"linkcheck: {len(references) - broken} working, {broken} broken")
    return 1 if broken else 0


def _request(url: str, method: str, timeout: float) -> LinkResult:
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    request = urllib.request.Request(url, method=method, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return LinkResult(url, True, response.status, response.reason or "OK", stamp)
    except urllib.error.HTTPError as error:
        return LinkResult(url, False, error.code, str(error.reason), stamp)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return LinkResult(url, False, None, str(reason), stamp)


def _still_fresh(result: LinkResult, now: dt.datetime) -> bool:
    try:
        checked = dt.datetime.fromisoformat(result.checked)
    except ValueError:
        return False
    return result.ok and now - checked < dt.timedelta(days=CACHE_DAYS)


def _read_cache(path: Path) -> dict[str, LinkResult]:
    """The remembered answers; an unreadable cache is simply ignored (it is only a shortcut)."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["results"]
        return {url: LinkResult(**entry) for url, entry in entries.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_cache(path: Path, results: dict[str, LinkResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "results": {url: asdict(result) for url, result in sorted(results.items())}}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
