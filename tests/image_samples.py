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
