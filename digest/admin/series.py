"""The series of `digest stats`: per issue and per week, pure (what was read in, numbers out).

Subscribers are counted by the status they hold now and the week they took it: a week's "active" are
the people who joined (confirmed) that week and are still here, its churn those who left that week
(unsubscribed, bounced, complained). Redis keeps each subscription's current status and since when,
not every step before it, so someone who joined and left in the same quarter counts once, as churn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from digest.admin.report import rate

# Gmail's and Yahoo's bulk-sender rule (February 2024): spam complaints must stay under 0.3 %.
COMPLAINT_LINE = 0.003
CHURN = ("unsubscribed", "bounced", "complained")
STATUSES = ("pending", "active", *CHURN)
_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class IssueCounts:
    """One issue that went out, as stored: people per outcome (not events)."""

    issue: str
    list_slug: str
    at: datetime  # when its send started
    recipients: int
    sent: int
    delivered: int
    bounced: int  # hard and soft
    complained: int
    opens: int
    clicks: int

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), **_rates(self.sent, self.delivered, self.complained)}


@dataclass
class Week:
    start: date  # its Monday (UTC)
    subscribers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    issues: int = 0
    sent: int = 0
    delivered: int = 0
    bounced: int = 0
    complained: int = 0
    opens: int = 0
    clicks: int = 0

    @property
    def growth(self) -> int:
        return self.subscribers["active"]

    @property
    def churn(self) -> int:
        return sum(self.subscribers[status] for status in CHURN)

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "growth": self.growth,
            "churn": self.churn,
            **_rates(self.sent, self.delivered, self.complained),
        }


def _rates(sent: int, delivered: int, complained: int) -> dict[str, Any]:
    complaint_rate = rate(complained, delivered)
    return {
        "delivery_rate": rate(delivered, sent),
        "complaint_rate": complaint_rate,
        "over_complaint_line": complaint_rate is not None and complaint_rate >= COMPLAINT_LINE,
    }


def week_of(moment: datetime) -> date:
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def weekly(
    issues: Sequence[IssueCounts],
    statuses: Iterable[tuple[str, datetime]],
    since: datetime,
    now: datetime,
) -> list[Week]:
    """Every week from the one holding `since` to the one holding `now`, empty weeks included (a
    chart with gaps closed up would lie about time). `statuses` are (current status, since when)."""
    first, last = week_of(since), week_of(now)
    weeks = {
        first + timedelta(weeks=n): Week(first + timedelta(weeks=n))
        for n in range((last - first).days // 7 + 1)
    }
    for status, at in statuses:
        week = weeks.get(week_of(at))
        if week is not None and at >= since and status in week.subscribers:
            week.subscribers[status] += 1
    for counts in issues:
        week = weeks.get(week_of(counts.at))
        if week is None or counts.at < since:
            continue
        week.issues += 1
        week.sent += counts.sent
        week.delivered += counts.delivered
        week.bounced += counts.bounced
        week.complained += counts.complained
        week.opens += counts.opens
        week.clicks += counts.clicks
    return list(weeks.values())


def sparkline(values: Sequence[float]) -> str:
    """Values as bars one character wide, scaled to the largest; zero is the lowest bar's space."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(
        " " if v <= 0 else _BARS[min(len(_BARS) - 1, int(v / top * (len(_BARS) - 1)))] for v in values
    )
