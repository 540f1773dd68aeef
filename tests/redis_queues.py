"""Real Redis for the tests that run RQ workers: reachable or skipped (a failure in CI, where
.ci/run starts it), and each test's own keys deleted afterwards, so a shared Redis does not
collect dead queues and jobs run after run."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pytest

REDIS_URL = os.environ.get("PARTICIPATION_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


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


def delete_queue_keys(url: str, queue: str, *, workers: Iterable[str] = (),
                      extra: Iterable[bytes | str] = ()) -> None:
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
