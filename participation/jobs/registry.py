"""Job handlers by kind: the ``job_handler`` decorator and the allowlist of handler modules.

Handler modules live in the areas (``participation/summaries/jobs.py`` ...) and are imported by
NAME from ``AREA_JOB_MODULES`` (like ``participation/demo.py::AREA_DEMO_MODULES``), so this
package stays below the areas in the layers. Must not import Flask.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# Every area may hold a ``jobs`` module; a missing one is skipped, so an area only has to create
# the file. Dotted names from PARTICIPATION_JOB_MODULES (config JOB_MODULES) are added to these:
# the tests' own handlers come in that way, in the app and in a worker subprocess alike.
AREA_JOB_MODULES: tuple[str, ...] = (
    "participation.accounts.jobs",
    "participation.comments.jobs",
    "participation.drafts.jobs",
    "participation.musrenbang.jobs",
    "participation.summaries.jobs",
    "participation.admin.jobs",
    "participation.api.jobs",
)

DEFAULT_TIMEOUT = 60 * 60  # seconds; RQ kills a work horse that runs longer


@dataclass(frozen=True)
class HandlerSpec:
    kind: str
    func: Callable[..., dict[str, Any] | None]
    title: str
    max_attempts: int
    timeout: int


_handlers: dict[str, HandlerSpec] = {}
_loaded: set[str] = set()
_lock = threading.Lock()


def job_handler(
    kind: str,
    *,
    title: str,
    max_attempts: int = 3,
    timeout: int = DEFAULT_TIMEOUT,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func(ctx, **params) -> dict | None`` as the handler of ``kind``.

    ``title`` is an ``N_()`` label shown on the status page; ``max_attempts`` counts the first
    run; ``timeout`` (seconds) bounds one attempt under RQ.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        existing = _handlers.get(kind)
        if existing is not None and _qualname(existing.func) != _qualname(func):
            raise ValueError(f"job kind {kind!r} is already handled by {_qualname(existing.func)}")
        _handlers[kind] = HandlerSpec(kind, func, title, max_attempts, timeout)
        return func

    return register


def _qualname(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def load_handlers(extra: Iterable[str] = ()) -> None:
    """Import the handler modules (once each); absent area modules are skipped."""
    for name in (*AREA_JOB_MODULES, *extra):
        if name in _loaded:
            continue
        with _lock:
            if name in _loaded:
                continue
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                # an area (or its jobs module) that does not exist yet; anything it imports
                # that is missing is a real error
                missing = exc.name or ""
                if name not in AREA_JOB_MODULES or not (name == missing or name.startswith(missing + ".")):
                    raise
            _loaded.add(name)


def get_handler(kind: str, extra: Iterable[str] = ()) -> HandlerSpec | None:
    if kind not in _handlers:
        load_handlers(extra)
    return _handlers.get(kind)


def handler_kinds() -> list[str]:
    return sorted(_handlers)
