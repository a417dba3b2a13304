"""An upload's block structure (GIF blocks, PNG chunks, JPEG markers), read without pixels.

Pillow's parsers take one Python loop turn per block, and they run before any
of our size checks can: on this machine a 20 MB GIF of 17-byte frames took
11.6 s only to count its frames (``n_frames``), a PNG of 12-byte text chunks
15 s to open, a JPEG of 5-byte comments 15.7 s, and 20 MB of junk before a
GIF's first frame 9.9 s. The walkers here read the same structure in a
bounded number of steps, so ``news.images`` can judge a file before Pillow
sees it. They never decode pixel data; nothing here imports Django.
"""

import re

# A GIF encoder writes its data in 255-byte sub-blocks, so a 20 MB GIF has
# about 82,000 of them; 200,000 steps leave room for odd encoders, and walk in
# 40 ms. A file cut into tinier pieces is not a photo, only slow to parse.
MAX_GIF_STEPS = 200_000
# libpng writes 8 KB IDAT chunks (2,600 in 20 MB). Pillow opens a PNG at about
# 9 µs a chunk, so 20,000 chunks cost at most 0.2 s.
MAX_PNG_CHUNKS = 20_000
# Before its first scan a JPEG has a dozen segments, a few hundred at most
# (an ICC profile split into 255 parts). Fill bytes count as steps too: Pillow
# takes them one by one.
MAX_JPEG_STEPS = 1_000

_GIF_BLOCK = re.compile(rb"[!,;]")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Malformed(ValueError):
    """The file's structure is broken, or cut into more pieces than any encoder makes."""


def sniff(data):
    """The Pillow format name for ``data``'s magic bytes, if it is one we accept."""
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:8] == _PNG_MAGIC:
        return "PNG"
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def gif_frames(data, max_frames):
    """(frames, width, height) of a GIF: its frame count and canvas, from block headers.

    Stops counting at ``max_frames + 1``, so the walk stays short however many
    frames the file holds. The canvas is the logical screen, grown to the
    first frame if that is larger (Pillow does the same; some encoders write a
    0 × 0 screen). A later frame reaching outside it would make Pillow grow the
    canvas mid-animation, past any size checked beforehand; it is refused, as
    are bytes between blocks, which Pillow would skip one loop turn at a time.
    """
    if len(data) < 13:
        raise Malformed("GIF header cut short")
    width = int.from_bytes(data[6:8], "little")
    height = int.from_bytes(data[8:10], "little")
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = steps = 0
    end = len(data)
    while pos < end:
        kind = data[pos]
        if kind == 0x3B:  # trailer
            break
        if kind == 0x21:  # extension: label, then sub-blocks
            pos += 2
        elif kind == 0x2C:  # image descriptor
            if pos + 10 > end:
                raise Malformed("GIF image descriptor cut short")
            left, top, w, h = (
                int.from_bytes(data[pos + i : pos + i + 2], "little") for i in (1, 3, 5, 7)
            )
            if frames == 0:
                width, height = max(width, left + w), max(height, top + h)
            elif left + w > width or top + h > height:
                raise Malformed("GIF frame outside the canvas")
            frames += 1
            if frames > max_frames:
                break
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1  # + LZW code size
        else:
            found = _GIF_BLOCK.search(data, pos)
            raise Malformed(f"{(found.start() if found else end) - pos} stray bytes in GIF")
        while pos < end:  # sub-blocks, up to the empty one
            steps += 1
            if steps > MAX_GIF_STEPS:
                raise Malformed("GIF cut into too many sub-blocks")
            size = data[pos]
            pos += 1 + size
            if not size:
                break
    return frames, width, height


def check_png_chunks(data):
    """Refuse a PNG with more than MAX_PNG_CHUNKS chunks before IEND."""
    pos, end = len(_PNG_MAGIC), len(data)
    for _ in range(MAX_PNG_CHUNKS):
        if pos + 8 > end or data[pos + 4 : pos + 8] == b"IEND":
            return
        pos += 12 + int.from_bytes(data[pos : pos + 4], "big")
    raise Malformed("PNG cut into too many chunks")


def jpeg_scans(data):
    """The number of scans in a JPEG, after refusing a header Pillow would parse slowly.

    A progressive JPEG is decoded once per scan: a 66 KB file repeating one
    31-byte scan 100 times took 1.9 s of CPU to decode at 16 megapixels, 2,000
    times over a minute. Byte stuffing keeps FF DA and FF D9 out of compressed
    data, so the scans are the FF DA markers from the first scan to the end of
    the image; metadata before it (an EXIF thumbnail) and data appended after
    it (a phone's "motion photo" video) are not counted.
    """
    pos, end = 2, len(data)
    for _ in range(MAX_JPEG_STEPS):
        if pos + 2 > end:
            return 0
        if data[pos] != 0xFF:
            raise Malformed("stray bytes between JPEG markers")
        marker = data[pos + 1]
        if marker == 0xDA:  # the first scan
            stop = data.find(b"\xff\xd9", pos)
            return data.count(b"\xff\xda", pos, end if stop < 0 else stop)
        if marker == 0xD9:  # end of image, and no scan
            return 0
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker == 0x00:
            raise Malformed("stray bytes between JPEG markers")
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:  # no length field
            pos += 2
        else:
            pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    raise Malformed("JPEG header cut into too many segments")
