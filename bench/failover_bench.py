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
import json
import os
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from db.engine import create_engine  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402
from tests.fakes.bot_process import BotProcess, free_port  # noqa: E402
from tests.fakes.telegram_citizen import TelegramCitizen  # noqa: E402

SECRET = "failover-bench-secret-token"
QUESTIONS = [
    "Bộ phận Một cửa của Sở tiếp nhận hồ sơ vào những ngày, giờ nào?",
    "thu tuc cap giay phep buu chinh nhu the nao",
    "Làm sao để nộp hồ sơ trực tuyến trên Cổng dịch vụ công?",
]
FIRST_CHAT = 20_000


async def _sql(url: str, *statements: str, autocommit: bool = False) -> list[list[tuple]]:
    engine = create_engine(url)
    if autocommit:
        engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            results = []
            for statement in statements:
                result = await connection.execute(text(statement))
                results.append([tuple(row) for row in result] if result.returns_rows else [])
            return results
    finally:
        await engine.dispose()


def instance(api: FakeBotApi, url: str, name: str) -> BotProcess:
    port = free_port()
    process = BotProcess(api.base, Path(tempfile.mkdtemp(prefix=f"pakn-failover-{name}-")),
                         DATABASE_URL=url, TELEGRAM_WEBHOOK_SECRET=SECRET,
                         TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/webhooks/telegram",
                         INBOUND_LEASE_SECONDS="15", INBOUND_SWEEP_SECONDS="5")
    process.port = port
    process.env["HTTP_PORT"] = str(port)
    return process.start()


def post(bot: BotProcess, update: dict) -> bool:
    request = urllib.request.Request(
        f"{bot.url}/webhooks/telegram", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run_once(admin_url: str, questions: int, kill_after: int) -> dict[str, float]:
    base = make_url(admin_url)
    name = f"pakn_failover_{os.getpid()}"
    asyncio.run(_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                     f'CREATE DATABASE "{name}"', autocommit=True))
    url = base.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    api = FakeBotApi().start()
    bots = [instance(api, url, "a"), instance(api, url, "b")]
    victim = bots[0]
    try:
        people = [TelegramCitizen(api, FIRST_CHAT + n) for n in range(questions)]
        updates = [{"update_id": 500_000 + n,
                    "message": person._message(text=QUESTIONS[n % len(QUESTIONS)])}
                   for n, person in enumerate(people)]
        posted = Counter[str]()
        lock = threading.Lock()
        killed_at: list[float] = []

        def deliver(number: int) -> None:
            target = number % 2
            while True:
                if post(bots[target], updates[number]):
                    with lock:
                        posted["ok"] += 1
                        if posted["ok"] == kill_after and not killed_at:
                            victim.kill()  # SIGKILL mid-burst: no cleanup at all
                            killed_at.append(time.monotonic())
                    return
                with lock:
                    posted["retried"] += 1
                target = 1 - target  # Telegram posts it again; the balancer picks the other
                time.sleep(0.05)

        started = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(deliver, range(questions)))
        burst_s = time.monotonic() - started

        answered: dict[int, float] = {}
        while len(answered) < questions and time.monotonic() - started < 240:
            for call in api.sent():
                chat = call.params["chat_id"]
                if chat >= FIRST_CHAT and chat not in answered:
                    answered[chat] = call.at - started
            time.sleep(0.1)
        time.sleep(3)  # anything sent twice would come now
        copies: dict[tuple[int, str], list[float]] = {}
        for call in api.sent():
            if call.params["chat_id"] >= FIRST_CHAT:
                copies.setdefault((call.params["chat_id"], call.params.get("text", "")),
                                  []).append(call.at)
        twice = [sorted(times) for times in copies.values() if len(times) > 1]
        # A copy sent before the kill and again after it: the victim sent it but died before
        # recording it sent. Both copies after the kill would be the survivor's own doing.
        kill = killed_at[0] if killed_at else float("inf")
        (statuses, holders, replies) = asyncio.run(_sql(
            url,
            "SELECT status, count(*) FROM inbound_updates GROUP BY status",
            "SELECT claimed_by, count(*) FROM inbound_updates GROUP BY claimed_by",
            "SELECT split_part(dedupe_key, ':', 3), count(*) FROM outbox"
            " WHERE dedupe_key LIKE 'telegram:in:%' GROUP BY 1"))
        status = dict(statuses)
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
        asyncio.run(_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                         autocommit=True))


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
(15 s) ran out. Those belong to the outbox (`bot/relay/outbox.py`: the mark after each send waits
for a database connection behind the burst's turns), not to the inbox.
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
