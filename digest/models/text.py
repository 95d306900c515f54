"""Feed text that is shown as one line in a digest (an image's alt text, a feed's heading), beside the
other domain objects (digest.models) so every stage that keeps or shows such text cleans it one way."""

from __future__ import annotations

import re

# C0 and C1 controls, zero-width and direction marks: a feed could reorder or hide what a reader sees.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(value: str, limit: int) -> str:
    """`value` on one line, without control or direction characters, runs of spaces as one space, and
    at most `limit` characters: a longer text ends at a word with "…" (or mid-word if one word is half
    of it)."""
    text = " ".join(_CONTROLS.sub(" ", value or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
