"""The facts of a đơn the Thanh tra forms count (Thông tư 02/2021/TT-TTCP): who signed it,
đủ điều kiện xử lý, thuộc thẩm quyền, guided or forwarded, the official content category and
the outcome class; with what each defaults to when nobody recorded it."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from bot.core.organisation import Organisation

CATEGORIES_FILE = Path(__file__).parent / "data" / "content_categories.yaml"


class Signers(StrEnum):
    ONE = "one"  # đơn một người đứng tên
    SEVERAL = "several"  # đơn có nhiều người đứng tên
    ANONYMOUS = "anonymous"  # đơn khác: no name, or unsigned


class Handling(StrEnum):
    """What was done with a đơn outside the agency's competence (Biểu 01/XLD col. 23-25)."""

    GUIDED = "guided"  # hướng dẫn
    FORWARDED = "forwarded"  # chuyển đơn
    CHASED = "chased"  # đôn đốc giải quyết


class Outcome(StrEnum):
    """The outcome class of a khiếu nại or tố cáo (Biểu 01/KQGQ, 03/KQGQ)."""

    RIGHT = "dung"  # khiếu nại đúng / tố cáo đúng
    WRONG = "sai"  # khiếu nại sai / tố cáo sai
    PARTLY = "dung_mot_phan"  # khiếu nại đúng một phần / tố cáo có đúng, có sai
    WITHDRAWN = "rut"  # rút đơn (Luật KN Đ10; Luật TC Đ33)
    DISMISSED = "dinh_chi"  # đình chỉ giải quyết


INTAKES = ("paper", "in_person", "phone", "email")


@cache
def _bundled() -> tuple[dict[str, str], dict[str, str], str]:
    data = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))
    return dict(data["categories"]), dict(data["fields"]), str(data["default"])


def category_names() -> Mapping[str, str]:
    """The official categories, key → Vietnamese name, in the forms' order."""
    return _bundled()[0]


def field_categories(org: Organisation) -> dict[str | None, str]:
    """Each field's category: ORG_FILE's `category:`, else the bundled mapping, else default."""
    names, mapping, default = _bundled()
    result: dict[str | None, str] = {None: default}
    for field in org.fields:
        chosen = field.category or mapping.get(field.id) or default
        result[field.id] = chosen if chosen in names else default
    return result


def signers_of(recorded: str | None, has_contact: bool) -> Signers:
    """As recorded, else one signer when the đơn names someone, else "đơn khác"."""
    if recorded in set(Signers):
        return Signers(recorded)
    return Signers.ONE if has_contact else Signers.ANONYMOUS
