"""What the install tests share: a copy of the source, the README's commands, a terminal, venvs."""

from __future__ import annotations

import csv
import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The last commit of release 0.1.0, which kept a parse of its words under the install.
OLD_VERSION_COMMIT = "56044529ef49e92cc3aed31da1182d6e92e3f2c9"


# pip's own cache, read when this module is imported (before a test's fixtures point
# XDG_CACHE_HOME at a folder of the test's): each venv installs from it, not the network.
def _pip_cache() -> str:
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # run by .ci/run's own Python, before any venv
        return os.path.expanduser("~/.cache/pip")
    return user_cache_dir("pip", appauthor=False)


PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or _pip_cache()

_OURS = ("facilitator", "screens", "facilitator_data")

DEMO_TITLE = "Innovation och lärande"  # the demo day's theme, on its first screen and its recap


def source_copy(dest: Path) -> Path:
    """The project's files as a fresh clone has them (plus what is being changed), at ``dest``."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.decode().split("\0")):
            source = REPO / name
            if source.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / name)
    else:  # not a clone (an unpacked archive): the tree as it is, less what runs make
        shutil.copytree(
            REPO, dest, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info")
        )
    return dest


def commands_of_readme() -> tuple[str, str]:
    """The README's install-and-demo command and its test command, exactly as written."""
    text = (REPO / "README.md").read_text(encoding="utf-8")

    def block_after(heading: str) -> str:
        part = text.split(f"\n## {heading}\n", 1)[1]
        found = re.search(r"```sh\n(.+?)\n```", part, re.S)
        assert found, f"no sh block under {heading!r}"
        return found.group(1).strip()

    return block_after("Try it"), block_after("Run the tests")


def install_env(tmp_path: Path) -> dict[str, str]:
    """A user's shell: no venv active, pip's cache, the store and the app's cache in the test's folder."""
    env = dict(os.environ)
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    if sys.prefix != sys.base_prefix:  # the venv running the tests is not on the user's path
        ours = str(Path(sys.prefix) / "bin")
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != ours)
    env["PIP_CACHE_DIR"] = PIP_CACHE
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["FACILITATOR_STORE"] = str(tmp_path / "store")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["TERM"] = "xterm-256color"
    return env


def in_terminal(
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    marker: str,
    keys: bytes,
    timeout: float = 600,
    size: tuple[int, int] = (100, 30),
) -> tuple[int, str]:
    """Run ``argv`` in a terminal; once ``marker`` is on screen, type ``keys``; the exit code and output."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
    )
    os.close(slave)
    seen, typed = b"", False
    started = time.monotonic()
    try:
        while time.monotonic() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the program has ended and closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if not typed and marker in _screen_text(seen):
                time.sleep(0.5)  # as a person would: the screen is up before the key
                os.write(master, keys)
                typed = True
            if process.poll() is not None and not ready:
                break
        else:
            raise AssertionError(
                f"{argv} still running after {timeout} s: {_screen_text(seen)[-800:]}"
            )
        return process.wait(timeout=30), _screen_text(seen)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def _screen_text(output: bytes) -> str:
    """What a terminal's output says, less its control sequences."""
    text = output.decode("utf-8", "replace")
    return re.sub(
        r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)", "", text
    )


def site_packages(venv: Path) -> Path:
    (found,) = venv.glob("lib/python*/site-packages")
    return found


def files_of(folder: Path, with_stats: bool = False) -> list:
    """Every file under ``folder`` (relative, sorted), with its size and time if asked."""
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())
    if not with_stats:
        return names
    return [(n, (folder / n).lstat().st_size, (folder / n).lstat().st_mtime_ns) for n in names]


def unrecorded(venv: Path) -> list[str]:
    """Files under our packages in site-packages that no RECORD of facilitator lists."""
    root = site_packages(venv)
    recorded: set[str] = set()
    for record in root.glob("facilitator-*.dist-info/RECORD"):
        with record.open(newline="", encoding="utf-8") as file:
            recorded.update(row[0] for row in csv.reader(file) if row)
    return [p for p in files_of(root) if p.split("/")[0] in _OURS and p not in recorded]


def main(argv: list[str]) -> int:
    """For .ci/run: ``demo`` runs the README's install-and-demo command in a terminal here and
    quits the demo once its first screen is up; ``tests`` prints the README's test command."""
    try_it, run_tests = commands_of_readme()
    if argv == ["tests"]:
        print(run_tests)
        return 0
    if argv == ["demo"]:
        code, screen = in_terminal(
            ["bash", "-c", try_it], REPO, dict(os.environ), DEMO_TITLE, b"\x11"
        )
        print(screen[-3000:] if code else f"ci: {try_it!r} installed, showed the demo and quit")
        return code
    print("usage: install_kit.py demo|tests", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
