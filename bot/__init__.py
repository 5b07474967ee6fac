"""pakn: the citizen Q&A and feedback bot (core in `bot.core`, runtime shell beside it)."""
