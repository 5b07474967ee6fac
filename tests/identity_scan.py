"""Looks for a person's name, phone number and address in every column of every table, found
by reflecting the database as it is (not the models), so a new table or column is scanned too."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import AsyncEngine


def fold(text: str) -> str:
    """Lower case, without diacritics (`Trần Thị Bình` → `tran thi binh`), spaces squeezed."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str  # as typed, any spacing
    address: str
    handles: tuple[str, ...] = ()  # e.g. a Telegram username

    def found_in(self, value: str) -> bool:
        """True if `value` holds the name, the address or a handle (with or without
        diacritics) or the phone number (its national digits, whatever separates them)."""
        folded = fold(value)
        national = digits(self.phone).removeprefix("84").lstrip("0")
        words = (self.name, self.address, *self.handles)
        return any(fold(word) in folded for word in words) or national in digits(value)


def as_text(value: object) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


async def places_holding(engine: AsyncEngine, identity: Identity) -> set[str]:
    """`table.column` of every cell anywhere in the database that holds part of `identity`."""
    metadata = MetaData()
    async with engine.connect() as connection:
        await connection.run_sync(lambda sync: metadata.reflect(sync))
        found = set()
        for table in metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    if identity.found_in(as_text(value)):
                        found.add(f"{table.name}.{column.name}")
    return found
