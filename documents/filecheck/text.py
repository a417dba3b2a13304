"""The text taken out of a file for the search index, and how far that went.

Checking a file must finish; taking out its text may stop early. The text is
capped in characters (``MAX_CHARS``) and in CPU time (``seconds``, through
``core.limited.budget``): a file whose text costs more is still stored, with
the text it gave and its state saying why the rest is missing.
"""

from core.limited import BudgetSpent, budget

# Enough for any real document (a 300-page report has about 600,000 letters
# with its spaces; the index needs far less to find it).
MAX_CHARS = 500_000

FULL = "full"  # every page or paragraph
PARTIAL = "partial"  # some of it; ``note`` says why
NONE = "none"  # nothing could be taken out; ``note`` says why
# Why: the codes documents/uploads.py names for the editor.
TIME = "time"  # the CPU budget ran out
LENGTH = "length"  # more than MAX_CHARS
PAGES = "pages"  # more pages than are read
SCANNED = "scanned"  # pages without a text layer (a scan)
FORMAT = "format"  # a format whose text is not read (DOC)


class Text:
    def __init__(self, seconds):
        self.seconds = seconds
        self.parts = []
        self.size = 0
        self.state, self.note = FULL, ""

    @property
    def full(self):
        return self.size >= MAX_CHARS

    def add(self, piece):
        """Keep ``piece``; False once the text is long enough (stop reading)."""
        if not piece:
            return not self.full
        room = MAX_CHARS - self.size
        if room <= 0:
            self.stop(LENGTH)
            return False
        piece = piece[:room]
        self.parts.append(piece)
        self.size += len(piece)
        if self.size >= MAX_CHARS:
            self.stop(LENGTH)
            return False
        return True

    def stop(self, why):
        """The text is incomplete, for reason ``why`` (the first reason given is kept)."""
        if self.state == FULL:
            self.state, self.note = PARTIAL, why

    def none(self, why):
        self.parts, self.size = [], 0
        self.state, self.note = NONE, why

    def budget(self):
        """``with text.budget():`` around optional extraction; a spent budget marks the text."""
        return _Budget(self)

    def result(self):
        text = " ".join("".join(self.parts).split())
        if not text and self.state == FULL:
            self.state, self.note = NONE, SCANNED
        elif not text and self.state == PARTIAL:
            self.state = NONE
        return {"text": text, "text_state": self.state, "text_note": self.note}


class _Budget:
    def __init__(self, text):
        self.text = text
        self._inner = budget(text.seconds)

    def __enter__(self):
        self._inner.__enter__()
        return self

    def __exit__(self, kind, value, traceback):
        self._inner.__exit__(kind, value, traceback)
        if kind is BudgetSpent:
            self.text.stop(TIME)
            return True
        return False
