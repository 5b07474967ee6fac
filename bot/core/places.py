"""The place of an incident as a citizen shared it on the map: kept rounded with the request
(its ticket's `details["location"]`), shown as «lat, lon» and linked to OpenStreetMap.
Nghị định 13/2023/NĐ-CP Đ2(4)(i): a location found by a location service is sensitive personal
data, so it is kept no finer than the purpose needs (Đ3(4))."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core.messages import Location

DIGITS = 5  # about a metre: enough to find a pothole, no finer
MAX_NAME = 200  # a venue's title or address, as kept


def is_valid(location: Location) -> bool:
    """Whether the point lies on the globe (a channel may send anything)."""
    return -90 <= location.latitude <= 90 and -180 <= location.longitude <= 180


def stored(location: Location) -> dict[str, Any]:
    """The place as kept with the draft and the ticket: coordinates rounded, names if given."""
    place: dict[str, Any] = {"lat": round(location.latitude, DIGITS),
                             "lon": round(location.longitude, DIGITS)}
    for key, value in (("title", location.title), ("address", location.address)):
        if value and value.strip():
            place[key] = value.strip()[:MAX_NAME]
    return place


def _fixed(place: Mapping[str, Any]) -> tuple[str, str]:
    """Latitude and longitude written with DIGITS decimals."""
    return f"{place['lat']:.{DIGITS}f}", f"{place['lon']:.{DIGITS}f}"


def coordinates(place: Mapping[str, Any]) -> str:
    return ", ".join(_fixed(place))


def shown(place: Mapping[str, Any]) -> str:
    """«21.02851, 105.85204 (Hồ Gươm, Đinh Tiên Hoàng)»: the coordinates, and the venue."""
    names = ", ".join(place[key] for key in ("title", "address") if place.get(key))
    return f"{coordinates(place)} ({names})" if names else coordinates(place)


def map_link(place: Mapping[str, Any]) -> str:
    """The point on OpenStreetMap, marked and zoomed to the street."""
    lat, lon = _fixed(place)
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


def of_ticket(details: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The place kept with a ticket, if any."""
    place = (details or {}).get("location")
    return place if isinstance(place, Mapping) else None
