"""The local setup: `digest demo` (the whole path once) and `digest embedded …` (its Redis)."""

from __future__ import annotations

from pathlib import Path

import click

from digest.cli.output import plain, runtime
from digest.config import load_settings
from digest.store import embedded as embedded_redis


@click.command(short_help="Run the whole path once, locally, into an outbox folder.")
@click.option(
    "--outbox",
    "outbox",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the .eml files go (default: DIGEST_OUTBOX_DIR, i.e. ./outbox).",
)
def demo(outbox: Path | None) -> None:
    """Run the whole path once, locally: a list, three subscribers, the bundled sample feed,
    one issue, delivered as .eml files into the outbox. Needs no account and no network.

    \b
    Example: digest demo --outbox /tmp/outbox
    """
    from digest.demo import run_demo

    rt = runtime()
    target = (outbox or rt.settings.outbox_dir).absolute()
    report = run_demo(rt, target)
    where = (
        "embedded Redis in " + str(rt.settings.data_dir) if rt.settings.embedded else rt.settings.redis_url
    )

    def echo(line: str) -> None:
        click.echo(plain(line))  # the feed's title and notes are shown as written

    echo(f"Redis: {where}")
    echo(f"list 'demo' with {report.subscribers} active subscribers")
    echo(f"collected {report.new_articles} new articles from {report.feed_url}")
    for note in report.notes:
        echo(f"note: {note}")
    if report.issue_id:
        echo(f"built issue {report.issue_id}: {report.subject}")
        echo(f"delivered {report.sent} emails through the outbox into {report.outbox}:")
        for path in report.files:
            echo(f"  {path}")
        page = report.files[0].with_suffix(".html")
        echo(f"Read it in a browser: {page.as_uri()}  (each .eml also opens in a mail client)")
    if rt.settings.embedded:
        echo("The embedded Redis keeps running for the next commands; stop it with: digest embedded stop")


@click.group()
def embedded() -> None:
    """The embedded Redis used when REDIS_URL is unset.

    \b
    Example: digest embedded status
    """


@embedded.command("status")
def embedded_status() -> None:
    """Say whether the embedded Redis is running and where.

    \b
    Example: digest embedded status
    """
    settings = load_settings()
    server = embedded_redis.locate(settings.data_dir)
    state = "running" if embedded_redis.is_running(server) else "stopped"
    click.echo(f"{state}: {server.url} (data in {settings.data_dir})")


@embedded.command("stop")
def embedded_stop() -> None:
    """Stop the embedded Redis, saving its data.

    \b
    Example: digest embedded stop
    """
    settings = load_settings()
    stopped = embedded_redis.stop(settings.data_dir)
    click.echo("stopped" if stopped else "was not running")
