"""The deploying agency as configuration: names, units, fields and contact details."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """A *lĩnh vực* a request can belong to."""

    id: str
    name: str
    # The official content category the Thanh tra forms count it under (bot.core.facts);
    # None: the bundled mapping, bot/core/data/content_categories.yaml.
    category: str | None = None


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    # In a vùng sâu, vùng xa: longer khiếu nại clocks (Luật Khiếu nại 2011 Đ28, Đ37).
    remote: bool = False


@dataclass(frozen=True)
class Referral:
    """A matter the agency does not handle, the words that tell it, and where to go instead."""

    name: str
    where: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    hotline: str
    address: str
    reception_hours: str
    fields: tuple[Field, ...]
    units: tuple[Unit, ...] = ()
    # A phản ánh or kiến nghị may be sent without contact details (answered in the chat only).
    allow_without_contact: bool = True
    referrals: tuple[Referral, ...] = ()
    # The body above the agency, printed above its name on the report forms (e.g. UBND tỉnh).
    superior: str = ""
    emblem: str | None = None  # the emblem's file (the web chat shows it), ORG_FILE `emblem`

    def is_remote(self, unit_id: str | None) -> bool:
        """True when the unit is marked `remote: true` (vùng sâu, vùng xa)."""
        return any(u.remote for u in self.units if u.id == unit_id)

    def field_name(self, field_id: str | None) -> str | None:
        """The display name of a field id, or None when unknown."""
        return next((f.name for f in self.fields if f.id == field_id), None)
