"""Text analysis shared by indexing, querying and snippets: one tokenizer, one folding step.

Folding is what makes typed queries meet typographic text: case, accents (é -> e), curly and
straight apostrophes (won’t == won't == wont) and dotted acronyms (I.C.E. == ICE). Every
analyzer here shares the same tokenizer and fold, so a token's position and character span
are the same in every field; the snippet code relies on that to map a query term back to
characters of the stored text.

Changing anything here changes the index: bump ``SearchIndex.SCHEMA_VERSION``. The analyzer
objects are pickled into Whoosh's table of contents, so the classes must stay module-level.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from whoosh.analysis import Filter, NgramFilter, RegexTokenizer, StemFilter
from whoosh.analysis.acore import Token
from whoosh.analysis.analyzers import Analyzer
from whoosh.lang.porter import stem as porter_stem

# Apostrophe-like characters that may appear inside a word (won’t, O'Brien, Hawaiʻi).
APOSTROPHES = "'’‘ʼʻ`´"

# Alternatives, tried in order at each position:
#   numbers with inner dots/commas stay one token (3.5, 1,000)
#   single characters joined by dots are acronyms (I.C.E, U.S.C, e.g) -- the trailing dot is
#     sentence punctuation as far as the regex is concerned, so "I.C.E." and "I.C.E" agree
#   ordinals (10th, 2ND) stay one token, which fold() spells out (10th == tenth)
#   runs of digits, and runs of letters possibly with inner apostrophes (won’t): a change
#     between digits and letters splits, so 287g, 287(g) and 287 (g) are all "287" "g" and
#     SB4 is "sb" "4" like SB 4 (a query word that splits is matched as a phrase)
#   any other dot splits (www.nytimes.com)
# Hyphens always split, so anti-immigrant is two adjacent tokens (a phrase finds it).
TOKEN_PATTERN = (
    r"\d+(?:[.,]\d+)+(?!\w)"
    r"|\w(?:\.\w)+(?!\w)"
    r"|\d+(?:[sS][tT]|[nN][dD]|[rR][dD]|[tT][hH])(?![^\W_])"
    r"|\d+"
    rf"|[^\W\d]+(?:[{APOSTROPHES}][^\W\d]+)*"
)

# Ordinals written with digits fold to the word (10th Amendment == Tenth Amendment).
_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINALS = {
    f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}": word
    for n, word in enumerate(_ORDINAL_WORDS, 1)
}

_DROP_IN_WORD = str.maketrans("", "", APOSTROPHES + ".")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)+")

# The query side normalizes typographic double quotes so “oven” typed or pasted is a phrase.
_QUOTE_MAP = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"})


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold one token: casefold, strip accents, drop inner apostrophes and acronym dots.

    Numbers keep their decimal point (3.5 stays 3.5) but lose thousands commas (1,000 -> 1000).
    """
    ordinal = _ORDINALS.get(text.casefold())
    if ordinal is not None:
        return ordinal
    is_number = _NUMBER_RE.fullmatch(text) is not None
    # Drop apostrophes before decomposing: NFKD turns some of them (´) into a space + accent.
    text = text.casefold() if is_number else text.casefold().translate(_DROP_IN_WORD)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        # Keep letters/digits only: combining accents go, and so do the odd spaces or
        # fraction slashes that compatibility decomposition can produce (¼ -> 1⁄4).
        text = "".join(c for c in text if c.isalnum() or c == "_" or (is_number and c == "."))
    return text.replace(",", "") if is_number else text


def normalize_query_text(text: str) -> str:
    """Map typographic double quotes to the straight quote the query parser understands."""
    return text.translate(_QUOTE_MAP)


_TOKEN_RE = re.compile(TOKEN_PATTERN)


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (folded text, start, end) for every token of ``text``, exactly as indexed.

    The same pattern and fold as the index analyzer (RegexTokenizer | FoldFilter), without
    its per-token objects: snippets tokenize article text on every search, and this is ~5x
    faster. tests/search/test_analysis.py checks it against the real analyzer.
    """
    for match in _TOKEN_RE.finditer(text):
        word = match.group()
        if word:
            folded = fold(word)
            if folded:
                yield folded, match.start(), match.end()


def analyzer_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """What the index's unstemmed analyzer yields for ``text`` (the reference for tokens())."""
    for token in _EXACT(text, chars=True, mode="index"):
        yield token.text, token.startchar, token.endchar


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stemmer of the stemmed fields, cached (the snippet code stems the same words often)."""
    return str(porter_stem(word))


class FoldFilter(Filter):
    """Whoosh filter applying :func:`fold`; drops tokens that fold to nothing."""

    def __call__(self, stream: Iterator[Token]) -> Iterator[Token]:
        for token in stream:
            token.text = fold(token.text)
            if token.text:
                yield token


# Edge n-grams of tags, titles and cites: "deport" is indexed as de, dep, depo, ... so a
# type-ahead prefix is one term lookup instead of an expansion over the term list (which is
# what made 2–3-letter prefixes take seconds). Longer prefixes are cut to MAX_GRAM.
MIN_GRAM = 2
MAX_GRAM = 20


def exact_analyzer() -> Analyzer:
    """Tokenize and fold, no stemming (what snippets and query-side prefixes use)."""
    return RegexTokenizer(TOKEN_PATTERN) | FoldFilter()


def edge_ngram_analyzer() -> Analyzer:
    """Tokenize, fold, then index every word's beginnings of MIN_GRAM..MAX_GRAM characters."""
    return exact_analyzer() | NgramFilter(MIN_GRAM, MAX_GRAM, at="start")


def stemmed_analyzer() -> Analyzer:
    """Tokenize, fold and stem (deport, deported, deports -> deport).

    No stop list on purpose: acronym folding turns U.S. into "us", which a stop list would
    drop, and stop words inside quoted phrases would make phrase positions surprising.
    """
    return exact_analyzer() | StemFilter(stemfn=stem, cachesize=None)


_EXACT = exact_analyzer()


# Words never highlighted and never enough on their own to make a result "match most of the
# words": they are indexed (phrases need them) but carry no meaning a reader looks for.
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
        "he", "her", "his", "if", "in", "into", "is", "it", "its", "not", "of", "on", "or",
        "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "to", "was", "were", "which", "who", "will", "with", "would",
    }
)  # fmt: skip
