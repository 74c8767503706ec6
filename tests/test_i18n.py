"""Interface words in English and Swedish, the language from the locale, dates in each."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.i18n import STRINGS, long_date, t, ui_language


def test_every_string_exists_in_both_languages() -> None:
    for key, (english, swedish) in STRINGS.items():
        assert english.strip() and swedish.strip(), key
        # Placeholders must match, or one language would fail to format.
        assert sorted(_fields(english)) == sorted(_fields(swedish)), key


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_US.UTF-8"}, "sv"),
        ({"LC_ALL": "C", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "sv_SE", "LANG": "en_US.UTF-8"}, "sv"),
        ({}, "en"),
    ],
)
def test_ui_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert ui_language(environ) == expected


def test_dates_and_formatting() -> None:
    assert long_date(date(2017, 11, 30), "sv") == "30 november 2017"
    assert long_date(date(2017, 11, 30), "en") == "30 November 2017"
    assert t("session.occasion", "sv", n=2) == "tillfälle 2"
