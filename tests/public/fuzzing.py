"""How many examples a property test draws: its own number, times FUZZ_SCALE under `make fuzz`."""

import os

SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))


def examples(count):
    return count * SCALE
