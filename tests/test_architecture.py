"""The core and the FAQ stay free of chat frameworks, database engines and HTTP stacks."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("aiogram", "aiohttp", "sqlalchemy", "alembic", "asyncpg", "aiosqlite", "db",
             "handlers", "redis", "openpyxl", "matplotlib")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["bot/core", "faq"])
def test_pure_packages_import_no_framework(package):
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()


def test_adapters_do_not_touch_the_database():
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "handlers").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in ("db", "sqlalchemy")
    }
    assert offenders == set()


def test_the_check_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from sqlalchemy import select\nimport aiogram.types\n")
    assert {"sqlalchemy", "aiogram.types"} <= imported_modules(sample)


def test_the_layers_hold():
    """app | handlers, db, reports | relay | core | faq, with Telegram and Zalo independent:
    the import-linter contracts of pyproject.toml, run over the code as it is."""
    result = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports;"
                             "raise SystemExit(lint_imports())"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "broken" in result.stdout and " 0 broken" in result.stdout
