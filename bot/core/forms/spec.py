"""A form's shape: numbered columns under (possibly nested) headers, the checksums printed in
its "Mã số" row (e.g. 1 = 2+3), and their verification before anything is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Row = Mapping[int, int | None]  # column number → value (None: a figure pakn does not record)


@dataclass(frozen=True)
class Column:
    number: int
    path: tuple[str, ...]  # headers from the top (a merged group) down to the column's own
    formula: str = ""  # as printed in the Mã số row, e.g. "1=2+3"


@dataclass(frozen=True)
class Checksum:
    """`total` equals the sum of each group of `parts` (several groups: 9=11+12+13=14+…); a
    tuple `total` is itself a sum (7+8=24+26+28)."""

    total: int | tuple[int, ...]
    parts: tuple[tuple[int, ...], ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return self.total if isinstance(self.total, tuple) else (self.total,)


@dataclass(frozen=True)
class FormSpec:
    code: str  # "01/XLD"
    title: str
    columns: tuple[Column, ...]
    checksums: tuple[Checksum, ...] = ()
    unit_label: str = "Đơn vị"
    note: str = ""  # what pakn could not confirm or does not record, printed below the table
    notes_column: int | None = None  # the "Ghi chú" column, left empty

    @property
    def depth(self) -> int:
        return max(len(c.path) for c in self.columns)


@dataclass
class ChecksumError(ValueError):
    """A figure that does not add up: the form is not written."""

    form: str
    row: str
    checksum: Checksum
    values: dict[int, int] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = " = ".join("+".join(f"({n})" for n in group) for group in self.checksum.parts)
        got = ", ".join(f"({n})={v}" for n, v in sorted(self.values.items()))
        total = "+".join(f"({n})" for n in self.checksum.totals)
        return (f"Biểu {self.form}, dòng «{self.row}»: {total} = {parts} "
                f"không khớp ({got})")


def parse_checksums(columns: Sequence[Column]) -> tuple[Checksum, ...]:
    """Every `a=b+c=d+e` printed in the Mã số row, with ranges `b+..+e` expanded."""
    found = []
    for column in columns:
        if "=" not in column.formula:
            continue
        total, *groups = column.formula.replace(" ", "").split("=")
        found.append(Checksum(int(total), tuple(_terms(g) for g in groups)))
    return tuple(found)


def _terms(group: str) -> tuple[int, ...]:
    terms: list[int] = []
    pieces = group.split("+")
    for index, piece in enumerate(pieces):
        if piece in ("..", "...", "…"):
            terms.extend(range(terms[-1] + 1, int(pieces[index + 1])))
        elif piece:
            terms.append(int(piece))
    return tuple(terms)


def verify(spec: FormSpec, rows: Sequence[tuple[str, Row]]) -> None:
    """Raises ChecksumError at the first row whose figures do not add up."""
    for label, row in rows:
        for checksum in spec.checksums:
            total = sum(row.get(n) or 0 for n in checksum.totals)
            for group in checksum.parts:
                if sum(row.get(n) or 0 for n in group) != total:
                    involved = {*checksum.totals, *[n for g in checksum.parts for n in g]}
                    raise ChecksumError(spec.code, label, checksum,
                                        {n: row.get(n) or 0 for n in involved})
