"""Outage benchmark: two real `pakn run` processes in webhook mode share one PostgreSQL database
and one Redis (the pacing shared between instances) behind the round-robin balancer of
bench/fleet.py; mid-burst of N questions PostgreSQL is restarted, or stopped for a while, or Redis
is stopped for a while. Both servers are private to this script (bench/services.py): the shared
ones are never touched. Counted: questions stored, answered, never answered, answered with the
apology, messages sent twice, sends refused (429), crashed processes, and the recovery.
Writes bench/outage.md.  Usage: python bench/outage_bench.py [--questions 300] [--runs 1]"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.fleet import (  # noqa: E402
    FIRST_CHAT,
    answers,
    burst,
    drop_database,
    fresh_database,
    inbound_statuses,
    instance,
    most_in_window,
    sent_twice,
    updates,
)
from bench.services import PrivatePostgres, PrivateRedis  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from tests.fakes.bot_api import SENDS, FakeBotApi  # noqa: E402

DOWN_S = 10.0
APOLOGY = yaml.safe_load((ROOT / "bot/core/texts/vi.yaml").read_text())["error.internal"]


def scenarios(pg: PrivatePostgres, redis: PrivateRedis) -> dict[str, Callable[[], None]]:
    """Each fault, run in its own thread; returns once the server is back."""

    def pg_down() -> None:
        pg.stop()
        time.sleep(DOWN_S)
        pg.start()

    def redis_down() -> None:
        redis.stop()
        time.sleep(DOWN_S)
        redis.start()

    return {"PostgreSQL restarted (pg_ctl restart -m fast)": pg.restart,
            f"PostgreSQL down {DOWN_S:.0f} s": pg_down,
            f"Redis down {DOWN_S:.0f} s": redis_down}


def run_once(pg: PrivatePostgres, redis: PrivateRedis, fault: Callable[[], None],
             questions: int, fault_after: int) -> dict[str, float]:
    name = "pakn_outage"
    url = fresh_database(pg.url, name)
    upgrade(url)
    api = FakeBotApi().start()
    bots = [instance(api, url, n, REDIS_URL=redis.url) for n in ("a", "b")]
    try:
        api.limit(30, 20)
        marks: dict[str, float] = {}

        def fire() -> None:
            marks["fault"] = time.monotonic()
            fault()
            marks["back"] = time.monotonic()

        def on_accepted(accepted: int) -> None:
            if accepted == fault_after:
                threading.Thread(target=fire, daemon=True).start()

        started = time.monotonic()
        posted = burst(bots, updates(api, questions), on_accepted)
        burst_s = time.monotonic() - started
        answered = answers(api, questions, started, 240)
        time.sleep(3)  # anything sent twice would come now
        while "back" not in marks:
            time.sleep(0.1)
        fault_at, back_at = marks["fault"], marks["back"]
        replies = [c for c in api.sent() if c.params["chat_id"] >= FIRST_CHAT]
        apologised = {c.params["chat_id"] for c in replies if c.params.get("text") == APOLOGY}
        times = sorted(c.at for c in replies)
        after = [t for t in times if t >= fault_at]
        gaps = [b - a for a, b in zip([fault_at, *after], after, strict=False)]
        during = [c.at for c in api.calls if c.method in SENDS and c.status == 200
                  and fault_at <= c.at <= back_at]
        status = inbound_statuses(url)
        return {
            "questions": questions, "fault_after": fault_after,
            "stored": sum(status.values()), "handled": status.get("handled", 0),
            "unhandled": sum(v for k, v in status.items() if k != "handled"),
            "answered": len(answered), "lost": questions - len(answered),
            "apologised": len(apologised),
            "twice": sum(len(t) - 1 for t in sent_twice(api)),
            "refused": len(api.refused()),
            "peak_second_down": most_in_window(during, 1.0) if during else 0,
            "retried_posts": posted["retried"],
            "crashed": sum(1 for bot in bots if bot.process and bot.process.poll() is not None),
            "fault_s": back_at - fault_at,
            "longest_silence_s": max(gaps, default=float("nan")),
            "first_after_back_s": min((t - back_at for t in times if t >= back_at),
                                      default=float("nan")),
            "last_after_back_s": max(answered.values()) + started - back_at
            if answered else float("nan"),
            "burst_s": burst_s,
            "errors": sum(bot.output().count(" ERROR ") for bot in bots),
        }
    finally:
        for bot in bots:
            if bot.process is not None and bot.process.poll() is None:
                bot.stop()
        api.stop()
        drop_database(pg.url, name)


def report(results: list[tuple[str, dict[str, float]]]) -> str:
    rows = "\n".join(
        f"| {name} | {r['stored']} | {r['handled']} | {r['answered']} | {r['lost']} "
        f"| {r['apologised']} | {r['twice']} | {r['refused']} | {r['peak_second_down']} "
        f"| {r['crashed']} | {r['retried_posts']} | {r['fault_s']:.1f} "
        f"| {r['longest_silence_s']:.1f} | {r['first_after_back_s']:.1f} "
        f"| {r['last_after_back_s']:.1f} | {r['burst_s']:.1f} |"
        for name, r in results)
    first = results[0][1]
    return f"""# Outage benchmark

`python bench/outage_bench.py --questions {first["questions"]} --runs RUNS`, measured
{time.strftime("%Y-%m-%d")} on this project's 2-core machine (other jobs running). Two real
`pakn run` processes in webhook mode share one PostgreSQL database and one Redis (REDIS_URL: the
pacing both instances share); the stand-in Bot API (`tests/fakes/bot_api.py`, `limit(30, 20)`)
refuses with 429 a send past 30 accepted in any rolling second of the bot (it has no per-chat
limit for private chats; the 20 a minute applies to groups only, and no group is written to
here). {first["questions"]} citizens each post one question, 16 at a time, round robin; a post
not answered 200 is posted again to the other instance, 50 ms later, as Telegram would. After
{first["fault_after"]} posts were accepted the fault starts. The PostgreSQL cluster and the
Redis server are the script's own (`bench/services.py`), started in a temporary directory.

| fault | stored | handled | answered | never answered | answered with the apology \
| sent twice | refused (429) | most sends in a rolling second while down | processes crashed \
| posts retried | fault lasted (s) | longest silence to citizens (s) \
| first answer after back (s) | last answer after back (s) | burst (s) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
{rows}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", help="run the faults whose name contains this")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "outage.md")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments
    results = []
    with PrivatePostgres() as pg, PrivateRedis() as redis:
        for name, fault in scenarios(pg, redis).items():
            if args.only and args.only.lower() not in name.lower():
                continue
            for _ in range(args.runs):
                result = run_once(pg, redis, fault, args.questions, args.questions // 3)
                print(name, result, flush=True)
                results.append((name, result))
    text = report(results)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
