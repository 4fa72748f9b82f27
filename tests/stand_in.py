"""A stand-in HTTP server on 127.0.0.1 for the tests of the commands that talk to services
(arXiv, webhooks, link checking): nothing leaves the machine.

Routes map a request target (``/api/query`` with or without its query string, or the absolute
URL a client sends through a proxy, ``http://example.org/x``) to a list of answers, served in
turn (the last one again and again). Every request is recorded.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)


@dataclass
class Seen:
    method: str
    target: str
    headers: dict
    body: bytes
    at: float


class StandIn:
    def __init__(self):
        self.routes: dict[str, list[Answer]] = {}
        self.default: Answer | None = None  # for targets without a route (None: 404)
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.url = ""
        self.active: dict[str, int] = {}  # requests being answered, by Host header
        self.max_active: dict[str, int] = {}  # the most at one time, by Host header

    def route(self, target: str, *answers: Answer) -> None:
        self.routes[target] = list(answers)

    def answer_for(self, target: str) -> Answer:
        with self.lock:
            queue = self.routes.get(target)
            if queue is None and "?" in target:
                queue = self.routes.get(target.split("?", 1)[0])
            if queue is None:
                return self.default or Answer(404, b"not found")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def seen(self, method: str | None = None) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if method is None or r.method == method]


def _handler(stand_in: StandIn):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            host = self.headers.get("Host", "")
            with stand_in.lock:
                stand_in.requests.append(Seen(self.command, self.path, dict(self.headers), body, time.monotonic()))
                stand_in.active[host] = stand_in.active.get(host, 0) + 1
                stand_in.max_active[host] = max(stand_in.max_active.get(host, 0), stand_in.active[host])
            try:
                answer = stand_in.answer_for(self.path)
                if answer.delay:
                    time.sleep(answer.delay)
                data = answer.body.encode("utf-8") if isinstance(answer.body, str) else answer.body
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(0 if self.command == "HEAD" else len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with stand_in.lock:
                    stand_in.active[host] -= 1

        do_GET = do_POST = do_HEAD = _serve

    return Handler


@contextlib.contextmanager
def stand_in_server():
    """A :class:`StandIn` serving on a free port of 127.0.0.1; ``.url`` is its base URL."""
    stand_in = StandIn()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
