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


def truncated_jpeg():
    buffer = io.BytesIO()
    PILImage.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


# ------------------------------------------------------------ animations and bombs


def _gif_parts(image, **params):
    """(header with its palette, the frame's blocks) of a one-frame GIF Pillow wrote."""
    buffer = io.BytesIO()
    image.save(buffer, "GIF", **params)
    data = buffer.getvalue()
    flags = data[10]
    start = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    return b"GIF89a" + data[6:start], data[start:-1]  # without the ";" trailer


GIF_LOOP = b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
GIF_DELAY = b"!\xf9\x04\x00\x0a\x00\x00\x00"  # graphic control: show 0.1 s


def gif_bomb(size=(6000, 6000), frames=60):
    """The reported upload: 6000 × 6000 px × 60 frames in 1.6 MB (one frame, repeated)."""
    header, frame = _gif_parts(PILImage.new("P", size, 0))
    return header + GIF_LOOP + (GIF_DELAY + frame) * frames + b";"


def gif_with_tiny_frames(count):
    """A GIF of ``count`` 1 × 1 frames, 17 bytes each."""
    header, frame = _gif_parts(PILImage.new("P", (1, 1), 0))
    return header + frame * count + b";"


def gif_with_huge_second_frame():
    """A 64 × 64 GIF whose second frame claims to be 60,000 × 60,000 px."""
    header, frame = _gif_parts(PILImage.new("P", (64, 64), 0))
    huge = frame[:5] + struct.pack("<HH", 60_000, 60_000) + frame[9:]
    return header + GIF_DELAY + frame + GIF_DELAY + huge + b";"


def gif_with_stray_bytes(count=1_000_000):
    """Junk between the header and the first frame, which Pillow skips byte by byte."""
    header, frame = _gif_parts(PILImage.new("P", (8, 8), 0))
    return header + b"\x00" * count + frame + b";"


def animated(fmt, size=(40, 30), colours=((200, 30, 30), (30, 160, 60), (20, 60, 200))):
    """A small animation, one flat colour a frame, 80 ms each, looping."""
    frames = [PILImage.new("RGB", size, colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=80, loop=0)
    return buffer.getvalue()


def moving_square_gif():
    """Three frames of a red square moving right over a transparent background."""
    frames = []
    for step in range(3):
        frame = PILImage.new("RGBA", (60, 60), (0, 0, 0, 0))
        frame.paste((200, 30, 30, 255), (10 + 10 * step, 10, 40 + 10 * step, 40))
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, disposal=2)
    return buffer.getvalue()


def _riff(kind, data):
    return kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2)


def webp_bomb(size=(6000, 6000), frames=60):
    """An animated WebP whose canvas is ``size``, with ``frames`` 1 × 1 frames."""
    buffer = io.BytesIO()
    PILImage.new("RGBA", (1, 1), (200, 30, 30, 255)).save(buffer, "WEBP", lossless=True)
    pixel = buffer.getvalue()[12:]  # the VP8L chunk
    u24 = lambda n: struct.pack("<I", n)[:3]  # noqa: E731
    vp8x = bytes([0x12, 0, 0, 0]) + u24(size[0] - 1) + u24(size[1] - 1)  # animation, alpha
    anim = b"\x00\x00\x00\x00" + b"\x00\x00"  # background, loop for ever
    frame = _riff(b"ANMF", u24(0) + u24(0) + u24(0) + u24(0) + u24(100) + b"\x00" + pixel)
    body = b"WEBP" + _riff(b"VP8X", vp8x) + _riff(b"ANIM", anim) + frame * frames
    return b"RIFF" + struct.pack("<I", len(body)) + body


def apng_bomb(size=(6000, 6000), frames=60):
    """An animated PNG: a full grey first frame of ``size``, then 1 × 1 frames."""
    width, height = size

    def fctl(seq, w, h):
        return _chunk(b"fcTL", struct.pack(">IIIIIHHBB", seq, w, h, 0, 0, 1, 10, 0, 0))

    rows = zlib.compress(b"\x00" * ((width + 1) * height), 9)
    chunks = [
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)),
        _chunk(b"acTL", struct.pack(">II", frames, 0)),
        fctl(0, width, height),
        _chunk(b"IDAT", rows),
    ]
    seq = 1
    for _ in range(frames - 1):
        chunks.append(fctl(seq, 1, 1))
        chunks.append(_chunk(b"fdAT", struct.pack(">I", seq + 1) + zlib.compress(b"\x00\x00")))
        seq += 2
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks) + _chunk(b"IEND", b"")


def png_with_many_chunks(count=25_000):
    data = png_bytes()
    return data[:33] + _chunk(b"tEXt", b"a\x00b") * count + data[33:]


def jpeg_with_many_segments(count=2_000):
    data = jpeg_bytes_plain()
    return data[:2] + b"\xff\xfe\x00\x03a" * count + data[2:]


def jpeg_bytes_plain(size=(32, 32), **params):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 90, 160)).save(buffer, "JPEG", **params)
    return buffer.getvalue()


def jpeg_scan_bomb(repeats=200):
    """A progressive JPEG whose last (tiny) scan is repeated: decoded once per scan."""
    buffer = io.BytesIO()
    PILImage.new("L", (1000, 1000), 128).save(buffer, "JPEG", progressive=True)
    data = buffer.getvalue()
    last = data[data.rindex(b"\xff\xda") : -2]
    return data[:-2] + last * repeats + b"\xff\xd9"


# ------------------------------------------------------------ metadata


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
