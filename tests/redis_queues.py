"""Real Redis for the tests that run RQ workers: reachable or skipped (a failure in CI, where
.ci/run starts it), and each test's own keys deleted afterwards, so a shared Redis does not
collect dead queues and jobs run after run.

Isolation: every test names its own queue (so its RQ keys, its job keys and its marks,
``participation:<queue>:marks:*``, are its own) and deletes only those; nothing FLUSHes. On top
of that each pytest-xdist worker uses its own Redis database: ``gwN`` adds N to the URL's
database number (mod 16), and so does tests/test_two_instances.py to its own (9)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

import pytest

from tests.helpers import worker_index


def redis_db_url(url: str, db: int) -> str:
    """``url`` pointing at Redis database ``db`` (the path is the database number)."""
    base, _, query = url.partition("?")
    base = re.sub(r"^(redis[s]?://[^/]*)(/\d*)?$", rf"\g<1>/{db}", base)
    return f"{base}?{query}" if query else base


def worker_redis_url(url: str, db: int | None = None) -> str:
    """``url`` with its database (or ``db``) made this xdist worker's: + N for ``gwN``, as is
    outside xdist."""
    if db is None:
        match = re.search(r"^redis[s]?://[^/?]*/(\d+)", url)
        db = int(match.group(1)) if match else 0
    return redis_db_url(url, (db + worker_index()) % 16)


BASE_REDIS_URL = os.environ.get("PARTICIPATION_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_URL = worker_redis_url(BASE_REDIS_URL)


def require_redis(url: str = REDIS_URL) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    client = Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis must be reachable in CI ({url}): {exc}")
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    finally:
        client.close()


def delete_queue_keys(
    url: str, queue: str, *, workers: Iterable[str] = (), extra: Iterable[bytes | str] = ()
) -> None:
    """Every key naming ``queue``, the RQ jobs that came from it, ``extra`` keys, and the queue
    and worker names (``rq:worker:<name>``, or any worker whose name holds the queue's) in RQ's
    global sets."""
    from redis import Redis

    client = Redis.from_url(url)
    try:
        own = [*client.scan_iter(f"*{queue}*", count=1000), *extra]
        for key in client.scan_iter("rq:job:*", count=1000):
            if client.type(key) == b"hash" and client.hget(key, "origin") == queue.encode():
                own.append(key)
        if own:
            client.delete(*own)
        client.srem("rq:queues", f"rq:queue:{queue}")
        stale = [f"rq:worker:{name}" for name in workers]
        stale += [key for key in client.smembers("rq:workers") if queue.encode() in key]
        if stale:
            client.srem("rq:workers", *stale)
    finally:
        client.close()
