"""Three fixes to Material's markup, so every page is valid HTML (W3C's Nu Html Checker).

Each removes an attribute that is invalid where Material writes it, and each
is a no-op on markup that is already valid, so it stays correct when Material
changes (a template override would have to copy whole templates and follow them).
Browsers already ignore the empty tabindex and the label's missing control. The
one change a reader could notice: Firefox may restore the menu drawer's
open/closed state when a page is reloaded, which `autocomplete="off"` on its
checkbox stopped.
"""

from __future__ import annotations

import re

_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?) for="([^"]*)"')


def fix(html: str) -> str:
    html = html.replace(' tabindex=""', "")  # nav section labels: an empty tabindex is no tabindex
    html = _CHECKBOX.sub(lambda m: m.group(0).replace(' autocomplete="off"', ""), html)  # allowed on text inputs only
    # a label pointing at a control the page does not have (the table of contents toggle on pages outside the nav)
    # (a substring test per label: a regex over every id cost more than the rest of this module's work together)
    return _LABEL_FOR.sub(lambda m: m.group(0) if f' id="{m.group(2)}"' in html else m.group(1), html)
