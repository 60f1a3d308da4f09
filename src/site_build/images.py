"""Intrinsic sizes of rendered figures, for width and height attributes (no layout shift)."""

import re
import struct

_SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"', re.S)


def image_size(data: bytes, fmt: str) -> tuple[int, int]:
    """(width, height) in CSS pixels of an SVG or PNG."""
    if fmt == "png":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    match = _SVG_SIZE.search(data)
    if not match:
        raise ValueError("SVG without width and height")
    scale = 4 / 3 if match.group(2) == b"pt" else 1.0  # 1 pt = 4/3 CSS px
    return round(float(match.group(1)) * scale), round(float(match.group(3)) * scale)
