"""A real HTTP receiver on loopback: it records what it gets and answers as the test says."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Receiver:
    url: str
    status: int = 204
    delay: float = 0.0
    requests: list[dict] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
        if self.server.receiver.delay:
            time.sleep(self.server.receiver.delay)
        self.send_response(self.server.receiver.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _serve():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.receiver = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def receiver_factory(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receivers listen on loopback, over http
    settings.WEBHOOKS_CONNECT_TIMEOUT_SECONDS = 1.0
    settings.WEBHOOKS_READ_TIMEOUT_SECONDS = 0.5
    servers = []

    def make(**behaviour) -> Receiver:
        server = _serve()
        for name, value in behaviour.items():
            setattr(server.receiver, name, value)
        servers.append(server)
        return server.receiver

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(receiver_factory) -> Receiver:
    return receiver_factory()
