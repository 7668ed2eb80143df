"""Clean page HTML after Markdown rendering, so no story or page text can run script.

An allow-list of what our Markdown extensions, Material and our own generated
pages produce; everything else goes: script, event handlers, iframes, forms,
inline styles (bar text alignment in tables) and links that are not web,
email or relative addresses. nh3 is the maintained sanitiser (bleach is
deprecated).
"""

from __future__ import annotations

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
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "abbr": {"title"},
}

URL_SCHEMES = {"http", "https", "mailto"}  # relative addresses are kept too


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # keep our rel="prev"/"next"; authors cannot open new windows anyway
        filter_style_properties={"text-align"},  # Markdown tables align columns this way
        strip_comments=True,
    )
