"""Mailing lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from digest.errors import InvalidInput, NotFound
from digest.models import Branding, Grouping, MailingList
from digest.store.client import Client
from digest.store.codec import dt, req_dt, ts
from digest.store.keys import Keys

_BRAND_FIELDS = tuple(Branding.__dataclass_fields__)


class ListStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        # redis-py types every reply as a sync/async union; Any spares a cast at each call site.
        self._r: Any = client
        self._k = keys

    def create(self, mailing_list: MailingList) -> None:
        key = self._k.mailing_list(mailing_list.slug)
        # HSETNX on the slug field makes a concurrent duplicate create fail instead of merging.
        if not self._r.hsetnx(key, "slug", mailing_list.slug):
            raise InvalidInput(f"list {mailing_list.slug!r} exists already: pick another slug")
        fields = {
            "name": mailing_list.name,
            "from_addr": mailing_list.from_addr,
            "reply_to": mailing_list.reply_to,
            "description": mailing_list.description,
            "created_at": ts(mailing_list.created_at),
        }
        if not mailing_list.greeting:
            fields["greeting"] = "off"  # written only when off: lists stored before the setting greet
        if mailing_list.utm:
            fields["utm"] = "on"
        if not mailing_list.images:
            fields["images"] = "off"  # written only when off: lists stored before the setting show them
        if mailing_list.group_by is not Grouping.NONE:
            fields["group_by"] = mailing_list.group_by.value
        # The list's hash and the global set of lists sit in different hash slots, so they are written
        # one after the other (no MULTI across slots): a create cut short between them leaves a list
        # that `lists create` refuses as existing and `lists delete` removes, never a listed slug
        # with no list behind it.
        self._r.hset(key, mapping=fields)
        self._r.sadd(self._k.lists(), mailing_list.slug)

    def get(self, slug: str) -> MailingList:
        pipe = self._r.pipeline(transaction=False)
        pipe.hgetall(self._k.mailing_list(slug))
        pipe.hgetall(self._k.list_branding(slug))
        raw, brand = pipe.execute()
        if not raw.get("created_at"):
            raise NotFound(
                f"no list {slug!r}: see `digest lists list`, or create it with `digest lists create`"
            )
        return MailingList(
            slug=raw["slug"],
            name=raw.get("name", slug),
            from_addr=raw.get("from_addr", ""),
            reply_to=raw.get("reply_to", ""),
            description=raw.get("description", ""),
            created_at=req_dt(raw.get("created_at")),
            greeting=raw.get("greeting", "on") != "off",
            branding=Branding(**{name: brand.get(name, "") for name in _BRAND_FIELDS}),
            utm=raw.get("utm", "off") == "on",
            images=raw.get("images", "on") != "off",
            group_by=_grouping(raw.get("group_by", "")),
        )

    def set_branding(self, slug: str, fields: dict[str, str]) -> MailingList:
        """Set the given branding fields, validated by the caller; an empty value unsets its field."""
        self.get(slug)
        pipe = self._r.pipeline(transaction=True)
        kept = {name: value for name, value in fields.items() if value}
        if kept:
            pipe.hset(self._k.list_branding(slug), mapping=kept)
        cleared = [name for name, value in fields.items() if not value]
        if cleared:
            pipe.hdel(self._k.list_branding(slug), *cleared)
        pipe.execute()
        return self.get(slug)

    def update(self, slug: str, fields: dict[str, str]) -> MailingList:
        """Change some of name, from_addr, reply_to, description, greeting, utm, images ("on"/"off"),
        group_by ("feed"/"none"), validated by the caller."""
        self.get(slug)
        if fields:
            self._r.hset(self._k.mailing_list(slug), mapping=fields)
        return self.get(slug)

    def delete(self, slug: str, issue_ids: Sequence[str]) -> int:
        """Delete every key tagged with the list, and the list from each subscriber's set of lists.

        The list's own hash and its place in the set of lists go last, so a delete cut short can
        simply be run again. Returns how many keys went.
        """
        page: list[str] = []
        for subscriber_id, _ in self._r.hscan_iter(self._k.list_subscriptions(slug), count=1000):
            page.append(subscriber_id)
            if len(page) >= 1000:
                self._forget_members(slug, page)
                page = []
        self._forget_members(slug, page)
        if issue_ids:
            self._r.hdel(self._k.issue_index(), *issue_ids)
        own = self._k.mailing_list(slug)
        deleted = 0
        batch: list[str] = []
        for key in self._r.scan_iter(match=self._k.list_pattern(slug), count=1000):
            if key != own:
                batch.append(key)
            if len(batch) >= 500:
                deleted += int(self._r.unlink(*batch))
                batch = []
        if batch:
            deleted += int(self._r.unlink(*batch))
        # Off the set of lists first, then the list's own hash (two slots, so two commands): cut short
        # in between, the hash is still there for a second `lists delete` to find.
        self._r.srem(self._k.lists(), slug)
        return deleted + int(self._r.unlink(own))

    def _forget_members(self, slug: str, subscriber_ids: list[str]) -> None:
        pipe = self._r.pipeline(transaction=False)
        for subscriber_id in subscriber_ids:
            pipe.srem(self._k.subscriber_lists(subscriber_id), slug)
        pipe.execute()

    def slugs(self) -> list[str]:
        return sorted(self._r.smembers(self._k.lists()))

    def all(self) -> list[MailingList]:
        return [self.get(slug) for slug in self.slugs()]

    def last_cutoff(self, slug: str) -> datetime | None:
        """End of the previous issue's window; None before the first issue."""
        return dt(self._r.hget(self._k.mailing_list(slug), "last_cutoff"))

    def set_last_cutoff(self, slug: str, cutoff: datetime) -> None:
        self._r.hset(self._k.mailing_list(slug), "last_cutoff", ts(cutoff))


def _grouping(stored: str) -> Grouping:
    # Lists stored before the setting, or by a newer version that knows more ways, show one run.
    try:
        return Grouping(stored)
    except ValueError:
        return Grouping.NONE
