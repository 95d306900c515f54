"""Why a page's highlights are what they are: every block candidate and every declared summary, judged.

For `digest highlights --explain`: an operator who sees a wrong choice can tell which signal gave
it, without reading the code. Runs the same detector and the same tests as extraction and choice,
on a fresh parse, so explaining never changes what is chosen.
"""

from __future__ import annotations

from digest.highlights.blocks import find_block, outside_article
from digest.highlights.extract import parse_page
from digest.highlights.summaries import judge_summary
from digest.models import ExtractedPage


def explain_blocks(html: str) -> list[str]:
    """One line per block candidate (best first), saying whether it won and why, or why it lost."""
    root = parse_page(html)
    if root is None:
        return ["no page to read (empty, binary or without a body)"]
    block = find_block(root, outside_article(root))
    if not block.considered:
        return ["no block candidates: no label, class or list under the headline looks like one"]
    lines = []
    ranked = sorted(block.considered, key=lambda v: (v.rejected == "", v.score), reverse=True)
    for verdict in ranked:
        candidate = verdict.candidate
        won = block.items and candidate.items == block.items and candidate.marker == block.marker
        status = (
            "WINNER" if won else f"lost: {verdict.rejected}" if verdict.rejected else "lost: score too low"
        )
        if not won and not verdict.rejected and block.items:
            status = "lost: a better candidate won"
        first = candidate.items[0][:80] if candidate.items else ""
        via = ", ".join(sorted(candidate.reasons))
        read = "".join(f"; read: {how}" for how in candidate.read)
        lines.append(
            f"[{verdict.score:+d}] “{candidate.marker}” ({len(candidate.items)} items, via {via}) {status}; "
            f"{'; '.join(verdict.reasons)}{read} | first item: {first}"
        )
    return lines


def explain_declared(page: ExtractedPage) -> list[str]:
    """What the summaries a page declares are judged to be (digest.highlights.summaries' tests)."""
    lines = []
    for field, text, description in (
        ("abstract", page.abstract, False),
        ("description", page.description, True),
    ):
        if not text:
            continue
        shown = description and page.description_shown
        sentences, why = judge_summary(text, body=page.text, description=description, shown=shown)
        lines.append(f"schema.org {field}: " + ("reads as a summary" if sentences else f"refused ({why})"))
    return lines
