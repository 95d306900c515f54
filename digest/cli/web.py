"""`digest web`: serve the subscriber-facing HTTP app with gunicorn and gevent workers.

Gevent, because gunicorn's sync workers read a request on the one thread that answers it: two clients
sending their requests a byte at a time stalled the app, and gthread's 2 x 32 threads a hundred of them
(tests/cli/test_web.py). In a gevent worker each connection is a greenlet of a few kilobytes that waits
on the event loop, so 200 slow clients leave every answer within milliseconds
(tests/benchmarks/bench_web_abuse.py). A worker holds at most --connections; a deployment on the open
internet also puts a buffering proxy in front (docker-compose.yml's `proxy`, nginx, which reads whole
requests under its own time limits before passing them on).

What cannot work is found before gunicorn starts (the settings and the signing key, a port already
taken), so it is one line naming the cause and the fix, never a worker's traceback. Then this process
becomes gunicorn (exec): a fresh interpreter in which gevent patches each worker before the app, and
the Redis client and locks it builds, is imported there; and the process a supervisor's signals reach.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from urllib.parse import urlsplit

import click

from digest.cli.output import plain, runtime
from digest.errors import DigestError

CONNECTIONS = 1000  # per worker: connections (slow clients included) one worker process holds at once
TIMEOUT = 30  # seconds a request may keep a worker's event loop to itself before the worker is replaced

_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url_warning(base_url: str, host: str, port: int) -> str:
    """One line when the links in emails (DIGEST_BASE_URL) will not reach this app, else "".

    A public base URL is taken to be a proxy in front of the app, which we cannot check from here; a
    base URL on this machine must name the port we listen on, and readers elsewhere cannot reach it.
    """
    parts = urlsplit(base_url)
    link_host = parts.hostname or ""
    if not _is_loopback(link_host):
        return ""
    link_port = parts.port or (443 if parts.scheme == "https" else 80)
    if link_port != port:
        return (
            f"warning: DIGEST_BASE_URL is {base_url} but the app listens on {host}:{port}: links in emails "
            f"will not reach it; set DIGEST_BASE_URL to http://{link_host}:{port} or to the public address"
        )
    if not _is_loopback(host):
        return (
            f"warning: DIGEST_BASE_URL is {base_url}: links in emails lead readers to their own machine; "
            f"set DIGEST_BASE_URL to the public address of this app"
        )
    return ""


@click.command(short_help="Serve the web app: opt-in, unsubscribe, preferences, archive, webhooks.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")  # fmt: skip
@click.option("--connections", default=CONNECTIONS, show_default=True, type=click.IntRange(1, 100_000),
              help="Connections, slow clients included, one worker holds at once.")  # fmt: skip
def web(host: str, port: int, workers: int, connections: int) -> None:
    """Serve the web app: opt-in, one-click unsubscribe, preferences, archive, webhooks, /healthz.

    \b
    Example: digest web --host 0.0.0.0 --port 8000
    """
    rt = runtime()  # settings are read here, so a bad one is one line, not a worker's traceback
    _ = rt.links  # the signing key every link needs, refused here too
    _check_port(host, port)
    warning = base_url_warning(rt.settings.base_url, host, port)
    if warning:
        click.echo(plain(warning), err=True)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [sys.executable, "-m", "gunicorn", "digest.web:create_app()", "--bind", bind, "--workers",
               str(workers), "--worker-class", "gevent", "--worker-connections", str(connections),
               "--timeout", str(TIMEOUT), "--graceful-timeout", "15", "--access-logfile", "-",
               # gunicorn's control socket is one per user: every digest web of the machine would share it.
               "--no-control-socket"]  # fmt: skip
    sys.stdout.flush()
    sys.stderr.flush()  # exec drops what Python still holds
    os.execv(sys.executable, command)


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
