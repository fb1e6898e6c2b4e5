"""Loopback ports for the servers the tests start, and for addresses where nothing answers."""

import socket


def free_port():
    """A loopback port nothing listens on: bound, then released, for a server to take or for
    a client to find closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
