"""Language-aware text: sanitising, script direction, Turkic casing, Uzbek oʻ/gʻ.

Everything here is used by compose (and by both renderers where they need it), so a rule
about text lives in exactly one place.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "RTL_LANGUAGES",
    "TURKIC_LANGUAGES",
    "is_rtl",
    "lower",
    "normalise_uzbek",
    "sanitise",
    "upper",
]

RTL_LANGUAGES = frozenset({"ar"})
TURKIC_LANGUAGES = frozenset({"az", "tr", "crh"})

# C0 controls except tab, newline and carriage return, DEL-adjacent C1 controls, lone
# surrogates and the non-characters U+FFFE/U+FFFF: XML 1.0 forbids them and reportlab would
# pass them into the PDF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def sanitise(text: str) -> str:
    """Remove characters no document may contain; normalise line ends to \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def is_rtl(text: str) -> bool:
    """True when the first strong directional character of `text` is right-to-left."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def upper(text: str, lang: str) -> str:
    """Capitals as the language writes them: Azerbaijani i -> İ, ı -> I."""
    if lang in TURKIC_LANGUAGES:
        text = text.replace("i", "İ")
    return text.upper()


def lower(text: str, lang: str) -> str:
    """Lower case as the language writes it: Azerbaijani I -> ı, İ -> i."""
    if lang in TURKIC_LANGUAGES:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


# An ASCII apostrophe, U+2018, U+2019 or U+02BC after o/g (either case) is the Uzbek
# letter mark U+02BB (oʻ, gʻ). Other apostrophes (the tutuq sign) are left alone.
_UZ_MARK = re.compile("([OoGg])['\u2018\u2019\u02bc`]")


def normalise_uzbek(text: str) -> str:
    """Write Uzbek oʻ and gʻ with U+02BB, whatever apostrophe the input used."""
    return _UZ_MARK.sub("\\1\u02bb", text)
