"""`digest lists brand …`: a list's logo, colour, postal address, intro and footer."""

from __future__ import annotations

import click

from digest.admin import branding as admin_branding
from digest.admin import lists as admin_lists
from digest.cli.output import emit, json_option, runtime, safe


@click.command("brand")
@click.argument("slug")
@click.option("--logo", default=None, help="https URL of the logo shown atop emails and pages ('' clears).")
@click.option("--colour", "--color", "colour", default=None, help="Brand colour, e.g. '#0a7' ('' clears).")
@click.option("--address", default=None, help="Postal address for the footer; required to send for real.")
@click.option("--intro", default=None, help="Editor's intro under the masthead ('' clears).")
@click.option("--footer", default=None, help="A line of your own in the footer ('' clears).")
@json_option
def brand(
    slug: str,
    logo: str | None,
    colour: str | None,
    address: str | None,
    intro: str | None,
    footer: str | None,
    as_json: bool,
) -> None:
    """Set a list's branding, used by its digest, its emails and its web pages; other fields stay.

    A colour too light to read as link text is darkened for text, kept as chosen for the masthead rule.
    A postal address is required before the first send through SendGrid or SMTP.

    \b
    Example: digest lists brand morning --colour '#0a7' --logo https://example.com/logo.png \\
               --address "1 Quay Street, Bristol BS1 4DJ, UK" --intro "Good morning."
    """
    store = runtime().store
    ml = admin_branding.brand_list(
        store, slug, logo=logo, colour=colour, address=address, intro=intro, footer=footer
    )
    data = admin_lists.list_overview(store, ml)
    emit(as_json, data, lambda c: c.print(f"branded list [bold]{safe(ml.slug)}[/] ({safe(ml.name)})"))
