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

    def list_branding(self, slug: str) -> str:
        """Hash: the list's branding (logo, colour, address, intro, footer); absent fields are unset."""
        return f"{self.prefix}:{{{slug}}}:brand"

    def list_templates(self, slug: str) -> str:
        """Hash: the list's own template set, file name -> Jinja source, and "@version" -> its digest."""
        return f"{self.prefix}:{{{slug}}}:templates"

    def list_subscriptions(self, slug: str) -> str:
        """Hash: subscriber id -> "status|since-epoch"."""
        return f"{self.prefix}:{{{slug}}}:subs"

    def list_active(self, slug: str) -> str:
        """Sorted set of active subscriber ids, scored by when they became active (stable fan-out order)."""
        return f"{self.prefix}:{{{slug}}}:active"

    def list_counts(self, slug: str) -> str:
        """Hash: subscription status -> how many, kept in step by the status script (O(1) counts)."""
        return f"{self.prefix}:{{{slug}}}:counts"

    def list_import_seen(self, slug: str, run: str) -> str:
        """Hash, short-lived: address -> first row, so one import run spots duplicates without RAM."""
        return f"{self.prefix}:{{{slug}}}:import:{run}"

    def list_pattern(self, slug: str) -> str:
        """SCAN pattern of every key tagged with the list, including ones added after this was written."""
        return f"{_glob_escape(self.prefix)}:{{{slug}}}:*"

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

    def list_review(self, slug: str) -> str:
        """Hash: the list's review policy (on, editors, timeout, what a timeout does)."""
        return f"{self.prefix}:{{{slug}}}:review"

    def list_drafts(self, slug: str) -> str:
        """Sorted set of draft issue numbers, scored by when their review time runs out."""
        return f"{self.prefix}:{{{slug}}}:drafts"

    def list_returned(self, slug: str, edition: str) -> str:
        """Set of article ids a dropped draft gave back: the edition's next issue takes them."""
        return f"{self.prefix}:{{{slug}}}:returned:{edition}"

    def list_notices(self, slug: str) -> str:
        """Hash: which optional emails the list sends its people (welcome)."""
        return f"{self.prefix}:{{{slug}}}:notices"

    def list_awaiting_confirmation(self, slug: str) -> str:
        """Sorted set: pending subscribers sent a confirmation link, scored by when (+inf once reminded)."""
        return f"{self.prefix}:{{{slug}}}:awaiting"

    def list_welcome_due(self, slug: str) -> str:
        """Sorted set: subscribers who just confirmed and are owed a welcome email, scored by when."""
        return f"{self.prefix}:{{{slug}}}:welcome-due"

    # -- schedules ---------------------------------------------------------------------------
    def schedules(self, slug: str) -> str:
        """Hash: edition name -> the schedule as JSON."""
        return f"{self.prefix}:{{{slug}}}:schedules"

    def schedule_state(self, slug: str, edition: str) -> str:
        """Hash: last slot handled, window cut-off, skipped slots of one edition."""
        return f"{self.prefix}:{{{slug}}}:sched:{edition}"

    def slot_claim(self, slug: str, edition: str, slot_epoch: int) -> str:
        """Set once by whoever builds this slot: a duplicated task for the same slot builds nothing."""
        return f"{self.prefix}:{{{slug}}}:slot:{edition}:{slot_epoch}"

    def edition_choice(self, slug: str) -> str:
        """Hash: subscriber id -> the edition they chose (absent: the list's default)."""
        return f"{self.prefix}:{{{slug}}}:cadence-of"

    def edition_members(self, slug: str, edition: str) -> str:
        """Sorted set of subscribers who chose this (non-default) edition."""
        return f"{self.prefix}:{{{slug}}}:chose:{edition}"

    def paused_until(self, slug: str) -> str:
        """Hash: subscriber id -> until when they asked for a break (issues skip them till then)."""
        return f"{self.prefix}:{{{slug}}}:paused-until"

    def edition_bridge(self, slug: str) -> str:
        """Hash: subscriber id -> end of the last window they were sent, kept while they switch edition."""
        return f"{self.prefix}:{{{slug}}}:bridge"

    def schedule_index(self) -> str:
        """Set of "slug/edition" that have a schedule (for `schedule list`)."""
        return f"{self.prefix}:schedules"

    # -- issues, and the sending rate they share -----------------------------------------------
    def issue(self, slug: str, number: int) -> str:
        """Hash: the issue's fields, rendered body included (rendered once, read by every chunk)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}"

    def issue_recipients(self, slug: str, number: int) -> str:
        """Sorted set: the active subscribers snapshotted when the send started; chunks are index ranges."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:rcpt"

    def issue_audience(self, slug: str, number: int) -> str:
        """Sorted set: who an edition's issue is for, fixed when it is built (absent: the whole list)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:aud"

    def issue_events(self, slug: str, number: int) -> str:
        """Hash: subscriber id -> the latest provider event for their delivery ("kind|epoch")."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:ev"

    def issue_people(self, slug: str, number: int, kind: str) -> str:
        """Set of subscriber ids with at least one provider event of this kind (unique opens, clicks…)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:who:{kind}"

    def issue_clicks(self, slug: str, number: int) -> str:
        """Hash: clicked URL -> how many recipients clicked it (each counted once per URL)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:clicks"

    def issue_clickers(self, slug: str, number: int) -> str:
        """Set of "subscriber id|URL digest": who already counted for which URL, so repeats do not."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:clicked"

    def issue_deliveries(self, slug: str, number: int) -> str:
        """Hash: subscriber id -> compact delivery record (one hash per issue keeps records small)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:dlv"

    def issue_errors(self, slug: str, number: int) -> str:
        """Hash: failure reason -> how many recipients it holds now (status groups errors in O(1))."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:errors"

    def issue_send_lease(self, slug: str, number: int) -> str:
        """String with a TTL: the live inline sender's id (its heartbeat renews it); gone mid-send: died."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:lease"

    def issue_unconfirmed(self, slug: str, number: int) -> str:
        """Set of subscriber ids whose send was in flight when a worker died (listed, resent on request)."""
        return f"{self.prefix}:{{{slug}}}:issue:{number}:unconfirmed"

    def rate_bucket(self, account: str) -> str:
        """Hash: the token bucket of one provider account, shared by every worker (global key)."""
        return f"{self.prefix}:rate:{account}"

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

    # -- suppression (global: checked at send time whatever a list says) ----------------------
    def suppressed(self) -> str:
        """Hash: sha256 of the address -> "reason|epoch|note"; survives `forget`."""
        return f"{self.prefix}:suppressed"

    def suppressed_addresses(self) -> str:
        """Hash: sha256 of the address -> the address itself, dropped by `forget`."""
        return f"{self.prefix}:suppressed-addr"

    # -- feeds and articles ------------------------------------------------------------------
    def feeds(self) -> str:
        """Hash: feed URL -> feed id."""
        return f"{self.prefix}:feeds"

    def feed_pages(self) -> str:
        """Hash: page URL whose <link rel="alternate"> named a feed -> feed id (global), found again."""
        return f"{self.prefix}:feed-pages"

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

    def throttle(self, name: str, who: str, window: int) -> str:
        """Counter of one client's requests in one time window (expires with the window)."""
        return f"{self.prefix}:throttle:{name}:{who}:{window}"

    def cooldown(self, name: str, who: str) -> str:
        """Set for a while after `who` did `name` once (a confirmation email sent to an address)."""
        return f"{self.prefix}:cooldown:{name}:{who}"

    def asked_name(self, slug: str, subscriber_id: str) -> str:
        """The name typed on the form by someone re-joining, applied only when the link is confirmed."""
        return f"{self.prefix}:{{{slug}}}:asked-name:{subscriber_id}"

    def webhook_event(self, event_id: str) -> str:
        """Set once per provider event id: webhooks are retried, and must act once."""
        return f"{self.prefix}:event:{event_id}"

    # -- signing -------------------------------------------------------------------------------
    def signing_key(self) -> str:
        """String: the key that signs links when none is configured, set once (SET NX) for all processes."""
        return f"{self.prefix}:signing-key"

    # -- Celery --------------------------------------------------------------------------------
    def celery_prefix(self) -> str:
        """kombu's global_keyprefix: the broker's keys live under ours, so tests and tenants never mix."""
        return f"{self.prefix}:celery:"

    def celery_queue(self, name: str = "celery") -> str:
        """List: the tasks waiting in a queue, when the broker is the data Redis (kombu's own key)."""
        return f"{self.celery_prefix()}{name}"

    def redbeat_prefix(self) -> str:
        return f"{self.prefix}:redbeat:"

    def worker_heartbeat(self) -> str:
        """Hash: worker host name -> when it last said it was alive."""
        return f"{self.prefix}:worker-heartbeat"

    def all_keys_pattern(self) -> str:
        """SCAN pattern of everything under this prefix (tests clean up exactly what they wrote)."""
        return f"{self.prefix}:*"

    def metrics_counter(self, name: str) -> str:
        """Hash: a fixed label value (or "transport|status") -> how many, for one counter of /metrics."""
        return f"{self.prefix}:metrics:{name}"

    def metrics_histogram(self, name: str) -> str:
        """Hash: bucket upper bound (not cumulative), "sum" and "count" of one histogram of /metrics."""
        return f"{self.prefix}:metrics:{name}:hist"

    # -- retention (`digest prune`): SCAN patterns of the kinds that grow with time ------------
    def feed_articles_pattern(self) -> str:
        """SCAN pattern of every feed's article index, readers or not."""
        return f"{_glob_escape(self.prefix)}:{{f.*}}:articles"

    def feed_seen_pattern(self) -> str:
        """SCAN pattern of every feed's entry identities, readers or not."""
        return f"{_glob_escape(self.prefix)}:{{f.*}}:seen"

    def feed_id_of(self, key: str) -> str:
        """The feed id inside a key built by one of the feed methods above."""
        return key.split("{f.", 1)[1].split("}", 1)[0]

    def throttle_patterns(self) -> tuple[str, str]:
        """SCAN patterns of the request counters and cool-downs (each written with an expiry)."""
        return f"{_glob_escape(self.prefix)}:throttle:*", f"{_glob_escape(self.prefix)}:cooldown:*"


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)
