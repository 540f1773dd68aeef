"""Rendered files kept in memory: bytes by key, least recently used out first once the kept files
pass a total size (or a count). Used where rendering is costly and its result is fixed by the key:
a summary's report by the digest of its dict (``summaries.rendered_reports``), a published
version's PDF by what it prints (``drafts.views.downloads``). Thread-safe; per process.

Must not import Flask.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_BYTES = 64 * 1024 * 1024  # all kept files together: a few dozen demo-sized PDFs
MAX_ONE = 16 * 1024 * 1024  # a file larger than this is made each time, never kept


class KeptFiles:
    """Bytes by key, least recently used first out once their total passes ``max_bytes`` or
    their number ``max_count``; a file over ``max_one`` is never kept."""

    def __init__(
        self, max_bytes: int = MAX_BYTES, max_one: int = MAX_ONE, max_count: int | None = None
    ) -> None:
        self.max_bytes = max_bytes
        self.max_one = max_one
        self.max_count = max_count
        self._files: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            data = self._files.get(key)
            if data is None:
                self.misses += 1
                return None
            self._files.move_to_end(key)
            self.hits += 1
            return data

    def put(self, key: Hashable, data: bytes) -> None:
        if len(data) > self.max_one:
            return
        with self._lock:
            old = self._files.pop(key, None)
            self._size -= len(old) if old is not None else 0
            self._files[key] = data
            self._size += len(data)
            while self._files and (self._size > self.max_bytes or self._too_many()):
                _key, dropped = self._files.popitem(last=False)
                self._size -= len(dropped)

    def _too_many(self) -> bool:
        return self.max_count is not None and len(self._files) > self.max_count

    def get_or_make(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The kept bytes of ``key``, or ``make()``'s, kept from then on (made outside the lock:
        two first requests may both make it, and either is right)."""
        data = self.get(key)
        if data is None:
            data = make()
            self.put(key, data)
        return data

    def clear(self) -> None:
        with self._lock:
            self._files.clear()
            self._size = 0
