"""Telegram benchmark: N citizens write at once through the stand-in Bot API server to the real
`pakn run` process (long polling, SQLite). Handling is measured from the bot's own records
(stored → handled, which excludes Telegram's send limits); delivery from the stand-in server.
Writes bench/telegram.md.  Usage: python bench/telegram_bench.py [--citizens 500]"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_api import FakeBotApi  # noqa: E402
from tests.fakes.bot_process import BotProcess  # noqa: E402
from tests.fakes.telegram_citizen import TelegramCitizen  # noqa: E402

QUESTIONS = [
    "Bộ phận Một cửa của Sở tiếp nhận hồ sơ vào những ngày, giờ nào?",
    "thu tuc cap giay phep buu chinh nhu the nao",
    "/start",
    "Làm sao để nộp hồ sơ trực tuyến trên Cổng dịch vụ công?",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(citizens: int) -> dict[str, float]:
    api = FakeBotApi().start()
    bot = BotProcess(api.base, Path(tempfile.mkdtemp(prefix="pakn-bench-"))).start()
    try:
        TelegramCitizen(api, 1).says("/start")  # warm up: polling, FAQ index, database
        people = [TelegramCitizen(api, 10_000 + n) for n in range(citizens)]
        started = time.monotonic()
        for number, person in enumerate(people):
            api.push({"message": person._message(text=QUESTIONS[number % len(QUESTIONS)])})
        answered: dict[int, float] = {}
        while len(answered) < citizens and time.monotonic() - started < 600:
            for call in api.sent():
                chat = call.params["chat_id"]
                if chat >= 10_000 and chat not in answered:
                    answered[chat] = call.at - started
            time.sleep(0.05)
        rows = bot.query(
            "SELECT received_at, handled_at FROM inbound_updates"
            " WHERE CAST(update_key AS INTEGER) > 1"
        )
        latency = [
            (datetime.fromisoformat(h) - datetime.fromisoformat(r)).total_seconds()
            for r, h in rows
            if h
        ]
        times = [datetime.fromisoformat(h) for _, h in rows if h]
        stored = [datetime.fromisoformat(r) for r, _ in rows]
        span = (max(times) - min(stored)).total_seconds()
        return {
            "citizens": citizens,
            "handled": len(latency),
            "updates_per_s": len(latency) / span,
            "handling_s": span,
            "p50_ms": statistics.median(latency) * 1000,
            "p95_ms": percentile(latency, 0.95) * 1000,
            "all_answered_s": max(answered.values()) if answered else float("nan"),
            "answered": len(answered),
            "messages_sent": len([c for c in api.sent() if c.params["chat_id"] >= 10_000]),
            "rss_mb": peak_rss_mb(bot.process.pid),  # type: ignore[union-attr]
        }
    finally:
        bot.stop()
        api.stop()


def report(result: dict[str, float]) -> str:
    return f"""# Telegram benchmark

`python bench/telegram_bench.py --citizens {result["citizens"]}`: {result["citizens"]} citizens
each send one message at the same moment (a mix of FAQ questions with and without tone marks
and `/start`) through the stand-in Bot API server (`tests/fakes/bot_api.py`) to the real
`pakn run` process: long polling, SQLite, one process. Measured {time.strftime("%Y-%m-%d")}.

| measure | value |
|---|---|
| updates handled | {result["handled"]} |
| handling throughput (first stored → last handled) | {result["updates_per_s"]:.0f} updates/s |
| all updates handled after | {result["handling_s"]:.1f} s |
| handling latency p50 (stored → turn committed) | {result["p50_ms"]:.0f} ms |
| handling latency p95 | {result["p95_ms"]:.0f} ms |
| every citizen answered (first reply delivered) after | {result["all_answered_s"]:.1f} s |
| citizens answered | {result["answered"]} |
| messages delivered | {result["messages_sent"]} |
| peak RSS of the bot process | {result["rss_mb"]:.0f} MB |

Handling latency is taken from the bot's own records (`inbound_updates.received_at` →
`handled_at`, the turn's commit, replies queued in the outbox in the same transaction), so it
excludes Telegram's limits. Delivery is paced by the outbox dispatcher at about 30 messages/s
per bot, as Telegram requires, so "every citizen answered" is bounded below by
messages ÷ 30 s; the queueing latency (p95) includes waiting behind the other citizens'
turns, since SQLite takes one writer at a time.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "telegram.md")
    result = run(parser.parse_args().citizens)
    text = report(result)
    parser.parse_args().out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
