"""An ODT (OpenDocument text), judged by its manifest and by what its XML says.

LibreOffice runs Basic or script macros stored in the file (``Basic/``,
``Scripts/``) and bound to events (``office:event-listeners``,
``script:event-listener``), follows ``vnd.sun.star.script:`` and ``macro:``
links, and fetches linked images, objects and sections from other files or
the web. So the file is refused if:

- ``mimetype`` is not that of a text document;
- the manifest or the archive lists a macro library or script, or an
  embedded object holds an OLE2 file (``archive``);
- ``content.xml`` or ``styles.xml`` binds a script or an event, embeds an OLE
  object, links an image, object, section or frame outside the file, or
  declares a DDE link to another program;
- a hyperlink points anywhere but a web or mail address or inside the file.

The text of ``content.xml`` is taken out for the search index while it is
checked, bounded by the bytes unpacked (``xmlstream``).
"""

import re

from core.limited import Refused

from . import xmlstream
from .archive import open_archive
from .xmlstream import MAX_SMALL_PART, Handler, local

MIMETYPE = b"application/vnd.oasis.opendocument.text"
MANIFEST = "META-INF/manifest.xml"
SCRIPT_NS = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
XLINK_HREF = "http://www.w3.org/1999/xlink href"
# Folders of macro libraries and scripts, however the manifest names them.
MACRO_FOLDERS = ("basic/", "scripts/", "dialogs/")
MACRO_MEDIA_TYPES = ("application/vnd.sun.xml.basic", "application/x-basic", "text/x-python")
# Elements that bind code or events.
CODE_ELEMENTS = {
    (OFFICE_NS, "scripts"),
    (OFFICE_NS, "script"),
    (OFFICE_NS, "event-listeners"),
    (SCRIPT_NS, "event-listener"),
    (DRAW_NS, "object-ole"),
    (DRAW_NS, "applet"),
    (DRAW_NS, "plugin"),
}
# Elements that fetch content from another program or file when the file is
# opened: DDE links (LibreOffice on Windows asks the named program for data,
# on open when ``office:automatic-update`` is set).
REMOTE_ELEMENTS = {
    (TEXT_NS, "dde-connection-decl"),
    (TEXT_NS, "dde-connection"),
    (OFFICE_NS, "dde-source"),
    (TABLE_NS, "dde-link"),
}
LINK_ELEMENTS = {(TEXT_NS, "a"), (DRAW_NS, "a")}
WEB_SCHEMES = ("http://", "https://", "mailto:")
CODE_SCHEMES = ("vnd.sun.star.script:", "macro:", "javascript:", "vbscript:", "basic:")
TEXT_BREAKS = {"p", "h", "line-break", "tab", "s", "list-item"}


def inspect(data, text):
    archive = open_archive(data, "odt")
    names = {m.filename for m in archive.infolist()}
    for part in ("mimetype", "content.xml"):
        if part not in names:
            raise Refused("missing_part", kind="odt", part=part)
    mimetype = xmlstream.read_bytes(archive, "mimetype", 200).strip()
    if mimetype != MIMETYPE:
        raise Refused("odt_mimetype", what=mimetype[:60].decode("ascii", "replace"))
    for name in sorted(names):  # sorted: the same file always gets the same message
        if name.lower().startswith(MACRO_FOLDERS):
            raise Refused("macro", part=name)
    if MANIFEST in names:
        manifest = _Manifest()
        xmlstream.parse(
            archive, MANIFEST, manifest, xmlstream.Allowance(MAX_SMALL_PART), MAX_SMALL_PART
        )
    allowance = xmlstream.Allowance()
    xmlstream.parse(archive, "content.xml", _Content(text), allowance)
    for name in sorted(names):
        # styles.xml holds headers and footers; each embedded object has its own parts.
        if name == "styles.xml" or (name.endswith(("/content.xml", "/styles.xml"))):
            xmlstream.parse(archive, name, _Content(None), allowance)
    return None


class _Manifest(Handler):
    def start(self, name, attrs):
        if local(name) != "file-entry":
            return
        values = {local(key): value for key, value in attrs.items()}
        path = (values.get("full-path") or "").lower()
        media = (values.get("media-type") or "").lower()
        if path.startswith(MACRO_FOLDERS) or media.startswith(MACRO_MEDIA_TYPES):
            raise Refused("macro", part=values.get("full-path") or MANIFEST)


class _Content(Handler):
    """Judges every element of a part; with ``text``, keeps the text of its paragraphs."""

    def __init__(self, text):
        self.text = text
        self.reading = text is not None

    def start(self, name, attrs):
        namespace, _sep, tag = name.rpartition(" ")
        if (namespace, tag) in CODE_ELEMENTS:
            raise Refused("macro", part=tag)
        if (namespace, tag) in REMOTE_ELEMENTS:
            raise Refused("external", part="content.xml", kind=tag)
        href = attrs.get(XLINK_HREF)
        if href is not None:
            self._judge_link(namespace, tag, href.strip())
        for key, value in attrs.items():
            if key.startswith(SCRIPT_NS) or value.strip().lower().startswith(CODE_SCHEMES):
                raise Refused("macro", part=tag)
        if self.reading and namespace == TEXT_NS and tag in TEXT_BREAKS:
            self._add(" ")

    def end(self, name):
        if self.reading and local(name) in ("p", "h"):
            self._add("\n")

    def data(self, content):
        if self.reading:
            self._add(content)

    def _add(self, piece):
        if not self.text.add(piece):
            self.reading = False

    def _judge_link(self, namespace, tag, href):
        lowered = href.lower()
        if lowered.startswith(CODE_SCHEMES):
            raise Refused("macro", part=tag)
        if _inside(lowered):
            return
        if (namespace, tag) in LINK_ELEMENTS:
            if not lowered.startswith(WEB_SCHEMES):
                raise Refused("link_target", part="content.xml", target=href[:80])
        else:
            raise Refused("external", part="content.xml", kind=tag)


def _inside(href):
    """Whether a link stays inside the file ("Pictures/1.png", "./Object 1", "#mục")."""
    if not href or href.startswith("#"):
        return True
    if href.startswith(("/", "\\", "..")):
        return False
    segments = re.split(r"[/\\]", href)
    return ":" not in segments[0] and ".." not in segments
