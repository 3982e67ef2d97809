"""A small HTTP server on 127.0.0.1 for the fetch tests: binds port 0, prints the port, serves fixed routes."""
import gzip
import http.server
import sys
import threading
import time

BODY = b"Site,Parameter\nBeijing,PM2.5\n"
SLOW_CSV = b"t,pm25\n2015-01-01T00:00:00Z,12\n2015-01-01T01:00:00Z,14\n"
state = {"inflight": 0, "max": 0}
state_lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/ok.csv":
            self.send(200, BODY, [("X-Seen-Agent", self.headers.get("User-Agent", ""))])
        elif self.path.startswith("/slow"):
            # Held open for a while, counting requests in flight, so a test can see downloads overlap.
            with state_lock:
                state["inflight"] += 1
                state["max"] = max(state["max"], state["inflight"])
            time.sleep(1.0)
            with state_lock:
                state["inflight"] -= 1
            self.send(200, SLOW_CSV)
        elif self.path == "/max-inflight":
            with state_lock:
                self.send(200, str(state["max"]).encode())
        elif self.path == "/agent":
            self.send(200, self.headers.get("User-Agent", "").encode())
        elif self.path == "/gzip.csv":
            self.send(200, gzip.compress(BODY), [("Content-Encoding", "gzip")])
        elif self.path == "/big":
            self.send(200, b"x" * (2 * 1024 * 1024))
        elif self.path == "/to-file":
            self.send(302, b"", [("Location", "file:///etc/passwd")])
        elif self.path == "/to-ok":
            self.send(302, b"", [("Location", "/ok.csv")])
        elif self.path == "/short":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"only a little")
        else:
            self.send(404, b"not here")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.timeout = 30
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
