"""Failover benchmark: two real `pakn run` processes in webhook mode share one PostgreSQL database
behind a round-robin "load balancer" (this script, posting as Telegram does: an update not
answered 200 is posted again, to the other instance). Mid-burst of N questions one instance is
SIGKILLed. Counted: updates lost (never handled), handled twice, citizens not answered, and
messages delivered twice; and how long the survivor took to take the dead one's updates over.
Writes bench/failover.md.  Needs PostgreSQL: PAKN_BENCH_DATABASE_URL or TEST_DATABASE_URL
(postgresql+asyncpg://…); without one it says so and exits 0.
Usage: python bench/failover_bench.py [--questions 300] [--runs 3]"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fleet import (  # noqa: E402
    answers,
    burst,
    drop_database,
    fresh_database,
    inbound_statuses,
    instance,
    sent_twice,
    sql,
    updates,
)
from db.migrate import upgrade  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402


def run_once(admin_url: str, questions: int, kill_after: int) -> dict[str, float]:
    name = f"pakn_failover_{os.getpid()}"
    url = fresh_database(admin_url, name)
    upgrade(url)
    api = FakeBotApi().start()
    bots = [instance(api, url, "a"), instance(api, url, "b")]
    victim = bots[0]
    try:
        killed_at: list[float] = []

        def kill(accepted: int) -> None:
            if accepted == kill_after and not killed_at:
                victim.kill()  # SIGKILL mid-burst: no cleanup at all
                killed_at.append(time.monotonic())

        started = time.monotonic()
        posted = burst(bots, updates(api, questions), kill)
        burst_s = time.monotonic() - started
        answered = answers(api, questions, started, 240)
        time.sleep(3)  # anything sent twice would come now
        twice = sent_twice(api)
        # A copy sent before the kill and again after it: the victim sent it but died before
        # recording it sent. Both copies after the kill would be the survivor's own doing.
        kill = killed_at[0] if killed_at else float("inf")
        status = inbound_statuses(url)
        (holders, replies) = asyncio.run(sql(
            url,
            "SELECT claimed_by, count(*) FROM inbound_updates GROUP BY claimed_by",
            "SELECT split_part(dedupe_key, ':', 3), count(*) FROM outbox"
            " WHERE dedupe_key LIKE 'telegram:in:%' GROUP BY 1"))
        return {
            "questions": questions,
            "killed_after": kill_after,
            "burst_s": burst_s,
            "retried_posts": posted["retried"],
            "stored": sum(status.values()),
            "handled": status.get("handled", 0),
            "pending": status.get("pending", 0),
            "other": sum(v for k, v in status.items() if k not in ("handled", "pending")),
            "holders": len(holders),
            "updates_with_replies": len(replies),
            "answered": len(answered),
            "lost": questions - len(answered),
            "duplicated": sum(len(times) - 1 for times in twice),
            "duplicated_across_kill": sum(1 for times in twice if times[0] < kill <= times[1]),
            "taken_over": sum(int(n) for n in re.findall(
                r"(\d+) stored events taken over", bots[1].output())),
            "late_turns_rolled_back": sum(bot.output().count("already handled by another")
                                          for bot in bots),
            "resent_after_s": min((times[1] - kill for times in twice), default=float("nan")),
            "last_answer_s": max(answered.values()) if answered else float("nan"),
            "after_kill_s": (max(answered.values()) - (killed_at[0] - started)
                             if answered and killed_at else float("nan")),
        }
    finally:
        for bot in bots:
            if bot.process is not None and bot.process.poll() is None:
                bot.stop()
        api.stop()
        drop_database(admin_url, name)


def report(results: list[dict[str, float]]) -> str:
    rows = "\n".join(
        f"| {n + 1} | {r['stored']} | {r['handled']} | {r['pending']} | {r['lost']} "
        f"| {r['taken_over']} | {r['late_turns_rolled_back']} "
        f"| {r['duplicated']} ({r['duplicated_across_kill']}, "
        f"{r['resent_after_s']:.1f} s) | {r['retried_posts']} | {r['burst_s']:.1f} "
        f"| {r['after_kill_s']:.1f} | {r['last_answer_s']:.1f} |"
        for n, r in enumerate(results))
    first = results[0]
    return f"""# Failover benchmark

`python bench/failover_bench.py --questions {first["questions"]} --runs {len(results)}`,
measured {time.strftime("%Y-%m-%d")} on this project's 2-core machine (other jobs running).
Two real `pakn run` processes in webhook mode share one PostgreSQL database; the stand-in Bot
API (`tests/fakes/bot_api.py`) receives their sends. This script is Telegram and a round-robin
load balancer at once: {first["questions"]} citizens each post one question (16 at a time); a
post not answered 200 is posted again to the other instance. After {first["killed_after"]}
updates were accepted, one instance is SIGKILLed: the updates it stored but had not handled stay
leased to it (`INBOUND_LEASE_SECONDS=15`, `INBOUND_SWEEP_SECONDS=5`, the defaults) until the
survivor's sweep claims them.

| run | stored | handled | pending | citizens not answered | taken over by the survivor \
| late turns rolled back \
| messages sent twice (of which across the kill, the first resent after) | posts retried \
| burst (s) | last answer after the kill (s) | last answer (s) |
|---|---|---|---|---|---|---|---|---|---|---|---|
{rows}

"Handled" counts `inbound_updates` marked in the transaction of their turn (each update at most
once: a turn whose update another instance marked first rolls back whole; "late turns rolled
back" counts those, and "taken over" the victim's updates the survivor's sweep claimed, both from
the instances' logs). "Messages sent twice" counts identical
(chat, text) pairs the stand-in received (each citizen asked once); "across the kill" are those
whose first copy arrived before the SIGKILL and the second after it: messages the victim sent
but had not yet recorded as sent when it died, sent again by the survivor once the outbox lease
(15 s) ran out. Those belong to the outbox (`bot/relay/outbox.py`), not to the inbox. The
outboxes record "sent" through their own two connections (`App.delivery_uow`), no longer behind
the burst's turns; before that (commit 462218b, same script) three runs sent 19, 29 and 0
messages twice. What is left is the sends whose answer, or whose "sent" record, was on its way
when the process died: delivery is at least once, and Telegram offers no key to tell a repeat.
The count follows how busy the machine is (the burst's length shows it).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "failover.md")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments
    admin = os.environ.get("PAKN_BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not admin or not admin.startswith("postgresql"):
        print("failover bench skipped: set PAKN_BENCH_DATABASE_URL (PostgreSQL)")
        return
    results = [run_once(admin, args.questions, args.questions // 3) for _ in range(args.runs)]
    text_ = report(results)
    args.out.write_text(text_, encoding="utf-8")
    print(text_)
    for result in results:
        print(result)


if __name__ == "__main__":
    main()
