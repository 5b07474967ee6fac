"""The steps of the filing flow and what a step receives; the table itself is in filing.py."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.messages import Attachment


class Step(StrEnum):
    CONTENT = "file.content"
    ELEMENT = "file.element"  # the required elements of a khiếu nại or tố cáo (elements.py)
    FIELD = "file.field"
    ATTACHMENTS = "file.attachments"
    CONSENT = "file.consent"
    FILER = "file.filer"  # khiếu nại: the person affected, a representative or an organisation
    ORG_NAME = "file.org_name"
    TAX_CODE = "file.tax_code"
    NAME = "file.name"
    PHONE = "file.phone"
    ADDRESS = "file.address"
    REPRESENTED = "file.represented"
    AUTHORISATION = "file.authorisation"
    PUBLISH = "file.publish"
    CONFIRM = "file.confirm"


@dataclass(frozen=True)
class Input:
    text: str | None
    payload: str | None
    attachments: tuple[Attachment, ...]
