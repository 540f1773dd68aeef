"""Slowing password guessing without letting anyone lock an account (issue 13, item 4).

Failures are counted per client address and per (address, account), never per account alone:
someone guessing from one address slows only that address, and the owner logging in from
another address is never refused. After ``PAIR_FREE`` failures from an address for one e-mail
that address waits 1, 2, 4 … minutes (capped at an hour) before it may try that e-mail again;
after ``ADDRESS_FREE`` failures from an address over any e-mails it waits likewise for every
e-mail. The e-mail is counted whether or not an account has it, so the answer is the same.

The counters live where the rate limiter keeps its own (the ``limits`` storage: memory in one
process, Redis when configured), so every worker sees them and they expire by themselves. Must
not import Flask.
"""

from __future__ import annotations

import hashlib
import math
import time

from limits.storage import Storage

PAIR_FREE = 5  # failures from one address for one e-mail before the first wait
ADDRESS_FREE = 30  # failures from one address over all e-mails before the first wait
MAX_WAIT = 60 * 60  # seconds
COUNT_WINDOW = 24 * 60 * 60  # failures are forgotten a day after the first one


def _wait_for(failures: int, free: int) -> int:
    """Seconds to wait after ``failures`` failures: 0 up to ``free``, then 60, 120, 240 …"""
    if failures < free:
        return 0
    return min(60 * 2 ** min(failures - free, 16), MAX_WAIT)


class LoginThrottle:
    def __init__(self, storage: Storage, *, secret: str) -> None:
        self.storage = storage
        self._secret = secret.encode()

    def _digest(self, text: str) -> str:
        # neither addresses nor e-mails are written to the shared store in the clear
        return hashlib.blake2b(text.encode(), key=self._secret[:64], digest_size=16).hexdigest()

    def _keys(self, address: str, email: str) -> tuple[str, str, str, str]:
        a = self._digest("ip:" + address)
        p = self._digest(f"pair:{address}\n{email}")
        return (f"login-fail:ip:{a}", f"login-wait:ip:{a}", f"login-fail:pair:{p}", f"login-wait:pair:{p}")

    def seconds_left(self, address: str, email: str) -> int:
        """How long this address must still wait before trying this e-mail (0: go ahead)."""
        _, ip_wait, _, pair_wait = self._keys(address, email)
        now = time.time()
        left = 0.0
        for key in (ip_wait, pair_wait):
            if self.storage.get(key) > 0:
                left = max(left, self.storage.get_expiry(key) - now)
        return max(0, math.ceil(left))

    def failed(self, address: str, email: str) -> None:
        ip_fail, ip_wait, pair_fail, pair_wait = self._keys(address, email)
        for fail_key, wait_key, free in ((pair_fail, pair_wait, PAIR_FREE), (ip_fail, ip_wait, ADDRESS_FREE)):
            wait = _wait_for(self.storage.incr(fail_key, COUNT_WINDOW), free)
            if wait:
                self.storage.clear(wait_key)
                self.storage.incr(wait_key, wait)

    def succeeded(self, address: str, email: str) -> None:
        # only the pair is forgiven: logging in to one's own account must not reset the
        # address's budget for guessing at others
        _, _, pair_fail, pair_wait = self._keys(address, email)
        self.storage.clear(pair_fail)
        self.storage.clear(pair_wait)
