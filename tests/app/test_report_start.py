"""`pakn report` on SQLite starts with what a report needs: not the FAQ matcher (NumPy, SciPy),
the PostgreSQL driver, the Thanh tra forms' column tables or the repositories it does not use.
Each of them cost a month's summary tenths of a second (bench/reports.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The month's summary as CSV (the workbook loads openpyxl, which loads NumPy when it can), then
# the modules the process loaded.
SCRIPT = """
import sys
from bot.app.cli import main
status = main(["report", "--month", "2026-03", "--out", "m.csv"])
print(status, " ".join(sorted(sys.modules)))
"""
NOT_LOADED = ("numpy", "scipy", "faq.matcher", "asyncpg", "sqlalchemy.dialects.postgresql",
              "bot.core.forms.xld_columns", "bot.core.forms.build", "db.repositories.tickets",
              "db.repositories.faq_embeddings")


def test_a_months_summary_loads_only_what_it_needs(cli_env):
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         cwd=cli_env, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    status, modules = run.stdout.splitlines()[-1].split(" ", 1)
    loaded = set(modules.split())
    assert status == "0" and (cli_env / "m.csv").exists()
    assert {"db.repositories.ticket_records", "bot.core.statistics.figures"} <= loaded
    assert [name for name in NOT_LOADED if name in loaded] == []
