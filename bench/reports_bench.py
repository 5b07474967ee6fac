"""Reports at scale: 100,000 tickets of one year imported with `pakn tickets import`, then every
report and Thanh tra form of the year and of a month, on SQLite and PostgreSQL.

Run `.venv/bin/python bench/reports_bench.py [--rows N] [--postgres URL|--no-postgres]
[--code DIR] [--out FILE.md]`. Each command runs as its own process (`python -m bot.app.cli`,
the code of DIR, default this checkout), timed from start to exit, with its peak resident memory
(the kernel's ru_maxrss of the child). The import must take the whole file or nothing: a copy
with one bad last row is refused and leaves the database as it was. Targets (issue 15): a year
≤ 10 s and ≤ 300 MB, a month ≤ 2 s, import ≥ 2,000 rows/s. Writes bench/reports.md.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ("01/XLD", "02/XLD", "03/XLD", "04/XLD", "01/KQGQ", "02/KQGQ", "03/KQGQ", "01/TCD")
TYPES = [("phan_anh", 40), ("kien_nghi", 20), ("khieu_nai", 25), ("to_cao", 15)]
HEADER = ["received_at", "type", "channel", "content", "name", "phone", "address", "field",
          "status", "accepted_at", "resolved_at", "unit", "signers", "outcome"]
FIELDS = ["thu_tuc", "buu_chinh", "vien_thong", "bao_chi_xuat_ban", "chuyen_doi_so", "khac"]
UNITS = ["van_phong", "bcvt", "bcxb", "cds", "thanh_tra"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def make_csv(path: Path, rows: int, seed: int = 15) -> None:
    """`rows` đơn received through 2026, in order; about half handled or decided."""
    rng = random.Random(seed)
    kinds = [k for k, w in TYPES for _ in range(w)]
    start = datetime(2026, 1, 2, 8, 0)
    step = (datetime(2026, 11, 30, 17, 0) - start) / rows
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n in range(rows):
            received = start + step * n
            kind = rng.choice(kinds)
            signed = kind in ("khieu_nai", "to_cao") or rng.random() < 0.5
            name, address = (rng.choice(NAMES), f"Số {n % 300 + 1} đường Trung tâm") if signed \
                else ("", "")
            phone = f"09{rng.randrange(10**7, 10**8)}" if signed else ""
            accepted = resolved = status = outcome = ""
            roll = rng.random()
            if kind in ("khieu_nai", "to_cao") and roll < 0.6:
                accepted = received + timedelta(days=3)
                if roll < 0.4:
                    resolved, outcome = accepted + timedelta(days=20), rng.choice(
                        ["dung", "sai", "dung_mot_phan"])
            elif roll < 0.6:
                resolved = received + timedelta(days=5)
            when = [m.strftime("%Y-%m-%d %H:%M") if m else "" for m in (accepted, resolved)]
            if resolved and resolved > datetime(2026, 12, 2):
                when[1], outcome = "", ""
            writer.writerow([received.strftime("%Y-%m-%d %H:%M"), kind,
                             rng.choice(["paper", "in_person", "phone", "email"]),
                             f"Nội dung đơn số {n}", name, phone, address, rng.choice(FIELDS),
                             status, *when, rng.choice(UNITS), "", outcome])


def run(code: Path, env: dict[str, str], *argv: str) -> tuple[float, float, int, float]:
    """(seconds, peak MB, exit status, CPU seconds) of `pakn ARGV` run with the code of
    `code`. CPU time (user + system) is what the command costs whatever else the machine
    runs; the seconds to exit grow with the machine's load."""
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bot.app.cli", *argv], cwd=env["WORK"],
                               env={**env, "PYTHONPATH": str(code)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        print(f"   {' '.join(argv)}: exit {process.returncode}: "
              f"{process.stderr.read().decode()[-300:]}", flush=True)  # type: ignore[union-attr]
    return seconds, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


def count_tickets(url: str, code: Path, env: dict[str, str]) -> int:
    script = ("import asyncio,sys\nfrom sqlalchemy import text\nfrom db.engine import "
              "create_engine\nasync def m():\n e=create_engine(sys.argv[1])\n async with "
              "e.connect() as c:\n  print((await c.execute(text('select count(*) from "
              "tickets'))).scalar())\n await e.dispose()\nasyncio.run(m())")
    out = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True,
                         env={**env, "PYTHONPATH": str(code)}, cwd=env["WORK"], check=True)
    return int(out.stdout.strip())


def bench(name: str, url: str, code: Path, rows: int, work: Path) -> list[tuple]:
    env = {**os.environ, "DATABASE_URL": url, "WORK": str(work), "LOG_LEVEL": "WARNING"}
    results = []
    assert run(code, env, "db", "upgrade")[2] == 0
    big = work / "big.csv"
    seconds, peak, status, cpu = run(code, env, "tickets", "import", str(big))
    results.append((name, f"tickets import ({rows:,} rows)", seconds, peak, status,
                    f"{rows / seconds:,.0f} rows/s", cpu))
    bad = work / "bad.csv"
    lines = big.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:5001], "2026-13-40,phan_anh,paper,x,,,,,,,,,,"]) + "\n",
                   encoding="utf-8")
    before = count_tickets(url, code, env)
    _s, _p, refused, _cpu = run(code, env, "tickets", "import", str(bad))
    kept = count_tickets(url, code, env) == before
    results.append((name, "import of 5,000 good rows + 1 bad", _s, _p, refused,
                    "refused, nothing added" if refused and kept else "NOT all-or-nothing", _cpu))
    jobs = [("report --year 2026 (.xlsx)", ["report", "--year", "2026", "--out", "y.xlsx"]),
            ("report --year 2026 (.csv)", ["report", "--year", "2026", "--out", "y.csv"]),
            ("report --month 2026-11 (.xlsx)", ["report", "--month", "2026-11", "--out",
                                                "m.xlsx"]),
            ("tickets export (.xlsx, the year)", ["tickets", "export", "--out", "t.xlsx"])]
    for form in FORMS:
        slug = form.replace("/", "-")
        jobs.append((f"--form {form} --period 2026", ["report", "--form", form, "--period",
                                                      "2026", "--out", f"{slug}.xlsx"]))
        jobs.append((f"--form {form} --period 2026-11", ["report", "--form", form, "--period",
                                                         "2026-11", "--out", f"{slug}m.xlsx"]))
    for label, argv in jobs:
        seconds, peak, status, cpu = run(code, env, *argv)
        results.append((name, label, seconds, peak, status, "", cpu))
        print(f"   {name} {label}: {seconds:.2f} s ({cpu:.2f} s CPU), {peak:.0f} MB", flush=True)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1/pakn_bench_reports"))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--code", type=Path, default=ROOT, help="the pakn checkout to run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "reports.md")
    args, _unknown = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        make_csv(work / "big.csv", args.rows)
        results = bench("SQLite", f"sqlite+aiosqlite:///{work}/bench.db", args.code,
                        args.rows, work)
        if not args.no_postgres:
            try:
                fresh_postgres(args.postgres)
            except (OSError, subprocess.CalledProcessError) as error:
                print(f"PostgreSQL skipped: {error}", flush=True)
            else:
                results += bench("PostgreSQL", args.postgres, args.code, args.rows, work)
    write_report(args.out, results, args.rows, args.code)
    return 0 if all(r[4] == 0 or "refused" in r[5] for r in results) else 1


def fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
                       check=True, capture_output=True)


def write_report(out: Path, results: list[tuple], rows: int, code: Path) -> None:
    lines = [f"# Reports at scale ({rows:,} tickets of 2026)", "",
             f"`bench/reports_bench.py --rows {rows}`, {datetime.now():%Y-%m-%d %H:%M}, code "
             f"`{code}`; each command a process of its own (time to exit, CPU time, peak "
             f"RSS); load average at the end {os.getloadavg()[0]:.1f} on "
             f"{os.cpu_count()} cores.", "",
             "| database | command | seconds | CPU s | peak MB | note |",
             "|---|---|---|---|---|---|"]
    for name, label, seconds, peak, status, note, cpu in results:
        flag = "" if status == 0 or "refused" in note else f" (exit {status})"
        lines.append(f"| {name} | {label} | {seconds:.2f} | {cpu:.2f} | {peak:.0f} | "
                     f"{note}{flag} |")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
