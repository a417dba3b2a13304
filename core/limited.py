"""The child side of ``core.sandbox``: run one parsing function under limits.

A file someone sent (a PDF, an Office archive, a photo) is parsed here, in a
fresh Python process started by ``core.sandbox.run()``, never in a web
worker: a parser that loops, recurses or allocates without end then costs at
most this process, which the limits stop. This module imports nothing of
Django, and neither may the functions it runs (``documents/filecheck/``,
``images/processing.py``): they get bytes and parameters and return a result.

The protocol, both ways, is a 4-byte length, a JSON header, then raw bytes:
no pickle, so even a parser fooled into running code can hand the web
worker nothing but data.

What a parsing function may use from here:

- ``Refused(code, **params)``: the file is refused; the parent turns the
  code into a message (so no translation happens in the child);
- ``budget(seconds)``: a block of optional work (text extraction) that stops,
  raising ``BudgetSpent``, after that much CPU time, so the caller can keep
  what it has and say the rest was not done.
"""

import importlib
import json
import logging
import os
import resource
import signal
import struct
import sys
import traceback
import warnings
from contextlib import contextmanager

HEADER = struct.Struct(">I")
# Refused codes for what the limits themselves stop (the parent names them).
TIME = "time_limit"
MEMORY = "memory_limit"


class Refused(Exception):  # noqa: N818 - it reads as the verdict it is
    """The file is refused; ``code`` says why, ``params`` fill the parent's message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


class BudgetSpent(BaseException):  # noqa: N818
    """Raised inside ``budget()`` when its CPU time is used up.

    A BaseException, so that a library's ``except Exception`` can't swallow it
    and go on working past the budget.
    """


@contextmanager
def budget(seconds):
    """Run the block for at most ``seconds`` of this process's CPU time.

    ``BudgetSpent`` reaches the caller, who decides what the partial work is
    worth. CPU time, not wall time: on a busy machine the same file gets the
    same work done, only later.
    """

    def spent(signum, frame):
        raise BudgetSpent

    previous = signal.signal(signal.SIGPROF, spent)
    signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def read_message(stream):
    """(header dict, payload bytes) from ``stream``."""
    size = HEADER.unpack(_read_exactly(stream, HEADER.size))[0]
    header = json.loads(_read_exactly(stream, size))
    payload = _read_exactly(stream, header.pop("payload_size", 0))
    return header, payload


def write_message(stream, header, payload=b""):
    body = json.dumps({**header, "payload_size": len(payload)}).encode()
    stream.write(HEADER.pack(len(body)) + body)
    stream.write(payload)
    stream.flush()


def _read_exactly(stream, size):
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("message cut short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _limit(kind, value):
    soft, hard = resource.getrlimit(kind)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (value, value))


def apply_limits(memory_bytes, cpu_seconds):
    """Cap this process: address space, CPU time, no files written, no core dumps."""
    _limit(resource.RLIMIT_AS, memory_bytes)
    # The soft CPU limit sends SIGXCPU (it ends the process); the hard one a
    # second later, SIGKILL, in case something caught the first.
    soft = max(1, int(cpu_seconds + 0.999))
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    resource.setrlimit(
        resource.RLIMIT_CPU, (soft, soft + 1 if hard == resource.RLIM_INFINITY else hard)
    )
    _limit(resource.RLIMIT_FSIZE, 0)
    _limit(resource.RLIMIT_CORE, 0)
    # Below the web workers: a parse never slows the pages others are opening.
    os.nice(10)


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    request, payload = read_message(stdin)
    apply_limits(request["memory"], request["cpu"])
    # Parsers warn about every odd byte of a crafted file; nobody reads it.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    module_name, _, function_name = request["target"].partition(":")
    params = request.get("params", {})
    sizes = request.get("batch")
    if sizes is None:
        header, blob = _call(module_name, function_name, payload, params)
        write_message(stdout, header, blob)
        return
    # A batch: the payload is the files one after the other, each judged on its own.
    answers, blobs, offset = [], [], 0
    each = request.get("each") or [{}] * len(sizes)
    for size, own in zip(sizes, each, strict=True):
        piece = payload[offset : offset + size]
        header, blob = _call(module_name, function_name, piece, {**params, **own})
        offset += size
        answers.append({**header, "blob_size": len(blob)})
        blobs.append(blob)
    write_message(stdout, {"batch": answers}, b"".join(blobs))


def _call(module_name, function_name, payload, params):
    """(header, blob) for one file: its result, its refusal or the parser's failure."""
    try:
        function = getattr(importlib.import_module(module_name), function_name)
        result = function(payload, **params)
        header, blob = result if isinstance(result, tuple) else (result, b"")
        return {"result": header}, blob or b""
    except Refused as refusal:
        return {"refused": refusal.code, "params": refusal.params}, b""
    except MemoryError:
        return {"refused": MEMORY, "params": {}}, b""
    except BudgetSpent:  # a budget the function did not catch: the whole job ran out
        return {"refused": TIME, "params": {}}, b""
    except Exception as error:  # noqa: BLE001 - any failure of a parser is a broken file
        return {"failed": type(error).__name__, "detail": traceback.format_exc()[-2000:]}, b""
