"""Every Redis key name, one method each: nothing else in the code base builds a key.

Keys written together carry the same hash tag — the list slug in braces for list data, the feed id
for feed data — so the data can later be sharded by Redis Cluster without a rewrite. The address index
and the article table are the few global keys.
"""

from __future__ import annotations


class Keys:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    # -- lists -------------------------------------------------------------------------------
    def lists(self) -> str:
        """Set of list slugs."""
        return f"{self.prefix}:lists"

    def mailing_list(self, slug: str) -> str:
        """Hash: the list's fields."""
        return f"{self.prefix}:{{{slug}}}:list"

    def list_subscriptions(self, slug: str) -> str:
        """Hash: subscriber id -> "status|since-epoch"."""
        return f"{self.prefix}:{{{slug}}}:subs"

    def list_active(self, slug: str) -> str:
        """Sorted set of active subscriber ids, scored by when they became active (stable fan-out order)."""
        return f"{self.prefix}:{{{slug}}}:active"

    def list_feeds(self, slug: str) -> str:
        """Set of feed ids the list reads."""
        return f"{self.prefix}:{{{slug}}}:feeds"

    def list_issues(self, slug: str) -> str:
        """Sorted set of issue numbers, scored by creation time."""
        return f"{self.prefix}:{{{slug}}}:issues"

    def list_issue_counter(self, slug: str) -> str:
        return f"{self.prefix}:{{{slug}}}:issue-seq"

    def list_build_lock(self, slug: str) -> str:
        """Held while an issue is composed, so two workers never build the same issue."""
        return f"{self.prefix}:{{{slug}}}:build-lock"

    # -- issues ------------------------------------------------------------------------------
    def issue(self, slug: str, number: int) -> str:
        """Hash: the issue's fields, rendered body included (rendered once, read by every chunk)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}"

    def issue_recipients(self, slug: str, number: int) -> str:
        """Sorted set: the active subscribers snapshotted when the send started; chunks are index ranges."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:rcpt"

    def issue_deliveries(self, slug: str, number: int) -> str:
        """Hash: subscriber id -> compact delivery record (one hash per issue keeps records small)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:dlv"

    # -- subscribers (global: one person, many lists) ----------------------------------------
    def subscriber(self, subscriber_id: str) -> str:
        return f"{self.prefix}:sub:{subscriber_id}"

    def subscriber_lists(self, subscriber_id: str) -> str:
        """Set of list slugs the subscriber is on, so `forget` and `show` need no scan."""
        return f"{self.prefix}:sub:{subscriber_id}:lists"

    def subscriber_by_email(self) -> str:
        """Hash: normalised address -> subscriber id."""
        return f"{self.prefix}:sub-by-email"

    def subscriber_seq(self) -> str:
        return f"{self.prefix}:sub-seq"

    # -- feeds and articles ------------------------------------------------------------------
    def feeds(self) -> str:
        """Hash: feed URL -> feed id."""
        return f"{self.prefix}:feeds"

    def feed(self, feed_id: str) -> str:
        return f"{self.prefix}:{{f.{feed_id}}}:feed"

    def feed_seen(self, feed_id: str) -> str:
        """Set of entry identities already collected from the feed."""
        return f"{self.prefix}:{{f.{feed_id}}}:seen"

    def feed_articles(self, feed_id: str) -> str:
        """Sorted set of article ids, scored by first-seen time (the issue window is on this score)."""
        return f"{self.prefix}:{{f.{feed_id}}}:articles"

    def feed_lists(self, feed_id: str) -> str:
        """Set of list slugs reading the feed: a feed no list reads is no longer polled."""
        return f"{self.prefix}:{{f.{feed_id}}}:lists"

    def feed_pending_pages(self, feed_id: str) -> str:
        """Hash: article id -> the feed's summary, for articles whose page is still to be read."""
        return f"{self.prefix}:{{f.{feed_id}}}:pages"

    def article(self, article_id: str) -> str:
        return f"{self.prefix}:article:{article_id}"

    def issue_index(self) -> str:
        """Hash: issue id -> list slug, so `issue status ID` finds its list."""
        return f"{self.prefix}:issue-index"

    # -- Celery --------------------------------------------------------------------------------
    def celery_prefix(self) -> str:
        """kombu's global_keyprefix: the broker's keys live under ours, so tests and tenants never mix."""
        return f"{self.prefix}:celery:"

    def redbeat_prefix(self) -> str:
        return f"{self.prefix}:redbeat:"

    def worker_heartbeat(self) -> str:
        return f"{self.prefix}:worker-heartbeat"

    def all_keys_pattern(self) -> str:
        """SCAN pattern of everything under this prefix (tests clean up exactly what they wrote)."""
        return f"{self.prefix}:*"
