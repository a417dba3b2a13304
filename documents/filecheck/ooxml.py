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
  in the body, headers, footers or notes, however its code is split over
  runs, nor take its name from a nested field; a ``HYPERLINK`` field follows
  the rule of hyperlink relationships.

The body's text is taken out for the search index while it is checked. Both
are bounded by the bytes unpacked (``xmlstream``), so no time budget is needed.
"""

import posixpath
import re

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
# A field's code is a few words; a longer one is judged on its start.
MAX_FIELD_CODE = 4096
# Where a nested field stands in the code of the field around it.
NESTED = "\ufffd"
# A field code's arguments: "quoted" (backslashes kept as written) or bare words.
FIELD_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
FIELD_SWITCH = re.compile(r"\\[A-Za-z*#@!]")
# HYPERLINK's switches followed by an argument: \l bookmark, \o tip, \t frame,
# and the general formatting switches.
SWITCHES_WITH_ARGUMENT = {"\\l", "\\o", "\\t", "\\*", "\\#", "\\@"}


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

    for name in sorted(names):  # sorted: the same file always gets the same message
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
    for name, reader in [(main, _Body(text, main))] + [
        (name, _Body(None, name))
        for name in sorted(names - {main})
        if type_of(name).endswith(SCANNED_SUFFIXES)
    ]:
        xmlstream.parse(archive, name, reader, allowance)
        reader.finish()
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
    """Reads a part's text (when ``text`` is given) and judges its field codes.

    Word reads a complex field's code from every ``w:instrText`` between the
    field's ``begin`` and ``separate`` marks, however many runs it is split
    over: Word splits codes itself, and so can anyone (``D`` | ``DEAUTO …``).
    So each field's code is gathered whole before it is judged. Fields nest,
    and Word takes a nested field's result as part of the code around it: a
    field whose very name is a nested field's result (``{ {QUOTE 68 68 69 …}
    c:\\…cmd.exe }``, a known way to hide DDE) is refused, as no file needs one.
    """

    def __init__(self, text, part):
        self.text, self.part = text, part
        self.in_text = self.in_instruction = False
        # The complex fields open here, innermost last: [code pieces, code still open].
        self.fields = []
        self.loose = []  # an instrText outside any field, judged on its own
        self.reading = text is not None

    def start(self, name, attrs):
        tag = local(name)
        namespace = name.rpartition(" ")[0]
        if namespace != W:
            return
        if tag == "t" and self.reading:
            self.in_text = True
        elif tag == "instrText":
            self.in_instruction, self.loose = True, []
        elif tag == "fldChar":
            self._field_mark(attrs.get(f"{W} fldCharType", ""))
        elif tag == "fldSimple":
            self._nested()
            self._judge(attrs.get(f"{W} instr", ""))
        elif tag in ("tab", "br", "cr") and self.reading:
            self._add(" ")

    def end(self, name):
        tag = local(name)
        if tag == "t":
            self.in_text = False
        elif tag == "instrText" and self.in_instruction:
            self.in_instruction = False
            if self._open_field() is None:
                self._judge("".join(self.loose))
        elif tag == "p" and self.reading:
            self._add("\n")

    def data(self, content):
        if self.in_text:
            self._add(content)
        elif self.in_instruction:
            field = self._open_field()
            code = field[0] if field is not None else self.loose
            if sum(map(len, code)) < MAX_FIELD_CODE:
                code.append(content)

    def finish(self):
        """Judge the fields the part left open (Word still reads a field with no end)."""
        for code, is_open in self.fields:
            if is_open:
                self._judge("".join(code))

    def _open_field(self):
        """The innermost field whose code is still being read, or None."""
        return self.fields[-1] if self.fields and self.fields[-1][1] else None

    def _field_mark(self, kind):
        if kind == "begin":
            self._nested()
            self.fields.append([[], True])
        elif kind in ("separate", "end") and self.fields:
            code, is_open = self.fields[-1]
            if is_open:  # what follows "separate" is the field's result, not its code
                self.fields[-1][1] = False
                self._judge("".join(code))
            if kind == "end":
                self.fields.pop()

    def _nested(self):
        """A field starts inside the code of the field around it: it stands for a word."""
        field = self._open_field()
        if field is None:
            return
        if not "".join(field[0]).strip():
            raise Refused("field_nested")
        field[0].append(f" {NESTED} ")

    def _add(self, piece):
        if self.reading and not self.text.add(piece) and self.text.size >= MAX_CHARS:
            self.reading = False  # the rest is only checked

    def _judge(self, instruction):
        words = instruction.replace("\\", " ").split()
        name = words[0].upper() if words else ""
        if name in DANGEROUS_FIELDS:
            raise Refused("field", field=name)
        if name == "HYPERLINK":
            # The same rule as a hyperlink relationship: a web or mail address,
            # or a place in the document (\l, "#…"); an address a nested field
            # makes is judged as the unknown it is.
            address = _hyperlink_address(instruction)
            if address and not address.lower().startswith((*WEB_SCHEMES, "#")):
                raise Refused("link_target", part=self.part, target=address[:80])


def _hyperlink_address(instruction):
    """The address a HYPERLINK field's code opens; None for a bookmark in the document."""
    tokens = [
        (match.group(1), True) if match.group(1) is not None else (match.group(2), False)
        for match in FIELD_TOKEN.finditer(instruction)
    ]
    skip = False
    for token, quoted in tokens[1:]:
        if skip:
            skip = False
        elif not quoted and FIELD_SWITCH.fullmatch(token):
            skip = token.lower() in SWITCHES_WITH_ARGUMENT
        else:
            return token.strip() or None
    return None
