"""`python -m build_tools serve` (`make serve`): the preview server and its two loops, until Ctrl-C."""

from __future__ import annotations

import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from build_tools.course.site_generator import site_generator

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""Addresses only this machine reaches: the facilitator edition and trainer notes are previewed only there."""


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, report: Callable[[str], None] = print) -> int:
    """Serve the preview of the course at `root` until Ctrl-C or SIGTERM; 0 when stopped."""
    site_generator()  # MkDocs or ProperDocs (SITE_GENERATOR), chosen before anything imports either
    from build_tools.serve.server import preview_server
    from build_tools.serve.session import PreviewSession

    facilitator = host in LOCAL_HOSTS
    with tempfile.TemporaryDirectory(prefix="course-preview-") as work:
        session = PreviewSession(root, Path(work), facilitator=facilitator, report=report)
        server = preview_server(session, host, port)
        shown = f"[{host}]" if ":" in host else host
        report(f"preview of {root.resolve()} at http://{shown}:{server.server_address[1]}/ (Ctrl-C stops it)")
        report("facilitator guide and trainer notes shown: this address is reachable from this machine only"
               if facilitator else "participant preview only: this address is reachable from other machines")
        loops = [threading.Thread(target=loop, name=loop.__name__, daemon=True)
                 for loop in (session.run_site_loop, session.run_site_builder, session.run_previews_loop)]
        for loop in loops:
            loop.start()
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            report("preview stopped")
        finally:
            signal.signal(signal.SIGTERM, previous)
            session.stop()
            server.server_close()
            for loop in loops:
                loop.join(timeout=5)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
