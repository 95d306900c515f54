"""The admin CLI, `digest …`: one small function per subcommand over the core, nothing more.

Every error the service raises on purpose (DigestError) becomes one line on stderr and exit code 1, as
does Redis being out of reach (the runtime says why and what to do), with any notes the failing use
case added (e.g. how far an import got).
"""

from __future__ import annotations

from typing import Any

import click

from digest.cli.demo import demo, embedded
from digest.cli.editions import set_edition
from digest.cli.feeds import articles, feeds
from digest.cli.highlights import highlights
from digest.cli.issues import issue
from digest.cli.lists import lists
from digest.cli.output import plain
from digest.cli.schedule import schedule
from digest.cli.subscribers import subscribers
from digest.cli.suppress import suppress
from digest.cli.web import web
from digest.errors import DigestError
from digest.runtime import Runtime


class _Root(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DigestError as exc:
            raise click.ClickException(_one_line(str(exc), exc)) from exc
        except Exception as exc:
            problem = ctx.obj.explain(exc) if isinstance(ctx.obj, Runtime) else None
            if problem is None:
                raise
            raise click.ClickException(_one_line(problem, exc)) from exc


def _one_line(message: str, exc: BaseException) -> str:
    return plain("; ".join([message, *getattr(exc, "__notes__", ())]))


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsletter-digest")
def cli() -> None:
    """Newsletter digests: collect articles from feeds, pick highlights, send them to lists.

    \b
    Start with:  digest demo
    Then e.g.:   digest lists list
    """


for command in (
    lists,
    subscribers,
    suppress,
    feeds,
    articles,
    schedule,
    issue,
    highlights,
    web,
    demo,
    embedded,
):
    cli.add_command(command)
subscribers.add_command(set_edition)


def main() -> None:
    cli()
