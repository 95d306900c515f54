"""One thing on a page that could be the publisher's own summary, and the items it holds
(digest.highlights.candidates finds them, digest.highlights.judge weighs them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Candidate:
    marker: str
    anchor: Any  # the label, or the marked container: its place on the page is the candidate's place
    items: list[str]
    item_elements: list[Any]
    cut: list[Any]  # what leaves the text when the candidate wins, so it is not read twice
    reasons: set[str] = field(default_factory=set)  # "label", "class", "position"
    label: str = ""  # the label as matched ("" without one)
    name: str = ""  # the class or id that names it ("" without one)
    read: list[str] = field(default_factory=list)  # how its items were read, where not plainly (--explain)
