"""The XML inside an Office archive, read as a stream, its cost bounded by bytes unpacked.

A regex over a whole XML part was quadratic on a part of 400 KB of ``<``
(30 s), and reading a part whole took what the archive said it held: 190 MB
of XML took the worker to 5 GB. Here each part is unpacked in chunks into
expat, which stops at the first malformed byte, and every byte unpacked is
counted against the file's allowance (``Allowance``): a part longer than the
allowance is refused, whatever size the archive declares. Document type
declarations (and so entities, the "billion laughs") are refused: OOXML and
ODF never use them.

Measured (expat, Python handlers on every element): 16 MB of ``<w:p/>``, the
densest markup, about 1 s of CPU; 16 MB of plain text, 0.02 s.
"""

import zipfile
import zlib
from xml.parsers import expat

from core.limited import Refused

CHUNK = 64 * 1024
# All the XML of one file that is read, every part together. A 1,000-page
# Word document holds about 10 MB of it.
MAX_XML_BYTES = 16 * 1024 * 1024
# Parts read only for their structure ([Content_Types].xml, relationships,
# the manifest): a few KB in real files.
MAX_SMALL_PART = 1024 * 1024


class Allowance:
    """The XML bytes a file may still unpack."""

    def __init__(self, total=MAX_XML_BYTES):
        self.left = total
        self.total = total

    def take(self, size, part):
        self.left -= size
        if self.left < 0:
            raise Refused("xml_too_big", part=part, mb=self.total // (1024 * 1024))


class Handler:
    """What a reader of a part does with it: override the three hooks."""

    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def data(self, text):
        pass


def read_bytes(archive, name, limit):
    """A small member's bytes, refused when it unpacks to more than ``limit``."""
    try:
        with _open(archive, name) as stream:
            data = stream.read(limit + 1)
    except UNPACKING_ERRORS:
        raise Refused("zip_broken", part=name) from None
    if len(data) > limit:
        raise Refused("xml_too_big", part=name, mb=max(1, limit // (1024 * 1024)))
    return data


def parse(archive, name, handler, allowance, limit=None):
    """Feed member ``name`` of ``archive`` through expat to ``handler``.

    ``limit``: a cap for this part alone (small structural parts).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data

    def no_doctype(*args):
        raise Refused("xml_doctype", part=name)

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    read = 0
    try:
        with _open(archive, name) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if limit is not None and read > limit:
                    raise Refused("xml_too_big", part=name, mb=max(1, limit // (1024 * 1024)))
                allowance.take(len(chunk), name)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Refused("xml_broken", part=name, line=error.lineno) from None
    except UNPACKING_ERRORS:
        raise Refused("zip_broken", part=name) from None


# A member that does not unpack: bad CRC, cut short, an unknown method or a password.
UNPACKING_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    KeyError,
)


def _open(archive, name):
    try:
        return archive.open(name)
    except UNPACKING_ERRORS:
        raise Refused("zip_broken", part=name) from None


def local(name):
    """The local part of an expat name "namespace local"."""
    return name.rpartition(" ")[2]
