"""Parsing what users send, in a child process with limits, outside any transaction.

A crafted file of a few KB once held a web worker for minutes or took 5 GB
(issue 17): a DOCX of 400 KB of ``<`` made a regex quadratic, a PDF page of
200,000 path operators cost pypdf 3.5 s, and 500 such pages made 30 minutes.
So no parser runs in a web worker. ``run()`` starts a fresh Python
(``core/limited.py``) that:

- may use ``Limits.memory`` bytes of address space (``RLIMIT_AS``) and
  ``Limits.cpu`` seconds of CPU (``RLIMIT_CPU``), writes no file, dumps no
  core, runs at a lower priority than the web workers;
- is killed, with its process group, after ``Limits.wall`` seconds;
- shares one of ``SANDBOX_SLOTS`` slots of this machine (default: its
  cores), so however many uploads arrive at once, at most that many parses
  use CPU and memory; the others wait for a slot up to ``SANDBOX_WAIT``
  seconds, then are refused as "busy".

What a limit stopped is a ``Refusal`` with the limit's code (``TIME``,
``MEMORY``, ``BUSY``), and a crash of the parser (an exception, a signal) is
``FAILED``: the caller turns both into a message naming what went wrong.

Parsing also never runs inside a database transaction: on SQLite every
transaction here takes the write lock at once (``IMMEDIATE``), so a parse
inside one stalls every other editor. ``run()`` refuses to start inside one
(``TransactionOpen``); the admin checks uploads before Django's admin opens
its transaction (``core.admin.UploadsCheckedFirst``), and commands check
their files before they write.
"""

import contextlib
import fcntl
import functools
import io
import logging
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from . import limited

logger = logging.getLogger(__name__)

TIME, MEMORY = limited.TIME, limited.MEMORY
BUSY = "busy"
FAILED = "failed"
MB = 1024 * 1024
# The most a child may answer for one file: its text, or a re-encoded photo.
MAX_ANSWER = 64 * MB


@dataclass(frozen=True)
class Limits:
    cpu: float  # seconds of CPU time
    memory: int  # bytes of address space
    wall: float  # seconds, start to finish


class Refusal(Exception):  # noqa: N818 - the verdict on a file
    """The child refused the file (``code``, ``params``), or a limit stopped it."""

    def __init__(self, code, params=None, detail=""):
        super().__init__(code)
        self.code, self.params, self.detail = code, params or {}, detail


class TransactionOpen(RuntimeError):
    """A parse was asked for inside a transaction; check the file before it opens."""


def once_per_file(check):
    """Run ``check(uploaded)`` once per uploaded file; later calls get its result or error.

    So the admin can check uploads before it opens its transaction and the
    form's own validation, inside it, reuses that verdict instead of parsing
    again (and inside the transaction).
    """
    key = _memo_key(check)

    @functools.wraps(check)
    def checked(uploaded):
        memo = getattr(uploaded, "__dict__", {}).get(key)
        if memo is None:
            try:
                memo = (check(uploaded), None)
            except ValidationError as error:
                memo = (None, error)
            with contextlib.suppress(AttributeError):
                setattr(uploaded, key, memo)
        result, error = memo
        if error is not None:
            raise error
        return result

    return checked


def _memo_key(check):
    check = getattr(check, "__wrapped__", check)
    return f"_checked_by_{check.__module__}.{check.__qualname__}"


def in_transaction():
    """Whether any database connection of this thread is inside ``atomic()``.

    The atomic blocks a test case opens around each test don't count: they
    stand for the autocommit the code runs in outside tests.
    """
    for connection in connections.all(initialized_only=True):
        if any(not block._from_testcase for block in connection.atomic_blocks):
            return True
        # A transaction opened by hand (set_autocommit(False)); read without a query.
        manual = connection.connection is not None and not connection.autocommit
        if manual and not connection.atomic_blocks:
            return True
    return False


def run(target, payload, limits, **params):
    """Call ``target`` ("module:function") on ``payload`` in a limited child.

    Returns (result dict, result bytes). Raises ``Refusal``.
    """
    if in_transaction():
        raise TransactionOpen(
            f"{target} would parse inside a transaction; check the file before opening it"
        )
    with _slot():
        return _run_child(target, payload, limits, params)


def run_many(target, payloads, limits, each=None, **params):
    """``run()`` for several files in one child: [(result, bytes) or Refusal] in order.

    For work on many files at once (the importer, the demo, the renditions of
    photos saved in one transaction): one child instead of one each (a child
    starts in about 0.1 s). ``each``: parameters of each file, with ``params``
    for all. Each file may use ``limits.cpu``; if the batch as a whole is
    stopped (a limit, a crash), each file is run again on its own, so the
    verdicts still name the file at fault.
    """
    payloads = list(payloads)
    each = list(each) if each is not None else [{} for _payload in payloads]
    if not payloads:
        return []
    if in_transaction():
        raise TransactionOpen(f"{target} would parse inside a transaction")
    scaled = Limits(
        cpu=limits.cpu * len(payloads),
        memory=limits.memory,
        wall=limits.wall * len(payloads),
    )
    try:
        with _slot():
            message, blob = _run_child(
                target,
                b"".join(payloads),
                scaled,
                params,
                batch={"batch": [len(p) for p in payloads], "each": each},
            )
    except Refusal:
        return [
            _one(target, payload, limits, {**params, **own})
            for payload, own in zip(payloads, each, strict=True)
        ]
    answers, offset = [], 0
    for answer in message:
        size = answer.pop("blob_size", 0)
        answers.append(_answer(target, answer, blob[offset : offset + size]))
        offset += size
    return answers


def _one(target, payload, limits, params):
    try:
        return run(target, payload, limits, **params)
    except Refusal as refusal:
        return refusal


def _answer(target, message, blob):
    if "refused" in message:
        return Refusal(message["refused"], message.get("params"))
    if "failed" in message:
        logger.info("%s: the parser failed: %s", target, message.get("detail", ""))
        return Refusal(FAILED, detail=message.get("detail", ""))
    return message["result"], blob


def _run_child(target, payload, limits, params, batch=None):
    request = {"target": target, "params": params, "memory": limits.memory, "cpu": limits.cpu}
    if batch is not None:
        request.update(batch)
    started = time.monotonic()
    with subprocess.Popen(  # noqa: S603 - our own interpreter, our own module
        [sys.executable, "-E", "-s", "-B", "-c", "from core.limited import main; main()"],
        cwd=settings.BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        # What a parser prints is nobody's business; failures come back as messages.
        stderr=subprocess.DEVNULL,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
        close_fds=True,
        start_new_session=True,  # its own process group, killed whole on a timeout
    ) as child:
        try:
            items = len(batch["batch"]) if batch else 1
            out = _exchange(
                child, _framed(request, payload), started + limits.wall, MAX_ANSWER * items
            )
        except Refusal:
            _kill(child)
            raise
    elapsed = time.monotonic() - started
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and not out:
        logger.warning("%s: stopped after %.1f s (CPU limit)", target, elapsed)
        raise Refusal(TIME)
    try:
        message, blob = limited.read_message(io.BytesIO(out))
    except (EOFError, ValueError, struct.error):
        detail = f"exit {child.returncode}"
        logger.warning("%s: the parser died (%s)", target, detail)
        raise Refusal(FAILED, detail=detail) from None
    logger.debug("%s: done in %.2f s", target, elapsed)
    if batch is not None:
        return message["batch"], blob
    answer = _answer(target, message, blob)
    if isinstance(answer, Refusal):
        raise answer
    return answer


def _exchange(child, request, deadline, most):
    """Send ``request``, read the answer: at most ``most`` bytes, until ``deadline``."""

    def send():
        with contextlib.suppress(BrokenPipeError, OSError):
            child.stdin.write(request)
            child.stdin.close()

    writer = threading.Thread(target=send, daemon=True)
    writer.start()
    chunks, size = [], 0
    descriptor = child.stdout.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            logger.warning("sandbox: a parser was stopped at its wall-clock limit")
            raise Refusal(TIME)
        ready, _, _ = select.select([descriptor], [], [], left)
        if not ready:
            continue
        chunk = os.read(descriptor, 1024 * 1024)
        if not chunk:
            break
        size += len(chunk)
        if size > most:
            raise Refusal(FAILED, detail="answer too long")
        chunks.append(chunk)
    try:
        child.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise Refusal(TIME) from None
    writer.join(timeout=1)
    return b"".join(chunks)


def _framed(request, payload):
    buffer = io.BytesIO()
    limited.write_message(buffer, request, payload)
    return buffer.getvalue()


def _kill(child):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)


def _slot_dir():
    path = Path(getattr(settings, "SANDBOX_LOCK_DIR", settings.VAR_DIR / "sandbox"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def only_one(name):
    """Hold the machine-wide lock ``name`` if no one else does; yields whether it was free.

    For "one upload at a time per user" (``core.admin.UploadsCheckedFirst``):
    five crafted uploads at once from one account would otherwise take every
    parse slot in turn and keep each other's requests waiting.
    """
    handle = open(_slot_dir() / f"{name}.lock", "a+b")  # noqa: SIM115 - closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def remember(check, uploaded, error):
    """Record ``error`` as ``check``'s verdict on ``uploaded`` (see ``once_per_file``)."""
    with contextlib.suppress(AttributeError):
        setattr(uploaded, _memo_key(check), (None, error))


@contextlib.contextmanager
def _slot():
    """One of the machine's parse slots (an exclusive lock on one of N files)."""
    slots = max(1, int(getattr(settings, "SANDBOX_SLOTS", 0) or os.cpu_count() or 1))
    wait = float(getattr(settings, "SANDBOX_WAIT", 20))
    directory = _slot_dir()
    deadline = time.monotonic() + wait
    while True:
        for number in range(slots):
            handle = open(directory / f"slot-{number}", "a+b")  # noqa: SIM115 - held below
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() >= deadline:
            raise Refusal(BUSY)
        time.sleep(0.05)
