"""`digest highlights URL-or-FILE`: what the digest would take from one page, and why."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from digest.cli.output import emit, json_option, runtime
from digest.errors import InvalidInput
from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page


@click.command(short_help="The highlights chosen for one page or file, and which source won.")
@click.argument("source", metavar="URL-or-FILE")
@json_option
def highlights(source: str, as_json: bool) -> None:
    """Show the title and the highlights chosen for one page, and how they were chosen:
    the publisher's own block (and the marker that named it), a summary the page declares
    (schema.org abstract or description) or ranked sentences of the text. The choice is the
    collector's own (digest.highlights.choose), without a feed's summary: a page has none.

    \b
    Example: digest highlights https://example.com/news/story.html
             digest highlights saved-page.html --json
    """
    path = Path(source)
    if source.startswith(("http://", "https://")):
        html = runtime().fetcher.get(source).content.decode("utf-8", "replace")
    elif path.is_file():
        html = path.read_text(encoding="utf-8", errors="replace")
    else:
        raise InvalidInput(f"{source!r} is neither an http(s) URL nor a readable file")
    page = extract_page(html, source)
    chosen = choose_highlights(page)
    method = {
        "explicit": f"explicit block, marked “{chosen.marker}”",
        "extractive": "extractive (ranked sentences of the text)",
    }.get(chosen.method, "none (the page has no text to choose from)")
    data = {
        "title": page.title,
        "method": chosen.method,
        "marker": chosen.marker,
        "highlights": chosen.sentences,
    }

    def human(console: Console) -> None:
        console.print(f"[bold]{page.title or '(no title)'}[/]\nmethod: {method}")
        for sentence in chosen.sentences:
            console.print(f"  • {sentence}")

    emit(as_json, data, human)
