"""The one slug rule: story file names (from `make new` and the editor's form), old_slugs, taxonomy slugs and paths.

A story started in the editor gets its file name from Sveltia CMS's own code,
run with the options `EDITOR_OPTIONS` (the editor's configuration passes them).
`slug_for` gives the same name for the same title, so `make new` and the form
agree. What Sveltia does with those options, for the `{{title}}` template:

1. fold accents: "Café" is cafe, "Fèis" feis, "Ōban" oban; a few letters are
   spelled out (ä ae, ß ss, ø o, æ ae, ł l) and a few currency signs (€ e);
2. keep ASCII letters, digits, `_` and `~`; anything else (spaces, `&`,
   apostrophes, curly quotes, dashes, other punctuation) separates words,
   which are joined by single hyphens, in lower case;
3. cut the name at MAX_LENGTH characters, even within a word, and drop a
   hyphen left at the end.

tests/test_slugs.py runs Sveltia's own code beside this for every letter, mark
and sign from U+0001 to U+036F, U+1E00 to U+1EFF and U+2000 to U+20CF. Beyond
them (other scripts, emoji, circled digits) Sveltia may spell out a character
that this rule turns into a hyphen.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_LENGTH = 80  # characters in a file name, at most; a longer title's name is cut here
RESERVED = ("index", "page")  # the library's own pages
SLUG = re.compile(r"[a-z0-9~][a-z0-9_~]*(?:-[a-z0-9_~]+)*")  # no leading _: the library skips _ files (the template)
ADDRESS = re.compile(rf"(?!(?:{'|'.join(RESERVED)})(?![a-z0-9_~-])){SLUG.pattern}")  # a slug, but not a reserved name
ADVICE = "use lower-case letters, digits and hyphens"
EDITOR_OPTIONS = {"encoding": "ascii", "clean_accents": True, "maxlength": MAX_LENGTH}  # Sveltia's global `slug` options

# Sveltia's transliteration (clean_accents) where it is not "drop the accent": letters that do not decompose, and signs
SPELLED_OUT = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "đ": "d", "Đ": "d",
    "ħ": "h", "Ħ": "h", "ı": "i", "ĳ": "ij", "Ĳ": "ij", "ł": "l", "Ł": "l", "ə": "a", "Ə": "a",
    "¢": "c", "¥": "y", "€": "e", "₠": "ce", "₡": "c", "₢": "cr", "₣": "f", "₥": "m", "₦": "n", "₧": "pt", "₨": "rs",
    "₩": "w", "₫": "s", "₭": "k", "₮": "t", "₯": "dp", "₰": "s", "₱": "p", "₲": "g", "₳": "a", "₴": "s", "₵": "c",
    "₶": "tt", "₷": "s", "₸": "t", "₹": "r", "₺": "l", "₽": "p", "₿": "b",
}
# Marks Sveltia drops (Unicode's Diacritic property, in the ranges above): accents and modifier letters such as ^ ` ´ ·
DIACRITICS = re.compile("[\\^`\u00a8\u00af\u00b4\u00b7\u00b8\u02b0-\u034e\u0350-\u0357\u035d-\u0362]")
WORD = re.compile(r"[A-Za-z0-9_~]+")


def slug_for(title: str) -> str:
    """The file name (without .md) Sveltia makes from this title: see the module's notes."""
    text = "".join(SPELLED_OUT.get(c, c) for c in unicodedata.normalize("NFC", title))
    text = DIACRITICS.sub("", unicodedata.normalize("NFD", text))
    slug = "-".join(WORD.findall(text)).lower()
    return slug[:MAX_LENGTH].removesuffix("-")


def problem(path: Path) -> str | None:
    """Why a story's file name cannot be its address, or None when it can."""
    slug = path.stem
    if slug in RESERVED:
        return f'"{slug}" is kept for the library\'s own pages; rename the file'
    if not SLUG.fullmatch(slug) or len(slug) > MAX_LENGTH:
        return f'"{path.name}" cannot be a web address; {ADVICE}, e.g. {slug_for(slug.lstrip("_")) or "my-story"}.md'
    return None

