"""English and Swedish words for everything the program shows, and dates in each."""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from .shipped import shipped

LANGUAGES = ("en", "sv")  # in the order of STRINGS' pairs


class _Strings(Mapping[str, tuple[str, str]]):
    """key -> (English, Swedish), read once from the data files when first asked for.

    The words live in ``data/strings/en.toml`` and ``sv.toml``, one file a
    language, so that a translator edits words, not code; a command that shows
    none of them (``--help``, ``list``) never reads them.
    """

    def __init__(self) -> None:
        self._table: dict[str, tuple[str, str]] | None = None

    @property
    def loaded(self) -> bool:
        """Whether any file has been read (a command that shows no word never reads them)."""
        return bool(_WORDS)

    def _loaded(self) -> dict[str, tuple[str, str]]:
        if self._table is None:
            english, swedish = (words(lang) for lang in LANGUAGES)
            missing = set(english) ^ set(swedish)
            if missing:  # a broken install: said at once, not as a KeyError mid-session
                raise RuntimeError(f"the string files differ in the keys {sorted(missing)[:5]}")
            self._table = {key: (text, swedish[key]) for key, text in english.items()}
        return self._table

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._loaded()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._loaded()

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def _read(
    lang: str, folder: Path | None = None, cache_folder: Path | None = None
) -> dict[str, str]:
    """The words of ``lang`` from its TOML file, through a kept parse in the user's cache.

    Importing tomllib and parsing a language's file cost about 10 ms, more
    than the rest of a small export's own work; the parsed table is kept in the
    user's cache folder (never under the install, which may be read-only or
    replaced by pip) and used while the file's path, size, time and the
    program's version are those it was made from. The cache is only a saving:
    missing, stale, damaged or unwritable, the file is parsed and all goes on.
    """
    path = (folder if folder is not None else shipped("strings")) / f"{lang}.toml"
    stat = path.stat()
    from . import __version__

    # the path too: two installs (a venv and a tool) share the cache folder
    made_from = (str(path), stat.st_size, stat.st_mtime_ns, __version__)
    cache = (cache_folder if cache_folder is not None else _cache_folder()) / cache_name(lang, path)
    try:
        kept_from, table = marshal.loads(cache.read_bytes())
        if tuple(kept_from) == made_from and isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none yet, or not ours: parse the file
    import tomllib

    with path.open("rb") as file:
        table = tomllib.load(file)
    _keep(cache, marshal.dumps((made_from, table)))
    return table


def cache_name(lang: str, path: Path) -> str:
    """The cache file of one install's words: ``sv-1a2b3c4d.marshal``, by the path of its file.

    Two installs (a venv and a tool) keep a cache each: under one name, each
    would replace the other's and every run of either would parse its file again.
    """
    import zlib  # loaded by then already (the standard library's own imports)

    return f"{lang}-{zlib.crc32(os.fsencode(path)):08x}.marshal"


def _cache_folder() -> Path:
    from .places import user_folder

    return user_folder("cache") / "words"


def _keep(cache: Path, blob: bytes) -> None:
    """Write the cache whole (a reader never sees half of it), or leave it be."""
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, cache)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


# Each language's words, read when the first word in it is asked for: a day
# shown in Swedish never reads the English file.
_WORDS: dict[str, dict[str, str]] = {}


def words(lang: str) -> dict[str, str]:
    """key -> text in ``lang`` (English for any language but Swedish)."""
    lang = "sv" if lang == "sv" else "en"
    table = _WORDS.get(lang)
    if table is None:
        table = _WORDS[lang] = _read(lang)
    return table


# Every label the interface shows comes from here, as (English, Swedish) pairs.
STRINGS = _Strings()

_MONTHS = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
}


def ui_language(environ: dict[str, str] | None = None, system: str | None = None) -> str:
    """Swedish when the locale says so, else English.

    The environment first (LC_ALL, LC_MESSAGES, LANG), as on Linux and macOS;
    without them (as on Windows) the system's locale, which Windows names
    "Swedish_Sweden" where others say "sv_SE". ``system`` stands in for that in tests.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    if system is None:
        import locale

        try:
            system = locale.getlocale()[0] or ""
        except ValueError:
            system = ""
    return "sv" if system.lower().startswith(("sv", "swedish")) else "en"


# Between the thousands of a number in Swedish: a no-break space, so "5 000" never breaks
# across lines (Word, a phone's page and a terminal all draw it; U+202F some fonts lack).
THOUSANDS = {"sv": "\u00a0", "en": ","}


def figure(number: int, lang: str) -> str:
    """A number as the language writes it: 5 000 in Swedish, 5,000 in English."""
    return f"{number:,}".replace(",", THOUSANDS["sv" if lang == "sv" else "en"])


class Count(int):
    """A number to be written as the reader's language writes it (``figure``), when ``t`` says it.

    For a refusal made before its language is known ("at most 1 000 characters"):
    the value stays a number until it is said.
    """


def t(key: str, lang: str, **values: object) -> str:
    text = words(lang).get(key)
    if text is None:  # a word a translation lacks (the tests keep the shipped ones whole)
        text = words("en")[key]
    if not values:
        return text
    said = {k: figure(v, lang) if isinstance(v, Count) else v for k, v in values.items()}
    return text.format(**said)


def tn(key: str, lang: str, count: int, **values: object) -> str:
    """``t`` for a count: the string ``<key>.one`` when there is one, if the language needs it."""
    single = f"{key}.one"
    key = single if count == 1 and single in words(lang) else key
    return t(key, lang, count=Count(count), **values)


def long_date(day: date, lang: str) -> str:
    """30 November 2017 / 30 november 2017."""
    return f"{day.day} {_MONTHS['sv' if lang == 'sv' else 'en'][day.month - 1]} {day.year}"
