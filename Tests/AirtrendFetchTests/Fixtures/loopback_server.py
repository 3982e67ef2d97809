"""A small HTTP server on 127.0.0.1 for the fetch tests: binds port 0, prints the port, serves fixed routes."""
import gzip
import http.server
import sys

BODY = b"Site,Parameter\nBeijing,PM2.5\n"


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
