"""The filing flow's draft, typed: decoded once from the conversation's stored dict and encoded
once back. The stored keys and values are today's (a draft begun before an upgrade resumes);
a key this version does not know is carried through untouched."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from bot.core.messages import Attachment
from bot.core.tickets import Contact, TicketType

_TEXTS = ("content", "field", "name", "phone", "address", "filer", "organisation", "tax_code",
          "represented", "authorisation", "from_type")
_FLAGS = ("files", "consent", "with_contact", "publish", "edit", "urgent")


@dataclass(frozen=True, slots=True)
class Draft:
    """A request being filed; None: not given (the key is absent from the stored dict)."""

    type: TicketType
    attachments: tuple[Mapping[str, Any], ...] = ()
    content: str | None = None
    field: str | None = None
    details: Mapping[str, str] | None = None  # the elements of a khiếu nại or tố cáo
    element: int | None = None  # the element being asked
    name: str | None = None
    phone: str | None = None
    address: str | None = None
    filer: str | None = None  # person | representative | organisation
    organisation: str | None = None
    tax_code: str | None = None
    represented: str | None = None
    authorisation: str | None = None  # attached | enclosed
    from_type: str | None = None  # a tố cáo turned anonymous information
    files: bool | None = None
    consent: bool | None = None
    with_contact: bool | None = None
    publish: bool | None = None
    edit: bool | None = None
    urgent: bool | None = None  # danger to life, health or property (bot.core.urgency)
    location: Mapping[str, Any] | None = None  # the incident's place (bot.core.places)
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def decode(cls, data: Mapping[str, Any]) -> Draft:
        """The draft as stored by this or an earlier version of the flow."""
        known = {f.name for f in fields(cls)} - {"extra"}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        values["type"] = TicketType(data["type"])
        values["attachments"] = tuple(dict(a) for a in data.get("attachments", ()))
        for name in ("details", "location"):
            if name in data:
                values[name] = dict(data[name])
        return cls(**values, extra={k: v for k, v in data.items() if k not in known})

    def encode(self) -> dict[str, Any]:
        """The dict the conversation stores: today's keys, absent when not given."""
        out: dict[str, Any] = {"type": str(self.type),
                               "attachments": [dict(a) for a in self.attachments]}
        for name in (*_TEXTS, *_FLAGS, "element"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        for name in ("details", "location"):
            value = getattr(self, name)
            if value is not None:
                out[name] = dict(value)
        return out | dict(self.extra)

    @property
    def contact(self) -> Contact:
        return Contact(self.name, self.phone, self.address)

    def files_attached(self) -> tuple[Attachment, ...]:
        return tuple(Attachment(**item) for item in self.attachments)
