"""Image files, good and malicious, built in memory for upload tests."""

import io
import struct
import zlib

from PIL import Image as PILImage


def jpeg_with_gps_and_rotation(size=(60, 40)):
    """A JPEG whose EXIF says "rotate 90°" and carries a GPS position."""
    image = PILImage.new("RGB", size, (200, 30, 30))
    exif = PILImage.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° CW to display
    exif[0x010F] = "CameraMaker"
    gps = {1: "N", 2: (21.0, 50.0, 0.0), 3: "E", 4: (106.0, 45.0, 0.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_bytes(size=(32, 32)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_header_only(width=50_000, height=50_000):
    """A tiny PNG that claims to be 50,000 × 50,000 pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def png_with_script():
    """A valid PNG with a <script> in a text chunk."""
    data = png_bytes()
    text = _chunk(b"tEXt", b"Comment\x00<script>alert(document.cookie)</script>")
    return data[:-12] + text + data[-12:]


def gif_polyglot():
    """A valid GIF header followed by HTML and JavaScript."""
    buffer = io.BytesIO()
    PILImage.new("P", (8, 8)).save(buffer, "GIF")
    return buffer.getvalue() + b"<html><body><script>alert(1)</script></body></html>"


def jpeg_bytes_plain(size=(32, 32), **params):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 90, 160)).save(buffer, "JPEG", **params)
    return buffer.getvalue()


def truncated_jpeg():
    buffer = io.BytesIO()
    PILImage.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


# ------------------------------------------------------------ metadata


def _gif_parts(image, **params):
    """(header with its palette, the frame's blocks) of a one-frame GIF Pillow wrote."""
    buffer = io.BytesIO()
    image.save(buffer, "GIF", **params)
    data = buffer.getvalue()
    flags = data[10]
    start = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    return b"GIF89a" + data[6:start], data[start:-1]  # without the ";" trailer


def icc_profile(description, swap_red_green=True):
    """An RGB ICC v2 profile (gamma 2.2) described as ``description``.

    With ``swap_red_green`` its red and green primaries are swapped, so a pure
    red pixel "means" sRGB green: converting to sRGB must turn it green.
    """
    d50 = (0.9642, 1.0, 0.8249)
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    if swap_red_green:
        red, green = green, red

    def xyz(values):
        return b"XYZ \0\0\0\0" + b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    text = description.encode("ascii")
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0" + b"\0" * 79
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(d50)),
        (b"rXYZ", xyz(red)),
        (b"gXYZ", xyz(green)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0" + text + b"\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, blobs = [], b""
    for signature, blob in tags:
        blob += b"\0" * (-len(blob) % 4)
        table.append(struct.pack(">4sII", signature, offset + len(blobs), len(blob)))
        blobs += blob
    size = offset + len(blobs)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + b"".join(struct.pack(">i", round(v * 65536)) for v in d50)
        + b"\0" * 48
    )
    return header + struct.pack(">I", len(tags)) + b"".join(table) + blobs


def exif_with(text):
    exif = PILImage.Exif()
    exif[0x010E] = text  # ImageDescription
    exif[0x010F] = "CameraMaker"
    return exif.tobytes()


def xmp_with(text):
    return (
        '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<rdf:Description>{text}</rdf:Description></x:xmpmeta>"
    ).encode()


def gif_with_comment_and_extension(marker):
    """A GIF with a comment, and an application extension (as XMP is stored in GIFs)."""
    image = PILImage.new("P", (16, 16), 1)
    image.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    header, frame = _gif_parts(image, comment=marker + b" comment")
    payload = marker + b" application data"
    extension = b"!\xff\x0bXMP DataXMP" + bytes([len(payload)]) + payload + b"\x00"
    return header + extension + frame + b";"


def jpeg_with_metadata(marker):
    """A flat red JPEG with an ICC profile, EXIF, XMP and a comment, each naming ``marker``."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 64), (255, 0, 0)).save(
        buffer,
        "JPEG",
        quality=95,
        icc_profile=icc_profile(f"{marker} swapped primaries"),
        exif=exif_with(f"{marker} exif"),
        xmp=xmp_with(f"{marker} xmp"),
        comment=f"{marker} comment",
    )
    return buffer.getvalue()


def jpeg_with_broken_icc(marker):
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 16), (255, 0, 0)).save(
        buffer, "JPEG", icc_profile=f"{marker} is no ICC profile".encode() * 4
    )
    return buffer.getvalue()


def png_with_metadata(marker):
    """A PNG with tEXt, iTXt and zTXt chunks (keys and values naming ``marker``) and EXIF."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(f"{marker}-tEXt", f"{marker} plain text")
    info.add_itxt(f"{marker}-iTXt", f"{marker} international text", lang="vi")
    info.add_text(f"{marker}-zTXt", f"{marker} compressed text", zip=True)
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 16), (0, 90, 160)).save(
        buffer, "PNG", pnginfo=info, exif=exif_with(f"{marker} exif")
    )
    return buffer.getvalue()


def webp_with_metadata(marker):
    """A WebP with XMP, EXIF and an ICC profile naming ``marker``."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 16), (0, 90, 160)).save(
        buffer,
        "WEBP",
        exif=exif_with(f"{marker} exif"),
        xmp=xmp_with(f"{marker} xmp"),
        icc_profile=icc_profile(f"{marker} profile", swap_red_green=False),
    )
    return buffer.getvalue()
