"""A candidate's verdict: the points for and against it with their reasons, what rules it out, what doubts it.

Two kinds of signal speak against a candidate. Some say what it is not (links, code, a product's page,
the story itself, one of several per-part boxes under one label, a teaser or a carousel): those rule it
out whatever else is true. Others only say where it stands or how it is drawn: in a slot of the site's
frame (an ad slot's or a module's wrapper), in a card, in a quote block, between sections. On sites no
rule had been drawn from, those were wrong more often than right whenever everything else said
"summary": at the detectors that first scored sets 7, 8 and 9 they threw away five publisher blocks
(weather.com's "At a Glance" in an ad slot's wrapper, a "Key Takeaways" drawn in a quote block, a Ghost
"TLDR" card, a Motley Fool "Key Points" card, a "Key Takeaways" between two sections) and kept out no
false one. So a doubt stands only against a candidate that is not strong: one that a label people read
names, with the place, items and echo of the story that bring it to STRONG points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digest.highlights.candidate import Candidate

WIN_SCORE = 3
# A label (+3), a place atop the story (+1 or +2), sentence-like items (+1), most words in the story (+1).
STRONG = 6


@dataclass
class Verdict:
    candidate: Candidate
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    rejected: str = ""  # a trap signal that rules the candidate out whatever its score
    doubts: list[str] = field(default_factory=list)  # signals of place that strong evidence outweighs

    def note(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(f"{points:+d} {reason}")

    def reject(self, reason: str) -> None:
        self.rejected = self.rejected or reason

    def doubt(self, reason: str) -> None:
        self.doubts.append(reason)

    def settle(self) -> None:
        """Weigh the doubts once every point is in: they rule out all but a strong, labelled candidate."""
        if not self.doubts or self.rejected:
            return
        if self.candidate.label and self.score >= STRONG:
            for doubt in self.doubts:
                self.note(0, f"outweighed by a label, its place and its echo of the story: {doubt}")
        else:
            self.reject(self.doubts[0])


def decide(verdicts: list[Verdict]) -> Verdict | None:
    """The best-scoring candidate that nothing rules out and that reaches WIN_SCORE; the earliest on ties."""
    standing = [v for v in verdicts if not v.rejected and v.score >= WIN_SCORE]
    return max(standing, key=lambda v: v.score, default=None)
