"""Document files, good and malicious, built in memory for upload tests."""

import io
import zipfile

from fpdf import FPDF
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def pdf_bytes(text="Nghi quyet ve cong tac dan van", pages=1):
    """A real PDF whose text pypdf reads back (core font: ASCII text only)."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def pdf_with_javascript():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_open_action(JavaScript("app.alert('xss');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_launch_action():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def content_types(overrides=(), defaults=()):
    parts = [
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        *(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in defaults),
        f'<Override PartName="/word/document.xml" ContentType="{MAIN_TYPE}"/>',
        *(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns='
        '"http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(parts)
        + "</Types>"
    )


def relationships(*items):
    """A .rels part: (id, type's last segment or a full URI, target, external?) each."""
    rows = []
    for rid, kind, target, external in items:
        uri = kind if "/" in kind else f"{OFFICE_REL}/{kind}"
        mode = ' TargetMode="External"' if external else ""
        rows.append(f'<Relationship Id="{rid}" Type="{uri}" Target="{target}"{mode}/>')
    return f'<?xml version="1.0"?><Relationships xmlns="{RELS_NS}">{"".join(rows)}</Relationships>'


def document_xml(body):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}'
        "</w:body></w:document>"
    )


def docx_bytes(text="Ke hoach thuc hien nghi quyet", *, body=None, parts=None, types=None):
    """A DOCX as Word writes one: content types, package and document relationships."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types or content_types())
        archive.writestr("_rels/.rels", relationships(("rId1", "officeDocument",
                                                       "word/document.xml", False)))  # fmt: skip
        archive.writestr(
            "word/document.xml",
            document_xml(body if body is not None else f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"),
        )
        archive.writestr("word/_rels/document.xml.rels", relationships())
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"'
)


def odt_content(body, before=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>{before}'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def odt_bytes(text="Thong bao ket luan", *, body=None, before="", parts=None, manifest=None):
    """An ODT as LibreOffice writes one: the mimetype first and stored, a manifest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            odt_content(body if body is not None else f"<text:p>{text}</text:p>", before),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        entries = manifest or [("/", "application/vnd.oasis.opendocument.text"),
                               ("content.xml", "text/xml")]  # fmt: skip
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            + "".join(
                f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"/>'
                for path, kind in entries
            )
            + "</manifest:manifest>",
        )
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ole_file(streams):
    """A real OLE2 compound file (CFB version 3) holding ``streams`` ({"Macros/VBA": bytes}).

    Storages are made from the paths; every stream is padded to 4 KB, so all
    live in regular sectors (no mini stream). Enough for olefile and Word's layout.
    """
    sector = 512
    free, end, fat_mark = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    entries = [{"name": "Root Entry", "type": 5, "children": [], "data": b""}]
    index = {(): 0}
    for path, data in streams.items():
        parts = tuple(path.split("/"))
        for depth in range(1, len(parts)):
            if parts[:depth] not in index:
                index[parts[:depth]] = len(entries)
                entries.append({"name": parts[depth - 1], "type": 1, "children": [], "data": b""})
                entries[index[parts[: depth - 1]]]["children"].append(index[parts[:depth]])
        index[parts] = len(entries)
        entries.append(
            {"name": parts[-1], "type": 2, "children": [], "data": data.ljust(4096, b"\0")}
        )
        entries[index[parts[:-1]]]["children"].append(index[parts])
    dir_sectors = -(-len(entries) // 4)
    next_sector = 1 + dir_sectors
    fat = [fat_mark] + [i + 2 for i in range(dir_sectors - 1)] + [end]
    for entry in entries:
        count = -(-len(entry["data"]) // sector)
        entry["start"] = next_sector if count else end
        fat += [next_sector + i + 1 for i in range(count - 1)] + ([end] if count else [])
        next_sector += count
    assert len(fat) <= 128
    directory = b""
    for entry in entries:
        children = entry["children"]
        # Siblings as a chain of right links; the first child hangs from the parent.
        entry["child"] = children[0] if children else free
        for left, right in zip(children, [*children[1:], free][: len(children)], strict=True):
            entries[left]["right"] = right
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        directory += (
            name.ljust(64, b"\0")
            + len(name).to_bytes(2, "little")
            + bytes([entry["type"], 1])
            + free.to_bytes(4, "little")
            + entry.get("right", free).to_bytes(4, "little")
            + entry["child"].to_bytes(4, "little")
            + b"\0" * 36
            + entry["start"].to_bytes(4, "little")
            + len(entry["data"]).to_bytes(8, "little")
        )
    directory = directory.ljust(dir_sectors * sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + (0x3E).to_bytes(2, "little")
        + (3).to_bytes(2, "little")
        + b"\xfe\xff"
        + (9).to_bytes(2, "little")
        + (6).to_bytes(2, "little")
        + b"\0" * 6
        + (0).to_bytes(4, "little")  # directory sectors (version 3: 0)
        + (1).to_bytes(4, "little")  # FAT sectors
        + (1).to_bytes(4, "little")  # first directory sector
        + (0).to_bytes(4, "little")
        + (4096).to_bytes(4, "little")
        + end.to_bytes(4, "little")  # no mini FAT
        + (0).to_bytes(4, "little")
        + end.to_bytes(4, "little")  # no DIFAT sectors
        + (0).to_bytes(4, "little")
        + (0).to_bytes(4, "little")  # DIFAT[0]: the FAT is sector 0
        + free.to_bytes(4, "little") * 108
    )
    fat_sector = b"".join(v.to_bytes(4, "little") for v in fat).ljust(sector, b"\xff")
    data = b"".join(e["data"].ljust(-(-len(e["data"]) // sector) * sector, b"\0") for e in entries)
    return header + fat_sector + directory + data


WORD_HEADER = b"\xec\xa5\xc1\x00"  # a Word 97 file information block starts so


def doc_bytes(**streams):
    """A Word 97-2003 file: a WordDocument stream, and whatever else ``streams`` adds."""
    return ole_file({"WordDocument": WORD_HEADER, "1Table": b"\0" * 8, **streams})


def zip_bomb_docx():
    """A real DOCX whose body unpacks to 210 MB (a few hundred KB packed)."""
    return docx_bytes(body="0" * (210 * 1024 * 1024))


HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_AS_PDF = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
SCRIPT_AS_PDF = b"#!/bin/sh\nrm -rf /\n"
EXE_AS_PDF = b"MZ\x90\x00\x03" + b"\0" * 200
