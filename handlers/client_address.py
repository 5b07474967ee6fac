"""Who is asking: the client's address, taken from a trusted reverse proxy's header only when
the direct peer is one of the configured proxies; and whether the client came over HTTPS.
Addresses are personal data: they are used here and hashed, never logged or stored."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """`10.0.0.1, 192.168.0.0/16, ::1` as networks; a wrong entry raises ValueError."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False)
                 for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class ClientAddresses:
    """`header` (e.g. X-Forwarded-For) is believed only from a peer in `proxies`."""

    header: str | None = None
    proxies: tuple[Network, ...] = field(default_factory=tuple)

    def of(self, request: web.Request) -> str:
        """The client's address: the right-most hop of the header that is not a trusted proxy
        (hops further left were written by the client and may be forged)."""
        peer = request.remote or ""
        if not self.header or not self._trusted(peer):
            return peer
        values = ",".join(request.headers.getall(self.header, []))
        hops = [hop.strip() for hop in values.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else peer

    def is_https(self, request: web.Request) -> bool:
        """HTTPS to us, or to a trusted proxy that says so in X-Forwarded-Proto."""
        if request.secure:
            return True
        forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        return forwarded == "https" and self._trusted(request.remote or "")

    def host(self, request: web.Request) -> str:
        """The host the browser asked for: X-Forwarded-Host from our proxies, else Host."""
        forwarded = request.headers.get("X-Forwarded-Host", "").split(",")[0].strip()
        return forwarded if forwarded and self._trusted(request.remote or "") else request.host

    def _trusted(self, address: str) -> bool:
        return _within(address, self.proxies)


def _within(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)
