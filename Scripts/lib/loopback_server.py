"""A small HTTP server on 127.0.0.1 for the fetch tests: binds port 0, prints the port, serves fixed routes.

Routes that count (flaky, slow, stream-big) keep their state per `?key=`, so tests sharing one
server do not disturb each other. Every request runs on its own thread (ThreadingHTTPServer),
so routes that hang or trickle do not hold up the others. The server exits by itself when the
process that started it is gone, so a crashed test run leaves nothing behind.
"""
import email.utils
import gzip
import http.server
import os
import sys
import threading
import time
import urllib.parse
import zlib

from quiet_server import QuietServer, exit_with_parent

BODY = b"Site,Parameter\nBeijing,PM2.5\n"
SLOW_CSV = b"t,pm25\n2015-01-01T00:00:00Z,12\n2015-01-01T01:00:00Z,14\n"
ETAG = '"v1-abc"'
LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"
RETRY_DATE = "Wed, 21 Oct 2015 07:30:00 GMT"
# Per key: in-flight count and its maximum (/slow), calls (/flaky), bytes sent (/stream-big).
inflight = {}
peak = {}
calls = {}
sent = {}
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
        parsed = urllib.parse.urlsplit(self.path)
        route = parsed.path
        query = dict(urllib.parse.parse_qsl(parsed.query))
        key = query.get("key", "")
        if route == "/ok.csv":
            self.send(200, BODY, [("X-Seen-Agent", self.headers.get("User-Agent", ""))])
        elif route.startswith("/slow"):
            # Held open for a while, counting requests in flight, so a test can see downloads overlap.
            with state_lock:
                inflight[key] = inflight.get(key, 0) + 1
                peak[key] = max(peak.get(key, 0), inflight[key])
            time.sleep(float(query.get("hold", "1.0")))
            with state_lock:
                inflight[key] -= 1
            self.send(200, SLOW_CSV)
        elif route == "/max-inflight":
            with state_lock:
                self.send(200, str(peak.get(key, 0)).encode())
        elif route == "/agent":
            self.send(200, self.headers.get("User-Agent", "").encode())
        elif route == "/gzip.csv":
            self.send(200, gzip.compress(BODY), [("Content-Encoding", "gzip")])
        elif route == "/deflate.csv":
            self.send(200, zlib.compress(BODY), [("Content-Encoding", "deflate")])
        elif route == "/gzip-bomb":
            # 4 MiB of zeros in a few KiB: only a limit on the decoded body catches it.
            self.send(200, gzip.compress(b"0" * (4 * 1024 * 1024)), [("Content-Encoding", "gzip")])
        elif route == "/big":
            self.send(200, b"x" * (2 * 1024 * 1024))
        elif route == "/stream-big":
            # No Content-Length (HTTP/1.0, body ends at close): only the client's write
            # callback can stop it. Records how much got out before the client hung up.
            self.send_response(200)
            self.end_headers()
            chunk = b"y" * 65536
            total = 0
            try:
                while total < 256 * 1024 * 1024:
                    self.wfile.write(chunk)
                    total += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            with state_lock:
                sent[key] = total
            self.close_connection = True
        elif route == "/sent":
            with state_lock:
                self.send(200, str(sent.get(key, -1)).encode())
        elif route == "/to-file":
            self.send(302, b"", [("Location", "file:///etc/passwd")])
        elif route == "/away":
            # /away?to=URL redirects there: another origin when URL names another port, host or scheme.
            self.send(int(query.get("code", "302")), b"", [("Location", query.get("to", "/"))])
        elif route == "/to-echo":
            self.send(307, b"", [("Location", "/echo")])
        elif route == "/to-ok":
            self.send(302, b"", [("Location", "/ok.csv")])
        elif route == "/loop":
            # /loop?n=3 redirects three times, then answers 200.
            n = int(query.get("n", "0"))
            if n > 0:
                self.send(302, b"", [("Location", "/loop?n=%d&token=%s" % (n - 1, query.get("token", "")))])
            else:
                self.send(200, b"arrived")
        elif route == "/hop":
            # A redirect with headers of its own: they must not leak into the final response's headers.
            self.send(302, b"", [("Location", "/headers"), ("X-Hop", "first"), ("ETag", '"hop"')])
        elif route == "/short":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"only a little")
        elif route == "/headers":
            self.send(200, BODY, [("Content-Type", "text/csv; charset=utf-8"), ("ETag", ETAG),
                                  ("Last-Modified", LAST_MODIFIED), ("X-Custom", "one"), ("X-Custom", "two"),
                                  ("X-Mixed-Case", "Value Kept")])
        elif route == "/echo":
            # Says which headers arrived; the API key only as present or absent, never its value.
            lines = [
                "x-api-key: " + ("present" if self.headers.get("X-API-Key") else "absent"),
                "x-api-key-length: %d" % len(self.headers.get("X-API-Key", "")),
                "accept: " + self.headers.get("Accept", ""),
                "accept-encoding: " + self.headers.get("Accept-Encoding", ""),
                "user-agent: " + self.headers.get("User-Agent", ""),
                "if-none-match: " + self.headers.get("If-None-Match", ""),
                "if-modified-since: " + self.headers.get("If-Modified-Since", ""),
                "x-empty: " + ("present" if "X-Empty" in self.headers else "absent"),
            ]
            self.send(200, ("\n".join(lines) + "\n").encode())
        elif route == "/etag":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
            else:
                self.send(200, BODY, [("ETag", ETAG)])
        elif route == "/last-modified":
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.send_response(304)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
            else:
                self.send(200, BODY, [("Last-Modified", LAST_MODIFIED)])
        elif route == "/rate-limited":
            mode = query.get("mode", "delta")
            body = b'{"detail":"Too many requests"}'
            if mode == "delta":
                headers = [("Retry-After", "2")]
            elif mode == "date":
                headers = [("Retry-After", RETRY_DATE)]
            elif mode == "openaq":
                # As OpenAQ sends them: reset in seconds, no Retry-After.
                headers = [("x-ratelimit-limit", "60"), ("x-ratelimit-used", "60"),
                           ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "7")]
            elif mode == "long":
                headers = [("Retry-After", "3600")]
            else:
                headers = []
            self.send(429, body, [("Content-Type", "application/json")] + headers)
        elif route == "/status":
            code = int(query.get("code", "200"))
            self.send(code, b"status %d" % code)
        elif route == "/flaky":
            # 500 on a key's first call, 200 from then on.
            with state_lock:
                calls[key] = calls.get(key, 0) + 1
                count = calls[key]
            if count == 1:
                self.send(500, b"try again")
            else:
                self.send(200, BODY)
        elif route == "/hang":
            # Reads the request, never answers.
            time.sleep(float(query.get("hold", "30")))
            self.send(200, b"too late")
        elif route == "/trickle":
            # Promises 1000 bytes, sends one every 0.2 s: far below any sane low-speed limit.
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"z")
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif route == "/conn":
            # Answers in HTTP/1.1 and keeps the connection open; the body is the client's
            # port, so a test can tell whether a second request reused the connection.
            self.protocol_version = "HTTP/1.1"
            self.send(200, str(self.client_address[1]).encode())
            self.close_connection = False
        else:
            self.send(404, b"not here")


server = QuietServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
print(server.server_address[1], flush=True)
server.timeout = 30
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
