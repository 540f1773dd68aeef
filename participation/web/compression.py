"""gzip for pages assembled from parts, where the large parts are cached: each part is deflated on
its own (raw deflate, ending on a full flush, so no part refers back into another), the parts
are joined into one deflate stream, and a gzip header and trailer wrap it. The cached parts are
compressed once, per cache entry; a few bytes that differ per request (a CSRF token) go in as a
stored block, which needs no compressor at all.

The gzip trailer holds the CRC-32 of the whole page, so every request would read the cached
document again (20 µs for the demo raperda's 140 kB). CRC-32 is affine in its starting value
(crc(data, v) = L(v) xor crc(data, 0), L linear), so a part can carry ``crc_skip``: 32 numbers,
computed once per cache entry, that carry any starting value across it in 32 XORs.

Flask-only helpers for the web layer; no domain imports.
"""

from __future__ import annotations

import struct
import zlib
from typing import NamedTuple

from flask import Request

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, mtime 0, OS unknown
_FINAL_EMPTY_BLOCK = b"\x03\x00"  # a final, empty fixed-Huffman block closes the stream
_STORED_MAX = 0xFFFF


class CrcSkip(NamedTuple):
    base: int  # crc32(data, 0)
    columns: tuple[int, ...]  # crc32(data, 1 << i) ^ base, i = 0..31

    def across(self, crc: int) -> int:
        """``zlib.crc32(data, crc)`` without reading ``data``."""
        out, bit = self.base, 0
        while crc:
            if crc & 1:
                out ^= self.columns[bit]
            crc >>= 1
            bit += 1
        return out


def crc_skip(data: bytes) -> CrcSkip:
    base = zlib.crc32(data, 0)
    return CrcSkip(base, tuple(zlib.crc32(data, 1 << i) ^ base for i in range(32)))


class GzipPart(NamedTuple):
    raw: bytes
    deflated: bytes | None = None  # None: deflated here
    crc: CrcSkip | None = None  # None: the CRC reads ``raw``


def deflate_part(data: bytes, level: int = 6) -> bytes:
    """Raw deflate of ``data`` that starts afresh and ends byte-aligned, without a final block."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def stored_part(data: bytes) -> bytes:
    """``data`` as non-final stored deflate blocks (for a few bytes, cheaper than a compressor).
    Every part before it ends byte-aligned, as a stored block's header needs."""
    out = []
    for start in range(0, max(len(data), 1), _STORED_MAX):
        chunk = data[start : start + _STORED_MAX]
        out.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


def gzip_parts(parts: list[GzipPart] | list[tuple[bytes, bytes | None]]) -> bytes:
    """One gzip body from the parts, in order."""
    crc, size, body = 0, 0, [_HEADER]
    for part in parts:
        raw, deflated = part[0], part[1]
        skip = part[2] if len(part) > 2 else None
        crc = skip.across(crc) if skip is not None else zlib.crc32(raw, crc)
        size += len(raw)
        body.append(deflated if deflated is not None else deflate_part(raw))
    body.append(_FINAL_EMPTY_BLOCK)
    body.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(body)


def accepts_gzip(request: Request) -> bool:
    return request.accept_encodings["gzip"] > 0
