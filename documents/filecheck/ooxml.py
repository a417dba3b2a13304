"""A DOCX (Office Open XML word-processing document), judged by content types and relationships.

Part names mean nothing to Word: what it runs or fetches is decided by each
part's content type (``[Content_Types].xml``) and by the relationships
(``*.rels``) that point at parts or outside the file. So:

- the main document must be a plain document (not macro-enabled, not a
  template); no part may have a macro, ActiveX or OLE-object content type,
  nor hold an OLE2 file (``archive``);
- no relationship may be of a macro, ActiveX, OLE-object or attached-template
  type, wherever it points; one that points outside the file
  (``TargetMode="External"``) must be a hyperlink to a web or mail address:
  an external template, frame, image or object is fetched when the file is
  opened (the "Follina" pattern, CVE-2022-30190);
- no field may run DDE or pull in other files (``DDEAUTO``, ``INCLUDETEXT`` …),
  in the body, headers, footers or notes.

The body's text is taken out for the search index while it is checked. Both
are bounded by the bytes unpacked (``xmlstream``), so no time budget is needed.
"""

import posixpath

from core.limited import Refused

from . import xmlstream
from .archive import open_archive
from .text import MAX_CHARS
from .xmlstream import MAX_SMALL_PART, Handler, local

CONTENT_TYPES = "[Content_Types].xml"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Content types that carry code or embedded programs, wherever the part sits.
CODE_TYPES = {
    "application/vnd.ms-office.vbaproject",
    "application/vnd.ms-office.vbaprojectsignature",
    "application/vnd.ms-office.vbaprojectsignatureagile",
    "application/vnd.ms-office.vbaprojectsignaturev3",
    "application/vnd.ms-word.vbadata+xml",
    "application/vnd.ms-word.keymapcustomizations+xml",
    "application/vnd.ms-office.activex",
    "application/vnd.ms-office.activex+xml",
    "application/vnd.openxmlformats-officedocument.oleobject",
    "application/vnd.ms-office.embeddedobject",
    "application/x-msdownload",
    "application/vnd.ms-office.javascript",
}
# Relationship types (their last path segment, any namespace) that carry or
# load code, refused wherever they point.
CODE_RELATIONSHIPS = {
    "vbaproject",
    "vbaprojectsignature",
    "wordvbadata",
    "keymapcustomizations",
    "activexcontrol",
    "activexcontrolbinary",
    "oleobject",
    "attachedtemplate",
    "package-signature-origin-external",
}
HYPERLINK = "hyperlink"
WEB_SCHEMES = ("http://", "https://", "mailto:")
# Field codes that run something or fetch other files when fields update.
DANGEROUS_FIELDS = {"DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "IMPORT", "LINK", "INCLUDE"}
# Parts whose fields and text are read: the body, headers, footers, notes, comments.
SCANNED_SUFFIXES = (
    ".main+xml",
    ".header+xml",
    ".footer+xml",
    ".footnotes+xml",
    ".endnotes+xml",
    ".comments+xml",
    ".glossary+xml",
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def inspect(data, text):
    archive = open_archive(data, "docx")
    names = {m.filename for m in archive.infolist() if not m.is_dir()}
    if CONTENT_TYPES not in names:
        raise Refused("missing_part", kind="docx", part=CONTENT_TYPES)
    defaults, overrides = _content_types(archive)

    def type_of(name):
        declared = overrides.get("/" + name.lower())
        if declared is None:
            declared = defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")
        return declared

    for name in names:
        kind = type_of(name)
        if kind in CODE_TYPES or "macroenabled" in kind:
            raise Refused("macro", part=name)
    main = _main_part(archive, names)
    main_type = type_of(main)
    if main_type != MAIN_TYPE.lower():
        if "macroenabled" in main_type:
            raise Refused("macro", part=main)
        raise Refused("missing_part", kind="docx", part="word/document.xml")
    for name in sorted(names):
        if name.endswith(".rels"):
            _check_relationships(archive, name)
    # The body gives the text; it and the headers, footers and notes are read
    # whole for their fields, within one allowance of unpacked bytes.
    allowance = xmlstream.Allowance()
    xmlstream.parse(archive, main, _Body(text), allowance)
    for name in sorted(names - {main}):
        if type_of(name).endswith(SCANNED_SUFFIXES):
            xmlstream.parse(archive, name, _Body(None), allowance)
    return None


def _content_types(archive):
    handler = _ContentTypes()
    xmlstream.parse(
        archive, CONTENT_TYPES, handler, xmlstream.Allowance(MAX_SMALL_PART), MAX_SMALL_PART
    )
    return handler.defaults, handler.overrides


class _ContentTypes(Handler):
    def __init__(self):
        self.defaults, self.overrides = {}, {}

    def start(self, name, attrs):
        kind = (attrs.get("ContentType") or "").strip().lower()
        if local(name) == "Default":
            self.defaults[(attrs.get("Extension") or "").lower()] = kind
        elif local(name) == "Override":
            self.overrides[(attrs.get("PartName") or "").lower()] = kind


def _main_part(archive, names):
    """The part the package's relationships name as the document."""
    if "_rels/.rels" in names:
        relationships = _Relationships()
        xmlstream.parse(archive, "_rels/.rels", relationships, xmlstream.Allowance(MAX_SMALL_PART))
        for kind, target, _mode in relationships.found:
            if kind == "officedocument":
                target = target.lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise Refused("missing_part", kind="docx", part="word/document.xml")


class _Relationships(Handler):
    def __init__(self):
        self.found = []

    def start(self, name, attrs):
        if local(name) == "Relationship":
            kind = (attrs.get("Type") or "").rstrip("/").rpartition("/")[2].lower()
            mode = (attrs.get("TargetMode") or "").lower()
            self.found.append((kind, attrs.get("Target") or "", mode))


def _check_relationships(archive, name):
    relationships = _Relationships()
    xmlstream.parse(
        archive, name, relationships, xmlstream.Allowance(MAX_SMALL_PART), MAX_SMALL_PART
    )
    for kind, target, mode in relationships.found:
        if kind in CODE_RELATIONSHIPS:
            raise Refused("macro" if "vba" in kind else "external", part=name, kind=kind)
        if mode == "external":
            address = target.strip()
            if kind != HYPERLINK:
                raise Refused("external", part=name, kind=kind)
            if not address.lower().startswith(WEB_SCHEMES):
                raise Refused("link_target", part=name, target=address[:80])


class _Body(Handler):
    """Reads a part's text (when ``text`` is given) and judges its field codes."""

    def __init__(self, text):
        self.text = text
        self.in_text = self.in_instruction = False
        self.instruction = []
        self.reading = text is not None

    def start(self, name, attrs):
        tag = local(name)
        namespace = name.rpartition(" ")[0]
        if namespace != W:
            return
        if tag == "t" and self.reading:
            self.in_text = True
        elif tag == "instrText":
            self.in_instruction, self.instruction = True, []
        elif tag == "fldSimple":
            self._judge(attrs.get(f"{W} instr", ""))
        elif tag in ("tab", "br", "cr") and self.reading:
            self._add(" ")

    def end(self, name):
        tag = local(name)
        if tag == "t":
            self.in_text = False
        elif tag == "instrText" and self.in_instruction:
            self.in_instruction = False
            self._judge("".join(self.instruction))
        elif tag == "p" and self.reading:
            self._add("\n")

    def data(self, content):
        if self.in_text:
            self._add(content)
        elif self.in_instruction and len(self.instruction) < 1000:
            self.instruction.append(content)

    def _add(self, piece):
        if self.reading and not self.text.add(piece) and self.text.size >= MAX_CHARS:
            self.reading = False  # the rest is only checked

    def _judge(self, instruction):
        words = instruction.replace("\\", " ").split()
        if words and words[0].upper() in DANGEROUS_FIELDS:
            raise Refused("field", field=words[0].upper())
