"""A stand-in for live PM2.5 APIs on 127.0.0.1, for the integration tests and `Scripts/bench fetch`.

It serves OpenAQ v3's `/v3/sensors/{id}/hours` with real paging semantics (datetime_from exclusive
and datetime_to inclusive on the period end, limit/page, X-API-Key) for any sensor id, with values
from a fixed formula that the tests compute independently:

    value(sensor, hour) = ((sensor * 7919 + hour * 104729) % 1000) / 10 + 1      (hour = hours since 1970)

Data exists for every hour before --available-until (hours since 1970; default: the current hour).
Other routes: /limited/<path> answers the first request for each path with 429 and `x-ratelimit-reset: 1`,
then serves <path>; /wait/<seconds>/<path> always answers 429 with `Retry-After: <seconds>`; /to/<port>/<path>
redirects (302) to <path> on 127.0.0.1:<port>, another origin; /hostile/<mode>/v3/sensors/{id}/hours is OpenAQ as
a lying upstream: `repeat` ignores `page` and always sends the same full page, `endless` sends a different full page
for every page, `outside` sends rows a thousand hours before the window asked for, `echo` sends rows whose unit and
parameter echo the X-API-Key (upper-cased, percent-encoded) or carry terminal escape sequences, `echo-error` a 200
without results whose message echoes the key in swapped case; /daily/day_YYYYMMDD.csv is a generic CSV (`t,pm25`) of that UTC day's available hours
with value(500, hour), with an ETag and 304 for a matching If-None-Match, 404 for days with no hour yet;
/down/... always 503; /control/count (requests served so far); /control/keys (requests that carried an
X-API-Key header); /control/hang?after=N
(requests after the N-th, counted from now, accept and never answer); /control/unhang; /control/until?hour=H.
Prints the port on its first line.
"""
import argparse
import hashlib
import json
import threading
import time
import http.server
from urllib.parse import urlparse, parse_qs
from datetime import datetime, timezone

from quiet_server import QuietServer

parser = argparse.ArgumentParser()
parser.add_argument("--available-until", type=int, default=None)
parser.add_argument("--key", default=None, help="the API key to require in X-API-Key")
args = parser.parse_args()

state = {"count": 0, "keys": 0, "hang_after": None, "until": args.available_until, "limited": set()}
lock = threading.Lock()
release = threading.Event()


def value(sensor, hour):
    return ((sensor * 7919 + hour * 104729) % 1000) / 10 + 1


def iso(hour):
    return datetime.fromtimestamp(hour * 3600, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_hour(text):
    text = text.replace("Z", "+00:00")
    return int(datetime.fromisoformat(text).timestamp()) // 3600


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, status, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/control/"):
            with lock:
                if url.path == "/control/count":
                    return self.send(200, str(state["count"]), "text/plain")
                if url.path == "/control/keys":
                    return self.send(200, str(state["keys"]), "text/plain")
                if url.path == "/control/hang":
                    state["hang_after"] = state["count"] + int(q.get("after", "0"))
                    release.clear()
                    return self.send(200, "ok", "text/plain")
                if url.path == "/control/unhang":
                    state["hang_after"] = None
                    release.set()
                    return self.send(200, "ok", "text/plain")
                if url.path == "/control/until":
                    state["until"] = int(q["hour"])
                    return self.send(200, "ok", "text/plain")
            return self.send(404, "no such control")
        with lock:
            state["count"] += 1
            if self.headers.get("X-API-Key") is not None:
                state["keys"] += 1
            n = state["count"]
            hang = state["hang_after"] is not None and n > state["hang_after"]
        if hang:
            release.wait()  # accept, never answer (until released)
            return
        if url.path.startswith("/down/"):
            return self.send(503, '{"detail":"Service Unavailable"}')
        if url.path.startswith("/to/"):
            port, rest = url.path[len("/to/"):].split("/", 1)
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:%s/%s%s" % (port, rest, "?" + url.query if url.query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path.startswith("/wait/"):
            seconds, rest = url.path[len("/wait/"):].split("/", 1)
            body = b'{"detail":"Too many requests"}'
            self.send_response(429)
            self.send_header("Content-Type", "application/json")
            self.send_header("Retry-After", seconds)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        mode = None
        if url.path.startswith("/hostile/"):
            mode, rest = url.path[len("/hostile/"):].split("/", 1)
            url = url._replace(path="/" + rest)
        until = state["until"] if state["until"] is not None else int(time.time()) // 3600
        if url.path.startswith("/limited/"):
            with lock:
                first = url.path not in state["limited"]
                state["limited"].add(url.path)
            if first:
                self.send_response(429)
                self.send_header("Content-Type", "application/json")
                self.send_header("x-ratelimit-reset", "1")
                body = b'{"detail":"Too many requests"}'
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            url = url._replace(path=url.path[len("/limited"):])
        if url.path.startswith("/daily/day_") and url.path.endswith(".csv"):
            stamp = url.path[len("/daily/day_"):-len(".csv")]
            day = datetime.strptime(stamp, "%Y%m%d").replace(tzinfo=timezone.utc)
            first = int(day.timestamp()) // 3600
            hours = [h for h in range(first, first + 24) if h < until]
            if not hours:
                return self.send(404, "no such day", "text/plain")
            body = "t,pm25\n" + "".join("%s,%s\n" % (iso(h).replace("+00:00", "Z"), value(500, h)) for h in hours)
            tag = '"' + hashlib.md5(body.encode()).hexdigest() + '"'
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("ETag", tag)
            data = body.encode()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        parts = url.path.strip("/").split("/")
        if len(parts) == 4 and parts[0] == "v3" and parts[1] == "sensors" and parts[3] == "hours":
            if args.key is not None and self.headers.get("X-API-Key") != args.key:
                return self.send(401, '{"detail":"Invalid credentials"}')
            sensor = int(parts[2])
            start = parse_hour(q["datetime_from"])      # period end > from  => hour start >= from
            end = parse_hour(q["datetime_to"])          # period end <= to   => hour start < to
            limit = int(q.get("limit", "100"))
            page = int(q.get("page", "1"))
            hours = list(range(start, min(end, until)))
            chunk = hours[(page - 1) * limit: page * limit]
            key = self.headers.get("X-API-Key", "")
            if mode == "echo-error":
                return self.send(200, json.dumps({"detail": "no results for the key " + key.swapcase()}))
            if mode in ("repeat", "endless") and hours:
                # A full page whatever `page` says: the window's hours over and over.
                chunk = [hours[i % len(hours)] for i in range(limit)]
            if mode == "outside":
                chunk = [h - 1000 for h in chunk]
            shift = page if mode == "endless" else 0
            results = [{
                "period": {"label": "1hour", "interval": "01:00:00",
                           "datetimeFrom": {"utc": iso(h), "local": iso(h)},
                           "datetimeTo": {"utc": iso(h + 1), "local": iso(h + 1)}},
                "value": value(sensor, h) + shift,
                "parameter": {"id": 2, "name": "pm25", "units": "µg/m³", "displayName": None},
                "coverage": {"expectedCount": 1, "observedCount": 1, "percentComplete": 100},
            } for h in chunk]
            if mode == "echo":
                # What a careless or hostile upstream sends back: the key in another case or encoding,
                # and terminal escape sequences (clear screen, set the window title), on the first four rows.
                echoes = [("units", key.upper()), ("name", "".join("%%%02x" % b for b in key.encode())),
                          ("units", "\x1b[2J\x1b]0;pwned\x07ug"), ("name", "pm25\x1b[31m\x9b1m")]
                for row, (field, text) in zip(results, echoes):
                    row["parameter"][field] = text
            found = len(chunk) if len(chunk) < limit else ">%d" % limit
            body = json.dumps({"meta": {"name": "openaq-api", "page": page, "limit": limit, "found": found},
                               "results": results}, ensure_ascii=False)
            return self.send(200, body)
        return self.send(404, '{"detail":"Not Found"}')


server = QuietServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
