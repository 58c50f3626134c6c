"""Catalogues: complete in every language, same placeholders, and a safe fallback."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ui import i18n
from ui.i18n import Translator

PY = Path(__file__).resolve().parents[2] / "pwa" / "py"


def catalog(code: str) -> dict[str, str]:
    return i18n._load(code).CATALOG


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_turkish_are_offered():
    assert i18n.available() == {"en": "English", "tr": "Türkçe"}


@pytest.mark.parametrize("code", sorted(i18n.available()))
def test_every_catalogue_is_complete_with_the_same_placeholders(code):
    english, other = catalog("en"), catalog(code)
    assert set(other) == set(english), set(english) ^ set(other)
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), key


def test_every_key_the_code_uses_exists():
    """Literal keys passed to a translator (``t("...")``, ``self.t("...")``) are all in English."""
    used: set[str] = set()
    for path in PY.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and (
                    getattr(node.func, "id", None) == "t" or getattr(node.func, "attr", None) == "t"
                )
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used.add(node.args[0].value)
    english = catalog("en")
    plain = {re.sub(r"\.(one|other)$", "", k) for k in english}
    missing = sorted(k for k in used if k not in english and k not in plain)
    assert used and not missing, missing


def test_plurals_fallbacks_and_typos():
    en, tr = Translator("en"), Translator("tr")
    assert en("kiosk.items", n=1) == "1 item" and en("kiosk.items", n=3) == "3 items"
    assert tr("kiosk.items", n=3) == "3 ürün"
    assert en("no.such.key") == "no.such.key"
    assert en("kiosk.place") == "Place order · {total}"  # a missing value shows the gap


def test_the_device_language_is_picked_when_offered():
    assert i18n.pick(["tr-TR", "en-US"], ["en", "tr"]) == "tr"
    assert i18n.pick(["de-DE", "en-GB"], ["en", "tr"]) == "en"
    assert i18n.pick(["fr"], ["en", "tr"]) == "en"
    assert i18n.pick([], ["en", "tr"]) == "en"


def test_money_is_written_the_language_s_way():
    assert Translator("en").money(123450) == "₺1,234.50"
    assert Translator("tr").money(123450) == "₺1.234,50"
    assert Translator("en").money(-50, "EUR") == "-€0.50"
