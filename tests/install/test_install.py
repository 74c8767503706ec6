"""Every way a user installs, upgrades, switches and removes facilitator, each in a fresh venv.

The README's two commands are run as written, in order, in one venv; the
program is run from a read-only install with an unwritable cache; the wheel's
files are checked against the source. Each venv installs from the package
registry (through pip's own cache), so these tests take a minute or more each.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from install_kit import (
    DEMO_TITLE,
    OLD_VERSION_COMMIT,
    PIP_CACHE,
    REPO,
    commands_of_readme,
    files_of,
    in_terminal,
    install_env,
    site_packages,
    source_copy,
    unrecorded,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform == "win32", reason="runs POSIX shells and a pseudo-terminal (Linux and macOS)"
    ),
]


def run(argv: list[str | Path], env: dict[str, str], cwd: Path | None = None, ok: bool = True):
    done = subprocess.run(
        [str(part) for part in argv],
        env=env,
        cwd=cwd or Path(env["FACILITATOR_STORE"]).parent,  # not the checkout: its modules
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if ok:
        assert done.returncode == 0, f"{argv}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def exported(venv: Path, env: dict[str, str], plan: Path) -> str:
    """Import the demo plan and export it: the real command a trainer runs, exit 0, the title."""
    facilitator = venv / "bin" / "facilitator"
    session = run([facilitator, "import", plan], env).stdout.strip().splitlines()[-1]
    text = run([facilitator, "export", session, "--format", "md"], env).stdout
    assert DEMO_TITLE in text
    return text


def where_from(venv: Path, env: dict[str, str]) -> str:
    """The folder the installed program's core is imported from."""
    code = "import facilitator, facilitator_data; print(facilitator.__file__)"
    return run([venv / "bin" / "python", "-c", code], env).stdout.strip()


def test_the_readme_commands_in_order_then_every_switch_of_install(tmp_path: Path) -> None:
    """Install-and-demo, then the test command, in one venv; then . → -e . → . with a run each."""
    src = source_copy(tmp_path / "checkout")
    env = install_env(tmp_path)
    try_it, run_tests = commands_of_readme()
    assert "pip install ." in try_it and try_it.endswith("facilitator demo")
    assert "pip install -e '.[test]'" in run_tests and run_tests.endswith("pytest -n auto")

    # 1. As written: the venv, the install, the demo on screen; ctrl+q quits it.
    code, screen = in_terminal(["bash", "-c", try_it], src, env, DEMO_TITLE, b"\x11")
    assert code == 0, screen[-2000:]
    assert "Traceback" not in screen and "internal error" not in screen
    venv = src / ".venv"
    assert where_from(venv, env).startswith(str(site_packages(venv)))

    # 2. As written, right after, in the same folder and venv: the suite collects whole.
    collected = run(["bash", "-c", f"{run_tests} --collect-only -q"], env, cwd=src)
    counted = re.search(r"(\d+) tests? collected", collected.stdout)
    assert counted and int(counted.group(1)) > 500, collected.stdout[-2000:]
    assert "error" not in collected.stdout.lower().split("collected")[-1]
    assert where_from(venv, env).startswith(str(src / "facilitator"))
    plan = src / "data" / "demo.toml"
    exported(venv, env, plan)

    # 3. Back and forth: a copy, the source, a copy; each run a real export.
    pip = venv / "bin" / "pip"
    for editable, folder in ((False, site_packages(venv)), (True, src / "facilitator")):
        run([pip, "install", "--quiet", *(["-e"] if editable else []), src], env)
        exported(venv, env, plan)
        assert where_from(venv, env).startswith(str(folder))
    run([pip, "install", "--quiet", src], env)
    exported(venv, env, plan)
    assert unrecorded(venv) == [], "files under site-packages that pip did not install"
    assert not any(src.joinpath("data").rglob("*.marshal")), "nothing kept beside the source"


def test_an_upgrade_from_an_older_wheel_and_an_uninstall_that_leaves_nothing(
    tmp_path: Path,
) -> None:
    """The last release of 0.1 (which kept a cache under the install), upgraded; then removed."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the repository's history (a git clone) to build the older release")
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", OLD_VERSION_COMMIT],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.skip(f"commit {OLD_VERSION_COMMIT[:7]} is not in this clone (a shallow clone?)")
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    src = source_copy(tmp_path / "new")
    env = install_env(tmp_path)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], env)
    pip, facilitator = venv / "bin" / "pip", venv / "bin" / "facilitator"
    plan = src / "data" / "demo.toml"

    run([pip, "install", "--quiet", old], env)
    assert run([facilitator, "--version"], env).stdout.split()[-1] == "0.1.0"
    exported(venv, env, plan)  # the old release leaves its cache under the install here
    left_by_old = unrecorded(venv)

    run([pip, "install", "--quiet", "--upgrade", src], env)
    new_version = run([facilitator, "--version"], env).stdout.split()[-1]
    assert new_version != "0.1.0"
    exported(venv, env, plan)
    assert unrecorded(venv) == left_by_old, "the new release writes nothing under the install"

    run([pip, "uninstall", "--yes", "facilitator"], env)
    assert not (venv / "bin" / "facilitator").exists()
    # What pip cannot remove is what the old release wrote, and nothing else
    ours = [p for p in files_of(site_packages(venv)) if p.split("/")[0] in _OURS]
    assert ours == left_by_old

    # The trap that note in the issue fell into: that leftover folder hides the data of an
    # editable install. It is named in one line, never a traceback.
    if ours:
        run([pip, "install", "--quiet", "-e", src], env)
        said = run([facilitator, "export", "latest", "--format", "md"], env, ok=False)
        assert said.returncode == 1 and "Traceback" not in said.stderr
        assert "facilitator_data" in said.stderr and "remove" in said.stderr, said.stderr

    # A clean venv: the new release installed, every command run, then removed: nothing left.
    clean = tmp_path / "clean"
    run([sys.executable, "-m", "venv", clean], env)
    run([clean / "bin" / "pip", "install", "--quiet", src], env)
    exported(clean, env, plan)
    run([clean / "bin" / "facilitator", "export", "latest", "--format", "docx", "-o",
         tmp_path / "recap.docx"], env)  # fmt: skip
    run([clean / "bin" / "pip", "uninstall", "--yes", "facilitator"], env)
    left = [p for p in files_of(site_packages(clean)) if p.split("/")[0] in _OURS]
    assert left == [], left


_OURS = {"facilitator", "screens", "facilitator_data"}


def test_the_installed_program_runs_from_a_read_only_install_with_an_unwritable_cache(
    tmp_path: Path,
) -> None:
    """Every command, run by a user who cannot write the install or the cache folder."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root without setpriv cannot be made to respect a read-only folder")
    src = source_copy(tmp_path / "checkout")
    env = install_env(tmp_path)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], env)
    run([venv / "bin" / "pip", "install", "--quiet", src], env)
    cache = Path(env["XDG_CACHE_HOME"])
    cache.mkdir(parents=True, exist_ok=True)
    before = files_of(venv, with_stats=True)
    as_user = (
        ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"] if os.geteuid() == 0 else []
    )
    facilitator = [*as_user, str(venv / "bin" / "facilitator")]
    plan = src / "data" / "demo.toml"
    readonly = [venv, cache]
    for folder in readonly:
        subprocess.run(["chmod", "-R", "a-w", str(folder)], check=True)
    try:
        assert not os.access(site_packages(venv), os.W_OK) or os.geteuid() == 0
        probe = run([*as_user, "sh", "-c", f"touch {site_packages(venv)}/x"], env, ok=False)
        assert probe.returncode != 0, "the install is really read-only for the program"
        version = run([*facilitator, "--version"], env).stdout
        assert version.startswith("facilitator ")
        made = run([*facilitator, "new", "Läsdag", "--language", "sv"], env).stdout.strip()
        session = run([*facilitator, "import", plan], env).stdout.strip().splitlines()[-1]
        assert made and session
        listed = run([*facilitator, "list"], env).stdout
        assert "Läsdag" in listed and DEMO_TITLE in listed
        run([*facilitator, "list", "--json"], env)
        run([*facilitator, "note", session, "Ett citat", "--kind", "quote", "--speaker", "Anna"],
            env)  # fmt: skip
        for fmt in ("md", "html", "txt", "json"):
            text = run([*facilitator, "export", session, "--format", fmt], env).stdout
            assert "Ett citat" in text
        article = run([*facilitator, "export", session, "--style", "article"], env).stdout
        assert DEMO_TITLE in article
        docx = tmp_path / "out" / "recap.docx"
        docx.parent.mkdir()
        run([*facilitator, "export", session, "--format", "docx", "-o", docx], env)
        assert docx.read_bytes()[:2] == b"PK"
        for argv in (["demo"], ["open", session], ["room", session]):
            code, screen = in_terminal([*facilitator, *argv], tmp_path, env, DEMO_TITLE, b"\x11")
            assert code == 0 and "Traceback" not in screen, (argv, screen[-1500:])
        _serve_once(facilitator, session, env)
    finally:
        for folder in readonly:
            subprocess.run(["chmod", "-R", "u+w", str(folder)], check=True)
    assert files_of(venv, with_stats=True) == before, "nothing written under the install"
    assert list(cache.iterdir()) == [], "nothing written in the unwritable cache"


def _serve_once(facilitator: list[str], session: str, env: dict[str, str]) -> None:
    """`serve` from the read-only install: its notes page (shipped files) is served."""
    import signal
    import urllib.request

    server = subprocess.Popen(
        [*facilitator, "serve", session, "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        address = None
        started = time.monotonic()
        assert server.stdout is not None
        while address is None and time.monotonic() - started < 30:
            line = server.stdout.readline()
            if not line:
                break
            found = re.search(r"http://\S+/notes/\S+", line)
            address = found.group(0) if found else None
        assert address, "serve printed the notes page's address"
        with urllib.request.urlopen(address, timeout=10) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = server.stderr.read() if server.stderr else ""
    assert "Traceback" not in errors, errors


def test_the_wheel_holds_the_source_and_its_data_and_nothing_else(tmp_path: Path) -> None:
    src = source_copy(tmp_path / "checkout")
    out = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, src],
        install_env(tmp_path))  # fmt: skip
    (wheel,) = out.glob("facilitator-*.whl")
    import zipfile

    names = sorted(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(name for name in names if ".dist-info/" not in name)
    expected = sorted(
        [f"facilitator/{p}" for p in files_of(src / "facilitator")]
        + [f"screens/{p}" for p in files_of(src / "screens")]
        + [f"facilitator_data/{p}" for p in files_of(src / "data")]
    )
    assert shipped == expected
    assert (
        "facilitator_data/strings/sv.toml" in shipped and "facilitator_data/web/ask.js" in shipped
    )
    assert "facilitator_data/recap/minutes.md.j2" in shipped and "screens/notes.tcss" in shipped
    assert "facilitator_data/recap/README.md" in shipped
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".marshal"))]
    assert not [n for n in names if n.startswith("tests/")]
    meta = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "facilitator = facilitator.cli:entry" in zipfile.ZipFile(wheel).read(meta).decode()


@pytest.mark.parametrize("tool", ["pipx", "uv"])
def test_installed_as_a_tool(tool: str, tmp_path: Path) -> None:
    """`pipx install .` and `uv tool install .`, as the README offers, each tool from the registry."""
    src = source_copy(tmp_path / "checkout")
    env = install_env(tmp_path)
    tools = tmp_path / "tools"
    run([sys.executable, "-m", "venv", tools], env)
    run([tools / "bin" / "pip", "install", "--quiet", tool], env)
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    if tool == "pipx":
        env |= {"PIPX_HOME": str(home), "PIPX_BIN_DIR": str(bin_dir)}
        install = [tools / "bin" / "pipx", "install", src]
    else:
        env |= {
            "UV_TOOL_DIR": str(home),
            "UV_TOOL_BIN_DIR": str(bin_dir),
            "UV_CACHE_DIR": str(Path(PIP_CACHE).with_name("uv")),
            "UV_NATIVE_TLS": "1",
            "UV_PYTHON": sys.executable,
        }
        install = [tools / "bin" / "uv", "tool", "install", src]
    run(install, env, cwd=src)
    facilitator = bin_dir / "facilitator"
    plan = src / "data" / "demo.toml"
    session = run([facilitator, "import", plan], env).stdout.strip().splitlines()[-1]
    assert DEMO_TITLE in run([facilitator, "export", session], env).stdout
    code, screen = in_terminal([str(facilitator), "demo"], tmp_path, env, DEMO_TITLE, b"\x11")
    assert code == 0, screen[-1500:]
