"""The rules a list's own template set must pass: before it is stored (`digest templates check`,
`digest lists update --templates`) and again on every render (a set that breaks them at send time
gives way to the default set). One line per problem, naming the file (and the line when there is one).

Pure: sources in, problems out. The check renders the set with sample articles, as a send would.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime

import jinja2
from jinja2 import meta

from digest.issues import templatenotices, templatesets
from digest.issues.isolation import CHILD_MEMORY_BYTES, RenderFailed, compile_set, render_isolated
from digest.issues.render import (
    DEFAULT_TEMPLATES_DIR,
    MAX_HTML_BYTES,
    PREFERENCES_URL,
    PREFERENCES_URL_HTML,
    UNSUBSCRIBE_URL,
    UNSUBSCRIBE_URL_HTML,
    environment,
    render_issue,
)
from digest.issues.templatesets import HTML_BODY, NAMES, REQUIRED, SUBJECT, TEXT_BODY
from digest.models import Article, ArticleImage, Branding, Issue, IssueStatus, MailingList, RenderedIssue
from digest.models.templates import TemplateSet

# The names render_issue gives the templates (digest/issues/render.py). The test that the default set
# passes the check keeps this in step with the renderer; the README lists them for template authors.
COMMON = frozenset({
    "list_name", "greeting", "description", "from_addr", "number", "issue_date", "preheader", "banner",
    "archive_url", "view_url", "brand", "slot",
})  # fmt: skip
BODY_VARIABLES = COMMON | {"groups", "articles", "dropped"}
SUBJECT_VARIABLES = COMMON | {"first_title", "more"}
SAMPLE_ARTICLES = 20  # with images: the size guard is measured on an issue this full
SAMPLE_ADDRESS = "1 Sample Street, Sampletown ST1 2AB"
_MESSAGE_CHARS = 200
# Jinja names a value by its Python class; a template author knows it by its variable.
_OBJECT = re.compile(r"'(?:[\w.]+\.)?(\w+) object'")
_SPOKEN = {"_ArticleView": "article", "Thumbnail": "article.image", "BrandStyle": "brand", "Group": "group"}


def problem(file: str, message: str, line: int | None = None) -> str:
    return f"{file}:{line}: {message}" if line else f"{file}: {message}"


def check_sources(sources: Mapping[str, str]) -> list[str]:
    """Every problem of a set, one line each; [] when it may be stored."""
    found = [problem(name, f"not a file of a template set (expected: {', '.join(NAMES)})")
             for name in sources if name not in NAMES]  # fmt: skip
    found += [
        problem(name, f"missing: {what} is required (`digest templates export LIST DIR` writes one)")
        for name, what in REQUIRED.items()
        if name not in sources
    ]
    found += templatenotices.partial_notices(sources)
    env = environment(DEFAULT_TEMPLATES_DIR, TemplateSet.of({}))
    for name, source in sources.items():
        if len(source.encode("utf-8", "surrogatepass")) > templatesets.MAX_FILE_BYTES:
            found.append(problem(name, f"over {templatesets.MAX_FILE_BYTES:,} bytes"))
        elif name in NAMES:
            found += _static_problems(env, name, source)
    if found:
        return found
    chosen = TemplateSet.of(sources)
    try:
        compile_set(chosen)
        rendered = render_isolated(
            lambda: render_issue(sample_list(), sample_issue(), sample_articles(), template_set=chosen),
            describe_error,
        )
    except Exception as exc:  # anything a template raises is its problem, reported with its line
        return [describe_error(exc)]
    found = missing_parts(rendered, sample_list()) + _size_problems(rendered)
    for kind in templatesets.NOTICES:
        if templatesets.has_notice(chosen, kind):
            found += notice_problems(kind, chosen)
    return found


def notice_problems(kind: str, chosen: TemplateSet) -> list[str]:
    """The set's own email of this kind rendered with sample values, as a send would render it."""
    values = templatenotices.SAMPLE_VALUES[kind]
    try:
        rendered = render_isolated(
            lambda: templatenotices.render_notice(kind, sample_list(), values, template_set=chosen),
            describe_error,
        )
    except Exception as exc:  # the template's error, with its line
        return [describe_error(exc)]
    return templatenotices.missing_notice_parts(kind, rendered, sample_list(), values)


def _static_problems(env: jinja2.Environment, name: str, source: str) -> list[str]:
    try:
        tree = env.parse(source, templatesets.template_name(name))
    except jinja2.TemplateSyntaxError as exc:
        return [problem(name, _one_line(exc.message or "syntax error"), exc.lineno)]
    kind = templatenotices.kind_of(name)
    own = (
        templatenotices.VARIABLES[kind] if kind else SUBJECT_VARIABLES if name == SUBJECT else BODY_VARIABLES
    )
    known = own | set(env.globals)
    unknown = sorted(meta.find_undeclared_variables(tree) - known - _assigned(tree))
    lines = {node.name: node.lineno for node in reversed(list(tree.find_all(jinja2.nodes.Name)))}
    return [problem(name, f"unknown variable {var!r} (see the README's template variables)", lines.get(var))
            for var in unknown]  # fmt: skip


def _assigned(tree: jinja2.nodes.Template) -> set[str]:
    """Names the template sets itself anywhere: Jinja's own analysis misses top-level ones (an import,
    a set) used inside blocks, which render from the context those statements fill."""
    names = {node.name for node in tree.find_all(jinja2.nodes.Name) if node.ctx in ("store", "param")}
    names |= {node.target for node in tree.find_all(jinja2.nodes.Import)}
    names |= {n if isinstance(n, str) else n[1] for node in tree.find_all(jinja2.nodes.FromImport)
              for n in node.names}  # fmt: skip
    return names | {node.name for node in tree.find_all(jinja2.nodes.Macro)}


def missing_parts(rendered: RenderedIssue, mailing_list: MailingList) -> list[str]:
    """What the sender relies on and a rendered issue lacks: a subject, the unsubscribe and preferences
    links in both parts, the list's postal address in both when it has one, HTML within the guard."""
    found = [] if rendered.subject.strip() else [problem(SUBJECT, "renders an empty subject")]
    for file, part, links in ((HTML_BODY, rendered.html, (UNSUBSCRIBE_URL_HTML, PREFERENCES_URL_HTML)),
                              (TEXT_BODY, rendered.text, (UNSUBSCRIBE_URL, PREFERENCES_URL))):  # fmt: skip
        html_part = file == HTML_BODY
        for placeholder, what in zip(links, ("unsubscribe", "preferences"), strict=True):
            if placeholder not in part:
                slot = f"slot.{what}_url{'_html' if html_part else ''}"
                found.append(problem(file, f"no {what} link: print {{{{ {slot} }}}}"))
        address = " ".join(mailing_list.branding.address.split())
        shown = " ".join((html.unescape(part) if html_part else part).split())
        if address and address not in shown:
            found.append(
                problem(file, "no postal address: print {{ brand.address }} (a mailing must carry it)")
            )
    if len(rendered.html.encode("utf-8")) > MAX_HTML_BYTES:
        found.append(problem(HTML_BODY, f"the HTML is over {MAX_HTML_BYTES:,} bytes even with no article"))
    return found


def _size_problems(rendered: RenderedIssue) -> list[str]:
    """render_issue drops the articles that do not fit; with the sample, every one of them must."""
    if sample_articles()[-1].url in rendered.html:
        return []
    return [problem(HTML_BODY, f"{SAMPLE_ARTICLES} articles with images do not fit in "
                    f"{MAX_HTML_BYTES:,} bytes of HTML: make the markup or styles shorter")]  # fmt: skip


def describe_error(exc: BaseException) -> str:
    """One line for an error a set raised: its file and line when the traceback passes through it."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = templatesets.file_name(exc.name or exc.filename) or "template"
        return problem(file, _one_line(exc.message or "syntax error"), exc.lineno)
    if isinstance(exc, RenderFailed):
        return exc.line if exc.described else problem("template", exc.line)
    if isinstance(exc, jinja2.TemplateNotFound):
        return problem(
            "template", f"no template {exc.name!r}: a set's file loads only email/NAME of its own files"
        )
    file, line = "template", None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        named = templatesets.file_name(frame.f_code.co_filename)
        if named:
            file, line = named, lineno
    if isinstance(exc, MemoryError):
        message = f"the render ran out of memory (a child may use {CHILD_MEMORY_BYTES // 2**20} MB)"
    elif isinstance(exc, jinja2.TemplateError):
        message = _one_line(str(exc) or type(exc).__name__)
    else:
        message = _one_line(f"{type(exc).__name__}: {exc}")
    return problem(file, message, line)


def _one_line(text: str) -> str:
    flat = _OBJECT.sub(lambda m: _SPOKEN.get(m[1], m[0]), " ".join(text.split()))
    return flat if len(flat) <= _MESSAGE_CHARS else flat[: _MESSAGE_CHARS - 1] + "…"


_SAMPLE_TIME = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)


def sample_list() -> MailingList:
    return MailingList(
        slug="sample",
        name="The Sample Digest",
        from_addr="The Sample Digest <digest@example.com>",
        created_at=_SAMPLE_TIME,
        description="A week of the web, in a few sentences each.",
        branding=Branding(address=SAMPLE_ADDRESS, intro="Good morning: here is the week."),
    )


def sample_issue() -> Issue:
    return Issue(id="sample-1", list_slug="sample", list_name="The Sample Digest", number=1, subject="",
                 created_at=_SAMPLE_TIME, cutoff=_SAMPLE_TIME, article_ids=[],
                 status=IssueStatus.QUEUED)  # fmt: skip


def sample_articles(count: int = SAMPLE_ARTICLES) -> list[Article]:
    """`count` articles of realistic length, each with an image, as full as an issue gets."""
    sentence = ("The committee published its findings on Tuesday, and the figures show a steady rise in "
                "the number of towns that reached the target two years early.")  # fmt: skip
    return [
        Article(
            id=f"sample-{n}",
            feed_id="sample",
            url=f"https://news.example.com/2026/01/05/a-long-article-slug-about-topic-number-{n}",
            title=f"Article {n}: what the committee found, and what the towns do next about it",
            source="Example News",
            first_seen_at=_SAMPLE_TIME,
            highlights=[sentence] * (1 if n % 4 == 0 else 3),
            highlight_method="sample",
            published_at=_SAMPLE_TIME,
            author="A. Writer",
            image=ArticleImage(
                f"https://cdn.example.com/images/2026/01/article-{n}-1200x630.jpg",
                f"A picture for article {n}",
                1200,
                630,
            ),
        )
        for n in range(1, count + 1)
    ]
