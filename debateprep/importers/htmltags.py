"""The HTML vocabulary the importer needs: which elements are blocks, inline, void or never text.

Kept apart from the parser so the lists can be read and extended at a glance. ``CHROME_WORDS``
are the class/id words (matched as whole tokens, split on spaces, '-' and '_') that mark page
chrome such as ads, share bars and related-story rails.
"""

from __future__ import annotations

# fmt: off
# Never article text, wherever they appear. (MathML is text: an equation inside a sentence is
# part of what a card quotes, read as its symbols in order.)
NEVER_TEXT = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
    "canvas", "audio", "video", "button", "select", "textarea", "nav", "header", "footer",
    "aside", "menu", "dialog"
})
# Tags whose class/id is never used to drop them: they are the page structure itself.
STRUCTURE = frozenset({"html", "head", "body", "article", "main"})
# Inline tags are never dropped by class: a class like "related-story" on a link inside a
# sentence would cut words out of a quote.
INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "ins", "kbd", "label", "mark", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"
})
# Elements that start and end a paragraph of output text.
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul"
})
# Elements without content or end tag: never pushed on the open-element stack.
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr"
})
# What may appear in <head>; anything else means the page forgot </head>.
HEAD_ONLY = frozenset({"title", "meta", "link", "style", "script", "noscript", "base", "template"})
CHROME_WORDS = frozenset({
    "ad", "ads", "advert", "adverts", "advertisement", "advertising", "sponsor", "sponsored",
    "promo", "promoted", "share", "sharing", "social", "related", "newsletter", "cookie",
    "cookies", "comments", "sidebar", "breadcrumb", "breadcrumbs", "nav", "navbar", "menu",
    "footer", "header", "subscribe", "subscription", "popup", "modal",
    # widgets whose class names are one word
    "sharedaddy", "relatedposts", "addtoany", "outbrain", "taboola", "disqus"
})
# fmt: on
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
