"""One issue's outcome in numbers: the maths of `digest issue report`, pure (counts in, report out).

Counts are of people, not events: a reader who opens five times is one open, one who clicks an article
twice is one click on it (the webhook counts each reader once per link, and an issue is rendered once,
so it carries one form of each article's link). Clicks are matched to articles by URL with our UTM tags
taken off, since SendGrid's click tracking reports the link as it was in the email.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from digest.issues.utm import without_utm
from digest.models import Article

# Apple Mail Privacy Protection fetches every image on delivery, so opens count machines as readers.
OPENS_CAVEAT = "unreliable: Apple Mail Privacy Protection opens every message it receives"

# The per-kind sets the webhook fills (digest/delivery/feedback.py names them).
KINDS = ("delivered", "bounce", "bounce-soft", "dropped", "spamreport", "unsubscribe", "open", "click")


def rate(part: int, whole: int) -> float | None:
    """part / whole, None when there is no whole to speak of (nothing delivered yet)."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class ArticleClicks:
    position: int  # 1-based, in the issue's order
    title: str
    url: str
    clicks: int  # recipients who clicked it
    click_rate: float | None  # of those delivered


@dataclass(frozen=True)
class IssueReport:
    issue: str
    subject: str
    recipients: int
    sent: int
    delivered: int
    bounced_hard: int
    bounced_soft: int
    dropped: int
    complained: int
    unsubscribed: int
    unique_opens: int
    unique_clicks: int
    articles: list[ArticleClicks] = field(default_factory=list)
    other_clicks: int = 0  # clicks on links that are no article (footer, archive, URLs not kept)
    opens_caveat: str = OPENS_CAVEAT
    template_fallback: str = ""  # why the list's own templates gave way to the default ones, if they did

    @property
    def delivery_rate(self) -> float | None:
        return rate(self.delivered, self.sent)

    @property
    def open_rate(self) -> float | None:
        return rate(self.unique_opens, self.delivered)

    @property
    def click_rate(self) -> float | None:
        return rate(self.unique_clicks, self.delivered)

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "delivery_rate": self.delivery_rate,
            "open_rate": self.open_rate,
            "click_rate": self.click_rate,
        }


def issue_report(
    *,
    issue: str,
    subject: str,
    recipients: int,
    sent: int,
    people: Mapping[str, int],
    unsubscribed: int,
    articles: Sequence[Article],
    clicks: Mapping[str, int],
) -> IssueReport:
    """The report from the stored counts; `clicks` maps each clicked URL to the people who clicked it."""
    delivered = people.get("delivered", 0)
    index: dict[str, int] = {}
    for position, article in enumerate(articles):
        index.setdefault(without_utm(article.url), position)  # the same link twice: the first one counts
    per_article = [0] * len(articles)
    other = 0
    for url, count in clicks.items():
        found = index.get(without_utm(url))
        if found is None:
            other += count
        else:
            per_article[found] += count
    lines = [
        ArticleClicks(n + 1, article.title, article.url, per_article[n], rate(per_article[n], delivered))
        for n, article in enumerate(articles)
    ]
    return IssueReport(
        issue=issue,
        subject=subject,
        recipients=recipients,
        sent=sent,
        delivered=delivered,
        bounced_hard=people.get("bounce", 0),
        bounced_soft=people.get("bounce-soft", 0),
        dropped=people.get("dropped", 0),
        complained=people.get("spamreport", 0),
        unsubscribed=unsubscribed,
        unique_opens=people.get("open", 0),
        unique_clicks=people.get("click", 0),
        articles=lines,
        other_clicks=other,
    )
