"""Near-duplicate stories: two stories that share most of their sentences.

Each story's text becomes a set of sentence hashes (its fingerprint). An
inverted index from sentence to stories finds the stories that share one;
each story asks the index only about its rarest sentences, enough that any
story sharing most of them must share one of these. So the work grows with
the number of stories, not with the number of pairs.

`find` gives the pairs; `warnings` turns them into one warning per file;
`in_stories` gives the pairs among loaded stories, for a report such as `make report`.
"""

from __future__ import annotations

import itertools
import zlib
from collections import Counter, defaultdict
from typing import Iterable, NamedTuple

from .problems import WARNING, Problem

MIN_WORDS = 6  # shorter pieces (headings, "These are plans.") say little about copying
MIN_SENTENCES = 4  # a story with fewer sentences than this is too short to judge


class Pair(NamedTuple):
    """Two stories (as shown in messages) and how many sentences they share of the shorter one's."""

    first: str
    second: str
    shared: int
    of: int


def fingerprint(body: str) -> frozenset[int]:
    """The hashes of a story's sentences (split at ". "), in lower case with spacing evened out.

    Markdown marks stay in: a copy keeps them too. Plain string splits, not a
    regular expression, because `make check` fingerprints every story.
    """
    text = " ".join(body.lower().split())
    # crc32, not hash(): the same in every process and every run
    return frozenset(zlib.crc32(s.encode()) for s in text.split(". ") if s.count(" ") >= MIN_WORDS - 1)


def needed(size: int) -> int:
    """How many sentences two stories must share: most (over half) of the shorter one's."""
    return size // 2 + 1


def find(fingerprints: Iterable[tuple[str, frozenset[int]]]) -> list[Pair]:
    """Every pair of stories sharing most of the shorter one's sentences, sorted by file."""
    stories = [(name, prints) for name, prints in fingerprints if len(prints) >= MIN_SENTENCES]
    counts = Counter(itertools.chain.from_iterable(prints for _, prints in stories))
    repeated = {sentence for sentence, n in counts.items() if n > 1}  # in more than one story
    index: dict[int, list[int]] = defaultdict(list)  # sentence -> the stories that have it
    common = [prints & repeated for _, prints in stories]  # all a story can share; usually little
    for number, sentences in enumerate(common):
        for sentence in sentences:
            index[sentence].append(number)
    pairs = set()
    for number, (name, prints) in enumerate(stories):
        need = needed(len(prints))
        if len(common[number]) < need:
            continue
        # A longer story sharing `need` of these sentences shares one of the rarest len - need + 1.
        rarest = sorted(common[number], key=lambda s: (counts[s], s))[: len(common[number]) - need + 1]
        candidates = {other for s in rarest for other in index[s]
                      if other != number and len(stories[other][1]) >= len(prints)}
        for other in candidates:
            shared = len(prints & stories[other][1])
            if shared >= need:
                first, second = sorted((name, stories[other][0]))
                pairs.add(Pair(first, second, shared, len(prints)))
    return sorted(pairs)


def warnings(pairs: Iterable[Pair]) -> list[Problem]:
    """One warning per file, naming every file it shares most of its sentences with."""
    others: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        others[pair.first].append(pair)
        others[pair.second].append(pair)
    problems = []
    for path, found in sorted(others.items()):
        names = ", ".join(f"{p.second if p.first == path else p.first} ({p.shared} of {p.of} sentences)" for p in found)
        problems.append(Problem(
            path, 1, "body",
            f"shares most of its sentences with {names}; if one is a copy, merge them "
            "(add the other's file name to old_slugs) or rewrite one in its own words",
            WARNING,
        ))
    return problems


def in_stories(stories) -> list[Pair]:
    """The near-duplicate pairs among loaded stories (anything with .display, .body and .status)."""
    return find((s.display, fingerprint(s.body)) for s in stories if s.status != "withdrawn")
