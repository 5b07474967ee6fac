"""Sending benchmark: N citizens write at once, and a few file tickets, through a stand-in Bot API
that refuses (429) sends past 30 in any rolling second and past 20 in any rolling minute into
one group, as Telegram does; then one 429 with retry_after = 2 s in the middle of a second burst.
Measures refused sends, throughput against the cap, cards posted, and the sends made during the
flood wait. Writes bench/sending.md.  Usage: python bench/sending_bench.py [--citizens 500]"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fleet import most_in_window  # noqa: E402
from tests.e2e.test_telegram_staff import file_ticket  # noqa: E402
from tests.fakes.bot_api import SENDS, Call, FakeBotApi  # noqa: E402
from tests.fakes.bot_process import BotProcess  # noqa: E402
from tests.fakes.telegram_citizen import TelegramCitizen  # noqa: E402

QUESTIONS = [
    "Bộ phận Một cửa của Sở tiếp nhận hồ sơ vào những ngày, giờ nào?",
    "thu tuc cap giay phep buu chinh nhu the nao",
    "/start",
    "Làm sao để nộp hồ sơ trực tuyến trên Cổng dịch vụ công?",
]
STAFF_CHAT = -100700
PER_SECOND, GROUP_PER_MINUTE = 30, 20
# The tickets that get a card of their own (outside any case, or a case's lead), and how many
# of them have one.
LEADS_CARDED = ("SELECT count(*), count(t.staff_message_id) FROM tickets t"
                " LEFT JOIN cases c ON c.id = t.case_id"
                " WHERE c.id IS NULL OR c.lead_ticket_id = t.id")


def accepted(api: FakeBotApi) -> list[Call]:
    return [c for c in api.calls if c.method in SENDS and c.status == 200]


def wait_answers(api: FakeBotApi, chats: range, since: float, limit: float) -> float:
    """Seconds from `since` until every chat got a reply (nan if not within `limit`)."""
    while time.monotonic() - since < limit:
        got = {c.params["chat_id"] for c in api.sent() if c.params["chat_id"] in chats}
        if len(got) == len(chats):
            return max(c.at for c in api.sent() if c.params["chat_id"] in chats) - since
        time.sleep(0.05)
    return float("nan")


def run(citizens: int, tickets: int) -> dict[str, float]:
    api = FakeBotApi().start()
    bot = BotProcess(api.base, Path(tempfile.mkdtemp(prefix="pakn-bench-")),
                     TELEGRAM_STAFF_CHAT_ID=str(STAFF_CHAT)).start()
    try:
        TelegramCitizen(api, 1).says("/start")  # warm up: polling, FAQ index, database
        api.limit(PER_SECOND, GROUP_PER_MINUTE)
        first_call = len(api.calls)
        filers = [TelegramCitizen(api, 5_000 + n, timeout=240) for n in range(tickets)]
        threads = [threading.Thread(target=file_ticket, args=(f, "/phananh")) for f in filers]
        people = range(10_000, 10_000 + citizens)
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for number, chat in enumerate(people):
            api.push({"message": TelegramCitizen(api, chat)._message(
                text=QUESTIONS[number % len(QUESTIONS)])})
        answered_after = wait_answers(api, people, started, 600)
        for thread in threads:
            thread.join(300)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            filed = bot.query("SELECT count(*) FROM tickets")[0][0]
            # Alike tickets join one vụ việc (bot/core/cases) and only its lead gets a card.
            leads, posted = bot.query(LEADS_CARDED)[0]
            if filed >= tickets and posted == leads:
                break
            time.sleep(0.5)
        burst = api.calls[first_call:]
        sends = [c for c in burst if c.method in SENDS]
        ok = [c for c in sends if c.status == 200]
        until = started + answered_after
        saturated = [c for c in ok if c.at <= until]
        first = min(c.at for c in saturated)
        group_times = [c.at for c in ok if c.params.get("chat_id") == STAFF_CHAT]

        # A flood wait in the middle of a second burst: no send of the bot for 2 s.
        flood_chat, more = 30_000, range(30_001, 30_101)
        mark = len(api.calls)
        api.fail("sendMessage", 429, retry_after=2, chat_id=flood_chat)
        api.push({"message": TelegramCitizen(api, flood_chat)._message(text=QUESTIONS[0])})
        time.sleep(0.3)
        for chat in more:
            api.push({"message": TelegramCitizen(api, chat)._message(text=QUESTIONS[1])})
        wait_answers(api, range(30_000, 30_101), time.monotonic(), 300)
        flood = next(c.at for c in api.calls[mark:] if c.status == 429
                     and c.params.get("chat_id") == flood_chat)
        during = [c for c in accepted(api) if flood + 0.1 < c.at < flood + 2]
        return {
            "citizens": citizens, "tickets": tickets,
            "sends": len(sends), "refused": len(sends) - len(ok),
            "refused_pct": 100 * (len(sends) - len(ok)) / len(sends),
            "answered_after": answered_after,
            "throughput": len(saturated) / (until - first),
            "peak_second": most_in_window([c.at for c in ok], 1.0),
            "peak_group_minute": most_in_window(group_times, 60.0),
            "filed": filed, "leads": leads, "posted": posted,
            "during_flood": len(during),
        }
    finally:
        bot.stop()
        api.stop()


def report(r: dict[str, float]) -> str:
    share, group = 100 * r["throughput"] / PER_SECOND, GROUP_PER_MINUTE
    cards = f"{r['filed']} / {r['leads']} / {r['posted']}"
    return f"""# Sending benchmark

`python bench/sending_bench.py --citizens {r["citizens"]}`: {r["citizens"]} citizens each send
one question at the same moment while {r["tickets"]} others file a phản ánh, through the
stand-in Bot API (`tests/fakes/bot_api.py`, `limit()`) that answers 429 with retry_after to a
send past {PER_SECOND} in any rolling second of the bot, or past {GROUP_PER_MINUTE} in any
rolling minute into one group (the staff group, where the ticket cards go). The real `pakn run`
process, long polling, SQLite, one process. Measured {time.strftime("%Y-%m-%d")}.

| measure | value | target |
|---|---|---|
| sends refused (429) | {r["refused"]} of {r["sends"]} ({r["refused_pct"]:.2f} %) | ≤ 1 % |
| throughput while citizens waited | {r["throughput"]:.1f}/s, {share:.0f} % of the cap | ≥ 85 % |
| every citizen answered after | {r["answered_after"]:.1f} s | |
| most sends accepted in any rolling second | {r["peak_second"]} | ≤ {PER_SECOND} |
| most sends into the staff group in a rolling minute | {r["peak_group_minute"]} | ≤ {group} |
| tickets filed / cards due (one per vụ việc) / posted | {cards} | all due |
| sends of the bot from 0.1 s to 2 s after a 429 with retry_after = 2 | {r["during_flood"]} | 0 |

The {r["tickets"]} phản ánh name seven streets, so alike ones join one vụ việc (bot/core/cases)
and only its first gets a card: cards due counts those.
Throughput counts every accepted send (replies, menus, cards) from the first to the moment
the last citizen got a reply, against the bot's cap of {PER_SECOND}/s. The outbox paces the bot
at 28 a second with a burst of 1, so no rolling second holds more than 29; the stand-in's
refusals are what remains of timing jitter. The flood-wait line is measured from the stand-in's
own timestamps: a send already on the wire when the 429 came back may land within 0.1 s of it.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--tickets", type=int, default=24)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "sending.md")
    args = parser.parse_args()
    text = report(run(args.citizens, args.tickets))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
