"""`digest templates …`: a list's own template set — export it to edit, check it, preview it. Storing
it is `digest lists update LIST --templates DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from digest.admin import templatesets
from digest.cli.output import emit, json_option, plain, runtime, to_json
from digest.delivery.fanout import recipient_for
from digest.errors import InvalidInput
from digest.issues.render import personalise
from digest.runtime import utcnow

_FOLDER = click.Path(file_okay=False, path_type=Path)


def templates_line(found: dict[str, Any]) -> str:
    """`lists show`'s line: which set, and how often its emails fell back to the default ones."""
    if found["set"] == "default":
        return "the default set"
    line = f"the list's own set, version {found['version']} ({', '.join(found['files'])})"
    if found.get("email_fallbacks"):
        line += (
            f"; {found['email_fallbacks']} email(s) went out as the default: {found['last_email_fallback']}"
        )
    return line


@click.group()
def templates() -> None:
    """Export, check and preview a list's own email templates (store them: lists update --templates).

    \b
    Examples:
      digest templates export morning ./morning-templates
      digest templates check ./morning-templates
      digest lists update morning --templates ./morning-templates
      digest templates preview morning --out /tmp/morning.html
      digest lists update morning --templates default
    """


@templates.command("export")
@click.argument("list_slug", metavar="LIST")
@click.argument("folder", metavar="DIR", type=_FOLDER)
@click.option(
    "--force", is_flag=True, help="Write into a folder that already has files (overwrites the set's)."
)
@json_option
def export(list_slug: str, folder: Path, force: bool, as_json: bool) -> None:
    """Write the list's current set (its own, else the default one) to DIR, to edit.

    \b
    Example: digest templates export morning ./morning-templates
    """
    written, which = templatesets.export_set(runtime().store, list_slug, folder, force=force)
    data = {"list": list_slug, "set": which, "files": [str(p) for p in written]}
    lines = [plain(f"wrote {which} of {list_slug} to {folder}:"), *(plain(f"  {p.name}") for p in written)]
    emit(as_json, data, lambda _c: click.echo("\n".join(lines)))


@templates.command("check")
@click.argument("folder", metavar="DIR", type=_FOLDER)
@json_option
def check(folder: Path, as_json: bool) -> None:
    """Check the set in DIR as a send would use it: one line per problem, exit 1 if any.

    Looks for the three required files (digest-body.html.j2, digest-body.txt.j2, digest-subject.txt.j2),
    files a set cannot have, an email (confirm-, welcome-, reminder-) carried only in part, Jinja
    syntax errors, unknown variables, the unsubscribe and preferences
    links and the postal address in both parts (the confirmation link in the confirmation and reminder,
    the unsubscribe link in the welcome), and HTML within 100 KB with 20 articles with images.

    \b
    Example: digest templates check ./morning-templates
    """
    problems = templatesets.check_folder(folder)
    if as_json:
        click.echo(to_json({"folder": str(folder), "ok": not problems, "problems": problems}))
    elif problems:
        click.echo("\n".join(plain(line) for line in problems), err=True)
    else:
        click.echo(plain(f"ok: {folder} is a template set that can be stored"))
    if problems:
        raise click.exceptions.Exit(1)


@templates.command("preview")
@click.argument("list_slug", metavar="LIST")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: LIST-templates.html, or .txt with --text, here).",
)
@click.option("--text", is_flag=True, help="Write the plain-text part instead of the HTML.")
@click.option(
    "--email",
    "kind",
    type=click.Choice(["digest", "confirm", "welcome", "reminder"]),
    default="digest",
    show_default=True,
    help="Which email to render (the notices with sample names and links).",
)
@json_option
def preview(list_slug: str, out: Path | None, text: bool, kind: str, as_json: bool) -> None:
    """Render the list's current set with the bundled sample's articles; nothing is stored or sent.

    \b
    Example: digest templates preview morning --out /tmp/morning.html
    Example: digest templates preview morning --text
    Example: digest templates preview morning --email confirm
    """
    rt = runtime()
    if kind == "digest":
        shown = templatesets.preview_set(rt.store, list_slug, utcnow(), archive_url=rt.archive_url(list_slug))
    else:
        shown = templatesets.preview_notice(rt.store, list_slug, kind)
    recipient = recipient_for(rt.links, "preview", "preview@example.com", "", list_slug)
    html, plain_text = personalise(shown.rendered, recipient)
    stem = f"{list_slug}-templates" if kind == "digest" else f"{list_slug}-{kind}"
    path = out or Path(f"{stem}.{'txt' if text else 'html'}")
    body = f"Subject: {shown.rendered.subject}\n\n{plain_text}" if text else html
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc
    data = {"list": list_slug, "email": kind, "set": shown.which, "subject": shown.rendered.subject,
            "file": str(path.resolve()), "problems": shown.problems}  # fmt: skip
    lines = [plain(shown.rendered.subject), plain(f"({shown.which})"), plain(data["file"])]
    lines += [plain(f"a send would fall back to the default set: {p}") for p in shown.problems]
    emit(as_json, data, lambda _c: click.echo("\n".join(lines)))
