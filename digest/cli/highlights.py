"""`digest highlights URL-or-FILE...`: what the digest would take from each page, and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console

from digest.cli.output import runtime, safe, to_json
from digest.errors import DigestError
from digest.highlights.charset import decode_page
from digest.highlights.choose import MAX_WORDS, choose_highlights
from digest.highlights.explain import explain_blocks, explain_declared
from digest.highlights.extract import extract_page
from digest.models import ExtractedPage, ExtractiveMethod

EXTRACTIVE = {
    ExtractiveMethod.LEAD: "the first sentences of the story, without byline, dateline or captions",
    ExtractiveMethod.RANKED: "the most central sentences, in the story's order",
}


@dataclass
class Read:
    """One input as the digest sees it: the page (or plain text) and the raw HTML for --explain."""

    page: ExtractedPage
    html: str = ""


@click.command(short_help="The highlights chosen for pages or files, and which source won.")
@click.argument("sources", metavar="URL-or-FILE...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, one per line.")
@click.option("--budget", type=click.IntRange(10, 500), default=MAX_WORDS, show_default=True, metavar="WORDS",
              help="Most words the chosen sentences may take.")  # fmt: skip
@click.option("--method", type=click.Choice([m.value for m in ExtractiveMethod], case_sensitive=False),
              envvar="DIGEST_HIGHLIGHTS_METHOD", default=ExtractiveMethod.LEAD.value, show_default=True,
              show_envvar=True, help="Sentences for a page with no summary of its own.")  # fmt: skip
@click.option(
    "--explain", is_flag=True, help="Show every block candidate, the winner and why the others lost."
)
def highlights(sources: tuple[str, ...], as_json: bool, budget: int, method: str, explain: bool) -> None:
    """Show the title and the highlights chosen for each page, and how they were chosen: the
    publisher's own block (and the marker that named it), a summary the page declares (schema.org
    abstract or description) or sentences of the text: its first ones cleaned of bylines, datelines
    and captions, or with --method ranked the most central ones. A .txt file is the article's plain
    text (one paragraph a line, or none) and goes straight to the sentences. A bad input is reported
    on one line and the others still run; the exit code is then 1.

    \b
    Example: digest highlights https://example.com/news/story.html
             digest highlights saved-page.html story.txt --json
    """
    console = Console(highlight=False, soft_wrap=True)  # explanations are long lines; the terminal wraps them
    failed = 0
    extractive = ExtractiveMethod(method.lower())
    for source in sources:
        try:
            read = _read(source)
        except (DigestError, OSError, ValueError) as exc:
            failed += 1
            reason = str(exc).removeprefix(f"{source}: ")  # the fetcher names the URL; once is enough
            click.echo(f"{safe(source)}: not read ({safe(reason)})", err=True)
            continue
        chosen = choose_highlights(read.page, max_words=budget, method=extractive)
        if as_json:
            data = _as_data(source, read.page, chosen)
            if explain:
                data["explain"] = _explanation(read)
            click.echo(to_json(data, indent=None))
        else:
            _show(console, source, read, chosen, explain, extractive)
    if failed:
        raise SystemExit(1)


def _read(source: str) -> Read:
    if source.startswith(("http://", "https://")):
        result = runtime().fetcher.get_page(source)
        if result.status != 200:
            raise DigestError(f"HTTP {result.status}")
        html = decode_page(result.content, result.headers.get("content-type", ""))
        return Read(extract_page(html, result.url), html)
    path = Path(source)
    if not path.is_file():
        raise DigestError("neither an http(s) URL nor a readable file")
    data = path.read_bytes()
    if path.suffix.lower() == ".txt":
        text = decode_page(data)
        return Read(
            ExtractedPage(title="", text="\n".join(" ".join(line.split()) for line in text.splitlines()))
        )
    html = decode_page(data)
    return Read(extract_page(html), html)


def _as_data(source: str, page: ExtractedPage, chosen: object) -> dict[str, object]:
    data: dict[str, object] = {
        "input": source,
        "title": page.title,
        "method": getattr(chosen, "method", ""),
        "marker": getattr(chosen, "marker", ""),
        "highlights": list(getattr(chosen, "sentences", [])),
        "text": page.text,
    }
    if page.image:
        data["image"] = page.image.url
    return data


def _show(
    console: Console, source: str, read: Read, chosen: object, explain: bool, extractive: ExtractiveMethod
) -> None:
    method = getattr(chosen, "method", "")
    marker = getattr(chosen, "marker", "")
    how = {
        "explicit": f"explicit block, marked “{marker}”",
        "extractive": f"extractive ({EXTRACTIVE[extractive]})",
    }.get(method, "none (the page has no text to choose from)")
    console.print(f"[dim]{safe(source)}[/]")
    console.print(f"[bold]{safe(read.page.title) or '(no title)'}[/]\nmethod: {safe(how)}")
    for sentence in getattr(chosen, "sentences", []):
        console.print(f"  • {safe(sentence)}")
    if explain:
        console.print("[bold]block candidates[/]")
        for line in _explanation(read):
            console.print(f"  {safe(line)}")


def _explanation(read: Read) -> list[str]:
    blocks = explain_blocks(read.html) if read.html else ["plain text: no block step"]
    return [*blocks, *explain_declared(read.page)]
