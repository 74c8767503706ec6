"""The README tells the truth about the tests it describes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_count_of_slow_tests_in_the_readme_is_the_count_marked_slow() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    said = re.search(r'`pytest -n auto -m "not slow"` leaves out the\s+(\d+) tests', readme)
    assert said, "the README says how many tests the quick round leaves out"
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "slow", "-p", "no:xdist"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = re.search(r"(\d+)/\d+ tests collected", listed.stdout)
    assert found, listed.stdout[-1500:]
    assert int(said.group(1)) == int(found.group(1))
