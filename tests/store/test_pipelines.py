"""Every pipeline of the store says whether it is a transaction: redis-py's plain client makes
`pipeline()` a MULTI/EXEC and its cluster client does not, so an unsaid one would be atomic on one
Redis and not on a cluster (digest/store/client.py)."""

from __future__ import annotations

import re
from pathlib import Path

STORE = Path(__file__).resolve().parents[2] / "digest" / "store"


def test_every_pipeline_of_the_store_says_whether_it_is_a_transaction() -> None:
    unsaid = [
        f"{path.name}:{number}"
        for path in sorted(STORE.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.pipeline\((?!transaction=(True|False)\))", line)
    ]
    assert unsaid == []
