"""What the failover and outage benchmarks share: two real `pakn run` processes in webhook mode on
one PostgreSQL database, a round-robin "load balancer" that posts a burst of citizens' questions
as Telegram does (an update not answered 200 is posted again, to the other instance), and the
counts read back from the stand-in Bot API and the database."""

from __future__ import annotations

import asyncio
import json
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.engine import create_engine
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_process import BotProcess, free_port
from tests.fakes.telegram_citizen import TelegramCitizen

SECRET = "failover-bench-secret-token"
QUESTIONS = [
    "Bộ phận Một cửa của Sở tiếp nhận hồ sơ vào những ngày, giờ nào?",
    "thu tuc cap giay phep buu chinh nhu the nao",
    "Làm sao để nộp hồ sơ trực tuyến trên Cổng dịch vụ công?",
]
FIRST_CHAT = 20_000


async def sql(url: str, *statements: str, autocommit: bool = False) -> list[list[tuple]]:
    """Runs statements on one connection; the rows of each."""
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


def instance(api: FakeBotApi, url: str, name: str, **env: str) -> BotProcess:
    """A `pakn run` in webhook mode on the database `url`, started."""
    port = free_port()
    process = BotProcess(api.base, Path(tempfile.mkdtemp(prefix=f"pakn-fleet-{name}-")),
                         DATABASE_URL=url, TELEGRAM_WEBHOOK_SECRET=SECRET,
                         TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/webhooks/telegram",
                         INBOUND_LEASE_SECONDS="15", INBOUND_SWEEP_SECONDS="5", **env)
    process.port = port
    process.env["HTTP_PORT"] = str(port)
    return process.start()


def post(bot: BotProcess, update: dict) -> bool:
    """Posts one update as Telegram does; True when the instance answered 200."""
    request = urllib.request.Request(
        f"{bot.url}/webhooks/telegram", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def updates(api: FakeBotApi, questions: int) -> list[dict]:
    """One question from each of `questions` citizens."""
    people = [TelegramCitizen(api, FIRST_CHAT + n) for n in range(questions)]
    return [{"update_id": 500_000 + n, "message": person._message(text=QUESTIONS[n % 3])}
            for n, person in enumerate(people)]


def burst(bots: list[BotProcess], batch: list[dict],
          on_accepted: Callable[[int], None] = lambda _: None) -> Counter[str]:
    """Posts every update (16 at a time, round robin, again to the other instance until one
    answers 200); `on_accepted(n)` is told the running count of accepted posts, under a lock.
    Counts `ok` and `retried` posts."""
    posted = Counter[str]()
    lock = threading.Lock()

    def deliver(number: int) -> None:
        target = number % len(bots)
        while True:
            if post(bots[target], batch[number]):
                with lock:
                    posted["ok"] += 1
                    on_accepted(posted["ok"])
                return
            with lock:
                posted["retried"] += 1
            target = (target + 1) % len(bots)  # Telegram posts it again; the balancer moves on
            time.sleep(0.05)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(deliver, range(len(batch))))
    return posted


def answers(api: FakeBotApi, questions: int, started: float, limit: float) -> dict[int, float]:
    """Seconds from `started` to each citizen's first reply, waiting up to `limit` seconds."""
    answered: dict[int, float] = {}
    while len(answered) < questions and time.monotonic() - started < limit:
        for call in api.sent():
            chat = call.params["chat_id"]
            if chat >= FIRST_CHAT and chat not in answered:
                answered[chat] = call.at - started
        time.sleep(0.1)
    return answered


def sent_twice(api: FakeBotApi) -> list[list[float]]:
    """The times of each (chat, text) the stand-in accepted more than once (each citizen asked
    once, so every copy past the first is a repeat)."""
    copies: dict[tuple[int, str], list[float]] = {}
    for call in api.sent():
        if call.params["chat_id"] >= FIRST_CHAT:
            copies.setdefault((call.params["chat_id"], call.params.get("text", "")),
                              []).append(call.at)
    return [sorted(times) for times in copies.values() if len(times) > 1]


def most_in_window(times: list[float], seconds: float) -> int:
    """The most of `times` within any window of `seconds`."""
    times, best, start = sorted(times), 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


def inbound_statuses(url: str) -> dict[str, int]:
    """How many stored updates are in each status."""
    (rows,) = asyncio.run(sql(url, "SELECT status, count(*) FROM inbound_updates GROUP BY 1"))
    return {str(status): int(count) for status, count in rows}


def fresh_database(admin_url: str, name: str) -> str:
    """Drops and creates database `name` on the server of `admin_url`; its URL."""
    asyncio.run(sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                    f'CREATE DATABASE "{name}"', autocommit=True))
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    asyncio.run(sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                    autocommit=True))
