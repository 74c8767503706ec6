"""The browser pages' addresses (`facilitator serve`), and a QR code a phone can read off the screen."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.qr import qr_matrix

from .localize import Dialog

DARK, LIGHT = "#000000", "#ffffff"


class QrPicture:
    """A QR code drawn with half blocks, dark on light whatever the theme, as large as fits."""

    def __init__(self, text: str, width: int, height: int) -> None:
        self.rows = qr_matrix(text)
        size = len(self.rows)
        # A module is one cell wide and half a row tall: square on most fonts.
        self.scale = max(1, min(width // size, (height * 2) // size))

    @property
    def columns(self) -> int:
        return len(self.rows) * self.scale

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        modules = [
            [dark for dark in row for _ in range(self.scale)]
            for row in self.rows
            for _ in range(self.scale)
        ]
        if len(modules) % 2:
            modules.append([False] * len(modules[0]))
        styles = {
            (top, bottom): Style(color=DARK if top else LIGHT, bgcolor=DARK if bottom else LIGHT)
            for top in (True, False)
            for bottom in (True, False)
        }
        for top, bottom in zip(modules[::2], modules[1::2], strict=True):
            for a, b in zip(top, bottom, strict=True):
                yield Segment("▀", styles[(a, b)])
            yield Segment.line()


def local_host(address: str) -> str:
    """The host of ``address`` if only this computer can open it (127.0.0.1…), else ""."""
    from urllib.parse import urlsplit

    host = urlsplit(address).hostname or ""
    return host if host in ("127.0.0.1", "localhost", "::1") else ""


class QrCode(Widget):
    """The QR code of an address, centred in the space it is given."""

    DEFAULT_CSS = "QrCode { width: 1fr; height: 1fr; content-align: center middle; }"

    address: reactive[str] = reactive("")

    def __init__(self, address: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.set_reactive(QrCode.address, address)

    def render(self) -> QrPicture | str:
        if not self.address:
            return ""
        picture = QrPicture(self.address, self.size.width, self.size.height)
        if picture.columns > self.size.width or (picture.columns + 1) // 2 > self.size.height:
            # A code cut short reads as nothing at all: say where it fits instead.
            return t("join.too_small", self.app.language)  # type: ignore[attr-defined]
        return picture


class AddressesDialog(Dialog[None]):
    """Where the room and the note-takers open their pages, and the notes page's QR code."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape,enter,f12", "close", "Close", id="close")]

    def __init__(self, lang: str, addresses: dict[str, str]) -> None:
        super().__init__()
        self.lang = lang
        self.addresses = addresses

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="form"):
            yield Static(t("join.heading", lang), id="form-heading", markup=False)
            for page in ("room", "notes", "ask"):
                if page in self.addresses:
                    yield Static(
                        t(f"join.{page}", lang, address=self.addresses[page])
                        + f"\n  {t(f'join.opens_{page}', lang)}",
                        markup=False,
                    )
            local = local_host(self.addresses.get("notes", ""))
            if local:
                yield Static(t("join.local_only", lang, host=local), markup=False, id="join-local")
            # The tables' page and the participants' page, side by side: each its own code.
            with Horizontal(id="join-qrs"):
                for page, qr_id in (("notes", "join-qr"), ("ask", "join-qr-ask")):
                    if page in self.addresses:
                        with Vertical(classes="join-qr-box"):
                            yield QrCode(self.addresses[page], id=qr_id)
                            yield Static(
                                t(f"join.qr_{page}", lang), classes="join-qr-label", markup=False
                            )
            yield Static(t("join.close", lang), markup=False, classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
