"""Clean page HTML after Markdown rendering, so no story or page text can run script.

An allow-list of what our Markdown extensions, Material and our own generated
pages produce; everything else goes: script, event handlers, iframes, forms,
inline styles (a table column's alignment becomes `data-align`, as the
Content-Security-Policy refuses style attributes) and links that are not web,
email or relative addresses. nh3 is the maintained sanitiser (bleach is
deprecated).
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}

ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "data-align"},
    "th": {"colspan", "rowspan", "scope", "data-align"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "abbr": {"title"},
}

URL_SCHEMES = {"http", "https", "mailto"}  # relative addresses are kept too
_ALIGN = re.compile(r'\sstyle="\s*text-align:\s*(left|center|right);?\s*"')  # as Markdown's tables write it; offer.css aligns


_LINK = re.compile(r"<a\b")


def clean(html: str) -> str:
    """The HTML with only what the allow-list keeps; cleaning the result again changes nothing."""
    cleaned = _clean_once(html)
    for _ in range(3):  # once more is enough in every case found; more would mean a loop
        if not _has_link_in_link(cleaned) or (again := _clean_once(cleaned)) == cleaned:
            break
        cleaned = again
    return cleaned


def _has_link_in_link(html: str) -> bool:
    """A link inside a link: the parser can build one while mending mis-nested markup (<a><table><a>), but
    no markup can say it, so reading the output again moves the inner link out. (A search from each link
    to the next, not a regular expression that tries every character between them.)"""
    link = _LINK.search(html)
    while link:
        following = _LINK.search(html, link.end())
        if following is None:
            return False
        closing = html.find("</a>", link.end())
        if closing < 0 or following.start() < closing:
            return True
        link = following
    return False


_CLEANER = nh3.Cleaner(  # made once: nh3.clean would read the allow-lists again for every page
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # keep our rel="prev"/"next"; authors cannot open new windows anyway
    strip_comments=True,
)


def _clean_once(html: str) -> str:
    if 'style="' in html:  # a quick test first: a regular expression that starts with \s tries every character
        html = _ALIGN.sub(r' data-align="\1"', html)
    return _CLEANER.clean(html)
