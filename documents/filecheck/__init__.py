"""What a document's file is, judged by its content, in the limited child process.

``inspect(data, kind)`` is run by ``core.sandbox`` (never in a web worker):
it checks the file as the ``kind`` its name claims (``pdf``, ``docx``,
``odt``, ``doc``) and returns what the attachment keeps (pages, text, whether
the text was taken out whole), or raises ``core.limited.Refused`` with a code
that ``documents/uploads.py`` turns into a message. Nothing here imports
Django: the child starts fast and a parser can reach nothing but its bytes.

One module per format (``pdf``, ``ooxml`` for DOCX, ``odf`` for ODT, ``ole``
for DOC) and ``xmlstream`` for the XML inside the archives, read as a stream
with a cap on the bytes actually unpacked.
"""

import importlib

from core.limited import Refused

from .text import Text

# Imported when needed: the child starts in 0.05 s, with pypdf in 0.3 s.
CHECKERS = {"pdf": "pdf", "docx": "ooxml", "odt": "odf", "doc": "ole"}


def inspect(data, kind, text_seconds):
    """{"pages", "text", "text_state", "text_note"} for ``data`` checked as ``kind``."""
    if kind not in CHECKERS:
        raise Refused("kind", kind=kind)
    checker = importlib.import_module(f"{__name__}.{CHECKERS[kind]}")
    text = Text(text_seconds)
    pages = checker.inspect(data, text)
    return {"pages": pages, **text.result()}
