"""Jobs on the web: the app's runtime (transport + after-commit hook), the status page of a job,
its JSON for polling, the retry button and the admins' list.

``init_app`` builds the runtime; handlers run inside the app context, so they may render
templates. ``redirect_to_job(job)`` sends a user to the status page after queuing.
"""

from __future__ import annotations

from flask import Flask, redirect, url_for
from werkzeug.wrappers import Response

from participation.jobs.models import Job
from participation.jobs.transports import RUNTIME_KEY, ThreadTransport, build_runtime


def redirect_to_job(job: Job) -> Response:
    """After ``enqueue`` and the commit: the status page, with its progress bar."""
    return redirect(url_for("jobs.status", job_id=job.id), code=303)


def init_app(app: Flask) -> None:
    runtime = build_runtime(app.extensions["participation.engine"],
                            app.extensions["participation.sessionmaker"], app.config,
                            context=app.app_context)
    app.extensions[RUNTIME_KEY] = runtime
    transport = runtime.transport
    if isinstance(transport, ThreadTransport):
        # started lazily in the process that serves (never in a parent that forks workers):
        # the first request also picks up jobs left queued by an earlier run of the app
        app.before_request(transport.ensure_started)
