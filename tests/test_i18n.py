"""The Arabic catalog covers every message of the code and the scenarios; numbers and dates.

The messages are extracted from the code and the scenario files with Babel's own
extractor and the project's babel.cfg, as ``pybabel extract`` does: a message added to the
code without an Arabic translation fails here.
"""

from __future__ import annotations

import re
import string
import threading
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from geo._errors import ZoneInputError
from geo.i18n import (
    LOCALE_DIR,
    catalog_path,
    check_language,
    format_date,
    format_number,
    format_percent,
    translator,
)

ROOT = Path(__file__).resolve().parents[1]
_PLACEHOLDER = re.compile(r"\{\w*\}")


def _code_messages() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    """Every message of geo/, ui/, app.py and the scenario files, with where it is."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map
    ):
        found[(context, message)] = f"{filename}:{lineno}"
    return found


@pytest.fixture(scope="module")
def code_messages() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    return _code_messages()


@pytest.fixture(scope="module")
def arabic_catalog():
    with catalog_path("ar").open("rb") as po:
        return read_po(po, locale="ar")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_code_has_messages_from_every_output(code_messages) -> None:
    places = " ".join(code_messages.values())
    for module in ("captions.py", "_panel.py", "_drawing.py", "export.py", "standalone.py"):
        assert module in places
    assert "sochi-2018.toml" in places  # the scenarios' titles, through geo/_extract.py


def test_every_message_has_an_arabic_translation(code_messages, arabic_catalog) -> None:
    for (context, message), where in code_messages.items():
        msgid = message[0] if isinstance(message, tuple) else message
        entry = arabic_catalog.get(msgid, context=context)
        assert entry is not None, f"no Arabic entry for {message!r} ({where})"
        assert not entry.fuzzy, where
        english = message if isinstance(message, tuple) else (message,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for translated in strings:
            assert translated.strip(), f"empty Arabic for {message!r} ({where})"
            assert translated not in english, f"left in English: {message!r} ({where})"
            # Its words are Arabic, beyond placeholders, file names and names such as M4.
            words = _PLACEHOLDER.sub("", translated)
            letters = [c for c in words if c.isalpha()]
            arabic = [c for c in letters if "\u0600" <= c <= "\u06ff"]
            assert len(arabic) >= len(letters) / 3, f"mostly not Arabic: {translated!r}"
            # Every placeholder of the English is kept, and no other one added.
            assert _fields(translated) <= _fields(" ".join(english)), where
            assert _fields(translated) >= _fields(english[-1]) - {"count"}, where


def test_the_template_and_the_catalog_have_no_stale_messages(code_messages, arabic_catalog) -> None:
    with (LOCALE_DIR / "idlib_zone.pot").open("rb") as pot:
        template = read_po(pot)
    ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    code = {(c, m if isinstance(m, str) else m[0]) for c, m in code_messages}
    assert ids == code, "run pybabel extract (see babel.cfg) and update the .po"
    catalog_ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in arabic_catalog}
    assert code <= catalog_ids
    assert not arabic_catalog.obsolete


def test_plural_forms_follow_arabic_grammar() -> None:
    ngettext = translator("ar").ngettext
    one, many = (
        "{count} town inside has no population figure",
        "{count} towns inside have no population figure",
    )
    forms = {n: ngettext(one, many, n) for n in (1, 2, 3, 11, 100)}
    assert "واحدة" in forms[1] and "{count}" not in forms[1]
    assert forms[2].startswith("بلدتان")
    assert forms[3].startswith("{count} بلدات")
    assert forms[11].startswith("{count} بلدةً")
    assert forms[100].startswith("{count} بلدة ")


def test_english_is_the_source_and_unknown_languages_are_refused() -> None:
    assert translator("en").gettext("Legend") == "Legend"
    assert translator("ar").gettext("Legend") == "مفتاح الخريطة"
    assert translator("ar").pgettext("north arrow", "N") == "ش"
    with pytest.raises(ZoneInputError, match="'lang' should be one of en, ar"):
        check_language("fr")


def test_languages_do_not_leak_between_threads() -> None:
    seen: dict[str, set[str]] = {"en": set(), "ar": set()}

    def work(lang) -> None:
        for _ in range(200):
            seen[lang].add(translator(lang).gettext("Legend"))

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("en", "ar") * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"en": {"Legend"}, "ar": {"مفتاح الخريطة"}}


def test_arabic_numbers_use_western_digits_and_separators() -> None:
    # The choice documented in the README: Babel's "ar" locale (latn numbering).
    assert format_number(1234567, "ar") == "1,234,567"
    assert format_number(2.5, "ar", max_decimals=2) == "2.5"
    assert format_number(35.8, "ar", min_decimals=2, max_decimals=2) == "35.80"
    assert format_percent(0.25, "ar") == "25%"
    assert format_number(1234567, "en") == "1,234,567"
    arabic_indic = set("٠١٢٣٤٥٦٧٨٩٫٬")
    assert not arabic_indic & set(format_number(9876543.21, "ar", max_decimals=2))


def test_dates_name_the_months_as_syrian_readers_do() -> None:
    assert format_date(date(2018, 9, 17), "ar") == "17 أيلول 2018"
    assert format_date(date(2020, 3, 5), "ar", pattern="MMM y") == "آذار 2020"
    assert format_date(date(2018, 9, 17), "en") == "17 September 2018"
    assert format_date(date(2018, 9, 17), "en", pattern="MMM y") == "Sep 2018"


def test_a_dated_line_is_translated_from_its_template_with_the_day_in_arabic() -> None:
    from geo.outputs.captions import data_text

    text = data_text("Line of contact on 15 May 2019", "ar")
    assert text == "خط التماس في 15 أيار 2019"
    assert data_text("Line of contact on 15 May 2019", "en") == "Line of contact on 15 May 2019"
    # A text with no entry stays as it is, a date in it or not.
    assert data_text("Somewhere on 15 May 2019", "ar") == "Somewhere on 15 May 2019"
