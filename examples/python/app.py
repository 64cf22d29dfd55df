"""Tiny HTTP service used as a slimfile demo input."""

import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fastsum

HOST, PORT = "0.0.0.0", 8000


class Handler(BaseHTTPRequestHandler):
    def _reply(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/":
            self._reply(200, f"hello from python 2+3={fastsum.add(2, 3)}\n")
        elif path == "/healthz":
            self._reply(200, "ok\n")
        else:
            self._reply(404, "not found\n")


def main() -> None:
    server = ThreadingHTTPServer((HOST, PORT), Handler)
    # docker stop sends SIGTERM; turn it into a normal exit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"listening on {HOST}:{PORT}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
