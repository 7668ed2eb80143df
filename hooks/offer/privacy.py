"""Spot likely personal data in story text: emails, UK phone numbers, NI numbers, full postcodes.

Patterns catch the common forms, not every one; a story can list public
details (an organisation's phone number, a public building's postcode) that
the check would otherwise flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")  # starts where a word starts: linear time
# Each pattern starts with a character class, which lets the regular expression engine skip
# ahead quickly; the lookbehind just after it does what a leading \b would (several times slower).
# Digits are 0 to 9: a [0-9] class is quicker to scan for than \d, which is any script's digits.
_PHONE = re.compile(r"[+0](?<![\w+][+0])(?:(?<=\+)44\s?(?:\(0\)\s?)?|(?<=0))(?:[0-9][\s-]?){9,10}(?![0-9])")  # +44 or 0, then 9-10 digits
_NI_NUMBER = re.compile(r"[A-CEGHJ-PR-TW-Z](?<!\w[A-Z])[A-CEGHJ-NPR-TW-Z](?<!BG|GB|KN|NK|NT|TN|ZZ) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b")
_POSTCODE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b")
_NEEDS_A_DIGIT = [
    (_PHONE, "looks like a phone number"),
    (_NI_NUMBER, "looks like a National Insurance number"),
    (_POSTCODE, "looks like a full postcode, which can point to someone's home; give the town, or only the first half"),
]
_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class Finding:
    offset: int  # where in the text
    text: str
    advice: str


def find_personal_data(text: str, council_domains: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Likely personal data in `text`, except council addresses and the allowed strings."""
    findings = []
    for match in _EMAIL.finditer(text) if "@" in text else ():
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in council_domains):
            findings.append(Finding(match.start(), match.group(0), "looks like a personal email address"))
    for start, end in _paragraphs_with_digits(text):
        for pattern, advice in _NEEDS_A_DIGIT:
            findings += [Finding(m.start(), m.group(0).strip(), advice) for m in pattern.finditer(text, start, end)]
    if not findings:  # the usual case
        return findings
    return sorted(
        (f for f in findings if not any(f.text in a or a in f.text for a in allowed)),
        key=lambda f: f.offset,
    )


def _paragraphs_with_digits(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph holding a digit: phone, NI numbers and postcodes all have one.

    None of them can span a blank line, and scanning only these paragraphs keeps
    the check fast on long stories. It jumps from digit to digit, since most
    paragraphs have none.
    """
    spans = []
    digit = _DIGIT.search(text)
    while digit:
        start = text.rfind("\n\n", 0, digit.start())
        start = 0 if start < 0 else start + 2  # after the blank line before the digit
        end = text.find("\n\n", digit.end())
        end = len(text) if end < 0 else end
        spans.append((start, end))
        digit = _DIGIT.search(text, end)
    return spans
