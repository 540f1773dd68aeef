"""A real SMTP server in the test process (aiosmtpd on a free local port) that records what it
receives, counts connections, and can answer chosen messages with a temporary failure (451), as
a busy or greylisting server does, or refuse them for good (550)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any


class SmtpServer:
    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.lock = threading.Lock()
        self.messages: list[Message] = []
        self.connections = 0
        self.data_commands = 0  # every DATA answered, accepted or not
        self.fail_at: set[int] = set()  # 1-based DATA numbers answered 451 (try again later)
        self.refuse_to: set[str] = set()  # recipients answered 550 at RCPT (never)
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    # aiosmtpd handler hooks
    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse_to:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.data_commands += 1
            if self.data_commands in self.fail_at:
                return "451 4.3.0 Try again later"
            self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK queued"

    def recipients(self) -> list[str]:
        with self.lock:
            return [str(m["To"]) for m in self.messages]

    def config(self) -> dict[str, Any]:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_STARTTLS": False}


@contextmanager
def running() -> Iterator[SmtpServer]:
    """``with running() as server:`` — a fixture body for the tests that need one."""
    for attempt in range(5):
        server = SmtpServer()
        try:
            server.controller.start()
            break
        except OSError:
            # the free port found by the probe was taken before the controller bound it (another
            # xdist worker or process on this machine): a new port
            server.controller.stop(no_assert=True)  # its thread already ended
            server.controller.loop.close()  # never ran, so stop() did not close it
            if attempt == 4:
                raise
    try:
        yield server
    finally:
        server.controller.stop()
