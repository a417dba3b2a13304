"""A PDF: its structure, the actions it could run, and its text.

Refused when:

- it does not start with ``%PDF-``, or bytes other than white space follow
  its last ``%%EOF``: a PDF with an HTML application after its end was
  handed out as ``.hta``, which Windows runs (a polyglot); or the tags of
  such an application are anywhere in it (followed by ``startxref`` and
  ``%%EOF`` again, the same HTA passes for the file's last revision);
- pypdf can't read it (any error: broken, a filter it lacks, a limit of its
  own), or it is encrypted, or has no page;
- any object, once indirect references are resolved, carries JavaScript,
  embedded files, XFA or rich media, or an action that runs a program, sends
  a form, imports data, opens another file or thread (``/Launch``,
  ``/GoToR``, ``/GoToE``, ``/Thread`` …);
- an action that runs by itself (on open, or in any ``/AA`` trigger) opens a
  web address (``/URI``); a link the reader clicks may.

The text is taken out page by page, within a CPU budget: a page of 200,000
path operators costs pypdf 3.5 s, and 500 of them sharing one content stream
fit in 84 KB. What the budget gives is kept, marked partial.
"""

import io
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from core.limited import Refused

from .text import PAGES

# Text is read from this many pages at most (the rest of a longer file is
# found by its summary and first pages).
MAX_PAGES = 500
# A PDF's object graph is walked to find actions; real documents have a few
# thousand objects. More is refused rather than walked for a minute.
MAX_OBJECTS = 200_000
ACTIONS = {
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute",
    "/GoToR", "/GoToE", "/Thread",
}  # fmt: skip
KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"}
_EOF = re.compile(rb"%%EOF")
# What makes the file an HTML application or page to mshta or a browser.
# Text in a real PDF is compressed, or in hex or glyph codes, and these tags
# are too long to turn up in compressed data by chance (as for photos:
# images/processing.py). Searched in the lower-cased bytes (fast).
_MARKUP = re.compile(rb"<(?:script|hta:application|iframe|html[\s>]|body[\s>])")


def inspect(data, text):
    if not data.startswith(b"%PDF-"):
        raise Refused("pdf_header")
    _refuse_tail(data)
    if _MARKUP.search(data.lower()):
        raise Refused("pdf_markup")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("pdf_encrypted")
        pages = len(reader.pages)
        if pages == 0:
            raise Refused("pdf_no_pages")
        _refuse_active_content(reader)
        with text.budget():
            for page in reader.pages[:MAX_PAGES]:
                if not text.add(page.extract_text() or ""):
                    break
                text.add("\n")
            if pages > MAX_PAGES:
                text.stop(PAGES)
    except Refused:
        raise
    except RecursionError:
        raise Refused("pdf_broken") from None
    except Exception as error:  # noqa: BLE001 - whatever pypdf raises, the file is unreadable
        name = type(error).__name__
        if name in ("DependencyError", "NotImplementedError"):
            raise Refused("pdf_unsupported", what=str(error)[:80]) from None
        if name == "LimitReachedError":
            raise Refused("pdf_limit", what=str(error)[:80]) from None
        raise Refused("pdf_broken") from None
    return pages


def _refuse_tail(data):
    ends = [match.end() for match in _EOF.finditer(data, max(0, len(data) - 4096))]
    if not ends:
        # The marker may sit further up only if junk follows it: either way, refused.
        found = data.rfind(b"%%EOF")
        if found < 0:
            raise Refused("pdf_broken")
        ends = [found + 5]
    tail = data[ends[-1] :]
    if tail.strip(b" \t\r\n\f\0"):
        raise Refused("trailing_bytes", kind="PDF", size=len(tail))


def _resolve(obj):
    seen = 0
    while isinstance(obj, IndirectObject):
        obj = obj.get_object()
        seen += 1
        if seen > 32:
            raise Refused("pdf_broken")
    return obj


def _refuse_active_content(reader):
    """Walk every object reachable from the trailer; refuse what could run something."""
    seen, stack, triggers = set(), [reader.trailer], []
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise Refused("pdf_objects", limit=MAX_OBJECTS)
            obj = _resolve(obj)
        if isinstance(obj, DictionaryObject):
            if KEYS & set(obj.keys()):
                raise Refused("pdf_script")
            if _resolve(obj.get("/S")) in ACTIONS:
                raise Refused("pdf_action", action=str(_resolve(obj.get("/S"))))
            if "/OpenAction" in obj:
                triggers.append(obj["/OpenAction"])
            if "/AA" in obj:
                additional = _resolve(obj["/AA"])
                if isinstance(additional, DictionaryObject):
                    triggers.extend(additional.values())
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    _refuse_automatic_uri(triggers)


def _refuse_automatic_uri(triggers):
    """An action that runs by itself (and the actions it chains with /Next) opens no address."""
    seen, stack = set(), list(triggers)
    while stack:
        action = stack.pop()
        if isinstance(action, IndirectObject):
            if (action.idnum, action.generation) in seen:
                continue
            seen.add((action.idnum, action.generation))
        action = _resolve(action)
        if isinstance(action, ArrayObject):
            stack.extend(action)
            continue
        if not isinstance(action, DictionaryObject):
            continue
        if _resolve(action.get("/S")) == "/URI":
            raise Refused("pdf_open_uri")
        if "/Next" in action:
            stack.append(action["/Next"])
