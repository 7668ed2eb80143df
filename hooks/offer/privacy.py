"""Spot likely personal data in story text: emails, UK phone numbers, NI numbers, full postcodes.

Patterns catch the common forms, not every one; a story can list public
details (an organisation's phone number, a public building's postcode) that
the check would otherwise flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)(?:\d[\s-]?){9,10}(?!\d)")
_NI_NUMBER = re.compile(r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}\b")


@dataclass(frozen=True)
class Finding:
    offset: int  # where in the text
    text: str
    advice: str


def find_personal_data(text: str, council_domains: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Likely personal data in `text`, except council addresses and the allowed strings."""
    findings = []
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in council_domains):
            findings.append(Finding(match.start(), match.group(0), "looks like a personal email address"))
    for pattern, advice in [
        (_PHONE, "looks like a phone number"),
        (_NI_NUMBER, "looks like a National Insurance number"),
        (_POSTCODE, "looks like a full postcode, which can point to someone's home; give the town, or only the first half"),
    ]:
        findings += [Finding(m.start(), m.group(0).strip(), advice) for m in pattern.finditer(text)]
    return sorted(
        (f for f in findings if not any(f.text in a or a in f.text for a in allowed)),
        key=lambda f: f.offset,
    )
