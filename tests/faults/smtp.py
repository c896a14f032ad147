"""A small real SMTP server on loopback for the fault tests (Python 3.12 has no smtpd any more).

It speaks enough RFC 5321 for smtplib and Django's SMTP backend, and records a message only when
it answers the final 250 to DATA, as a real mail server takes responsibility for it then. A test
can make it answer "try later" (421 at the greeting, 451 to DATA), refuse a recipient for good
(550), or hold a message before the final reply until released or until the client goes away.
"""

import email
import select
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: Message

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


@dataclass
class SMTPServer:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    # Behaviour a test changes while the server runs.
    greeting_code: int = 220
    temporary_failures_after: int | None = None  # accept this many DATA, then answer 451
    refused_recipients: set[str] = field(default_factory=set)
    hold_message_number: int | None = None  # 1-based number of the DATA to hold
    holding: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    dropped_while_held: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._data_count = 0
        self.connections = 0
        self._server: socketserver.ThreadingTCPServer | None = None

    def start(self) -> "SMTPServer":
        server_ref = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                server_ref._converse(self)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.released.set()

    def recipients(self) -> list[str]:
        with self._lock:
            return sorted(r for item in self.received for r in item.recipients)

    def message_ids(self) -> list[str]:
        with self._lock:
            return sorted(item.message_id for item in self.received)

    # --- the conversation ---------------------------------------------------------------------

    def _converse(self, handler: socketserver.StreamRequestHandler) -> None:
        def reply(line: str) -> None:
            handler.wfile.write(f"{line}\r\n".encode())
            handler.wfile.flush()

        with self._lock:
            self.connections += 1
        if self.greeting_code != 220:
            reply(f"{self.greeting_code} summit-test: service not available, try again later")
            return
        reply("220 summit-test ESMTP")
        sender, recipients = "", []
        while True:
            raw = handler.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                reply("250-summit-test")
                reply("250 8BITMIME")
            elif verb == "HELO" or verb in ("NOOP", "RSET"):
                if verb == "RSET":
                    sender, recipients = "", []
                reply("250 OK")
            elif verb == "MAIL":
                sender, recipients = _address(command), []
                reply("250 OK")
            elif verb == "RCPT":
                address = _address(command)
                if address in self.refused_recipients:
                    reply("550 5.1.1 no such mailbox")
                else:
                    recipients.append(address)
                    reply("250 OK")
            elif verb == "DATA":
                reply("354 end with <CR><LF>.<CR><LF>")
                data = _read_data(handler)
                if data is None:
                    return
                if not self._answer_data(handler, reply, sender, recipients, data):
                    return
                sender, recipients = "", []
            elif verb == "QUIT":
                reply("221 bye")
                return
            else:
                reply("502 command not implemented")

    def _answer_data(self, handler, reply, sender: str, recipients: list[str], data: bytes) -> bool:
        with self._lock:
            self._data_count += 1
            number = self._data_count
        if self.temporary_failures_after is not None and number > self.temporary_failures_after:
            reply("451 4.3.0 temporary failure, try again later")
            return True
        if number == self.hold_message_number:
            self.holding.set()
            if not _wait_for_release_or_hang_up(handler.connection, self.released):
                self.dropped_while_held.set()
                return False  # the client went away before our 250: the message is not ours
        with self._lock:
            self.received.append(Received(sender, list(recipients), email.message_from_bytes(data)))
        reply("250 2.0.0 queued")
        return True


def _address(command: str) -> str:
    return command.partition(":")[2].strip().split()[0].strip("<>")


def _read_data(handler) -> bytes | None:
    lines = []
    while True:
        line = handler.rfile.readline()
        if not line:
            return None
        if line in (b".\r\n", b".\n"):
            return b"".join(lines)
        lines.append(line[1:] if line.startswith(b"..") else line)


def _wait_for_release_or_hang_up(sock, released: threading.Event) -> bool:
    """True once released; False as soon as the client's side of the connection closes."""
    while not released.wait(0.05):
        readable, _, _ = select.select([sock], [], [], 0)
        if readable and not sock.recv(1, socket.MSG_PEEK):  # an empty peek is the client's hang-up
            return False
    return True
