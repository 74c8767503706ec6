"""Where the browser pages of `facilitator serve` are: its host, port and join codes, and the file that tells the trainer's app.

Light on purpose: the app reads this without loading the web server.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import limits
from .errors import FacilitatorError
from .storage import write_atomically

PAGES = ("room", "notes", "ask")  # the projector, the note-takers, the participants
SERVING_FILE = "serving.json"  # in the store, while `serve` runs: its addresses
CODE_BYTES = 18  # 144 random bits per code, written in 24 characters
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def new_codes() -> dict[str, str]:
    """A fresh join code for each page."""
    return {page: secrets.token_urlsafe(CODE_BYTES) for page in PAGES}


def code_matches(given: str, expected: str) -> bool:
    """Compared in constant time, so that timing does not tell how much of a code was right."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def group_to_path(group: str) -> str:
    return base64.urlsafe_b64encode(group.encode("utf-8")).decode("ascii").rstrip("=")


def group_from_path(text: str) -> str:
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        group = limits.group(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeError):
        raise ValueError("not a group") from None
    if not group:
        raise ValueError("not a group")
    return group


def lan_address() -> str:
    """This laptop's address on the local network, as others on it reach it (no packet is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # a documentation address: routing only, nothing sent
        return str(probe.getsockname()[0])
    return socket.gethostname()


@dataclass
class Serving:
    """What one run of ``serve`` offers: the session, where it listens, and the codes."""

    store_root: Path
    session_id: str
    host: str = "127.0.0.1"
    port: int = 8080
    codes: dict[str, str] = field(default_factory=new_codes)

    @property
    def on_network(self) -> bool:
        return self.host not in LOCAL_HOSTS

    @property
    def shown_host(self) -> str:
        """The host written in the addresses: one that the other devices can reach."""
        if self.host in ("", "0.0.0.0", "::"):
            return lan_address()
        return f"[{self.host}]" if ":" in self.host else self.host

    def address(self, page: str) -> str:
        return f"http://{self.shown_host}:{self.port}/{page}/{self.codes[page]}"


def check_host(host: str) -> str:
    if not host or any(ch.isspace() for ch in host):
        raise FacilitatorError(f"--host {host!r} is not an address to listen on")
    return host


def write_serving_file(serving: Serving) -> Path:
    """Tell the trainer's app the addresses, while this run lasts."""
    path = serving.store_root / SERVING_FILE
    record = {
        "pid": os.getpid(),
        "session": serving.session_id,
        **{page: serving.address(page) for page in PAGES},
    }
    # The join codes: for the trainer's own programs, not for every user of the machine.
    write_atomically(path, json.dumps(record), mode=0o600)
    return path


def current_addresses(store_root: Path, session_id: str) -> dict[str, str] | None:
    """The addresses a running ``serve`` offers for this session, if one runs."""
    try:
        record = json.loads((store_root / SERVING_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("session") != session_id:
        return None
    pid = record.get("pid")
    if not isinstance(pid, int) or not _alive(pid):
        return None
    found = {page: record.get(page) for page in PAGES}
    return {k: v for k, v in found.items() if isinstance(v, str)} or None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - no cheap check there; the file goes at exit
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
