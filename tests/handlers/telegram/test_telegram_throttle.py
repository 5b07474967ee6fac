"""The per-citizen sliding window: one warning over the limit, then silence until it drops."""

from __future__ import annotations

from bot.relay.throttle import SlidingWindow, Verdict


def test_over_the_limit_warns_once_then_drops_then_recovers():
    window = SlidingWindow(limit=3, window=60)
    verdicts = [window.hit("a", t) for t in (0, 1, 2, 3, 4, 5)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert window.hit("b", 5) is Verdict.ALLOW  # per citizen
    assert window.hit("a", 60.5) is Verdict.ALLOW  # the first event left the window
    assert window.hit("a", 61.5) is Verdict.ALLOW
    assert window.hit("a", 61.6) is Verdict.WARN  # warned again after recovering


def test_idle_keys_are_forgotten_when_full():
    window = SlidingWindow(limit=1, window=10, max_keys=2)
    window.hit("a", 0)
    window.hit("b", 0)
    window.hit("c", 20)
    assert set(window._events) == {"c"}
