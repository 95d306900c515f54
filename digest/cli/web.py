"""`digest web`: serve the subscriber-facing HTTP app with gunicorn."""

from __future__ import annotations

from typing import Any

import click

from digest.cli.output import runtime


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
def web(host: str, port: int, workers: int) -> None:
    """Serve the web app: opt-in, one-click unsubscribe, preferences, archive, webhooks, /healthz.

    \b
    Example: digest web --host 0.0.0.0 --port 8000
    """
    from gunicorn.app.base import BaseApplication

    from digest.web import create_app

    runtime()  # settings are read here, so a bad one is one line, not a gunicorn worker's traceback

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return create_app()

    _Server().run()
