"""What the charset sniff costs and changes: decode time per real page before/after, the worst case on
10 MB hostile blobs, and which real pages now decode differently.

    python tests/benchmarks/bench_charset.py [--before REV] [--rounds R]

"Before" is digest/highlights/charset.py as of REV (default e118081, the last commit without the
sniff), loaded from git beside the current module. Pages are every page of the development set
(/work/shared/samples/real-pages) and of tests/data/real-pages-heldout*, report halves included: they
are only decoded and compared, and a page that changes is named, never shown. Times are the best of R
rounds (the machine may be shared); the ratio is after / before.
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digest.highlights import charset as after  # noqa: E402

FOLDERS = [
    Path("/work/shared/samples/real-pages"),
    *sorted((ROOT / "tests" / "data").glob("real-pages-heldout*")),
]
MB = 1024 * 1024


def load_before(rev: str) -> types.ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:digest/highlights/charset.py"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    module = types.ModuleType("charset_before")
    exec(compile(source, f"{rev}:charset.py", "exec"), module.__dict__)
    return module


def pages() -> list[tuple[str, bytes]]:
    found = []
    for folder in FOLDERS:
        for path in sorted((folder / "pages").iterdir()):
            data = path.read_bytes()
            found.append(
                (f"{folder.name}/{path.name}", gzip.decompress(data) if path.suffix == ".gz" else data)
            )
    return found


def how(data: bytes) -> str:
    """Which rule of the current module decodes `data` (no BOM or header among these pages)."""
    label = after.declared_charset(data)
    if after._codec(label) in after.SINGLE_BYTE and not data.isascii() and after._utf8(data):
        return f"declared {label!r} (one byte a character) over UTF-8 bytes, read as UTF-8"
    if after._codec(label):
        try:
            data.decode(after._codec(label))
        except UnicodeDecodeError:
            if after._utf8(data):
                return f"declared {label!r}, disproven by the bytes, read as UTF-8"
        return f"declared {label!r}, read as {after._codec(label)}"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return f"undeclared, not UTF-8, sniffed as {after.sniffed_codec(data)}"
    return "valid UTF-8"


def best_time(decode: Callable[[bytes], str], data: bytes, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        decode(data)
        times.append(time.perf_counter() - start)
    return min(times)


def blobs() -> dict[str, bytes]:
    rng = random.Random(13)
    russian = "В Москве открылась новая станция метро на Большой кольцевой линии. ".encode("cp1251") * 4
    chinese = "关注青少年心理健康，促进身心和谐发展。".encode("gbk")
    return {
        "10 MB random bytes (invalid UTF-8)": rng.randbytes(10 * MB),
        "10 MB GBK text in <p>s": (b"<p>" + chinese * 40 + b"</p>\n") * (10 * MB // (len(chinese) * 40 + 8)),
        "10 MB windows-1251 text in <p>s": (b"<p>" + russian + b"</p>\n") * (10 * MB // (len(russian) + 8)),
        "10 MB ASCII, one latin-1 byte at the end": b"<p>ascii</p>\n" * (10 * MB // 13) + b"\xe9",
        "10 MB of 0x80-0xFF, no ASCII at all": bytes(range(128, 256)) * (10 * MB // 128),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="e118081", help="the revision whose charset.py is 'before'")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    before = load_before(args.before)
    real = pages()
    changed = []
    old_times, new_times = [], []
    for name, data in real:
        if before.decode_page(data) != after.decode_page(data):
            changed.append(f"{name}: {how(data)}")
        old_times.append(best_time(before.decode_page, data, args.rounds))
        new_times.append(best_time(after.decode_page, data, args.rounds))
    old, new = statistics.median(old_times), statistics.median(new_times)
    print(f"{len(real)} real pages; median decode {old * 1e3:.3f} ms before, {new * 1e3:.3f} ms after "
          f"(ratio {new / old:.2f}); slowest page {max(old_times) * 1e3:.2f} ms before, "
          f"{max(new_times) * 1e3:.2f} ms after")  # fmt: skip
    print(f"decoded differently: {len(changed)}")
    for line in changed:
        print(f"  {line}")
    for label, blob in blobs().items():
        old, new = (
            best_time(before.decode_page, blob, args.rounds),
            best_time(after.decode_page, blob, args.rounds),
        )
        sniff = best_time(after.sniffed_codec, blob, args.rounds)  # type: ignore[arg-type]
        print(f"{label}: {old * 1e3:.1f} ms before, {new * 1e3:.1f} ms after (ratio {new / old:.2f}); "
              f"of which the sniff {sniff * 1e3:.1f} ms, as {after.sniffed_codec(blob)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
