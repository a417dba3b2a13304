"""An Office file's ZIP archive, opened with limits, for ``ooxml`` and ``odf``.

Only what the archive's directory says is read here; what a member unpacks
to is counted while it is read (``xmlstream``). A member holding an OLE2 file
(a VBA project, an embedded object: the classic carriers of macros and
programs) is refused whatever its name or declared type.
"""

import io
import zipfile

from core.limited import Refused

from .xmlstream import UNPACKING_ERRORS

MAX_MEMBERS = 5_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def open_archive(data, kind):
    """A ``zipfile.ZipFile`` over ``data``, with its members checked; or Refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise Refused("not_office", kind=kind) from None
    if len(members) > MAX_MEMBERS:
        raise Refused("zip_members", kind=kind, limit=MAX_MEMBERS)
    names = set()
    for member in members:
        if member.flag_bits & 0x1:
            raise Refused("encrypted", kind=kind)
        if member.compress_type not in METHODS:
            raise Refused("zip_broken", part=member.filename)
        if member.filename in names:
            raise Refused("zip_duplicate", part=member.filename)
        names.add(member.filename)
    for member in members:
        if not member.is_dir() and _head(archive, member.filename) == OLE_MAGIC:
            raise Refused("embedded_ole", part=member.filename)
    return archive


def _head(archive, name):
    try:
        with archive.open(name) as stream:
            return stream.read(len(OLE_MAGIC))
    except UNPACKING_ERRORS:
        raise Refused("zip_broken", part=name) from None
