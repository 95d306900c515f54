"""`digest web`: serve the subscriber-facing HTTP app with gunicorn."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

import click

from digest.cli.output import plain, runtime

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
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
def web(host: str, port: int, workers: int) -> None:
    """Serve the web app: opt-in, one-click unsubscribe, preferences, archive, webhooks, /healthz.

    \b
    Example: digest web --host 0.0.0.0 --port 8000
    """
    from gunicorn.app.base import BaseApplication

    from digest.web import create_app

    # Settings are read here, so a bad one is one line, not a gunicorn worker's traceback.
    warning = base_url_warning(runtime().settings.base_url, host, port)
    if warning:
        click.echo(plain(warning), err=True)

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return create_app()

    _Server().run()
