"""A TCP proxy on loopback, to take a service away from the app servers and give it back.

The app servers are pointed at the proxy instead of the service (PostgreSQL, Redis, the
object store, or the app server itself for nginx). `cut()` closes every connection through it
and refuses new ones, as a service that has stopped does: clients see a closed connection or
a refused one at once, never a silent wait. `restore()` listens again on the same port. The
service itself keeps running for everyone else (other tests share it).
"""

import contextlib
import socket
import threading

ACCEPT_POLL_SECONDS = 0.1


class TcpProxy:
    def __init__(self, target_host, target_port):
        self.target = (target_host, int(target_port))
        self.port = None
        self.listener = None
        self.accepting = None
        self.running = False
        self.connections = set()
        self.lock = threading.Lock()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(128)
        # Polled, so that `cut()` stops the loop without relying on close() waking accept().
        listener.settimeout(ACCEPT_POLL_SECONDS)
        self.port = listener.getsockname()[1]
        self.listener = listener
        self.running = True
        self.accepting = threading.Thread(target=self.accept, daemon=True)
        self.accepting.start()
        return self

    restore = start

    def cut(self):
        self.running = False
        self.accepting.join(timeout=5)
        self.listener.close()
        with self.lock:
            connections, self.connections = self.connections, set()
        for sock in connections:
            close(sock)

    def stop(self):
        if self.running:
            self.cut()

    def accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                close(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self.lock:
                self.connections |= {client, upstream}
            for source, destination in [(client, upstream), (upstream, client)]:
                threading.Thread(target=self.pump, args=(source, destination), daemon=True).start()

    def pump(self, source, destination):
        """Copy one direction until either end closes; then close both."""
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                self.connections -= {source, destination}
            close(source)
            close(destination)


def close(sock):
    # shutdown() wakes a thread blocked in recv() on the socket; close() alone may not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
