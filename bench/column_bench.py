"""Hỏi - Đáp column benchmark: the public pages over real HTTP at 1,000 and 10,000 published
items (a department publishes a few hundred a year).

Run `.venv/bin/python bench/column_bench.py [--sizes 1000,10000] [--requests 50]`; it fills a
temporary SQLite database with closed, consenting tickets and their published items (questions
spliced from the bundled FAQ), serves the column's routes on loopback with aiohttp, and times:
the first list page after a change (the matcher rebuilt), the list, a search, a filtered
search, a permalink, the JSON and the Atom feed (median and 95th percentile of N requests).
Writes bench/column.md.
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.app.bootstrap import build_app  # noqa: E402
from bot.app.settings import Settings  # noqa: E402
from db.models import PublishedAnswerRow, TicketRow  # noqa: E402
from faq.loader import bundled_faq_path, load_faq  # noqa: E402
from handlers.column import column_routes  # noqa: E402
from handlers.http import build_http_app  # noqa: E402

START = datetime(2022, 1, 1, 2, 0, tzinfo=UTC)
FIELDS = ["thu_tuc", "buu_chinh", "vien_thong", "bao_chi_xuat_ban", "chuyen_doi_so",
          "an_toan_thong_tin", "khoa_hoc_cong_nghe", "khac"]
PATHS = {
    "list": "/hoi-dap",
    "list, page 5": "/hoi-dap?page=5",
    "search": "/hoi-dap?q=xin+c%E1%BA%A5p+l%E1%BA%A1i+gi%E1%BA%A5y+ph%C3%A9p+b%C6%B0u+ch%C3%ADnh",
    "search, unaccented": "/hoi-dap?q=bi+lua+dao+chuyen+tien+qua+mang",
    "search + field + month": "/hoi-dap?q=gi%E1%BA%A5y+ph%C3%A9p&field=buu_chinh&month=2023-05",
    "permalink": "/hoi-dap/{mid}",
    "json": "/hoi-dap.json?q=tr%E1%BA%A1m+ph%C3%A1t+s%C3%B3ng",
    "atom": "/hoi-dap.atom",
}


def rows(n: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    seed = load_faq(bundled_faq_path())
    tickets, items = [], []
    for i in range(1, n + 1):
        a, b = rng.choice(seed), rng.choice(seed)
        qa, qb = a.question.split(), b.question.split()
        question = " ".join(qa[: len(qa) // 2 + 1] + qb[len(qb) // 2 + 1:])
        at = START + timedelta(hours=i * 26_000 // n)  # spread over about three years
        tickets.append({"id": i, "code": f"PA-2026-{i:05d}", "type": "phan_anh",
                        "status": "closed", "channel": "web", "content": question,
                        "received_at": at, "resolved_at": at, "publish_allowed": True,
                        "field": rng.choice(FIELDS)})
        items.append({"id": i, "ticket_id": i, "status": "published", "question": question,
                      "answer": a.answer, "field": tickets[-1]["field"], "published_at": at,
                      "updated_at": at})
    return tickets, items


async def timed(client: TestClient, path: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        begin = time.perf_counter()
        response = await client.get(path)
        await response.read()
        assert response.status == 200, (path, response.status)
        out.append((time.perf_counter() - begin) * 1000)
    return out


async def measure(size: int, requests: int) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp}/b.db")
        app = await build_app(settings)
        tickets, items = rows(size, random.Random(16))
        begin = time.perf_counter()
        async with app.uow() as work:
            await work.session.execute(insert(TicketRow), tickets)
            await work.session.execute(insert(PublishedAnswerRow), items)
            await work.commit()
        load = time.perf_counter() - begin
        routes = column_routes(app.uow, app.conversation.deps, None)
        http = build_http_app(routes, app.healthy, app.conversation.deps.metrics)
        result = {"load": f"{load:.1f} s"}
        async with TestClient(TestServer(http, host="127.0.0.1")) as client:
            result["first list (items read)"] = \
                f"{(await timed(client, '/hoi-dap', 1))[0]:.0f} ms"
            result["first search (waits for the matcher)"] = \
                f"{(await timed(client, '/hoi-dap?q=b%C6%B0u+ch%C3%ADnh', 1))[0]:.0f} ms"
            for name, path in PATHS.items():
                times = sorted(await timed(client, path.format(mid=size // 2), requests))
                p95 = times[int(len(times) * 0.95) - 1]
                result[name] = f"{statistics.median(times):.1f} / {p95:.1f} ms"
        await app.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {size: asyncio.run(measure(size, args.requests)) for size in sizes}
    names = list(next(iter(results.values())))
    lines = [
        "# Hỏi - Đáp column: the public pages over HTTP",
        "",
        f"Published items in SQLite (questions spliced from the bundled FAQ, spread over three "
        f"years and 8 fields), the column's routes on loopback (aiohttp test server, one "
        f"client, requests in turn). `first list` is the first list after a change (every item "
        f"read again; the matcher is rebuilt in a thread meanwhile, a search in between uses "
        f"the previous one); `first search` waits for the first build; the rest are median / "
        f"95th percentile of "
        f"{args.requests} requests. Produced by `bench/column_bench.py`.",
        "",
        "| | " + " | ".join(f"{s:,} items" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
        *(f"| {n} | " + " | ".join(results[s][n] for s in sizes) + " |" for n in names),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "column.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
