"""`digest web`: serve the subscriber-facing HTTP app with gunicorn.

Gunicorn's default (sync) workers read a request on the one thread that answers it, so a client that
sends its request a byte at a time holds a worker: two such clients stalled the whole app. `digest web`
runs threaded workers (gthread): a connection that has sent nothing yet waits on the worker's poller,
not on a thread, and one that trickles its head holds one thread of many while the others answer. That
raises the bar from two connections to (workers x threads); a deployment on the open internet also
puts a buffering proxy in front (docker-compose.yml's `proxy`, nginx, which reads whole requests
under its own time limits before passing them on), since no pool of threads is unbounded.

What cannot work is found before gunicorn starts (the settings and the signing key, a port already
taken), so it is one line naming the cause and the fix, never a worker's traceback.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

import click

from digest.errors import DigestError

THREADS = 32  # per worker: requests (slow clients included) one worker process handles at once
TIMEOUT = 30  # seconds a request may take in the app before its worker is replaced
STOP_SECONDS = 10  # a stopping worker's time to send the confirmations it queued


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")  # fmt: skip
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 1024),
              help="Requests, slow clients included, one worker serves at once.")  # fmt: skip
def web(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web app: opt-in, one-click unsubscribe, preferences, archive, webhooks, /healthz.

    \b
    Example: digest web --host 0.0.0.0 --port 8000
    """
    from gunicorn.app.base import BaseApplication

    from digest.web import create_app
    from digest.web.mailroom import mailroom

    app = create_app()
    _ = app.extensions["digest"].links  # the signing key: every link needs it (refused here if unset)
    _check_port(host, port)

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", TIMEOUT)
            self.cfg.set("accesslog", "-")
            # One control socket per user would be shared by every `digest web` on the machine.
            self.cfg.set("control_socket_disable", True)
            self.cfg.set("worker_exit", lambda _arbiter, _worker: mailroom(app).drain(STOP_SECONDS))

        def load(self) -> Any:
            return app

    _Server().run()


def _check_port(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise DigestError(
            f"cannot listen on {host}: {exc.strerror}; give --host an address of this machine"
        ) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DigestError(
                    f"port {port} on {host} is in use: stop the other server, or choose another with --port"
                ) from None
            raise DigestError(
                f"cannot listen on {host}:{port} ({exc.strerror}): choose --host/--port"
            ) from None
