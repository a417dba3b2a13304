"""Functions for tests/core/test_sandbox.py to run in the sandbox's child process.

Like the real parsers (documents/filecheck/, images/processing.py) they
import nothing of Django: the child starts without it.
"""

import os
import signal
import time

from core.limited import Refused, budget


def echo(data, suffix=""):
    return {"size": len(data), "suffix": suffix}, data + suffix.encode()


def spin(data):
    while True:
        pass


def hog(data):
    kept = []
    while True:
        kept.append(bytearray(64 * 1024 * 1024))


def sleep(data):
    time.sleep(600)


def crash(data):
    os.kill(os.getpid(), signal.SIGSEGV)


def write_file(data):
    with open("/tmp/sandbox-test-written", "wb") as handle:  # noqa: S108 - must fail
        handle.write(b"x" * 4096)
    return {"written": True}


def refuse(data):
    raise Refused("nope", why="test")


def boom(data):
    raise ValueError("a parser bug")


def large(data, size=0):
    return {}, b"x" * size


def budgeted(data):
    started = time.process_time()
    try:
        with budget(0.2):
            while True:
                pass
    except BaseException as error:  # BudgetSpent is one, on purpose
        return {"stopped": type(error).__name__, "cpu": time.process_time() - started}
