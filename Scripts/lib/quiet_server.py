"""What the test servers under Scripts/lib share: a threading HTTP server that stays quiet about the
clients the tests make give up early, and a watch that stops a server its test process left behind."""
import http.server
import os
import sys
import time


class QuietServer(http.server.ThreadingHTTPServer):
    """Clients that give up early (size caps, timeouts) are what the tests provoke: no tracebacks for them."""
    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def exit_with_parent(parent):
    # Reparented (the test process died or never killed us): stop serving.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
