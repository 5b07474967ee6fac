"""Counters for `/metrics`, in the Prometheus text format, with no dependency."""

from __future__ import annotations

from collections import Counter

HELP = {
    "pakn_events_total": "Citizen events handled, by channel.",
    "pakn_turn_errors_total": "Citizen events that failed and were rolled back, by channel.",
    "pakn_tickets_created_total": "Tickets created, by type.",
    "pakn_faq_decisions_total": "FAQ matcher decisions, by decision.",
    "pakn_filings_refused_total": "Web filings refused by a limit, by limit (hour, day).",
}


class Metrics:
    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str, str]] = Counter()

    def inc(self, name: str, label: str, value: str) -> None:
        self._counts[(name, label, value)] += 1

    def render(self) -> str:
        lines = []
        for name, help_text in HELP.items():
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} counter"]
            for (metric, label, value), count in sorted(self._counts.items()):
                if metric == name:
                    lines.append(f'{name}{{{label}="{value}"}} {count}')
        return "\n".join(lines) + "\n"
