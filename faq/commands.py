"""Command-line helpers of the FAQ matcher; the CLI wiring hands them its streams."""

import json
from collections.abc import Iterable
from typing import TextIO

from faq.matcher import Decision, FaqMatcher


def match_lines(matcher: FaqMatcher, lines: Iterable[str], out: TextIO) -> None:
    """Write one JSON object per non-empty input line: the entry the bot would answer with."""
    for line in lines:
        query = line.strip()
        if not query:
            continue
        result = matcher.match(query)
        answered = result.entry if result.decision is Decision.ANSWER else None
        record = {
            "query": query,
            "id": answered.id if answered else None,
            "score": result.score,
            "question": answered.question if answered else None,
            "suggestions": [e.id for e in result.suggestions],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
