"""A DOC (Word 97-2003, an OLE2 compound file), read with olefile.

Refused when it is no Word document (no ``WordDocument`` stream with a Word
file header), when any storage holds a VBA project (``Macros``, ``VBA``,
``_VBA_PROJECT_CUR``, in the document or in an embedded object) or a
packaged program (``\\x01Ole10Native``), and when bytes follow the last
sector the file uses: an HTML or HTA script appended to a real DOC makes a
file that another program runs (a polyglot). The old binary format's text is
not taken out; the document's summary and full text are searched instead.
"""

import olefile

from core.limited import Refused

from .text import FORMAT

MACRO_STORAGES = {"macros", "vba", "_vba_project_cur", "_vba_project"}
PROGRAM_STREAMS = {"\x01ole10native"}
# The first two bytes of a Word file header (FIB): Word 97 and later, Word 6/95.
WORD_IDENTS = {b"\xec\xa5", b"\xdc\xa5"}
FREE = olefile.FREESECT


def inspect(data, text):
    if not data.startswith(olefile.MAGIC):
        raise Refused("doc_not_word")
    try:
        ole = olefile.OleFileIO(data)
        entries = ole.listdir(streams=True, storages=True)
        if not ole.exists("WordDocument"):
            raise Refused("doc_missing_word")
        header = ole.openstream("WordDocument").read(2)
    except Refused:
        raise
    except (OSError, ValueError, IndexError, KeyError, TypeError, RecursionError, AssertionError):
        raise Refused("doc_broken") from None
    if header not in WORD_IDENTS:
        raise Refused("doc_missing_word")
    for path in entries:
        names = [part.lower() for part in path]
        if MACRO_STORAGES & set(names):
            raise Refused("macro", part="/".join(path))
        if PROGRAM_STREAMS & set(names):
            raise Refused("embedded_ole", part="/".join(path))
    _refuse_tail(ole, data)
    text.none(FORMAT)
    return None


def _refuse_tail(ole, data):
    """Nothing but zeros may follow the last sector the file's FAT uses."""
    used = [index for index, value in enumerate(ole.fat) if value != FREE]
    end = ((used[-1] if used else 0) + 2) * ole.sectorsize
    tail = data[end:]
    if tail.strip(b"\0"):
        raise Refused("trailing_bytes", kind="DOC", size=len(tail))
