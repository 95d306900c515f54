"""`digest web`: serve the subscriber-facing HTTP app with gunicorn.

Gunicorn's default (sync) workers read a request on the one thread that answers it, so a client that
sends its request a byte at a time holds a worker: two such clients stalled the whole app. Threaded
workers (gthread) only raise the bar to the thread count, and less in practice: measured with
tests/benchmarks/bench_web_abuse.py, 48 trickling clients already delayed answers past 10 s and 200
stalled them all. `digest web` therefore runs gevent workers: each connection is a greenlet of a few
kilobytes, so a slow client waits on the event loop and the others are answered (200 slow clients:
every answer within 20 ms). A worker holds at most --connections at once; a deployment on the open
internet also puts a buffering proxy in front (docker-compose.yml's `proxy`, nginx, which reads whole
requests under its own time limits before passing them on).

What cannot work is found before gunicorn starts (the settings and the signing key, a port already
taken), so it is one line naming the cause and the fix, never a worker's traceback.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

import click

from digest.errors import DigestError

CONNECTIONS = 1000  # per worker: connections (slow clients included) one worker process holds at once
TIMEOUT = 30  # seconds a request may take in the app before its worker is replaced
STOP_SECONDS = 10  # a stopping worker's time to send the confirmations it queued


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")  # fmt: skip
@click.option("--connections", default=CONNECTIONS, show_default=True, type=click.IntRange(1, 100_000),
              help="Connections, slow clients included, one worker holds at once.")  # fmt: skip
def web(host: str, port: int, workers: int, connections: int) -> None:
    """Serve the web app: opt-in, one-click unsubscribe, preferences, archive, webhooks, /healthz.

    \b
    Example: digest web --host 0.0.0.0 --port 8000
    """
    from flask import Flask
    from gunicorn.app.base import BaseApplication

    from digest.runtime import Runtime
    from digest.web import create_app
    from digest.web.mailroom import mailroom

    _ = Runtime.from_env().links  # the settings and the signing key every link needs, refused here
    _check_port(host, port)
    apps: list[Flask] = []

    def _drain(_arbiter: object, _worker: object) -> None:
        for app in apps:
            mailroom(app).drain(STOP_SECONDS)

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gevent")
            self.cfg.set("worker_connections", connections)
            self.cfg.set("timeout", TIMEOUT)
            self.cfg.set("accesslog", "-")
            # One control socket per user would be shared by every `digest web` on the machine.
            self.cfg.set("control_socket_disable", True)
            self.cfg.set("worker_exit", _drain)

        def load(self) -> Any:
            # Built in each worker after gevent has patched it, so its locks and its mail thread are
            # gevent's too (built before, a lock of the real kind could block the whole event loop).
            apps.append(create_app())
            return apps[-1]

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
