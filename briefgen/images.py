"""Pictures a document may carry (party emblems, a theme logo): PNG or JPEG files.

Every picture is decoded once, when the record (an emblem) or the theme (its logo) is
loaded, within a fixed budget, so a picture that would exhaust memory, or that a renderer
would fail on later, is refused at the field that names it:

- the file is a regular file of at most MAX_PICTURE_BYTES;
- its header says PNG or JPEG, and its size at most MAX_PICTURE_PIXELS pixels and
  MAX_PICTURE_SIDE on either side. The size is read from the header BEFORE any pixel is
  decoded, so a small file that claims a huge picture (a decompression bomb) costs nothing;
- it then decodes completely (`verify()`, then `load()`): corrupt or truncated data is
  refused with the decoder's reason.

Decoding a picture of the largest size takes about 4 bytes a pixel (64 MiB) and well under a
second. A picture that passed is remembered (by path, size and modification time), so a
picture that a thousand records share is decoded once per process.
"""

from __future__ import annotations

import re
import stat
import warnings
from pathlib import Path
from typing import BinaryIO

__all__ = ["MAX_PICTURE_BYTES", "MAX_PICTURE_PIXELS", "MAX_PICTURE_SIDE", "image_problem"]

#: Largest picture file read, in bytes (an emblem is typically well under 1 MB).
MAX_PICTURE_BYTES = 20 * 1024 * 1024

#: Most pixels a picture may have (4096 x 4096: 64 MiB decoded as RGBA). An emblem or logo
#: printed 15 mm high needs a few hundred pixels.
MAX_PICTURE_PIXELS = 4096 * 4096

#: Longest side of a picture, in pixels (a 1 x 16-million-pixel strip is no emblem).
MAX_PICTURE_SIDE = 16384

#: The first bytes of the image formats both renderers place.
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}

#: Pictures that decoded within the budget: (path, size, mtime_ns).
_GOOD: set[tuple[str, int, int]] = set()

_ADDRESS = re.compile(r"\s*(?:<[^>]*>|\bat 0x[0-9a-fA-F]+)")


def _reason(exc: BaseException) -> str:
    """A decoder's reason as a clause: no object reprs or addresses, never empty."""
    text = _ADDRESS.sub("", str(exc)).strip().rstrip(".")
    return text or type(exc).__name__


def image_problem(file: Path, shown: str) -> str | None:
    """Why `file` cannot be used as a picture in a document, or None when it can.

    `shown` is the file as the user wrote it; the reason names it, never an object.
    """
    try:
        info = file.stat()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        if isinstance(exc, FileNotFoundError | NotADirectoryError | ValueError):
            return f"image file {shown} not found"
        return f"image file {shown} cannot be read: {exc.strerror or _reason(exc)}"
    if not stat.S_ISREG(info.st_mode):
        return f"image file {shown} not found (it is not a regular file)"
    if info.st_size > MAX_PICTURE_BYTES:
        return (
            f"image file {shown} is {info.st_size:,} bytes; a picture may have at most "
            f"{MAX_PICTURE_BYTES:,}"
        )
    key = (str(file), info.st_size, info.st_mtime_ns)
    if key in _GOOD:
        return None
    try:
        with file.open("rb") as handle:
            head = handle.read(8)
            kind = next((k for magic, k in _IMAGE_MAGIC.items() if head.startswith(magic)), None)
            if kind is None:
                return f"{shown} is not a PNG or JPEG image"
            handle.seek(0)
            problem = _decode(handle, shown, kind)
    except OSError as exc:
        return f"image file {shown} cannot be read: {exc.strerror or _reason(exc)}"
    if problem is None:
        _GOOD.add(key)
    return problem


def _decode(handle: BinaryIO, shown: str, kind: str) -> str | None:
    """Check the size the header states, then decode every pixel (see the module docstring)."""
    from PIL import Image, UnidentifiedImageError

    def opened() -> Image.Image:
        handle.seek(0)
        with warnings.catch_warnings():  # Pillow's own bomb warning: our limit is lower
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(handle, formats=[kind])

    try:
        with opened() as picture:
            width, height = picture.size
            if width < 1 or height < 1:
                return f"{shown} has no pixels ({width}x{height})"
            if width * height > MAX_PICTURE_PIXELS or max(width, height) > MAX_PICTURE_SIDE:
                return (
                    f"{shown} is {width}x{height} pixels; a picture may have at most "
                    f"{MAX_PICTURE_PIXELS:,} pixels (e.g. 4096x4096) and {MAX_PICTURE_SIDE:,} "
                    "on a side: scale it down"
                )
            picture.verify()  # checksums and structure, without keeping pixels
        with opened() as picture:
            picture.load()  # every pixel: truncated or corrupt data fails here
    except Image.DecompressionBombError:
        return (
            f"{shown} claims more pixels than a picture may have "
            f"(at most {MAX_PICTURE_PIXELS:,}): scale it down"
        )
    except UnidentifiedImageError:
        return f"{shown} is not a {kind} image that can be read (damaged header)"
    except MemoryError:
        return f"{shown} is too large to decode within the picture budget"
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, zlib.error, ...
        return f"{shown} is a damaged {kind} image: {_reason(exc)}"
    return None
