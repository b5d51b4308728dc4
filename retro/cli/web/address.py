"""Where `retro serve` listens and the address its join URL names."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"
# A documentation address (RFC 5737): connecting a UDP socket to it picks the interface that
# would route there without sending a packet.
_PROBE = ("192.0.2.1", 9)


def lan_address() -> str:
    """This machine's address on its local network; loopback when it has no route."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            return probe.getsockname()[0]
    except OSError:
        return LOOPBACK


@dataclass(frozen=True)
class Address:
    bind: str  # what the socket binds to
    shown: str  # the host the URL names: never 0.0.0.0, which a browser cannot open

    @property
    def beyond_machine(self) -> bool:
        """Reachable from other machines: anything but a loopback address."""
        try:
            return not ipaddress.ip_address(self.bind).is_loopback
        except ValueError:  # a name: it may resolve to anything
            return self.bind != "localhost"

    def url(self, port: int, token: str) -> str:
        host = f"[{self.shown}]" if ":" in self.shown else self.shown
        return f"http://{host}:{port}/?t={token}"


def resolve(host: str) -> Address:
    """`lan` = this machine's LAN address; 0.0.0.0 / :: bind everywhere and name the LAN address."""
    if host == "lan":
        found = lan_address()
        return Address(found, found)
    if host in ("0.0.0.0", "::", ""):
        return Address(host or "0.0.0.0", lan_address())
    return Address(host, host)
