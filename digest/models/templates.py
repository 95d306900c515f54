"""A list's own email templates, beside the other domain objects (digest.models) only to keep each
module short. Checked by digest/issues/templatecheck.py, stored by digest/store/templatesets.py."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TemplateSet:
    """File name -> Jinja source, and a digest of them all.

    Equal (and hashed) by `version` alone, so every process caches one compiled environment per
    distinct set however many times it reads the set from Redis.
    """

    sources: Mapping[str, str] = field(compare=False)
    version: str

    @classmethod
    def of(cls, sources: Mapping[str, str]) -> TemplateSet:
        digest = hashlib.sha256()
        for name in sorted(sources):
            digest.update(f"{len(name)}:{name}{len(sources[name])}:".encode())
            digest.update(sources[name].encode("utf-8", "surrogatepass"))
        return cls(dict(sources), digest.hexdigest()[:16])
