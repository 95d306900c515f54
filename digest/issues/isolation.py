"""Render with a list's own templates in a child process the kernel bounds: memory and time.

The sandbox's budget (digest/issues/sandbox.py) is checked at each output, attribute, call and loop
step, but one expression can still build a huge value between two checks (a string doubled with `~`
in a loop, say), and only the kernel bounds memory for sure. So a list's own set renders in a forked
child with an address-space limit and a CPU-time limit, while this process waits at most
CHILD_SECONDS for its answer and kills it after. The child inherits the compiled templates (compile
them first), so a render costs a fork, not a compile. Where fork or /proc is missing, the render runs
here, within the sandbox's budget only.
"""

from __future__ import annotations

import faulthandler
import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from digest.issues import templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR, environment
from digest.models import RenderedIssue
from digest.models.templates import TemplateSet

CHILD_SECONDS = 10.0  # wall-clock wait for the whole issue (several renders and the CSS inlining)
CHILD_MEMORY_BYTES = 512 * 1024 * 1024  # address space the child may add to what it inherits
_MAX_ANSWER_BYTES = 8 * 1024 * 1024  # an issue is under 100 KB of HTML and its text


class RenderFailed(Exception):
    """A bounded render failed; `line` says why, naming the template's file and line when the child
    could (`described`), else only what the limits stopped."""

    def __init__(self, line: str, *, described: bool) -> None:
        super().__init__(line)
        self.line = line
        self.described = described


def compile_set(
    template_set: TemplateSet, templates_dir: Path | None = None, *, names: Sequence[str] = ()
) -> None:
    """Compile the set's templates (`names`, else every file it has and the default partials) here, so
    every child inherits them: a render forks, never compiles. A syntax error raises here, with its
    line."""
    env = environment((templates_dir or DEFAULT_TEMPLATES_DIR).resolve(), template_set)
    carried = [name for name in templatesets.NAMES if name in template_set.sources or name not in
               templatesets.NOTICE_NAMES]  # fmt: skip
    for name in names or carried:
        env.get_template(templatesets.template_name(name))


def _available() -> bool:
    return hasattr(os, "fork") and os.path.exists("/proc/self/statm")


def render_isolated(
    render: Callable[[], RenderedIssue], describe: Callable[[BaseException], str]
) -> RenderedIssue:
    """`render()` run in a bounded child; raises RenderFailed with one line when it fails (`describe`
    turns the child's exception into that line, with the template's file and line)."""
    if not _available():
        return render()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer once, and never return into the caller's code
        os.close(read_end)
        _child(render, describe, write_end)
    os.close(write_end)
    try:
        answer = _read(read_end, time.monotonic() + CHILD_SECONDS)
    finally:
        os.close(read_end)
        timed_out = _reap(pid)
    if answer is None:
        raise RenderFailed(f"the rendered issue is over {_MAX_ANSWER_BYTES:,} bytes", described=False)
    if timed_out:
        raise RenderFailed(f"the templates took longer than {CHILD_SECONDS:g} s to render", described=False)
    if not answer:
        raise RenderFailed(
            f"the render ran out of its {CHILD_MEMORY_BYTES // 2**20} MB of memory or its CPU time",
            described=False,
        )
    found = json.loads(answer)
    if "error" in found:
        raise RenderFailed(str(found["error"]), described=True)
    return RenderedIssue(**found)


def _child(render: Callable[[], RenderedIssue], describe: Callable[[BaseException], str], out: int) -> None:
    code = 1
    try:
        # Its one output is the answer: a limit's crash report (an allocator's, faulthandler's) stays
        # out of the worker's log and the operator's terminal.
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        faulthandler.disable()  # it writes to a descriptor of its own
        pages = os.sysconf("SC_PAGE_SIZE")
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * pages
        resource.setrlimit(resource.RLIMIT_AS, (mapped + CHILD_MEMORY_BYTES, mapped + CHILD_MEMORY_BYTES))
        seconds = int(CHILD_SECONDS) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a child the limits kill leaves no core file
        try:
            answer: dict[str, str] = asdict(render())
        except Exception as exc:  # the template's error, told to the parent in one line
            answer = {"error": describe(exc)}
        data = json.dumps(answer).encode()
        while data:
            data = data[os.write(out, data) :]
        code = 0
    finally:
        os._exit(code)  # no atexit, no buffers flushed twice, no test runner resumed in the child


def _read(fd: int, deadline: float) -> bytes | None:
    """The child's answer; b'' when it gave none in time, None when it was too big to take."""
    chunks: list[bytes] = []
    size = 0
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_ANSWER_BYTES:
            return None
    return b""


def _reap(pid: int) -> bool:
    """Collect the child; True when it was still running (past its time) and had to be killed."""
    finished, _status = os.waitpid(pid, os.WNOHANG)
    if finished:
        return False
    deadline = time.monotonic() + 0.5  # it wrote its answer and is exiting
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return False
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return True
