"""Deadline rules as data: one clock of one ticket type, effective-dated, read from YAML."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Literal

import yaml

from bot.core.tickets import TicketType

BUNDLED_RULES = Path(__file__).parent / "data" / "deadline_rules.yaml"

Trigger = Literal["received", "accepted", "taken_up"]
Unit = Literal["working_days", "days"]
_TRIGGERS = ("received", "accepted", "taken_up")
_UNITS = ("working_days", "days")


class LegalClock(StrEnum):
    FIRST = "first"  # from receipt: answer, handle, accept (thụ lý)
    SECOND = "second"  # from acceptance: resolve


class RuleError(ValueError):
    """A deadline rule is malformed or overlaps another."""


@dataclass(frozen=True)
class DeadlineRule:
    """One clock of one ticket type, in force for receipts in [effective_from, effective_to]."""

    ticket_type: TicketType
    clock: LegalClock
    trigger: Trigger
    length: int
    unit: Unit
    extension_length: int = 0
    max_extensions: int = 0
    effective_from: date | None = None
    effective_to: date | None = None
    legal_basis: str = ""
    # Khiếu nại: 1 = lần đầu (Luật KN Đ28), 2 = lần hai (Đ37); None: the rule serves both.
    complaint_round: int | None = None
    # Vùng sâu, vùng xa (per unit, `remote: true` in org.yaml); None: the rule serves both.
    remote: bool | None = None
    # Complexity criteria the officer must record for the 1st, 2nd... extension (e.g. a tố
    # cáo's 2nd extension needs 2: "đặc biệt phức tạp", NĐ 31/2019 Đ3(3)).
    extension_min_criteria: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "ticket_type", TicketType(self.ticket_type))
        object.__setattr__(self, "clock", LegalClock(self.clock))
        object.__setattr__(self, "extension_min_criteria", tuple(self.extension_min_criteria))
        if problem := next(_problems(self), None):
            raise RuleError(f"{self.name}: {problem}")

    @property
    def name(self) -> str:
        """A label for messages, such as `khieu_nai/first from 2026-07-01`."""
        return f"{self.ticket_type}/{self.clock} from {self.effective_from or 'the start'}"

    def serves(self, complaint_round: int, remote: bool) -> bool:
        """True when this rule applies to a complaint of that round, in a remote area or not."""
        return (self.complaint_round in (None, complaint_round)
                and self.remote in (None, remote))

    def criteria_needed(self, extension: int) -> int:
        """How many complexity criteria the `extension`-th extension (1-based) must record."""
        needed = self.extension_min_criteria
        return needed[min(extension, len(needed)) - 1] if needed else 0

    def in_force_on(self, received_on: date) -> bool:
        """True when this rule governs tickets received on `received_on`."""
        return (self.effective_from or date.min) <= received_on <= (self.effective_to or date.max)


def _problems(rule: DeadlineRule) -> Iterator[str]:
    def count(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0

    if rule.trigger not in _TRIGGERS:
        yield f"trigger must be one of {_TRIGGERS}, got {rule.trigger!r}"
    if rule.unit not in _UNITS:
        yield f"unit must be one of {_UNITS}, got {rule.unit!r}"
    if not count(rule.length) or rule.length == 0:
        yield f"length must be a positive integer, got {rule.length!r}"
    if not count(rule.extension_length) or not count(rule.max_extensions):
        yield "extension_length and max_extensions must be integers >= 0"
    elif (rule.extension_length == 0) != (rule.max_extensions == 0):
        yield "extension_length and max_extensions must both be 0 or both positive"
    for bound in (rule.effective_from, rule.effective_to):
        if bound is not None and (not isinstance(bound, date) or isinstance(bound, datetime)):
            yield f"effective dates must be YYYY-MM-DD dates, got {bound!r}"
    if rule.effective_from and rule.effective_to and rule.effective_from > rule.effective_to:
        yield "effective_from is after effective_to"
    if rule.complaint_round not in (None, 1, 2):
        yield f"complaint_round must be 1 or 2, got {rule.complaint_round!r}"
    if rule.remote not in (None, True, False):
        yield f"remote must be true or false, got {rule.remote!r}"
    if not all(count(n) and n > 0 for n in rule.extension_min_criteria):
        yield "extension_min_criteria must list positive integers"
    if not isinstance(rule.legal_basis, str) or not rule.legal_basis.strip():
        yield "legal_basis must cite the law or standard"


def check_overlaps(rules: Iterable[DeadlineRule]) -> None:
    groups: dict[tuple[object, ...], list[DeadlineRule]] = {}
    for rule in rules:
        key = (rule.ticket_type, rule.clock, rule.complaint_round, rule.remote)
        groups.setdefault(key, []).append(rule)
    for group in groups.values():
        group.sort(key=lambda r: r.effective_from or date.min)
        for a, b in pairwise(group):
            if (a.effective_to or date.max) >= (b.effective_from or date.min):
                raise RuleError(f"{a.name} and {b.name} are in force on the same days")


_REQUIRED = {"ticket_type", "clock", "trigger", "length", "unit", "legal_basis"}
_OPTIONAL = {"extension_length", "max_extensions", "effective_from", "effective_to",
             "complaint_round", "remote", "extension_min_criteria"}


def load_criteria(path: str | Path | None = None) -> dict[str, str]:
    """The complexity criteria (letter → wording) of the rules file."""
    p = Path(path) if path is not None else BUNDLED_RULES
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    criteria = data.get("complexity_criteria") if isinstance(data, dict) else None
    if not isinstance(criteria, dict) or not criteria:
        raise RuleError(f"{p.name}: expected a 'complexity_criteria' mapping")
    return {str(k): str(v) for k, v in criteria.items()}


def load_rules(path: str | Path | None = None) -> list[DeadlineRule]:
    """The deadline rules in a YAML file (the bundled one by default), validated."""
    p = Path(path) if path is not None else BUNDLED_RULES
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RuleError(f"{p.name}: expected a non-empty top-level 'rules' list")
    rules = [_parse_rule(entry, f"{p.name}: rules[{i}]") for i, entry in enumerate(entries)]
    check_overlaps(rules)
    return rules


def _parse_rule(entry: object, where: str) -> DeadlineRule:
    if not isinstance(entry, dict):
        raise RuleError(f"{where}: expected a mapping")
    where = f"{where} ({entry.get('ticket_type')}/{entry.get('clock')})"
    if missing := _REQUIRED - set(entry):
        raise RuleError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown := set(entry) - _REQUIRED - _OPTIONAL:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    try:
        return DeadlineRule(**entry)
    except ValueError as exc:  # RuleError, or an unknown ticket type or clock
        raise RuleError(f"{where}: {exc}") from None
