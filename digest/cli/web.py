"""`digest web`: serve the subscriber-facing HTTP app with gunicorn."""

from __future__ import annotations

from typing import Any

import click


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

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return create_app()

    _Server().run()
