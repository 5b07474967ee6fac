"""Conversation flows: asking the FAQ, filing a request, tracking it, rating the answer."""
