"""Runs every benchmark, `bench/*_bench.py`, in turn as a subprocess, passing the arguments on.

`.venv/bin/python bench/run.py [ARGS...]` (or `make bench`); the exit status is the worst one.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    """Runs each bench module; returns non-zero if any failed."""
    status = 0
    for module in sorted(HERE.glob("*_bench.py")):
        print(f"== {module.name}", flush=True)
        result = subprocess.run([sys.executable, str(module), *argv], cwd=HERE.parent)
        status = max(status, result.returncode)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
