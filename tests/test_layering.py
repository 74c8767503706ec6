"""The one layering rule: the core runs with Textual (and our screens) unavailable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import facilitator

BLOCKER = """
import importlib.abc, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "screens"):
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, Blocked())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print("ok", len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    names = [
        f"facilitator.{m.name}"
        for m in pkgutil.walk_packages(facilitator.__path__)
        if m.name not in ("app", "__main__")
    ]
    return ["facilitator", *names]


def test_core_imports_without_textual() -> None:
    modules = core_modules()
    assert "facilitator.store" in modules and "facilitator.cli" in modules
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *modules], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(modules)}"


def test_the_blocker_does_block() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, "facilitator.app"], capture_output=True, text=True
    )
    assert result.returncode != 0 and "blocked for this test" in result.stderr
