"""The admin CLI, `digest …`: one small function per subcommand over the core, nothing more.

Every error the service raises on purpose (DigestError) becomes one line on stderr and exit code 1, as
does Redis being out of reach (the runtime says why and what to do), with any notes the failing use
case added (e.g. how far an import got).

A command's module is imported only when that command runs (or shows its own help): the core pulls in
Redis, Celery, lxml and more, and `digest --help` should answer at once. So this module imports neither
the runtime nor rich at its top; the error path reaches for them only once a command has failed.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from digest.errors import DigestError

# name → (module under digest.cli, attribute, the line `digest --help` shows). The line is the first
# sentence of the command's own docstring; tests/cli/test_startup.py keeps the two the same.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "lists": ("lists", "lists", "Create, inspect, change and delete mailing lists."),
    "subscribers": ("subscribers", "subscribers", "Add, find, list, import and export subscribers."),
    "suppress": (
        "suppress",
        "suppress",
        "Block addresses from every list (hard bounces, complaints, manual blocks).",
    ),
    "feeds": ("feeds", "feeds", "Add feeds to lists and collect their articles."),
    "articles": ("articles", "articles", "Inspect collected articles."),
    "schedule": (
        "schedule",
        "schedule",
        "When each list's digest goes out (cron or friendly form, in the list's time zone).",
    ),
    "issue": (
        "issues",
        "issue",
        "Preview, send, review and follow issues (a test copy: --to ADDRESS; drafts: approve, drop).",
    ),
    "templates": (
        "templates",
        "templates",
        "Export, check and preview a list's own email templates (store them: lists update --templates).",
    ),
    "stats": (
        "stats",
        "stats",
        "Sends, deliveries, complaints, opens, clicks and subscribers over time, per issue and per week.",
    ),
    "highlights": (
        "highlights",
        "highlights",
        "The highlights chosen for pages or files, and which source won.",
    ),
    "prune": (
        "prune",
        "prune",
        "Delete old delivery records, events, snapshots, articles and identities (retention).",
    ),
    "web": ("web", "web", "Serve the web app: opt-in, unsubscribe, preferences, archive, webhooks."),
    "demo": ("demo", "demo", "Run the whole path once, locally, into an outbox folder."),
    "embedded": ("demo", "embedded", "The embedded Redis used when REDIS_URL is unset."),
}


def load_command(name: str) -> click.Command:
    module, attribute, _line = COMMANDS[name]
    command = getattr(import_module(f"digest.cli.{module}"), attribute)
    assert isinstance(command, click.Command)
    return command


class _Root(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, line) for name, (_m, _a, line) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DigestError as exc:
            raise click.ClickException(_one_line(str(exc), exc)) from exc
        except Exception as exc:
            problem = _explained(ctx, exc)
            if problem is None:
                raise
            raise click.ClickException(_one_line(problem, exc)) from exc


def _explained(ctx: click.Context, exc: Exception) -> str | None:
    """The runtime's one line for `exc` (Redis out of reach), if a command built a runtime."""
    if ctx.obj is None:
        return None
    from digest.runtime import Runtime  # a command built one, so this is loaded already

    return ctx.obj.explain(exc) if isinstance(ctx.obj, Runtime) else None


def _one_line(message: str, exc: BaseException) -> str:
    from digest.cli.output import plain  # only on the error path: `digest --help` loads no rich

    return plain("; ".join([message, *getattr(exc, "__notes__", ())]))


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsletter-digest")
def cli() -> None:
    """Newsletter digests: collect articles from feeds, pick highlights, send them to lists.

    \b
    Start with:  digest demo
    Then e.g.:   digest lists list
    """


def main() -> None:
    cli()
