"""gzip for pages assembled from parts, where one large part is cached: each part is deflated on
its own (raw deflate, ending on a full flush, so no part refers back into another), the parts
are joined into one deflate stream, and a gzip header and trailer wrap it. The cached part is
compressed once, per cache entry; only the small per-request parts are compressed each time.

Flask-only helpers for the web layer; no domain imports.
"""

from __future__ import annotations

import struct
import zlib

from flask import Request

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, mtime 0, OS unknown
_FINAL_EMPTY_BLOCK = b"\x03\x00"  # a final, empty fixed-Huffman block closes the stream


def deflate_part(data: bytes, level: int = 6) -> bytes:
    """Raw deflate of ``data`` that starts afresh and ends byte-aligned, without a final block."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def gzip_parts(parts: list[tuple[bytes, bytes | None]]) -> bytes:
    """One gzip body from ``(raw, deflated or None)`` pairs, in order; None deflates here."""
    crc, size, body = 0, 0, [_HEADER]
    for raw, deflated in parts:
        crc = zlib.crc32(raw, crc)
        size += len(raw)
        body.append(deflated if deflated is not None else deflate_part(raw))
    body.append(_FINAL_EMPTY_BLOCK)
    body.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(body)


def accepts_gzip(request: Request) -> bool:
    return request.accept_encodings["gzip"] > 0
