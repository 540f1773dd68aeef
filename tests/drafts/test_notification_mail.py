"""Answers reach the commenter by e-mail when SMTP is configured — through a real SMTP exchange
with a small local server — and never for a rolled-back answer."""

import socketserver
import threading

import pytest

from participation.comments import services as comment_services
from participation.core.clock import utcnow
from participation.drafts import services


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(b"220 localhost ESMTP test\r\n")
        data_mode, lines = False, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data_mode:
                if line == ".":
                    data_mode = False
                    self.server.messages.append("\n".join(lines))  # type: ignore[attr-defined]
                    lines = []
                    self.wfile.write(b"250 OK queued\r\n")
                else:
                    lines.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 localhost\r\n")
            elif verb == "DATA":
                data_mode = True
                self.wfile.write(b"354 go ahead\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_answer_is_mailed_after_commit_only(app, session, published, drafter, citizen, smtp_server):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.server_address[1], SMTP_STARTTLS=False)
    unit = services.get_unit(session, published, "pasal-12/ayat-1")
    comment = services.comment_on_unit(
        session,
        unit=unit,
        author=citizen,
        stance="object",
        body="Denda terlalu berat bagi pedagang kecil.",
        now=utcnow(),
    )
    session.commit()
    # a rolled-back answer sends nothing
    comment_services.answer(
        session,
        comments=[comment],
        actor=drafter,
        disposition="explained",
        reason="Besaran denda mengikuti batas undang-undang.",
        now=utcnow(),
    )
    session.flush()
    session.rollback()
    assert smtp_server.messages == []
    comment = comment_services.get_comment(session, comment.id)
    comment_services.answer(
        session,
        comments=[comment],
        actor=drafter,
        disposition="explained",
        reason="Besaran denda mengikuti batas undang-undang.",
        now=utcnow(),
    )
    session.commit()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert "warga@contoh.id" in message
    assert "sudah ditanggapi" in message


def test_no_mail_without_smtp(app, session, published, drafter, citizen, tmp_path):
    unit = services.get_unit(session, published, "pasal-12/ayat-1")
    comment = services.comment_on_unit(
        session,
        unit=unit,
        author=citizen,
        stance="object",
        body="Denda terlalu berat bagi pedagang kecil.",
        now=utcnow(),
    )
    comment_services.answer(
        session,
        comments=[comment],
        actor=drafter,
        disposition="explained",
        reason="Besaran denda mengikuti batas undang-undang.",
        now=utcnow(),
    )
    session.commit()
    from pathlib import Path

    outbox = Path(app.config["OUTBOX_DIR"])
    assert not outbox.exists() or not list(outbox.glob("*.eml"))
