"""Command-line helpers of the FAQ matcher; the CLI wiring hands them its streams."""

import json
from collections.abc import Iterable
from typing import TextIO

from faq.matcher import Decision, FaqMatcher


def match_lines(matcher: FaqMatcher, lines: Iterable[str], out: TextIO) -> None:
    """Write one JSON object per non-empty input line: the entry the bot would answer with.

    `decision` is answer, suggest or decline; `score` the in-scope confidence; `ranking` the
    three best entries with their ranking scores, whatever the decision.
    """
    for line in lines:
        query = line.strip()
        if not query:
            continue
        result = matcher.match(query)
        answered = result.entry if result.decision is Decision.ANSWER else None
        record = {
            "query": query,
            "decision": result.decision.value,
            "id": answered.id if answered else None,
            "score": result.score,
            "question": answered.question if answered else None,
            "suggestions": [e.id for e in result.suggestions],
            "ranking": [
                {"id": entry.id, "score": round(score, 4)}
                for entry, score in matcher.rank(query, 3)
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
